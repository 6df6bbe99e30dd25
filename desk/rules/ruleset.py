"""Versioned rule-set data: what changes with each regulation revision.

Country tables, overlays, WMD-related items and thresholds live in
``resources/rulesets/<id>-<effective date>.json`` (format ``desk-ruleset/1``), never in
code: a new revision of the regulations is a new file. This module reads a file,
validates it whole (an error names the file and the key) and picks the rule set in
force on a date.

One piece at about 400 lines: the dataclasses and the validator that fills them mirror
one file format key by key, and are read side by side when the format changes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from desk.domain.case import LISTED_ITEMS, WMD_CONCERNS, p_country, p_date, p_enum, p_str
from desk.domain.errors import InvalidInput
from desk.domain.localtime import today as local_today
from desk.resources import resource

FORMAT = "desk-ruleset/1"
SANCTION_OUTCOMES = ("STOP", "HOLD")
TECHNOLOGY_SCOPES = ("listed", "item16", "any")
# rule sets of other engines sharing resources/rulesets (desk.rules.goods.ruleset)
OTHER_RULESET_PREFIXES = ("jp-fefta-goods-",)
CONCERN_CODES = (*WMD_CONCERNS, "CW")


@dataclass(frozen=True)
class SanctionRule:
    """One row of a sanctions overlay: which technology it catches and what it gives."""

    technology: str  # "listed" | "item16" | "any"
    concern_relevance_any: frozenset[str]  # empty = no condition on concern relevance
    outcome: str  # "STOP" | "HOLD"


@dataclass(frozen=True)
class SanctionsOverlay:
    country: str
    rules: tuple[SanctionRule, ...]
    notice: str | None


@dataclass(frozen=True)
class TeachingOverlay:
    country: str
    concern_relevance_any: frozenset[str]


@dataclass(frozen=True)
class RuleSet:
    id: str
    version: str
    effective: dt.date
    title_ja: str
    title_en: str
    sources: tuple[str, ...]
    group_a: frozenset[str]
    group_a_table: str
    un_arms_embargo: frozenset[str]
    un_arms_embargo_table: str
    concern_countries: frozenset[str]
    concern_countries_table: str
    nationality_stop: frozenset[str]
    specialised_teaching: tuple[TeachingOverlay, ...]
    nationality_table: str
    sanctions: tuple[SanctionsOverlay, ...]
    sanctions_table: str
    wmd_items: frozenset[str]
    # items graded with the WMD items (policy §6) that are not WMD: item 1 (武器). Rule sets
    # before 2025-10-09.2 listed it under wmd_items.
    arms_items: frozenset[str]
    type2_share_of_income: float
    residency_months: int
    abroad_years: int
    source_file: str | None = None
    # Group B (輸出貿易管理令の運用について: the regime members outside Group A), when the
    # rule set loads it: records then print A, B, C or 別表第3の2/第4 (group D), never "B/C";
    # without it a country outside the three tables is a 一般国
    group_b: frozenset[str] = frozenset()
    group_b_table: str | None = None
    # item → its technology article of the 貨物等省令 (e.g. "7" → "第19条"), where sourced
    technology_articles: tuple[tuple[str, str], ...] = ()

    def technology_article(self, item: str | None) -> str | None:
        """The 貨物等省令 article of a listed item's technology (None: not in the rule set)."""
        return dict(self.technology_articles).get(item or "")

    @property
    def identity(self) -> dict[str, str]:
        return {"id": self.id, "version": self.version}

    def is_un_or_concern(self, country: str) -> bool:
        """別表第3の2 or 別表第4: the "UN/concern country" of the risk table."""
        return country in self.un_arms_embargo or country in self.concern_countries


# --------------------------------------------------------------------------- validation

_Parser = Callable[[Any, str], Any]
REQUIRED = object()  # in a spec of strict_object: the key must be given (the goods rule set too)


def kind_of(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "null" if value is None else "a number"
    )


def strict_object(value: Any, path: str, spec: Mapping[str, tuple[_Parser, Any]]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput(f"expected an object, got {kind_of(value)}", where=path or "(top level)")
    prefix = f"{path}." if path else ""
    for key in value:
        if key not in spec:
            raise InvalidInput(f"unknown key (allowed: {', '.join(spec)})", where=f"{prefix}{key}")
    out: dict[str, Any] = {}
    for key, (parser, default) in spec.items():
        if key in value:
            out[key] = parser(value[key], f"{prefix}{key}")
        elif default is REQUIRED:
            raise InvalidInput("required key is missing", where=f"{prefix}{key}")
        else:
            out[key] = default
    return out


def _list(item: _Parser, *, nonempty: bool = False) -> _Parser:
    def parse(value: Any, path: str) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise InvalidInput(f"expected a list, got {kind_of(value)}", where=path)
        out = tuple(item(v, f"{path}[{i}]") for i, v in enumerate(value))
        if len(set(out)) != len(out):
            raise InvalidInput("lists the same value twice", where=path)
        if nonempty and not out:
            raise InvalidInput("must not be empty", where=path)
        return out

    return parse


def _text(value: Any, path: str) -> str:
    text = p_str(value, path)
    if not text.strip():
        raise InvalidInput("must not be empty", where=path)
    return text


def _opt_text(value: Any, path: str) -> str | None:
    return None if value is None else _text(value, path)


def _number(low: float, high: float, *, integer: bool = False) -> _Parser:
    def parse(value: Any, path: str) -> float:
        ok = isinstance(value, int) if integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not ok:
            raise InvalidInput(
                f"expected {'a whole number' if integer else 'a number'}, got {kind_of(value)}",
                where=path,
            )
        if not low <= value <= high:
            raise InvalidInput(f"must be between {low:g} and {high:g}, got {value}", where=path)
        return float(value)

    return parse


def _table(value: Any, path: str) -> tuple[str, frozenset[str]]:
    data = strict_object(
        value,
        path,
        {"table": (_text, REQUIRED), "countries": (_list(p_country, nonempty=True), REQUIRED)},
    )
    return data["table"], frozenset(data["countries"])


def _source(value: Any, path: str) -> str:
    data = strict_object(value, path, {"ref": (_text, REQUIRED), "url": (_opt_text, None)})
    return f"{data['ref']} <{data['url']}>" if data["url"] else str(data["ref"])


def _concerns(value: Any, path: str) -> frozenset[str]:
    return frozenset(_list(p_enum(*CONCERN_CODES))(value, path))


def _sanction_rule(value: Any, path: str) -> SanctionRule:
    data = strict_object(
        value,
        path,
        {
            "technology": (p_enum(*TECHNOLOGY_SCOPES), "any"),
            "concern_relevance_any": (_concerns, frozenset()),
            "outcome": (p_enum(*SANCTION_OUTCOMES), REQUIRED),
        },
    )
    return SanctionRule(**data)


def _sanctions_overlay(value: Any, path: str) -> SanctionsOverlay:
    data = strict_object(
        value,
        path,
        {
            "country": (p_country, REQUIRED),
            "rules": (_list(_sanction_rule, nonempty=True), REQUIRED),
            "notice": (_opt_text, None),
        },
    )
    return SanctionsOverlay(**data)


def _teaching_overlay(value: Any, path: str) -> TeachingOverlay:
    data = strict_object(
        value,
        path,
        {"country": (p_country, REQUIRED), "concern_relevance_any": (_concerns, REQUIRED)},
    )
    if not data["concern_relevance_any"]:
        raise InvalidInput("must not be empty", where=f"{path}.concern_relevance_any")
    return TeachingOverlay(**data)


_ARTICLE = re.compile(r"^第[0-9]+条(の[0-9]+)?$")


def _articles(value: Any, path: str) -> dict[str, str]:
    """``{"7": "第19条", …}``: each listed item's technology article of the 貨物等省令."""
    if not isinstance(value, dict):
        raise InvalidInput(f"must be an object, not {kind_of(value)}", where=path)
    out: dict[str, str] = {}
    for key, article in value.items():
        item = _item(key, f"{path}.{key}")
        text = p_str(article, f"{path}.{key}")
        if not _ARTICLE.match(text):
            raise InvalidInput(f"not an article such as 第19条: {text!r}", where=f"{path}.{key}")
        out[item] = text
    return out


def _item(value: Any, path: str) -> str:
    text = p_str(value, path)
    if text not in LISTED_ITEMS:
        raise InvalidInput(f'unknown item {text!r} (expected "1"–"15" or "3-2")', where=path)
    return text


def parse_ruleset(doc: Any, *, source: str | None = None) -> RuleSet:
    """Validate a decoded rule-set document; errors name ``source`` and the key path."""
    try:
        return _parse(doc, source)
    except InvalidInput as exc:
        raise exc.with_source(source) if source else exc from None


def _parse(doc: Any, source: str | None) -> RuleSet:
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
            "sources": (_list(_source, nonempty=True), REQUIRED),
            "group_a": (_table, REQUIRED),
            "un_arms_embargo": (_table, REQUIRED),
            "concern_countries": (_table, REQUIRED),
            "nationality_overlays": (
                lambda v, p: strict_object(
                    v,
                    p,
                    {
                        "table": (_text, REQUIRED),
                        "stop": (_list(p_country), REQUIRED),
                        "specialised_teaching": (_list(_teaching_overlay), REQUIRED),
                    },
                ),
                REQUIRED,
            ),
            "sanctions_overlays": (
                lambda v, p: strict_object(
                    v,
                    p,
                    {
                        "table": (_text, REQUIRED),
                        "countries": (_list(_sanctions_overlay), REQUIRED),
                    },
                ),
                REQUIRED,
            ),
            "wmd_items": (_list(_item, nonempty=True), REQUIRED),
            "arms_items": (_list(_item), []),
            "group_b": (_table, None),
            "technology_articles": (_articles, {}),
            "thresholds": (
                lambda v, p: strict_object(
                    v,
                    p,
                    {
                        "type2_share_of_income": (_number(0.0, 1.0), REQUIRED),
                        "residency_months": (_number(1, 60, integer=True), REQUIRED),
                        "abroad_years": (_number(1, 20, integer=True), REQUIRED),
                    },
                ),
                REQUIRED,
            ),
        },
    )
    a_table, group_a = top["group_a"]
    un_table, un = top["un_arms_embargo"]
    c_table, concern = top["concern_countries"]
    both = sorted(group_a & (un | concern))
    if both:
        raise InvalidInput(
            f"{', '.join(both)} cannot be both in Group A and a UN arms-embargo or concern country",
            where="group_a.countries",
        )
    b_table, group_b = top["group_b"] or (None, frozenset())
    clash = sorted(group_b & (group_a | un | concern))
    if clash:
        raise InvalidInput(
            f"{', '.join(clash)} cannot be in Group B and in another country table",
            where="group_b.countries",
        )
    if "JP" in group_a | un | concern | group_b:
        raise InvalidInput(
            "JP cannot be in a country table (JP is never a destination)", where="group_a.countries"
        )
    sanctions = top["sanctions_overlays"]
    countries = [s.country for s in sanctions["countries"]]
    if len(set(countries)) != len(countries):
        raise InvalidInput("names the same country twice", where="sanctions_overlays.countries")
    nat = top["nationality_overlays"]
    thresholds = top["thresholds"]
    if thresholds["type2_share_of_income"] <= 0:
        raise InvalidInput("must be more than 0", where="thresholds.type2_share_of_income")
    return RuleSet(
        id=top["id"],
        version=top["version"],
        effective=top["effective"],
        title_ja=top["title"]["ja"],
        title_en=top["title"]["en"],
        sources=top["sources"],
        group_a=group_a,
        group_a_table=a_table,
        un_arms_embargo=un,
        un_arms_embargo_table=un_table,
        concern_countries=concern,
        concern_countries_table=c_table,
        nationality_stop=frozenset(nat["stop"]),
        specialised_teaching=nat["specialised_teaching"],
        nationality_table=nat["table"],
        sanctions=sanctions["countries"],
        sanctions_table=sanctions["table"],
        wmd_items=frozenset(top["wmd_items"]),
        arms_items=frozenset(top["arms_items"]),
        type2_share_of_income=float(thresholds["type2_share_of_income"]),
        residency_months=int(thresholds["residency_months"]),
        abroad_years=int(thresholds["abroad_years"]),
        source_file=source,
        group_b=group_b,
        group_b_table=b_table,
        technology_articles=tuple(sorted(top["technology_articles"].items())),
    )


def load_ruleset(path: str | Path) -> RuleSet:
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
    return parse_ruleset(doc, source=str(path))


# --------------------------------------------------------------------------- selection


def rulesets_dir() -> Path:
    return resource("rulesets")


@cache
def _available(directory: str) -> tuple[RuleSet, ...]:
    found = tuple(
        load_ruleset(p)
        for p in sorted(Path(directory).glob("*.json"))
        if not p.name.startswith(OTHER_RULESET_PREFIXES)
    )
    versions = [(r.id, r.version) for r in found]
    for rs in found:
        if versions.count((rs.id, rs.version)) > 1:
            raise InvalidInput(
                f"rule set {rs.id} version {rs.version} is defined twice", source=rs.source_file
            )
    return found


def available_rulesets(directory: str | Path | None = None) -> tuple[RuleSet, ...]:
    """Every rule set shipped in ``directory`` (default: ``resources/rulesets``), oldest first."""
    found = _available(str(directory or rulesets_dir()))
    return tuple(sorted(found, key=lambda r: (r.effective, r.version)))


def select_ruleset(
    as_of: dt.date | None = None,
    *,
    version: str | None = None,
    ruleset_id: str = "jp-fefta",
    directory: str | Path | None = None,
) -> RuleSet:
    """The rule set ``version``, or the latest in force on ``as_of`` (today when None).

    Before the first effective date the oldest rule set is used; the engine says so in
    a reason (:func:`in_force`).
    """
    candidates = [r for r in available_rulesets(directory) if r.id == ruleset_id]
    if not candidates:
        raise InvalidInput(
            f"no rule set {ruleset_id!r} found", source=str(directory or rulesets_dir())
        )
    if version is not None:
        for rs in candidates:
            if rs.version == version:
                return rs
        known = ", ".join(r.version for r in candidates)
        raise InvalidInput(
            f"unknown rule-set version {version!r} (known: {known})", where="ruleset"
        )
    day = as_of or local_today()
    in_force_now = [r for r in candidates if r.effective <= day]
    return in_force_now[-1] if in_force_now else candidates[0]


def in_force(ruleset: RuleSet, day: dt.date) -> bool:
    return ruleset.effective <= day


def ruleset_versions(rulesets: Sequence[RuleSet]) -> list[dict[str, str]]:
    return [r.identity for r in rulesets]
