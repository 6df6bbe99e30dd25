"""The ``desk-case/1`` case: one planned provision of technology.

This module is the contract at the edge (``../shared/spec/case-format.md``): frozen
dataclasses, a strict loader (unknown keys, wrong types, bad dates, unknown country
codes and enum values are errors that name the key path) and a writer.

Every object remembers which optional keys its source document spelled out
(``given``), so that writing a loaded case back gives the same JSON document, even
where the source wrote a default value explicitly.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar

from desk.domain.countries import is_country
from desk.domain.errors import InvalidInput

FORMAT = "desk-case/1"

CLASSIFICATIONS = ("listed", "below_threshold", "not_on_list", "undetermined")
CONCERNS = ("B", "C", "M", "N", "CW")
WMD_CONCERNS = ("B", "C", "M", "N")
EXEMPTION_BASES = (
    "public_domain",
    "publication",
    "fundamental_research",
    "patent_filing",
    "minimum_use_technology",
    "commercial_software",
)
RECIPIENT_KINDS = ("person", "organization")
OFFICIAL_STATUSES = ("foreign_official", "diplomatic_consular", "japanese_mission")
LOCATIONS = ("japan", "abroad")
EMPLOYMENT_FORMS = ("full_time", "part_time", "research_assistant", "teaching_assistant")
ABROAD_PURPOSES = ("work", "study", "other")
AFFILIATION_KINDS = ("university", "company", "government", "research_institute", "other")
TIE_TYPES = ("employment", "mandate", "appointment", "contract_other", "funding", "instruction")
CONTRACT_TIE_TYPES = ("employment", "mandate", "appointment", "contract_other")
COUNTERPARTY_KINDS = (
    "foreign_government",
    "foreign_entity",
    "foreign_group_company",
    "japanese_entity",
)
PAID_TO = ("person", "institution")
TIMINGS = ("current", "before_employment")
PLACES = ("japan", "abroad")
CHANNELS = (
    "oral",
    "lab_access",
    "email",
    "cloud",
    "document",
    "presentation",
    "media_carried_abroad",
)
END_USES = ("wmd", "conventional")
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
LISTED_ITEMS = (*(str(i) for i in range(1, 16)), "3-2")

# Facts each exemption basis must carry (case-format.md, "Exemption claims").
EXEMPTION_FACTS: dict[str, tuple[str, ...]] = {
    "public_domain": ("evidence", "covers_all_content"),
    "publication": ("audience", "covers_all_content"),
    "fundamental_research": (
        "aims_at_natural_principles",
        "aims_at_specific_product",
        "covers_all_content",
    ),
    "patent_filing": ("minimum_necessary",),
    "minimum_use_technology": ("goods_export_cleared", "minimum_necessary"),
    "commercial_software": ("sold_to_public", "not_custom_made"),
}


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class ExemptionClaim:
    basis: str
    evidence: str | None = None
    note: str | None = None
    covers_all_content: bool | None = None
    audience: str | None = None
    aims_at_natural_principles: bool | None = None
    aims_at_specific_product: bool | None = None
    includes_use_technology: bool = False
    minimum_necessary: bool | None = None
    goods_export_cleared: bool | None = None
    sold_to_public: bool | None = None
    not_custom_made: bool | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Technology:
    classification: str
    title: str | None = None
    item: str | None = None
    specific_item_16_1: bool = False
    concern_relevance: tuple[str, ...] = ()
    exemptions: tuple[ExemptionClaim, ...] = ()
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @property
    def item_number(self) -> str | None:
        """The item without its sub-item: ``"7:(1)"`` → ``"7"``."""
        if self.item is None:
            return None
        return self.item.split(":", 1)[0].strip()


@dataclass(frozen=True)
class Employment:
    since: dt.date
    form: str
    employer: str | None = None
    until: dt.date | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Affiliation:
    name: str
    country: str | None = None
    kind: str | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Tie:
    type: str
    counterparty: str | None = None
    counterparty_kind: str | None = None
    country: str | None = None
    follows_directions: bool = False
    priority_agreement: bool = False
    paid_to: str | None = None
    share_of_income: float | None = None
    timing: str = "current"
    repayment_waived: bool = False
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class ClearedHit:
    list: str
    entry: str
    name: str | None = None
    reason: str | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Declaration:
    declared_on: dt.date
    types: tuple[int, ...] = ()
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Recipient:
    name: str
    kind: str = "person"
    official_status: str | None = None
    name_latin: str | None = None
    nationalities: tuple[str, ...] = ()
    country: str | None = None
    location: str | None = None  # None = the default for the kind; see effective_location
    entered_japan_on: dt.date | None = None
    employment_in_japan: Employment | None = None
    left_japan_on: dt.date | None = None
    abroad_purpose: str | None = None
    intended_stay_years: float | None = None
    returned_on: dt.date | None = None
    affiliations: tuple[Affiliation, ...] = ()
    ties: tuple[Tie, ...] = ()
    cleared_hits: tuple[ClearedHit, ...] = ()
    declaration: Declaration | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @property
    def effective_location(self) -> str:
        if self.location is not None:
            return self.location
        if self.kind == "organization":
            return "japan" if self.country == "JP" else "abroad"
        return "japan"


@dataclass(frozen=True)
class ClearFinding:
    documented: bool
    rationale: str | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Provision:
    place: str = "japan"
    country: str | None = None
    channels: tuple[str, ...] = ()
    date: dt.date | None = None
    re_provision_evident: bool = False
    re_provision_country: str | None = None
    known_end_use: str | None = None
    known_end_user: tuple[str, ...] = ()
    inform: str | None = None
    clear_finding: ClearFinding | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Case:
    id: str
    technology: Technology
    recipient: Recipient
    provision: Provision = Provision()
    title: str | None = None
    as_of: dt.date | None = None
    notes: str | None = None
    expected: Mapping[str, Any] | None = field(default=None, compare=False)
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def judged_on(self, today: dt.date | None = None) -> dt.date:
        """``as_of``, or today when the case leaves it open."""
        return self.as_of or today or dt.date.today()

    def without_expected(self) -> Case:
        return replace(self, expected=None, given=self.given - {"expected"})


# --------------------------------------------------------------------------- loading

_T = TypeVar("_T")
_Parser = Callable[[Any, str], Any]


def _err(path: str, message: str) -> InvalidInput:
    return InvalidInput(message, where=path or "(top level)")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def p_str(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _err(path, f"expected a string, got {_kind(value)}")
    return value


def p_nonempty_str(value: Any, path: str) -> str:
    text = p_str(value, path)
    if not text.strip():
        raise _err(path, "must not be empty")
    return text


def p_bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise _err(path, f"expected true or false, got {_kind(value)}")
    return value


def p_number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _err(path, f"expected a number, got {_kind(value)}")
    if value < 0:
        raise _err(path, "must not be negative")
    return value


def p_fraction(value: Any, path: str) -> float:
    number = p_number(value, path)
    if number > 1:
        raise _err(path, f"expected a fraction between 0 and 1, got {number}")
    return number


def p_date(value: Any, path: str) -> dt.date:
    if not isinstance(value, str):
        raise _err(path, f"expected a date YYYY-MM-DD, got {_kind(value)}")
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _err(path, f"not a valid date YYYY-MM-DD: {value!r}") from None


def p_country(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _err(path, f"expected an ISO 3166-1 alpha-2 country code, got {_kind(value)}")
    if not is_country(value):
        raise _err(path, f"unknown country code {value!r} (ISO 3166-1 alpha-2, e.g. CN, KR, US)")
    return value


def p_enum(*choices: Any) -> _Parser:
    def parse(value: Any, path: str) -> Any:
        if isinstance(value, bool) or value not in choices:
            shown = ", ".join(str(c) for c in choices)
            raise _err(
                path, f"unknown value {json.dumps(value, ensure_ascii=False)} (one of: {shown})"
            )
        return value

    return parse


def p_list(item: _Parser, *, unique: bool = False) -> _Parser:
    def parse(value: Any, path: str) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _err(path, f"expected a list, got {_kind(value)}")
        out = tuple(item(v, f"{path}[{i}]") for i, v in enumerate(value))
        if unique and len(set(out)) != len(out):
            raise _err(path, "lists the same value twice")
        return out

    return parse


def p_optional(inner: _Parser) -> _Parser:
    def parse(value: Any, path: str) -> Any:
        return None if value is None else inner(value, path)

    return parse


_REQUIRED = object()


def _obj(
    value: Any,
    path: str,
    spec: Mapping[str, tuple[_Parser, Any]],
) -> tuple[dict[str, Any], frozenset[str]]:
    """Check an object against ``spec`` (key → (parser, default or _REQUIRED))."""
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


def _require(cond: bool, path: str, message: str) -> None:
    if not cond:
        raise _err(path, message)


_opt_str = p_optional(p_str)
_opt_date = p_optional(p_date)
_opt_country = p_optional(p_country)

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
        raw = p.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read the file ({exc.strerror})", source=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("not UTF-8 text", source=str(path)) from None
    return loads_case(text, source=str(path))


# --------------------------------------------------------------------------- writing


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return _dump_obj(value)
    return value


def _dump_obj(obj: Any) -> dict[str, Any]:
    """Write required keys, keys the source spelled out, and values that differ from defaults."""
    given: frozenset[str] = obj.given
    out: dict[str, Any] = {}
    for f in fields(obj):
        if f.name == "given":
            continue
        value = getattr(obj, f.name)
        required = f.default is MISSING and f.default_factory is MISSING
        if required or f.name in given or value != f.default:
            out[f.name] = _jsonable(value)
    return out


def case_to_dict(case: Case, *, include_expected: bool = True) -> dict[str, Any]:
    """The ``desk-case/1`` document for ``case``."""
    body = _dump_obj(case)
    if "provision" not in case.given and case.provision == Provision():
        body.pop("provision", None)
    if not include_expected or case.expected is None:
        body.pop("expected", None)
    return {"format": FORMAT, **body}


def dumps_case(case: Case, *, include_expected: bool = True) -> str:
    return (
        json.dumps(
            case_to_dict(case, include_expected=include_expected), ensure_ascii=False, indent=2
        )
        + "\n"
    )


def load_cases(paths: Sequence[str | Path]) -> list[Case]:
    return [load_case_file(p) for p in paths]
