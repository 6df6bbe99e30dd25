"""Table cells of the audit report that wrap at token boundaries.

reportlab's CJK line breaking may break a line between any two characters, which splits
licence numbers (``METI-2026-000123``) and Japanese names (``工学研究科``) in narrow
columns. A cell here breaks only at spaces, after 「、」「・」 and before 「（」; a token
wider than its column is set in a smaller size instead of being cut.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from desk.reports import fonts
from desk.reports.layout import BODY, CONTENT_WIDTH, Lines

PADDING = 6.5  # the grid's left and right cell padding (3 + 3) and a little air
MIN_SIZE = 5.0
_BREAK_AFTER = "、・，,/"
_BREAK_BEFORE = "（("


_CLOSING = "、。，．）」』】〕・ー々ゝゞヽヾぁぃぅぇぉっゃゅょァィゥェォッャュョ"


def _cjk(ch: str) -> bool:
    return fonts.has_cjk(ch)


def tokens(text: str, *, prose: bool = False) -> list[str]:
    """``text`` cut where a line may break: whitespace is a token of its own. In ``prose``
    (sentences, not names or numbers) a line may also break between Japanese characters,
    never before closing punctuation or small kana; Latin words and numbers stay whole."""
    out: list[str] = []
    cur = ""
    for i, ch in enumerate(text):
        if ch.isspace():
            if cur:
                out.append(cur)
            out.append(" ")
            cur = ""
            continue
        if ch in _BREAK_BEFORE and cur:
            out.append(cur)
            cur = ""
        cur += ch
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch in _BREAK_AFTER or (prose and _cjk(ch) and nxt and _cjk(nxt) and nxt not in _CLOSING):
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return out


def _width(text: str, field: str, size: float) -> float:
    return float(sum(stringWidth(r.text, r.font, size) for r in fonts.runs(text, field=field)))


def pack(
    text: str, width: float, *, field: str, size: float = BODY.fontSize, prose: bool = False
) -> tuple[list[str], float]:
    """Lines of ``text`` no wider than ``width``, broken only between tokens, and the font
    size they are set in (smaller than ``size`` only when one token alone is too wide)."""
    lines_out: list[str] = []
    for paragraph in fonts.shape(text).split("\n"):
        parts = tokens(paragraph, prose=prose)
        widest = max((_width(t, field, size) for t in parts if t != " "), default=0.0)
        if widest > width:
            size = max(MIN_SIZE, size * width / widest)
        # a token too wide even at the smallest size is cut where it must be (last resort)
        parts = [c for t in parts for c in _cut(t, width, field, size)]
        lines_out.extend(_greedy(parts, width, field, size))
    return lines_out, size


def _cut(token: str, width: float, field: str, size: float) -> list[str]:
    if token == " " or _width(token, field, size) <= width:
        return [token]
    out: list[str] = []
    cur = ""
    for ch in token:
        if cur and _width(cur + ch, field, size) > width:
            out.append(cur)
            cur = ""
        cur += ch
    return [*out, cur] if cur else out


def _greedy(parts: list[str], width: float, field: str, size: float) -> list[str]:
    lines: list[str] = []
    cur = ""
    for part in parts:
        trial = cur + part
        if cur and part != " " and _width(trial.rstrip(), field, size) > width:
            lines.append(cur.rstrip())
            cur = part
        elif not cur and part == " ":
            continue
        else:
            cur = trial
    lines.append(cur.rstrip())
    return lines or [""]


def cell(text: str | None, width: float, *, field: str, prose: bool = False) -> Lines:
    """A cell of ``width`` points holding ``text`` ("—" when empty)."""
    value = "—" if text is None or text == "" else text
    inner = width - PADDING
    lines, size = pack(value, inner, field=field, prose=prose)
    # a single shrink for the whole cell: the sizes of all its paragraphs agree
    lines, size = pack(value, inner, field=field, size=size, prose=prose)
    leading = BODY.leading * size / BODY.fontSize
    runs = [(fonts.runs(line, field=field), size, colors.black) for line in lines]

    def slow() -> Paragraph:  # never needed: every line fits; kept for Lines' contract
        return Paragraph(fonts.markup(value, field=field), BODY)

    return Lines(runs, leading / (0.8 if size < 7.5 else 1.0), slow)


def column_widths(widths: list[float]) -> list[float]:
    """The points each relative width gets across the page (as ``grid_table`` scales them)."""
    scale = CONTENT_WIDTH / sum(widths)
    return [w * scale for w in widths]
