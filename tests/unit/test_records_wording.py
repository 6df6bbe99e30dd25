"""Record format 3 as a Japanese office signs it: the glossary's wording, read from the PDF
text (issue 9, "Found in the records"). Each test names the defect it guards against."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from typing import Any

import pypdf
import pytest

from desk.domain.case import parse_case
from desk.reports import labels as lb
from desk.reports.data import RED_FLAGS, CaseFacts, RecordData, canonical, derived_red_flags
from desk.reports.records import render_record
from desk.reports.sample import ASSESSMENT, CASE, FACTS, sample_record
from desk.rules.ruleset import select_ruleset


def text_of(pdf: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    return "".join(text.split())


def record(kind: str, *, case: dict[str, Any] | None = None, **changes: Any) -> RecordData:
    base = sample_record(kind, "ja")
    if case is not None:
        base = dataclasses.replace(base, case=parse_case({**CASE, **case}))
    return dataclasses.replace(base, **changes)


def japanese_lines(text: str) -> list[str]:
    """Lines holding Japanese text (the English label lines beneath are left out)."""
    return [line for line in text.splitlines() if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", line)]


@pytest.mark.parametrize("kind", ["precheck", "classification", "screening"])
def test_no_schema_keys_reason_codes_or_ascii_commas_in_japanese_text(kind: str) -> None:
    text = text_of(render_record(record(kind)))
    lines = japanese_lines(text)
    for line in lines:
        if line.startswith(
            ("記載内容のハッシュ値", "判定ルールセット Rule set", "作成日時", "文書番号")
        ):
            continue  # the page furniture: bilingual by design
        sentence = re.sub(r" [a-z_]+\.[a-z_.0-9]+$", "", line)  # the reference column
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", sentence), line  # covers_all_content …
        assert ", " not in line and "; " not in line, line
    assert "covers_all_content" not in text and "jp-eul" not in text


def test_reason_codes_stay_in_their_reference_column() -> None:
    text = text_of(render_record(record("screening")))
    line = next(x for x in text.splitlines() if "residency.six_months" in x)
    assert line.strip().endswith("residency.six_months")  # the last column, not the sentence
    assert "参照コード" in text


def test_the_item_prints_as_the_statute_writes_it() -> None:
    text = flat(text_of(render_record(record("classification"))))
    assert "外為令別表の7の項(1)" in text and "7:(1)" not in text
    assert "貨物等省令の該当条項" in text


def test_the_ordinance_article_prints_where_it_is_known() -> None:
    facts = dataclasses.replace(FACTS, ordinance_article="貨物等省令第19条第1項第1号")
    text = flat(text_of(render_record(record("classification", facts=facts))))
    assert "貨物等省令第19条第1項第1号" in text


def test_deemed_countries_use_the_glossary_term() -> None:
    text = text_of(render_record(record("precheck")))
    assert "仕向地とみなす国・地域" in text and "みなし仕向国" not in text


def test_a_japanese_resident_deems_no_country_rather_than_unknown() -> None:
    answer = {
        **ASSESSMENT,
        "recipient_status": {
            "resident": True,
            "specific_categories": [],
            "treated_as_non_resident": False,
            "deemed_countries": [],
        },
    }
    text = flat(text_of(render_record(record("precheck", assessment=answer))))
    assert "仕向地とみなす国・地域Deemedcountriesなし（居住者への提供）" in text


def test_an_organization_has_no_nationality_row() -> None:
    org = {
        "recipient": {
            "kind": "organization",
            "name": "Example Research GmbH",
            "country": "DE",
            "affiliations": [],
        }
    }
    text = text_of(render_record(record("screening", case=org)))
    # the red-flag questions (format 4 prints them on the 取引審査票 too) name nationality in
    # their wording; no row of the record is a nationality
    before, _sep, after = text.partition("懸念確認事項")
    questions = flat(after).split("システムによる判定結果")[0] if after else ""
    assert "国籍" not in before and "Example Research GmbH" in text
    assert "国籍" not in flat(after).replace(questions, "")
    assert "DE ドイツ" in text


def test_status_is_filled_from_the_review_steps_it_includes() -> None:
    facts = dataclasses.replace(FACTS, status=None)
    text = flat(text_of(render_record(record("screening", facts=facts))))
    assert "状態Status決定済み" in text
    undecided = dataclasses.replace(facts, decision=None, reviews=(), certified_by=None)
    text = flat(text_of(render_record(record("screening", facts=undecided))))
    assert "状態Status作成中" in text


def test_cancelled_and_copies_kept_are_printed() -> None:
    import datetime as dt

    facts = dataclasses.replace(
        FACTS, cancelled_on=dt.date(2026, 9, 10), copies_kept="研究推進部 輸出管理室"
    )
    text = flat(text_of(render_record(record("screening", facts=facts))))
    assert "輸出取りやめCancelled2026年9月10日" in text
    assert "研究推進部輸出管理室" in text


def test_japanese_lists_join_with_the_japanese_comma() -> None:
    text = text_of(render_record(record("screening")))
    assert "研究室への立入り、文書" in text


def test_dates_are_written_the_japanese_way() -> None:
    text = text_of(render_record(record("screening")))
    assert "2026年9月1日" in text and "2026年10月2日" in text  # as of, review on
    assert "2026年9月2日 10:30（日本時間）" in text


def test_the_footer_says_the_hash_is_of_the_content() -> None:
    text = text_of(render_record(record("classification")))
    assert "記載内容のハッシュ値（SHA-256） Content fingerprint (SHA-256):" in text


def test_the_group_is_named_never_b_slash_c() -> None:
    groups = {"CN": "general", "KR": "A", "IR": "concern", "SO": "un"}
    case = {
        "recipient": {
            **CASE["recipient"],
            "affiliations": [
                {"name": "A", "country": "KR", "kind": "university"},
                {"name": "B", "country": "IR", "kind": "university"},
                {"name": "C", "country": "SO", "kind": "university"},
            ],
        }
    }
    text = flat(text_of(render_record(record("screening", case=case, country_groups=groups))))
    assert "B/C" not in text
    assert "KR韓国（グループA）" in text
    assert "グループA（輸出令別表第3）" in text
    assert "懸念国（輸出令別表第4）" in text
    assert "国連武器禁輸国・地域（輸出令別表第3の2）" in text
    assert "一般国" in text


def test_listed_technology_needs_no_catch_all_check() -> None:
    text = text_of(render_record(record("screening")))
    assert text.count("—（リスト規制該当のため確認不要）") == 4


def test_an_end_user_list_hit_is_an_end_user_trigger() -> None:
    answer = {
        **ASSESSMENT,
        "outcome": "LICENSE_REQUIRED_CATCHALL",
        "reasons": [
            {
                "code": "catchall.wmd_end_user",
                "citation": "外為令別表16項; 貿易外省令 9条2項7号",
                "text_ja": "需要者が大量破壊兵器等の懸念活動（ミサイル）を行っており、…",
                "text_en": "…",
            }
        ],
    }
    case = {"technology": {"title": "x", "classification": "not_on_list", "item": "16"}}
    text = flat(text_of(render_record(record("screening", case=case, assessment=answer))))
    assert "需要者要件Enduser該当（外国ユーザーリスト掲載番号541）" in text
    assert "許可申請要（キャッチオール規制・大量破壊兵器等）" in text
    assert "外為令別表の16の項、貿易外省令第9条第2項第7号" in text


def test_the_end_use_and_end_user_check_is_recorded() -> None:
    facts = dataclasses.replace(
        FACTS, end_use="博士論文の研究", documents_checked=("誓約書", "研究計画書")
    )
    text = flat(text_of(render_record(record("screening", facts=facts))))
    assert "用途確認・需要者確認" in text
    assert "博士論文の研究" in text and "誓約書、研究計画書" in text


def test_the_clear_guideline_is_an_itemised_checklist() -> None:
    text = text_of(render_record(record("screening")))
    assert "明らかガイドラインによる確認（チェックリスト）" in text
    for pair in lb.CLEAR_CHECKLIST.values():
        assert pair[0] in flat(text) or flat(pair[0]) in flat(text)


def test_an_iranian_nationals_refused_case_answers_its_red_flags() -> None:
    answer = {
        **ASSESSMENT,
        "outcome": "STOP",
        "list_hits": [],
        "reasons": [
            {"code": "overlay.nationality_stop", "citation": "", "text_ja": "", "text_en": ""}
        ],
    }
    case = {
        "recipient": {
            "kind": "person",
            "name": "Reza Ahmadi",
            "nationalities": ["IR"],
            "affiliations": [{"name": "Sharif University", "country": "IR", "kind": "university"}],
        }
    }
    rec = record(
        "precheck",
        case=case,
        assessment=answer,
        facts=CaseFacts(purpose="共同研究"),
        country_groups={"IR": "concern"},
        un_arms_embargo=tuple(sorted(select_ruleset().un_arms_embargo)),
    )
    answers = derived_red_flags(rec)
    assert set(answers) == set(RED_FLAGS)  # the two questions of format 4 included
    assert all(value is not None for value, _derived in answers.values())
    assert answers["concern_country"] == (True, True)
    assert answers["sending_institution"] == (False, True)  # a university, screened, no hit
    assert answers["un_embargo_country"] == (False, True)  # Iran is 別表第4, not 第3の2
    text = text_of(render_record(rec))
    assert "未回答" not in text.split("懸念確認事項")[1].split("申請者の確認")[0]


def test_the_three_records_cite_each_other() -> None:
    refs = {"precheck": "DESK-2026-PRE-000007", "classification": "DESK-2026-CLS-000003"}
    text = text_of(render_record(record("screening", references=refs)))
    assert "DESK-2026-PRE-000007" in text and "DESK-2026-CLS-000003" in text
    text = text_of(render_record(record("precheck")))
    assert text.count("未発行") == 2  # neither of the others issued yet


def test_the_audit_head_and_institution_are_printed_and_kept_in_the_content() -> None:
    rec = record("precheck", audit_head="ab" * 32, institution="北関東科学技術大学")
    text = text_of(render_record(rec))
    assert "ab" * 32 in text and "北関東科学技術大学" in text
    doc = json.loads(canonical(rec))
    assert doc["audit_head"] == "ab" * 32 and doc["format"] == "desk-record/4"


def test_no_orphan_no_hits_line_at_a_page_top() -> None:
    rec = record("screening", assessment={**ASSESSMENT, "list_hits": []})
    pages = [p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(render_record(rec))).pages]
    for page in pages:
        body = page.split("\n")
        assert body[0].strip() != lb.WORDS["no_hits"][0]
    joined = "\n".join(pages)
    assert "該当候補なし" in joined and "一致なし" not in joined


def test_the_second_reviewer_name_stays_inside_its_cell() -> None:
    long_name = "Aleksandr Konstantinovich Vasilyev-Rozhdestvensky"
    facts = dataclasses.replace(
        FACTS,
        reviews=(dataclasses.replace(FACTS.reviews[1], reviewer=long_name),),
    )
    pdf = render_record(record("screening", facts=facts))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    width = float(reader.pages[0].mediabox.width)
    found: list[float] = []

    def visit(text: str, cm: Any, tm: Any, fd: Any, size: Any) -> None:
        if "Vasilyev" in text or "Konstantinovich" in text:
            found.append(float(tm[4]))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert found and all(x < width - 40 for x in found)
    assert "Vasilyev-Rozhdestvensky" in flat(text_of(pdf))


def test_formats_1_and_2_keep_their_canonical_content() -> None:
    rec = record("precheck", format_version=2, references={"screening": "X"}, audit_head="ff")
    doc = json.loads(canonical(rec))
    assert "references" not in doc and "audit_head" not in doc
    assert "end_use" not in doc["facts"] and "applicant" in doc["facts"]
    text = text_of(render_record(rec))
    assert "みなし仕向国" in text  # the frozen renderer prints what it printed then
