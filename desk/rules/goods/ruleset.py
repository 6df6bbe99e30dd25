"""The goods rule set (``desk-goods-ruleset/1``): the tables of goods-policy.md as data.

Country groups, the 16項 chapters, the 16(1) HS codes, the 少額特例 limits, sanctions
tables with their validity, ordinance revisions and retention periods live in
``resources/rulesets/jp-fefta-goods-<effective date>.json``; a new revision is a new file.
Every file is validated whole when loaded (an error names the file and the key).
One piece past 400 lines: the validation follows the file's structure key by key, next
to the dataclasses it fills and the selection by date.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from desk.domain.case import p_bool, p_country, p_date, p_enum, p_optional, p_str
from desk.domain.errors import InvalidInput
from desk.domain.goods.model import MODES
from desk.domain.goods.parsing import ITEM_RE
from desk.resources import resource
from desk.rules.ruleset import REQUIRED, kind_of, strict_object

FORMAT = "desk-goods-ruleset/1"
RULESET_ID = "jp-fefta-goods"
SANCTION_CODES = (
    "sanction.kp_total_ban",
    "sanction.ru_specified_entity",
    "sanction.iran",
    "sanction.ru_by_listed",
    "sanction.ru_by_check",
)


@dataclass(frozen=True)
class SanctionTable:
    """One sanctions table (§G4.0): which lines it catches, where, and from when to when."""

    code: str
    countries: frozenset[str]
    party_flag: str | None
    lines: str  # "any" | "listed"
    concern_relevance_any: frozenset[str]
    outcome: str  # "STOP" | "HOLD"
    valid_from: dt.date | None
    valid_to: dt.date | None
    notice: str | None

    def expired_on(self, day: dt.date) -> bool:
        return self.valid_to is not None and day > self.valid_to

    def started_on(self, day: dt.date) -> bool:
        return self.valid_from is None or day >= self.valid_from


@dataclass(frozen=True)
class OrdinanceRevision:
    effective: dt.date
    promulgated: dt.date | None
    items_changed: frozenset[str]
    entries_added: bool
    summary: str
    source: str | None


@dataclass(frozen=True)
class GoodsRuleSet:
    id: str
    version: str
    effective: dt.date
    title_ja: str
    title_en: str
    sources: tuple[str, ...]
    group_a: frozenset[str]
    un_arms_embargo: frozenset[str]
    concern_countries: frozenset[str]
    item16_chapters: frozenset[str]
    item16_1_codes: tuple[str, ...]
    item16_1_excluded: tuple[str, ...]
    item16_1_flag_decides: tuple[str, ...]
    small_value_items: frozenset[str]
    small_value_limit: Decimal
    table_3_3_limit: Decimal
    always_table_3_3_items: frozenset[str]
    own_use_horizon_years: int
    free_temporary_excluded_items: frozenset[str]
    sanctions: tuple[SanctionTable, ...]
    ordinance_revisions: tuple[OrdinanceRevision, ...]
    customs_modes: frozenset[str]
    customs_years: int
    institution_years: int
    source_file: str | None = None

    @property
    def identity(self) -> dict[str, str]:
        return {"id": self.id, "version": self.version}

    def is_un_or_concern(self, country: str) -> bool:
        return country in self.un_arms_embargo or country in self.concern_countries

    def revisions_in_force(self, day: dt.date) -> tuple[OrdinanceRevision, ...]:
        return tuple(r for r in self.ordinance_revisions if r.effective <= day)


# --------------------------------------------------------------------------- validation


def _list(item: Any, *, nonempty: bool = True) -> Any:
    def parse(value: Any, path: str) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise InvalidInput(f"expected a list, got {kind_of(value)}", where=path)
        if nonempty and not value:
            raise InvalidInput("must not be empty", where=path)
        out = tuple(item(v, f"{path}[{i}]") for i, v in enumerate(value))
        if len(set(out)) != len(out):
            raise InvalidInput("lists the same value twice", where=path)
        return out

    return parse


def _text(value: Any, path: str) -> str:
    text = p_str(value, path)
    if not text.strip():
        raise InvalidInput("must not be empty", where=path)
    return text


def _digits(length: tuple[int, int]) -> Any:
    def parse(value: Any, path: str) -> str:
        text = _text(value, path)
        if not (text.isdigit() and length[0] <= len(text) <= length[1]):
            raise InvalidInput(f"expected {length[0]}–{length[1]} digits, got {text!r}", where=path)
        return text

    return parse


def _whole(low: int) -> Any:
    def parse(value: Any, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(f"expected a whole number, got {kind_of(value)}", where=path)
        if value < low:
            raise InvalidInput(f"must be at least {low}, got {value}", where=path)
        return value

    return parse


def _item(value: Any, path: str) -> str:
    text = _text(value, path)
    if ":" in text or not ITEM_RE.match(text):
        raise InvalidInput(f'unknown item {text!r} (expected "1"–"15" or "3-2")', where=path)
    return text


def _countries(value: Any, path: str) -> frozenset[str]:
    data = strict_object(
        value, path, {"table": (_text, REQUIRED), "countries": (_list(p_country), REQUIRED)}
    )
    return frozenset(data["countries"])


def _source(value: Any, path: str) -> str:
    data = strict_object(value, path, {"ref": (_text, REQUIRED), "url": (p_optional(_text), None)})
    return f"{data['ref']} <{data['url']}>" if data["url"] else str(data["ref"])


def _sanction(value: Any, path: str) -> SanctionTable:
    data = strict_object(
        value,
        path,
        {
            "code": (p_enum(*SANCTION_CODES), REQUIRED),
            "countries": (_list(p_country), ()),
            "party_flag": (p_optional(p_enum("ru_specified_entity")), None),
            "lines": (p_enum("any", "listed"), REQUIRED),
            "concern_relevance_any": (_list(p_enum("B", "C", "M", "N", "CW")), ()),
            "outcome": (p_enum("STOP", "HOLD"), REQUIRED),
            "valid_from": (p_optional(p_date), None),
            "valid_to": (p_optional(p_date), None),
            "notice": (p_optional(_text), None),
        },
    )
    if bool(data["countries"]) == (data["party_flag"] is not None):
        raise InvalidInput("give either countries or party_flag", where=path)
    if data["valid_from"] and data["valid_to"] and data["valid_to"] < data["valid_from"]:
        raise InvalidInput("is before valid_from", where=f"{path}.valid_to")
    data["countries"] = frozenset(data["countries"])
    data["concern_relevance_any"] = frozenset(data["concern_relevance_any"])
    return SanctionTable(**data)


def _revision(value: Any, path: str) -> OrdinanceRevision:
    data = strict_object(
        value,
        path,
        {
            "effective": (p_date, REQUIRED),
            "promulgated": (p_optional(p_date), None),
            "items_changed": (_list(_item, nonempty=False), REQUIRED),
            "entries_added": (p_bool, REQUIRED),
            "summary": (_text, REQUIRED),
            "source": (p_optional(_text), None),
        },
    )
    data["items_changed"] = frozenset(data["items_changed"])
    return OrdinanceRevision(**data)


def parse_goods_ruleset(doc: Any, *, source: str | None = None) -> GoodsRuleSet:
    """Validate a decoded goods rule-set document; errors name ``source`` and the key path."""
    try:
        return _parse(doc, source)
    except InvalidInput as exc:
        raise exc.with_source(source) if source else exc from None


def _parse(doc: Any, source: str | None) -> GoodsRuleSet:
    top = strict_object(
        doc,
        "",
        {
            "format": (p_enum(FORMAT), REQUIRED),
            "id": (_text, REQUIRED),
            "version": (_text, REQUIRED),
            "effective": (p_date, REQUIRED),
            "title": (
                lambda v, p: strict_object(
                    v, p, {"ja": (_text, REQUIRED), "en": (_text, REQUIRED)}
                ),
                REQUIRED,
            ),
            "sources": (_list(_source), REQUIRED),
            "group_a": (_countries, REQUIRED),
            "un_arms_embargo": (_countries, REQUIRED),
            "concern_countries": (_countries, REQUIRED),
            "item16_scope": (
                lambda v, p: strict_object(
                    v,
                    p,
                    {
                        "table": (_text, REQUIRED),
                        "hs_chapters": (_list(_digits((2, 2))), REQUIRED),
                    },
                ),
                REQUIRED,
            ),
            "item16_1": (
                lambda v, p: strict_object(
                    v,
                    p,
                    {
                        "table": (_text, REQUIRED),
                        "hs_codes": (_list(_digits((4, 10))), REQUIRED),
                        "excluded": (_list(_digits((4, 10)), nonempty=False), ()),
                        "flag_decides": (_list(_digits((4, 10)), nonempty=False), ()),
                    },
                ),
                REQUIRED,
            ),
            "small_value": (
                lambda v, p: strict_object(
                    v,
                    p,
                    {
                        "table": (_text, REQUIRED),
                        "items": (_list(_item), REQUIRED),
                        "limit_jpy": (_whole(0), REQUIRED),
                        "table_3_3_limit_jpy": (_whole(0), REQUIRED),
                        "always_table_3_3_items": (_list(_item, nonempty=False), ()),
                    },
                ),
                REQUIRED,
            ),
            "free_temporary": (
                lambda v, p: strict_object(
                    v,
                    p,
                    {
                        "table": (_text, REQUIRED),
                        "own_use_horizon_years": (_whole(1), REQUIRED),
                        "excluded_items": (_list(_item, nonempty=False), ()),
                    },
                ),
                REQUIRED,
            ),
            "sanctions": (_list(_sanction), REQUIRED),
            "ordinance_revisions": (_list(_revision, nonempty=False), REQUIRED),
            "records": (
                lambda v, p: strict_object(
                    v,
                    p,
                    {
                        "customs_modes": (_list(p_enum(*MODES)), REQUIRED),
                        "customs_years": (_whole(1), REQUIRED),
                        "institution_years": (_whole(1), REQUIRED),
                    },
                ),
                REQUIRED,
            ),
        },
    )
    records = top["records"]
    if records["institution_years"] < records["customs_years"]:
        raise InvalidInput(
            "must not be shorter than customs_years (policy §G11)",
            where="records.institution_years",
        )
    sv, ft, i16 = top["small_value"], top["free_temporary"], top["item16_1"]
    revisions = tuple(sorted(top["ordinance_revisions"], key=lambda r: r.effective))
    return GoodsRuleSet(
        id=top["id"],
        version=top["version"],
        effective=top["effective"],
        title_ja=top["title"]["ja"],
        title_en=top["title"]["en"],
        sources=top["sources"],
        group_a=top["group_a"],
        un_arms_embargo=top["un_arms_embargo"],
        concern_countries=top["concern_countries"],
        item16_chapters=frozenset(top["item16_scope"]["hs_chapters"]),
        item16_1_codes=i16["hs_codes"],
        item16_1_excluded=i16["excluded"],
        item16_1_flag_decides=i16["flag_decides"],
        small_value_items=frozenset(sv["items"]),
        small_value_limit=Decimal(sv["limit_jpy"]),
        table_3_3_limit=Decimal(sv["table_3_3_limit_jpy"]),
        always_table_3_3_items=frozenset(sv["always_table_3_3_items"]),
        own_use_horizon_years=ft["own_use_horizon_years"],
        free_temporary_excluded_items=frozenset(ft["excluded_items"]),
        sanctions=top["sanctions"],
        ordinance_revisions=revisions,
        customs_modes=frozenset(records["customs_modes"]),
        customs_years=records["customs_years"],
        institution_years=records["institution_years"],
        source_file=source,
    )


def load_goods_ruleset(path: str | Path) -> GoodsRuleSet:
    p = Path(path)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InvalidInput(
            f"cannot read the rule-set file ({exc.strerror})", source=str(path)
        ) from None
    except UnicodeDecodeError:
        raise InvalidInput("not UTF-8 text", source=str(path)) from None
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InvalidInput(f"not valid JSON ({exc})", source=str(path)) from None
    return parse_goods_ruleset(doc, source=str(path))


@cache
def _available(directory: str) -> tuple[GoodsRuleSet, ...]:
    found = tuple(
        load_goods_ruleset(p) for p in sorted(Path(directory).glob(f"{RULESET_ID}-*.json"))
    )
    seen: set[str] = set()
    for rs in found:
        if rs.version in seen:
            raise InvalidInput(
                f"goods rule set version {rs.version} is defined twice", source=rs.source_file
            )
        seen.add(rs.version)
    return tuple(sorted(found, key=lambda r: (r.effective, r.version)))


def available_goods_rulesets(directory: str | Path | None = None) -> tuple[GoodsRuleSet, ...]:
    """Every goods rule set in ``directory`` (default ``resources/rulesets``), oldest first."""
    return _available(str(directory or resource("rulesets")))


def select_goods_ruleset(
    as_of: dt.date, *, version: str | None = None, directory: str | Path | None = None
) -> GoodsRuleSet:
    """The goods rule set ``version``, or the latest in force on ``as_of`` (else the oldest)."""
    candidates = available_goods_rulesets(directory)
    if not candidates:
        raise InvalidInput(
            f"no rule set {RULESET_ID!r} found", source=str(directory or resource("rulesets"))
        )
    if version is not None:
        for rs in candidates:
            if rs.version == version:
                return rs
        known = ", ".join(r.version for r in candidates)
        raise InvalidInput(
            f"unknown goods rule-set version {version!r} (known: {known})", where="ruleset"
        )
    in_force = [r for r in candidates if r.effective <= as_of]
    return in_force[-1] if in_force else candidates[0]
