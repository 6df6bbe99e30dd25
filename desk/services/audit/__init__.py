"""The audit trail: check its hash chain, read its events.

- :func:`verify_audit` walks the chain (``desk audit verify``): the first event altered,
  deleted, inserted or reordered, else the head hash to note down.
- :func:`audit_log` lists events, newest last, filtered by case, user and date
  (``desk audit log``).

Reading the trail needs a role that oversees others' work (office, chief, committee,
president, auditor, admin; ``desk.services.permissions.AUDIT_READ_ROLES``); while no role
has been granted in a database at all, anyone may (see docs/security.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func, or_, select

from desk.domain.errors import NotFound
from desk.domain.i18n import N_, _
from desk.services.context import ServiceContext
from desk.services.permissions import AUDIT_READ_ROLES as _AUDIT_READ_ROLES
from desk.services.permissions import require_role
from desk.storage import models as m
from desk.storage.audit_chain import ChainProblem, ChainReport, verify_chain

__all__ = [
    "AUDIT_READ_ROLES",
    "AuditEntry",
    "ChainProblem",
    "ChainReport",
    "audit_csv",
    "audit_kinds",
    "audit_log",
    "problem_message",
    "verify_audit",
]

AUDIT_READ_ROLES = _AUDIT_READ_ROLES  # desk.services.permissions names who oversees


@dataclass(frozen=True)
class AuditEntry:
    id: int
    seq: int | None
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: str | None
    details: dict[str, Any]
    sha256: str | None


def verify_audit(ctx: ServiceContext, *, expect_head: str | None = None) -> ChainReport:
    with ctx.reading() as session:
        require_role(session, ctx, AUDIT_READ_ROLES, N_("check the audit trail"))
        return verify_chain(session, expect_head)


_KIND_MESSAGES = {
    "altered": N_("event {id} (no. {seq}) was altered after it was written"),
    "deleted": N_("event no. {seq} was deleted (the chain goes on at event {id})"),
    "inserted": N_("event {id} was inserted outside the chain"),
    "reordered": N_("event {id} (no. {seq}) was moved out of its place"),
    "truncated": N_("the events from no. {seq} on were deleted (the chain ends early)"),
    "rewritten": N_("the head noted earlier is not in the chain: history before it was rewritten"),
}


def problem_message(problem: ChainProblem) -> str:
    return _(_KIND_MESSAGES[problem.kind]).format(
        id=problem.event_id if problem.event_id is not None else "-", seq=problem.seq
    )


def audit_log(
    ctx: ServiceContext,
    *,
    case: str | None = None,
    user: str | None = None,
    since: dt.date | None = None,
    limit: int | None = None,
    until: dt.date | None = None,
    kind: str | None = None,
    text: str | None = None,
) -> tuple[AuditEntry, ...]:
    """Events in the order they were written; ``limit`` keeps the newest ones.

    ``until``: up to the end of that day; ``kind``: an action (``case.import``) or a family
    of them (``case``, ``record``); ``text``: found in the actor, action, entity id or
    details (case-insensitive).
    """
    with ctx.reading() as session:
        require_role(session, ctx, AUDIT_READ_ROLES, N_("read the audit trail"))
        query = select(m.AuditEvent)
        if case is not None:
            case_id = session.scalar(select(m.Case.id).where(m.Case.ref == case))
            if case_id is None:
                raise NotFound(_("No case {ref}.").format(ref=case))
            query = query.where(m.AuditEvent.entity == "case").where(
                m.AuditEvent.entity_id == str(case_id)
            )
        if user is not None:
            query = query.where(m.AuditEvent.actor == user)
        if since is not None:
            start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
            query = query.where(m.AuditEvent.at >= start)
        if until is not None:
            end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
            query = query.where(m.AuditEvent.at < end)
        if kind:
            query = query.where(
                or_(m.AuditEvent.action == kind, m.AuditEvent.action.like(f"{kind}.%"))
            )
        if text and text.strip():
            like = f"%{text.strip().lower()}%"
            query = query.where(
                or_(
                    func.lower(m.AuditEvent.actor).like(like),
                    func.lower(m.AuditEvent.action).like(like),
                    func.lower(func.coalesce(m.AuditEvent.entity_id, "")).like(like),
                    func.lower(cast(m.AuditEvent.details, String)).like(like),
                )
            )
        order = func.coalesce(m.AuditEvent.seq, m.AuditEvent.id + 1_000_000_000)
        if limit is not None:
            rows = list(session.scalars(query.order_by(order.desc()).limit(limit)))[::-1]
        else:
            rows = list(session.scalars(query.order_by(order)))
        return tuple(
            AuditEntry(
                e.id,
                e.seq,
                m.as_utc(e.at) or e.at,
                e.actor,
                e.action,
                e.entity,
                e.entity_id,
                dict(e.details or {}),
                e.sha256,
            )
            for e in rows
        )


def audit_kinds(ctx: ServiceContext) -> tuple[str, ...]:
    """The kinds of event the trail holds (actions, sorted), for a filter's choices."""
    with ctx.reading() as session:
        require_role(session, ctx, AUDIT_READ_ROLES, N_("read the audit trail"))
        return tuple(session.scalars(select(m.AuditEvent.action).distinct().order_by("action")))


CSV_COLUMNS = ("seq", "at", "actor", "action", "entity", "entity_id", "details", "sha256")


def audit_csv(entries: tuple[AuditEntry, ...]) -> str:
    """Events as CSV (UTF-8; times in UTC, ISO 8601), for a spreadsheet or an auditor."""
    import csv
    import io
    import json

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow(
            [
                e.seq if e.seq is not None else "",
                e.at.isoformat(),
                e.actor,
                e.action,
                e.entity,
                e.entity_id or "",
                json.dumps(e.details, ensure_ascii=False, sort_keys=True),
                e.sha256 or "",
            ]
        )
    return out.getvalue()
