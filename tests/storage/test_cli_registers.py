"""``desk people|orgs|projects|tech`` as a user runs them, on SQLite and PostgreSQL."""

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


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_a_visiting_researcher_project_and_technical_data_on_the_cli(
    database_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = ("--database", database_url)
    org = run_json(
        capsys,
        "orgs", "add", *db, "--name", "Harbin Institute of Technology",
        "--local-name", "哈尔滨工业大学", "--country", "CN", "--kind", "university",
    )  # fmt: skip
    assert org["hits"], "the organization was screened when it was added"
    person = run_json(
        capsys,
        "people", "add", *db, "--name", "张伟", "--name-latin", "Zhang Wei",
        "--reading", "ちょう い", "--nationality", "CN", "--role", "visitor",
        "--visa-status", "短期滞在", "--stay-from", "2026-05-01", "--stay-until", "2026-07-31",
        "--host", "山田 太郎", "--affiliation", str(org["id"]),
    )  # fmt: skip
    assert person["fields"]["visa_status"] == "短期滞在"
    assert any(h["via"] for h in person["hits"]), "the organization's hits show on the person"
    run_json(capsys, "people", "event", *db, str(person["id"]), "entry", "2026-05-01")
    project = run_json(
        capsys, "projects", "add", *db, "--title", "Hydrogen storage", "--pi", "山田"
    )
    run_json(
        capsys, "projects", "member", *db, str(project["id"]), str(person["id"]),
        "--since", "2026-05-01", "--until", "2026-07-31",
    )  # fmt: skip
    shown = run_json(
        capsys, "projects", "funding", *db, str(project["id"]), "NSFC", "--foreign-government",
        "--country", "CN",
    )  # fmt: skip
    assert shown["links"]["foreign_government_funding"] is True
    item = run_json(
        capsys, "tech", "add", *db, "--title", "Hydride alloy process", "--classification",
        "listed", "--item", "2", "--lab", "Materials Lab", "--project", str(project["id"]),
    )  # fmt: skip
    assert item["links"]["project"]["id"] == project["id"]
    # a case about the same person and technology links to the registered records
    case = {
        "format": "desk-case/1",
        "id": "V1",
        "technology": {"classification": "listed", "title": "Hydride alloy process", "item": "2"},
        "recipient": {
            "name": "张伟",
            "name_latin": "Zhang Wei",
            "nationalities": ["CN"],
            "affiliations": [{"name": "哈尔滨工业大学"}],
        },
    }
    path = tmp_path / "V1.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "cases", "import", *db, str(path))
    assert code == 0, err
    assert run_json(capsys, "people", "show", *db, str(person["id"]))["links"]["cases"] == ["V1"]
    assert run_json(capsys, "tech", "show", *db, str(item["id"]))["links"]["cases"] == ["V1"]
    assert [p["id"] for p in run_json(capsys, "people", "list", *db)] == [person["id"]]
    assert run_json(capsys, "orgs", "list", *db, "哈尔滨")[0]["id"] == org["id"]
    # text output
    code, out, _err = run(capsys, "people", "show", *db, str(person["id"]))
    assert code == 0 and "张伟" in out and "Harbin Institute of Technology" in out


def test_merge_and_retire_on_the_cli(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--database", database_url)
    a = run_json(capsys, "orgs", "add", *db, "--name", "Foo Lab")["id"]
    b = run_json(capsys, "orgs", "add", *db, "--name", "Foo Laboratory")["id"]
    merged = run_json(capsys, "orgs", "merge", *db, str(a), str(b))
    assert "Foo Laboratory" in merged["fields"]["aliases"]
    assert len(run_json(capsys, "orgs", "list", *db)) == 1
    retired = run_json(capsys, "orgs", "retire", *db, str(a))
    assert retired["retired"] is True
    assert run_json(capsys, "orgs", "list", *db) == []
    assert len(run_json(capsys, "orgs", "list", *db, "--all")) == 1
    assert run_json(capsys, "orgs", "retire", *db, str(a), "--undo")["retired"] is False


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("people", "add", "--name-latin", "X"), "--name: this field is required"),
        (("people", "add", "--name", "X", "--born-on", "02/03/1995"), "--born-on: not a date"),
        (("people", "add", "--name", "X", "--nationality", "XX"), "--nationality: unknown country"),
        (("people", "add", "--name", "X", "--role", "king"), "--role: 'king' is not one of"),
        (("people", "add", "--name", "X", "--affiliation", "7"), "--affiliation: no organization"),
        (("orgs", "add", "--name", "X", "--kind", "club"), "--kind:"),
        (("tech", "add", "--title", "X"), "--classification: this field is required"),
        (
            (
                "projects",
                "add",
                "--title",
                "X",
                "--starts-on",
                "2026-05-01",
                "--ends-on",
                "2026-04-01",
            ),
            "--ends-on: the end date is before the start date",
        ),
        (("people", "show", "abc"), "ID: not a record id"),
        (("people", "edit", "1"), "give at least one field"),
        (("orgs", "merge", "1", "1"), "cannot be merged into itself"),
        (("people", "show", "99"), "no person with id 99"),
    ],
)
def test_bad_input_exits_2_naming_the_option_and_stores_nothing(
    database_url: str, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, *argv, "--database", database_url)
    assert code == 2, (out, err)
    assert message in err
    for command in ("people", "orgs", "projects", "tech"):
        assert run_json(capsys, command, "list", "--all", "--database", database_url) == []


def test_messages_in_japanese(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(
        capsys, "--lang", "ja", "people", "add", "--database", database_url, "--born-on", "x"
    )
    assert code == 2 and "--name: 必須項目です" in err
