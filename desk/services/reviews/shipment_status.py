"""A shipment's way through the office, as a case's: draft → submitted → first review →
second review → decided → closed, with the same steps back and the same routing by risk
(R2–R4 decided at the second level, on a current assessment).

:func:`move_shipment` stores the new status and an audit event (``shipment.status``) in
one transaction. Like :func:`~desk.services.reviews.status.move_case` it is the office's
manual step (the submitter never moves a shipment to decided); the review itself, with its
steps and decisions by role, is :mod:`.shipment_review`.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desk.domain.errors import InvalidInput, NotFound, WorkflowError
from desk.domain.i18n import N_, _
from desk.services.context import ServiceContext
from desk.services.goods import ShipmentSummary, summarize_shipment
from desk.services.permissions import require_role, roles_in_use
from desk.services.reviews.guards import MOVE_ROLES, flush_or_conflict
from desk.services.reviews.shipment_review import submitted_shipment
from desk.services.reviews.status import STATUS_LABELS, STATUSES, needs_second_level, next_statuses
from desk.storage import models as m

# what a person without the role is told they may not do (the roles are the cases')
SHIPMENT_MOVE_WHAT = {
    "draft": N_("send shipments back to draft"),
    "submitted": N_("submit shipments"),
    "first_review": N_("move shipments to the first review"),
    "second_review": N_("move shipments to the second review"),
    "decided": N_("decide shipments"),
    "closed": N_("close shipments"),
}


def move_shipment(
    ctx: ServiceContext, ref: str, to: str, *, note: str | None = None
) -> ShipmentSummary:
    """Move shipment ``ref`` to status ``to``; raises WorkflowError when not allowed."""
    if to not in STATUSES or to == "committee":  # the committee decides cases only
        raise InvalidInput(
            _("unknown status {status} (one of: {choices})").format(
                status=to, choices=", ".join(STATUSES)
            )
        )
    with ctx.transaction() as session:
        row = session.scalars(
            select(m.Shipment)
            .options(selectinload(m.Shipment.lines), selectinload(m.Shipment.assessments))
            .where(m.Shipment.ref == ref)
        ).first()
        if row is None:
            raise NotFound(_("No shipment with the id {id}").format(id=ref))
        user = require_role(session, ctx, MOVE_ROLES[to], N_(SHIPMENT_MOVE_WHAT[to]), write=True)
        before = row.status
        if to not in next_statuses(before):
            raise WorkflowError(
                _("Shipment {ref} is {status}; it cannot go to {to} from there").format(
                    ref=ref, status=_(STATUS_LABELS[before]), to=_(STATUS_LABELS[to])
                )
            )
        latest = row.assessments[-1] if row.assessments else None
        if to == "decided":
            if latest is None:
                raise WorkflowError(
                    _("Shipment {ref} has no assessment; assess it before deciding").format(ref=ref)
                )
            if latest.document_sha256 != row.document_sha256:
                raise WorkflowError(
                    _(
                        "Shipment {ref} changed after its assessment; assess it again before "
                        "deciding"
                    ).format(ref=ref)
                )
            if before == "first_review" and needs_second_level(latest.risk):
                raise WorkflowError(
                    _(
                        "Shipment {ref} is risk {risk}: R2–R4 must be decided at the second "
                        "level (export control director); the first review can only forward it"
                    ).format(ref=ref, risk=latest.risk)
                )
        if to == "decided" and roles_in_use(session) and submitted_shipment(session, row, user):
            raise WorkflowError(
                _("{user} submitted shipment {ref}; someone else decides it").format(
                    user=user.login, ref=ref
                )
            )
        row.status = to
        if to == "submitted" and row.filed_at is None:
            row.filed_by_id, row.filed_at = user.id, m.utcnow()
        flush_or_conflict(session, ref, "shipment")
        ctx.audit(
            session,
            "shipment.status",
            "shipment",
            row.id,
            {
                "ref": ref,
                "from": before,
                "to": to,
                "note": note,
                "assessment": latest.id if latest is not None else None,
            },
        )
        return summarize_shipment(row)
