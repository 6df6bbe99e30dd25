"""Stored screening records: a name screened on request (``desk screen NAME --record``,
the app's screen dialog) is kept with who, when, the list versions and the hits, and each
hit gets a disposition.

- :func:`record_screening`: screen a name against the current versions of every active
  list and store the record (any role that may assess may record).
- :func:`screening_hits` / :func:`screening_record`: read them back.
- :func:`clear_hit` (a false positive, with the reason) and :func:`confirm_hit` (a true
  match: the record is escalated) — ``SCREENING_DECISION_ROLES`` only, audited.
- :func:`reopen_records`: after a list import, every stored record is screened again
  against the new and changed entries of the imported version; a new hit is added open
  and its record is open again (called inside the import's transaction).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desk.domain.countries import is_country
from desk.domain.errors import InvalidInput, NotFound
from desk.domain.i18n import N_, _
from desk.domain.limits import check_text
from desk.screening import REVIEW, Hit, ListEntry, Matcher, ScreeningList
from desk.services.context import Changes, ServiceContext
from desk.services.permissions import (
    ASSESS_ROLES,
    RECORD_ROLES,
    SCREENING_DECISION_ROLES,
    require_role,
)
from desk.services.screening.lists import version_as_list
from desk.services.screening.names import matcher_for
from desk.storage import models as m

OPEN, CLEARED, CONFIRMED = "open", "cleared", "confirmed"
HIT_STATUSES = (OPEN, CLEARED, CONFIRMED)


@dataclass(frozen=True)
class RecordHit:
    id: int
    record_id: int
    query: str
    list_id: str
    list_version: str
    entry: str
    entry_name: str
    entry_country: str
    program: str
    score: float
    band: str
    evidence: dict[str, Any]
    status: str  # open | cleared | confirmed
    reason: str
    decided_by: str | None
    decided_at: dt.datetime | None
    found_at: dt.datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "record": self.record_id,
            "query": self.query,
            "list": self.list_id,
            "version": self.list_version,
            "entry": self.entry,
            "name": self.entry_name,
            "country": self.entry_country,
            "program": self.program,
            "score": round(self.score, 4),
            "band": self.band,
            "status": self.status,
            "reason": self.reason,
            "decided_by": self.decided_by,
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
            "found_at": self.found_at.isoformat(),
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class ScreeningRecordInfo:
    id: int
    query: str
    country: str | None
    lists: tuple[dict[str, str], ...]  # id, version, sha256 of each list screened against
    status: str
    screened_at: dt.datetime
    screened_by: str | None
    hits: tuple[RecordHit, ...]
    changes: Changes = field(default_factory=Changes)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "query": self.query,
            "country": self.country,
            "lists": list(self.lists),
            "status": self.status,
            "screened_at": self.screened_at.isoformat(),
            "screened_by": self.screened_by,
            "hits": [h.to_json() for h in self.hits],
        }


def _hit_info(h: m.ScreeningRecordHit) -> RecordHit:
    e = h.list_entry
    return RecordHit(
        id=h.id,
        record_id=h.record_id,
        query=h.record.query,
        list_id=h.list_version.source.source_id,
        list_version=h.list_version.version,
        entry=e.no,
        entry_name=e.name,
        entry_country=e.country,
        program=e.program or "",
        score=h.score,
        band=h.band,
        evidence=dict(h.evidence or {}),
        status=h.status,
        reason=h.reason or "",
        decided_by=h.decided_by.login if h.decided_by else None,
        decided_at=h.decided_at,
        found_at=h.found_at,
    )


def _record_info(r: m.ScreeningRecord, changes: Changes | None = None) -> ScreeningRecordInfo:
    return ScreeningRecordInfo(
        id=r.id,
        query=r.query,
        country=r.country,
        lists=tuple(dict(x) for x in r.lists or ()),
        status=r.status,
        screened_at=r.screened_at,
        screened_by=r.screened_by.login if r.screened_by else None,
        hits=tuple(_hit_info(h) for h in r.hits),
        changes=changes or Changes(),
    )


def _status_of(hits: Sequence[m.ScreeningRecordHit]) -> str:
    statuses = {h.status for h in hits}
    if CONFIRMED in statuses:
        return CONFIRMED
    if OPEN in statuses:
        return OPEN
    return CLEARED


def _entry_ids(s: Session, version_id: int, nos: Iterable[str]) -> dict[str, m.ListEntry]:
    """The stored entries numbered ``nos`` of a version (not the whole version)."""
    return {
        e.no: e
        for e in s.scalars(
            select(m.ListEntry).where(
                m.ListEntry.list_version_id == version_id, m.ListEntry.no.in_(list(nos))
            )
        )
    }


def _add_hits(
    s: Session,
    record: m.ScreeningRecord,
    hits: Sequence[Hit],
    versions: dict[str, m.ListVersion],
) -> list[m.ScreeningRecordHit]:
    rows: dict[int, dict[str, m.ListEntry]] = {}
    out = []
    for h in hits:
        v = versions[h.list_id]
        if v.id not in rows:
            nos = {x.entry for x in hits if x.list_id == h.list_id}
            rows[v.id] = _entry_ids(s, v.id, nos)
        row = m.ScreeningRecordHit(
            record=record,
            list_entry_id=rows[v.id][h.entry].id,
            list_version_id=v.id,
            score=h.score,
            band=h.band,
            evidence=h.evidence,
            status=OPEN,
            reason="",
        )
        s.add(row)
        out.append(row)
    s.flush()
    return out


def _check_query(name: str, country: str | None) -> tuple[str, str | None]:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(_("give a name to screen"), source="name")
    check_text(name, source="name", where=None, limit=500, one_line=True)
    code = (country or "").strip().upper() or None
    if code is not None and not is_country(code):
        raise InvalidInput(_("unknown country code {code!r}").format(code=code), source="--country")
    return name, code


def record_screening(
    ctx: ServiceContext, name: str, country: str | None = None
) -> ScreeningRecordInfo:
    """Screen ``name`` against the current version of every active list and keep the
    record (hits of the match and review bands)."""
    from desk.services.screening.parties import _stored_versions  # stores the built-in list

    name, code = _check_query(name, country)
    with ctx.transaction() as s:
        user = require_role(s, ctx, ASSESS_ROLES, N_("record a screening"), write=True)
        versions = _stored_versions(s, ctx)
        lists = [version_as_list(s, v) for v in versions]
        hits = matcher_for(lists).screen(name, code, floor=REVIEW)
        record = m.ScreeningRecord(
            query=name,
            country=code,
            lists=[lst.identity for lst in lists],
            status=OPEN if hits else CLEARED,
            screened_by_id=user.id,
        )
        s.add(record)
        s.flush()
        _add_hits(s, record, hits, {v.source.source_id: v for v in versions})
        ctx.audit(
            s,
            "screening.record",
            "screening_record",
            record.id,
            {
                "query": name,
                "country": code,
                "lists": [f"{lst.id}@{lst.version}" for lst in lists],
                "hits": [f"{h.list_id}:{h.entry}:{h.score:.2f}" for h in hits],
            },
        )
        s.flush()
        s.refresh(record)
        changes = Changes(
            tables=frozenset({"screening_records", "screening_record_hits"}),
            ids={"screening_records": (record.id,)},
        )
        return _record_info(record, changes)


def _load_options() -> Any:
    return (
        selectinload(m.ScreeningRecordHit.record),
        selectinload(m.ScreeningRecordHit.list_entry),
        selectinload(m.ScreeningRecordHit.list_version).selectinload(m.ListVersion.source),
        selectinload(m.ScreeningRecordHit.decided_by),
    )


def screening_hits(ctx: ServiceContext, *, open_only: bool = False) -> tuple[RecordHit, ...]:
    """The stored screening records' hits, newest first (``open_only``: awaiting a
    decision)."""
    with ctx.reading() as s:
        q = select(m.ScreeningRecordHit).options(*_load_options())
        if open_only:
            q = q.where(m.ScreeningRecordHit.status == OPEN)
        rows = s.scalars(q.order_by(m.ScreeningRecordHit.id.desc())).all()
        return tuple(_hit_info(h) for h in rows)


def screening_record(ctx: ServiceContext, record_id: int) -> ScreeningRecordInfo:
    with ctx.reading() as s:
        r = s.scalars(
            select(m.ScreeningRecord)
            .where(m.ScreeningRecord.id == record_id)
            .options(
                selectinload(m.ScreeningRecord.screened_by),
                selectinload(m.ScreeningRecord.hits).options(*_load_options()),
            )
        ).first()
        if r is None:
            raise NotFound(_("no screening record {id}").format(id=record_id))
        return _record_info(r)


def _decide(
    ctx: ServiceContext, hit_id: int, status: str, reason: str, what: str
) -> ScreeningRecordInfo:
    with ctx.transaction() as s:
        user = require_role(s, ctx, SCREENING_DECISION_ROLES, what, write=True)
        hit = s.get(m.ScreeningRecordHit, hit_id)
        if hit is None:
            raise NotFound(_("no screening hit {id} (see: desk hits list)").format(id=hit_id))
        if hit.status != OPEN:
            raise InvalidInput(
                _("hit {id} is already decided ({status}); nothing was changed").format(
                    id=hit_id, status=_(hit.status)
                ),
                source=str(hit_id),
            )
        hit.status = status
        hit.reason = reason
        hit.decided_by_id = user.id
        hit.decided_at = dt.datetime.now(dt.UTC)
        record = hit.record
        s.flush()
        record.status = _status_of(record.hits)
        entry = hit.list_entry
        ctx.audit(
            s,
            "screening.hit." + ("clear" if status == CLEARED else "confirm"),
            "screening_record",
            record.id,
            {
                "hit": hit.id,
                "query": record.query,
                "list": hit.list_version.source.source_id,
                "version": hit.list_version.version,
                "entry": entry.no,
                "reason": reason,
                "record_status": record.status,
                "escalated": status == CONFIRMED,
            },
        )
        s.flush()
        s.refresh(record)
        changes = Changes(
            tables=frozenset({"screening_records", "screening_record_hits"}),
            ids={"screening_records": (record.id,)},
        )
        return _record_info(record, changes)


def clear_hit(ctx: ServiceContext, hit_id: int, reason: str) -> ScreeningRecordInfo:
    """A false positive: the hit is cleared with the reason (required)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput(
            _("give the reason why the hit is not the listed party"), source="--reason"
        )
    check_text(reason, source="--reason", where=None, limit=2000)
    return _decide(ctx, hit_id, CLEARED, reason, N_("clear screening hits"))


def confirm_hit(ctx: ServiceContext, hit_id: int, reason: str = "") -> ScreeningRecordInfo:
    """A true match: the hit is confirmed and its record escalated (status confirmed)."""
    reason = " ".join((reason or "").split())
    check_text(reason, source="--reason", where=None, limit=2000)
    return _decide(ctx, hit_id, CONFIRMED, reason, N_("confirm screening hits"))


def reopen_records(
    s: Session,
    version: m.ListVersion,
    lst: ScreeningList | None,
    entries: Callable[[], Iterable[ListEntry]],
) -> list[int]:
    """Screen every stored record again against ``entries()`` (the new and changed ones
    of the imported version ``lst``); a hit found there is added, open, and its record is
    open again. Returns the ids of the records reopened.

    ``lst`` None: a list too large to hold; the entries are read as a stream, each looked
    up in reverse in an index of the records' queries, and the records they find are
    screened against those entries only (as :func:`rescreen_version` does)."""
    records = s.scalars(select(m.ScreeningRecord).order_by(m.ScreeningRecord.id)).all()
    if not records:
        return []
    identity = {
        "id": version.source.source_id,
        "version": version.version,
        "sha256": version.sha256,
    }
    if lst is not None:
        wanted = {e.no for e in entries()}
        if not wanted:
            return []
        matcher = matcher_for([lst])
        candidates = records
    else:
        from desk.services.screening.names import REVERSE_FLOOR

        queries = tuple(
            ListEntry(no=str(r.id), country=r.country or "", name=r.query) for r in records
        )
        reverse = Matcher([ScreeningList("records", "", "", queries, False)])
        found: dict[str, ListEntry] = {}
        ids: set[str] = set()
        for e in entries():
            for n in e.all_names:
                for h in reverse.screen(n, None, floor=REVERSE_FLOOR, limit=None):
                    ids.add(h.entry)
                    found[e.no] = e
        if not found:
            return []
        wanted = set(found)
        part = ScreeningList(
            identity["id"],
            identity["version"],
            identity["sha256"],
            tuple(found.values()),
            version.has_categories,
        )
        matcher = Matcher([part], warm=False)
        candidates = [r for r in records if str(r.id) in ids]
    reopened: list[int] = []
    for record in candidates:
        hits = [
            h
            for h in matcher.screen(record.query, record.country, floor=REVIEW)
            if h.entry in wanted
        ]
        if not hits:
            continue
        _add_hits(s, record, hits, {identity["id"]: version})
        record.status = OPEN if record.status != CONFIRMED else CONFIRMED
        record.lists = [
            *(x for x in record.lists or () if x.get("id") != identity["id"]),
            identity,
        ]
        reopened.append(record.id)
    s.flush()
    return reopened


# --------------------------------------------------------------------------- the printed record

_PDF_KEY = re.compile(rb"/Keywords \(desk-screening DESK-SCR-(\d{6})")


def _record_data(r: ScreeningRecordInfo, zone_name: str) -> Any:
    from desk.reports.screening_record import RecordHitRow, ScreeningRecordData

    return ScreeningRecordData(
        record_id=r.id,
        query=r.query,
        country=r.country or "",
        screened_at=r.screened_at,
        screened_by=r.screened_by or "",
        status=r.status,
        lists=tuple((x["id"], x["version"], x["sha256"]) for x in r.lists),
        hits=tuple(
            RecordHitRow(
                id=h.id,
                list_id=h.list_id,
                list_version=h.list_version,
                program=h.program,
                entry=h.entry,
                entry_name=h.entry_name,
                entry_country=h.entry_country,
                score=round(h.score, 4),
                band=h.band,
                matched_name=str(h.evidence.get("matched_name", "")),
                key=str(h.evidence.get("key", "")),
                status=h.status,
                reason=h.reason,
                decided_by=h.decided_by or "",
                decided_at=h.decided_at.astimezone(dt.UTC).isoformat() if h.decided_at else "",
            )
            for h in r.hits
        ),
        institution=os.environ.get("DESK_INSTITUTION", ""),
        zone=zone_name,
    )


def screening_record_pdf(ctx: ServiceContext, record_id: int) -> bytes:
    """The printable screening record (PDF) of a stored record, as it stands; printing is
    in the audit trail (who printed which state: the content's SHA-256)."""
    from desk.domain.localtime import zone_name
    from desk.reports.screening_record import fingerprint, render_screening_record

    info = screening_record(ctx, record_id)
    data = _record_data(info, zone_name())
    pdf = render_screening_record(data)
    with ctx.transaction() as s:
        require_role(s, ctx, RECORD_ROLES, N_("print screening records"), write=True)
        ctx.audit(
            s,
            "screening.print",
            "screening_record",
            record_id,
            {
                "document_number": data.document_number,
                "content_sha256": fingerprint(data),
                "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
            },
        )
    return pdf


@dataclass(frozen=True)
class RecordVerification:
    ok: bool
    record_id: int | None
    message: str


def verify_screening_record(ctx: ServiceContext, path: str | Path) -> RecordVerification:
    """Re-create the screening record named in the PDF from the database; compare bytes."""
    from desk.domain.localtime import zone_name
    from desk.reports.screening_record import render_screening_record

    try:
        pdf = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInput(
            _("Cannot read {file}: {error}").format(file=path, error=exc.strerror)
        ) from None
    found = _PDF_KEY.search(pdf)
    if found is None:
        return RecordVerification(False, None, _("not a screening record printed by desk"))
    record_id = int(found.group(1))
    try:
        info = screening_record(ctx, record_id)
    except NotFound:
        return RecordVerification(
            False,
            record_id,
            _("screening record {id} is not in this database").format(id=record_id),
        )
    again = render_screening_record(_record_data(info, zone_name()))
    if again == pdf:
        return RecordVerification(
            True,
            record_id,
            _("verified: the file is screening record #{id} as the database holds it").format(
                id=record_id
            ),
        )
    return RecordVerification(
        False,
        record_id,
        _(
            "NOT verified: the file differs from screening record #{id} as the database holds "
            "it now (altered, or decided again after it was printed)"
        ).format(id=record_id),
    )
