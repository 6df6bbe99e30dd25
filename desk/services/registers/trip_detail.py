"""A stored trip in the detail pane: its facts, and its last decision — the worst outcome,
then each case and hand-carry shipment with its reasons and citations."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desk.domain.errors import NotFound
from desk.domain.i18n import _, current_language
from desk.services.registers.registries import STATUS_LABELS, Detail
from desk.services.registers.values import _countries, _label, _period
from desk.storage.models import Trip


def trip_detail(s: Session, row_id: int) -> Detail:
    from desk.services.trips.explain import decision_sections
    from desk.services.trips.trips import _fingerprint

    row = s.get(Trip, row_id)
    if row is None:
        raise NotFound(_("No trip with the id {id}").format(id=row_id))
    last = row.assessments[-1] if row.assessments else None
    fields = [
        (_("Traveller"), row.person.name),
        (_("Status"), _label(STATUS_LABELS, row.status)),
        (_("Period"), _period(row.departs_on, row.returns_on)),
        (_("Destinations"), _countries(row.destinations)),
        (_("Technology cases"), ", ".join(tc.case.ref for tc in row.cases) or "—"),
        (_("Hand-carried goods"), ", ".join(ts.shipment.ref for ts in row.shipments) or "—"),
    ]
    if row.purpose:
        fields.append((_("Purpose"), row.purpose))
    if last is None:
        fields.append((_("Assessment"), _("not assessed yet")))
    elif last.trip_sha256 != _fingerprint(s, row):
        fields.append((_("Assessment"), _("out of date: the trip or a part changed after it")))
    sections = decision_sections(last.result, current_language()) if last is not None else ()
    return Detail(row.id, f"{row.ref}  {row.title or ''}".strip(), tuple(fields), sections)
