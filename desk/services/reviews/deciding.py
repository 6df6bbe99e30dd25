"""A reviewer's decision, kept the same way for a case (:mod:`.steps`) and a shipment
(:mod:`.shipment_review`): the routing by the current assessment's risk, the submitter
never giving the decision that closes it, the step row with the assessment it rested on,
the conflict a concurrent reviewer meets (:func:`.guards.flush_or_conflict`) and the audit
event, all in the caller's transaction. What differs between the two is a
:class:`StepSubject`: the step model, the column naming the subject and the audit names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from desk.domain.errors import WorkflowError
from desk.domain.i18n import _
from desk.services.context import ServiceContext
from desk.services.permissions import roles_in_use
from desk.services.reviews.guards import flush_or_conflict
from desk.services.reviews.status import needs_second_level
from desk.storage import models as m


@dataclass(frozen=True)
class StepSubject:
    """What a review step is kept on.

    ``model`` is the step's ORM class and ``key`` its column naming the subject's row;
    ``entity`` names the subject in the audit event and in conflicts (``case``,
    ``shipment``) and ``action`` is the audit action of a decision. ``submitted``, where
    given, tells whether a user submitted the subject: they never give its closing
    decision while roles are in use (``submitter_decides`` is the refusal, marked N_)."""

    model: type[m.ReviewStep] | type[m.ShipmentReviewStep]
    key: str
    entity: str
    action: str
    submitted: Callable[[Session, Any, m.User], bool] | None = None
    submitter_decides: str = ""


def route(level: str, decision: str, risk: str | None) -> tuple[str, bool]:
    """The status a decision moves the subject to, and whether it is the closing one: R0–R1
    is decided at the first level, R2–R4 goes on to the second review."""
    if decision == "return_for_information":
        return "draft", False
    if decision == "escalate":
        return "committee", False
    if level == "first" and needs_second_level(risk):
        return "second_review", False
    return "decided", True


def decide_step(
    session: Session,
    ctx: ServiceContext,
    subject: StepSubject,
    row: Any,
    *,
    ref: str,
    user: m.User,
    level: str,
    decision: str,
    assessment: Any,
    conditions: str | None,
    comment: str | None,
    now: dt.datetime,
    details: Mapping[str, Any],
) -> tuple[str, bool]:
    """Decide ``row`` (checked by the caller: status, roles, what the reviewer saw):
    route it, keep the step and the audit event (``details`` follow the common fields).

    Returns the status it moved to and whether the step closed it."""
    before = row.status
    to, final = route(level, decision, assessment.risk)
    if (
        final
        and subject.submitted is not None
        and roles_in_use(session)
        and subject.submitted(session, row, user)
    ):
        raise WorkflowError(_(subject.submitter_decides).format(user=user.login, ref=ref))
    row.status = to
    session.add(
        subject.model(
            **{subject.key: row.id},
            level=level,
            decision=decision,
            reviewer_id=user.id,
            decided_at=now,
            assessment_id=assessment.id,
            conditions=conditions,
            comment=comment,
            final=final,
        )
    )
    flush_or_conflict(session, ref, subject.entity)
    ctx.audit(
        session,
        subject.action,
        subject.entity,
        row.id,
        {
            "ref": ref,
            "level": level,
            "decision": decision,
            "from": before,
            "to": to,
            "final": final,
            **details,
        },
    )
    return to, final
