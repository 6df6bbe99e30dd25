"""A stored shipment in the detail pane: its facts, and its last judgment explained.

The judgment is read from the stored engine answer (``shipment_assessments.result``,
goods-format.md "What the engine answers"): the shipment's outcome and risk (the worst
line's), each line's outcome with its exceptions, and every reason with its citation, in
the UI language — what ``desk shipments assess`` and ``desk assess`` print.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from desk.domain.errors import NotFound
from desk.domain.i18n import N_, _, citation_text, current_language
from desk.reports.labels import OUTCOMES, RISKS
from desk.services.registers.explain import pair_label
from desk.services.registers.registries import STATUS_LABELS, Detail, Section
from desk.services.registers.values import _country, _date, _label
from desk.storage.models import Shipment

MODE_LABELS = {
    "courier": N_("Courier"),
    "post": N_("Post"),
    "freight": N_("Freight"),
    "hand_carry": N_("Hand carry"),
}


def shipment_detail(s: Session, row_id: int) -> Detail:
    row = s.get(Shipment, row_id)
    if row is None:
        raise NotFound(_("No shipment with the id {id}").format(id=row_id))
    last = row.assessments[-1] if row.assessments else None
    fields = [
        (_("Status"), _label(STATUS_LABELS, row.status)),
        (_("Mode"), _label(MODE_LABELS, row.mode)),
        (_("Destination"), _country(row.destination)),
        (_("Export date"), _date(row.export_date)),
        (_("Goods lines"), str(len(row.lines))),
    ]
    if last is not None and last.document_sha256 != row.document_sha256:
        fields.append((_("Assessment"), _("out of date: the shipment changed after it")))
    sections = judgment_sections(last.result) if last is not None else ()
    return Detail(row.id, f"{row.ref}  {row.title or ''}".strip(), tuple(fields), sections)


def judgment_sections(result: Mapping[str, Any] | None) -> tuple[Section, ...]:
    """The engine's answer: the shipment (worst line), each line, the reasons."""
    r: Mapping[str, Any] = result or {}
    lang = current_language()
    answer = [
        (_("Outcome"), pair_label(OUTCOMES, r.get("outcome"), lang)),
        (_("Risk"), pair_label(RISKS, r.get("risk"), lang)),
    ]
    # Japanese joins with 「、」 and full-width brackets (glossary-ja §2.4), English with "; "
    sep, paren = ("、", "{}（{}）") if lang == "ja" else ("; ", "{} ({})")
    lines: list[tuple[str, str]] = []
    for ln in r.get("lines") or ():
        parts = [
            paren.format(
                pair_label(OUTCOMES, ln.get("outcome"), lang),
                pair_label(RISKS, ln.get("risk"), lang),
            ),
            "¥{value}".format(value=ln.get("value_jpy")),
        ]
        parts += [
            "{basis}: {reason}".format(basis=e.get("basis"), reason=e.get("reason"))
            for e in ln.get("exceptions") or ()
        ]
        lines.append(("{n}. {name}".format(n=ln.get("line"), name=ln.get("name")), sep.join(parts)))
    reasons: list[tuple[str, str]] = []
    for reason in _reasons(r):
        where = _("line {n}").format(n=reason["line"]) if reason.get("line") else _("shipment")
        text = reason.get("text_ja" if lang == "ja" else "text_en") or ""
        citation = citation_text(reason.get("citation"), lang)
        reasons.append((where, f"{text} [{citation}]" if citation else text))
    return (
        Section(_("Judgment (the worst line)"), tuple(answer)),
        Section(_("Goods lines"), tuple(lines)),
        Section(_("Reasons"), tuple(reasons)),
    )


def _reasons(r: Mapping[str, Any]) -> Sequence[Mapping[str, Any]]:
    return r.get("reasons") or ()
