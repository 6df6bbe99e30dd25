"""The office loads a Group B country table as data, with its provenance (issue 9, stretch):
records issued after print グループB／グループC, records issued before still re-create as they
were (一般国), a table that puts a country in two groups is refused (SQLite and PostgreSQL).

The table below is made up for the test (Baltic states), not METI's: desk ships none."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pypdf
import pytest

from desk.cli.main import main
from desk.domain.errors import InvalidInput
from desk.services import records
from desk.services.cases import assess_cases, import_cases
from desk.services.context import open_context

CASE = {
    "format": "desk-case/1",
    "id": "GB1",
    "title": "Visiting researcher from Estonia",
    "as_of": "2026-09-01",
    "technology": {"title": "GaN MMIC layout rules", "classification": "listed", "item": "7"},
    "recipient": {
        "kind": "person",
        "name": "Mari Tamm",
        "nationalities": ["EE"],
        "entered_japan_on": "2026-08-01",
        "affiliations": [{"name": "Example University", "country": "CN", "kind": "university"}],
    },
    "provision": {"place": "japan", "channels": ["lab_access"]},
}
TABLE = {
    "format": "desk-country-group/1",
    "group": "B",
    "source": "test table made up for tests/storage/test_group_b_table.py (not METI's)",
    "published": "2026-01-01",
    "countries": ["EE", "LV", "LT"],
}


def flat_text(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "".join("".join((p.extract_text() or "").split()) for p in reader.pages)


@pytest.fixture
def db(database_url: str, tmp_path: Path) -> str:
    case = tmp_path / "GB1.json"
    case.write_text(json.dumps(CASE), encoding="utf-8")
    with open_context(database_url) as ctx:
        import_cases(ctx, [case])
        assess_cases(ctx, lists=[])
    return database_url


def write(tmp_path: Path, name: str, doc: dict[str, object]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_loaded_table_prints_b_and_c_and_earlier_records_stay_as_issued(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before, after, cleared = (tmp_path / f"{n}.pdf" for n in ("before", "after", "cleared"))
    with open_context(db) as ctx:
        records.issue_record(ctx, "GB1", "screening", "ja", before)
    text = flat_text(before)
    assert "EEエストニア（一般国）" in text and "グループB" not in text

    path = write(tmp_path, "group_b.json", TABLE)
    assert main(["settings", "group-b", "load", str(path), "--database", db]) == 0
    capsys.readouterr()
    assert main(["settings", "show", "--json", "--database", db]) == 0
    shown = json.loads(capsys.readouterr().out)["group_b"]
    assert shown["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert shown["countries"] == ["EE", "LT", "LV"] and shown["published"] == "2026-01-01"
    assert shown["source"] == TABLE["source"]

    with open_context(db) as ctx:
        records.issue_record(ctx, "GB1", "screening", "ja", after)
    text = flat_text(after)
    assert "EEエストニア（グループB）" in text and "CN中国（グループC）" in text
    assert "一般国" not in text and "B/C" not in text

    assert main(["settings", "group-b", "clear", "--database", db]) == 0
    with open_context(db) as ctx:
        records.issue_record(ctx, "GB1", "screening", "ja", cleared)
        assert "EEエストニア（一般国）" in flat_text(cleared)
        for path in (before, after, cleared):  # each re-creates with the table it printed
            assert "unaltered" in records.verify_record(ctx, path).message, path.name


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"countries": ["EE", "KR"]}, "countries"),  # Group A
        ({"countries": ["IQ"]}, "countries"),  # 別表第3の2 and 第4
        ({"countries": ["JP"]}, "countries"),
        ({"countries": ["Estonia"]}, "countries"),
        ({"source": " "}, "source"),
        ({"published": "January 2026"}, "published"),
        ({"group": "C"}, "group"),
        ({"format": "something-else"}, "format"),
    ],
)
def test_a_bad_table_is_refused_and_nothing_is_stored(
    db: str, tmp_path: Path, change: dict[str, object], where: str
) -> None:
    path = write(tmp_path, "bad.json", {**TABLE, **change})
    with open_context(db) as ctx:
        with pytest.raises(InvalidInput) as err:
            records.load_group_table(ctx, path)
        assert err.value.where == where
        assert records.group_table(ctx) is None
    assert main(["settings", "group-b", "load", str(path), "--database", db]) == 2


def test_a_researcher_cannot_load_a_table(db: str, tmp_path: Path) -> None:
    from desk.services.users import add_user

    with open_context(db) as ctx:
        add_user(ctx, "res1", ["researcher"])
    path = write(tmp_path, "group_b.json", TABLE)
    with open_context(db, actor="res1") as ctx, pytest.raises(Exception, match=r"role|may not"):
        records.load_group_table(ctx, path)
