"""The audit report as PDF: :func:`render_audit` is a pure function of :class:`AuditData`."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import CondPageBreak, Flowable

from desk.reports import fonts
from desk.reports import labels as lb
from desk.reports.audit import words as w
from desk.reports.audit.cells import cell, column_widths
from desk.reports.audit.data import (
    LICENCE_OUTCOMES,
    AuditCase,
    AuditData,
    InternalAuditFacts,
    audit_fingerprint,
    in_year,
    overdue,
    sample,
)
from desk.reports.layout import (
    BODY,
    CONTENT_WIDTH,
    PageInfo,
    build,
    fields_table,
    gap,
    grid_table,
    heading,
    para,
)

# --------------------------------------------------------------------------- rendering

_ROOM = 40 * mm  # a heading with less room than this below it starts the next page


def _bar_chart(items: Sequence[tuple[str, int]], *, field: str) -> Drawing:
    """Horizontal bars; every label names an embedded font (reportlab defaults to Helvetica)."""
    height = 14 * len(items) + 30
    d = Drawing(CONTENT_WIDTH, height)
    d.initialFontName = fonts.BASE  # the renderer's initial state is Helvetica otherwise
    ch = HorizontalBarChart()
    ch.x, ch.y = 150, 15
    ch.width, ch.height = CONTENT_WIDTH - 190, 14 * len(items)
    # bottom-up: the first item at the top
    ch.data = [[n for _, n in reversed(items)]]
    ch.categoryAxis.categoryNames = ["" for _ in items]
    ch.categoryAxis.labels.fontName = fonts.BASE
    step = ch.height / max(len(items), 1)
    for i, (name, _) in enumerate(reversed(items)):
        # drawn run by run: a label may need several fonts (Japanese and Latin)
        runs = fonts.runs(fonts.shape(name), field=field)
        width = sum(stringWidth(r.text, r.font, 7) for r in runs)
        x = ch.x - 5 - width
        for r in runs:
            d.add(String(x, ch.y + (i + 0.5) * step - 2.5, r.text, fontName=r.font, fontSize=7))
            x += stringWidth(r.text, r.font, 7)
    ch.valueAxis.labels.fontName = fonts.BASE
    ch.valueAxis.labels.fontSize = 7
    ch.valueAxis.valueMin = 0
    ch.valueAxis.forceZero = 1
    ch.barLabels.fontName = fonts.BASE
    ch.barLabels.fontSize = 7
    ch.barLabelFormat = "%d"
    ch.barLabels.boxAnchor = "w"
    ch.barLabels.dx = 3
    ch.bars[0].fillColor = colors.HexColor("#3d6a99")
    ch.bars[0].strokeColor = None
    d.add(ch)
    return d


def _heading(pair: lb.Pair, room: float = 0.0) -> list[Flowable]:
    """A section heading that starts a new page only when less than a few rows' room is left.

    The records' heading is kept with what follows (``keepWithNext``); reportlab does that by
    wrapping both in a ``KeepTogether``, which moves a table that does not fit in the rest of
    the page to the next one whole — leaving most of a page blank before every long table."""
    para_ = heading(pair)
    para_.keepWithNext = 0
    return [CondPageBreak(max(_ROOM, room)), para_]


def _grid(
    header: Sequence[lb.Pair],
    rows: Sequence[Sequence[str | None]],
    widths: list[float],
    field: str,
    prose: Sequence[int] = (),
) -> Flowable:
    """A grid table whose cells wrap only between tokens (numbers and names stay whole);
    the columns in ``prose`` hold sentences, which may also break between Japanese characters."""
    points = column_widths(widths)
    cells = [
        [
            cell(value, points[i], field=f"{field}.{i}", prose=i in prose)
            for i, value in enumerate(row)
        ]
        for row in rows
    ]
    return grid_table(header, cells, widths)


def _date(day: dt.date | None, lang: str) -> str | None:
    if day is None:
        return None
    return f"{day.year}年{day.month}月{day.day}日" if lang == "ja" else day.isoformat()


def _share(n: int, total: int) -> str:
    return "—" if total == 0 else f"{100 * n / total:.1f} %"


def _count_section(
    data: AuditData,
    title: lb.Pair,
    counts: Counter[str],
    order: Iterable[str] | None,
    name: Callable[[str], str],
    field: str,
    *,
    chart: bool = True,
) -> list[Flowable]:
    total = sum(counts.values())
    if order is not None:
        known = [k for k in order if counts.get(k)]
        keys = known + sorted(k for k in counts if counts[k] and k not in known)
    else:
        keys = [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    rows_all = [(name(k), counts[k]) for k in keys]
    top = rows_all[:12]
    if len(rows_all) > 12:
        rest = sum(n for _, n in rows_all[12:])
        top.append((lb.text(lb.WORDS["other"], data.lang), rest))
    table_rows: list[list[str | None]] = [
        [label_text, str(n), _share(n, total)] for label_text, n in rows_all
    ]
    table_rows.append(
        [lb.text(lb.L["total"], data.lang), str(total), "—" if total == 0 else "100 %"]
    )
    drawing = _bar_chart(top, field=field) if top and chart else None
    story: list[Flowable] = [*_heading(title, drawing.height + 20 * mm if drawing else 0)]
    if drawing is not None:
        story.append(drawing)
    story.append(
        _grid([lb.L["metric"], lb.L["count"], lb.L["share"]], table_rows, [5, 1, 1], field)
    )
    return story


def _outcome_key(c: AuditCase) -> str:
    outcome = c.outcome or "HOLD"
    if outcome == "LICENSE_REQUIRED_CATCHALL" and c.catchall_track in ("wmd", "conventional"):
        return f"{outcome}:{c.catchall_track}"
    return outcome


def outcome_text(key: str | None, lang: str) -> str:
    """An engine outcome's name; a catch-all licence names its track (大量破壊兵器等／通常兵器)."""
    if key in w.CATCHALL_OUTCOMES:
        return lb.text(w.CATCHALL_OUTCOMES[key], lang)
    return lb.enum_text(lb.OUTCOMES, key, lang)


_OUTCOME_ORDER = (
    "NOT_APPLICABLE",
    "NOT_LISTED_NO_TRIGGER",
    "EXEMPT",
    "LICENSE_REQUIRED",
    "LICENSE_REQUIRED_CATCHALL:wmd",
    "LICENSE_REQUIRED_CATCHALL:conventional",
    "LICENSE_REQUIRED_CATCHALL",
    "HOLD",
    "STOP",
)


def _audit_section(audit: InternalAuditFacts | None, lang: str) -> list[Flowable]:
    def t(pair: lb.Pair) -> str:
        return lb.text(pair, lang)

    story: list[Flowable] = [*_heading(w.L["s_audit"])]
    if audit is None:
        story.append(para(t(w.WORDS["no_audit"]), field="audit"))
        return story
    story.append(
        fields_table(
            [
                (w.L["audit_ref"], para(audit.ref, field="audit.ref")),
                (w.L["plan"], para(audit.plan, field="audit.plan")),
                (w.L["scope"], para(audit.scope, field="audit.scope")),
                (w.L["auditors"], para(audit.auditors, field="audit.auditors")),
                (w.L["audit_on"], para(_date(audit.audit_on, lang), field="audit.audit_on")),
                (
                    w.L["checklist_source"],
                    para(audit.checklist_source, field="audit.checklist_source"),
                ),
            ]
        )
    )
    story += _heading(w.L["s_checklist"])
    if audit.checks:
        story.append(
            _grid(
                [w.L["item_no"], w.L["check_item"], w.L["check_result"], w.L["notes"]],
                [
                    [
                        c.code,
                        f"{c.section}: {c.question}"
                        if lang != "ja"
                        else f"{c.section}：{c.question}",
                        lb.enum_text(w.RESULTS, c.result or "unchecked", lang),
                        c.notes,
                    ]
                    for c in audit.checks
                ],
                [0.8, 5.4, 1.1, 2.7],
                "audit.check",
                prose=(1, 3),
            )
        )
    else:
        story.append(para(t(lb.WORDS["none"]), field="audit.checks"))
    story += _heading(w.L["s_findings"])
    rows: list[list[str | None]] = []
    for f in audit.findings:
        finding = f.text if not f.check_code else f"{f.text}（{f.check_code}）"
        severity = lb.enum_text(w.SEVERITIES, f.severity, lang) if f.severity else None
        if not f.actions:
            rows.append([str(f.number), finding, severity, None, None, None, None])
        for i, a in enumerate(f.actions):
            status = lb.enum_text(w.ACTION_STATUSES, a.status, lang)
            if a.closed_on is not None:
                status += f" {_date(a.closed_on, lang)}"
            if a.follow_up:
                status += f"\n{a.follow_up}"
            rows.append(
                [
                    str(f.number) if i == 0 else "",
                    finding if i == 0 else "",
                    severity if i == 0 else "",
                    a.text,
                    a.owner,
                    _date(a.due_on, lang),
                    status,
                ]
            )
    if rows:
        story.append(
            _grid(
                [
                    w.L["item_no"],
                    w.L["finding"],
                    w.L["severity"],
                    w.L["action"],
                    w.L["owner"],
                    w.L["due_on"],
                    w.L["follow_up"],
                ],
                rows,
                [0.6, 3.0, 0.9, 3.0, 1.5, 1.6, 1.9],
                "audit.finding",
                prose=(1, 3, 6),
            )
        )
    else:
        story.append(para(t(w.WORDS["no_findings"]), field="audit.findings"))
    story += _heading(w.L["s_sign_off"])
    story.append(
        fields_table(
            [
                (
                    w.L["signed_off_by"],
                    para(
                        audit.signed_off_by or t(w.WORDS["not_signed_off"]),
                        field="audit.signed_off_by",
                    ),
                ),
                (
                    w.L["signed_off_on"],
                    para(_date(audit.signed_off_on, lang), field="audit.signed_off_on"),
                ),
                (w.L["comment"], para(audit.sign_off_comment, field="audit.comment")),
            ]
        )
    )
    return story


def render_audit(data: AuditData) -> bytes:
    lang = data.lang
    cases = in_year(data)
    digest = audit_fingerprint(data)

    def t(pair: lb.Pair) -> str:
        return lb.text(pair, lang)

    none = t(w.WORDS["no_cases"])
    year = f"{data.fiscal_year}年度" if lang == "ja" else f"FY{data.fiscal_year}"
    period = (
        f"{_date(data.start, lang)}〜{_date(data.end, lang)}"
        if lang == "ja"
        else f"{data.start.isoformat()} – {data.end.isoformat()}"
    )
    head = (
        f"{data.chain_seq} · {data.chain_sha256}"
        if data.chain_seq is not None and data.chain_sha256
        else None
    )
    story: list[Flowable] = [
        fields_table(
            [
                (lb.L["institution"], para(data.institution, field="institution")),
                (lb.L["fiscal_year"], para(year, field="fiscal_year")),
                (lb.L["period_covered"], para(period, field="period")),
                (w.L["report_date"], para(_date(data.as_of, lang), field="as_of")),
                (lb.L["count"], para(str(len(cases)), field="count")),
                (lb.L["lists"], para(data.versions or "—", field="versions")),
                (w.L["chain_head"], para(head, field="chain_head")),
            ]
        ),
        gap(2),
        para(t(w.WORDS["intro"]), field="intro"),
    ]
    story += _audit_section(data.audit, lang)

    story += _count_section(
        data,
        w.L["s_by_outcome"],
        Counter(_outcome_key(c) for c in cases),
        _OUTCOME_ORDER,
        lambda k: outcome_text(k, lang),
        "outcome",
    )
    story += _count_section(
        data,
        w.L["s_by_decision"],
        Counter(c.review_decision or "undecided" for c in cases),
        list(w.DECISIONS),
        lambda k: lb.enum_text(w.DECISIONS, k, lang),
        "decision",
        chart=False,
    )
    catchall = [c for c in cases if (c.outcome or "") == "LICENSE_REQUIRED_CATCHALL"]
    story += _count_section(
        data,
        w.L["s_catchall"],
        Counter(c.catchall_track or "unknown" for c in catchall),
        list(w.TRACKS),
        lambda k: lb.enum_text(w.TRACKS, k, lang),
        "catchall",
        chart=False,
    )
    by_risk = Counter(c.risk or "—" for c in cases)
    story += _count_section(
        data,
        lb.L["s_by_risk"],
        by_risk,
        [*lb.RISKS, "—"],
        lambda k: lb.enum_text(lb.RISKS, k, lang) if k != "—" else "—",
        "risk",
    )
    by_dept = Counter(c.department or "—" for c in cases)
    story += _count_section(data, lb.L["s_by_department"], by_dept, None, str, "department")
    by_country = Counter(c.country or "—" for c in cases)
    story += _count_section(
        data,
        lb.L["s_by_country"],
        by_country,
        None,
        lambda k: lb.country_text(k, lang) if k != "—" else "—",
        "country",
    )
    shipments = [x for x in data.shipments if data.start <= x.judged_on <= data.as_of]
    if shipments:
        story += _count_section(
            data,
            lb.L["s_shipments_by_outcome"],
            Counter(x.outcome for x in shipments),
            list(lb.OUTCOMES),
            lambda k: lb.enum_text(lb.OUTCOMES, k, lang),
            "shipment_outcome",
        )

    # licences
    lic = [c for c in cases if c.outcome in LICENCE_OUTCOMES or c.licence]
    story += _heading(lb.L["s_licences"])
    if lic:
        story.append(
            _grid(
                [
                    lb.L["case_id"],
                    lb.L["case_title"],
                    lb.L["department"],
                    lb.L["outcome"],
                    w.L["decision"],
                    lb.L["licence"],
                ],
                [
                    [
                        c.case_id,
                        c.title,
                        c.department,
                        outcome_text(_outcome_key(c), lang),
                        lb.enum_text(w.DECISIONS, c.review_decision or "undecided", lang),
                        (
                            t(lb.WORDS[c.licence])
                            if c.licence in ("held", "applied")
                            else (c.licence or t(lb.WORDS["pending"]))
                        )
                        + (f" {c.licence_number}" if c.licence_number else ""),
                    ]
                    for c in lic
                ],
                [1.9, 1.8, 2.0, 2.8, 1.7, 2.2],
                "licences",
            )
        )
    else:
        story.append(para(none, field="licences"))

    late = overdue(data)
    story += _heading(w.L["s_overdue"])
    if late:
        story.append(
            _grid(
                [
                    lb.L["case_id"],
                    lb.L["department"],
                    lb.L["review_on"],
                    lb.L["days_overdue"],
                    lb.L["status"],
                ],
                [
                    [c.case_id, c.department, _date(c.review_on, lang), str(days), c.status]
                    for c, days in late
                ],
                [1.9, 3, 1.7, 1, 1.8],
                "overdue",
            )
        )
    else:
        story.append(para(none, field="overdue"))

    screened = sum(c.names_screened for c in cases)
    hits = sum(c.list_hits for c in cases)
    cleared = sum(c.cleared_hits for c in cases)
    with_hits = sum(1 for c in cases if c.list_hits)
    stats = [
        (("照合した名称数", "Names screened"), screened),
        (("該当候補（件数）", "List matches"), hits),
        (("該当候補のあった案件", "Cases with a match"), with_hits),
        (w.L["cleared"], cleared),
    ]
    story += _heading(lb.L["s_screening_stats"])
    story.append(fields_table([(pair, para(str(n), field="stats")) for pair, n in stats]))

    chosen = sample(data)
    story += _heading(lb.L["s_sample"])
    story.append(
        para(
            f"{t(lb.L['seed'])}: {data.effective_seed} · n = {len(chosen)} / {len(cases)}",
            field="seed",
            style=BODY,
        )
    )
    story.append(gap(1))
    if chosen:
        story.append(
            _grid(
                [
                    lb.L["case_id"],
                    lb.L["date"],
                    lb.L["department"],
                    lb.L["outcome"],
                    w.L["decision"],
                    lb.L["risk"],
                ],
                [
                    [
                        c.case_id,
                        _date(c.judged_on, lang),
                        c.department,
                        outcome_text(_outcome_key(c), lang),
                        lb.enum_text(w.DECISIONS, c.review_decision or "undecided", lang),
                        lb.enum_text(lb.RISKS, c.risk, lang),
                    ]
                    for c in chosen
                ],
                [1.9, 1.7, 2.1, 2.8, 1.7, 0.9],
                "sample",
            )
        )

    info = PageInfo(
        title=lb.TITLES["audit"],
        document_number=data.document_number,
        generated_at=data.generated_at,
        versions=f"FY{data.fiscal_year} · {data.versions}",
        fingerprint=digest,
        lang=lang,
        keywords=f"desk-audit {data.document_number} FY{data.fiscal_year} {lang} sha256={digest}",
        zone=data.zone,
    )
    return build(info, story)
