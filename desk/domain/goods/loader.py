"""Strict loading of ``desk-shipment/1`` documents (``spec/goods-format.md``, Validation).

Unknown keys, wrong types, bad dates, codes and enum values, and every cross-key rule of
the format are errors naming the key path (``goods[1].classification.item``), in the
same style as case files: ``FILE: path.to.key: what is wrong``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from desk.domain.case import (
    p_bool,
    p_country,
    p_date,
    p_enum,
    p_list,
    p_nonempty_str,
    p_optional,
    p_str,
)
from desk.domain.errors import InvalidInput
from desk.domain.goods.model import (
    BASIS_KINDS,
    CLAIM_BASES,
    CLAIM_FACTS,
    CLASSIFICATIONS,
    CONCERNS,
    DATED_BASIS_KINDS,
    END_USES,
    FORMAT,
    MODES,
    PARTY_KINDS,
    PURPOSE_FACTS,
    RETURN_PURPOSES,
    ROLES,
    TEMPORARY_PURPOSES,
    BasisDocument,
    CertificateIssuer,
    Claim,
    Classification,
    ClearedHit,
    ClearFinding,
    Contract,
    GoodsLine,
    Party,
    Shipment,
    ShipmentInfo,
    Traveller,
)

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
_REQUIRED = object()


def _err(path: str, message: str) -> InvalidInput:
    return InvalidInput(message, where=path or "(top level)")


def _require(cond: bool, path: str, message: str) -> None:
    if not cond:
        raise _err(path, message)


def _kind(value: Any) -> str:
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


def _obj(
    value: Any, path: str, spec: Mapping[str, tuple[Any, Any]]
) -> tuple[dict[str, Any], frozenset[str]]:
    if not isinstance(value, dict):
        raise _err(path, f"expected an object, got {_kind(value)}")
    prefix = f"{path}." if path else ""
    for key in value:
        if key not in spec:
            raise _err(f"{prefix}{key}", f"unknown key (allowed: {', '.join(spec)})")
    out: dict[str, Any] = {}
    for key, (parser, default) in spec.items():
        if key in value:
            out[key] = parser(value[key], f"{prefix}{key}")
        elif default is _REQUIRED:
            raise _err(f"{prefix}{key}", "required key is missing")
        else:
            out[key] = default
    return out, frozenset(value)


def p_decimal(*, positive: bool = False) -> Any:
    def parse(value: Any, path: str) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            raise _err(path, f"expected a number, got {_kind(value)}")
        number = Decimal(value)
        if not number.is_finite():
            raise _err(path, "expected a finite number")
        if positive and number <= 0:
            raise _err(path, "must be greater than 0")
        if number < 0:
            raise _err(path, "must not be negative")
        return number

    return parse


def p_item(value: Any, path: str) -> str:
    text = p_str(value, path)
    if not ITEM_RE.match(text):
        raise _err(
            path,
            f'not an item of 輸出令別表第1: {text!r} (expected "1"–"15" or "3-2", optionally '
            'with a bracket after a colon, e.g. "7:(4)"; never "16")',
        )
    return text


def p_hs(value: Any, path: str) -> str:
    text = p_str(value, path)
    if not HS_RE.match(text):
        raise _err(
            path,
            f"not an HS code: {text!r} (2 to 10 digits, dots only after the 4th and 6th, "
            'e.g. "9027.50")',
        )
    return text


def p_currency(value: Any, path: str) -> str:
    text = p_str(value, path)
    _require(bool(CURRENCY_RE.match(text)), path, f"not an ISO 4217 currency code: {text!r}")
    return text


_opt_str = p_optional(p_str)
_opt_date = p_optional(p_date)
_concerns = p_list(p_enum(*CONCERNS), unique=True)


def parse_cleared_hit(value: Any, path: str) -> ClearedHit:
    def entry(v: Any, p: str) -> str:
        if isinstance(v, int) and not isinstance(v, bool):
            return str(v)
        return p_nonempty_str(v, p)

    data, given = _obj(
        value,
        path,
        {
            "list": (p_nonempty_str, _REQUIRED),
            "entry": (entry, _REQUIRED),
            "name": (_opt_str, None),
            "reason": (_opt_str, None),
        },
    )
    return ClearedHit(**data, given=given)


def parse_party(value: Any, path: str) -> Party:
    data, given = _obj(
        value,
        path,
        {
            "name": (p_nonempty_str, _REQUIRED),
            "name_latin": (_opt_str, None),
            "country": (p_country, _REQUIRED),
            "kind": (p_enum(*PARTY_KINDS), "other"),
            "ru_specified_entity": (p_bool, False),
            "cleared_hits": (p_list(parse_cleared_hit), ()),
        },
    )
    return Party(**data, given=given)


def _party_or(*words: str) -> Any:
    def parse(value: Any, path: str) -> Party | str | None:
        if value is None and "null" in words:
            return None
        if isinstance(value, str):
            _require(
                value in words,
                path,
                f"unknown value {value!r} (a party object or one of: "
                f"{', '.join(w for w in words if w != 'null')})",
            )
            return value
        return parse_party(value, path)

    return parse


def parse_traveller(value: Any, path: str) -> Traveller:
    data, given = _obj(
        value,
        path,
        {
            "name": (p_nonempty_str, _REQUIRED),
            "department": (_opt_str, None),
            "role": (p_enum(*ROLES), "staff"),
            "affiliation": (p_optional(parse_party), None),
        },
    )
    t = Traveller(**data, given=given)
    if t.role == "visitor":
        _require(t.affiliation is not None, f"{path}.affiliation", "required for a visitor")
    return t


def _inform(value: Any, path: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (p_enum(*END_USES)(value, path),)
    kinds: tuple[str, ...] = p_list(p_enum(*END_USES), unique=True)(value, path)
    _require(bool(kinds), path, "an empty list (use null for no inform notice)")
    return kinds


def parse_contract(value: Any, path: str) -> Contract:
    def others(v: Any, p: str) -> dict[str, Decimal]:
        if not isinstance(v, dict):
            raise _err(p, f"expected an object, got {_kind(v)}")
        return {p_item(k, f"{p}.{k}"): p_decimal()(x, f"{p}.{k}") for k, x in v.items()}

    data, given = _obj(
        value, path, {"ref": (_opt_str, None), "other_shipments_value_jpy": (others, {})}
    )
    return Contract(**data, given=given)


def _fx_rates(value: Any, path: str) -> dict[str, Decimal]:
    if not isinstance(value, dict):
        raise _err(path, f"expected an object, got {_kind(value)}")
    return {
        p_currency(k, f"{path}.{k}"): p_decimal(positive=True)(v, f"{path}.{k}")
        for k, v in value.items()
    }


def parse_certificate_issuer(value: Any, path: str) -> CertificateIssuer:
    data, given = _obj(
        value,
        path,
        {"department": (p_nonempty_str, _REQUIRED), "contact": (p_nonempty_str, _REQUIRED)},
    )
    return CertificateIssuer(**data, given=given)


def parse_clear_finding(value: Any, path: str) -> ClearFinding:
    data, given = _obj(
        value, path, {"documented": (p_bool, _REQUIRED), "rationale": (_opt_str, None)}
    )
    return ClearFinding(**data, given=given)


def parse_shipment_info(value: Any, path: str) -> ShipmentInfo:
    data, given = _obj(
        value,
        path,
        {
            "mode": (p_enum(*MODES), _REQUIRED),
            "date": (_opt_date, None),
            "destination": (p_country, _REQUIRED),
            "onward_countries": (p_list(p_country, unique=True), ()),
            "traveller": (p_optional(parse_traveller), None),
            "consignee": (_party_or("traveller"), None),
            "end_user": (_party_or("consignee", "traveller", "null"), None),
            "stated_end_use": (_opt_str, None),
            "known_end_use": (p_optional(p_enum(*END_USES)), None),
            "known_end_user": (_concerns, ()),
            "inform": (_inform, ()),
            "clear_finding": (p_optional(parse_clear_finding), None),
            "return_planned": (p_bool, False),
            "return_by": (_opt_date, None),
            "is_return": (p_bool, False),
            "contract": (parse_contract, None),
            "fx_rates": (_fx_rates, {}),
            "certificate_issuer": (p_optional(parse_certificate_issuer), None),
        },
    )
    p = f"{path}."
    hand = data["mode"] == "hand_carry"
    _require(data["destination"] != "JP", p + "destination", "must be outside Japan, not JP")
    if hand:
        _require(data["traveller"] is not None, p + "traveller", "required for hand_carry")
        if "consignee" not in given:
            data["consignee"] = "traveller"
    else:
        _require(
            "traveller" not in given or data["traveller"] is None,
            p + "traveller",
            "only a hand_carry shipment has a traveller",
        )
        _require("consignee" in given, p + "consignee", "required unless mode is hand_carry")
    _require(data["consignee"] is not None, p + "consignee", "must not be null")
    if "end_user" not in given and data["consignee"] == "traveller":
        data["end_user"] = "traveller"
    for key in ("consignee", "end_user"):
        _require(
            hand or data[key] != "traveller",
            p + key,
            '"traveller" is only for a hand_carry shipment',
        )
    if data["return_planned"]:
        _require(data["return_by"] is not None, p + "return_by", "required when return_planned")
    if data["contract"] is None:
        data["contract"] = Contract()
    return ShipmentInfo(**data, given=given)


def parse_basis(value: Any, path: str) -> BasisDocument:
    data, given = _obj(
        value,
        path,
        {
            "kind": (p_enum(*BASIS_KINDS), _REQUIRED),
            "issuer": (_opt_str, None),
            "date": (_opt_date, None),
            "ref": (_opt_str, None),
        },
    )
    doc = BasisDocument(**data, given=given)
    if doc.kind in DATED_BASIS_KINDS:
        _require(doc.date is not None, f"{path}.date", f"required for a {doc.kind}")
    return doc


def parse_classification(value: Any, path: str) -> Classification:
    data, given = _obj(
        value,
        path,
        {
            "status": (p_enum(*CLASSIFICATIONS), _REQUIRED),
            "item": (p_optional(p_item), None),
            "article": (_opt_str, None),
            "table_3_3": (p_optional(p_bool), None),
            "specific_item_16_1": (p_optional(p_bool), None),
            "basis": (p_list(parse_basis), ()),
            "determined_by": (_opt_str, None),
            "checked_by": (_opt_str, None),
            "determined_on": (_opt_date, None),
            "ordinance_version": (_opt_date, None),
        },
    )
    c = Classification(**data, given=given)
    if c.status == "listed":
        _require(c.item is not None, f"{path}.item", "required when status is listed")
    return c


_CLAIM_SPEC: dict[str, tuple[Any, Any]] = {
    "basis": (p_enum(*CLAIM_BASES), _REQUIRED),
    "purpose": (p_str, None),
    "imported_free_of_charge": (p_bool, None),
    "exported_free_of_charge": (p_bool, None),
    "ownership_unchanged": (p_bool, None),
    "imported_on": (p_date, None),
    "originally_exported_from_japan": (p_bool, None),
    "own_use": (p_bool, None),
    "stays_with_traveller": (p_bool, None),
    "note": (_opt_str, None),
    "evidence": (_opt_str, None),
}


def parse_claim(value: Any, path: str) -> Claim:
    if isinstance(value, dict) and "basis" in value:
        p_enum(*CLAIM_BASES)(value["basis"], f"{path}.basis")
    data, given = _obj(value, path, _CLAIM_SPEC)
    basis = data["basis"]
    if "purpose" in given:
        purposes = RETURN_PURPOSES if basis == "free_return" else TEMPORARY_PURPOSES
        if basis != "small_value":
            p_enum(*purposes)(data["purpose"], f"{path}.purpose")
    facts = (*CLAIM_FACTS[basis], *PURPOSE_FACTS.get((basis, data["purpose"]), ()))
    for key in sorted(given - {"basis", "note", "evidence"} - set(facts)):
        raise _err(
            f"{path}.{key}",
            f"unknown key for a {basis} claim (facts: {', '.join(facts) or 'none'})",
        )
    for fact in facts:
        _require(fact in given, f"{path}.{fact}", f"required for a {basis} claim")
    return Claim(**data, given=given)


def parse_line(value: Any, path: str) -> GoodsLine:
    data, given = _obj(
        value,
        path,
        {
            "name": (p_nonempty_str, _REQUIRED),
            "model": (_opt_str, None),
            "maker": (_opt_str, None),
            "quantity": (p_decimal(positive=True), _REQUIRED),
            "unit": (p_nonempty_str, "pcs"),
            "unit_value": (p_decimal(), _REQUIRED),
            "currency": (p_currency, "JPY"),
            "hs_code": (p_optional(p_hs), None),
            "classification": (parse_classification, _REQUIRED),
            "concern_relevance": (_concerns, ()),
            "carries_technology": (p_bool, False),
            "exceptions": (p_list(parse_claim), ()),
            "notes": (_opt_str, None),
        },
    )
    return GoodsLine(**data, given=given)


def _expected(value: Any, path: str) -> Mapping[str, Any]:
    _obj(
        value,
        path,
        {
            "outcome": (p_enum(*OUTCOMES), None),
            "risk": (p_enum(*RISKS), None),
            "reasons": (p_list(p_nonempty_str), ()),
            "lines": (p_list(p_enum(*OUTCOMES)), ()),
            "documents": (p_list(p_enum(*DOCUMENTS), unique=True), ()),
            "customs_article_94": (p_bool, None),
        },
    )
    kept: Mapping[str, Any] = value  # kept as written; the engine ignores it
    return kept


def parse_shipment(value: Any) -> Shipment:
    """Validate a decoded document (numbers as Decimal) and build a :class:`Shipment`."""
    data, given = _obj(
        value,
        "",
        {
            "format": (p_enum(FORMAT), _REQUIRED),
            "id": (p_nonempty_str, _REQUIRED),
            "title": (_opt_str, None),
            "as_of": (_opt_date, None),
            "shipment": (parse_shipment_info, _REQUIRED),
            "goods": (p_list(parse_line), _REQUIRED),
            "related_cases": (p_list(p_nonempty_str, unique=True), ()),
            "notes": (_opt_str, None),
            "expected": (p_optional(_expected), None),
        },
    )
    data.pop("format")
    _require(bool(data["goods"]), "goods", "must list at least one line")
    rates = data["shipment"].fx_rates
    for i, line in enumerate(data["goods"]):
        if line.currency != "JPY":
            _require(
                line.currency in rates,
                f"goods[{i}].currency",
                f"{line.currency} needs its rate in shipment.fx_rates",
            )
    return Shipment(**data, given=given)


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


def parse_document(doc: Any, source: str | None = None) -> Shipment:
    try:
        return parse_shipment(doc)
    except InvalidInput as exc:
        raise exc.with_source(source) if source else exc from None


def loads_shipment(text: str | bytes, source: str | None = None) -> Shipment:
    """Parse one shipment document from JSON text; errors name ``source``."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput("not UTF-8 text", source=source) from None
    return parse_document(decode(text, source), source)


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


def load_shipment_file(path: str | Path) -> Shipment:
    return loads_shipment(read_text(path), source=str(path))
