"""Decisions stay decided, and no edit overwrites another unseen.

- A decided (or closed) case is locked: new facts for it — a re-imported file, an edit in
  the case form — start a new revision. The case goes back to review (submitted: the
  first review again, on a fresh assessment of the new facts); the earlier decision, the
  assessment it rested on and the records issued for it stay stored and listed
  (``review_state().steps``, ``assessment_history``, ``issued_records``), and a
  ``case.reopen`` audit event names them.
- An edit names the facts it started from (``base``); if the stored facts differ, someone
  else saved in between, and the edit is refused with the fields they changed. Two saves at
  the very same moment are caught by ``cases.version`` (optimistic locking) instead.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain import case as d
from desk.domain.errors import ConflictError
from desk.domain.i18n import _
from desk.services.context import ServiceContext
from desk.storage import models as m

LOCKED_STATUSES = ("decided", "closed")
_SHOWN = 6


def changed_fields(before: Any, after: Any, path: str = "") -> list[str]:
    """Key paths whose values differ between two JSON-like documents."""
    if isinstance(before, dict) and isinstance(after, dict):
        out: list[str] = []
        for key in sorted(set(before) | set(after), key=str):
            out += changed_fields(
                before.get(key), after.get(key), f"{path}.{key}" if path else str(key)
            )
        return out
    return [] if before == after else [path or "(case)"]


def refuse_lost_update(row: m.Case, stored: d.Case, base: d.Case) -> None:
    """Refuse an edit made on ``base`` when the stored facts (``stored``) moved on."""
    now = d.case_to_dict(stored, include_expected=False)
    then = d.case_to_dict(base, include_expected=False)
    fields = changed_fields(then, now)
    if not fields:
        return
    shown = ", ".join(fields[:_SHOWN]) + (" …" if len(fields) > _SHOWN else "")
    raise ConflictError(
        _(
            "Case {ref} was changed by someone else after you opened it ({fields}); "
            "your edit was not saved. Open the case again, then repeat your change."
        ).format(ref=row.ref, fields=shown)
    )


def reopen_decided(ctx: ServiceContext, session: Session, row: m.Case, status: str) -> None:
    """New facts for a decided case: back to review, the old decision kept and named."""
    decision = session.scalars(
        select(m.ReviewStep)
        .where(m.ReviewStep.case_id == row.id, m.ReviewStep.final.is_(True))
        .order_by(m.ReviewStep.id.desc())
        .limit(1)
    ).first()
    records = list(
        session.scalars(
            select(m.IssuedRecord.document_number)
            .where(m.IssuedRecord.case_id == row.id)
            .order_by(m.IssuedRecord.id)
        )
    )
    row.status = "submitted"
    ctx.audit(
        session,
        "case.reopen",
        "case",
        row.id,
        {
            "ref": row.ref,
            "from": status,
            "to": "submitted",
            "decision_step": decision.id if decision else None,
            "decision": decision.decision if decision else None,
            "assessment": decision.assessment_id if decision else None,
            "records": records,
        },
    )
