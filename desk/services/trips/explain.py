"""A trip's decision in words and as sections: the worst outcome, then each part (a case by
the technology engine, a hand-carry shipment by the goods engine) with its reasons and
citations — what ``desk trips show`` prints and the app's decision view shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from desk.domain.countries import country_label
from desk.domain.i18n import _, citation_text
from desk.domain.localtime import shown
from desk.reports.labels import OUTCOMES, RISKS
from desk.reports.trip_records import DOCUMENTS, EXCEPTIONS, PURPOSES
from desk.services.registers.explain import pair_label
from desk.services.registers.registries import Section


def _day(iso: str | None) -> str:
    return shown(dt.date.fromisoformat(iso)) if iso else "—"


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "ja" else pair[1]


def part_title(part: Mapping[str, Any]) -> str:
    if part.get("kind") == "case":
        head = _("Technology case {id}").format(id=part.get("id"))
    else:
        head = _("Hand-carried goods {id}").format(id=part.get("id"))
    return f"{head}  {part.get('title') or ''}".rstrip()


def decision_sections(answer: Mapping[str, Any], lang: str) -> tuple[Section, ...]:
    """The decision view: the trip's outcome first, then one section per part."""
    sep = "、" if lang == "ja" else ", "
    decided = sep.join(str(d.get("id")) for d in answer.get("decided_by") or ())
    documents = sep.join(
        _pick(DOCUMENTS.get(d, (d, d)), lang) for d in answer.get("documents") or ()
    )
    head = [
        (_("Outcome"), pair_label(OUTCOMES, answer.get("outcome"), lang)),
        (_("Risk"), pair_label(RISKS, answer.get("risk"), lang)),
        (_("Decided by"), decided or "—"),
        (
            _("Destinations"),
            sep.join(country_label(c, lang) for c in answer.get("destinations") or ()),
        ),
        (_("Judged on"), _day(answer.get("judged_on"))),
    ]
    if documents:
        head.append((_("Documents for Customs"), documents))
    sections = [Section(_("Decision for the trip (the worst part)"), tuple(head))]
    for part in answer.get("parts") or ():
        fields = [
            (_("Outcome"), pair_label(OUTCOMES, part.get("outcome"), lang)),
            (_("Risk"), pair_label(RISKS, part.get("risk"), lang)),
        ]
        for ln in part.get("lines") or ():
            value = pair_label(OUTCOMES, ln.get("outcome"), lang)
            for e in ln.get("exceptions") or ():
                if e.get("status") != "accepted":
                    continue
                label = _pick(EXCEPTIONS.get(e["basis"], (e["basis"], e["basis"])), lang)
                if e.get("purpose"):
                    label += f" ({_pick(PURPOSES.get(e['purpose'], (e['purpose'],) * 2), lang)})"
                value += f"、{label}" if lang == "ja" else f"; {label}"
            fields.append(("{n}. {name}".format(n=ln.get("line"), name=ln.get("name")), value))
        for r in part.get("reasons") or ():
            text = r.get("text_ja" if lang == "ja" else "text_en") or ""
            citation = citation_text(r.get("citation"), lang)
            where = _("line {n}").format(n=r["line"]) if r.get("line") else _("Reason")
            fields.append((where, f"{text} [{citation}]" if citation else text))
        sections.append(Section(part_title(part), tuple(fields)))
    return tuple(sections)


def explain_trip(answer: Mapping[str, Any], lang: str) -> str:
    """The decision as plain text, one section after another."""
    out: list[str] = []
    for section in decision_sections(answer, lang):
        out.append(f"== {section.title}")
        out += [f"  {label}: {value}" for label, value in section.fields]
    return "\n".join(out)
