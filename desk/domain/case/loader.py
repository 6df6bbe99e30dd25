"""The strict ``desk-case/1`` loader (``../shared/spec/case-format.md``): unknown keys,
wrong types, bad dates, unknown country codes and enum values are errors that name the
key path; a duplicate key or a non-finite number is refused.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from desk.domain.case.model import (
    ABROAD_PURPOSES,
    AFFILIATION_KINDS,
    CHANNELS,
    CLASSIFICATIONS,
    CONCERNS,
    CONTRACT_TIE_TYPES,
    COUNTERPARTY_KINDS,
    DECLARATION_BASES,
    EMPLOYMENT_FORMS,
    END_USES,
    EXEMPTION_BASES,
    EXEMPTION_FACTS,
    FORMAT,
    LISTED_ITEMS,
    LOCATIONS,
    OFFICIAL_STATUSES,
    OUTCOMES,
    PAID_TO,
    PLACES,
    RECIPIENT_KINDS,
    RISKS,
    TIE_TYPES,
    TIMINGS,
    Affiliation,
    Case,
    ClearedHit,
    ClearFinding,
    Declaration,
    Employment,
    ExemptionClaim,
    Provision,
    Recipient,
    Technology,
    Tie,
)
from desk.domain.case.values import (
    _REQUIRED,
    _err,
    _obj,
    _opt_country,
    _opt_date,
    _opt_str,
    _Parser,
    _require,
    p_bool,
    p_country,
    p_date,
    p_enum,
    p_fraction,
    p_list,
    p_nonempty_str,
    p_number,
    p_optional,
    p_str,
)
from desk.domain.errors import InvalidInput
from desk.domain.limits import MAX_CASE_FILE_BYTES, check_document

_EXEMPTION_SPEC: dict[str, tuple[_Parser, Any]] = {
    "basis": (p_enum(*EXEMPTION_BASES), _REQUIRED),
    "evidence": (_opt_str, None),
    "note": (_opt_str, None),
    "covers_all_content": (p_bool, None),
    "audience": (p_enum("open", "restricted"), None),
    "aims_at_natural_principles": (p_bool, None),
    "aims_at_specific_product": (p_bool, None),
    "includes_use_technology": (p_bool, False),
    "minimum_necessary": (p_bool, None),
    "goods_export_cleared": (p_bool, None),
    "sold_to_public": (p_bool, None),
    "not_custom_made": (p_bool, None),
}


def parse_exemption(value: Any, path: str) -> ExemptionClaim:
    data, given = _obj(value, path, _EXEMPTION_SPEC)
    basis = data["basis"]
    for fact in EXEMPTION_FACTS[basis]:
        _require(data[fact] is not None, f"{path}.{fact}", f"required for a {basis} claim")
    if basis != "fundamental_research":
        _require(
            "includes_use_technology" not in given,
            f"{path}.includes_use_technology",
            "only a fundamental_research claim carries this fact",
        )
    return ExemptionClaim(**data, given=given)


def _item(value: Any, path: str) -> str:
    text = p_str(value, path)
    number = text.split(":", 1)[0].strip()
    if number not in LISTED_ITEMS and number != "16":
        raise _err(
            path,
            f'unknown item {text!r} (expected "1"–"15", "3-2" or "16", optionally ":sub-item")',
        )
    return text


def parse_technology(value: Any, path: str) -> Technology:
    data, given = _obj(
        value,
        path,
        {
            "title": (_opt_str, None),
            "classification": (p_enum(*CLASSIFICATIONS), _REQUIRED),
            "item": (p_optional(_item), None),
            "specific_item_16_1": (p_bool, False),
            "concern_relevance": (p_list(p_enum(*CONCERNS), unique=True), ()),
            "exemptions": (p_list(parse_exemption), ()),
        },
    )
    tech = Technology(**data, given=given)
    if tech.classification == "listed":
        _require(tech.item is not None, f"{path}.item", "required when classification is listed")
        _require(
            tech.item_number in LISTED_ITEMS,
            f"{path}.item",
            f"listed technology needs an item 1–15 or 3-2, not {tech.item!r}",
        )
    return tech


def parse_employment(value: Any, path: str) -> Employment:
    data, given = _obj(
        value,
        path,
        {
            "employer": (_opt_str, None),
            "since": (p_date, _REQUIRED),
            "until": (_opt_date, None),
            "form": (p_enum(*EMPLOYMENT_FORMS), _REQUIRED),
        },
    )
    emp = Employment(**data, given=given)
    if emp.until is not None:
        _require(emp.until >= emp.since, f"{path}.until", "is before since")
    return emp


def parse_affiliation(value: Any, path: str) -> Affiliation:
    data, given = _obj(
        value,
        path,
        {
            "name": (p_nonempty_str, _REQUIRED),
            "country": (_opt_country, None),
            "kind": (p_optional(p_enum(*AFFILIATION_KINDS)), None),
        },
    )
    return Affiliation(**data, given=given)


def parse_tie(value: Any, path: str) -> Tie:
    data, given = _obj(
        value,
        path,
        {
            "type": (p_enum(*TIE_TYPES), _REQUIRED),
            "counterparty": (_opt_str, None),
            "counterparty_kind": (p_enum(*COUNTERPARTY_KINDS), _REQUIRED),
            "country": (_opt_country, None),
            "follows_directions": (p_bool, False),
            "priority_agreement": (p_bool, False),
            "paid_to": (p_enum(*PAID_TO), None),
            "share_of_income": (p_optional(p_fraction), None),
            "timing": (p_enum(*TIMINGS), "current"),
            "repayment_waived": (p_bool, False),
        },
    )
    tie = Tie(**data, given=given)
    if tie.type in CONTRACT_TIE_TYPES:
        _require(
            "follows_directions" in given,
            f"{path}.follows_directions",
            "required for a contract tie",
        )
    if tie.type == "funding":
        _require(tie.paid_to is not None, f"{path}.paid_to", "required for a funding tie")
    return tie


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


def parse_declaration(value: Any, path: str) -> Declaration:
    data, given = _obj(
        value,
        path,
        {
            "declared_on": (p_date, _REQUIRED),
            "types": (p_list(p_enum(1, 2, 3), unique=True), _REQUIRED),
            "basis": (p_enum(*DECLARATION_BASES), "self_declaration"),
            "note": (_opt_str, None),
        },
    )
    return Declaration(**data, given=given)


def parse_recipient(value: Any, path: str) -> Recipient:
    data, given = _obj(
        value,
        path,
        {
            "kind": (p_enum(*RECIPIENT_KINDS), "person"),
            "official_status": (p_optional(p_enum(*OFFICIAL_STATUSES)), None),
            "name": (p_nonempty_str, _REQUIRED),
            "name_latin": (_opt_str, None),
            "nationalities": (p_list(p_country, unique=True), ()),
            "country": (_opt_country, None),
            "location": (p_enum(*LOCATIONS), None),
            "entered_japan_on": (_opt_date, None),
            "employment_in_japan": (p_optional(parse_employment), None),
            "left_japan_on": (_opt_date, None),
            "abroad_purpose": (p_optional(p_enum(*ABROAD_PURPOSES)), None),
            "intended_stay_years": (p_optional(p_number), None),
            "returned_on": (_opt_date, None),
            "affiliations": (p_list(parse_affiliation), ()),
            "ties": (p_list(parse_tie), ()),
            "cleared_hits": (p_list(parse_cleared_hit), ()),
            "declaration": (p_optional(parse_declaration), None),
        },
    )
    rec = Recipient(**data, given=given)
    if rec.kind == "organization":
        _require(
            not (rec.country == "JP" and rec.effective_location == "abroad"),
            f"{path}.location",
            "an organization with country JP cannot be abroad "
            "(a foreign branch carries its foreign country)",
        )
    return rec


def parse_clear_finding(value: Any, path: str) -> ClearFinding:
    data, given = _obj(
        value, path, {"documented": (p_bool, _REQUIRED), "rationale": (_opt_str, None)}
    )
    return ClearFinding(**data, given=given)


def parse_provision(value: Any, path: str) -> Provision:
    data, given = _obj(
        value,
        path,
        {
            "place": (p_enum(*PLACES), "japan"),
            "country": (_opt_country, None),
            "channels": (p_list(p_enum(*CHANNELS), unique=True), ()),
            "date": (_opt_date, None),
            "re_provision_evident": (p_bool, False),
            "re_provision_country": (_opt_country, None),
            "known_end_use": (p_optional(p_enum(*END_USES)), None),
            "known_end_user": (p_list(p_enum(*CONCERNS), unique=True), ()),
            "inform": (p_optional(p_enum(*END_USES)), None),
            "clear_finding": (p_optional(parse_clear_finding), None),
        },
    )
    return Provision(**data, given=given)


def _expected(value: Any, path: str) -> Mapping[str, Any]:
    _obj(
        value,
        path,
        {
            "outcome": (p_enum(*OUTCOMES), None),
            "risk": (p_enum(*RISKS), None),
            "review_on": (_opt_date, None),
            "specific_categories": (p_list(p_enum(1, 2, 3)), ()),
        },
    )
    kept: Mapping[str, Any] = value  # kept as written; the engine ignores it
    return kept


def parse_case(value: Any) -> Case:
    """Validate a decoded JSON document and build a :class:`Case`.

    Raises :class:`InvalidInput` whose ``where`` is the key path, e.g.
    ``recipient.ties[0].country``.
    """
    check_document(value, source=None)  # characters, numbers and sizes (desk.domain.limits)
    data, given = _obj(
        value,
        "",
        {
            "format": (p_enum(FORMAT), _REQUIRED),
            "id": (p_nonempty_str, _REQUIRED),
            "title": (_opt_str, None),
            "as_of": (_opt_date, None),
            "technology": (parse_technology, _REQUIRED),
            "recipient": (parse_recipient, _REQUIRED),
            "provision": (parse_provision, None),
            "notes": (_opt_str, None),
            "expected": (p_optional(_expected), None),
        },
    )
    data.pop("format")
    if data["provision"] is None:
        data["provision"] = Provision()
    case = Case(**data, given=given)
    prov = case.provision
    # provision.country names where a provision abroad takes place (null = not known yet);
    # for a provision in Japan only JP is consistent.
    if prov.place == "japan" and prov.country not in (None, "JP"):
        raise _err(
            "provision.country",
            f"{prov.country!r} contradicts place: japan (the country is for a provision abroad)",
        )
    return case


def loads_case(text: str | bytes, source: str | None = None) -> Case:
    """Parse one case document from JSON text; errors name ``source``."""
    try:
        doc = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput(f"not valid JSON ({exc})", source=source) from None
    except RecursionError:
        raise InvalidInput("not valid JSON (nested too deeply)", source=source) from None
    try:
        return parse_case(doc)
    except InvalidInput as exc:
        raise exc.with_source(source) if source else exc from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json keeps the last of two equal keys silently; a hand-edited file means one of them
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key!r} appears twice in one object")
        out[key] = value
    return out


def load_case_file(path: str | Path) -> Case:
    p = Path(path)
    try:
        if p.stat().st_size > MAX_CASE_FILE_BYTES:
            raise InvalidInput(
                f"the file is larger than {MAX_CASE_FILE_BYTES // (1024 * 1024)} MB; "
                "a case file is a few kilobytes",
                source=str(path),
            )
        raw = p.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read the file ({exc.strerror})", source=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("not UTF-8 text", source=str(path)) from None
    return loads_case(text, source=str(path))


def load_cases(paths: Sequence[str | Path]) -> list[Case]:
    return [load_case_file(p) for p in paths]
