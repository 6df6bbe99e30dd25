"""The current assessment as the detail pane words it, in Japanese and English (no Qt)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desk.domain.case import load_case_file
from desk.domain.countries import COUNTRY_JA, country_label
from desk.domain.i18n import set_language
from desk.reports import labels
from desk.rules import assess
from desk.screening import load_list_csv
from desk.services.registers import assessment_sections


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def answer(fixtures_dir: Path, name: str) -> dict[str, Any]:
    """The engine's JSON answer for a shared example case, as the database stores it."""
    lst = load_list_csv(fixtures_dir / "cases" / "lists" / "eul-fixture.csv")
    case = load_case_file(fixtures_dir / "cases" / f"{name}.json")
    result: dict[str, Any] = json.loads(json.dumps(assess(case, lists=[lst]).to_json()))
    return result


def explained(result: dict[str, Any], lang: str) -> tuple[dict[str, str], dict[str, str]]:
    set_language(lang)
    sections = assessment_sections(
        result,
        outcome="HOLD",
        risk="R2",
        review_on=None,
        ruleset=("x", "y"),
        lists=(),
        lang=lang,
    )
    assert len(sections) == 2
    return dict(sections[0].fields), dict(sections[1].fields)


def test_a_rejected_exemption_shows_the_failed_fact_in_both_languages(fixtures_dir: Path) -> None:
    result = answer(fixtures_dir, "S16")
    fields, reasons = explained(result, "en")
    assert fields["Outcome"] == "Licence required (list control)"
    assert fields["Deemed countries"] == "KR South Korea"  # CLDR English name
    assert fields["Controlled because"] == "Provided abroad, Recipient is a non-resident"
    assert fields["Exemptions claimed"].startswith("Fundamental research (Art. 9(2)(x)): Rejected")
    assert "aims_at_specific_product is true" in fields["Exemptions claimed"]
    assert fields["Rule set"] == f"{result['ruleset']['id']} {result['ruleset']['version']}"
    assert fields["Lists"] == "jp-eul " + result["lists"][0]["version"]
    # every reason, numbered, with its citation
    assert len(reasons) == len(result["reasons"])
    assert reasons["1"].startswith(result["reasons"][0]["text_en"])
    assert "Citation: " in reasons["1"]

    fields_ja, reasons_ja = explained(result, "ja")
    assert fields_ja["判定結果"] == "許可申請要（リスト規制）"
    assert fields_ja["仕向地とみなす国・地域"] == "KR 韓国"
    assert fields_ja["規制対象となる理由"] == "外国での提供, 非居住者への提供"
    exemption = fields_ja["適用を求める例外"]
    assert exemption.startswith("基礎科学分野の研究活動（貿易外省令第9条第2項第10号）: 適用不可")
    assert "自然現象の原理の解明を主目的としていない" in exemption  # the Japanese reason
    assert reasons_ja["1"].startswith(result["reasons"][0]["text_ja"])
    assert "根拠法令等: " in reasons_ja["1"]


def test_list_hits_show_score_band_and_categories(fixtures_dir: Path) -> None:
    result = answer(fixtures_dir, "S18")
    fields, _reasons = explained(result, "en")
    hit = fields["List screening"]
    assert "Xinhai Aerospace Polytechnic University" in hit
    assert "score 1.00, match" in hit
    assert "categories: M, CW" in hit
    fields_ja, _ = explained(result, "ja")
    assert "一致度 1.00、一致" in fields_ja["リスト照合結果"]


def test_an_assessment_stored_without_the_engine_answer_still_shows_its_row() -> None:
    sections = assessment_sections(
        {},
        outcome="STOP",
        risk="R4",
        review_on=dt.date(2027, 1, 30),
        ruleset=("jp-fefta", "2025-10-09"),
        lists=[{"id": "jp-eul", "version": "2025-09-29", "sha256": "ab"}],
    )
    (only,) = sections
    fields = dict(only.fields)
    assert fields["Outcome"] == "Prohibited (sanctions)"
    assert fields["Risk"] == "R4 critical"
    assert fields["Review on"] == "2027-01-30"
    assert fields["Rule set"] == "jp-fefta 2025-10-09"
    assert fields["Lists"] == "jp-eul 2025-09-29"


def test_country_labels_are_shared_by_the_app_and_the_records() -> None:
    assert country_label("CN", "ja") == "CN 中国"
    assert country_label("CN", "en") == "CN China"
    assert country_label("AR", "ja") == "AR アルゼンチン"
    assert country_label("BS", "ja") == "BS バハマ"  # every code has a Japanese name (CLDR)
    assert country_label("ZZ", "en") == "ZZ"
    assert country_label(None) == ""
    # one table: the PDF records read the same names
    assert labels.COUNTRY_JA is COUNTRY_JA
    assert labels.country_text("KP", "ja") == "KP 北朝鮮"


def test_a_resident_under_a_specific_category_is_said_so() -> None:
    status = {
        "resident": True,
        "specific_categories": [2],
        "treated_as_non_resident": True,
        "deemed_countries": ["CN"],
    }
    # the language is the explanation's own parameter, whatever the UI's is
    (section,) = assessment_sections(
        {"recipient_status": status},
        outcome="HOLD",
        risk="R2",
        review_on=None,
        ruleset=("jp-fefta", "2025-10-09"),
        lists=(),
        lang="ja",
    )
    assert section.title == "現在の判定"
    fields = dict(section.fields)
    assert fields["居住者"] == "はい — 特定類型に該当するため非居住者とみなす"
    assert fields["特定類型（判定）"] == "特定類型②"
    assert fields["仕向地とみなす国・地域"] == "CN 中国"
