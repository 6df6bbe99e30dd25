"""事前確認シート (pre-check sheet): what the researcher declares before a provision."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import KeepTogether
from reportlab.platypus.flowables import Flowable

from desk.reports.data import RED_FLAGS_V3 as RED_FLAGS
from desk.reports.data import RecordData
from desk.reports.layout import (
    fields_table,
    gap,
    grid_table,
    heading,
    label,
)
from desk.reports.records_v2 import labels as lb
from desk.reports.records_v2.blocks import (
    applicant_rows,
    case_rows,
    claims_table,
    counterpart_rows,
    declaration_rows,
    residency_rows,
    signature_block,
    technology_rows,
    versions_rows,
)
from desk.reports.records_v2.context import Ctx


def story(c: Ctx) -> list[Flowable]:
    """The record's flowables, in page order."""
    f = c.r.facts
    story: list[Flowable] = [fields_table(case_rows(c) + versions_rows(c))]
    story += [heading(lb.L["s_applicant"]), fields_table(applicant_rows(c))]
    story += [
        heading(lb.L["s_activity"]),
        fields_table(
            [
                (lb.L["activity"], c.enum(lb.ACTIVITIES, f.activity, "facts.activity")),
                (lb.L["purpose"], c.p(f.purpose, "facts.purpose")),
                (lb.L["funding"], c.p(f.funding, "facts.funding")),
                (lb.L["period"], c.p(f.period, "facts.period")),
            ]
        ),
    ]
    story += [heading(lb.L["s_counterpart"]), fields_table(counterpart_rows(c))]
    story += [heading(lb.L["s_residency"]), fields_table(residency_rows(c))]
    story += [heading(lb.L["s_declaration"]), fields_table(declaration_rows(c))]
    story += [heading(lb.L["s_technology"]), fields_table(technology_rows(c))]
    story += [heading(lb.L["s_exemptions"]), claims_table(c)]
    answers = derived_red_flags(c.r)
    flag_rows = []
    for code, pair in lb.RED_FLAGS.items():
        ans = answers.get(code)
        word = lb.WORDS["unanswered"] if ans is None else lb.WORDS["yes" if ans else "no"]
        flag_rows.append([label(pair), c.p(c.t(word), f"red_flags.{code}")])
    story += [
        heading(lb.L["s_red_flags"]),
        grid_table([lb.L["question"], lb.L["answer"]], flag_rows, [5, 1]),
    ]
    story += [
        KeepTogether(
            [
                heading(lb.L["s_certification"]),
                fields_table(
                    [
                        (
                            lb.L["certification_text"],
                            c.p(c.t(lb.WORDS["certification"]), "certification"),
                        )
                    ]
                ),
                gap(2),
                signature_block(
                    c,
                    [
                        (lb.L["certified_by"], f.certified_by, f.certified_on),
                        (lb.LEVELS["first"], _review(c, "first")[0], _review(c, "first")[1]),
                    ],
                ),
            ]
        )
    ]
    return story


def _review(c: Ctx, level: str) -> tuple[str | None, dt.date | None]:
    for r in c.r.facts.reviews:
        if r.level == level:
            return r.reviewer, r.decided_on
    return None, None


def derived_red_flags(record: RecordData) -> dict[str, bool | None]:
    """The applicant's answers, with the first two filled in from the data when unanswered."""
    out: dict[str, bool | None] = {code: record.facts.red_flags.get(code) for code in RED_FLAGS}
    if out["eul_affiliation"] is None and "list_hits" in record.assessment:
        out["eul_affiliation"] = bool(record.assessment.get("list_hits"))
    if out["concern_country"] is None and record.case.recipient.nationalities:
        countries = [*record.case.recipient.nationalities]
        countries += [a.country for a in record.case.recipient.affiliations if a.country]
        if all(c in record.country_groups for c in countries):
            out["concern_country"] = any(record.country_groups[c] == "D" for c in countries)
    prov = record.case.provision
    if out["military_tie"] is None and (prov.known_end_use or prov.known_end_user):
        out["military_tie"] = True
    if out["other_concern"] is None and prov.inform:
        out["other_concern"] = True
    return out
