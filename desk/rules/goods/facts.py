"""§G2 Terms and §G3 Screening: the facts every line's judgment reads.

The shipment countries C, the strictest catch-all scope, the WMD and CW concerns and
the list hits are shipment-wide; a counting review-band hit is an unknown fact (U4),
so they are built per assumption about those hits (:class:`Env`). The 16(1) status of
a line and the catch-all trigger T are defined here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from desk.domain.goods.model import WMD_CONCERNS, GoodsLine, Party, Shipment
from desk.rules.goods.reasons import Bi, GoodsReason, reason
from desk.rules.goods.ruleset import GoodsRuleSet
from desk.screening import Matcher, ScreeningList

STRICTNESS = {"A": 0, "general": 1, "embargo": 2}
PARTY_LABELS = {
    "consignee": Bi("荷受人", "Consignee"),
    "end_user": Bi("需要者", "End user"),
    "affiliation": Bi("旅行者の所属機関", "The traveller's affiliation"),
}
LIST_LABELS = {"jp-eul": Bi("外国ユーザーリスト", "End User List")}
CATEGORY_JA = {"B": "生物", "C": "化学", "M": "ミサイル", "N": "核", "CW": "通常兵器"}


@dataclass(frozen=True)
class ScreenHit:
    """One list entry hit by the shipment's parties (best score kept)."""

    list: str
    list_version: str
    entry: str
    name: str
    country: str
    categories: tuple[str, ...]
    score: float
    band: str  # "match" | "review"
    query: str
    party_role: str
    counting: bool  # a review-band hit whose entry country is the party's (§G3): unknown U4

    @property
    def key(self) -> str:
        return f"U4:{self.list}:{self.entry}"

    def to_json(self) -> dict[str, Any]:
        return {
            "list": self.list,
            "entry": self.entry,
            "name": self.name,
            "country": self.country,
            "categories": list(self.categories),
            "score": round(self.score, 4),
            "band": self.band,
            "party": self.party_role,
        }


class _Screener:
    """A Matcher with its answers remembered: the same parties recur across shipments."""

    def __init__(self, lists: Sequence[ScreeningList]):
        self.lists = tuple(lists)
        self.matcher = Matcher(self.lists)
        self.memo: dict[tuple[str, str], list[Any]] = {}

    def screen(self, name: str, country: str) -> list[Any]:
        key = (name, country)
        found = self.memo.get(key)
        if found is None:
            found = self.matcher.screen(name, country)
            if len(self.memo) > 50_000:
                self.memo.clear()
            self.memo[key] = found
        return found


_SCREENERS: dict[tuple[int, ...], _Screener] = {}


def screener_for(lists: Sequence[ScreeningList]) -> _Screener:
    key = tuple(id(lst) for lst in lists)
    cached = _SCREENERS.get(key)
    if cached is None or cached.lists != tuple(lists):
        if len(_SCREENERS) > 8:
            _SCREENERS.clear()
        cached = _Screener(lists)
        _SCREENERS[key] = cached
    return cached


def screen(shipment: Shipment, lists: Sequence[ScreeningList]) -> list[ScreenHit]:
    """§G3: every party given as an object, by ``name`` and ``name_latin``."""
    screener = screener_for(lists)
    best: dict[tuple[str, str], ScreenHit] = {}
    for role, party in shipment.shipment.parties():
        cleared = {(c.list, c.entry) for c in party.cleared_hits}
        for name in (party.name, party.name_latin):
            if not name or not name.strip():
                continue
            for hit in screener.screen(name, party.country):
                if hit.band not in ("match", "review") or (hit.list_id, hit.entry) in cleared:
                    continue
                found = ScreenHit(
                    list=hit.list_id,
                    list_version=hit.list_version,
                    entry=hit.entry,
                    name=hit.entry_name,
                    country=hit.entry_country,
                    categories=tuple(hit.categories),
                    score=float(hit.score),
                    band=hit.band,
                    query=name,
                    party_role=role,
                    counting=hit.band == "review" and hit.entry_country == party.country,
                )
                key = (hit.list_id, hit.entry)
                old = best.get(key)
                if old is None:
                    best[key] = found
                    continue
                band = "match" if "match" in (old.band, found.band) else "review"
                keep = found if found.score > old.score else old
                counting = band == "review" and (old.counting or found.counting)
                best[key] = ScreenHit(**{**keep.__dict__, "band": band, "counting": counting})
    return sorted(best.values(), key=lambda h: (-h.score, h.list, h.entry))


def screen_reasons(hits: Sequence[ScreenHit]) -> list[GoodsReason]:
    out = []
    for h in hits:
        params: dict[str, Any] = {
            "party": PARTY_LABELS[h.party_role],
            "party_en": PARTY_LABELS[h.party_role],
            "query": h.query,
            "list": LIST_LABELS.get(h.list, Bi(h.list, h.list)),
            "version": h.list_version,
            "entry": h.entry,
            "name": h.name,
            "country": Bi(*_country_pair(h.country)),
            "score": f"{h.score:.2f}",
            "categories": Bi(
                "・".join(CATEGORY_JA.get(c, c) for c in h.categories) or "なし",
                ", ".join(h.categories) or "none",
            ),
        }
        if h.band == "match":
            out.append(reason("screen.match", None, **params))
        else:
            counts = (
                Bi(
                    "同一か確認すること（確認まで判定は不明な事実として扱う）。",
                    "Confirm whether it is the same; until then it is an unknown fact.",
                )
                if h.counting
                else Bi(
                    "記録された国が異なるため参考情報とする。",
                    "The recorded country differs: reported for information.",
                )
            )
            out.append(reason("screen.review", None, **params, counts_ja=counts, counts_en=counts))
    return out


def _country_pair(code: str) -> tuple[str, str]:
    from desk.domain.countries import COUNTRY_JA, country_name

    return COUNTRY_JA.get(code, country_name(code)), country_name(code)


@dataclass(frozen=True)
class Env:
    """Shipment-wide facts under one assumption about the counting review-band hits."""

    countries: frozenset[str]
    strictest: str
    own_group: str
    matches: tuple[ScreenHit, ...]
    wmd: frozenset[str]  # W
    cw_concern: bool
    clear: bool
    declared: bool
    un_or_concern: bool
    widening: tuple[str, ...] = field(default=())

    @property
    def list_hit(self) -> bool:
        return bool(self.matches)


def group_of(countries: frozenset[str], rs: GoodsRuleSet) -> str:
    if countries & rs.un_arms_embargo:
        return "embargo"
    if any(c not in rs.group_a for c in countries):
        return "general"
    return "A"


def build_env(
    shipment: Shipment, rs: GoodsRuleSet, hits: Sequence[ScreenHit], promoted: frozenset[str]
) -> Env:
    info = shipment.shipment
    matches = tuple(h for h in hits if h.band == "match" or h.key in promoted)
    countries = {info.destination, *info.onward_countries}
    countries |= {p.country for _, p in info.parties()}
    countries |= {h.country for h in matches}
    countries.discard("JP")
    c = frozenset(countries)
    strictest = group_of(c, rs)
    own = group_of(frozenset({info.destination}), rs)
    widening: tuple[str, ...] = ()
    if STRICTNESS[strictest] > STRICTNESS[own]:
        widening = tuple(
            sorted(x for x in c if STRICTNESS[group_of(frozenset({x}), rs)] > STRICTNESS[own])
        )
    concerns = {cat for h in matches for cat in h.categories} | set(info.known_end_user)
    clear = info.clear_finding is not None and info.clear_finding.documented
    return Env(
        countries=c,
        strictest=strictest,
        own_group=own,
        matches=matches,
        wmd=frozenset(concerns & set(WMD_CONCERNS)),
        cw_concern="CW" in concerns,
        clear=clear,
        declared=bool(info.known_end_use or info.inform or info.known_end_user),
        un_or_concern=any(rs.is_un_or_concern(x) for x in c),
        widening=widening,
    )


# --------------------------------------------------------------------------- 16(1) status

YES, NO, UNDECIDABLE = "16_1", "16_2", "undecidable"


def item16_1_status(line: GoodsLine, rs: GoodsRuleSet) -> str:
    """§G2 16(1) line: ``16_1``, ``16_2`` or ``undecidable`` (unknown fact U5)."""
    flag = line.classification.specific_item_16_1
    if flag is True:
        return YES
    hs = line.hs_digits
    if hs is None:
        return UNDECIDABLE
    if any(hs.startswith(x) for x in rs.item16_1_excluded):
        return NO
    if any(hs.startswith(x) for x in rs.item16_1_flag_decides):
        return NO if flag is False else UNDECIDABLE
    if any(hs.startswith(x) for x in rs.item16_1_codes):
        if any(x.startswith(hs) and len(x) > len(hs) for x in rs.item16_1_excluded):
            return UNDECIDABLE
        return YES
    prefixes = (*rs.item16_1_codes, *rs.item16_1_excluded)
    if any(x.startswith(hs) and len(x) > len(hs) for x in prefixes):
        return UNDECIDABLE
    if flag is not False and any(
        x.startswith(hs) and len(x) > len(hs) for x in rs.item16_1_flag_decides
    ):
        return UNDECIDABLE
    return NO


# --------------------------------------------------------------------------- trigger T


def blocked(line: GoodsLine, env: Env, is_16_1: bool) -> bool:
    """明らかガイドライン⑲: an embargo scope with 16(1) or CW-relevant goods."""
    return env.strictest == "embargo" and (is_16_1 or "CW" in line.concern_relevance)


def wmd_trigger(line: GoodsLine, env: Env) -> bool:
    return bool(env.wmd) and (bool(env.wmd & set(line.concern_relevance)) or not env.clear)


def trigger(shipment: Shipment, line: GoodsLine, env: Env, is_16_1: bool = False) -> list[Bi]:
    """The catch-all trigger T (unscoped), as the facts that make it; empty = no T."""
    info = shipment.shipment
    found = []
    if info.inform:
        found.append(Bi("インフォーム通知", "inform notice"))
    if info.known_end_use is not None:
        found.append(Bi("用途要件", "known end use"))
    if wmd_trigger(line, env):
        found.append(Bi("大量破壊兵器等の需要者要件", "WMD end user"))
    if env.cw_concern and (not env.clear or blocked(line, env, is_16_1)):
        found.append(Bi("通常兵器の需要者要件", "conventional end user"))
    return found


def end_user_party(shipment: Shipment) -> Party | None:
    return shipment.shipment.end_user_party()


def export_date(shipment: Shipment, today: dt.date | None) -> dt.date:
    return shipment.export_date(today)
