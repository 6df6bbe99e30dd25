"""取引審査票 (transaction screening sheet): list hits, catch-all, exemptions,
reasons and the reviewers' sign-off.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.platypus import KeepTogether, Table
from reportlab.platypus.flowables import Flowable

from desk.reports import labels as lb
from desk.reports.data import CLEAR_CHECKLIST
from desk.reports.layout import (
    SMALL,
    fields_table,
    gap,
    grid_table,
    heading,
    label,
    para,
)
from desk.reports.records.blocks import (
    case_rows,
    claims_table,
    concerns_text,
    counterpart_rows,
    item_rows,
    list_versions,
    red_flags_table,
    references_rows,
    residency_rows,
    versions_rows,
)
from desk.reports.records.context import Ctx


def _hits_table(c: Ctx) -> Flowable:
    hits: Sequence[Mapping[str, Any]] = c.r.assessment.get("list_hits") or []
    if not hits:
        return c.p(c.t(lb.WORDS["no_hits"]), "list_hits")
    rows = [
        [
            c.p(lb.list_name(h.get("list"), c.lang), f"list_hits[{i}].list"),
            c.p(h.get("entry"), f"list_hits[{i}].entry"),
            c.p(h.get("name"), f"list_hits[{i}].name"),
            c.p(
                f"{float(h['score']):.2f}" if h.get("score") is not None else None,
                f"list_hits[{i}].score",
            ),
            c.p(concerns_text(c, list(h.get("categories") or [])), f"list_hits[{i}].categories"),
        ]
        for i, h in enumerate(hits)
    ]
    return grid_table(
        [lb.L["list"], lb.L["entry"], lb.L["listed_name"], lb.L["score"], lb.L["categories"]],
        rows,
        [1.6, 0.8, 3.6, 0.8, 1.6],
    )


def _reason_codes(c: Ctx) -> set[str]:
    return {str(r.get("code") or "") for r in c.r.assessment.get("reasons") or []}


def track(assessment: Mapping[str, Any]) -> str | None:
    """The catch-all track the engine's reasons name: ``wmd``, ``cw`` or None."""
    codes = [str(r.get("code") or "") for r in assessment.get("reasons") or []]
    if any(x.startswith("catchall.wmd_") and not x.endswith("_cleared") for x in codes):
        return "wmd"
    if any(x.startswith("catchall.cw_") and x.endswith(("_end_use", "_end_user")) for x in codes):
        return "cw"
    return None


def outcome_text(c: Ctx, code: str | None, assessment: Mapping[str, Any]) -> str:
    """The engine's outcome by name, the catch-all one with its track (glossary §2.5)."""
    if code == "LICENSE_REQUIRED_CATCHALL":
        which = track(assessment)
        if which is None and c.r.case.provision.inform:
            which = "wmd" if c.r.case.provision.inform == "wmd" else "cw"
        if which is not None:
            return c.t(lb.CATCHALL_TRACKS[which])
    return lb.enum_text(lb.OUTCOMES, code, c.lang)


def _catch_all_rows(c: Ctx) -> list[list[Flowable]]:
    """The engine's catch-all findings (policy §5.5), not the case's declared facts alone:
    an End User List hit is 需要者要件 該当; listed technology needs no catch-all check."""
    prov = c.r.case.provision
    a = c.r.assessment
    codes = _reason_codes(c)
    listed = c.r.case.technology.classification == "listed" or "listed.license_required" in codes
    cells = ("end_use", "end_user", "inform", "clear_finding")
    if listed:
        skip = c.t(lb.WORDS["not_required_listed"])
        return [[label(lb.CATCH_ALL[k]), c.p(skip, f"catch_all.{k}")] for k in cells]

    def trig(value: bool) -> str:
        return c.t(lb.WORDS["triggered" if value else "not_triggered"])

    use_wmd = "catchall.wmd_end_use" in codes
    use_cw = "catchall.cw_end_use" in codes
    end_use = trig(bool(prov.known_end_use) or use_wmd or use_cw)
    which = prov.known_end_use or ("wmd" if use_wmd else "conventional" if use_cw else None)
    if which:
        end_use += c.paren(c.t(lb.WORDS[which]))
    hits: Sequence[Mapping[str, Any]] = a.get("list_hits") or []
    user_codes = {
        x for x in codes if x.startswith(("catchall.wmd_end_user", "catchall.cw_end_user"))
    }
    cleared = {x for x in codes if x in ("catchall.wmd_cleared", "catchall.cw_cleared")}
    user_on = bool(prov.known_end_user or hits or user_codes or cleared)
    end_user = trig(user_on)
    details = []
    if prov.known_end_user:
        details.append(concerns_text(c, list(prov.known_end_user)))
    for h in hits:
        entry = h.get("entry")
        details.append(
            f"{lb.list_name(h.get('list'), c.lang)}"
            + (f"掲載番号{entry}" if c.lang == "ja" else f" no. {entry}")
        )
    if details:
        end_user += c.paren(c.join(details))
    if cleared and not user_codes:
        end_user += "\n" + c.t(lb.WORDS["cleared_by_guideline"])
    inform = trig(bool(prov.inform) or "catchall.inform" in codes)
    if prov.inform:
        inform += c.paren(c.t(lb.WORDS[prov.inform]))
    cf = prov.clear_finding
    clear = (
        c.t(lb.WORDS["none"])
        if cf is None
        else c.t(lb.WORDS["documented" if cf.documented else "no"])
    )
    if cf and cf.rationale:
        clear += ("：" if c.lang == "ja" else ": ") + cf.rationale
    return [
        [label(lb.CATCH_ALL["end_use"]), c.p(end_use, "catch_all.end_use")],
        [label(lb.CATCH_ALL["end_user"]), c.p(end_user, "catch_all.end_user")],
        [label(lb.CATCH_ALL["inform"]), c.p(inform, "catch_all.inform")],
        [label(lb.CATCH_ALL["clear_finding"]), c.p(clear, "catch_all.clear_finding")],
    ]


def _end_use_rows(c: Ctx) -> list[tuple[lb.Pair, Flowable]]:
    """The positive record of 用途確認 and 需要者確認."""
    f = c.r.facts
    rec = c.r.case.recipient
    end_user = f.end_user
    if end_user is None:
        where = [a.name for a in rec.affiliations]
        end_user = rec.name + (c.paren(c.join(where)) if where else "")
    return [
        (lb.L["end_use"], c.p(f.end_use or f.purpose, "facts.end_use")),
        (lb.L["end_user"], c.p(end_user, "facts.end_user")),
        (
            lb.L["documents_checked"],
            c.p(
                c.join([*f.documents_checked, *(e.title for e in f.evidence)]) or None,
                "facts.documents_checked",
            ),
        ),
    ]


def _clear_checklist(c: Ctx) -> Flowable:
    f = c.r.facts
    cf = c.r.case.provision.clear_finding
    rows = []
    for code in CLEAR_CHECKLIST:
        ans = f.clear_checklist.get(code)
        if ans is None and cf is not None and cf.documented:
            ans = True
        word = c.t(
            lb.WORDS["unanswered"] if ans is None else lb.WORDS["confirmed" if ans else "no"]
        )
        rows.append([label(lb.CLEAR_CHECKLIST[code]), c.p(word, f"clear_checklist.{code}")])
    return grid_table([lb.L["check"], lb.L["result"]], rows, [5, 2])


def _exemption_results(c: Ctx) -> Flowable:
    results: Sequence[Mapping[str, Any]] = c.r.assessment.get("exemptions") or []
    if not results:
        return claims_table(c)
    said = [
        r
        for r in c.r.assessment.get("reasons") or []
        if r.get("code") in ("exemption.accepted", "exemption.rejected", "exemption.unsettled")
    ]
    rows = []
    for i, e in enumerate(results):
        accepted = bool(e.get("accepted"))
        reason = e.get(f"reason_{c.lang}") or e.get("reason")
        if c.lang == "ja" and not e.get("reason_ja") and len(said) == len(results):
            reason = said[i]  # the engine's Japanese sentence for the same claim
        rows.append(
            [
                c.enum(lb.EXEMPTIONS, e.get("basis"), f"exemptions[{i}].basis"),
                c.p(
                    c.t(lb.WORDS["accepted" if accepted else "rejected"]),
                    f"exemptions[{i}].accepted",
                ),
                c.p(
                    _reason_text(c, reason),
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
        text = str(reason.get(f"text_{c.lang}") or reason.get("text_en") or "")
    else:
        text = str(reason)
    if c.lang == "ja":  # answers of older desks named schema fields: not in a Japanese record
        text = _FIELD_TAIL.sub("", text)
    return text


_FIELD_TAIL = re.compile(r"[（(][a-z_]+ ?(?:が|は|=)[^）)]*[）)]")


def _reasons_table(c: Ctx) -> Flowable:
    """The engine's reasons and citations; the reason code stays in its own reference
    column, never inside the sentence."""
    reasons: Sequence[Mapping[str, Any]] = c.r.assessment.get("reasons") or []
    if not reasons:
        return c.p(c.t(lb.WORDS["none"]), "reasons")
    rows = [
        [
            para(_reason_text(c, r), field=f"reasons[{i}]"),
            c.p(lb.citation(r.get("citation"), c.lang), f"reasons[{i}].citation", SMALL),
            c.p(str(r.get("code") or ""), f"reasons[{i}].code", SMALL),
        ]
        for i, r in enumerate(reasons)
    ]
    return grid_table([lb.L["reason"], lb.L["citation"], lb.L["ref_code"]], rows, [3.2, 2, 1.2])


def story(c: Ctx) -> list[Flowable]:
    """The record's flowables, in page order."""
    f = c.r.facts
    a = c.r.assessment
    rec = c.r.case.recipient
    prov = c.r.case.provision
    applicant = f.applicant
    researcher = None
    if applicant:
        researcher = " ／ ".join(
            x for x in (applicant.department, applicant.position, applicant.name) if x
        )
    cleared = "\n".join(_cleared(c, h) for h in rec.cleared_hits)
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
                        c.join(lb.enum_text(lb.CHANNELS, ch, c.lang) for ch in prov.channels)
                        or None,
                        "provision.channels",
                    ),
                ),
                (lb.L["provision_date"], c.p(prov.date, "provision.date")),
            ]
        ),
        heading(lb.L["s_references"]),
        fields_table(references_rows(c)),
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
                *item_rows(c),
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
        heading(lb.L["s_end_use"]),
        fields_table(_end_use_rows(c)),
        KeepTogether(
            [
                heading(lb.L["s_list_screening"]),
                fields_table(
                    [
                        (lb.L["lists"], c.p(list_versions(c), "assessment.lists")),
                        (
                            lb.L["screened_on"],
                            c.p(c.date(a.get("screened_on")) or c.r.case.as_of, "screened_on"),
                        ),
                        (
                            lb.L["cleared"],
                            c.p(cleared or c.t(lb.WORDS["none"]), "recipient.cleared_hits"),
                        ),
                    ]
                ),
                gap(1),
                _hits_table(c),
            ]
        ),
        heading(lb.L["s_catch_all"]),
        grid_table([lb.L["check"], lb.L["result"]], _catch_all_rows(c), [2, 5]),
        KeepTogether([heading(lb.L["s_clear_checklist"]), _clear_checklist(c)]),
        *(
            [KeepTogether([heading(lb.L["s_red_flags"]), red_flags_table(c)])]
            if c.r.format_version >= 4  # format 3 printed them on the 事前確認シート only
            else []
        ),
        heading(lb.L["s_exemptions"]),
        _exemption_results(c),
        heading(lb.L["s_engine"]),
        fields_table(
            [
                (
                    lb.L["outcome"],
                    c.p(outcome_text(c, a.get("outcome"), a), "assessment.outcome"),
                ),
                (lb.L["risk"], c.enum(lb.RISKS, a.get("risk"), "assessment.risk")),
                (
                    lb.L["controlled_because"],
                    c.p(
                        c.join(
                            lb.enum_text(lb.CONTROLLED_BECAUSE, x, c.lang)
                            for x in a.get("controlled_because") or []
                        )
                        or c.t(lb.WORDS["none"]),
                        "assessment.controlled_because",
                    ),
                ),
                (lb.L["review_on"], c.p(c.date(a.get("review_on")), "assessment.review_on")),
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
                (lb.L["status"], c.p(status_text(c), "facts.status")),
                (
                    lb.L["cancelled"],
                    c.p(
                        c.date(f.cancelled_on)
                        if f.cancelled_on
                        else c.t(lb.WORDS["not_cancelled"]),
                        "facts.cancelled_on",
                    ),
                ),
                (lb.L["copies_kept"], c.p(f.copies_kept, "facts.copies_kept")),
            ]
        ),
    ]
    story.append(KeepTogether([heading(lb.L["s_signoff"]), _signoff_table(c)]))
    return story


def _cleared(c: Ctx, h: Any) -> str:
    name = lb.list_name(h.list, c.lang)
    why = h.reason or "—"
    if c.lang == "ja":
        return f"{name}掲載番号{h.entry}とは同一でないと審査で判断（{why}）"
    return f"{name} no. {h.entry}: judged not the same ({why})"


def status_text(c: Ctx) -> str:
    """Where the case stood when the record was issued, from the review steps it includes
    (so that re-creating the record gives the same text)."""
    f = c.r.facts
    if f.status:
        return f.status
    if f.cancelled_on:
        code = "cancelled"
    elif f.decision:
        code = "decided"
    elif any(r.level == "second" for r in f.reviews):
        code = "second_done"
    elif any(r.level == "first" for r in f.reviews):
        code = "first_done"
    elif f.certified_by:
        code = "submitted"
    else:
        code = "draft"
    return c.t(lb.STATUSES[code])


def _place(c: Ctx) -> str:
    prov = c.r.case.provision
    text = lb.enum_text(lb.WORDS, prov.place, c.lang)
    if prov.country:
        text += f" — {c.country(prov.country)}"
    return text


def _groups(c: Ctx) -> str | None:
    if not c.r.country_groups:
        return None
    return (
        "\n".join(
            f"{lb.country_text(k, c.lang)}：{c.t(lb.GROUP_TABLES[v])}"
            if c.lang == "ja"
            else f"{lb.country_text(k, c.lang)}: {c.t(lb.GROUP_TABLES[v])}"
            for k, v in sorted(c.r.country_groups.items())
            if v in lb.GROUP_TABLES
        )
        or None
    )


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
        [2.0, 2.0, 1.8, 1.9, 1.9, 1.1],
    )
    return t
