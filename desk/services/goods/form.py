"""The app's shipment form: one shipment document saved, judged and explained.

The form hands over a ``desk-shipment/1`` document as a plain mapping (numbers as
decimal strings or :class:`~decimal.Decimal`); :func:`save_shipment` checks it with the
same strict loader as the files (a refusal is :class:`InvalidInput` naming the key path,
nothing stored), stores it through :func:`import_shipment_documents` (audit
``shipment.import``) and judges it through :func:`assess_shipments` (audit
``shipment.assess``), and returns the engine's answer with it so that the form can show
the explanation the CLI prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desk.domain.errors import InvalidInput, NotFound
from desk.domain.goods import Shipment, parse_document, shipment_to_dict
from desk.domain.i18n import _
from desk.rules.goods import ShipmentAssessment
from desk.services.context import Changes, ServiceContext
from desk.services.goods.shipments import (
    ShipmentSummary,
    assess_shipments,
    get_shipment,
    import_shipment_documents,
    list_shipments,
)
from desk.storage import models as m

FORM_SOURCE = "form"


@dataclass(frozen=True)
class SavedShipment:
    summary: ShipmentSummary
    shipment: Shipment
    answer: ShipmentAssessment
    changes: Changes


def shipment_document(ctx: ServiceContext, ref: str) -> dict[str, Any]:
    """A stored shipment as the form edits it (the document, without ``expected``)."""
    return shipment_to_dict(get_shipment(ctx, ref), include_expected=False)


def shipment_status(ctx: ServiceContext, ref: str) -> str:
    """The workflow status of stored shipment ``ref``."""
    with ctx.reading() as session:
        status = session.scalar(select(m.Shipment.status).where(m.Shipment.ref == ref))
    if status is None:
        raise NotFound(_("No shipment with the id {id}").format(id=ref))
    return str(status)


def parse_form_document(document: Mapping[str, Any]) -> Shipment:
    """Check a form's document exactly as a file is checked (numbers as Decimal or int)."""
    return parse_document(dict(document))


def save_shipment(
    ctx: ServiceContext, document: Mapping[str, Any], *, editing: str | None = None
) -> SavedShipment:
    """Store the form's shipment (new, or replacing ``editing``) and judge it."""
    shipment = parse_form_document(document)
    if editing is not None and shipment.id != editing:
        raise InvalidInput(
            _("the id of a stored shipment cannot change (it is {ref})").format(ref=editing),
            where="id",
        )
    if editing is None and _stored(ctx, shipment.id):
        raise InvalidInput(_("a shipment with this id is already stored"), where="id")
    imported = import_shipment_documents(ctx, [(FORM_SOURCE, shipment)])
    run = assess_shipments(ctx, [shipment.id])
    summary = next(s for s in list_shipments(ctx) if s.ref == shipment.id)
    return SavedShipment(
        summary=summary,
        shipment=shipment,
        answer=run.answers[0],
        changes=Changes(imported.changes.tables | run.changes.tables, {"shipments": (summary.id,)}),
    )


def _stored(ctx: ServiceContext, ref: str) -> bool:
    try:
        get_shipment(ctx, ref)
    except NotFound:
        return False
    return True
