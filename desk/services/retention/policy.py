"""Retention: how long each type of record is kept, which records are due for disposal,
legal holds, and the disposal itself (approved by the office, audited).

Record types and when their period starts (years configurable per database,
``desk retention set``):

- ``review_record`` — a decided or closed case with its assessments, review steps,
  licences, evidence and issued records; from its final decision (else its last change);
  default 7 years.
- ``shipment_record`` — a shipment of goods with its lines, assessments, review steps and
  the goods records issued (取引審査票, 関税法94条の帳簿); from the day after its Customs
  export permit date when one is recorded (関税法94条, 施行令83条: 5 years from the day
  after the permit), else from its export date; default 5 years, and never fewer than
  :data:`CUSTOMS_YEARS` for a shipment with a permit, whatever the setting. A shipment
  with neither date is never due.

A record is due on the anniversary of its start ``years`` later. Disposal removes the
record's rows in one transaction and writes a ``retention.dispose`` audit event per
record (the audit trail itself is kept: it holds references and hashes). A record under a
legal hold is never disposed of; ``dispose`` refuses the whole run if one is named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput, NotFound
from desk.domain.i18n import N_, _
from desk.domain.localtime import local_date
from desk.services.context import Changes, ServiceContext
from desk.services.permissions import require_role
from desk.storage import models as m

RECORD_TYPES = m.RETENTION_RECORD_TYPES
DEFAULT_YEARS = {"review_record": 7, "shipment_record": 5}
TYPE_LABELS = {"review_record": N_("review record"), "shipment_record": N_("goods shipment record")}
ENTITY_OF = {"review_record": "case", "shipment_record": "shipment"}
RETENTION_ROLES = ("office",)
READ_ROLES = ("office", "reviewer", "auditor")
_MAX_YEARS = 100
CUSTOMS_YEARS = 5  # 関税法94条: the book kept 5 years from the day after the permit date


@dataclass(frozen=True)
class Policy:
    record_type: str
    years: int
    default: bool


@dataclass(frozen=True)
class Candidate:
    record_type: str
    entity: str  # case | shipment
    id: int
    ref: str
    title: str | None
    starts_on: dt.date
    due_on: dt.date
    held: bool
    hold_reason: str | None


@dataclass(frozen=True)
class HoldInfo:
    entity: str
    ref: str
    reason: str
    held_by: str
    held_at: dt.datetime
    released_at: dt.datetime | None


@dataclass(frozen=True)
class Disposal:
    disposed: tuple[Candidate, ...]
    changes: Changes


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _period_end(start: dt.date, years: int) -> dt.date:
    """The last day of a period of ``years`` counted from ``start`` (民法143条): the day
    before the corresponding day, or the last day of the month that has none."""
    try:
        return start.replace(year=start.year + years) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def _policies(s: Session) -> dict[str, Policy]:
    stored = {p.record_type: p.years for p in s.scalars(select(m.RetentionPolicy))}
    return {t: Policy(t, stored.get(t, DEFAULT_YEARS[t]), t not in stored) for t in RECORD_TYPES}


def retention_policies(ctx: ServiceContext) -> tuple[Policy, ...]:
    with ctx.reading() as s:
        return tuple(_policies(s).values())


def set_retention(ctx: ServiceContext, record_type: str, years: int) -> Policy:
    if record_type not in RECORD_TYPES:
        raise InvalidInput(
            _("expected one of {choices}").format(choices=", ".join(RECORD_TYPES)), where="TYPE"
        )
    if not 1 <= years <= _MAX_YEARS:
        raise InvalidInput(_("years must be between 1 and 100"), where="YEARS")
    with ctx.transaction() as s:
        require_role(s, ctx, RETENTION_ROLES, N_("change retention periods"), write=True)
        before = _policies(s)[record_type].years
        row = s.get(m.RetentionPolicy, record_type)
        if row is None:
            s.add(m.RetentionPolicy(record_type=record_type, years=years, updated_by=ctx.actor))
        else:
            row.years, row.updated_by = years, ctx.actor
        ctx.audit(s, "retention.set", "retention", record_type, {"from": before, "to": years})
    return Policy(record_type, years, False)


def _active_holds(s: Session) -> dict[tuple[str, int], m.LegalHold]:
    rows = s.scalars(select(m.LegalHold).where(m.LegalHold.released_at.is_(None)))
    return {(h.entity, h.entity_id): h for h in rows}


def _case_candidates(s: Session, years: int, holds: dict[tuple[str, int], m.LegalHold]):  # type: ignore[no-untyped-def]
    decided = (
        select(m.ReviewStep.case_id, func.max(m.ReviewStep.decided_at).label("at"))
        .where(m.ReviewStep.final.is_(True))
        .group_by(m.ReviewStep.case_id)
        .subquery()
    )
    rows = s.execute(
        select(m.Case.id, m.Case.ref, m.Case.title, m.Case.updated_at, decided.c.at)
        .outerjoin(decided, decided.c.case_id == m.Case.id)
        .where(m.Case.status.in_(("decided", "closed")))
        .order_by(m.Case.ref)
    )
    for cid, ref, title, updated, decided_at in rows:
        start = local_date(m.as_utc(decided_at or updated) or updated)
        hold = holds.get(("case", cid))
        yield Candidate(
            "review_record",
            "case",
            cid,
            ref,
            title,
            start,
            _add_years(start, years),
            hold is not None,
            hold.reason if hold else None,
        )


def _shipment_candidates(s: Session, years: int, holds: dict[tuple[str, int], m.LegalHold]):  # type: ignore[no-untyped-def]
    rows = s.execute(
        select(
            m.Shipment.id,
            m.Shipment.ref,
            m.Shipment.title,
            m.Shipment.export_date,
            m.Shipment.permit_date,
        )
        .where((m.Shipment.export_date.is_not(None)) | (m.Shipment.permit_date.is_not(None)))
        .order_by(m.Shipment.ref)
    )
    for sid, ref, title, export_date, permit_date in rows:
        if permit_date is not None:
            start, kept = permit_date + dt.timedelta(days=1), max(years, CUSTOMS_YEARS)
            due = _period_end(start, kept) + dt.timedelta(days=1)
        else:
            assert export_date is not None  # the query asks for one of the two
            start, kept = export_date, years
            due = _add_years(start, kept)
        hold = holds.get(("shipment", sid))
        yield Candidate(
            "shipment_record",
            "shipment",
            sid,
            ref,
            title,
            start,
            due,
            hold is not None,
            hold.reason if hold else None,
        )


def _candidates(s: Session, on: dt.date, *, include_held: bool = True) -> list[Candidate]:
    policies = _policies(s)
    holds = _active_holds(s)
    out = [
        *_case_candidates(s, policies["review_record"].years, holds),
        *_shipment_candidates(s, policies["shipment_record"].years, holds),
    ]
    return [c for c in out if c.due_on <= on and (include_held or not c.held)]


def disposal_candidates(ctx: ServiceContext, *, on: dt.date | None = None) -> tuple[Candidate, ...]:
    """Records whose retention period has ended by ``on`` (default today), held ones
    included and marked: the list the office approves."""
    with ctx.reading() as s:
        require_role(s, ctx, READ_ROLES, N_("read the retention list"))
        return tuple(_candidates(s, on or ctx.today()))


def _target(s: Session, entity: str, ref: str) -> tuple[int, str]:
    if entity == "case":
        found = s.scalar(select(m.Case.id).where(m.Case.ref == ref))
        if found is None:
            raise NotFound(_("No case {ref}.").format(ref=ref))
    elif entity == "shipment":
        found = s.scalar(select(m.Shipment.id).where(m.Shipment.ref == ref))
        if found is None:
            raise NotFound(_("No shipment {ref}.").format(ref=ref))
    else:
        raise InvalidInput(
            _("expected one of {choices}").format(choices="case, shipment"), where="KIND"
        )
    return int(found), ref


def hold(ctx: ServiceContext, entity: str, ref: str, reason: str) -> HoldInfo:
    """Put a legal hold on a case or a shipment (a reason is required)."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("this field is required"), where="--reason")
    with ctx.transaction() as s:
        require_role(s, ctx, RETENTION_ROLES, N_("put records on legal hold"), write=True)
        eid, ref = _target(s, entity, ref)
        if (entity, eid) in _active_holds(s):
            raise InvalidInput(_("{ref} is already on legal hold").format(ref=ref))
        row = m.LegalHold(entity=entity, entity_id=eid, ref=ref, reason=reason, held_by=ctx.actor)
        s.add(row)
        s.flush()
        ctx.audit(s, "retention.hold", entity, eid, {"ref": ref, "reason": reason})
        return HoldInfo(entity, ref, reason, ctx.actor, m.as_utc(row.held_at) or row.held_at, None)


def release(ctx: ServiceContext, entity: str, ref: str, reason: str | None = None) -> HoldInfo:
    with ctx.transaction() as s:
        require_role(s, ctx, RETENTION_ROLES, N_("release legal holds"), write=True)
        eid, ref = _target(s, entity, ref)
        row = _active_holds(s).get((entity, eid))
        if row is None:
            raise InvalidInput(_("{ref} is not on legal hold").format(ref=ref))
        row.released_at = dt.datetime.now(dt.UTC)
        row.released_by = ctx.actor
        row.release_reason = reason
        ctx.audit(s, "retention.release", entity, eid, {"ref": ref, "reason": reason})
        return HoldInfo(
            entity,
            ref,
            row.reason,
            row.held_by,
            m.as_utc(row.held_at) or row.held_at,
            row.released_at,
        )


def legal_holds(ctx: ServiceContext) -> tuple[HoldInfo, ...]:
    with ctx.reading() as s:
        require_role(s, ctx, READ_ROLES, N_("read the retention list"))
        rows = s.scalars(select(m.LegalHold).where(m.LegalHold.released_at.is_(None)))
        return tuple(
            HoldInfo(h.entity, h.ref, h.reason, h.held_by, m.as_utc(h.held_at) or h.held_at, None)
            for h in rows
        )


def _remove_case(s: Session, case_id: int) -> None:
    numbers = list(
        s.scalars(select(m.IssuedRecord.document_number).where(m.IssuedRecord.case_id == case_id))
    )
    attachments = [
        *s.scalars(select(m.IssuedRecord.attachment_id).where(m.IssuedRecord.case_id == case_id)),
        *s.scalars(select(m.CaseDocument.attachment_id).where(m.CaseDocument.case_id == case_id)),
    ]
    if numbers:
        s.execute(delete(m.RecordSignature).where(m.RecordSignature.document_number.in_(numbers)))
    for model in (m.IssuedRecord, m.ReviewStep, m.Licence, m.CaseDocument, m.ClearedHit):
        s.execute(delete(model).where(model.case_id == case_id))
    s.execute(delete(m.Assessment).where(m.Assessment.case_id == case_id))
    s.execute(delete(m.Case).where(m.Case.id == case_id))
    kept = [a for a in attachments if a is not None]
    if kept:
        s.execute(delete(m.Attachment).where(m.Attachment.id.in_(kept)))


def _remove_shipment(s: Session, shipment_id: int) -> None:
    s.execute(delete(m.ShipmentRecord).where(m.ShipmentRecord.shipment_id == shipment_id))
    s.execute(delete(m.ShipmentReviewStep).where(m.ShipmentReviewStep.shipment_id == shipment_id))
    s.execute(delete(m.ShipmentLine).where(m.ShipmentLine.shipment_id == shipment_id))
    s.execute(delete(m.ShipmentAssessment).where(m.ShipmentAssessment.shipment_id == shipment_id))
    s.execute(delete(m.Shipment).where(m.Shipment.id == shipment_id))


def dispose(
    ctx: ServiceContext,
    refs: Sequence[str] | None = None,
    *,
    approve: bool = False,
    on: dt.date | None = None,
) -> Disposal:
    """Dispose of the due records (all of them, or those named by ref), approved by the
    office: one transaction, one audit event per record; a held or not yet due record
    named refuses the whole run."""
    if not approve:
        raise InvalidInput(
            _("Nothing was disposed of: check the list (desk retention list), then approve it"),
            where="--approve",
        )
    day = on or ctx.today()
    with ctx.transaction() as s:
        require_role(s, ctx, RETENTION_ROLES, N_("dispose of records"), write=True)
        due = _candidates(s, day)
        if refs:
            by_ref = {c.ref: c for c in due}
            missing = [r for r in refs if r not in by_ref]
            if missing:
                raise InvalidInput(
                    _("not due for disposal (or unknown): {refs}").format(refs=", ".join(missing))
                )
            chosen = [by_ref[r] for r in refs]
        else:
            chosen = [c for c in due if not c.held]
        held = [c.ref for c in chosen if c.held]
        if held:
            raise InvalidInput(
                _("{refs} on legal hold: nothing was disposed of").format(refs=", ".join(held))
            )
        for c in chosen:
            if c.entity == "case":
                _remove_case(s, c.id)
            else:
                _remove_shipment(s, c.id)
            ctx.audit(
                s,
                "retention.dispose",
                c.entity,
                c.id,
                {
                    "ref": c.ref,
                    "record_type": c.record_type,
                    "starts_on": c.starts_on.isoformat(),
                    "due_on": c.due_on.isoformat(),
                    "years": c.due_on.year - c.starts_on.year,
                },
            )
    tables = {"cases", "shipments", "issued_records", "audit_events"}
    return Disposal(tuple(chosen), Changes(frozenset(tables)))
