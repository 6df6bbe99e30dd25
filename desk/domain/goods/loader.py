"""Strict loading of ``desk-shipment/1`` documents (``spec/goods-format.md``, Validation).

Unknown keys, wrong types, bad dates, codes and enum values, and every cross-key rule of
the format are errors naming the key path (``goods[1].classification.item``), in the
same style as case files: ``FILE: path.to.key: what is wrong``.
"""

from __future__ import annotations

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
from desk.domain.goods.parsing import (
    DOCUMENTS,
    OUTCOMES,
    REQUIRED,
    RISKS,
    decode,
    err,
    kind,
    obj,
    p_currency,
    p_decimal,
    p_hs,
    p_item,
    read_text,
    require,
)

_opt_str = p_optional(p_str)
_opt_date = p_optional(p_date)
_concerns = p_list(p_enum(*CONCERNS), unique=True)


def parse_cleared_hit(value: Any, path: str) -> ClearedHit:
    def entry(v: Any, p: str) -> str:
        if isinstance(v, int) and not isinstance(v, bool):
            return str(v)
        return p_nonempty_str(v, p)

    data, given = obj(
        value,
        path,
        {
            "list": (p_nonempty_str, REQUIRED),
            "entry": (entry, REQUIRED),
            "name": (_opt_str, None),
            "reason": (_opt_str, None),
        },
    )
    return ClearedHit(**data, given=given)


def parse_party(value: Any, path: str) -> Party:
    data, given = obj(
        value,
        path,
        {
            "name": (p_nonempty_str, REQUIRED),
            "name_latin": (_opt_str, None),
            "country": (p_country, REQUIRED),
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
            require(
                value in words,
                path,
                f"unknown value {value!r} (a party object or one of: "
                f"{', '.join(w for w in words if w != 'null')})",
            )
            return value
        return parse_party(value, path)

    return parse


def parse_traveller(value: Any, path: str) -> Traveller:
    data, given = obj(
        value,
        path,
        {
            "name": (p_nonempty_str, REQUIRED),
            "department": (_opt_str, None),
            "role": (p_enum(*ROLES), "staff"),
            "affiliation": (p_optional(parse_party), None),
        },
    )
    t = Traveller(**data, given=given)
    if t.role == "visitor":
        require(t.affiliation is not None, f"{path}.affiliation", "required for a visitor")
    return t


def _inform(value: Any, path: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (p_enum(*END_USES)(value, path),)
    kinds: tuple[str, ...] = p_list(p_enum(*END_USES), unique=True)(value, path)
    require(bool(kinds), path, "an empty list (use null for no inform notice)")
    return kinds


def parse_contract(value: Any, path: str) -> Contract:
    def others(v: Any, p: str) -> dict[str, Decimal]:
        if not isinstance(v, dict):
            raise err(p, f"expected an object, got {kind(v)}")
        return {p_item(k, f"{p}.{k}"): p_decimal()(x, f"{p}.{k}") for k, x in v.items()}

    data, given = obj(
        value, path, {"ref": (_opt_str, None), "other_shipments_value_jpy": (others, {})}
    )
    return Contract(**data, given=given)


def _fx_rates(value: Any, path: str) -> dict[str, Decimal]:
    if not isinstance(value, dict):
        raise err(path, f"expected an object, got {kind(value)}")
    return {
        p_currency(k, f"{path}.{k}"): p_decimal(positive=True)(v, f"{path}.{k}")
        for k, v in value.items()
    }


def parse_certificate_issuer(value: Any, path: str) -> CertificateIssuer:
    data, given = obj(
        value,
        path,
        {"department": (p_nonempty_str, REQUIRED), "contact": (p_nonempty_str, REQUIRED)},
    )
    return CertificateIssuer(**data, given=given)


def parse_clear_finding(value: Any, path: str) -> ClearFinding:
    data, given = obj(
        value, path, {"documented": (p_bool, REQUIRED), "rationale": (_opt_str, None)}
    )
    return ClearFinding(**data, given=given)


def parse_shipment_info(value: Any, path: str) -> ShipmentInfo:
    data, given = obj(
        value,
        path,
        {
            "mode": (p_enum(*MODES), REQUIRED),
            "date": (_opt_date, None),
            "destination": (p_country, REQUIRED),
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
    require(data["destination"] != "JP", p + "destination", "must be outside Japan, not JP")
    if hand:
        require(data["traveller"] is not None, p + "traveller", "required for hand_carry")
        if "consignee" not in given:
            data["consignee"] = "traveller"
    else:
        require(
            "traveller" not in given or data["traveller"] is None,
            p + "traveller",
            "only a hand_carry shipment has a traveller",
        )
        require("consignee" in given, p + "consignee", "required unless mode is hand_carry")
    require(data["consignee"] is not None, p + "consignee", "must not be null")
    if "end_user" not in given and data["consignee"] == "traveller":
        data["end_user"] = "traveller"
    for key in ("consignee", "end_user"):
        require(
            hand or data[key] != "traveller",
            p + key,
            '"traveller" is only for a hand_carry shipment',
        )
    if data["return_planned"]:
        require(data["return_by"] is not None, p + "return_by", "required when return_planned")
    if data["contract"] is None:
        data["contract"] = Contract()
    return ShipmentInfo(**data, given=given)


def parse_basis(value: Any, path: str) -> BasisDocument:
    data, given = obj(
        value,
        path,
        {
            "kind": (p_enum(*BASIS_KINDS), REQUIRED),
            "issuer": (_opt_str, None),
            "date": (_opt_date, None),
            "ref": (_opt_str, None),
        },
    )
    doc = BasisDocument(**data, given=given)
    if doc.kind in DATED_BASIS_KINDS:
        require(doc.date is not None, f"{path}.date", f"required for a {doc.kind}")
    return doc


def parse_classification(value: Any, path: str) -> Classification:
    data, given = obj(
        value,
        path,
        {
            "status": (p_enum(*CLASSIFICATIONS), REQUIRED),
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
        require(c.item is not None, f"{path}.item", "required when status is listed")
    return c


_CLAIM_SPEC: dict[str, tuple[Any, Any]] = {
    "basis": (p_enum(*CLAIM_BASES), REQUIRED),
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
    data, given = obj(value, path, _CLAIM_SPEC)
    basis = data["basis"]
    if "purpose" in given:
        purposes = RETURN_PURPOSES if basis == "free_return" else TEMPORARY_PURPOSES
        if basis != "small_value":
            p_enum(*purposes)(data["purpose"], f"{path}.purpose")
    facts = (*CLAIM_FACTS[basis], *PURPOSE_FACTS.get((basis, data["purpose"]), ()))
    for key in sorted(given - {"basis", "note", "evidence"} - set(facts)):
        raise err(
            f"{path}.{key}",
            f"unknown key for a {basis} claim (facts: {', '.join(facts) or 'none'})",
        )
    for fact in facts:
        require(fact in given, f"{path}.{fact}", f"required for a {basis} claim")
    return Claim(**data, given=given)


def parse_line(value: Any, path: str) -> GoodsLine:
    data, given = obj(
        value,
        path,
        {
            "name": (p_nonempty_str, REQUIRED),
            "model": (_opt_str, None),
            "maker": (_opt_str, None),
            "quantity": (p_decimal(positive=True), REQUIRED),
            "unit": (p_nonempty_str, "pcs"),
            "unit_value": (p_decimal(), REQUIRED),
            "currency": (p_currency, "JPY"),
            "hs_code": (p_optional(p_hs), None),
            "classification": (parse_classification, REQUIRED),
            "concern_relevance": (_concerns, ()),
            "carries_technology": (p_bool, False),
            "exceptions": (p_list(parse_claim), ()),
            "notes": (_opt_str, None),
        },
    )
    return GoodsLine(**data, given=given)


def _expected(value: Any, path: str) -> Mapping[str, Any]:
    obj(
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
    data, given = obj(
        value,
        "",
        {
            "format": (p_enum(FORMAT), REQUIRED),
            "id": (p_nonempty_str, REQUIRED),
            "title": (_opt_str, None),
            "as_of": (_opt_date, None),
            "shipment": (parse_shipment_info, REQUIRED),
            "goods": (p_list(parse_line), REQUIRED),
            "related_cases": (p_list(p_nonempty_str, unique=True), ()),
            "notes": (_opt_str, None),
            "expected": (p_optional(_expected), None),
        },
    )
    data.pop("format")
    require(bool(data["goods"]), "goods", "must list at least one line")
    rates = data["shipment"].fx_rates
    for i, line in enumerate(data["goods"]):
        if line.currency != "JPY":
            require(
                line.currency in rates,
                f"goods[{i}].currency",
                f"{line.currency} needs its rate in shipment.fx_rates",
            )
    return Shipment(**data, given=given)


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


def load_shipment_file(path: str | Path) -> Shipment:
    return loads_shipment(read_text(path), source=str(path))
