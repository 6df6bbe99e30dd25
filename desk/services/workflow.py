"""A case's way through the office: draft → submitted → first review → second review →
decided → closed, with the steps back that reviews need.

:func:`move_case` checks that the step is allowed from the case's status and that a
decision rests on a current assessment, stores the new status and an audit event
(``case.status``) in one transaction. Roles are not checked here: desk runs on one
desktop and ``users.roles`` is information, not access control.
"""

from __future__ import annotations

from desk.domain.errors import InvalidInput, WorkflowError
from desk.domain.i18n import N_, _
from desk.services.cases import CaseSummary, case_row, latest_assessments, summarize
from desk.services.context import ServiceContext
from desk.storage import models as m
from desk.storage.casemap import case_fingerprint, load_case

STATUSES = m.CASE_STATUSES
STATUS_LABELS = {
    "draft": N_("Draft"),
    "submitted": N_("Submitted"),
    "first_review": N_("First review"),
    "second_review": N_("Second review"),
    "decided": N_("Decided"),
    "closed": N_("Closed"),
}
# status → the statuses one step can lead to
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("submitted",),
    "submitted": ("first_review", "draft"),
    "first_review": ("second_review", "decided", "draft"),
    "second_review": ("decided", "first_review"),
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
        row.status = to
        if to == "submitted" and row.filed_at is None:
            row.filed_by = ctx.user(session)
            row.filed_at = m.utcnow()
        session.flush()
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
