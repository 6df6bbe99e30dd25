"""The cleared shipment a case's ``minimum_use_technology`` exemption (貨物の使用に必要な
最小限の技術) relies on: :func:`link_case_shipment` stores or removes the link (one shipment
per case, who and when, audited as ``case.link_shipment``), :func:`case_shipment_link` says
what it points to and warns when the case claims ``goods_export_cleared`` without a cleared
shipment behind it. The engine stays pure: it reads the claimed facts; this is the record
that the fact rests on a shipment the office cleared.

A shipment is *cleared* when its review reached a final approving decision (承認 or
条件付承認) and it is still decided or closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput, NotFound, WorkflowError
from desk.domain.i18n import N_, _
from desk.domain.localtime import local_date
from desk.services.context import Changes, ServiceContext
from desk.services.permissions import SHIPMENT_ROLES, require_case_access, require_role
from desk.storage import models as m

BASIS = "minimum_use_technology"
APPROVING = ("approve", "approve_with_conditions")
TABLES = frozenset({"case_shipment_links", "audit_events"})
LINK_WHAT = N_("link shipments to cases")
SHIPMENT_STATUS_LABELS = {
    "draft": N_("Draft"),
    "submitted": N_("Submitted"),
    "first_review": N_("First review"),
    "second_review": N_("Second review"),
    "decided": N_("Decided"),
    "closed": N_("Closed"),
}


@dataclass(frozen=True)
class ClearedShipment:
    """A shipment whose export the office cleared, for the app's choice."""

    ref: str
    title: str | None
    decided_on: dt.date


@dataclass(frozen=True)
class CaseShipmentLinkInfo:
    """What case ``case_ref``'s link says, and the warning when the claim lacks it."""

    case_ref: str
    claims_cleared: bool  # the case's minimum-use claim says goods_export_cleared: true
    shipment_ref: str | None = None
    title: str | None = None
    status: str | None = None
    decision: str | None = None
    decided_on: dt.date | None = None
    cleared: bool = False
    linked_by: str | None = None
    linked_at: dt.datetime | None = None
    warning: str | None = None
    changes: Changes = field(default_factory=Changes)

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.case_ref,
            "claims_goods_export_cleared": self.claims_cleared,
            "shipment": self.shipment_ref,
            "title": self.title,
            "status": self.status,
            "decision": self.decision,
            "decided_on": self.decided_on.isoformat() if self.decided_on else None,
            "cleared": self.cleared,
            "linked_by": self.linked_by,
            "linked_at": self.linked_at.isoformat() if self.linked_at else None,
            "warning": self.warning,
        }


def clearing_step(session: Session, shipment: m.Shipment) -> m.ShipmentReviewStep | None:
    """The final approving decision that cleared ``shipment``, or None if it is not cleared."""
    if shipment.status not in ("decided", "closed"):
        return None
    steps = list(
        session.scalars(
            select(m.ShipmentReviewStep)
            .where(m.ShipmentReviewStep.shipment_id == shipment.id)
            .order_by(m.ShipmentReviewStep.id)
        )
    )
    start = max((i for i, s in enumerate(steps) if s.level == "self"), default=0)
    final = next((s for s in reversed(steps[start:]) if s.final), None)
    if final is None or final.decision not in APPROVING:
        return None
    return final


def claims_goods_export_cleared(case: m.Case) -> bool:
    """Whether the case's technology claims minimum-use technology with a cleared export."""
    return any(
        e.basis == BASIS and (e.facts or {}).get("goods_export_cleared") is True
        for e in case.technical_item.exemptions
    )


def _case(session: Session, ref: str) -> m.Case:
    row = session.scalars(select(m.Case).where(m.Case.ref == ref)).first()
    if row is None:
        raise NotFound(_("No case with the id {id}").format(id=ref))
    return row


def _link(session: Session, case_id: int) -> m.CaseShipmentLink | None:
    return session.scalars(
        select(m.CaseShipmentLink).where(m.CaseShipmentLink.case_id == case_id)
    ).first()


def case_link_info(
    session: Session, case: m.Case, changes: Changes | None = None
) -> CaseShipmentLinkInfo:
    """What ``case``'s link says (for the detail pane and :func:`case_shipment_link`)."""
    claims = claims_goods_export_cleared(case)
    link = _link(session, case.id)
    if link is None:
        warning = (
            _(
                "Case {ref} claims that the goods' export is cleared (minimum use technology) "
                "but names no cleared shipment"
            ).format(ref=case.ref)
            if claims
            else None
        )
        return CaseShipmentLinkInfo(case.ref, claims, warning=warning, changes=changes or Changes())
    shipment = link.shipment
    step = clearing_step(session, shipment)
    warning = None
    if step is None:
        warning = _(
            "Shipment {shipment} that case {ref} relies on is no longer cleared (it is {status})"
        ).format(
            shipment=shipment.ref,
            ref=case.ref,
            status=_(SHIPMENT_STATUS_LABELS.get(shipment.status, shipment.status)),
        )
    return CaseShipmentLinkInfo(
        case.ref,
        claims,
        shipment_ref=shipment.ref,
        title=shipment.title,
        status=shipment.status,
        decision=step.decision if step else None,
        decided_on=local_date(m.as_utc(step.decided_at) or step.decided_at) if step else None,
        cleared=step is not None,
        linked_by=link.linked_by.login,
        linked_at=m.as_utc(link.linked_at) or link.linked_at,
        warning=warning,
        changes=changes or Changes(),
    )


def case_shipment_link(ctx: ServiceContext, case_ref: str) -> CaseShipmentLinkInfo:
    """Case ``case_ref``'s cleared shipment: its ref, title, status, decision day, whether
    it is still cleared, and a warning when the claim lacks a cleared shipment."""
    with ctx.reading() as session:
        case = _case(session, case_ref)
        require_case_access(session, ctx.user(session), case)
        return case_link_info(session, case)


def cleared_shipments(ctx: ServiceContext) -> tuple[ClearedShipment, ...]:
    """Every shipment the office cleared, by id (the app's choice for a link)."""
    with ctx.reading() as session:
        rows = session.scalars(
            select(m.Shipment)
            .where(m.Shipment.status.in_(("decided", "closed")))
            .order_by(m.Shipment.ref)
        )
        out = []
        for row in rows:
            step = clearing_step(session, row)
            if step is not None:
                when = local_date(m.as_utc(step.decided_at) or step.decided_at)
                out.append(ClearedShipment(row.ref, row.title, when))
        return tuple(out)


def link_case_shipment(
    ctx: ServiceContext, case_ref: str, shipment_ref: str | None
) -> CaseShipmentLinkInfo:
    """Link case ``case_ref`` to cleared shipment ``shipment_ref`` (replacing any link), or
    remove its link with ``None``; audited as ``case.link_shipment``."""
    if shipment_ref is not None:
        shipment_ref = shipment_ref.strip()
        if not shipment_ref:
            raise InvalidInput(_("the shipment id is empty"), where="SHIPMENT")
    with ctx.transaction() as session:
        user = require_role(session, ctx, SHIPMENT_ROLES, LINK_WHAT, write=True)
        case = _case(session, case_ref)
        require_case_access(session, user, case)
        link = _link(session, case.id)
        before = link.shipment.ref if link is not None else None
        if shipment_ref is None:
            if link is None:
                raise WorkflowError(
                    _("Case {ref} has no linked shipment to remove").format(ref=case_ref)
                )
            session.delete(link)
        else:
            shipment = session.scalars(
                select(m.Shipment).where(m.Shipment.ref == shipment_ref)
            ).first()
            if shipment is None:
                raise InvalidInput(
                    _("No shipment with the id {id}").format(id=shipment_ref), where="SHIPMENT"
                )
            if clearing_step(session, shipment) is None:
                raise InvalidInput(
                    _(
                        "Shipment {ref} is not cleared (it is {status}): only a shipment whose "
                        "review ended in an approval can be linked"
                    ).format(
                        ref=shipment_ref,
                        status=_(SHIPMENT_STATUS_LABELS.get(shipment.status, shipment.status)),
                    ),
                    where="SHIPMENT",
                )
            now = ctx.now_override or dt.datetime.now(dt.UTC)
            if link is None:
                link = m.CaseShipmentLink(case_id=case.id)
                session.add(link)
            link.shipment_id = shipment.id
            link.shipment = shipment
            link.linked_by_id = user.id
            link.linked_by = user
            link.linked_at = now
        session.flush()
        ctx.audit(
            session,
            "case.link_shipment",
            "case",
            case.id,
            {"ref": case_ref, "from": before, "to": shipment_ref},
        )
        return case_link_info(session, case, Changes(TABLES, {"cases": (case.id,)}))
