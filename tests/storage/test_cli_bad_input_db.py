"""Bad input to database commands: exit status 2, a message naming the file or option,
nothing stored (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk.cli.main import EXIT_INVALID, main
from desk.services.cases import assess_cases, import_cases
from desk.services.context import open_context


@pytest.fixture
def db(database_url: str, fixtures_dir: Path) -> str:
    with open_context(database_url) as ctx:
        import_cases(ctx, [fixtures_dir / "cases" / "S02.json"])
        assess_cases(ctx)
    return database_url


def _record(db: str, out: Path | str, *extra: str) -> int:
    return main(
        [
            *extra,
            "report",
            "record",
            "S02",
            "--kind",
            "precheck",
            "--out",
            str(out),
            "--database",
            db,
        ]
    )


def _first_number_still_free(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The failed attempt used no document number: the next record is the first one."""
    capsys.readouterr()
    assert _record(db, tmp_path / "good.pdf") == 0
    assert "PRE-000001" in capsys.readouterr().out
    assert (tmp_path / "good.pdf").is_file()


def test_record_out_is_a_folder(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    assert _record(db, folder) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "--out" in err and str(folder) in err and "is a folder" in err
    assert "Traceback" not in err
    assert not list(tmp_path.glob("*.part"))
    _first_number_still_free(db, tmp_path, capsys)


def test_record_out_under_a_file(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("x", encoding="utf-8")
    assert _record(db, plain / "r.pdf", "--lang", "ja") == EXIT_INVALID
    err = capsys.readouterr().err
    assert f"{plain} はフォルダではありません" in err
    _first_number_still_free(db, tmp_path, capsys)


def test_audit_out_under_a_file(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("x", encoding="utf-8")
    argv = ["report", "audit", "--fiscal-year", "2026", "--out", str(plain / "a.pdf")]
    assert main([*argv, "--database", db]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "--out" in err and f"{plain} is not a folder" in err


def test_records_out_is_a_file(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("x", encoding="utf-8")
    for out in (plain, plain / "sub"):
        argv = ["report", "records", "--all", "--out", str(out), "--database", db]
        assert main(argv) == EXIT_INVALID
        err = capsys.readouterr().err
        assert "--out" in err and "Cannot create the folder" in err and str(out) in err
    assert plain.read_text(encoding="utf-8") == "x"
    _first_number_still_free(db, tmp_path, capsys)


@pytest.mark.parametrize("content", [b"id,name\n1,Foo\n", bytes(range(256)) * 20])
@pytest.mark.parametrize(
    "command", [["stats"], ["db", "check"], ["db", "upgrade"], ["cases", "list"]]
)
def test_database_file_that_is_not_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, command: list[str]
) -> None:
    """A spreadsheet or a damaged file given as --database: a message, the file untouched."""
    path = tmp_path / "desk.sqlite3"
    path.write_bytes(content)
    assert main(["--lang", "ja", *command, "--database", f"sqlite:///{path}"]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "desk のデータベースではありません" in err and str(path) in err
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk.sqlite3"]


def test_cases_import_with_a_key_twice_stores_nothing(
    database_url: str, tmp_path: Path, fixtures_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = fixtures_dir / "cases" / "S02.json"
    text = (fixtures_dir / "cases" / "S01.json").read_text(encoding="utf-8").rstrip()
    edited = tmp_path / "S01-edited.json"
    edited.write_text(text[:-1] + ', "id": "S01-COPY"}', encoding="utf-8")
    assert main(["cases", "import", str(good), str(edited), "--database", database_url]) == 2
    assert "the key 'id' appears twice" in capsys.readouterr().err
    assert main(["cases", "list", "--json", "--database", database_url]) == 0
    assert json.loads(capsys.readouterr().out) == []
