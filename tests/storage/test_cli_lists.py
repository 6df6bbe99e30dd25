"""``desk lists import | diff | show`` as a user runs them, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desk.cli.main import main
from desk.domain.i18n import set_language

HEADER = "no,country,country_name,name,local_names,aliases,wmd,cw\n"
V1 = HEADER + "1,CN,China,Kestrel Avionics Corporation,,,M,CW\n2,IR,Iran,Alborz Institute,,,M,\n"
V2 = HEADER + '1,IR,Iran,Alborz Institute,,,"M,N",\n2,RU,Russia,Volga Composites JSC,,,,CW\n'


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return json.loads(out)


def test_import_diff_show(
    capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path
) -> None:
    a = tmp_path / "a.csv"
    a.write_text(V1, encoding="utf-8")
    b = tmp_path / "eul-2026-01-15.csv"
    b.write_text(V2, encoding="utf-8")
    db = ("--database", database_url)
    code, out, _ = run(
        capsys, *db, "lists", "import", str(a), "--source", "jp-eul", "--published", "2025-09-29"
    )
    assert code == 0 and "Stored jp-eul 2025-09-29: 2 entries" in out
    second = run_json(capsys, *db, "lists", "import", str(b), "--json", "--yes")
    assert second["previous"]["version"] == "2025-09-29"
    assert [e["name"] for e in second["diff"]["added"]] == ["Volga Composites JSC"]
    assert [e["name"] for e in second["diff"]["removed"]] == ["Kestrel Avionics Corporation"]
    assert [c["fields"] for c in second["diff"]["changed"]] == [["wmd"]]
    assert second["impact"]["screened_entries"] == 2

    shown = run_json(capsys, *db, "lists", "show", "--json")
    assert [(v["version"], v["current"], v["row_count"]) for v in shown["versions"]] == [
        ("2025-09-29", False, 2),
        ("2026-01-15", True, 2),
    ]
    assert shown["in_use"][0]["version"] == "2026-01-15"

    code, out, _ = run(capsys, *db, "lists", "diff", "jp-eul@2025-09-29", "jp-eul")
    assert code == 0 and "1 added, 1 changed, 1 removed, 0 same" in out
    assert "+ 2 RU Volga Composites JSC" in out and "(wmd)" in out

    files = run_json(capsys, "lists", "diff", str(a), str(b), "--json")
    assert len(files["added"]) == 1 and files["old"]["sha256"] != files["new"]["sha256"]


def test_import_refuses_a_bad_file_with_exit_2(
    capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(V1 + "1,CN,China,Duplicate Works,,,,\n", encoding="utf-8")
    code, _out, err = run(
        capsys, "--database", database_url, "lists", "import", str(bad), "--published", "2025-09-29"
    )
    assert code == 2 and "bad.csv: row 4, column no" in err and "duplicate entry number" in err
    shown = run_json(capsys, "--database", database_url, "lists", "show", "--json")
    assert shown["versions"] == []


def test_show_warns_in_japanese_when_the_list_is_old(
    capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path
) -> None:
    a = tmp_path / "a.csv"
    a.write_text(V1, encoding="utf-8")
    run(capsys, "--database", database_url, "lists", "import", str(a), "--published", "2020-04-01")
    code, out, err = run(capsys, "--lang", "ja", "--database", database_url, "lists", "show")
    assert code == 0 and "jp-eul 2020-04-01" in out
    assert "警告" in err and "12か月以上前" in err
