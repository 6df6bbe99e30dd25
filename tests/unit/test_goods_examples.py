"""Every example shipment (G01–G28) gives its expected answer, through the API and `desk assess`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from goods_support import EXAMPLES, FIXTURE_LIST, FIXTURES, fixture_list

from desk.cli import main as cli_main
from desk.domain.goods import load_shipment_file
from desk.rules.goods import assess_shipment


def check(doc: dict[str, Any], expected: dict[str, Any], name: str) -> None:
    assert doc["outcome"] == expected["outcome"], name
    assert doc["risk"] == expected["risk"], name
    got = [r["code"] for r in doc["reasons"]]
    for code in expected["reasons"]:
        assert code in got, f"{name}: {code} not among {got}"
    if "lines" in expected:
        assert [ln["outcome"] for ln in doc["lines"]] == expected["lines"], name
    if "documents" in expected:
        assert set(doc["documents"]) == set(expected["documents"]), name
    if "customs_article_94" in expected:
        assert doc["records"]["customs_article_94"] == expected["customs_article_94"], name


def expected_of(path: Path) -> dict[str, Any]:
    exp: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["expected"]
    return exp


@pytest.fixture
def run_cli(monkeypatch, capsys):
    monkeypatch.setattr(cli_main, "COMMANDS", {"assess": "desk.cli.assess"})

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli_main.main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_all_28_examples_are_there():
    assert [p.stem for p in EXAMPLES] == [f"G{i:02d}" for i in range(1, 29)]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_via_api(path):
    answer = assess_shipment(load_shipment_file(path), lists=[fixture_list()])
    check(answer.to_json(), expected_of(path), path.stem)


def test_examples_via_cli_in_one_run_mixed_with_a_case(run_cli, tmp_path):
    case = {
        "format": "desk-case/1",
        "id": "C-mixed",
        "as_of": "2026-09-01",
        "technology": {"classification": "not_on_list"},
        "recipient": {"name": "佐藤 花子", "nationalities": ["JP"]},
    }
    case_path = tmp_path / "case.json"
    case_path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    files = [str(EXAMPLES[0]), str(case_path), *map(str, EXAMPLES[1:])]
    code, out, err = run_cli("assess", *files, "--list", str(FIXTURE_LIST), "--json")
    assert code == 0, err
    docs = json.loads(out)
    assert len(docs) == len(EXAMPLES) + 1
    assert docs[1]["id"] == "C-mixed" and "recipient_status" in docs[1]
    for path, doc in zip(EXAMPLES, [docs[0], *docs[2:]], strict=True):
        assert doc["id"] == path.stem and doc["format"] == "desk-shipment/1"
        check(doc, expected_of(path), path.stem)


def test_shipment_answer_has_exactly_the_documented_keys(run_cli):
    code, out, _ = run_cli(
        "assess", str(FIXTURES / "G04.json"), "--list", str(FIXTURE_LIST), "--json"
    )
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == [
        "id", "format", "outcome", "risk", "countries", "strictest", "lines", "list_hits",
        "reasons", "documents", "records", "ruleset", "lists",
    ]  # fmt: skip
    assert list(doc["lines"][0]) == [
        "line", "name", "value_jpy", "scope", "outcome", "risk", "catch_all_track", "exceptions",
    ]  # fmt: skip
    assert doc["lines"][0]["value_jpy"] == "180000"
    assert doc["lines"][0]["exceptions"][0]["status"] == "accepted"
    assert list(doc["reasons"][0]) == ["code", "line", "citation", "text_ja", "text_en"]
    assert doc["records"] == {
        "customs_article_94": False,
        "customs_years": None,
        "institution_years": 7,
    }
    assert doc["ruleset"]["id"] == "jp-fefta-goods"


def test_shipment_explained_in_japanese(run_cli, monkeypatch):
    monkeypatch.setenv("DESK_LANG", "ja")
    code, out, _ = run_cli(
        "--lang", "ja", "assess", str(FIXTURES / "G12.json"), "--list", str(FIXTURE_LIST)
    )
    assert code == 0
    assert "北朝鮮" in out and "取引不可" in out
    assert "判定結果: STOP" in out
