"""Blocks more than one record kind prints: the case, versions, people, residency,
declaration, technology, exemption claims and signature boxes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.platypus import Table
from reportlab.platypus.flowables import Flowable

from desk.domain.case import ExemptionClaim, Recipient, Tie
from desk.reports import labels as lb
from desk.reports.data import derived_red_flags, red_flags_for, un_embargo_named
from desk.reports.layout import (
    SMALL,
    gap,
    grid_table,
    label,
)
from desk.reports.records.context import Ctx, Row


def case_rows(c: Ctx) -> list[Row]:
    case = c.r.case
    return [
        (lb.L["institution"], c.p(c.r.institution, "institution")),
        (lb.L["case_id"], c.p(case.id, "case.id")),
        (lb.L["case_title"], c.p(case.title, "case.title")),
        (lb.L["as_of"], c.p(case.as_of, "case.as_of")),
        (lb.L["audit_head"], c.p(c.r.audit_head, "audit_head", SMALL)),
    ]


def references_rows(c: Ctx) -> list[Row]:
    """The case's other records, by document number (or 未発行 when none was issued yet)."""
    rows: list[Row] = []
    for kind in ("precheck", "classification", "screening"):
        if kind == c.r.kind:
            continue
        number = c.r.references.get(kind)
        rows.append(
            (lb.TITLES[kind], c.p(number or c.t(lb.WORDS["not_issued"]), f"references.{kind}"))
        )
    return rows


def versions_rows(c: Ctx) -> list[Row]:
    return [
        (lb.L["ruleset"], c.p(c.r.ruleset_version, "assessment.ruleset")),
        (lb.L["lists"], c.p(list_versions(c), "assessment.lists")),
    ]


def list_versions(c: Ctx) -> str | None:
    """The lists screened against, by their names (glossary §2.6: never a list ID alone)."""
    lists = c.r.assessment.get("lists") or []
    items = [
        f"{lb.list_name(x.get('id'), c.lang)}（{c.date(x.get('version'))}公表）"
        if c.lang == "ja"
        else f"{lb.list_name(x.get('id'), c.lang)} ({x.get('version')})"
        for x in lists
    ]
    return c.join(items) or None


def applicant_rows(c: Ctx) -> list[Row]:
    a = c.r.facts.applicant
    return [
        (lb.L["name"], c.p(a.name if a else None, "applicant.name")),
        (lb.L["department"], c.p(a.department if a else None, "applicant.department")),
        (lb.L["position"], c.p(a.position if a else None, "applicant.position")),
        (lb.L["contact"], c.p(a.contact if a else None, "applicant.contact")),
    ]


def _affiliations(c: Ctx, rec: Recipient) -> str | None:
    if not rec.affiliations:
        return None
    parts = []
    for a in rec.affiliations:
        kind = c.paren(lb.enum_text(lb.AFFILIATION_KINDS, a.kind, c.lang)) if a.kind else ""
        parts.append(f"{a.name}{kind} — {c.country(a.country)}")
    return "\n".join(parts)


def counterpart_rows(c: Ctx) -> list[Row]:
    rec = c.r.case.recipient
    rows: list[Row] = [
        (lb.L["name"], c.p(rec.name, "recipient.name")),
        (lb.L["name_latin"], c.p(rec.name_latin, "recipient.name_latin")),
        (lb.L["kind"], c.enum(lb.WORDS, rec.kind, "recipient.kind")),
    ]
    if rec.kind == "person":  # an organization has a country, not a nationality
        rows.append(
            (lb.L["nationality"], c.p(c.countries(rec.nationalities), "recipient.nationalities"))
        )
    rows += [
        (
            lb.L["country"],
            c.p(c.country(rec.country) if rec.country else None, "recipient.country"),
        ),
        (lb.L["affiliation"], c.p(_affiliations(c, rec), "recipient.affiliations")),
    ]
    return rows


def _residency(c: Ctx, status: Mapping[str, Any]) -> str | None:
    resident = status.get("resident")
    if resident is None:
        return None
    return c.t(lb.WORDS["resident" if resident else "non_resident"])


def _deemed(c: Ctx, status: Mapping[str, Any]) -> str:
    deemed = list(status.get("deemed_countries") or [])
    if deemed:
        return c.countries(deemed)
    if status.get("resident") and not status.get("treated_as_non_resident"):
        return c.t(lb.WORDS["no_deemed"])  # a resident provision deems no country
    return c.t(lb.WORDS["unknown"])


def residency_rows(c: Ctx) -> list[Row]:
    rec = c.r.case.recipient
    status: Mapping[str, Any] = c.r.assessment.get("recipient_status") or {}
    emp = rec.employment_in_japan
    emp_text = None
    if emp:
        until = c.date(emp.until) if emp.until else "…"
        form = c.paren(lb.enum_text(lb.EMPLOYMENT_FORMS, emp.form, c.lang))
        emp_text = f"{emp.employer or '—'}{form} {c.date(emp.since)}〜{until}"
    rows: list[Row] = []
    if rec.kind == "person":
        rows += [
            (lb.L["location"], c.enum(lb.WORDS, rec.effective_location, "recipient.location")),
            (lb.L["entered_japan_on"], c.p(rec.entered_japan_on, "recipient.entered_japan_on")),
            (lb.L["employment"], c.p(emp_text, "recipient.employment_in_japan")),
        ]
    rows += [
        (lb.L["residency"], c.p(_residency(c, status), "recipient_status.resident")),
        (lb.L["deemed_countries"], c.p(_deemed(c, status), "deemed_countries")),
        (lb.L["review_on"], c.p(c.date(c.r.assessment.get("review_on")), "review_on")),
    ]
    return rows


def types_text(c: Ctx, types: Sequence[int]) -> str:
    if not types:
        return c.t(lb.WORDS["none"])
    if c.lang == "ja":
        return c.join(f"類型{lb.CIRCLED.get(n, str(n))}" for n in types)
    return c.join(f"category {n}" for n in types)


def _tie(c: Ctx, t: Tie) -> str:
    kind = lb.enum_text(lb.COUNTERPARTY_KINDS, t.counterparty_kind, c.lang)
    country = c.country(t.country) if t.country else "—"
    sep = "：" if c.lang == "ja" else ": "
    what = lb.enum_text(lb.TIE_TYPES, t.type, c.lang)
    return f"{what}{sep}{t.counterparty or '—'}{c.paren(c.join([kind, country]))}"


def declaration_rows(c: Ctx) -> list[Row]:
    rec = c.r.case.recipient
    d = rec.declaration
    status: Mapping[str, Any] = c.r.assessment.get("recipient_status") or {}
    types = types_text(c, d.types) if d is not None else None
    ties = "\n".join(_tie(c, t) for t in rec.ties)
    return [
        (
            lb.L["declared_on"],
            c.p(d.declared_on if d else c.t(lb.WORDS["unanswered"]), "declaration.declared_on"),
        ),
        (lb.L["declared_types"], c.p(types, "declaration.types")),
        (
            lb.L["specific_categories"],
            c.p(types_text(c, status.get("specific_categories") or []), "specific_categories"),
        ),
        (lb.L["ties"], c.p(ties or c.t(lb.WORDS["none"]), "recipient.ties")),
    ]


def concerns_text(c: Ctx, codes: Sequence[str]) -> str:
    if not codes:
        return c.t(lb.WORDS["none"])
    names = [lb.enum_text(lb.CONCERNS, x, c.lang) for x in codes]
    return ("・" if c.lang == "ja" else ", ").join(names)


def item_rows(c: Ctx) -> list[Row]:
    tech = c.r.case.technology
    return [
        (lb.L["item"], c.p(lb.item_text(tech.item, c.lang), "technology.item")),
        (lb.L["ordinance_article"], c.p(c.r.facts.ordinance_article, "facts.ordinance_article")),
    ]


def technology_rows(c: Ctx) -> list[Row]:
    tech = c.r.case.technology
    return [
        (lb.L["technology"], c.p(tech.title, "technology.title")),
        (
            lb.L["classification"],
            c.enum(lb.CLASSIFICATIONS, tech.classification, "technology.classification"),
        ),
        *item_rows(c),
        (lb.L["specific_item_16_1"], c.p(tech.specific_item_16_1, "technology.specific_item_16_1")),
        (
            lb.L["concern_relevance"],
            c.p(concerns_text(c, tech.concern_relevance), "technology.concern_relevance"),
        ),
    ]


_FACT_NAMES = (
    "covers_all_content",
    "audience",
    "aims_at_natural_principles",
    "aims_at_specific_product",
    "includes_use_technology",
    "minimum_necessary",
    "goods_export_cleared",
    "sold_to_public",
    "not_custom_made",
)


def _claim_facts(c: Ctx, claim: ExemptionClaim) -> str:
    sep = "：" if c.lang == "ja" else ": "
    parts = []
    for name in _FACT_NAMES:
        value = getattr(claim, name)
        if value is None or (
            name == "includes_use_technology" and name not in claim.given and not value
        ):
            continue
        shown = lb.enum_text(lb.AUDIENCES, value, c.lang) if name == "audience" else c.fmt(value)
        parts.append(f"{c.t(lb.CLAIM_FACTS[name])}{sep}{shown}")
    if claim.evidence:
        parts.append(f"{c.t(lb.CLAIM_FACTS['evidence'])}{sep}{claim.evidence}")
    if claim.note:
        parts.append(f"{c.t(lb.CLAIM_FACTS['note'])}{sep}{claim.note}")
    return "\n".join(parts)


def claims_table(c: Ctx) -> Flowable:
    claims = c.r.case.technology.exemptions
    if not claims:
        return c.p(c.t(lb.WORDS["none"]), "exemptions")
    rows = [
        [
            c.enum(lb.EXEMPTIONS, cl.basis, f"exemptions[{i}]"),
            c.p(_claim_facts(c, cl), f"exemptions[{i}]"),
        ]
        for i, cl in enumerate(claims)
    ]
    return grid_table([lb.L["exemption_basis"], lb.L["exemption_facts"]], rows, [2, 3])


def signature_block(c: Ctx, pairs: Sequence[tuple[lb.Pair, str | None, dt.date | None]]) -> Table:
    """Name and date boxes with room for a seal or signature."""
    header = [lb.L["level"], lb.L["name"], lb.L["date"], lb.L["signature"]]
    rows = [
        [label(p), c.p(name, "signature.name"), c.p(day, "signature.date"), gap(9)]
        for p, name, day in pairs
    ]
    return grid_table(header, rows, [3, 3, 2, 2])


def red_flags_table(c: Ctx) -> Flowable:
    """懸念確認事項: each question the record's format asks, with the office's answer or the
    one desk derives from the registered facts (marked so); a 別表第3の2 country the case
    names is printed beside a yes (format 4 on)."""
    answers = derived_red_flags(c.r)
    rows = []
    for code in red_flags_for(c.r.format_version):
        ans, derived = answers.get(code, (None, False))
        word = c.t(lb.WORDS["unanswered"] if ans is None else lb.WORDS["yes" if ans else "no"])
        if code == "un_embargo_country" and ans:
            named = un_embargo_named(c.r)
            if named:
                word += c.paren(c.join(lb.country_text(x, c.lang) for x in named))
        if derived:
            word += c.paren(c.t(lb.WORDS["derived"]))
        rows.append([label(lb.RED_FLAGS[code]), c.p(word, f"red_flags.{code}")])
    return grid_table([lb.L["question"], lb.L["answer"]], rows, [4, 2])
