"""The audit report as PDF: :func:`render_audit` is a pure function of :class:`AuditData`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable

from desk.reports import fonts
from desk.reports import labels as lb
from desk.reports.audit.data import (
    LICENCE_OUTCOMES,
    AuditData,
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


def _count_section(
    data: AuditData,
    title: lb.Pair,
    counts: Counter[str],
    order: Iterable[str] | None,
    name: Callable[[str], str],
    field: str,
) -> list[Flowable]:
    total = sum(counts.values())
    keys = (
        [k for k in order if counts.get(k)]
        if order is not None
        else [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    )
    rows_all = [(name(k), counts[k]) for k in keys]
    top = rows_all[:12]
    if len(rows_all) > 12:
        rest = sum(n for _, n in rows_all[12:])
        top.append((lb.text(lb.WORDS["other"], data.lang), rest))
    table_rows = [
        [
            para(label_text, field=field),
            para(str(n), field=field),
            para(f"{100 * n / total:.1f} %", field=field),
        ]
        for label_text, n in rows_all
    ]
    table_rows.append(
        [
            para(lb.text(lb.L["total"], data.lang), field=field),
            para(str(total), field=field),
            para("100 %", field=field),
        ]
    )
    story: list[Flowable] = [heading(title)]
    if top:
        story.append(_bar_chart(top, field=field))
    story.append(grid_table([lb.L["metric"], lb.L["count"], lb.L["share"]], table_rows, [5, 1, 1]))
    return story


def render_audit(data: AuditData) -> bytes:
    lang = data.lang
    cases = in_year(data)
    digest = audit_fingerprint(data)

    def t(pair: lb.Pair) -> str:
        return lb.text(pair, lang)

    none = t(lb.WORDS["none"])
    story: list[Flowable] = [
        fields_table(
            [
                (lb.L["institution"], para(data.institution, field="institution")),
                (
                    lb.L["fiscal_year"],
                    para(
                        f"FY{data.fiscal_year}"
                        + (f"（{data.fiscal_year}年度）" if lang == "ja" else ""),
                        field="fiscal_year",
                    ),
                ),
                (
                    lb.L["period_covered"],
                    para(f"{data.start.isoformat()} – {data.end.isoformat()}", field="period"),
                ),
                (lb.L["count"], para(str(len(cases)), field="count")),
                (lb.L["lists"], para(data.versions or "—", field="versions")),
            ]
        ),
        gap(2),
        para(t(lb.WORDS["audit_intro"]), field="intro"),
    ]
    by_outcome = Counter(c.decision or c.outcome or "HOLD" for c in cases)
    story += _count_section(
        data,
        lb.L["s_by_outcome"],
        by_outcome,
        list(lb.OUTCOMES),
        lambda k: lb.enum_text(lb.OUTCOMES, k, lang),
        "outcome",
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
    shipments = [x for x in data.shipments if data.start <= x.judged_on <= data.end]
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
    lic = [c for c in cases if (c.decision or c.outcome) in LICENCE_OUTCOMES or c.licence]
    story.append(heading(lb.L["s_licences"]))
    if lic:
        rows = [
            [
                para(c.case_id, field="case_id"),
                para(c.title, field=f"{c.case_id}.title"),
                para(c.department, field=f"{c.case_id}.department"),
                para(
                    lb.enum_text(lb.OUTCOMES, c.decision or c.outcome, lang),
                    field=f"{c.case_id}.outcome",
                ),
                para(
                    (
                        t(lb.WORDS[c.licence])
                        if c.licence in ("held", "applied")
                        else (c.licence or t(lb.WORDS["pending"]))
                    )
                    + (f" {c.licence_number}" if c.licence_number else ""),
                    field=f"{c.case_id}.licence",
                ),
            ]
            for c in lic
        ]
        story.append(
            grid_table(
                [
                    lb.L["case_id"],
                    lb.L["case_title"],
                    lb.L["department"],
                    lb.L["outcome"],
                    lb.L["licence"],
                ],
                rows,
                [1.7, 2.2, 2.1, 3.1, 1.6],
            )
        )
    else:
        story.append(para(none, field="licences"))

    late = overdue(data)
    story.append(heading(lb.L["s_overdue"]))
    if late:
        rows = [
            [
                para(c.case_id, field="case_id"),
                para(c.department, field=f"{c.case_id}.department"),
                para(
                    c.review_on.isoformat() if c.review_on else None, field=f"{c.case_id}.review_on"
                ),
                para(str(days), field="days"),
                para(c.status, field=f"{c.case_id}.status"),
            ]
            for c, days in late
        ]
        story.append(
            grid_table(
                [
                    lb.L["case_id"],
                    lb.L["department"],
                    lb.L["review_on"],
                    lb.L["days_overdue"],
                    lb.L["status"],
                ],
                rows,
                [1.8, 3, 1.5, 1, 2],
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
        (("リスト一致（件数）", "List matches"), hits),
        (("一致のあった案件", "Cases with a match"), with_hits),
        (("審査で解消した一致", "Matches cleared in review"), cleared),
    ]
    story.append(heading(lb.L["s_screening_stats"]))
    story.append(fields_table([(pair, para(str(n), field="stats")) for pair, n in stats]))

    chosen = sample(data)
    story.append(heading(lb.L["s_sample"]))
    story.append(
        para(
            f"{t(lb.L['seed'])}: {data.effective_seed} · n = {len(chosen)} / {len(cases)}",
            field="seed",
            style=BODY,
        )
    )
    story.append(gap(1))
    if chosen:
        rows = [
            [
                para(c.case_id, field="case_id"),
                para(c.judged_on.isoformat(), field="date"),
                para(c.department, field=f"{c.case_id}.department"),
                para(
                    lb.enum_text(lb.OUTCOMES, c.decision or c.outcome, lang),
                    field=f"{c.case_id}.outcome",
                ),
                para(lb.enum_text(lb.RISKS, c.risk, lang), field=f"{c.case_id}.risk"),
            ]
            for c in chosen
        ]
        story.append(
            grid_table(
                [lb.L["case_id"], lb.L["date"], lb.L["department"], lb.L["outcome"], lb.L["risk"]],
                rows,
                [1.8, 1.3, 2.5, 3, 1],
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
