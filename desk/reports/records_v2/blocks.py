"""Blocks more than one record kind prints: the case, versions, people, residency,
declaration, technology, exemption claims and signature boxes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.platypus import Table
from reportlab.platypus.flowables import Flowable

from desk.domain.case import ExemptionClaim, Recipient
from desk.reports.layout import (
    gap,
    grid_table,
    label,
)
from desk.reports.records_v2 import labels as lb
from desk.reports.records_v2.context import Ctx, Row


def case_rows(c: Ctx) -> list[Row]:
    case = c.r.case
    rows: list[Row] = [
        (lb.L["case_id"], c.p(case.id, "case.id")),
        (lb.L["case_title"], c.p(case.title, "case.title")),
        (lb.L["as_of"], c.p(case.as_of, "case.as_of")),
    ]
    if c.r.institution:
        rows.insert(0, (lb.L["institution"], c.p(c.r.institution, "institution")))
    return rows


def versions_rows(c: Ctx) -> list[Row]:
    return [
        (lb.L["ruleset"], c.p(c.r.ruleset_version, "assessment.ruleset")),
        (lb.L["lists"], c.p(c.r.list_versions, "assessment.lists")),
    ]


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
        kind = f" ({lb.enum_text(lb.AFFILIATION_KINDS, a.kind, c.lang)})" if a.kind else ""
        parts.append(f"{a.name}{kind} — {c.country(a.country)}")
    return "\n".join(parts)


def counterpart_rows(c: Ctx) -> list[Row]:
    rec = c.r.case.recipient
    return [
        (lb.L["name"], c.p(rec.name, "recipient.name")),
        (lb.L["name_latin"], c.p(rec.name_latin, "recipient.name_latin")),
        (lb.L["kind"], c.enum(lb.WORDS, rec.kind, "recipient.kind")),
        (lb.L["nationality"], c.p(c.countries(rec.nationalities), "recipient.nationalities")),
        (
            lb.L["country"],
            c.p(c.country(rec.country) if rec.country else None, "recipient.country"),
        ),
        (lb.L["affiliation"], c.p(_affiliations(c, rec), "recipient.affiliations")),
    ]


def residency_rows(c: Ctx) -> list[Row]:
    rec = c.r.case.recipient
    status: Mapping[str, Any] = c.r.assessment.get("recipient_status") or {}
    emp = rec.employment_in_japan
    emp_text = None
    if emp:
        until = emp.until.isoformat() if emp.until else "…"
        emp_text = f"{emp.employer or '—'} ({emp.form}) {emp.since.isoformat()} – {until}"
    return [
        (lb.L["location"], c.enum(lb.WORDS, rec.effective_location, "recipient.location")),
        (lb.L["entered_japan_on"], c.p(rec.entered_japan_on, "recipient.entered_japan_on")),
        (lb.L["employment"], c.p(emp_text, "recipient.employment_in_japan")),
        (lb.L["resident"], c.p(status.get("resident"), "recipient_status.resident")),
        (
            lb.L["deemed_countries"],
            c.p(c.countries(status.get("deemed_countries") or []), "deemed_countries"),
        ),
        (lb.L["review_on"], c.p(c.r.assessment.get("review_on"), "review_on")),
    ]


def declaration_rows(c: Ctx) -> list[Row]:
    rec = c.r.case.recipient
    d = rec.declaration
    status: Mapping[str, Any] = c.r.assessment.get("recipient_status") or {}
    types = None
    if d is not None:
        types = ", ".join(
            f"類型{n}" if c.lang == "ja" else f"category {n}" for n in d.types
        ) or c.t(lb.WORDS["none"])
    ties = "\n".join(
        f"{t.type}: {t.counterparty or '—'} ({t.counterparty_kind or '—'}, {t.country or '—'})"
        for t in rec.ties
    )
    return [
        (
            lb.L["declared_on"],
            c.p(d.declared_on if d else c.t(lb.WORDS["unanswered"]), "declaration.declared_on"),
        ),
        (lb.L["declared_types"], c.p(types, "declaration.types")),
        (
            lb.L["specific_categories"],
            c.p(status.get("specific_categories", []), "specific_categories"),
        ),
        (lb.L["ties"], c.p(ties or None, "recipient.ties")),
    ]


def technology_rows(c: Ctx) -> list[Row]:
    tech = c.r.case.technology
    return [
        (lb.L["technology"], c.p(tech.title, "technology.title")),
        (
            lb.L["classification"],
            c.enum(lb.CLASSIFICATIONS, tech.classification, "technology.classification"),
        ),
        (lb.L["item"], c.p(tech.item, "technology.item")),
        (lb.L["specific_item_16_1"], c.p(tech.specific_item_16_1, "technology.specific_item_16_1")),
        (
            lb.L["concern_relevance"],
            c.p(list(tech.concern_relevance), "technology.concern_relevance"),
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
    parts = []
    for name in _FACT_NAMES:
        value = getattr(claim, name)
        if value is None or (
            name == "includes_use_technology" and name not in claim.given and not value
        ):
            continue
        parts.append(f"{name}: {c.fmt(value)}")
    if claim.evidence:
        parts.append(f"evidence: {claim.evidence}")
    if claim.note:
        parts.append(f"note: {claim.note}")
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
