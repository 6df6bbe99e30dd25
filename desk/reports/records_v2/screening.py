"""取引審査票 (transaction screening sheet): list hits, catch-all, exemptions,
reasons and the reviewers' sign-off.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.platypus import KeepTogether, Table
from reportlab.platypus.flowables import Flowable

from desk.domain.i18n import INSTITUTIONAL_POLICY
from desk.reports.layout import (
    SMALL,
    fields_table,
    gap,
    grid_table,
    heading,
    label,
    para,
)
from desk.reports.records_v2 import labels as lb
from desk.reports.records_v2.blocks import (
    case_rows,
    claims_table,
    counterpart_rows,
    residency_rows,
    versions_rows,
)
from desk.reports.records_v2.context import Ctx


def _hits_table(c: Ctx) -> Flowable:
    hits: Sequence[Mapping[str, Any]] = c.r.assessment.get("list_hits") or []
    if not hits:
        return c.p(c.t(lb.WORDS["no_hits"]), "list_hits")
    rows = [
        [
            c.p(h.get("list"), f"list_hits[{i}].list"),
            c.p(h.get("entry"), f"list_hits[{i}].entry"),
            c.p(h.get("name"), f"list_hits[{i}].name"),
            c.p(
                f"{float(h['score']):.2f}" if h.get("score") is not None else None,
                f"list_hits[{i}].score",
            ),
            c.p(list(h.get("categories") or []), f"list_hits[{i}].categories"),
        ]
        for i, h in enumerate(hits)
    ]
    return grid_table(
        [lb.L["list"], lb.L["entry"], lb.L["listed_name"], lb.L["score"], lb.L["categories"]],
        rows,
        [1.2, 0.8, 4, 0.8, 1.2],
    )


def _catch_all_rows(c: Ctx) -> list[list[Flowable]]:
    prov = c.r.case.provision

    def trig(value: Any) -> str:
        return c.t(lb.WORDS["triggered" if value else "not_triggered"])

    end_use = trig(prov.known_end_use)
    if prov.known_end_use:
        end_use += f" ({c.t(lb.WORDS[prov.known_end_use])})"
    end_user = trig(prov.known_end_user)
    if prov.known_end_user:
        end_user += f" ({', '.join(prov.known_end_user)})"
    inform = trig(prov.inform)
    if prov.inform:
        inform += f" ({c.t(lb.WORDS[prov.inform])})"
    cf = prov.clear_finding
    clear = (
        c.t(lb.WORDS["none"])
        if cf is None
        else c.t(lb.WORDS["documented" if cf.documented else "no"])
    )
    if cf and cf.rationale:
        clear += f": {cf.rationale}"
    return [
        [label(lb.CATCH_ALL["end_use"]), c.p(end_use, "provision.known_end_use")],
        [label(lb.CATCH_ALL["end_user"]), c.p(end_user, "provision.known_end_user")],
        [label(lb.CATCH_ALL["inform"]), c.p(inform, "provision.inform")],
        [label(lb.CATCH_ALL["clear_finding"]), c.p(clear, "provision.clear_finding")],
    ]


def _exemption_results(c: Ctx) -> Flowable:
    results: Sequence[Mapping[str, Any]] = c.r.assessment.get("exemptions") or []
    if not results:
        return claims_table(c)
    rows = []
    for i, e in enumerate(results):
        accepted = bool(e.get("accepted"))
        rows.append(
            [
                c.enum(lb.EXEMPTIONS, e.get("basis"), f"exemptions[{i}].basis"),
                c.p(
                    c.t(lb.WORDS["accepted" if accepted else "rejected"]),
                    f"exemptions[{i}].accepted",
                ),
                c.p(
                    _reason_text(c, e.get(f"reason_{c.lang}") or e.get("reason")),
                    f"exemptions[{i}].reason",
                ),
            ]
        )
    return grid_table(
        [lb.L["exemption_basis"], lb.L["exemption_result"], lb.L["exemption_reason"]],
        rows,
        [2, 1, 4],
    )


def _reason_text(c: Ctx, reason: Any) -> str | None:
    """An engine reason may be plain text or ``{text_ja, text_en, …}``."""
    if reason is None or reason == "":
        return None
    if isinstance(reason, Mapping):
        return str(
            reason.get(f"text_{c.lang}") or reason.get("text_en") or reason.get("code") or ""
        )
    return str(reason)


def _reasons_table(c: Ctx) -> Flowable:
    reasons: Sequence[Mapping[str, Any]] = c.r.assessment.get("reasons") or []
    if not reasons:
        return c.p(c.t(lb.WORDS["none"]), "reasons")
    rows = [
        [
            [
                para(_reason_text(c, r), field=f"reasons[{i}]"),
                para(str(r.get("code") or ""), field=f"reasons[{i}].code", style=SMALL),
            ],
            c.p(citation_text(r.get("citation"), c.lang), f"reasons[{i}].citation", SMALL),
        ]
        for i, r in enumerate(reasons)
    ]
    return grid_table([lb.L["reason"], lb.L["citation"]], rows, [3, 2])


def story(c: Ctx) -> list[Flowable]:
    """The record's flowables, in page order."""
    f = c.r.facts
    a = c.r.assessment
    rec = c.r.case.recipient
    prov = c.r.case.provision
    applicant = f.applicant
    researcher = None
    if applicant:
        researcher = " / ".join(
            x for x in (applicant.department, applicant.position, applicant.name) if x
        )
    story: list[Flowable] = [
        heading(lb.L["s_outline"]),
        fields_table(
            [
                *case_rows(c),
                (lb.L["s_applicant"], c.p(researcher, "applicant")),
                (lb.L["technology"], c.p(c.r.case.technology.title, "technology.title")),
                (lb.L["value"], c.p(f.value, "facts.value")),
                (lb.L["provision_place"], c.p(_place(c), "provision.place")),
                (
                    lb.L["channels"],
                    c.p(
                        ", ".join(lb.enum_text(lb.CHANNELS, ch, c.lang) for ch in prov.channels)
                        or None,
                        "provision.channels",
                    ),
                ),
                (lb.L["provision_date"], c.p(prov.date, "provision.date")),
            ]
        ),
        heading(lb.L["s_carried"]),
        fields_table(
            [
                (
                    lb.L["classification"],
                    c.enum(
                        lb.CLASSIFICATIONS,
                        c.r.case.technology.classification,
                        "technology.classification",
                    ),
                ),
                (lb.L["item"], c.p(c.r.case.technology.item, "technology.item")),
                (lb.L["basis"], c.p(f.classification_basis, "facts.classification_basis")),
            ]
        ),
        heading(lb.L["s_recipient"]),
        fields_table(
            [
                *counterpart_rows(c),
                (lb.L["country_group"], c.p(_groups(c), "country_groups")),
                *residency_rows(c),
            ]
        ),
        heading(lb.L["s_list_screening"]),
        fields_table(
            [
                (lb.L["lists"], c.p(c.r.list_versions, "assessment.lists")),
                (lb.L["screened_on"], c.p(a.get("screened_on") or c.r.case.as_of, "screened_on")),
                (
                    lb.L["cleared"],
                    c.p(
                        "\n".join(
                            f"{h.list} {h.entry}: {h.reason or '—'}" for h in rec.cleared_hits
                        )
                        or None,
                        "recipient.cleared_hits",
                    ),
                ),
            ]
        ),
        gap(1),
        _hits_table(c),
        heading(lb.L["s_catch_all"]),
        grid_table([lb.L["check"], lb.L["result"]], _catch_all_rows(c), [2, 5]),
        heading(lb.L["s_exemptions"]),
        _exemption_results(c),
        heading(lb.L["s_engine"]),
        fields_table(
            [
                (lb.L["outcome"], c.enum(lb.OUTCOMES, a.get("outcome"), "assessment.outcome")),
                (lb.L["risk"], c.enum(lb.RISKS, a.get("risk"), "assessment.risk")),
                (
                    lb.L["controlled_because"],
                    c.p(
                        ", ".join(
                            lb.enum_text(lb.CONTROLLED_BECAUSE, x, c.lang)
                            for x in a.get("controlled_because") or []
                        )
                        or c.t(lb.WORDS["none"]),
                        "assessment.controlled_because",
                    ),
                ),
                (lb.L["review_on"], c.p(a.get("review_on"), "assessment.review_on")),
                *versions_rows(c),
            ]
        ),
        heading(lb.L["s_reasons"]),
        _reasons_table(c),
        heading(lb.L["s_decision"]),
        fields_table(
            [
                (
                    lb.L["decision"],
                    c.p(
                        lb.enum_text(lb.OUTCOMES, f.decision, c.lang)
                        if f.decision
                        else c.t(lb.WORDS["not_decided"]),
                        "facts.decision",
                    ),
                ),
                (
                    lb.L["s_conditions"],
                    c.p(
                        "\n".join(f"{i}. {x}" for i, x in enumerate(f.conditions, 1))
                        or c.t(lb.WORDS["none"]),
                        "facts.conditions",
                    ),
                ),
                (lb.L["status"], c.p(f.status, "facts.status")),
            ]
        ),
    ]
    story.append(KeepTogether([heading(lb.L["s_signoff"]), _signoff_table(c)]))
    return story


def _place(c: Ctx) -> str:
    prov = c.r.case.provision
    text = lb.enum_text(lb.WORDS, prov.place, c.lang)
    if prov.country:
        text += f" — {c.country(prov.country)}"
    return text


def _groups(c: Ctx) -> str | None:
    if not c.r.country_groups:
        return None
    return ", ".join(f"{k}: {v}" for k, v in sorted(c.r.country_groups.items()))


def _signoff_table(c: Ctx) -> Table:
    rows = []
    # the committee's row only when an escalated case has one: earlier records re-create as
    # they were issued
    committee = ("committee",) if any(r.level == "committee" for r in c.r.facts.reviews) else ()
    for level in ("first", "second", *committee):
        review = next((r for r in c.r.facts.reviews if r.level == level), None)
        if review is None:
            rows.append(
                [
                    label(lb.LEVELS[level]),
                    c.p(c.t(lb.WORDS["not_reviewed"]), "review"),
                    c.p(None, "review"),
                    c.p(None, "review"),
                    c.p(None, "review"),
                    gap(9),
                ]
            )
            continue
        rows.append(
            [
                label(lb.LEVELS[level]),
                c.p(review.reviewer, f"reviews.{level}.reviewer"),
                c.p(review.decided_on, f"reviews.{level}.decided_on"),
                c.p(
                    lb.enum_text(lb.OUTCOMES, review.decision, c.lang) if review.decision else None,
                    f"reviews.{level}.decision",
                ),
                c.p(review.comment, f"reviews.{level}.comment"),
                gap(9),
            ]
        )
    t = grid_table(
        [
            lb.L["level"],
            lb.L["reviewer"],
            lb.L["date"],
            lb.L["decision"],
            lb.L["comment"],
            lb.L["signature"],
        ],
        rows,
        [2.2, 1.6, 1.2, 2, 2.4, 1.2],
    )
    return t


def citation_text(citation: str | None, lang: str) -> str:
    """An engine citation as records of format 1 and 2 printed it."""
    if not citation:
        return ""
    if lang == "ja":
        return citation.replace(INSTITUTIONAL_POLICY, "機関の方針（institutional policy）")
    return citation
