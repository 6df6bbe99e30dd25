"""該非判定票 (classification sheet): the technology, its item and the exemption claims."""

from __future__ import annotations

from reportlab.platypus import KeepTogether
from reportlab.platypus.flowables import Flowable

from desk.reports import labels as lb
from desk.reports.layout import (
    fields_table,
    grid_table,
    heading,
)
from desk.reports.records.blocks import (
    case_rows,
    claims_table,
    references_rows,
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
    story += [
        heading(lb.L["s_classification"]),
        fields_table(
            [
                *technology_rows(c),
                (lb.L["related_goods"], c.p(f.related_goods, "facts.related_goods")),
                (lb.L["basis"], c.p(f.classification_basis, "facts.classification_basis")),
                (lb.L["ordinance_revision"], c.p(f.ordinance_revision, "facts.ordinance_revision")),
            ]
        ),
    ]
    if f.evidence:
        ev_rows = [
            [c.p(e.title, f"evidence[{i}].title"), c.p(e.version, f"evidence[{i}].version")]
            for i, e in enumerate(f.evidence)
        ]
        story += [
            heading(lb.L["s_evidence"]),
            grid_table([lb.L["title"], lb.L["version"]], ev_rows, [4, 1]),
        ]
    else:
        story += [heading(lb.L["s_evidence"]), c.p(c.t(lb.WORDS["none"]), "evidence")]
    story += [heading(lb.L["s_exemptions"]), claims_table(c)]
    story += [
        KeepTogether(
            [
                heading(lb.L["s_signatures"]),
                signature_block(
                    c,
                    [
                        (lb.L["classified_by"], f.classified_by, f.classified_on),
                        (
                            lb.L["reviewed_by"],
                            f.classification_reviewed_by,
                            f.classification_reviewed_on,
                        ),
                    ],
                ),
            ]
        )
    ]
    return story
