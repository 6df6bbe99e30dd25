"""``desk cases``, ``desk stats`` and ``desk db`` as a user runs them, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desk.cli.main import main
from desk.domain.i18n import set_language


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def cases_dir(fixtures_dir: Path) -> Path:
    return fixtures_dir / "cases"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return json.loads(out)


def test_import_list_export_round_trip(
    database_url: str, cases_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = sorted(str(p) for p in cases_dir.glob("*.json"))
    code, out, err = run(capsys, "cases", "import", *files, "--database", database_url)
    assert code == 0, err
    assert f"Imported {len(files)} cases ({len(files)} new, 0 updated)" in out

    listed = run_json(capsys, "cases", "list", "--json", "--database", database_url)
    assert [c["id"] for c in listed] == sorted(Path(f).stem for f in files)
    s02 = next(c for c in listed if c["id"] == "S02")
    assert s02["title"] == "Foreign student five months after entry, listed technology"
    assert s02["status"] == "draft" and s02["outcome"] is None

    code, out, _ = run(capsys, "cases", "list", "--database", database_url)
    assert code == 0 and "S02" in out and "Foreign student five months" in out

    out_dir = tmp_path / "exported"
    code, out, err = run(
        capsys, "cases", "export", "--out", str(out_dir), "--database", database_url
    )
    assert code == 0, err
    for f in files:
        doc = json.loads(Path(f).read_text(encoding="utf-8"))
        doc.pop("expected", None)
        assert json.loads((out_dir / Path(f).name).read_text(encoding="utf-8")) == doc


def test_database_option_before_the_command_and_from_the_environment(
    database_url: str,
    cases_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert (
        run(capsys, "--database", database_url, "cases", "import", str(cases_dir / "S01.json"))[0]
        == 0
    )
    monkeypatch.setenv("DESK_DATABASE_URL", database_url)
    assert run_json(capsys, "stats", "--json")["cases"] == 1


def test_bad_file_exit_2_names_file_and_key(
    database_url: str, cases_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads((cases_dir / "S02.json").read_text(encoding="utf-8"))
    doc["id"] = "BROKEN"
    doc["provision"]["channels"] = ["telepathy"]
    bad = tmp_path / "broken-case.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    code, _out, err = run(
        capsys, "cases", "import", str(cases_dir / "S01.json"), str(bad), "--database", database_url
    )
    assert code == 2
    assert str(bad) in err and "provision.channels[0]" in err and "telepathy" in err
    assert run_json(capsys, "stats", "--json", "--database", database_url)["cases"] == 0


def test_stats_counts(
    database_url: str, cases_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = run_json(capsys, "stats", "--json", "--database", database_url)
    assert empty == {
        "projects": 0,
        "people": 0,
        "organizations": 0,
        "technical_items": 0,
        "cases": 0,
        "shipments": 0,
        "goods_items": 0,
    }
    run(
        capsys,
        "cases",
        "import",
        str(cases_dir / "S02.json"),
        str(cases_dir / "S16.json"),
        "--database",
        database_url,
    )
    counts = run_json(capsys, "stats", "--json", "--database", database_url)
    assert counts["cases"] == 2 and counts["technical_items"] == 2 and counts["people"] == 1
    assert counts["organizations"] >= 2  # S02's university, S16's recipient
    code, out, _ = run(capsys, "stats", "--database", database_url)
    assert code == 0 and "Cases" in out and "Technical items" in out


def test_assess_and_due(
    database_url: str, cases_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture = str(cases_dir / "lists" / "eul-fixture.csv")
    files = sorted(cases_dir.glob("*.json"))
    run(capsys, "cases", "import", *map(str, files), "--database", database_url)

    answer = run_json(
        capsys, "cases", "assess", "S02", "--list", fixture, "--json", "--database", database_url
    )
    assert (answer["id"], answer["outcome"], answer["risk"]) == ("S02", "LICENSE_REQUIRED", "R3")

    answers = run_json(
        capsys, "cases", "assess", "--all", "--list", fixture, "--json", "--database", database_url
    )
    expected = {p.stem: json.loads(p.read_text(encoding="utf-8"))["expected"] for p in files}
    got = {a["id"]: (a["outcome"], a["risk"], a["review_on"]) for a in answers}
    assert set(got) == set(expected)
    listed = {
        c["id"]: c for c in run_json(capsys, "cases", "list", "--json", "--database", database_url)
    }
    assert all(listed[ref]["outcome"] == got[ref][0] for ref in got)

    due = run_json(
        capsys, "cases", "due", "--on", "2026-10-02", "--json", "--database", database_url
    )
    want = sorted(
        (ref for ref, (_, _, review) in got.items() if review and review <= "2026-10-02"),
        key=lambda r: (got[r][2], r),
    )
    assert [c["id"] for c in due] == want and "S02" in want
    code, out, _ = run(capsys, "cases", "due", "--on", "2026-10-02", "--database", database_url)
    assert code == 0 and "S02" in out and "2026-10-02" in out

    code, out, err = run(capsys, "cases", "due", "--on", "2026-13-40", "--database", database_url)
    assert code == 2 and "2026-13-40" in err


def test_assess_stale_after_reimport(
    database_url: str, cases_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture = str(cases_dir / "lists" / "eul-fixture.csv")
    run(capsys, "cases", "import", str(cases_dir / "S02.json"), "--database", database_url)
    run(capsys, "cases", "assess", "--all", "--list", fixture, "--database", database_url)
    code, out, _ = run(
        capsys, "cases", "assess", "--stale", "--list", fixture, "--database", database_url
    )
    assert code == 0 and "Nothing to assess" in out

    doc = json.loads((cases_dir / "S02.json").read_text(encoding="utf-8"))
    doc["recipient"]["entered_japan_on"] = "2025-01-01"  # resident for well over six months
    changed = tmp_path / "S02.json"
    changed.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "cases", "import", str(changed), "--database", database_url)
    assert "0 new, 1 updated" in out
    code, out, _ = run(capsys, "cases", "list", "--database", database_url)
    assert "LICENSE_REQUIRED *" in out and "desk cases assess --stale" in out
    code, out, _ = run(
        capsys, "cases", "assess", "--stale", "--list", fixture, "--database", database_url
    )
    assert code == 0 and "S02" in out and "(was LICENSE_REQUIRED)" in out


def test_assess_needs_ids_or_all(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "cases", "assess", "--database", database_url)
    assert code == 2 and "--all" in err
    code, _, err = run(capsys, "cases", "assess", "NOPE", "--database", database_url)
    assert code == 2 and "NOPE" in err


def test_messages_in_japanese(
    database_url: str, cases_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--lang", "ja", "cases", "list", "--database", database_url)
    assert code == 0 and "案件はありません" in out
    code, out, _ = run(
        capsys,
        "--lang",
        "ja",
        "cases",
        "import",
        str(cases_dir / "S01.json"),
        "--database",
        database_url,
    )
    assert code == 0 and "1件の案件を取り込みました" in out
    code, out, _ = run(capsys, "--lang", "ja", "stats", "--database", database_url)
    assert "案件" in out and "技術 " in out
    code, _, err = run(
        capsys, "--lang", "ja", "cases", "assess", "NOPE", "--database", database_url
    )
    assert code == 2 and "保存された案件がありません" in err
