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

from sqlalchemy import func, select

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
) -> tuple[AuditEntry, ...]:
    """Events in the order they were written; ``limit`` keeps the newest ones."""
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
