"""Re-screening after a list version is imported (run by
:func:`~desk.services.screening.list_import.import_list`): the new and changed entries of
the version, in reverse, against every stored person and organization, and the impact
report (people, organizations, projects, open cases)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from desk.screening import (
    REVIEW,
    Hit,
    ListEntry,
    Matcher,
    ScreeningList,
)
from desk.services.context import ServiceContext
from desk.services.screening.lists import entry_from_row
from desk.services.screening.names import (
    REVERSE_FLOOR,
    matcher_for,
)
from desk.services.screening.parties import (
    CLEARED,
    PartyHit,
    PartyRef,
    _dispositions,
    _entry_rows,
    _status,
    _store_result,
    party_country,
    party_names,
)
from desk.storage import models as m

# --------------------------------------------------------------------------- re-screening


@dataclass(frozen=True)
class Affected:
    kind: str  # person | organization | project | case
    id: int
    label: str  # name, title or case reference
    via: str = ""  # why: the hit itself, or the hit party it is linked to
    status: str = ""  # cases: workflow status


@dataclass(frozen=True)
class ImpactReport:
    list_id: str
    list_version: str
    screened_entries: int  # new and changed entries screened
    parties_screened: int
    hits: tuple[PartyHit, ...]  # open hits (match and review) on those entries
    people: tuple[Affected, ...]
    organizations: tuple[Affected, ...]
    projects: tuple[Affected, ...]
    open_cases: tuple[Affected, ...]

    @property
    def empty(self) -> bool:
        return not self.hits

    def to_json(self) -> dict[str, Any]:
        def rows(items: tuple[Affected, ...]) -> list[dict[str, Any]]:
            return [
                {
                    k: v
                    for k, v in (
                        ("id", a.id),
                        ("label", a.label),
                        ("via", a.via),
                        ("status", a.status),
                    )
                    if v != ""
                }
                for a in items
            ]

        return {
            "list": self.list_id,
            "version": self.list_version,
            "screened_entries": self.screened_entries,
            "parties_screened": self.parties_screened,
            "hits": [h.to_json() for h in self.hits],
            "people": rows(self.people),
            "organizations": rows(self.organizations),
            "projects": rows(self.projects),
            "open_cases": rows(self.open_cases),
        }


_PartyRefs = dict[str, tuple[PartyRef, str, str | None]]


def _party_entries(s: Session) -> tuple[list[ListEntry], _PartyRefs]:
    """Every stored person and organization as a pseudo list entry (for reverse search)."""
    entries: list[ListEntry] = []
    refs: dict[str, tuple[PartyRef, str, str | None]] = {}
    people = s.scalars(select(m.Person).order_by(m.Person.id)).all()
    orgs = s.scalars(select(m.Organization).order_by(m.Organization.id)).all()
    rows: list[tuple[str, m.Person | m.Organization]] = [("person", r) for r in people]
    rows += [("organization", r) for r in orgs]
    for kind, row in rows:
        names = party_names(row)
        if not names:
            continue
        key = f"{kind[0]}{row.id}"
        country = party_country(row)
        entries.append(ListEntry(no=key, country=country or "", name=names[0], aliases=names[1:]))
        refs[key] = (PartyRef(kind, row.id), row.name, country)
    return entries, refs


def rescreen_version(
    ctx: ServiceContext,
    s: Session,
    version: m.ListVersion,
    lst: ScreeningList | None,
    entries: Callable[[], Iterable[ListEntry]],
    count: int | None = None,
) -> ImpactReport:
    """Screen ``entries()`` (new and changed in the version) against every stored party.

    Reverse first: each entry's names are looked up in an index of the parties' names,
    which finds the few parties worth a look; each of those is then scored the forward
    way, so that the scores are the ones a screening of that party gives: against the
    whole list ``lst``. A list too large to hold (``lst`` None, see
    :data:`~desk.services.screening.list_import.FULL_MATCHER_ENTRIES`) is read as a stream
    and the candidates are scored against the entries that found them (its term weights
    are those of these entries, not of the whole list). Hits already cleared for an
    identical entry stay cleared.
    """
    party_entries, refs = _party_entries(s)
    list_id, list_version = version.source.source_id, version.version
    hits: list[PartyHit] = []
    screened = 0
    if not party_entries:
        screened = count if count is not None else sum(1 for _e in entries())
        return _impact(s, list_id, list_version, screened, 0, hits)
    reverse = Matcher([ScreeningList("parties", "", "", tuple(party_entries), False)])
    candidates: set[str] = set()
    found: dict[str, ListEntry] = {}  # the entries that found a party (lst None)
    changed: set[str] = set()
    for e in entries():
        screened += 1
        if lst is not None:
            changed.add(e.no)
        for n in e.all_names:
            for h in reverse.screen(n, None, floor=REVERSE_FLOOR, limit=None):
                candidates.add(h.entry)
                if lst is None:
                    found[e.no] = e
    if candidates:
        if lst is not None:
            forward = matcher_for([lst])
        else:
            changed = set(found)
            part = ScreeningList(
                list_id, list_version, version.sha256, tuple(found.values()), version.has_categories
            )
            forward = Matcher([part], warm=False)
        pseudo = {p.no: p for p in party_entries}
        for key in sorted(candidates, key=lambda k: (k[0], int(k[1:]))):
            party, label, country = refs[key]
            pe = pseudo[key]
            best: dict[str, Hit] = {}
            for n in pe.all_names:
                for h in forward.screen(n, country, floor=REVIEW, limit=None):
                    if h.entry in changed and (
                        h.entry not in best or h.score > best[h.entry].score
                    ):
                        best[h.entry] = h
            if not best:
                continue
            rows = _entry_rows(s, version.id, best)
            dispositions = _dispositions(s, party)
            for h in sorted(best.values(), key=lambda h: -h.score):
                entry = entry_from_row(rows[h.entry])
                status, info = _status(dispositions, list_id, entry, ctx.today())
                if status == CLEARED:
                    continue
                res = _store_result(s, party, rows[h.entry], version.id, h)
                hits.append(PartyHit(party, label, h, status, info, res.id))
    return _impact(s, list_id, list_version, screened, len(party_entries), hits)


def _impact(
    s: Session, list_id: str, list_version: str, screened: int, parties: int, hits: list[PartyHit]
) -> ImpactReport:
    people: dict[int, Affected] = {}
    orgs: dict[int, Affected] = {}
    for h in hits:
        via = f"{h.hit.list_id} {h.hit.entry} {h.hit.entry_name}"
        if h.party.kind == "person":
            people.setdefault(h.party.id, Affected("person", h.party.id, h.party_name, via))
        else:
            orgs.setdefault(h.party.id, Affected("organization", h.party.id, h.party_name, via))
    if orgs:  # people affiliated with an organization that hit
        for aff in s.scalars(
            select(m.Affiliation)
            .where(m.Affiliation.organization_id.in_(orgs), m.Affiliation.person_id.is_not(None))
            .options(selectinload(m.Affiliation.person))
        ):
            if aff.person is not None and aff.person.id not in people:
                people[aff.person.id] = Affected(
                    "person", aff.person.id, aff.person.name, orgs[aff.organization_id].label
                )
    cases: dict[int, Affected] = {}
    projects: dict[int, Affected] = {}
    conditions = []
    if people:
        conditions.append(m.Case.person_id.in_(people))
    if orgs:
        conditions.append(m.Case.organization_id.in_(orgs))
    if conditions:
        for c in s.scalars(
            select(m.Case)
            .where(or_(*conditions), m.Case.status != "closed")
            .options(selectinload(m.Case.technical_item).selectinload(m.TechnicalItem.project))
            .order_by(m.Case.ref)
        ):
            party = people.get(c.person_id or -1) or orgs.get(c.organization_id or -1)
            via = party.label if party else ""
            cases[c.id] = Affected("case", c.id, c.ref, via, c.status)
            proj = c.technical_item.project if c.technical_item else None
            if proj is not None:
                projects.setdefault(proj.id, Affected("project", proj.id, proj.title, c.ref))
    return ImpactReport(
        list_id=list_id,
        list_version=list_version,
        screened_entries=screened,
        parties_screened=parties,
        hits=tuple(hits),
        people=tuple(people.values()),
        organizations=tuple(orgs.values()),
        projects=tuple(projects.values()),
        open_cases=tuple(cases.values()),
    )
