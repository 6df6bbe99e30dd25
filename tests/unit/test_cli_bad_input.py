"""The dispatcher's last line of defence: a bug prints a short message and a log file,
never a raw traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.cli import screen
from desk.cli.main import EXIT_INTERNAL, EXIT_INVALID, main
from desk.domain.i18n import set_language


@pytest.fixture(autouse=True)
def english_afterwards():  # type: ignore[no-untyped-def]
    yield
    set_language("en")


def _broken(*args: object, **kwargs: object) -> None:
    raise ZeroDivisionError("a bug in screening")


@pytest.mark.parametrize(("lang", "text"), [("en", "internal error"), ("ja", "内部エラー")])
def test_a_bug_gives_a_short_message_and_a_crash_log(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    text: str,
) -> None:
    monkeypatch.delenv("DESK_DEBUG", raising=False)
    monkeypatch.setenv("DESK_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr(screen, "load_lists", _broken)
    assert main(["--lang", lang, "screen", "Foo"]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert text in err and "ZeroDivisionError: a bug in screening" in err
    assert "Traceback" not in err
    (log,) = (tmp_path / "logs").iterdir()
    assert str(log) in err
    content = log.read_text(encoding="utf-8")
    assert "Traceback" in content and "a bug in screening" in content


def test_desk_debug_lets_the_traceback_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESK_DEBUG", "1")
    monkeypatch.setattr(screen, "load_lists", _broken)
    with pytest.raises(ZeroDivisionError):
        main(["screen", "Foo"])


def test_expected_problems_still_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", "Foo", "--country", "XX"]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "--country" in err and "'XX'" in err and "internal error" not in err


def _workbook(path: Path) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook/>")
    return path


@pytest.mark.parametrize("option", ["--input", "--list"])
def test_an_excel_workbook_instead_of_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    book = _workbook(tmp_path / "names.xlsx")
    argv = ["screen", "--input", str(book)] if option == "--input" else ["screen", "Foo"]
    if option == "--list":
        argv += ["--list", str(book)]
    assert main(argv) == EXIT_INVALID
    err = capsys.readouterr().err
    if option == "--input":
        assert f"{book}: the file is an Excel workbook, not CSV; save it as CSV UTF-8" in err
    else:  # a list may be a workbook (MOF, the End User List): this one is broken
        assert (
            f"{book}: not an Excel workbook: the part xl/_rels/workbook.xml.rels is missing" in err
        )


def test_an_excel_workbook_in_japanese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = _workbook(tmp_path / "names.xlsx")
    assert main(["--lang", "ja", "screen", "--input", str(book)]) == EXIT_INVALID
    assert "CSV ではなく Excel ブックです" in capsys.readouterr().err


def test_a_case_file_with_a_key_twice(
    tmp_path: Path, fixtures_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """json would silently keep the second "id"; the officer must decide which one is meant."""
    text = (fixtures_dir / "cases" / "S01.json").read_text(encoding="utf-8").rstrip()
    assert text.endswith("}")
    case = tmp_path / "S01-edited.json"
    case.write_text(text[:-1] + ', "id": "S01-COPY"}', encoding="utf-8")
    assert main(["assess", str(case)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert f"{case}: not valid JSON (the key 'id' appears twice in one object)" in err
