"""The 非該当証明書 (goods-policy.md §G10): what it states, what it refuses, and that it is
deterministic with embedded fonts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re

import pypdf
import pytest
from goods_support import FIXTURES, load

from desk.domain.errors import InvalidInput
from desk.reports.goods_certificate import CertificateData, fingerprint, render_certificate
from desk.rules.goods import select_goods_ruleset

RS = select_goods_ruleset(dt.date(2026, 11, 16))
ISSUER = {"department": "研究推進部 安全保障輸出管理室", "contact": "export@example.ac.jp"}


def shipment(name: str = "G03", **change):
    doc = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    doc["shipment"]["certificate_issuer"] = ISSUER
    for key, value in change.items():
        doc["shipment"][key] = value
    return doc


def data(doc) -> CertificateData:
    return CertificateData(
        shipment=load(doc),
        institution=("北関東科学技術大学", "Kita-Kanto Institute of Science and Technology"),
        issued_on=dt.date(2026, 11, 17),
        document_number="GC-2026-0001",
        generated_at=dt.datetime(2026, 11, 17, 9, 0, tzinfo=dt.UTC),
        ruleset=RS,
    )


def text_of(pdf: bytes) -> str:
    """The text with all white space removed (table cells wrap lines anywhere)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def flat(value: str | None) -> str:
    return re.sub(r"\s+", "", value or "")


def test_certificate_states_what_section_g10_asks_and_only_for_unlisted_lines():
    d = data(shipment("G03"))  # a listed camera and an unlisted bracket
    pdf = render_certificate(d)
    text = text_of(pdf)
    assert "輸出貿易管理令別表第1の1から15までの項に該当しない" in text
    assert flat("研究推進部 安全保障輸出管理室") in text and "export@example.ac.jp" in text
    assert "該非確認責任者" in text
    bracket = d.shipment.goods[1]
    assert flat(bracket.name) in text and flat(bracket.hs_code) in text
    camera = d.shipment.goods[0]
    assert flat(camera.model) not in text  # the listed line is never certified
    assert "キャッチオール" not in text  # never a catch-all clearance
    assert fingerprint(d) in text


def test_sixteen_position_and_not_on_list_wording():
    text = text_of(render_certificate(data(shipment("G01"))))
    assert "該当項なし（対象外）" in text and "16の項にも該当しない" in text
    text = text_of(render_certificate(data(shipment("G02"))))
    assert "16の項に該当" in text


def test_certificate_is_deterministic_and_fonts_are_embedded():
    d = data(shipment("G01"))
    assert render_certificate(d) == render_certificate(d)
    reader = pypdf.PdfReader(io.BytesIO(render_certificate(d)))
    for page in reader.pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            desc = ref.get_object().get("/FontDescriptor")
            assert desc is not None and "/FontFile2" in desc


def test_refusals():
    no_issuer = shipment("G01")
    del no_issuer["shipment"]["certificate_issuer"]
    with pytest.raises(InvalidInput) as info:
        render_certificate(data(no_issuer))
    assert info.value.where == "shipment.certificate_issuer"
    with pytest.raises(InvalidInput) as info:
        render_certificate(data(shipment("G14")))  # undetermined only
    assert info.value.where == "goods"
    with pytest.raises(InvalidInput) as info:
        render_certificate(data(shipment("G15")))  # no HS code
    assert info.value.where == "goods[0].hs_code"
    outdated = shipment("G01")
    outdated["goods"][0]["classification"]["ordinance_version"] = "2025-10-09"
    with pytest.raises(InvalidInput) as info:
        render_certificate(data(outdated))
    assert info.value.where == "goods[0].classification.ordinance_version"


def test_a_changed_fact_changes_the_fingerprint():
    d = data(shipment("G01"))
    assert fingerprint(d) != fingerprint(dataclasses.replace(d, issued_on=dt.date(2026, 11, 18)))
