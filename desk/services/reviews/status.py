"""A case's way through the office: draft → submitted → first review → second review →
decided → closed, with the steps back that reviews need; and the routing by risk and the
roles each review step needs.

:func:`move_case` checks that the step is allowed from the case's status and that a
decision rests on a current assessment (and, for R2–R4, is taken at the second level),
stores the new status and an audit event (``case.status``) in one transaction. Each
status is reached only by the roles :data:`.guards.MOVE_ROLES` names, and the person who
submitted a case never moves it to decided. The review itself is :mod:`.steps`.
"""

from __future__ import annotations

from desk.domain.errors import InvalidInput, WorkflowError
from desk.domain.i18n import N_, _
from desk.services.cases import CaseSummary, case_row, latest_assessments, summarize
from desk.services.context import ServiceContext
from desk.services.permissions import (
    COMMITTEE_ROLES,
    FIRST_REVIEW_ROLES,
    SECOND_REVIEW_ROLES,
    require_case_access,
    require_role,
    roles_in_use,
)
from desk.services.permissions import (
    LICENCE_ROLES as LICENCE_ROLES,
)
from desk.services.permissions import (
    USER_ADMIN_ROLES as USER_ADMIN_ROLES,
)
from desk.services.reviews.guards import MOVE_ROLES, MOVE_WHAT, flush_or_conflict, submitted_by
from desk.storage import models as m
from desk.storage.casemap import case_fingerprint, load_case

STATUSES = m.CASE_STATUSES
STATUS_LABELS = {
    "draft": N_("Draft"),
    "submitted": N_("Submitted"),
    "first_review": N_("First review"),
    "second_review": N_("Second review"),
    "committee": N_("With the committee"),
    "decided": N_("Decided"),
    "closed": N_("Closed"),
}
# status → the statuses one step can lead to
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("submitted",),
    "submitted": ("first_review", "draft"),
    "first_review": ("second_review", "decided", "draft"),
    "second_review": ("decided", "first_review", "committee"),
    "committee": ("decided", "second_review"),
    "decided": ("closed", "first_review"),
    "closed": (),
}


def next_statuses(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def move_case(ctx: ServiceContext, ref: str, to: str, *, note: str | None = None) -> CaseSummary:
    """Move case ``ref`` to status ``to``; raises WorkflowError when the step is not allowed."""
    if to not in STATUSES:
        raise InvalidInput(
            _("unknown status {status} (one of: {choices})").format(
                status=to, choices=", ".join(STATUSES)
            )
        )
    with ctx.transaction() as session:
        row = case_row(session, ref)
        before = row.status
        if to not in next_statuses(before):
            raise WorkflowError(
                _("Case {ref} is {status}; it cannot go to {to} from there").format(
                    ref=ref, status=_(STATUS_LABELS[before]), to=_(STATUS_LABELS[to])
                )
            )
        latest = latest_assessments(session, [row.id]).get(row.id)
        if to == "decided":
            if latest is None:
                raise WorkflowError(
                    _("Case {ref} has no assessment; assess it before deciding").format(ref=ref)
                )
            if latest.case_sha256 != case_fingerprint(load_case(row)):
                raise WorkflowError(
                    _(
                        "Case {ref} changed after its assessment; assess it again before deciding"
                    ).format(ref=ref)
                )
            if before == "first_review" and needs_second_level(latest.risk):
                raise WorkflowError(_routing_message(ref, latest.risk))
        # the role last, so that a refused step first says what the workflow needs
        user = require_role(session, ctx, MOVE_ROLES[to], N_(MOVE_WHAT[to]), write=True)
        if before == "committee" and to == "decided":  # only the committee decides it
            user = require_role(
                session,
                ctx,
                COMMITTEE_ROLES,
                N_("decide cases referred to the committee"),
                write=True,
            )
        require_case_access(session, user, row)
        if to == "decided" and roles_in_use(session) and submitted_by(session, row, user):
            raise WorkflowError(
                _("{user} submitted case {ref}; someone else decides it").format(
                    user=user.login, ref=ref
                )
            )
        row.status = to
        if to == "submitted" and row.filed_at is None:
            row.filed_by = user
            row.filed_at = m.utcnow()
        flush_or_conflict(session, ref)
        ctx.audit(
            session,
            "case.status",
            "case",
            row.id,
            {
                "ref": ref,
                "from": before,
                "to": to,
                "note": note,
                "assessment": latest.id if latest is not None else None,
            },
        )
        return summarize(row, latest)


# --------------------------------------------------------------------------- review: routing

LEVELS = ("first", "second", "committee")  # decisions; "self" is the researcher's submission
DECISIONS = m.REVIEW_DECISIONS[1:]  # without "submit"
ACTIVITIES = m.ACTIVITIES
ROLES = m.ROLES
LEVEL_LABELS = {
    "self": N_("Self-assessment (researcher)"),
    "first": N_("First review (department)"),
    "second": N_("Second review (export control director)"),
    "committee": N_("Committee decision"),
}
DECISION_LABELS = {
    "submit": N_("Submitted"),
    "approve": N_("Approve"),
    "approve_with_conditions": N_("Approve with conditions"),
    "reject": N_("Reject"),
    "refer_to_meti": N_("Refer to METI"),
    "return_for_information": N_("Return for information"),
    "escalate": N_("Refer to the committee"),
}
SECOND_LEVEL_RISKS = ("R2", "R3", "R4")
# who may do what; the read-only roles may only read (engine-policy §6, domain reference §2.3)
SUBMIT_ROLES = ("researcher", "office")
DECIDE_ROLES = FIRST_REVIEW_ROLES + SECOND_REVIEW_ROLES
LEVEL_ROLES = {
    "first": FIRST_REVIEW_ROLES,
    "second": SECOND_REVIEW_ROLES,
    "committee": COMMITTEE_ROLES,
}
EVIDENCE_ROLES = ("researcher", "office", "dept_head", "chief", "committee")


def needs_second_level(risk: str | None) -> bool:
    """R2–R4 must be decided at the second level (統括責任者, 二次審査)."""
    return risk in SECOND_LEVEL_RISKS


def _routing_message(ref: str, risk: str) -> str:
    return _(
        "Case {ref} is risk {risk}: R2–R4 must be decided at the second level "
        "(export control director); the first review can only forward it"
    ).format(ref=ref, risk=risk)
