"""Roster import with 名寄せ, the review list and register export, on SQLite and PostgreSQL.

The rosters are the workbooks and CSV files of ``tests/fixtures/rosters`` (made by its
``make_rosters.py``)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from desk.domain.errors import InvalidInput, PermissionDenied
from desk.domain.i18n import set_language
from desk.services import registers as reg
from desk.services.context import ServiceContext, open_context
from desk.storage import models as m


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield


@pytest.fixture
def store(database_url: str) -> Iterator[ServiceContext]:
    ctx = open_context(database_url, actor="office1", today=dt.date(2026, 12, 7))
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def rosters(fixtures_dir: Path) -> Path:
    return fixtures_dir / "rosters"


def count(ctx: ServiceContext, model: Any) -> int:
    with ctx.reading() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def people(ctx: ServiceContext) -> list[tuple[Any, ...]]:
    """Every person as stored (to compare before and after)."""
    with ctx.reading() as s:
        return [
            (
                p.id,
                p.name,
                p.name_latin,
                p.reading,
                p.born_on,
                tuple(p.nationalities),
                p.role,
                p.roster_id,
                p.department.name if p.department else None,
                tuple(a.organization_id for a in p.affiliations),
            )
            for p in s.scalars(select(m.Person).order_by(m.Person.id))
        ]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


# --------------------------------------------------------------------------- the 300 roster


def test_300_rows_with_30_duplicates_in_mixed_scripts_give_270_people_and_reimport_changes_nothing(
    store: ServiceContext, rosters: Path
) -> None:
    preview = reg.import_roster(store, rosters / "roster-300.xlsx", dry_run=True)
    assert (preview.created, preview.review, preview.applied) == (270, 0, False)
    assert count(store, m.Person) == 0, "a dry run stores nothing"
    assert count(store, m.AuditEvent) == 0

    done = reg.import_roster(store, rosters / "roster-300.xlsx")
    assert (done.created, done.review) == (270, 0)
    assert [r.action for r in done.rows] == [r.action for r in preview.rows]
    assert count(store, m.Person) == 270
    matched = [r for r in done.rows if r.action == "matched"]
    assert len(matched) == 30
    # the repeated rows were written in another script than the person's first row
    names = {r.name for r in matched}
    assert "張偉" in names  # traditional for 张伟
    assert any(n.isascii() for n in names)  # Latin for 山田 太郎 or 张伟
    assert done.mapping["born_on"] == "生年月日"
    assert done.organizations_created == 6

    before = people(store)
    again = reg.import_roster(store, rosters / "roster-300.xlsx")
    assert (again.created, again.updated, again.review) == (0, 0, 0)
    assert again.unchanged == 300
    assert people(store) == before


def test_a_person_registered_in_another_script_is_updated_not_duplicated(
    store: ServiceContext, tmp_path: Path
) -> None:
    zhang = reg.add(
        store, "person", {"name": "張偉", "born_on": "1990-04-02", "nationalities": ["CN"]}
    )
    yamada = reg.add(store, "person", {"name": "山田 太郎", "reading": "やまだ たろう"})
    path = write_csv(
        tmp_path / "hr.csv",
        [
            ["Name", "Date of birth", "Nationality", "Status", "Department", "Staff ID"],
            ["Zhang Wei", "1990-04-02", "China", "researcher", "工学研究科", "E1"],
            ["山田太郎", "", "", "staff", "", ""],
        ],
    )
    result = reg.import_roster(store, path)
    first, second = result.rows
    assert (first.action, first.person_id) == ("matched", zhang.id)
    assert set(first.changes) >= {"name_latin", "role", "department", "roster_id"}
    shown = reg.show(store, "person", zhang.id)
    assert shown.fields["name"] == "張偉"  # the registered name stays
    assert shown.fields["name_latin"] == "Zhang Wei"
    assert shown.fields["role"] == "researcher"
    # the same name and nothing else: registered anew, and the pair goes to review
    assert second.action == "review"
    assert second.candidates == (yamada.id,)
    assert count(store, m.Person) == 3
    assert result.updated == 1 and result.created == 1


def test_the_same_name_with_another_birthday_is_another_person_without_review(
    store: ServiceContext, tmp_path: Path
) -> None:
    reg.add(store, "person", {"name": "Anna Schmidt", "born_on": "1980-01-01"})
    path = write_csv(
        tmp_path / "r.csv", [["Name", "Date of birth"], ["SCHMIDT Anna", "1991-05-05"]]
    )
    result = reg.import_roster(store, path)
    assert [r.action for r in result.rows] == ["new"]
    assert reg.roster_reviews(store) == []


def test_the_review_list_accept_merges_reject_keeps_two_and_reimport_changes_nothing(
    store: ServiceContext, tmp_path: Path
) -> None:
    kept = reg.add(store, "person", {"name": "山田 太郎", "nationalities": ["JP"]})
    other = reg.add(store, "person", {"name": "Kim Minjun"})
    path = write_csv(
        tmp_path / "r.csv",
        [
            ["氏名", "氏名（ローマ字）", "国籍"],
            ["山田太郎", "YAMADA Taro", "日本"],
            ["Minjun Kim", "", ""],
        ],
    )
    result = reg.import_roster(store, path)
    assert [r.action for r in result.rows] == ["review", "review"]
    pending = reg.roster_reviews(store)
    assert [(p.candidate or {}).get("id") for p in pending] == [kept.id, other.id]
    assert pending[0].reasons and "row 2" in pending[0].source
    assert count(store, m.Person) == 4

    accepted = reg.accept_review(store, pending[0].id)
    assert accepted.status == "accepted"
    assert count(store, m.Person) == 3
    merged = reg.show(store, "person", kept.id)
    assert merged.fields["name_latin"] == "YAMADA Taro"
    rejected = reg.reject_review(store, pending[1].id)
    assert rejected.status == "rejected"
    assert count(store, m.Person) == 3
    assert reg.roster_reviews(store) == []
    assert len(reg.roster_reviews(store, status=None)) == 2
    with pytest.raises(InvalidInput, match="already"):
        reg.reject_review(store, pending[1].id)

    before = people(store)
    again = reg.import_roster(store, path)
    assert [r.action for r in again.rows] == ["in_review", "in_review"]
    assert (again.created, again.updated, again.review) == (0, 0, 0)
    assert people(store) == before
    with store.reading() as s:
        actions = list(s.scalars(select(m.AuditEvent.action).order_by(m.AuditEvent.id)))
    assert "roster.review.accept" in actions and "roster.review.reject" in actions
    assert "person.merge" in actions


def test_the_university_number_alone_recognises_a_person(
    store: ServiceContext, rosters: Path
) -> None:
    reg.import_roster(store, rosters / "students-2026-spring.xlsx")
    path = rosters / "students-2026-spring.xlsx"
    again = reg.import_roster(store, path)
    assert {r.action for r in again.rows} == {"matched"}
    assert {r.reasons[0] for r in again.rows} == {"the same university number"}


# --------------------------------------------------------------------------- bad rosters


@pytest.mark.parametrize(
    ("name", "where", "message"),
    [
        ("broken-date.xlsx", "sheet 名簿, row 4, column D (生年月日)", "not a date"),
        ("broken-formula.xlsx", "sheet 名簿, row 3, column F (所属)", "a formula where a value"),
        ("broken-country.csv", "row 3, column C (Nationality)", "unknown country: Atlantis"),
        ("broken-no-name.csv", None, "no name column"),
        ("broken-not-excel.xlsx", None, "not an Excel workbook"),
    ],
)
def test_a_broken_roster_is_refused_whole_naming_row_and_column(
    store: ServiceContext, rosters: Path, name: str, where: str | None, message: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        reg.import_roster(store, rosters / name)
    assert caught.value.source == name
    assert caught.value.where == where
    assert message in caught.value.detail
    assert count(store, m.Person) == 0
    assert count(store, m.Organization) == 0
    assert count(store, m.AuditEvent) == 0


def test_a_bad_row_late_in_the_roster_stores_none_of_the_good_rows(
    store: ServiceContext, tmp_path: Path
) -> None:
    rows = [["Name", "Date of birth"]] + [[f"Person {i}", "1990-01-01"] for i in range(50)]
    rows.append(["Late Person", "31/12/1990"])
    with pytest.raises(InvalidInput, match="row 52, column B"):
        reg.import_roster(store, write_csv(tmp_path / "r.csv", rows))
    assert count(store, m.Person) == 0


def test_the_mapping_is_detected_and_can_be_overridden(
    store: ServiceContext, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        [
            ["Family", "Given", "Birthday (Gregorian)", "国籍"],
            ["Wang", "Fang", "1993-03-03", "中国"],
        ],
    )
    with pytest.raises(InvalidInput, match="no name column"):
        reg.import_roster(store, path)
    result = reg.import_roster(
        store, path, {"name": "Given", "born_on": "C", "nationalities": ""}, dry_run=True
    )
    assert result.mapping == {"name": "Given", "born_on": "Birthday (Gregorian)"}
    assert "国籍" in result.unmapped
    with pytest.raises(InvalidInput, match="not a roster field"):
        reg.import_roster(store, path, {"birthday": "C"})
    with pytest.raises(InvalidInput, match="no column Surname"):
        reg.import_roster(store, path, {"name": "Surname"})


def test_only_the_office_imports_rosters(store: ServiceContext, rosters: Path) -> None:
    from desk.services.reviews import add_user

    add_user(store, "office1", ["office"])
    add_user(store, "aud", ["auditor"])
    auditor = ServiceContext(store.db, actor="aud", today_override=store.today_override)
    with pytest.raises(PermissionDenied):
        reg.import_roster(auditor, rosters / "students-2026-spring.xlsx")
    assert count(store, m.Person) == 0


# --------------------------------------------------------------------------- export


def test_export_people_to_csv_xlsx_and_json_never_executes_a_cell(
    store: ServiceContext, tmp_path: Path
) -> None:
    reg.add(store, "person", {"name": '=HYPERLINK("http://x.invalid")', "born_on": "1990-01-02"})
    reg.add(store, "person", {"name": "@SUM(A1)", "nationalities": ["CN", "US"]})
    retired = reg.add(store, "person", {"name": "Gone Person"})
    reg.retire(store, "person", retired.id)

    r = reg.export_registry(store, "person", tmp_path / "p.csv")
    assert (r.rows, r.format) == (2, "csv")
    with (tmp_path / "p.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[1][1] == '\'=HYPERLINK("http://x.invalid")'
    assert rows[2][1] == "'@SUM(A1)" and rows[2][5] == "CN; US"

    reg.export_registry(store, "person", tmp_path / "p.xlsx", include_retired=True)
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx").active
    assert ws is not None
    cell = ws["B2"]
    assert cell.value == '=HYPERLINK("http://x.invalid")'
    assert cell.data_type == "s" and cell.quotePrefix
    assert ws.max_row == 4  # header and three people, the retired one included

    reg.export_registry(store, "person", tmp_path / "p.json", text="sum")
    doc = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert [d["name"] for d in doc] == ["@SUM(A1)"]


def test_export_refuses_to_overwrite_or_follow_a_link(
    store: ServiceContext, tmp_path: Path
) -> None:
    reg.add(store, "organization", {"name": "Kita Institute"})
    target = tmp_path / "o.csv"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(InvalidInput, match="--force"):
        reg.export_registry(store, "organization", target)
    assert target.read_text(encoding="utf-8") == "keep me"
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    with pytest.raises(InvalidInput, match="symbolic link"):
        reg.export_registry(store, "organization", link, force=True)
    assert target.read_text(encoding="utf-8") == "keep me"
    done = reg.export_registry(store, "organization", target, force=True)
    assert done.rows == 1 and "Kita Institute" in target.read_text(encoding="utf-8-sig")
    with pytest.raises(InvalidInput, match="--format"):
        reg.export_registry(store, "organization", tmp_path / "o.txt")
