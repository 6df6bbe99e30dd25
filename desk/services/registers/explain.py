"""A stored assessment explained for a person: the detail pane's "current assessment".

Pure formatting over the engine's JSON answer (``assessments.result``, see
``docs/case-format.md``): outcome, risk, residency, specific categories, why the
provision is controlled, deemed countries, list hits with score and band, exemptions
accepted or rejected with the fact that failed, the review date, the reasons with their
citations, and the rule-set and list versions. Labels use the wording of the PDF records
(:mod:`desk.reports.labels`), values the UI language; reasons come in the language they
were written in (``text_ja`` / ``text_en``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from desk.domain.countries import country_label
from desk.domain.i18n import citation_text, current_language, translator
from desk.domain.localtime import shown
from desk.reports.labels import CONTROLLED_BECAUSE, EXEMPTIONS, OUTCOMES, RISKS, WORDS, L, Pair
from desk.screening.model import band_for
from desk.services.registers.registries import BAND_LABELS, Section

__all__ = ["assessment_sections", "pair_label"]


def pair_label(table: Mapping[str, Pair], code: str | None, lang: str | None = None) -> str:
    """A code in the records' wording (Japanese/English), else the code as it is."""
    if not code:
        return ""
    pair = table.get(code)
    if pair is None:
        return code
    return pair[0] if (lang or current_language()) == "ja" else pair[1]


def _w(pair: Pair, lang: str) -> str:
    return pair[0] if lang == "ja" else pair[1]


def _date(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):  # a datetime too: in Japan time, the zone named
        return shown(value)
    return str(value)


def _reason_text(reason: Mapping[str, Any], lang: str) -> str:
    return str(reason.get(f"text_{lang}") or reason.get("text_en") or reason.get("code") or "")


def _exemption_reason(e: Mapping[str, Any], reasons: Sequence[Mapping[str, Any]], lang: str) -> str:
    """The claim's reason in ``lang``: the JSON carries it in English; the matching
    ``exemption.*`` reason in the reasons list has both languages."""
    reason = str(e.get("reason") or "")
    if lang == "ja":
        for r in reasons:
            if str(r.get("code", "")).startswith("exemption.") and r.get("text_en") == reason:
                return str(r.get("text_ja") or reason)
    return reason


def _hit_line(h: Mapping[str, Any], _: Callable[[str], str]) -> str:
    score = float(h.get("score") or 0.0)
    band = str(h.get("band") or band_for(score))
    line = _("{list} no. {entry}: {name} (score {score:.2f}, {band})").format(
        list=h.get("list", ""),
        entry=h.get("entry", ""),
        name=h.get("name", ""),
        score=score,
        band=_(BAND_LABELS.get(band, band)),
    )
    categories = h.get("categories") or ()
    if categories:
        line += " — " + _("categories: {categories}").format(categories=", ".join(categories))
    return line


def _versions(items: Any) -> str:
    out = []
    for v in items or ():
        if isinstance(v, Mapping):
            out.append(f"{v.get('id', '')} {v.get('version', '')}".strip())
        elif isinstance(v, Sequence) and not isinstance(v, str):
            out.append(" ".join(str(x) for x in v))
    return ", ".join(out)


def assessment_sections(
    result: Mapping[str, Any] | None,
    *,
    outcome: str,
    risk: str,
    review_on: dt.date | None,
    ruleset: tuple[str, str],
    lists: Sequence[Any],
    assessed_at: dt.datetime | None = None,
    lang: str | None = None,
) -> tuple[Section, ...]:
    """The current assessment as two sections: the answer and its reasons.

    ``result`` is the engine's JSON answer (may be empty for an assessment stored without
    one: the row's own outcome, risk and review date are shown then).
    """
    lang = lang or current_language()
    _ = translator(lang)
    r: Mapping[str, Any] = result or {}
    status: Mapping[str, Any] = r.get("recipient_status") or {}
    reasons: Sequence[Mapping[str, Any]] = r.get("reasons") or ()
    none = _w(WORDS["none"], lang)

    fields: list[tuple[str, str]] = [
        (_w(L["outcome"], lang), pair_label(OUTCOMES, r.get("outcome") or outcome, lang)),
        (_w(L["risk"], lang), pair_label(RISKS, r.get("risk") or risk, lang)),
    ]
    if status:
        resident = status.get("resident")
        text = "" if resident is None else _w(WORDS["yes" if resident else "no"], lang)
        if resident and status.get("treated_as_non_resident"):
            text += " — " + _("treated as a non-resident (specific category)")
        fields.append((_w(L["resident"], lang), text))
        cats = status.get("specific_categories") or ()
        fields.append(
            (
                _w(L["specific_categories"], lang),
                ", ".join(
                    pair_label(CONTROLLED_BECAUSE, f"specific_category_{c}", lang) for c in cats
                )
                or none,
            )
        )
        fields.append(
            (
                _w(L["deemed_countries"], lang),
                ", ".join(country_label(c, lang) for c in status.get("deemed_countries") or ())
                or none,
            )
        )
    if "controlled_because" in r:
        fields.append(
            (
                _w(L["controlled_because"], lang),
                ", ".join(pair_label(CONTROLLED_BECAUSE, c, lang) for c in r["controlled_because"])
                or _("not controlled"),
            )
        )
    if "list_hits" in r:
        hits = r.get("list_hits") or ()
        fields.append(
            (
                _w(L["s_list_screening"], lang),
                "\n".join(_hit_line(h, _) for h in hits) or _w(WORDS["no_hits"], lang),
            )
        )
    if "exemptions" in r:
        lines = []
        for e in r.get("exemptions") or ():
            word = _w(WORDS["accepted" if e.get("accepted") else "rejected"], lang)
            line = f"{pair_label(EXEMPTIONS, e.get('basis'), lang)}: {word}"
            reason = _exemption_reason(e, reasons, lang)
            if reason and not e.get("accepted"):
                line += " — " + reason
            lines.append(line)
        fields.append((_w(L["s_exemptions"], lang), "\n".join(lines) or none))
    fields.append((_w(L["review_on"], lang), _date(r.get("review_on") or review_on) or none))
    rs = r.get("ruleset")
    ruleset_text = (
        f"{rs.get('id', '')} {rs.get('version', '')}".strip()
        if isinstance(rs, Mapping)
        else " ".join(x for x in ruleset if x)
    )
    fields.append((_w(L["ruleset"], lang), ruleset_text))
    fields.append((_w(L["lists"], lang), _versions(r.get("lists") or lists) or none))
    if assessed_at is not None:
        fields.append((_("Assessed at"), _date(assessed_at)))

    sections = [Section(_("Current assessment"), tuple(fields))]
    if reasons:
        citation = _w(L["citation"], lang)
        sections.append(
            Section(
                _w(L["s_reasons"], lang),
                tuple(
                    (
                        f"{i}",
                        _reason_text(reason, lang)
                        + (
                            f"\n{citation}: {citation_text(reason['citation'], lang)}"
                            if reason.get("citation")
                            else ""
                        ),
                    )
                    for i, reason in enumerate(reasons, start=1)
                ),
            )
        )
    return tuple(sections)
