"""Builders for the goods tests: small desk-shipment/1 documents and the fixture list."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from desk.domain.goods import Shipment, loads_shipment
from desk.rules.goods import ShipmentAssessment, assess_shipment
from desk.screening import ScreeningList, load_list_csv

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "goods"
FIXTURE_LIST = FIXTURES / "eul-fixture.csv"
EXAMPLES = sorted(FIXTURES.glob("G*.json"))
AS_OF = "2026-11-16"
DATE = "2026-11-20"

_LIST: list[ScreeningList] = []


def fixture_list() -> ScreeningList:
    if not _LIST:
        _LIST.append(load_list_csv(FIXTURE_LIST))
    return _LIST[0]


def party(
    name: str = "Chao Phraya Institute of Technology", country: str = "TH", **extra: Any
) -> dict[str, Any]:
    return {"name": name, "country": country, "kind": "university", **extra}


def line(
    status: str = "not_on_list",
    *,
    item: str | None = None,
    hs: str | None = "8471.30",
    value: float | int = 100000,
    quantity: float | int = 1,
    **extra: Any,
) -> dict[str, Any]:
    cls: dict[str, Any] = {"status": status, "ordinance_version": "2026-02-14"}
    if item is not None:
        cls["item"] = item
    cls.update(extra.pop("classification", {}))
    out: dict[str, Any] = {
        "name": "Test goods",
        "quantity": quantity,
        "unit_value": value,
        "classification": cls,
    }
    if hs is not None:
        out["hs_code"] = hs
    out.update(extra)
    return out


def listed(item: str = "7:(1)", **extra: Any) -> dict[str, Any]:
    """A listed line, not 別表第3の3 goods unless ``classification`` says otherwise."""
    extra["classification"] = {"table_3_3": False, **extra.get("classification", {})}
    return line("listed", item=item, hs=extra.pop("hs", None), **extra)


def document(*lines: dict[str, Any], **shipment: Any) -> dict[str, Any]:
    top = {k: shipment.pop(k) for k in ("related_cases", "as_of") if k in shipment}
    info: dict[str, Any] = {
        "mode": "courier",
        "date": DATE,
        "destination": "TH",
        "consignee": party(),
        "end_user": "consignee",
    }
    info.update(shipment)
    for key in [k for k, v in info.items() if v is ...]:
        del info[key]
    return {
        "format": "desk-shipment/1",
        "id": "T1",
        "as_of": top.pop("as_of", AS_OF),
        "shipment": info,
        "goods": [copy.deepcopy(g) for g in (lines or (line(),))],
        **top,
    }


def hand_carry(*lines: dict[str, Any], **shipment: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "mode": "hand_carry",
        "traveller": {"name": "佐藤 花子", "role": "staff"},
        "consignee": ...,
        "end_user": ...,
    }
    base.update(shipment)
    return document(*lines, **base)


def load(doc: dict[str, Any]) -> Shipment:
    return loads_shipment(json.dumps(doc, ensure_ascii=False))


def judge(doc: dict[str, Any], lists: list[ScreeningList] | None = None) -> ShipmentAssessment:
    return assess_shipment(load(doc), lists=[fixture_list()] if lists is None else lists)


def codes(a: ShipmentAssessment, line_no: int | None = None) -> list[str]:
    return [r.code for r in a.reasons if line_no is None or r.line == line_no]
