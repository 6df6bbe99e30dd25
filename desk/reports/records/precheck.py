"""事前確認シート (pre-check sheet): what the researcher declares before a provision."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import KeepTogether
from reportlab.platypus.flowables import Flowable

from desk.reports import labels as lb
from desk.reports.layout import (
    fields_table,
    gap,
    heading,
)
from desk.reports.records.blocks import (
    applicant_rows,
    case_rows,
    claims_table,
    counterpart_rows,
    declaration_rows,
    red_flags_table,
    references_rows,
    residency_rows,
    signature_block,
    technology_rows,
    versions_rows,
)
from desk.reports.records.context import Ctx


def story(c: Ctx) -> list[Flowable]:
    """The record's flowables, in page order."""
    f = c.r.facts
    story: list[Flowable] = [fields_table(case_rows(c) + versions_rows(c))]
    story += [heading(lb.L["s_references"]), fields_table(references_rows(c))]
    story += [heading(lb.L["s_applicant"]), fields_table(applicant_rows(c))]
    story += [
        heading(lb.L["s_activity"]),
        fields_table(
            [
                (lb.L["activity"], c.enum(lb.ACTIVITIES, f.activity, "facts.activity")),
                (lb.L["purpose"], c.p(f.purpose, "facts.purpose")),
                (lb.L["funding"], c.p(f.funding, "facts.funding")),
                (lb.L["period"], c.p(f.period, "facts.period")),
                (lb.L["value"], c.p(f.value, "facts.value")),
            ]
        ),
    ]
    story += [heading(lb.L["s_counterpart"]), fields_table(counterpart_rows(c))]
    story += [heading(lb.L["s_residency"]), fields_table(residency_rows(c))]
    story += [heading(lb.L["s_declaration"]), fields_table(declaration_rows(c))]
    story += [heading(lb.L["s_technology"]), fields_table(technology_rows(c))]
    story += [heading(lb.L["s_exemptions"]), claims_table(c)]
    story += [heading(lb.L["s_red_flags"]), red_flags_table(c)]
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
