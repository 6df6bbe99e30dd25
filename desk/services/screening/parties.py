"""Screening use cases: names in files, stored parties, dispositions, re-screening.

- :func:`screen_one` / :func:`screen_file`: names against lists given as files (no database).
- :func:`screen_party`: a stored person or organization against the current list versions;
  the hits are stored (``screening_results``) with their disposition status.
- :func:`record_disposition`: a reviewer confirms or clears a hit for (party, list entry,
  list version), with a reason and an optional expiry. A cleared hit is not raised again
  while the entry says the same thing (same :func:`~desk.screening.entry_fingerprint`) in
  later versions; when the entry changes, or the clearance expires, it is raised again.
- :func:`rescreen_version` (run by :func:`desk.services.lists.import_list`): the new and
  changed entries of a freshly imported version, in reverse, against every stored person
  and organization, and the impact report (people, organizations, projects, open cases).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from desk.domain.errors import InvalidInput, NotFound
from desk.domain.i18n import _
from desk.screening import (
    REVIEW,
    Hit,
    ListEntry,
    Matcher,
    NameQuery,
    ScreeningList,
    builtin_list,
    entry_fingerprint,
    load_list_csv,
    load_names_csv,
    staleness_warning,
)
from desk.services.context import Changes, ServiceContext
from desk.storage import models as m

PARTY_KINDS = ("person", "organization")
OPEN, CLEARED, CONFIRMED = "open", "cleared", "confirmed"
# The reverse look-up (an entry's names against the parties' names) only proposes
# candidates; it scores with the parties' word weights and the roles swapped, so it
# casts a wider net than the forward score that decides.
REVERSE_FLOOR = 0.2
_matchers: dict[tuple[tuple[str, str, str], ...], Matcher] = {}


def matcher_for(lists: Sequence[ScreeningList]) -> Matcher:
    """A matcher over ``lists``, kept while the same list versions are in use."""
    key = tuple((lst.id, lst.version, lst.sha256) for lst in lists)
    found = _matchers.get(key)
    if found is None:
        if len(_matchers) >= 4:
            _matchers.pop(next(iter(_matchers)))
        found = _matchers[key] = Matcher(lists)
    return found


# --------------------------------------------------------------------------- files


@dataclass(frozen=True)
class ScreenedName:
    id: str | None
    name: str
    country: str | None
    hits: tuple[Hit, ...]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id} if self.id is not None else {"name": self.name}
        out["hits"] = [h.to_json() for h in self.hits]
        return out


def load_lists(refs: Sequence[str]) -> list[ScreeningList]:
    """List files named on a command line; ``default`` is the built-in End User List.
    No names: the built-in list alone."""
    if not refs:
        return [builtin_list()]
    return [builtin_list() if r == "default" else load_list_csv(r) for r in refs]


def list_warnings(lists: Sequence[ScreeningList], today: dt.date | None = None) -> list[str]:
    day = today or dt.date.today()
    return [w for w in (staleness_warning(lst, day) for lst in lists) if w]


def _keep(hits: Iterable[Hit], include_weak: bool) -> tuple[Hit, ...]:
    return tuple(h for h in hits if include_weak or h.band != "weak")


def screen_one(
    lists: Sequence[ScreeningList],
    name: str,
    country: str | None = None,
    *,
    include_weak: bool = False,
) -> ScreenedName:
    if not name.strip():
        raise InvalidInput(_("empty name"), source="name")
    if country:
        from desk.domain.countries import is_country

        if not is_country(country.strip().upper()):
            raise InvalidInput(
                _("unknown country code {code!r}").format(code=country), source="--country"
            )
    hits = matcher_for(lists).screen(name, country)
    return ScreenedName(
        None, name, country.strip().upper() if country else None, _keep(hits, include_weak)
    )


def screen_queries(
    lists: Sequence[ScreeningList], queries: Sequence[NameQuery], *, include_weak: bool = False
) -> list[ScreenedName]:
    matcher = matcher_for(lists)
    return [
        ScreenedName(
            q.id, q.name, q.country, _keep(matcher.screen(q.name, q.country), include_weak)
        )
        for q in queries
    ]


def screen_file(
    lists: Sequence[ScreeningList], path: str | Path, *, include_weak: bool = False
) -> list[ScreenedName]:
    return screen_queries(lists, load_names_csv(path), include_weak=include_weak)


# --------------------------------------------------------------------------- parties


@dataclass(frozen=True)
class PartyRef:
    kind: str  # person | organization
    id: int

    def __post_init__(self) -> None:
        if self.kind not in PARTY_KINDS:
            raise InvalidInput(_("a party is a person or an organization"), source=self.kind)


@dataclass(frozen=True)
class DispositionInfo:
    id: int
    decision: str  # confirm | clear
    reason: str
    reviewer: str | None
    decided_at: dt.datetime
    expires_on: dt.date | None
    list_id: str
    list_version: str
    entry: str


@dataclass(frozen=True)
class PartyHit:
    party: PartyRef
    party_name: str
    hit: Hit
    status: str  # open | cleared | confirmed
    disposition: DispositionInfo | None
    result_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        out = self.hit.to_json()
        out.update(
            party={"kind": self.party.kind, "id": self.party.id, "name": self.party_name},
            version=self.hit.list_version,
            status=self.status,
        )
        if self.disposition:
            out["disposition"] = {
                "decision": self.disposition.decision,
                "reason": self.disposition.reason,
                "reviewer": self.disposition.reviewer,
                "expires_on": self.disposition.expires_on.isoformat()
                if self.disposition.expires_on
                else None,
                "decided_in": f"{self.disposition.list_id}@{self.disposition.list_version}",
            }
        return out


@dataclass(frozen=True)
class PartyScreening:
    party: PartyRef
    names: tuple[str, ...]
    hits: tuple[PartyHit, ...]  # match and review bands, best first
    lists: tuple[tuple[str, str], ...]
    changes: Changes

    @property
    def open_hits(self) -> tuple[PartyHit, ...]:
        return tuple(h for h in self.hits if h.status != CLEARED)


def _party_row(s: Session, party: PartyRef) -> m.Person | m.Organization:
    row: m.Person | m.Organization | None = (
        s.get(m.Person, party.id) if party.kind == "person" else s.get(m.Organization, party.id)
    )
    if row is None:
        raise NotFound(_("no {kind} with id {id}").format(kind=_(party.kind), id=party.id))
    return row


def party_names(row: m.Person | m.Organization) -> tuple[str, ...]:
    names = [row.name, row.name_latin or ""]
    if isinstance(row, m.Organization):
        names += list(row.local_names or []) + list(row.aliases or [])
    seen: list[str] = []
    for n in names:
        if n and n.strip() and n.strip() not in seen:
            seen.append(n.strip())
    return tuple(seen)


def party_country(row: m.Person | m.Organization) -> str | None:
    if isinstance(row, m.Person):
        return row.country or (row.nationalities[0] if row.nationalities else None)
    return row.country


def _party_filter(model: Any, party: PartyRef) -> Any:
    col = model.person_id if party.kind == "person" else model.organization_id
    return col == party.id


def _stored_versions(s: Session, ctx: ServiceContext) -> list[m.ListVersion]:
    from desk.services.screening.lists import current_versions, store_builtin

    versions = current_versions(s)
    if not versions:
        store_builtin(ctx, s)
        versions = current_versions(s)
    return versions


def _entry_rows(s: Session, version_id: int) -> dict[str, m.ListEntry]:
    return {
        e.no: e
        for e in s.scalars(select(m.ListEntry).where(m.ListEntry.list_version_id == version_id))
    }


def _dispositions(s: Session, party: PartyRef) -> list[tuple[m.Disposition, str, str, str]]:
    """The party's dispositions, newest first, with (fingerprint, source, version)."""
    rows = s.scalars(
        select(m.Disposition)
        .where(_party_filter(m.Disposition, party))
        .options(
            selectinload(m.Disposition.list_entry)
            .selectinload(m.ListEntry.version)
            .selectinload(m.ListVersion.source),
            selectinload(m.Disposition.reviewer),
        )
    ).all()
    rows = sorted(rows, key=lambda d: (d.decided_at, d.id), reverse=True)
    from desk.services.screening.lists import entry_from_row

    return [
        (
            d,
            entry_fingerprint(entry_from_row(d.list_entry)),
            d.list_entry.version.source.source_id,
            d.list_entry.version.version,
        )
        for d in rows
    ]


def _status(
    dispositions: list[tuple[m.Disposition, str, str, str]],
    list_id: str,
    entry: ListEntry,
    today: dt.date,
) -> tuple[str, DispositionInfo | None]:
    fp = entry_fingerprint(entry)
    for d, d_fp, d_list, d_version in dispositions:
        if d_list != list_id or d_fp != fp:
            continue
        info = DispositionInfo(
            id=d.id,
            decision=d.decision,
            reason=d.reason,
            reviewer=d.reviewer.login if d.reviewer else None,
            decided_at=d.decided_at,
            expires_on=d.expires_on,
            list_id=d_list,
            list_version=d_version,
            entry=d.list_entry.no,
        )
        if d.expires_on is not None and d.expires_on < today:
            return OPEN, info  # the clearance (or confirmation) has lapsed: look again
        return (CLEARED if d.decision == "clear" else CONFIRMED), info
    return OPEN, None


def screen_party(ctx: ServiceContext, party: PartyRef) -> PartyScreening:
    """Screen one stored party against the current list versions and store the hits."""
    from desk.services.screening.lists import version_as_list

    with ctx.transaction() as s:
        row = _party_row(s, party)
        versions = _stored_versions(s, ctx)
        lists = [version_as_list(s, v) for v in versions]
        matcher = matcher_for(lists)
        names = party_names(row)
        country = party_country(row)
        best: dict[tuple[str, str], Hit] = {}
        for n in names:
            for h in matcher.screen(n, country, floor=REVIEW):
                k = (h.list_id, h.entry)
                if k not in best or h.score > best[k].score:
                    best[k] = h
        dispositions = _dispositions(s, party)
        by_list = {lst.id: (lst, v) for lst, v in zip(lists, versions, strict=True)}
        entry_rows = {v.id: _entry_rows(s, v.id) for v in versions}
        out: list[PartyHit] = []
        for h in sorted(best.values(), key=lambda h: (-h.score, h.list_id, h.entry)):
            lst, v = by_list[h.list_id]
            entry = next(e for e in lst.entries if e.no == h.entry)
            status, info = _status(dispositions, h.list_id, entry, ctx.today())
            res = _store_result(s, party, entry_rows[v.id][h.entry], v.id, h)
            out.append(PartyHit(party, row.name, h, status, info, res.id))
        ctx.audit(
            s,
            "party.screen",
            party.kind,
            party.id,
            {
                "lists": [f"{lst.id}@{lst.version}" for lst in lists],
                "hits": [f"{p.hit.list_id}:{p.hit.entry}:{p.status}" for p in out],
            },
        )
    return PartyScreening(
        party,
        names,
        tuple(out),
        tuple((lst.id, lst.version) for lst in lists),
        Changes(tables=frozenset({"screening_results"}), ids={party.kind: (party.id,)}),
    )


def _store_result(
    s: Session, party: PartyRef, entry_row: m.ListEntry, version_id: int, h: Hit
) -> m.ScreeningResult:
    res = m.ScreeningResult(
        person_id=party.id if party.kind == "person" else None,
        organization_id=party.id if party.kind == "organization" else None,
        list_entry_id=entry_row.id,
        list_version_id=version_id,
        query=h.query[:500],
        score=h.score,
        band=h.band,
        evidence=h.evidence,
    )
    s.add(res)
    s.flush()
    return res


def record_disposition(
    ctx: ServiceContext,
    party: PartyRef,
    list_ref: str,
    entry_no: str,
    decision: str,
    reason: str,
    *,
    expires_on: dt.date | None = None,
) -> DispositionInfo:
    """Confirm or clear the hit of ``party`` on entry ``entry_no`` of the stored list
    version ``list_ref`` (``SOURCE@VERSION`` or ``SOURCE`` for its newest version)."""
    from desk.services.screening.lists import _find_version

    if decision not in m.DISPOSITIONS:
        raise InvalidInput(
            _("a disposition is confirm or clear, not {value!r}").format(value=decision),
            source="decision",
        )
    if not reason.strip():
        raise InvalidInput(_("give the reason for the disposition"), source="reason")
    if expires_on is not None and expires_on <= ctx.today():
        raise InvalidInput(_("the expiry date must be in the future"), source="expires_on")
    with ctx.transaction() as s:
        _party_row(s, party)
        version = _find_version(s, list_ref)
        entry = s.scalars(
            select(m.ListEntry).where(
                m.ListEntry.list_version_id == version.id, m.ListEntry.no == entry_no
            )
        ).first()
        if entry is None:
            raise NotFound(
                _("no entry {entry} in {list}@{version}").format(
                    entry=entry_no, list=version.source.source_id, version=version.version
                )
            )
        reviewer = ctx.user(s)
        d = m.Disposition(
            person_id=party.id if party.kind == "person" else None,
            organization_id=party.id if party.kind == "organization" else None,
            list_entry_id=entry.id,
            list_version_id=version.id,
            decision=decision,
            reason=reason.strip(),
            reviewer_id=reviewer.id,
            expires_on=expires_on,
        )
        s.add(d)
        s.flush()
        ctx.audit(
            s,
            f"screening.{decision}",
            party.kind,
            party.id,
            {
                "list": version.source.source_id,
                "version": version.version,
                "entry": entry_no,
                "reason": reason.strip(),
                "expires_on": expires_on.isoformat() if expires_on else None,
            },
        )
        return DispositionInfo(
            id=d.id,
            decision=decision,
            reason=d.reason,
            reviewer=reviewer.login,
            decided_at=d.decided_at,
            expires_on=expires_on,
            list_id=version.source.source_id,
            list_version=version.version,
            entry=entry_no,
        )


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
    lst: ScreeningList,
    entries: Sequence[ListEntry],
) -> ImpactReport:
    """Screen ``entries`` (new and changed in ``lst``) against every stored party.

    Reverse first: each entry's names are looked up in an index of the parties' names,
    which finds the few parties worth a look; each of those is then scored the forward
    way (its names against the whole list), so that the scores are the ones a screening
    of that party gives. Hits already cleared for an identical entry stay cleared.
    """
    party_entries, refs = _party_entries(s)
    changed = {e.no for e in entries}
    hits: list[PartyHit] = []
    if entries and party_entries:
        reverse = Matcher([ScreeningList("parties", "", "", tuple(party_entries), False)])
        candidates: set[str] = set()
        for e in entries:
            for n in e.all_names:
                for h in reverse.screen(n, None, floor=REVERSE_FLOOR, limit=None):
                    candidates.add(h.entry)
        forward = matcher_for([lst])
        rows = _entry_rows(s, version.id)
        by_no = {e.no: e for e in lst.entries}
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
            dispositions = _dispositions(s, party)
            for h in sorted(best.values(), key=lambda h: -h.score):
                status, info = _status(dispositions, lst.id, by_no[h.entry], ctx.today())
                if status == CLEARED:
                    continue
                res = _store_result(s, party, rows[h.entry], version.id, h)
                hits.append(PartyHit(party, label, h, status, info, res.id))
    return _impact(s, lst, len(entries), len(party_entries), hits)


def _impact(
    s: Session, lst: ScreeningList, screened: int, parties: int, hits: list[PartyHit]
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
        list_id=lst.id,
        list_version=lst.version,
        screened_entries=screened,
        parties_screened=parties,
        hits=tuple(hits),
        people=tuple(people.values()),
        organizations=tuple(orgs.values()),
        projects=tuple(projects.values()),
        open_cases=tuple(cases.values()),
    )


def party_hits(ctx: ServiceContext, party: PartyRef) -> tuple[PartyHit, ...]:
    """The party's stored hits on the current list versions (newest screening), with status."""
    with ctx.reading() as s:
        _party_row(s, party)
        from desk.services.screening.lists import current_versions, entry_from_row

        current = {v.id for v in current_versions(s)}
        results = s.scalars(
            select(m.ScreeningResult)
            .where(_party_filter(m.ScreeningResult, party))
            .options(
                selectinload(m.ScreeningResult.list_entry)
                .selectinload(m.ListEntry.version)
                .selectinload(m.ListVersion.source)
            )
            .order_by(m.ScreeningResult.id.desc())
        ).all()
        dispositions = _dispositions(s, party)
        row = _party_row(s, party)
        seen: set[tuple[int, str]] = set()
        out: list[PartyHit] = []
        grouped: dict[int, list[m.ScreeningResult]] = defaultdict(list)
        for r in results:
            if r.list_version_id in current:
                grouped[r.list_version_id].append(r)
        for vid, rs in grouped.items():
            for r in rs:
                e = r.list_entry
                if (vid, e.no) in seen:
                    continue
                seen.add((vid, e.no))
                entry = entry_from_row(e)
                src = e.version.source.source_id
                hit = Hit(
                    list_id=src,
                    list_version=e.version.version,
                    entry=e.no,
                    entry_name=e.name,
                    entry_country=e.country,
                    categories=entry.categories if e.version.has_categories else (),
                    score=r.score,
                    band=r.band,
                    query=r.query,
                    evidence=dict(r.evidence or {}),
                )
                status, info = _status(dispositions, src, entry, ctx.today())
                out.append(PartyHit(party, row.name, hit, status, info, r.id))
    out.sort(key=lambda p: -p.hit.score)
    return tuple(out)
