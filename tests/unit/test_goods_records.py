"""The goods records as pure functions of their data (no database): the same data gives
the same bytes, the 関税法94条 book entry's refusals and its keeping period."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from desk.domain.errors import InvalidInput
from desk.domain.goods import load_shipment_file
from desk.reports.goods_records import (
    GoodsRecordData,
    StepLine,
    fingerprint,
    keep_until,
    render_goods_record,
)
from desk.rules.goods import assess_shipment
from desk.screening import builtin_list

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "goods"


def _data(name: str = "G01", kind: str = "customs_book") -> GoodsRecordData:
    shipment = load_shipment_file(FIXTURES / f"{name}.json")
    answer = assess_shipment(shipment, lists=[builtin_list()])
    return GoodsRecordData(
        kind=kind,
        document_number="DESK-2026-GCB-000001",
        generated_at=dt.datetime(2026, 11, 21, 1, 2, 3, tzinfo=dt.UTC),
        institution="北関東科学技術大学",
        shipment=shipment,
        status="decided",
        result=answer.to_json(),
        assessment_id=7,
        steps=(
            StepLine(
                "first",
                "approve",
                "部局 長",
                dt.datetime(2026, 11, 19, tzinfo=dt.UTC),
                answer.outcome,
                answer.risk,
                final=True,
            ),
        ),
        permit_number="1234567890",
        permit_date=dt.date(2026, 11, 20),
    )


def test_same_data_same_bytes_and_the_fingerprint_follows_the_data() -> None:
    for kind in ("customs_book", "review_sheet"):
        data = _data(kind=kind)
        first = render_goods_record(data)
        assert first.startswith(b"%PDF") and first == render_goods_record(data)
        other = dataclasses.replace(data, permit_number="1234567891")
        assert fingerprint(other) != fingerprint(data)
        assert render_goods_record(other) != first


def test_the_book_entry_needs_courier_or_freight_and_a_permit() -> None:
    with pytest.raises(InvalidInput) as exc:
        render_goods_record(dataclasses.replace(_data(), permit_number=None, permit_date=None))
    assert exc.value.where == "permit"
    with pytest.raises(InvalidInput) as exc:
        render_goods_record(_data("G05"))  # hand carry: outside Article 94
    assert exc.value.where == "shipment.mode"
    with pytest.raises(InvalidInput) as exc:
        render_goods_record(dataclasses.replace(_data(kind="review_sheet"), result=None))
    assert exc.value.where == "assessment"


def test_kept_five_years_from_the_day_after_the_permit() -> None:
    assert keep_until(dt.date(2026, 11, 20)) == (dt.date(2026, 11, 21), dt.date(2031, 11, 20))
    # a permit on 28 February 2027: kept from 1 March 2027 through 29 February 2032
    assert keep_until(dt.date(2027, 2, 28)) == (dt.date(2027, 3, 1), dt.date(2032, 2, 29))
    # a permit on 28 February 2028 (leap year): from 29 February 2028 through 28 February
    # 2033, the last day of the month that has no 29th (民法143条2項)
    assert keep_until(dt.date(2028, 2, 28)) == (dt.date(2028, 2, 29), dt.date(2033, 2, 28))
