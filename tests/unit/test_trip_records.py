"""The trip's records as PDF text (no database): the hand-carry declaration names the
traveller, each good with its 該非 and the exception relied on, the return date and the
Customs documents; the bundle gives every part's outcome and reasons; both are
deterministic, bilingual and embed their fonts; refusals name the field."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pypdf
import pytest
from goods_support import FIXTURES, fixture_list

from desk.domain.errors import InvalidInput
from desk.domain.goods import load_shipment_file
from desk.reports.trip_records import TripRecordData, fingerprint, render_trip_record
from desk.rules.goods import assess_shipment
from desk.services.trips.combine import combine
from desk.services.trips.trips import _line_facts

TODAY = dt.date(2026, 11, 20)


def goods_part(ref: str) -> dict:
    doc = load_shipment_file(FIXTURES / f"{ref}.json")
    answer = assess_shipment(doc, lists=[fixture_list()], today=TODAY)
    result = answer.to_json()
    return {
        "kind": "shipment",
        "id": ref,
        "title": doc.title,
        "outcome": answer.outcome,
        "risk": answer.risk,
        "reasons": result["reasons"],
        "ruleset": result["ruleset"],
        "export_date": answer.export_date.isoformat(),
        "destination": doc.shipment.destination,
        "onward_countries": list(doc.shipment.onward_countries),
        "return_by": doc.shipment.return_by.isoformat() if doc.shipment.return_by else None,
        "documents": list(answer.documents),
        "lines": _line_facts(doc, answer),
    }


CASE_PART = {
    "kind": "case",
    "id": "S01",
    "title": "Lab access",
    "outcome": "NOT_APPLICABLE",
    "risk": "R0",
    "reasons": [
        {
            "code": "control.none",
            "citation": "外為法 25条1項",
            "text_ja": "規制対象の提供に当たらない。",
            "text_en": "Not a controlled provision.",
        }
    ],
    "ruleset": {"id": "jp-fefta", "version": "2025-10-09.2"},
}


def answer(*parts: dict) -> dict:
    trip = {
        "id": "T-1",
        "title": "学会発表",
        "traveller": {
            "id": 1,
            "name": "田中 恵",
            "name_latin": "Tanaka Megumi",
            "department": "情報学研究科",
            "role": "staff",
        },
        "departs_on": "2026-11-28",
        "returns_on": "2026-12-03",
        "destinations": ["SG"],
        "purpose": None,
        "judged_on": TODAY.isoformat(),
    }
    return combine(trip, list(parts))


def data(kind: str, lang: str = "ja", **over: object) -> TripRecordData:
    base = TripRecordData(
        kind=kind,
        lang=lang,
        document_number="DESK-2026-HCD-000001",
        generated_at=dt.datetime(2026, 11, 20, 1, 2, 3, tzinfo=dt.UTC),
        institution=("例示大学", "Example University"),
        answer=answer(CASE_PART, goods_part("G05")),
    )
    return dataclasses.replace(base, **over)  # type: ignore[arg-type]


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def test_hand_carry_declaration_states_goods_classification_and_exception() -> None:
    text = text_of(render_trip_record(data("hand_carry")))
    for words in (
        "携行品申告書（貨物の携帯輸出）",
        "Hand-carrydeclaration",
        "例示大学",
        "田中恵(TanakaMegumi)",
        "情報学研究科",
        "2026年11月28日–2026年12月3日",
        "シンガポール(SG)",
        "Hardwaresecuritymodule(user-programmablecryptography)",
        "NSH-HSM4",
        "該当9:(7)",  # the 該非 of the listed line, with its item
        "無償特例（一時持出し）：本人使用の携行品",
        "[輸出令第4条第1項第2号ヘ",
        "対象外（16項）なし",  # the laptop: not listed, no exception relied on
        "帰国・持帰り期限2026年12月5日",
        "携帯品・別送品の輸出申告（税関様式C-5340）",
        "署名",
        "DESK-2026-HCD-000001",
    ):
        assert words in text, words
    assert "S01" not in text  # technology is not declared to Customs
    assert "institutionalpolicy" not in text  # the citation reads in Japanese


def test_english_values_with_bilingual_labels() -> None:
    text = text_of(render_trip_record(data("hand_carry", lang="en")))
    assert "freetemporaryexport:ownuse,carriedbythetraveller" in text
    assert "2026-11-28–2026-12-03" in text and "Singapore(SG)" in text
    assert "適用する特例" in text and "Exceptionreliedon" in text
    assert "ExampleUniversity" in text


def test_bundle_gives_each_part_with_its_reasons() -> None:
    d = data("bundle", document_number="DESK-2026-TRP-000001")
    text = text_of(render_trip_record(d))
    assert "渡航申請審査記録" in text
    assert "許可不要（例外適用）" in text  # the worst part decides
    assert "S01" in text and "規制対象の提供に当たらない。" in text and "外為法25条1項" in text
    assert "G05" in text and "temporary-exportexceptionapplies" not in text  # ja values
    for r in d.answer["parts"][1]["reasons"]:
        assert re.sub(r"\s+", "", r["text_ja"])[:20] in text


def test_deterministic_fonts_embedded_and_fingerprinted() -> None:
    d = data("hand_carry")
    pdf = render_trip_record(d)
    assert pdf == render_trip_record(d)
    assert fingerprint(d) in text_of(pdf)
    later = dataclasses.replace(d, generated_at=d.generated_at + dt.timedelta(seconds=1))
    assert render_trip_record(later) != pdf and fingerprint(later) != fingerprint(d)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert b"desk-record DESK-2026-HCD-000001" in pdf
    for page in reader.pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            desc = ref.get_object().get("/FontDescriptor")
            assert desc is not None and "/FontFile2" in desc


def test_refusals_name_the_field() -> None:
    with pytest.raises(InvalidInput) as info:
        render_trip_record(data("hand_carry", answer=answer(CASE_PART)))
    assert info.value.where == "shipments"
    with pytest.raises(InvalidInput) as info:
        render_trip_record(data("hand_carry", answer=answer(goods_part("G27"))))  # STOP
    assert info.value.where == "shipments[0]"
    with pytest.raises(InvalidInput) as info:
        render_trip_record(data("visa"))
    assert info.value.where == "kind"
