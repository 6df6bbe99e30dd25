"""The goods engine's answer as a person reads it (the CLI's ``desk assess`` text and the
app's shipment form show the same explanation)."""

from __future__ import annotations

from collections.abc import Mapping

from desk.domain.goods import Shipment
from desk.domain.i18n import N_, _, citation_text
from desk.rules.goods.answer import ShipmentAssessment

OUTCOME_LABELS = {
    "NOT_APPLICABLE": N_("not applicable (no licence needed)"),
    "NOT_LISTED_NO_TRIGGER": N_("not listed, no catch-all trigger (no licence needed)"),
    "EXEMPT": N_("exemption applies (no licence needed)"),
    "LICENSE_REQUIRED": N_("licence required (list control)"),
    "LICENSE_REQUIRED_CATCHALL": N_("licence required (catch-all)"),
    "HOLD": N_("hold: information missing or unsettled"),
    "STOP": N_("stop: prohibited"),
}
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


def explain(
    shipment: Shipment,
    a: ShipmentAssessment,
    lang: str,
    outcome_labels: Mapping[str, str] = OUTCOME_LABELS,
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
