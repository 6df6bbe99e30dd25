"""Screening stored parties and their dispositions.

- :func:`screen_party`: a stored person or organization against the current list versions;
  the hits are stored (``screening_results``) with their disposition status.
- :func:`record_disposition`: a reviewer confirms or clears a hit for (party, list entry,
  list version), with a reason and an optional expiry. A cleared hit is not raised again
  while the entry says the same thing (same :func:`~desk.screening.entry_fingerprint`) in
  later versions; when the entry changes, or the clearance expires, it is raised again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desk.domain.errors import InvalidInput, NotFound
from desk.domain.i18n import N_, _
from desk.screening import (
    REVIEW,
    Hit,
    ListEntry,
    entry_fingerprint,
)
from desk.services.context import Changes, ServiceContext
from desk.services.permissions import SCREENING_DECISION_ROLES, require_role
from desk.services.screening.lists import (
    _find_version,
    current_versions,
    entry_from_row,
    version_as_list,
)
from desk.services.screening.names import (
    matcher_for,
)
from desk.storage import models as m

PARTY_KINDS = ("person", "organization")
OPEN, CLEARED, CONFIRMED = "open", "cleared", "confirmed"


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
    # storing the built-in list re-screens the stored parties: imported when needed
    from desk.services.screening.list_import import store_builtin

    # the End User List is always screened: stored from the built-in copy when no version
    # of it was ever imported (even if other lists were)
    eul = s.scalars(
        select(m.ScreeningListSource.id).where(m.ScreeningListSource.source_id == "jp-eul")
    ).first()
    if eul is None:
        store_builtin(ctx, s)
    return current_versions(s)


def _entry_rows(
    s: Session, version_id: int, nos: Iterable[str] | None = None
) -> dict[str, m.ListEntry]:
    """The stored entries of a version by number (only those numbered ``nos``)."""
    q = select(m.ListEntry).where(m.ListEntry.list_version_id == version_id)
    if nos is not None:
        q = q.where(m.ListEntry.no.in_(list(nos)))
    return {e.no: e for e in s.scalars(q)}


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
        require_role(s, ctx, SCREENING_DECISION_ROLES, N_("decide screening hits"), write=True)
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


def party_hits(ctx: ServiceContext, party: PartyRef) -> tuple[PartyHit, ...]:
    """The party's stored hits on the current list versions (newest screening), with status."""
    with ctx.reading() as s:
        _party_row(s, party)

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
                    program=e.program or "",
                )
                status, info = _status(dispositions, src, entry, ctx.today())
                out.append(PartyHit(party, row.name, hit, status, info, r.id))
    out.sort(key=lambda p: -p.hit.score)
    return tuple(out)
