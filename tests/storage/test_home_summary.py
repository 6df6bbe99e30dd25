"""Home (desk.services.registers.home_summary): the work queue by role, overdue reviews,
re-review dates, expiring licences and declarations, list age and recent imports — on SQLite
and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from desk.domain.i18n import set_language
from desk.services.context import open_context
from tests.home_sample import TODAY, populate


@pytest.fixture
def home_db(database_url: str) -> str:
    populate(database_url)
    return database_url


def summary_for(url: str, actor: str):  # type: ignore[no-untyped-def]
    from desk.services.registers import home_summary

    with open_context(url, actor=actor, today=TODAY) as ctx:
        return home_summary(ctx)


def refs(section) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.ref for item in section.items]


def test_the_office_sees_every_queue_with_counts(home_db: str) -> None:
    home = summary_for(home_db, "off")
    assert home.roles == ("office",)
    assert [s.key for s in home.queue] == ["to_file", "first_review", "second_review", "to_record"]
    assert home.counts["to_file"] == 3
    assert sorted(refs(home.section("first_review"))) == ["F1", "S1", "S2", "S3"]
    assert refs(home.section("second_review")) == ["SR"]
    # decided without an issued record
    assert refs(home.section("to_record")) == ["DEC2"]


def test_a_researcher_sees_only_their_own_drafts(home_db: str) -> None:
    home = summary_for(home_db, "res1")
    assert [s.key for s in home.queue] == ["to_file"]
    assert sorted(refs(home.queue[0])) == ["D1", "D3"]  # not res2's
    reviewer = summary_for(home_db, "rev")
    assert [s.key for s in reviewer.queue] == ["first_review", "second_review", "to_record"]


def test_overdue_reviews_say_how_long_counted_in_japan_time(home_db: str) -> None:
    overdue = summary_for(home_db, "off").section("overdue")
    assert overdue is not None
    assert [(i.ref, i.note) for i in overdue.items] == [
        ("S1", "waiting 36 days"),
        ("S2", "waiting 15 days"),
    ]
    assert overdue.count == 2  # S3 (14 days in Japan), F1 (step yesterday), SR: not yet


def test_re_review_uses_the_current_assessment_of_open_cases(home_db: str) -> None:
    due = summary_for(home_db, "off").section("re_review")
    assert due is not None
    assert [(i.ref, i.note) for i in due.items] == [
        ("DEC2", "review date 2026-11-30 (7 days ago)"),
        ("S1", "review date 2026-12-20 (in 13 days)"),
    ]


def test_licences_expiring_and_recent_imports(home_db: str) -> None:
    home = summary_for(home_db, "off")
    licences = home.section("licences_expiring")
    assert licences is not None and licences.count == 1
    assert licences.items[0].text.startswith("Licence L-1: DEC2")
    assert licences.items[0].note == "expires 2027-01-15 (in 39 days)"
    # the pledge ending in 20 days, not the declaration of 2028 nor the withdrawn one
    declarations = home.section("declarations_expiring")
    assert declarations is not None and declarations.count == 1
    (pledge,) = declarations.items
    assert (pledge.text, pledge.note) == ("王伟: pledge", "expires 2026-12-27 (in 20 days)")
    assert pledge.registry == "people" and pledge.search == "王伟" and pledge.ref.isdigit()
    assert home.institution == "北関東科学技術大学"
    assert len(home.recent_imports) == 1
    assert home.recent_imports[0].text == "Case files imported: 2: S1, DEC2"
    assert home.recent_imports[0].ref == "S1"
    assert home.lists == ()  # no list version stored
    json.dumps(home.to_json(), ensure_ascii=False)


def test_in_japanese_with_the_japanese_calendar(home_db: str) -> None:
    from desk.domain.localtime import set_calendar

    set_language("ja")
    set_calendar("japanese")
    try:
        home = summary_for(home_db, "off")
    finally:
        set_language("en")
        set_calendar(None)
    assert home.section("first_review").title == "一次審査待ち"  # type: ignore[union-attr]
    due = home.section("re_review")
    assert due is not None
    assert due.items[0].note == "再確認日 令和8年11月30日（7日前）"


def test_desk_home_json(home_db: str, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desk.cli.main import main

    monkeypatch.setenv("LOGNAME", "off")
    monkeypatch.setenv("USER", "off")
    monkeypatch.setenv("DESK_USER", "off")  # shared mode: the owner's connection names them
    assert main(["--database", home_db, "home", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["user"] == "off"
    assert {s["key"]: s["count"] for s in data["queue"]}["to_record"] == 1


def test_reviewers_see_their_levels_queue_a_department_head_their_departments(
    database_url: str,
) -> None:
    """The department head reviews at the first level, only their department's cases (the
    filer's department); the chief at the second level; both see decisions to record."""
    from desk.storage import models as m

    with open_context(database_url, actor="setup") as ctx, ctx.transaction() as s:
        eng, sci = m.Department(name="ENG"), m.Department(name="SCI")
        s.add_all([eng, sci])
        s.flush()

        def user(login: str, role: str, department: m.Department | None = None) -> m.User:
            row = m.User(
                login=login,
                display_name=login,
                roles=[m.UserRole(role=role)],
                department_id=department.id if department else None,
            )
            s.add(row)
            return row

        user("dean", "dept_head", eng)
        user("chief", "chief")
        filer_eng, filer_sci = user("a", "researcher", eng), user("b", "researcher", sci)
        item = m.TechnicalItem(title="Gyro data", classification="listed", item="2")
        s.add(item)
        s.flush()
        for ref, status, filer in (
            ("E1", "submitted", filer_eng),
            ("S1", "submitted", filer_sci),
            ("E2", "second_review", filer_eng),
            ("S2", "second_review", filer_sci),
        ):
            s.add(m.Case(ref=ref, title=ref, technical_item=item, status=status, filed_by=filer))
    dean = summary_for(database_url, "dean")
    assert [q.key for q in dean.queue] == ["first_review", "to_record"]
    first = dean.section("first_review")
    assert first is not None and refs(first) == ["E1"] and first.count == 1
    chief = summary_for(database_url, "chief")
    assert [q.key for q in chief.queue] == ["second_review", "to_record"]
    second = chief.section("second_review")
    assert second is not None and refs(second) == ["E2", "S2"] and second.count == 2
