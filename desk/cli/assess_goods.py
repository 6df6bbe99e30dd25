"""``desk assess`` for ``desk-shipment/1`` files: load, judge and explain a shipment.

Imported by :mod:`desk.cli.assess` only when a shipment file is given, so that judging
case files alone never loads the goods engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from desk.domain.goods import Shipment, load_shipment_file

__all__ = ["Shipment", "assess", "explain", "load"]
from desk.domain.i18n import N_, _, citation_text
from desk.rules.goods import ShipmentAssessment, assess_shipment
from desk.screening import ScreeningList

FORMAT = "desk-shipment/1"
SCOPE_LABELS = {
    "listed": N_("listed (items 1–15)"),
    "item16_1": N_("item 16 (1)"),
    "item16_2": N_("item 16 (2)"),
    "outside": N_("outside the list (no licence)"),
    "undetermined": N_("classification undetermined"),
}
STATUS_LABELS = {
    "accepted": N_("accepted"),
    "rejected": N_("not accepted"),
    "unsettled": N_("unsettled"),
    "set_aside": N_("set aside (catch-all trigger)"),
    "not_evaluated": N_("not evaluated"),
}
DOCUMENT_LABELS = {
    "export_licence": N_("export licence"),
    "non_applicability_certificate": N_("non-applicability certificate"),
    "exception_declaration": N_("exception stated in the export declaration"),
    "hand_carry_declaration": N_("hand-carry export declaration"),
}


def load(path: str | Path) -> Shipment:
    return load_shipment_file(path)


def assess(
    shipment: Shipment, lists: Sequence[ScreeningList], today: dt.date
) -> ShipmentAssessment:
    return assess_shipment(shipment, lists=lists, today=today)


def explain(
    shipment: Shipment, a: ShipmentAssessment, lang: str, outcome_labels: dict[str, str]
) -> str:
    """The answer as a person reads it, in ``lang``."""
    none = _("none")
    lines = [f"{a.id}" + (f"  {shipment.title}" if shipment.title else "")]

    def row(label: str, value: str) -> None:
        lines.append(f"  {label}: {value}")

    row(_("Outcome"), f"{a.outcome} — {_(outcome_labels[a.outcome])}")
    row(_("Risk"), a.risk)
    row(_("As of"), a.as_of.isoformat())
    row(_("Export date"), a.export_date.isoformat())
    row(_("Countries checked"), ", ".join(a.countries) or none)
    lines.append("  " + _("Goods") + ":")
    for ln in a.lines:
        lines.append(
            f"    {ln.line}. {ln.name} — {ln.outcome} ({ln.risk}); {_(SCOPE_LABELS[ln.scope])}; "
            f"¥{ln.value_jpy:,f}"
        )
        for e in ln.exceptions:
            lines.append(f"       {e.basis}: {_(STATUS_LABELS[e.status])} — {e.reason.text(lang)}")
    if a.list_hits:
        lines.append("  " + _("List hits") + ":")
        for h in a.list_hits:
            cats = ",".join(h.categories) or "—"
            lines.append(f"    - {h.list} {h.entry} {h.name} ({h.country}; {cats}; {h.score:.2f})")
    lines.append("  " + _("Reasons") + ":")
    for r in a.reasons:
        where = f"[{r.line}] " if r.line is not None else ""
        lines.append(f"    - {where}{r.text(lang)}")
        lines.append(f"      [{r.code}] {citation_text(r.citation, lang)}")
    docs = ", ".join(_(DOCUMENT_LABELS[d]) for d in a.documents) or none
    row(_("Documents for Customs"), docs)
    keep = (
        _("{years} years from the day after the export permit (customs)").format(
            years=a.records.customs_years
        )
        if a.records.customs_article_94
        else _("not required (customs)")
    )
    row(
        _("Records"),
        f"{keep}; " + _("{years} years (institution)").format(years=a.records.institution_years),
    )
    lists = ", ".join(f"{i} {v}" for i, v in a.lists)
    lists_label = _("lists")
    row(_("Rule set"), f"{a.ruleset[0]} {a.ruleset[1]}; {lists_label}: {lists}")
    return "\n".join(lines) + "\n"
