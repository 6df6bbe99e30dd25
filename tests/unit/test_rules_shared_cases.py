"""Every shared example case gives its expected "
"answer, through the API and through `desk assess`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rules_support import FIXTURE_LIST, FIXTURES, fixture_list

from desk.cli import main as cli_main
from desk.domain.case import load_case_file
from desk.rules import assess

CASES = sorted((FIXTURES / "cases").glob("*.json"))


def expected_of(path: Path) -> dict[str, object]:
    exp = json.loads(path.read_text(encoding="utf-8"))["expected"]
    return {k: exp.get(k) for k in ("outcome", "risk", "review_on", "specific_categories")}


def answer_of(doc: dict[str, object]) -> dict[str, object]:
    status = doc["recipient_status"]
    assert isinstance(status, dict)
    return {
        "outcome": doc["outcome"],
        "risk": doc["risk"],
        "review_on": doc["review_on"],
        "specific_categories": status["specific_categories"],
    }


@pytest.fixture
def run_cli(monkeypatch, capsys):
    # only this command: the test is about `desk assess`, not about the other commands' imports
    monkeypatch.setattr(cli_main, "COMMANDS", {"assess": "desk.cli.assess"})

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli_main.main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_there_are_shared_cases():
    assert len(CASES) >= 20


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_shared_case_via_api(path):
    result = assess(load_case_file(path), lists=[fixture_list()])
    assert answer_of(result.to_json()) == expected_of(path)


def test_shared_cases_via_cli_in_one_run(run_cli):
    code, out, err = run_cli("assess", *map(str, CASES), "--list", str(FIXTURE_LIST), "--json")
    assert code == 0, err
    docs = json.loads(out)
    assert isinstance(docs, list) and len(docs) == len(CASES)
    for path, doc in zip(CASES, docs, strict=True):
        assert doc["id"] == path.stem
        assert answer_of(doc) == expected_of(path), path.name


def test_answer_has_exactly_the_documented_keys(run_cli):
    code, out, _ = run_cli(
        "assess", str(FIXTURES / "cases" / "S18.json"), "--list", str(FIXTURE_LIST), "--json"
    )
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == [
        "id",
        "outcome",
        "risk",
        "recipient_status",
        "controlled_because",
        "exemptions",
        "list_hits",
        "review_on",
        "reasons",
        "ruleset",
        "lists",
    ]
    assert list(doc["recipient_status"]) == [
        "resident",
        "specific_categories",
        "treated_as_non_resident",
        "deemed_countries",
    ]
    assert doc["list_hits"][0]["entry"] == "9001"
    assert doc["list_hits"][0]["categories"] == ["M", "CW"]
    assert set(doc["list_hits"][0]) == {"list", "entry", "name", "score", "categories"}
    assert doc["ruleset"] == {"id": "jp-fefta", "version": "2025-10-09.2"}
    for r in doc["reasons"]:
        assert set(r) == {"code", "citation", "text_ja", "text_en"}
        assert r["text_ja"] and r["text_en"] and r["citation"]
