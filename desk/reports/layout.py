"""Page layout shared by every record: styles, bilingual label cells, header and footer,
"n / N" page numbers, and a deterministic PDF (fixed dates and document ID).

Every style, table and canvas names an embedded font explicitly: reportlab falls
back to base-14 Helvetica wherever a font is left unset (the canvas preamble,
table cells, chart labels), and a base-14 font is never embedded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from desk.domain.localtime import zone, zone_label
from desk.reports import fonts
from desk.reports.labels import Pair

PAGE = A4
MARGIN = 15 * mm
LABEL_WIDTH = 42 * mm
GRID = colors.HexColor("#9aa5b1")
SHADE = colors.HexColor("#eef2f6")
ACCENT = colors.HexColor("#1f3a5f")

BODY = ParagraphStyle("body", fontName=fonts.BASE, fontSize=8.5, leading=11, alignment=TA_LEFT)
SMALL = ParagraphStyle(
    "small", parent=BODY, fontSize=6.5, leading=8, textColor=colors.HexColor("#4a5560")
)
LABEL = ParagraphStyle("label", parent=BODY, fontSize=8, leading=10)
HEAD = ParagraphStyle(
    "head",
    parent=BODY,
    fontSize=10,
    leading=13,
    textColor=ACCENT,
    spaceBefore=6,
    spaceAfter=2,
    keepWithNext=1,
)
TITLE = ParagraphStyle("title", parent=BODY, fontSize=15, leading=19, textColor=ACCENT)


class Lines(Flowable):  # type: ignore[misc]
    """Short text drawn run by run, one line per entry: most cells of a record.

    Parsing paragraph markup and CJK line breaking dominate the time to render a
    record, and nearly every value fits on one line; only text that does not fit
    (or spans lines) is handed to a :class:`Paragraph`.
    """

    def __init__(
        self,
        lines: list[tuple[list[fonts.Run], float, Any]],
        leading: float,
        slow: Callable[[], Paragraph],
    ):
        super().__init__()
        self._lines = lines  # (runs, font size, colour)
        self._leading = leading
        self._slow = slow
        self._para: Paragraph | None = None
        widths = [sum(stringWidth(r.text, r.font, size) for r in runs) for runs, size, _c in lines]
        self._widest = max(widths, default=0.0)
        self._tall = sum(self._advance(size) for _r, size, _c in lines)

    def _advance(self, size: float) -> float:
        return self._leading if size >= 7.5 else self._leading * 0.8

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._widest <= avail_width:
            self._para = None
            self.width, self.height = avail_width, self._tall
            return self.width, self.height
        if self._para is None:
            self._para = self._slow()
        w, h = self._para.wrap(avail_width, avail_height)
        self.width, self.height = w, h
        return w, h

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self._para is None and self._widest <= avail_width:
            return []
        para = self._para or self._slow()
        result: list[Flowable] = para.split(avail_width, avail_height)
        return result

    def draw(self) -> None:
        if self._para is not None:
            self._para.drawOn(self.canv, 0, 0)
            return
        c = self.canv
        y = self.height
        for runs, size, colour in self._lines:
            y -= self._advance(size)
            c.setFillColor(colour)
            draw_runs(c, 0.0, y + (self._leading - size) * 0.5, runs, size)


def para(
    text: str | None, *, field: str, style: ParagraphStyle = BODY, bold: bool = False
) -> Flowable:
    value = "—" if text is None or text == "" else text

    def slow() -> Paragraph:
        st = style
        if fonts.has_cjk(value):
            st = ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")
        return Paragraph(fonts.markup(value, field=field, bold=bold), st)

    lines = [
        (fonts.runs(line, field=field, bold=bold), style.fontSize, style.textColor)
        for line in fonts.shape(value).split("\n")
    ]
    return Lines(lines, style.leading, slow)


_LABEL_GREY = colors.HexColor("#4a5560")


def label(pair: Pair) -> Flowable:
    """Japanese first, English beneath in small type."""

    def slow() -> Paragraph:
        ja = fonts.markup(pair[0], field="label")
        en = fonts.markup(pair[1], field="label")
        return Paragraph(f'{ja}<br/><font size="6.5" color="#4a5560">{en}</font>', LABEL)

    lines = [
        (fonts.runs(fonts.shape(pair[0]), field="label"), LABEL.fontSize, colors.black),
        (fonts.runs(fonts.shape(pair[1]), field="label"), 6.5, _LABEL_GREY),
    ]
    return Lines(lines, LABEL.leading, slow)


def heading(pair: Pair) -> Paragraph:
    ja = fonts.markup(pair[0], field="heading")
    en = fonts.markup(pair[1], field="heading")
    return Paragraph(f'{ja} <font size="8" color="#4a5560">{en}</font>', HEAD)


_BASE_TABLE = [
    ("FONTNAME", (0, 0), (-1, -1), fonts.BASE),
    ("FONTSIZE", (0, 0), (-1, -1), 8),
    ("GRID", (0, 0), (-1, -1), 0.4, GRID),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
]

CONTENT_WIDTH = PAGE[0] - 2 * MARGIN


def fields_table(rows: Sequence[tuple[Pair, Flowable | str]]) -> Table:
    """Two columns: bilingual label, value."""
    data = [[label(p), v] for p, v in rows]
    t = Table(data, colWidths=[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH], hAlign="LEFT")
    t.setStyle(TableStyle([*_BASE_TABLE, ("BACKGROUND", (0, 0), (0, -1), SHADE)]))
    return t


def grid_table(
    header: Sequence[Pair], rows: Sequence[Sequence[Flowable | str]], widths: Sequence[float]
) -> Table:
    """A table with a bilingual header row that repeats on every page it spans."""
    scale = CONTENT_WIDTH / sum(widths)
    data: list[list[Any]] = [[label(h) for h in header], *[list(r) for r in rows]]
    t = Table(data, colWidths=[w * scale for w in widths], repeatRows=1, hAlign="LEFT")
    t.setStyle(TableStyle([*_BASE_TABLE, ("BACKGROUND", (0, 0), (-1, 0), SHADE)]))
    return t


def gap(height: float = 3) -> Spacer:
    return Spacer(1, height * mm)


@dataclass(frozen=True)
class PageInfo:
    """What every page prints around the content."""

    title: Pair
    document_number: str
    generated_at: dt.datetime
    versions: str
    fingerprint: str
    lang: str
    keywords: str
    zone: str = "UTC"  # the zone the generation time is printed in (named on every page)
    # record format 3: the footer names the hash as the content's, and the header prints the
    # time as 「2026年4月1日 08:45（日本時間）」
    fingerprint_label: str = "SHA-256"
    japanese_time: bool = False
    # record format 4: each right-to-left word drawn carries /ActualText, so that text
    # extraction reads Persian, Arabic and Hebrew in logical order (fonts.rtl_spans)
    actual_text: bool = False


class _FixedTime:
    """Stands in for reportlab's TimeStamp: the record's generation time, in UTC."""

    def __init__(self, when: dt.datetime):
        utc = when.astimezone(dt.UTC)
        self.t = utc.timestamp()
        self.lt = utc.timetuple()
        self.YMDhms = tuple(self.lt)[:6]
        self.dhh = 0
        self.dmm = 0
        self.tzname = "UTC"


def _canvas_class(info: PageInfo) -> type[Canvas]:
    doc_id = hashlib.sha256(f"{info.document_number}:{info.fingerprint}".encode()).hexdigest()[:32]

    class RecordCanvas(Canvas):  # type: ignore[misc]
        """Defers page furniture to save() so it can print "n / N"."""

        desk_actual_text = info.actual_text

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1
            kwargs["initialFontName"] = fonts.BASE
            kwargs["initialFontSize"] = 8
            kwargs["initialLeading"] = 10
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = _FixedTime(info.generated_at)
            self._doc._ID = f"\n[<{doc_id}><{doc_id}>]\n".encode("ascii")
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for n, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _furniture(self, info, n, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return RecordCanvas


def _draw(
    c: Canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    right: bool = False,
    bold: bool = False,
) -> None:
    runs = fonts.runs(fonts.shape(text), field="page", bold=bold)
    width = sum(c.stringWidth(r.text, r.font, size) for r in runs)
    if right:
        x -= width
    draw_runs(c, x, y, runs, size)


def draw_runs(c: Canvas, x: float, y: float, runs: list[fonts.Run], size: float) -> None:
    """One text object per line, so that text extraction keeps the line together; on a canvas
    that asks for it, each right-to-left word in a marked-content span with /ActualText."""
    t = c.beginText(x, y)
    spans = getattr(c, "desk_actual_text", False)
    for r in runs:
        t.setFont(r.font, size)
        if not spans:
            t.textOut(r.text)
            continue
        for piece, actual in fonts.rtl_spans(r.text):
            if actual is None:
                t.textOut(piece)
                continue
            code = actual.encode("utf-16-be").hex().upper()
            t._code.append(f"/Span <</ActualText <FEFF{code}>>> BDC")
            t.textOut(piece)
            t._code.append("EMC")
    c.drawText(t)


def _generated(info: PageInfo) -> str:
    """``2026-04-01 08:45 JST (Asia/Tokyo)``; ``2026-03-31 23:45 UTC`` as format 1 printed it;
    ``2026年4月1日 08:45（日本時間） 2026-04-01 08:45 JST (Asia/Tokyo)`` in format 3."""
    if info.japanese_time:
        local = info.generated_at.astimezone(zone(info.zone))
        where = "（日本時間）" if info.zone == "Asia/Tokyo" else ""
        return (
            f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}{where} "
            f"{local:%Y-%m-%d %H:%M} {zone_label(local)} ({info.zone})"
        )
    if info.zone == "UTC":
        return info.generated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    local = info.generated_at.astimezone(zone(info.zone))
    return f"{local:%Y-%m-%d %H:%M} {zone_label(local)} ({info.zone})"


def _furniture(c: Canvas, info: PageInfo, n: int, total: int) -> None:
    w, h = PAGE
    c.saveState()
    c.setFillColor(ACCENT)
    _draw(c, MARGIN, h - 12 * mm, info.title[0], 14, bold=True)
    c.setFillColor(colors.HexColor("#4a5560"))
    _draw(c, MARGIN, h - 16.5 * mm, info.title[1], 8.5)
    _draw(
        c, w - MARGIN, h - 11 * mm, f"文書番号 Document No. {info.document_number}", 8.5, right=True
    )
    when = _generated(info)
    _draw(c, w - MARGIN, h - 15 * mm, f"作成日時 Generated {when}", 7.5, right=True)
    c.setStrokeColor(ACCENT)
    c.setLineWidth(0.8)
    c.line(MARGIN, h - 19 * mm, w - MARGIN, h - 19 * mm)
    c.setLineWidth(0.4)
    c.line(MARGIN, 15 * mm, w - MARGIN, 15 * mm)
    _draw(c, MARGIN, 11 * mm, info.versions, 6.5)
    _draw(c, MARGIN, 7.5 * mm, f"{info.fingerprint_label} {info.fingerprint}", 6.5)
    _draw(c, w - MARGIN, 9 * mm, f"{n} / {total}", 8.5, right=True)
    c.restoreState()


def build(info: PageInfo, story: list[Flowable]) -> bytes:
    """Lay out ``story`` on A4 pages with the record's furniture; returns the PDF bytes."""
    fonts.register()
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=23 * mm,
        bottomMargin=19 * mm,
        invariant=1,
        title=f"{info.title[0]} / {info.title[1]} {info.document_number}",
        author="desk",
        creator="desk",
        subject=info.document_number,
        keywords=info.keywords,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    maker: Callable[..., Canvas] = _canvas_class(info)
    doc.build(story, canvasmaker=maker)
    return buf.getvalue()
