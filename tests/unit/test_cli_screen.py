"""``desk screen`` as a user runs it (no database involved)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk.cli.main import main
from desk.domain.i18n import set_language


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_input_csv_gives_json_hits_per_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    names = tmp_path / "names.csv"
    names.write_text(
        "id,name,country\na,哈爾濱工程大學,TW\nb,Kyushu University,JP\nc,Mikron JSC,RU\n",
        encoding="utf-8",
    )
    code, out, _err = run(capsys, "screen", "--input", str(names), "--json")
    assert code == 0
    result = json.loads(out)
    assert [r["id"] for r in result] == ["a", "b", "c"]
    first = result[0]["hits"][0]
    assert set(first) == {"list", "entry", "name", "score", "band", "evidence"}
    assert (first["list"], first["entry"], first["band"]) == ("jp-eul", "540", "match")
    assert first["evidence"]["matched_name"]
    assert result[1]["hits"] == []
    assert result[2]["hits"][0]["entry"] == "786"


def test_list_option_replaces_the_builtin_list(
    capsys: pytest.CaptureFixture[str], fixtures_dir: Path, tmp_path: Path
) -> None:
    fixture = fixtures_dir / "cases" / "lists" / "eul-fixture.csv"
    names = tmp_path / "n.csv"
    names.write_text(
        "id,name\nx,新海航空理工大学\ny,Harbin Engineering University\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "screen", "--list", str(fixture), "--input", str(names), "--json")
    result = json.loads(out)
    assert code == 0
    assert [h["entry"] for h in result[0]["hits"]] == ["9001"]
    assert result[1]["hits"] == []  # the built-in list is not used
    code, out, _ = run(
        capsys,
        "screen",
        "--list",
        str(fixture),
        "--list",
        "default",
        "--input",
        str(names),
        "--json",
    )
    assert [h["entry"] for h in json.loads(out)[1]["hits"]] == ["540"]


def test_one_name_prints_readable_hits_in_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--lang", "ja", "screen", "ハルビン工程大学", "--country", "CN")
    assert code == 0
    assert "該当候補 1件" in out and "[一致]" in out and "Harbin Engineering University" in out
    assert "12か月以上前" in err  # the built-in list of 2025-09-29 is old by now


def test_one_name_without_hits_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "screen", "Osaka University", "--country", "JP")
    assert code == 0 and "no hits" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["screen"], "give either a NAME or --input"),
        (["screen", "X", "--country", "ZZ"], "unknown country code 'ZZ'"),
        (["screen", "--input", "/nonexistent/names.csv"], "/nonexistent/names.csv"),
        (["screen", "X", "--list", "/nonexistent/list.csv"], "/nonexistent/list.csv"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and message in err and out == ""


def test_bad_names_file_names_row_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    names = tmp_path / "names.csv"
    names.write_text("id,name,country\na,Foo,CN\nb,Bar,Germany\n", encoding="utf-8")
    code, out, err = run(capsys, "screen", "--input", str(names), "--json")
    assert code == 2 and out == ""
    assert "names.csv: row 3, column country" in err
