"""Record format 4's two red-flag questions, read from the PDF text (issue 9): the sending
institution (派遣元・所属機関) and UN arms-embargo countries named (輸出令別表第3の2), derived
from the registered facts; a record of format 3 neither asks nor keeps them."""

from __future__ import annotations

import dataclasses
import io
import json
from typing import Any

import pypdf
import pytest

from desk.domain.case import parse_case
from desk.reports import labels as lb
from desk.reports.data import RED_FLAGS_V3, CaseFacts, RecordData, canonical, derived_red_flags
from desk.reports.records import render_record
from desk.reports.sample import ASSESSMENT, CASE, sample_record
from desk.rules.ruleset import select_ruleset

TABLE = tuple(sorted(select_ruleset().un_arms_embargo))  # the bundled rule set's 別表第3の2
SENDING = lb.RED_FLAGS["sending_institution"]
NAMED = lb.RED_FLAGS["un_embargo_country"]


def flat(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return "".join("".join((p.extract_text() or "").split()) for p in pages)


def answer(text: str, pair: tuple[str, str]) -> str:
    """The answer printed after a question (its Japanese and English lines)."""
    after = text.split("".join(pair[0].split()))[1]
    return after.split("".join(pair[1].split()))[1][:24]


def record(
    kind: str = "precheck",
    lang: str = "ja",
    *,
    recipient: dict[str, Any] | None = None,
    provision: dict[str, Any] | None = None,
    reasons: list[dict[str, str]] | None = None,
    hits: list[dict[str, Any]] | None = None,
    **changes: Any,
) -> RecordData:
    case = dict(CASE)
    if recipient is not None:
        case["recipient"] = recipient
    if provision is not None:
        case["provision"] = provision
    assessment = {
        **ASSESSMENT,
        "list_hits": hits or [],
        "reasons": reasons if reasons is not None else [],
    }
    base = sample_record(kind, lang)
    return dataclasses.replace(
        base,
        case=parse_case(case),
        assessment=assessment,
        facts=CaseFacts(purpose="共同研究"),
        un_arms_embargo=TABLE,
        **changes,
    )


PERSON = {
    "kind": "person",
    "name": "Ali Hassan",
    "nationalities": ["CN"],
    "affiliations": [{"name": "Example University", "country": "CN", "kind": "university"}],
}


def _match(query: str, code: str = "screening.match") -> dict[str, str]:
    return {
        "code": code,
        "citation": "外国ユーザーリスト",
        "text_ja": f"「{query}」は外国ユーザーリスト掲載番号541「…」に該当（一致度0.95）。",
        "text_en": "",
    }


HIT = {"list": "jp-eul", "entry": "541", "name": "X", "score": 0.95, "categories": ["M"]}


def test_the_bundled_rule_set_has_the_ten_un_embargo_countries() -> None:
    assert len(TABLE) == 10 and "IQ" in TABLE and "KP" in TABLE and "IR" not in TABLE


@pytest.mark.parametrize(
    ("recipient", "reasons", "hits", "expected"),
    [
        # screened, no hit, a university: no
        (PERSON, [], [], False),
        # a foreign government body the person belongs to
        (
            {**PERSON, "affiliations": [{"name": "MoD", "country": "CN", "kind": "government"}]},
            [],
            [],
            True,
        ),
        # employed by a foreign government (a tie), though the affiliation is a university
        (
            {
                **PERSON,
                "ties": [
                    {
                        "type": "employment",
                        "counterparty": "Ministry",
                        "counterparty_kind": "foreign_government",
                        "country": "CN",
                        "follows_directions": True,
                    }
                ],
            },
            [],
            [],
            True,
        ),
        # the engine counted a list match for the affiliation's name
        (PERSON, [_match("Example University")], [HIT], True),
        # a near match for the affiliation still to be checked: the office answers
        (PERSON, [_match("Example University", "screening.review")], [HIT], None),
        # the person's own name matched, not the institution's
        (PERSON, [_match("Ali Hassan")], [HIT], False),
        # no affiliation registered: desk cannot tell
        ({**PERSON, "affiliations": []}, [], [], None),
        # a government body whose country is not registered (Japan's or a foreign one?)
        ({**PERSON, "affiliations": [{"name": "MoD", "kind": "government"}]}, [], [], None),
        # a Japanese government body is not a foreign one
        (
            {**PERSON, "affiliations": [{"name": "AIST", "country": "JP", "kind": "government"}]},
            [],
            [],
            False,
        ),
    ],
)
def test_the_sending_institution_is_derived_from_affiliations_and_their_hits(
    recipient: dict[str, Any], reasons: list[dict[str, str]], hits: list[Any], expected: Any
) -> None:
    rec = record(recipient=recipient, reasons=reasons, hits=hits)
    assert derived_red_flags(rec)["sending_institution"] == (expected, expected is not None)
    word = {True: "はい（登録情報から判断）", False: "いいえ（登録情報から判断）", None: "未回答"}
    assert answer(flat(render_record(rec)), SENDING).startswith(word[expected])


@pytest.mark.parametrize(
    ("recipient", "provision", "named"),
    [
        ({**PERSON, "nationalities": ["IQ"]}, None, "IQイラク"),  # nationality
        ({**PERSON, "country": "LB"}, None, "LBレバノン"),  # residence
        (
            {**PERSON, "affiliations": [{"name": "U", "country": "SO", "kind": "university"}]},
            None,
            "SOソマリア",
        ),  # the affiliation's country
        (PERSON, {"place": "abroad", "country": "LY", "channels": ["oral"]}, "LYリビア"),
        (
            PERSON,
            {"place": "japan", "re_provision_evident": True, "re_provision_country": "SD"},
            "SDスーダン",
        ),
    ],
)
def test_a_named_un_embargo_country_answers_yes_and_is_named(
    recipient: dict[str, Any], provision: dict[str, Any] | None, named: str
) -> None:
    for kind in ("precheck", "screening"):
        rec = record(kind, recipient=recipient, provision=provision)
        assert derived_red_flags(rec)["un_embargo_country"] == (True, True)
        text = flat(render_record(rec))
        assert answer(text, NAMED).startswith(f"はい（{named}）（登録情報から判断）")


def test_no_named_un_embargo_country_answers_no_and_no_table_leaves_it_open() -> None:
    rec = record(recipient={**PERSON, "nationalities": ["IR"]})  # 別表第4, not 第3の2
    assert derived_red_flags(rec)["un_embargo_country"] == (False, True)
    rec = dataclasses.replace(rec, un_arms_embargo=())
    assert derived_red_flags(rec)["un_embargo_country"] == (None, False)
    assert answer(flat(render_record(rec)), NAMED).startswith("未回答")


def test_the_office_answer_wins_over_the_derived_one() -> None:
    rec = record(recipient={**PERSON, "nationalities": ["IQ"]})
    rec = dataclasses.replace(
        rec,
        facts=CaseFacts(
            purpose="共同研究", red_flags={"un_embargo_country": False, "sending_institution": True}
        ),
    )
    answers = derived_red_flags(rec)
    assert answers["un_embargo_country"] == (False, False)
    assert answers["sending_institution"] == (True, False)
    text = flat(render_record(rec))
    assert answer(text, NAMED).startswith("いいえ") and not answer(text, NAMED).startswith(
        "いいえ（"
    )


def test_english_records_ask_them_in_english() -> None:
    rec = record(lang="en", recipient={**PERSON, "nationalities": ["KP"]})
    assert answer(flat(render_record(rec)), NAMED).startswith("Yes(KPNorthKorea)(fromth")


@pytest.mark.parametrize("kind", ["precheck", "screening"])
def test_a_record_of_format_3_neither_asks_nor_keeps_the_new_questions(kind: str) -> None:
    rec = record(kind, recipient={**PERSON, "nationalities": ["IQ"]}, format_version=3)
    rec = dataclasses.replace(
        rec, facts=CaseFacts(red_flags={"sending_institution": True, "purpose_unclear": False})
    )
    assert set(derived_red_flags(rec)) == set(RED_FLAGS_V3)
    text = flat(render_record(rec))
    assert "".join(SENDING[0].split()) not in text and "".join(NAMED[0].split()) not in text
    if kind == "screening":  # format 3 printed the questions on the 事前確認シート only
        assert "懸念確認事項" not in text
    doc = json.loads(canonical(rec))
    assert doc["facts"]["red_flags"] == {"purpose_unclear": False}
    assert "un_arms_embargo" not in doc
    assert doc["format"] == "desk-record/3"
    four = json.loads(canonical(dataclasses.replace(rec, format_version=4)))
    assert four["un_arms_embargo"] == list(TABLE)
    assert four["facts"]["red_flags"]["sending_institution"] is True
