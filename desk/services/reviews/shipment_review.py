"""The review steps of a shipment, as a case's (:mod:`.steps`): the submission, the first
review by the department head and the second review by the export control director, routed
by the current assessment's risk (R0–R1 decided at the first review, R2–R4 forwarded to
the second), and the Customs export permit recorded on it (関税法94条).

Each step keeps a ``shipment_review_steps`` row with the assessment it rested on and an
audit event (``shipment.submit``, ``shipment.review``, ``shipment.permit``) in the same
transaction. What keeps it honest is the cases' (:mod:`.guards`): the shipment row's
``version`` (two reviewers at once: the second gets a conflict, nothing stored), what the
reviewer saw (:class:`Seen`: a shipment changed or re-assessed since is refused), no one
reviewing at two levels, and the submitter never giving the decision that closes it.
Shipments belong to no department, so any department head may give the first review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desk.domain.errors import ConflictError, InvalidInput, NotFound, WorkflowError
from desk.domain.i18n import N_, _
from desk.services.context import Changes, ServiceContext
from desk.services.permissions import PERMIT_ROLES as PERMIT_ROLES
from desk.services.permissions import require_role
from desk.services.reviews.deciding import StepSubject, decide_step
from desk.services.reviews.facts import ReviewStepInfo
from desk.services.reviews.guards import REVIEW_LEVELS, Seen, flush_or_conflict
from desk.services.reviews.status import (
    DECISIONS,
    LEVEL_ROLES,
    LEVELS,
    STATUS_LABELS,
    SUBMIT_ROLES,
    needs_second_level,
)
from desk.storage import models as m

TABLES = frozenset({"shipments", "shipment_review_steps", "audit_events"})
LEVEL_WHAT = {"first": N_("give first reviews"), "second": N_("give second reviews")}
# shipments have no committee step (cases escalated to the committee only)
_LEVELS = tuple(x for x in LEVELS if x != "committee")
_DECISIONS = tuple(x for x in DECISIONS if x != "escalate")


@dataclass(frozen=True)
class ShipmentReviewState:
    """A shipment's review as it stands: every step, oldest first, and its export permit."""

    ref: str
    title: str | None
    status: str
    assessment_id: int | None
    outcome: str | None
    risk: str | None
    stale: bool
    second_level_required: bool
    steps: tuple[ReviewStepInfo, ...]
    permit_number: str | None = None
    permit_date: dt.date | None = None
    changes: Changes = field(default_factory=Changes)
    version: int = 0
    activity: str | None = None  # shipments have none (the review dialog asks cases for one)

    @property
    def seen(self) -> Seen:
        return Seen(self.version, self.assessment_id)

    @property
    def round(self) -> tuple[ReviewStepInfo, ...]:
        start = max((i for i, s in enumerate(self.steps) if s.level == "self"), default=0)
        return self.steps[start:]

    @property
    def decision(self) -> ReviewStepInfo | None:
        if self.status not in ("decided", "closed"):
            return None
        return next((s for s in reversed(self.round) if s.final), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.ref,
            "title": self.title,
            "status": self.status,
            "assessment": self.assessment_id,
            "outcome": self.outcome,
            "risk": self.risk,
            "stale": self.stale,
            "second_level_required": self.second_level_required,
            "version": self.version,
            "permit_number": self.permit_number,
            "permit_date": self.permit_date.isoformat() if self.permit_date else None,
            "steps": [
                {
                    "level": s.level,
                    "decision": s.decision,
                    "reviewer": s.reviewer,
                    "decided_at": s.decided_at.isoformat(),
                    "assessment": s.assessment_id,
                    "outcome": s.outcome,
                    "risk": s.risk,
                    "conditions": list(s.conditions),
                    "comment": s.comment,
                    "final": s.final,
                }
                for s in self.steps
            ],
        }


# --------------------------------------------------------------------------- reading


def shipment_row(session: Session, ref: str) -> m.Shipment:
    row = session.scalars(
        select(m.Shipment)
        .options(selectinload(m.Shipment.lines), selectinload(m.Shipment.assessments))
        .where(m.Shipment.ref == ref)
    ).first()
    if row is None:
        raise NotFound(_("No shipment with the id {id}").format(id=ref))
    return row


def shipment_steps(
    session: Session, shipment_id: int, upto: int | None = None
) -> list[m.ShipmentReviewStep]:
    query = select(m.ShipmentReviewStep).where(m.ShipmentReviewStep.shipment_id == shipment_id)
    if upto is not None:
        query = query.where(m.ShipmentReviewStep.id <= upto)
    return list(session.scalars(query.order_by(m.ShipmentReviewStep.id)))


def step_info(step: m.ShipmentReviewStep) -> ReviewStepInfo:
    a = step.assessment
    return ReviewStepInfo(
        level=step.level,
        decision=step.decision,
        reviewer=step.reviewer.login,
        reviewer_name=step.reviewer.display_name,
        decided_at=m.as_utc(step.decided_at) or step.decided_at,
        assessment_id=step.assessment_id,
        outcome=a.outcome,
        risk=a.risk,
        ruleset=f"{a.ruleset_id} {a.ruleset_version}",
        conditions=tuple(ln.strip() for ln in (step.conditions or "").splitlines() if ln.strip()),
        comment=step.comment,
        final=step.final,
    )


def _state(
    session: Session, row: m.Shipment, changes: Changes | None = None
) -> ShipmentReviewState:
    latest = row.assessments[-1] if row.assessments else None
    return ShipmentReviewState(
        ref=row.ref,
        title=row.title,
        status=row.status,
        assessment_id=latest.id if latest else None,
        outcome=latest.outcome if latest else None,
        risk=latest.risk if latest else None,
        stale=latest is not None and latest.document_sha256 != row.document_sha256,
        second_level_required=needs_second_level(latest.risk if latest else None),
        steps=tuple(step_info(s) for s in shipment_steps(session, row.id)),
        permit_number=row.permit_number,
        permit_date=row.permit_date,
        changes=changes or Changes(),
        version=row.version,
    )


def shipment_review_state(ctx: ServiceContext, ref: str) -> ShipmentReviewState:
    """Shipment ``ref``'s review history and export permit."""
    with ctx.reading() as session:
        return _state(session, shipment_row(session, ref))


# --------------------------------------------------------------------------- guards


def _current(row: m.Shipment, doing: str) -> m.ShipmentAssessment:
    latest = row.assessments[-1] if row.assessments else None
    if latest is None:
        raise WorkflowError(
            _("Shipment {ref} has no assessment; assess it before {doing}").format(
                ref=row.ref, doing=_(doing)
            )
        )
    if latest.document_sha256 != row.document_sha256:
        raise WorkflowError(
            _("Shipment {ref} changed after its assessment; assess it again before {doing}").format(
                ref=row.ref, doing=_(doing)
            )
        )
    return latest


def _check_seen(row: m.Shipment, current: m.ShipmentAssessment, seen: Seen | None) -> None:
    if seen is None:
        return
    if seen.assessment_id is not None and seen.assessment_id != current.id:
        raise ConflictError(
            _(
                "Shipment {ref} was assessed again after you opened it (assessment {seen} → "
                "{now}, outcome {outcome}); nothing was saved. Open it again and review "
                "the new answer."
            ).format(ref=row.ref, seen=seen.assessment_id, now=current.id, outcome=current.outcome)
        )
    if seen.case_version and seen.case_version != row.version:
        raise ConflictError(
            _(
                "Shipment {ref} was changed after you opened it (version {seen} → {now}, now "
                "{status}); nothing was saved. Open it again to see the change."
            ).format(
                ref=row.ref,
                seen=seen.case_version,
                now=row.version,
                status=_(STATUS_LABELS[row.status]),
            )
        )


def _separate(steps: list[m.ShipmentReviewStep], user: m.User, level: str, ref: str) -> None:
    other = next(
        (
            s
            for s in steps
            if s.reviewer_id == user.id and s.level in REVIEW_LEVELS and s.level != level
        ),
        None,
    )
    if other is None:
        return
    if other.level == "first":
        raise WorkflowError(
            _(
                "{user} made the first review of shipment {ref}; the second review must be "
                "made by someone else"
            ).format(user=user.login, ref=ref)
        )
    raise WorkflowError(
        _(
            "{user} made the second review of shipment {ref}; the first review must be made "
            "by someone else"
        ).format(user=user.login, ref=ref)
    )


def submitted_shipment(session: Session, row: m.Shipment, user: m.User) -> bool:
    """Whether ``user`` submitted shipment ``row`` (in any round)."""
    if row.filed_by_id == user.id:
        return True
    return any(
        s.level == "self" and s.reviewer_id == user.id for s in shipment_steps(session, row.id)
    )


SHIPMENT_STEPS = StepSubject(
    m.ShipmentReviewStep,
    "shipment_id",
    "shipment",
    "shipment.review",
    submitted=submitted_shipment,
    submitter_decides=N_("{user} submitted shipment {ref}; someone else decides it"),
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _text(value: str | None, where: str, limit: int = 4000) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if "\x00" in value:
        raise InvalidInput(_("contains a NUL character"), where=where)
    if len(value) > limit:
        raise InvalidInput(
            _("is too long ({n} characters; at most {limit})").format(n=len(value), limit=limit),
            where=where,
        )
    return value or None


def _audit_assessment(a: m.ShipmentAssessment) -> dict[str, Any]:
    return {
        "assessment": a.id,
        "outcome": a.outcome,
        "risk": a.risk,
        "ruleset": f"{a.ruleset_id} {a.ruleset_version}",
        "lists": [f"{lv.get('id')} {lv.get('version')}" for lv in a.list_versions or []],
        "shipment_sha256": a.document_sha256,
    }


# --------------------------------------------------------------------------- use cases


def submit_shipment(
    ctx: ServiceContext, ref: str, *, comment: str | None = None, seen: Seen | None = None
) -> ShipmentReviewState:
    """Submit a draft shipment for review; it needs a current assessment, which the step
    keeps."""
    comment = _text(comment, "--comment")
    with ctx.transaction() as session:
        row = shipment_row(session, ref)
        user = require_role(session, ctx, SUBMIT_ROLES, N_("submit shipments"), write=True)
        if row.status != "draft":
            raise WorkflowError(
                _("Shipment {ref} is {status}; only a draft can be submitted").format(
                    ref=ref, status=_(STATUS_LABELS[row.status])
                )
            )
        assessment = _current(row, N_("submitting it"))
        _check_seen(row, assessment, seen)
        judged_version = row.version
        now = ctx.now_override or _now()
        row.status = "submitted"
        row.filed_by_id = user.id
        row.filed_at = now
        session.add(
            m.ShipmentReviewStep(
                shipment_id=row.id,
                level="self",
                decision="submit",
                reviewer_id=user.id,
                decided_at=now,
                assessment_id=assessment.id,
                comment=comment,
                final=False,
            )
        )
        flush_or_conflict(session, ref, "shipment")
        ctx.audit(
            session,
            "shipment.submit",
            "shipment",
            row.id,
            {
                "ref": ref,
                "from": "draft",
                "to": "submitted",
                "comment": comment,
                "shipment_version": judged_version,
                **_audit_assessment(assessment),
            },
        )
        return _state(session, row, Changes(TABLES, {"shipments": (row.id,)}))


def decide_shipment(
    ctx: ServiceContext,
    ref: str,
    *,
    level: str,
    decision: str,
    conditions: str | None = None,
    comment: str | None = None,
    seen: Seen | None = None,
) -> ShipmentReviewState:
    """A reviewer's decision at ``level`` (first: department head, second: director).

    At the first level an R0–R1 shipment is decided and an R2–R4 one is forwarded to the
    second review; ``return_for_information`` sends it back to draft."""
    if level not in _LEVELS:
        raise InvalidInput(
            _("unknown review level {level} (one of: {choices})").format(
                level=level, choices=", ".join(_LEVELS)
            ),
            where="--level",
        )
    if decision not in _DECISIONS:
        raise InvalidInput(
            _("unknown decision {decision} (one of: {choices})").format(
                decision=decision, choices=", ".join(_DECISIONS)
            ),
            where="--decision",
        )
    conditions = _text(conditions, "--conditions")
    comment = _text(comment, "--comment")
    if decision == "approve_with_conditions" and not conditions:
        raise InvalidInput(
            _("an approval with conditions needs the conditions (--conditions)"),
            where="--conditions",
        )
    with ctx.transaction() as session:
        row = shipment_row(session, ref)
        user = require_role(session, ctx, LEVEL_ROLES[level], LEVEL_WHAT[level], write=True)
        before = row.status
        if level == "first" and before not in ("submitted", "first_review"):
            raise WorkflowError(
                _("Shipment {ref} is {status}; a first review needs a submitted shipment").format(
                    ref=ref, status=_(STATUS_LABELS[before])
                )
            )
        if level == "second" and before != "second_review":
            if before in ("submitted", "first_review"):
                raise WorkflowError(
                    _(
                        "Shipment {ref} has not had its first review (department) yet; "
                        "the second review follows it"
                    ).format(ref=ref)
                )
            raise WorkflowError(
                _("Shipment {ref} is {status}; it is not waiting for a second review").format(
                    ref=ref, status=_(STATUS_LABELS[before])
                )
            )
        assessment = _current(row, N_("deciding"))
        _check_seen(row, assessment, seen)
        judged_version = row.version
        _separate(shipment_steps(session, row.id), user, level, ref)
        decide_step(
            session,
            ctx,
            SHIPMENT_STEPS,
            row,
            ref=ref,
            user=user,
            level=level,
            decision=decision,
            assessment=assessment,
            conditions=conditions,
            comment=comment,
            now=ctx.now_override or _now(),
            details={
                "conditions": conditions,
                "shipment_version": judged_version,
                **_audit_assessment(assessment),
            },
        )
        return _state(session, row, Changes(TABLES, {"shipments": (row.id,)}))


def record_permit(
    ctx: ServiceContext,
    ref: str,
    number: str | None,
    on: dt.date | None,
    *,
    seen_version: int | None = None,
) -> ShipmentReviewState:
    """Record (or clear, both None) the Customs export permit of a decided shipment: its
    number (輸出許可書番号) and date (輸出許可年月日), printed in the 関税法94条 book entry;
    the shipment's record is kept from the day after the permit date."""
    number = _text(number, "--number", 100)
    if (number is None) != (on is None):
        raise InvalidInput(
            _("give both the export permit number and its date"),
            where="--number" if number is None else "--date",
        )
    with ctx.transaction() as session:
        row = shipment_row(session, ref)
        require_role(session, ctx, PERMIT_ROLES, N_("record export permits"), write=True)
        if number is not None and row.status not in ("decided", "closed"):
            raise WorkflowError(
                _(
                    "Shipment {ref} is {status}; an export permit is recorded once it is decided"
                ).format(ref=ref, status=_(STATUS_LABELS[row.status]))
            )
        if on is not None and on > ctx.today():
            raise InvalidInput(_("the permit date is in the future"), where="--date")
        if seen_version and seen_version != row.version:
            raise ConflictError(
                _(
                    "Shipment {ref} was changed after you opened it (version {seen} → {now}, now "
                    "{status}); nothing was saved. Open it again to see the change."
                ).format(
                    ref=ref,
                    seen=seen_version,
                    now=row.version,
                    status=_(STATUS_LABELS[row.status]),
                )
            )
        before = (row.permit_number, row.permit_date.isoformat() if row.permit_date else None)
        row.permit_number, row.permit_date = number, on
        flush_or_conflict(session, ref, "shipment")
        ctx.audit(
            session,
            "shipment.permit",
            "shipment",
            row.id,
            {
                "ref": ref,
                "from": {"number": before[0], "date": before[1]},
                "to": {"number": number, "date": on.isoformat() if on else None},
            },
        )
        return _state(session, row, Changes(TABLES, {"shipments": (row.id,)}))
