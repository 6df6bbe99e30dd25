"""The three review records: 事前確認シート, 該非判定票, 取引審査票.

:func:`render_record` is a pure function of :class:`RecordData`: it reads no clock,
no database and no settings, so the same data always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from reportlab.platypus import KeepTogether, Paragraph, Table
from reportlab.platypus.flowables import Flowable

from desk.domain.case import ExemptionClaim, Recipient
from desk.domain.i18n import citation_text
from desk.reports import labels as lb
from desk.reports.data import RecordData, derived_red_flags, fingerprint
from desk.reports.layout import (
    BODY,
    CONTENT_WIDTH,
    SMALL,
    PageInfo,
    build,
    fields_table,
    gap,
    grid_table,
    heading,
    label,
    para,
)

Row = tuple[lb.Pair, Flowable]


class _Ctx:
    """Formatting helpers bound to one record's language."""

    def __init__(self, record: RecordData):
        self.r = record
        self.lang = record.lang

    def t(self, pair: lb.Pair) -> str:
        return lb.text(pair, self.lang)

    def p(self, value: Any, field: str, style: Any = BODY) -> Paragraph:
        return para(self.fmt(value), field=field, style=style)

    def fmt(self, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool):
            return self.t(lb.WORDS["yes" if value else "no"])
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, (list, tuple)):
            return ", ".join(str(self.fmt(v)) for v in value) if value else self.t(lb.WORDS["none"])
        return str(value)

    def enum(self, table: dict[str, lb.Pair], code: str | None, field: str) -> Paragraph:
        return para(lb.enum_text(table, code, self.lang), field=field)

    def country(self, code: str | None) -> str:
        return lb.country_text(code, self.lang, dict(self.r.country_groups))

    def countries(self, codes: Iterable[str]) -> str:
        items = [self.country(c) for c in codes]
        return "; ".join(items) if items else self.t(lb.WORDS["unknown"])


# --------------------------------------------------------------------------- shared blocks


def _case_rows(c: _Ctx) -> list[Row]:
    case = c.r.case
    rows: list[Row] = [
        (lb.L["case_id"], c.p(case.id, "case.id")),
        (lb.L["case_title"], c.p(case.title, "case.title")),
        (lb.L["as_of"], c.p(case.as_of, "case.as_of")),
    ]
    if c.r.institution:
        rows.insert(0, (lb.L["institution"], c.p(c.r.institution, "institution")))
    return rows


def _versions_rows(c: _Ctx) -> list[Row]:
    return [
        (lb.L["ruleset"], c.p(c.r.ruleset_version, "assessment.ruleset")),
        (lb.L["lists"], c.p(c.r.list_versions, "assessment.lists")),
    ]


def _applicant_rows(c: _Ctx) -> list[Row]:
    a = c.r.facts.applicant
    return [
        (lb.L["name"], c.p(a.name if a else None, "applicant.name")),
        (lb.L["department"], c.p(a.department if a else None, "applicant.department")),
        (lb.L["position"], c.p(a.position if a else None, "applicant.position")),
        (lb.L["contact"], c.p(a.contact if a else None, "applicant.contact")),
    ]


def _affiliations(c: _Ctx, rec: Recipient) -> str | None:
    if not rec.affiliations:
        return None
    parts = []
    for a in rec.affiliations:
        kind = f" ({lb.enum_text(lb.AFFILIATION_KINDS, a.kind, c.lang)})" if a.kind else ""
        parts.append(f"{a.name}{kind} — {c.country(a.country)}")
    return "\n".join(parts)


def _counterpart_rows(c: _Ctx) -> list[Row]:
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


def _residency_rows(c: _Ctx) -> list[Row]:
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


def _declaration_rows(c: _Ctx) -> list[Row]:
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


def _technology_rows(c: _Ctx) -> list[Row]:
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


def _claim_facts(c: _Ctx, claim: ExemptionClaim) -> str:
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


def _claims_table(c: _Ctx) -> Flowable:
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


def _signature_block(c: _Ctx, pairs: Sequence[tuple[lb.Pair, str | None, dt.date | None]]) -> Table:
    """Name and date boxes with room for a seal or signature."""
    header = [lb.L["level"], lb.L["name"], lb.L["date"], lb.L["signature"]]
    rows = [
        [label(p), c.p(name, "signature.name"), c.p(day, "signature.date"), gap(9)]
        for p, name, day in pairs
    ]
    return grid_table(header, rows, [3, 3, 2, 2])


# --------------------------------------------------------------------------- 事前確認シート


def _precheck(c: _Ctx) -> list[Flowable]:
    f = c.r.facts
    story: list[Flowable] = [fields_table(_case_rows(c) + _versions_rows(c))]
    story += [heading(lb.L["s_applicant"]), fields_table(_applicant_rows(c))]
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
    story += [heading(lb.L["s_counterpart"]), fields_table(_counterpart_rows(c))]
    story += [heading(lb.L["s_residency"]), fields_table(_residency_rows(c))]
    story += [heading(lb.L["s_declaration"]), fields_table(_declaration_rows(c))]
    story += [heading(lb.L["s_technology"]), fields_table(_technology_rows(c))]
    story += [heading(lb.L["s_exemptions"]), _claims_table(c)]
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
                _signature_block(
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


def _review(c: _Ctx, level: str) -> tuple[str | None, dt.date | None]:
    for r in c.r.facts.reviews:
        if r.level == level:
            return r.reviewer, r.decided_on
    return None, None


# --------------------------------------------------------------------------- 該非判定票


def _classification(c: _Ctx) -> list[Flowable]:
    f = c.r.facts
    story: list[Flowable] = [fields_table(_case_rows(c) + _versions_rows(c))]
    story += [
        heading(lb.L["s_classification"]),
        fields_table(
            [
                *_technology_rows(c),
                (lb.L["related_goods"], c.p(f.related_goods, "facts.related_goods")),
                (lb.L["basis"], c.p(f.classification_basis, "facts.classification_basis")),
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
    story += [heading(lb.L["s_exemptions"]), _claims_table(c)]
    story += [
        KeepTogether(
            [
                heading(lb.L["s_signatures"]),
                _signature_block(
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


# --------------------------------------------------------------------------- 取引審査票


def _hits_table(c: _Ctx) -> Flowable:
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


def _catch_all_rows(c: _Ctx) -> list[list[Flowable]]:
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


def _exemption_results(c: _Ctx) -> Flowable:
    results: Sequence[Mapping[str, Any]] = c.r.assessment.get("exemptions") or []
    if not results:
        return _claims_table(c)
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


def _reason_text(c: _Ctx, reason: Any) -> str | None:
    """An engine reason may be plain text or ``{text_ja, text_en, …}``."""
    if reason is None or reason == "":
        return None
    if isinstance(reason, Mapping):
        return str(
            reason.get(f"text_{c.lang}") or reason.get("text_en") or reason.get("code") or ""
        )
    return str(reason)


def _reasons_table(c: _Ctx) -> Flowable:
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


def _screening(c: _Ctx) -> list[Flowable]:
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
                *_case_rows(c),
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
                *_counterpart_rows(c),
                (lb.L["country_group"], c.p(_groups(c), "country_groups")),
                *_residency_rows(c),
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
                *_versions_rows(c),
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


def _place(c: _Ctx) -> str:
    prov = c.r.case.provision
    text = lb.enum_text(lb.WORDS, prov.place, c.lang)
    if prov.country:
        text += f" — {c.country(prov.country)}"
    return text


def _groups(c: _Ctx) -> str | None:
    if not c.r.country_groups:
        return None
    return ", ".join(f"{k}: {v}" for k, v in sorted(c.r.country_groups.items()))


def _signoff_table(c: _Ctx) -> Table:
    rows = []
    for level in ("first", "second"):
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


# --------------------------------------------------------------------------- entry point

_BUILDERS: dict[str, Callable[[_Ctx], list[Flowable]]] = {
    "precheck": _precheck,
    "classification": _classification,
    "screening": _screening,
}


def page_info(record: RecordData, digest: str) -> PageInfo:
    versions = f"規則 Rule set {record.ruleset_version} · リスト Lists {record.list_versions}"
    return PageInfo(
        title=lb.TITLES[record.kind],
        document_number=record.document_number,
        generated_at=record.generated_at,
        versions=versions,
        fingerprint=digest,
        lang=record.lang,
        keywords=f"desk-record {record.document_number} {record.kind} {record.lang} "
        f"sha256={digest}",
    )


def render_record(record: RecordData) -> bytes:
    """The record as PDF bytes; MissingGlyph when a text cannot be drawn."""
    digest = fingerprint(record)
    story = _BUILDERS[record.kind](_Ctx(record))
    _ = CONTENT_WIDTH  # layout width is fixed by the page template
    return build(page_info(record, digest), story)
