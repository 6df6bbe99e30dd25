"""Policy §1, Screening: which list entries the case's names hit.

Screens the recipient's names, affiliations and tie counterparties with
:class:`desk.screening.Matcher`, keeps the best score per entry, drops the hits cleared
in review, and marks which review-band hits count in §5.6.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desk.domain.case import Case, Recipient
from desk.rules.answer import ListHit
from desk.rules.reasons import Reason, reason
from desk.screening import Hit, Matcher, ScreeningList


@dataclass(frozen=True)
class Screened:
    """One list entry hit by one or more of the case's names (best score kept)."""

    hit: ListHit
    relevant: bool  # a review-band hit that counts in §5.6


class CachedMatcher:
    """A Matcher with its answers remembered: the same names recur across cases."""

    def __init__(self, lists: Sequence[ScreeningList]):
        self.lists = tuple(lists)
        self.matcher = Matcher(self.lists)
        self.memo: dict[tuple[str, str | None], list[Hit]] = {}

    def screen(self, name: str, country: str | None) -> list[Hit]:
        key = (name, country)
        found = self.memo.get(key)
        if found is None:
            found = self.matcher.screen(name, country)
            if len(self.memo) > 50_000:
                self.memo.clear()
            self.memo[key] = found
        return found


_MATCHERS: dict[tuple[int, ...], CachedMatcher] = {}


def matcher_for(lists: Sequence[ScreeningList]) -> CachedMatcher:
    key = tuple(id(lst) for lst in lists)
    cached = _MATCHERS.get(key)
    if cached is None or cached.lists != tuple(lists):
        if len(_MATCHERS) > 8:
            _MATCHERS.clear()
        cached = CachedMatcher(lists)
        _MATCHERS[key] = cached
    return cached


def _screened_names(rec: Recipient) -> list[tuple[str, frozenset[str], str | None]]:
    """(name, countries recorded for it, country passed to the matcher)."""
    own = frozenset(rec.nationalities) | ({rec.country} if rec.country else set())
    own_hint = rec.country or (rec.nationalities[0] if len(rec.nationalities) == 1 else None)
    names = [(rec.name, own, own_hint)]
    if rec.name_latin:
        names.append((rec.name_latin, own, own_hint))
    for aff in rec.affiliations:
        names.append(
            (aff.name, frozenset({aff.country}) if aff.country else frozenset(), aff.country)
        )
    for tie in rec.ties:
        if tie.counterparty:
            names.append(
                (
                    tie.counterparty,
                    frozenset({tie.country}) if tie.country else frozenset(),
                    tie.country,
                )
            )
    return [n for n in names if n[0].strip()]


def screen_case(case: Case, matcher: CachedMatcher) -> tuple[list[Screened], list[Reason]]:
    rec = case.recipient
    cleared_keys = {(c.list, c.entry): c for c in rec.cleared_hits}
    best: dict[tuple[str, str], tuple[ListHit, bool]] = {}
    cleared: dict[tuple[str, str], Reason] = {}
    for name, countries, hint in _screened_names(rec):
        for hit in matcher.screen(name, hint):
            if hit.band not in ("match", "review"):
                continue
            key = (hit.list_id, hit.entry)
            if key in cleared_keys:
                c = cleared_keys[key]
                cleared[key] = reason(
                    "screening.cleared", list=hit.list_id, entry=hit.entry, why=c.reason or "—"
                )
                continue
            relevant = not countries or hit.entry_country in countries
            lh = ListHit(
                list=hit.list_id,
                entry=hit.entry,
                name=hit.entry_name,
                score=float(hit.score),
                categories=tuple(hit.categories),  # empty for lists without categories
                band=hit.band,
                country=hit.entry_country,
                query=name,
                list_version=hit.list_version,
            )
            old = best.get(key)
            if old is None or lh.score > old[0].score:
                best[key] = (lh, relevant or (old is not None and old[1]))
            elif relevant:
                best[key] = (old[0], True)
    out = [Screened(h, rel) for h, rel in best.values()]
    out.sort(key=lambda s: (-s.hit.score, s.hit.list, s.hit.entry))
    return out, [cleared[k] for k in sorted(cleared)]


def match_reasons(matches: Sequence[ListHit]) -> list[Reason]:
    """One reason per match this judgement counts (§1: the party is the listed entity)."""
    return [
        reason(
            "screening.match",
            list_cite=f"{m.list} {m.list_version}".strip(),
            query=m.query,
            list=m.list,
            entry=m.entry,
            name=m.name,
            country=m.country,
            categories=list(m.categories),
            score=f"{m.score:.2f}",
        )
        for m in matches
    ]


def review_reasons(hits: Sequence[Screened]) -> list[Reason]:
    """One reason per review-band hit: counted in §5.6, or reported only (other country)."""
    return [
        reason(
            "screening.review" if s.relevant else "screening.review_other_country",
            list_cite=f"{s.hit.list} {s.hit.list_version}".strip(),
            query=s.hit.query,
            list=s.hit.list,
            entry=s.hit.entry,
            name=s.hit.name,
            country=s.hit.country,
            score=f"{s.hit.score:.2f}",
        )
        for s in hits
        if s.hit.band == "review"
    ]
