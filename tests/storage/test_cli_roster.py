"""``desk roster`` and ``desk export`` as a user runs them, on SQLite and PostgreSQL."""

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


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_roster_import_dry_run_review_accept_and_export_on_the_cli(
    database_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, fixtures_dir: Path
) -> None:
    db = ("--database", database_url)
    rosters = fixtures_dir / "rosters"
    students = str(rosters / "students-2026-spring.xlsx")
    preview = run_json(capsys, "people", "import", *db, students, "--dry-run")
    assert preview["applied"] is False and preview["created"] == 4
    assert preview["sheet"] == "2026春入学"
    assert run_json(capsys, "people", "list", *db) == []

    code, out, err = run(capsys, "roster", "import", *db, students)
    assert code == 0, err
    assert "4 new, 0 updated, 0 unchanged, 0 to review" in out
    # HR's list: 張偉 is 张伟 (the same birthday), Taro Yamada is 山田 太郎
    hr = run_json(capsys, "roster", "import", *db, str(rosters / "hr-staff.csv"))
    assert [r["action"] for r in hr["rows"]] == ["matched", "matched", "new"]

    code, out, err = run(capsys, "roster", "import", *db, str(rosters / "broken-date.xlsx"))
    assert code == 2 and out == ""
    assert "broken-date.xlsx: sheet 名簿, row 4, column D (生年月日): not a date" in err

    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"name": "Name (Latin)"}), encoding="utf-8")
    (tmp_path / "doubt.csv").write_text("Name,Name (Latin)\nx,Ivan Petrov\n", encoding="utf-8")
    doubt = run_json(
        capsys, "roster", "import", *db, str(tmp_path / "doubt.csv"),
        "--mapping", str(mapping), "--map", "name_latin=",
    )  # fmt: skip
    assert doubt["mapping"] == {"name": "Name (Latin)"}
    assert doubt["rows"][0]["action"] == "review"
    pending = run_json(capsys, "roster", "review", *db)
    assert len(pending) == 1
    merged = run_json(capsys, "roster", "accept", *db, str(pending[0]["id"]))
    assert merged["status"] == "accepted"
    assert run_json(capsys, "roster", "review", *db) == []
    code, _out, err = run(capsys, "roster", "reject", *db, str(pending[0]["id"]))
    assert code == 2 and "is already same person (merged)" in err

    out_file = tmp_path / "people.xlsx"
    done = run_json(capsys, "export", "people", *db, "--out", str(out_file))
    assert done["rows"] == 5 and out_file.is_file()
    code, _out, err = run(capsys, "export", "people", *db, "--out", str(out_file))
    assert code == 2 and "--force" in err
    assert run_json(capsys, "export", "people", *db, "--out", str(out_file), "--force")["rows"] == 5
