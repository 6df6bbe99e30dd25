"""The pieces of strict JSON reading the shipment loader is built from.

Objects checked against a spec of keys, exact decimals, 輸出令別表第1 items, HS codes and
currency codes, and JSON decoding that refuses duplicate keys and NaN. Errors are
:class:`~desk.domain.errors.InvalidInput` naming the key path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from desk.domain.case import p_str
from desk.domain.errors import InvalidInput

OUTCOMES = (
    "NOT_APPLICABLE",
    "NOT_LISTED_NO_TRIGGER",
    "EXEMPT",
    "LICENSE_REQUIRED",
    "LICENSE_REQUIRED_CATCHALL",
    "HOLD",
    "STOP",
)
RISKS = ("R0", "R1", "R2", "R3", "R4")
DOCUMENTS = (
    "export_licence",
    "non_applicability_certificate",
    "exception_declaration",
    "hand_carry_declaration",
)
ITEM_RE = re.compile(r"^(1[0-5]|[1-9]|3-2)(:\S.*)?$")
HS_RE = re.compile(r"^(\d{2,4}|\d{4}\.?\d{1,2}|\d{4}\.?\d{2}\.?\d{1,4})$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
REQUIRED = object()


def err(path: str, message: str) -> InvalidInput:
    return InvalidInput(message, where=path or "(top level)")


def require(cond: bool, path: str, message: str) -> None:
    if not cond:
        raise err(path, message)


def kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, Decimal)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object" if isinstance(value, dict) else "a value"


def obj(
    value: Any, path: str, spec: Mapping[str, tuple[Any, Any]]
) -> tuple[dict[str, Any], frozenset[str]]:
    if not isinstance(value, dict):
        raise err(path, f"expected an object, got {kind(value)}")
    prefix = f"{path}." if path else ""
    for key in value:
        if key not in spec:
            raise err(f"{prefix}{key}", f"unknown key (allowed: {', '.join(spec)})")
    out: dict[str, Any] = {}
    for key, (parser, default) in spec.items():
        if key in value:
            out[key] = parser(value[key], f"{prefix}{key}")
        elif default is REQUIRED:
            raise err(f"{prefix}{key}", "required key is missing")
        else:
            out[key] = default
    return out, frozenset(value)


def p_decimal(*, positive: bool = False) -> Any:
    def parse(value: Any, path: str) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            raise err(path, f"expected a number, got {kind(value)}")
        number = Decimal(value)
        if not number.is_finite():
            raise err(path, "expected a finite number")
        if positive and number <= 0:
            raise err(path, "must be greater than 0")
        if number < 0:
            raise err(path, "must not be negative")
        return number

    return parse


def p_item(value: Any, path: str) -> str:
    text = p_str(value, path)
    if not ITEM_RE.match(text):
        raise err(
            path,
            f'not an item of 輸出令別表第1: {text!r} (expected "1"–"15" or "3-2", optionally '
            'with a bracket after a colon, e.g. "7:(4)"; never "16")',
        )
    return text


def p_hs(value: Any, path: str) -> str:
    text = p_str(value, path)
    if not HS_RE.match(text):
        raise err(
            path,
            f"not an HS code: {text!r} (2 to 10 digits, dots only after the 4th and 6th, "
            'e.g. "9027.50")',
        )
    return text


def p_currency(value: Any, path: str) -> str:
    text = p_str(value, path)
    require(bool(CURRENCY_RE.match(text)), path, f"not an ISO 4217 currency code: {text!r}")
    return text


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key!r} appears twice in one object")
        out[key] = value
    return out


def decode(text: str, source: str | None = None) -> Any:
    """JSON with numbers as exact decimals (never binary floating point)."""
    try:
        return json.loads(
            text,
            parse_float=Decimal,
            parse_constant=_reject_constant,
            object_pairs_hook=_unique_keys,
        )
    except (json.JSONDecodeError, ValueError) as exc:
        raise InvalidInput(f"not valid JSON ({exc})", source=source) from None
    except RecursionError:
        raise InvalidInput("not valid JSON (nested too deeply)", source=source) from None


def read_text(path: str | Path) -> str:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read the file ({exc.strerror})", source=str(path)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("not UTF-8 text", source=str(path)) from None
