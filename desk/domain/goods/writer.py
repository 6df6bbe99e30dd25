"""Writing a :class:`~desk.domain.goods.model.Shipment` back as its ``desk-shipment/1`` document.

Required keys, keys the source spelled out, and values that differ from their defaults
are written; decimals are written as JSON numbers exactly as held.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import MISSING, fields
from decimal import Decimal
from typing import Any

from desk.domain.goods.model import FORMAT, Contract, Shipment

_MARK = "@@desk-decimal:"
_MARKED = re.compile(r'"@@desk-decimal:([-0-9.E+]+)@@"')


def _number(value: Decimal) -> Any:
    if value == value.to_integral_value() and abs(value) < 10**18:
        return int(value)
    return f"{_MARK}{value}@@"  # replaced by the bare number after json.dumps


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return _dump_obj(value)
    return value


def _dump_obj(obj: Any) -> dict[str, Any]:
    given: frozenset[str] = obj.given
    out: dict[str, Any] = {}
    for f in fields(obj):
        if f.name == "given":
            continue
        value = getattr(obj, f.name)
        required = f.default is MISSING and f.default_factory is MISSING
        if f.default_factory is not MISSING:
            default: Any = f.default_factory()
        else:
            default = f.default
        if required or f.name in given or value != default:
            out[f.name] = _jsonable(value)
    if "inform" in out and isinstance(out["inform"], list) and len(out["inform"]) < 2:
        out["inform"] = out["inform"][0] if out["inform"] else None  # one kind: a string
    return out


def shipment_to_dict(shipment: Shipment, *, include_expected: bool = True) -> dict[str, Any]:
    """The ``desk-shipment/1`` document for ``shipment`` (decimals as exact numbers)."""
    body = _dump_obj(shipment)
    info = body["shipment"]
    if "contract" not in shipment.shipment.given and shipment.shipment.contract == Contract():
        info.pop("contract", None)
    for key in ("consignee", "end_user"):  # defaults the loader filled in
        if key not in shipment.shipment.given:
            info.pop(key, None)
    if not include_expected or shipment.expected is None:
        body.pop("expected", None)
    return {"format": FORMAT, **body}


def dumps_shipment(shipment: Shipment, *, include_expected: bool = True) -> str:
    doc = shipment_to_dict(shipment, include_expected=include_expected)
    return _MARKED.sub(r"\1", json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"
