"""Embedded TrueType fonts for every record, and the per-character font choice.

No single free TrueType font covers Japanese, simplified and traditional Chinese,
Korean, Latin, Cyrillic and Arabic script, so text is split into runs and each
run is set in the first font of :data:`CHAIN` that has all its glyphs:

* DejaVu Sans: Latin, Cyrillic, Greek, Arabic (incl. the Persian letters and their
  presentation forms), symbols;
* Droid Sans Fallback Full: Han (Japanese, simplified and traditional Chinese),
  kana, CJK punctuation and full-width forms;
* NanumSquare: Hangul;
* Loma (TLWG): Thai (its combining vowels and tone marks are drawn without
  reordering, as Thai fonts for simple renderers are designed to be).

All are TrueType-outline (``glyf``) files: reportlab cannot embed CFF, and it
subsets and embeds every TrueType font it draws with, so no base-14 font and no
unembedded CID font ever reaches the file. Arabic-script text is shaped
(contextual forms) and put into visual order before it is split, because
reportlab lays text out left to right without shaping.

A character that no font can draw raises :class:`MissingGlyph` naming the field:
a record that prints a box instead of a person's name is not a record.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import re
import sys
import unicodedata
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, BinaryIO
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

from desk.domain.errors import MissingGlyph
from desk.resources import resource

# name used in the PDF → file under resources/fonts
FONT_FILES: dict[str, str] = {
    "DeskSans": "DejaVuSans.ttf",
    "DeskSans-Bold": "DejaVuSans-Bold.ttf",
    "DeskCJK": "DroidSansFallbackFull.ttf",
    "DeskHangul": "NanumSquareR.ttf",
    "DeskThai": "Loma.ttf",
}
CHAIN = ("DeskSans", "DeskCJK", "DeskHangul", "DeskThai")
BOLD_CHAIN = ("DeskSans-Bold", "DeskCJK", "DeskHangul", "DeskThai")
BASE = "DeskSans"
BOLD = "DeskSans-Bold"

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# the letters (and marks) of right-to-left scripts, base and presentation forms: not their
# digits (drawn left to right) nor their punctuation (، ؛ ؟ ۔), which extractors place by bidi
_RTL_LETTERS = re.compile(
    "[\u0591-\u05ff\u0600-\u060b\u060d-\u061a\u061c-\u061e\u0620-\u065f"
    "\u066e-\u06d3\u06d5-\u06ef\u06fa-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]+"
)
# Han, kana and CJK punctuation read better in the CJK font even where DejaVu has a glyph.
_PREFER_CJK = re.compile("[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


@cache
def register() -> None:
    """Register the base fonts with reportlab once per process; the others are registered
    when a character first needs them (:func:`_font`): a record in Latin script never
    reads the 4 MB CJK font, and no record reads a font for a script it does not use."""
    _font(BASE)
    _font(BOLD)
    pdfmetrics.registerFontFamily(BASE, normal=BASE, bold=BOLD, italic=BASE, boldItalic=BOLD)


@cache
def _font(name: str) -> TTFont:
    path = resource("fonts", FONT_FILES[name])
    if not path.exists():
        raise MissingGlyph(f"font file missing: {path}")
    font = _cached_font(name, path)
    pdfmetrics.registerFont(font)
    return font


def _cached_font(name: str, path: Path) -> TTFont:
    """The font, its parsed tables loaded from desk's disk cache when they are there.

    reportlab reads every table of a TrueType file (the 4 MB CJK font's character map and
    widths) each time a process first draws with it: about a tenth of a second per font,
    most of the cost of one ``desk report record``. The parsed face is kept in the cache
    folder (``DESK_CACHE_DIR``), keyed by the font file's size, time and name and by
    reportlab's installed files; a file that cannot be read is parsed again, and a folder that
    cannot be written only costs the parse. The PDF is the same byte for byte either way."""
    from desk.screening import disk_cache

    try:
        st = path.stat()
        stamp = f"{path.name}:{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        return TTFont(name, str(path))
    h = hashlib.sha256()
    for part in (
        _FACE_FORMAT,
        stamp,
        disk_cache.installed_stamp("reportlab"),
        f"{sys.version_info[:2]}",
    ):
        h.update(part.encode() + b"\0")
    folder = disk_cache.cache_root() / "fonts"
    stem = path.stem
    file = folder / f"{stem}-{h.hexdigest()[:32]}{disk_cache.SUFFIX}"
    state = None
    try:
        with file.open("rb") as f:
            state = _load_without_gc(f)
        if not isinstance(state, dict) or "charToGlyph" not in state:
            state = None
    except Exception:  # missing or bad: parsed again
        state = None
    if state is None:
        font = TTFont(name, str(path))
        state = _compact({k: v for k, v in vars(font.face).items() if k != "_pdfScale"})
        if disk_cache.write(file, state):
            for old in folder.glob(f"{stem}-*{disk_cache.SUFFIX}"):
                if old != file:
                    old.unlink(missing_ok=True)
        return font
    face = _CachedFace.__new__(_CachedFace)
    face.__dict__.update(state)
    face._pdfScale = _scale(face.unitsPerEm)
    font = TTFont.__new__(TTFont)
    # what TTFont.__init__ sets, with the face given instead of parsed
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, g) for g in rl_config.unShapedFontGlob or ())
    return font


# what the cache files hold; a new layout gets new file names (the old ones are replaced)
_FACE_FORMAT = "desk-font-face/2"


class _Pairs(Sequence[tuple[Any, Any]]):
    """reportlab's ``hmetrics`` (a list of ``(advance, left side bearing)`` per glyph) as
    two columns: the CJK font has 49,000 glyphs, and 49,000 tuples are most of the cost of
    loading its face. ``pairs[i]`` equals the tuple the list held."""

    def __init__(self, pairs: Sequence[tuple[Any, Any]]) -> None:
        self.first = [a for a, _b in pairs]
        self.second = array("l", [b for _a, b in pairs])

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return list(zip(self.first[i], self.second[i], strict=True))
        return (self.first[i], self.second[i])

    def __len__(self) -> int:
        return len(self.first)

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return zip(self.first, self.second, strict=True)


class _CachedFace(TTFontFace):  # type: ignore[misc]  # reportlab has no type hints
    """A face loaded from the cache: ``glyphToChar`` (glyph → its characters, used only
    when text is shaped) is rebuilt from its compact form the first time it is asked for."""

    def __getattr__(self, name: str) -> Any:
        if name == "glyphToChar" and "_glyph_chars" in self.__dict__:
            glyphs, counts, chars = self.__dict__.pop("_glyph_chars")
            out: dict[int, list[int]] = {}
            at = 0
            for glyph, n in zip(glyphs, counts, strict=True):
                out[glyph] = list(chars[at : at + n])
                at += n
            self.glyphToChar = out
            return out
        raise AttributeError(name)


def _compact(state: dict[str, Any]) -> dict[str, Any]:
    """A parsed face's attributes with its three glyph tables in fewer objects: positions
    as an array, metrics as two columns (:class:`_Pairs`), glyph → characters as three
    arrays. Each reads back as the value reportlab made (``tests/unit/test_font_cache.py``)."""
    out = dict(state)
    pos = state.get("glyphPos")
    if isinstance(pos, list) and all(type(v) is int and 0 <= v < 2**32 for v in pos):
        out["glyphPos"] = array("L", pos)
    metrics = state.get("hmetrics")
    if isinstance(metrics, list) and all(
        isinstance(m, tuple) and len(m) == 2 and type(m[1]) is int for m in metrics
    ):
        out["hmetrics"] = _Pairs(metrics)
    g2c = state.get("glyphToChar")
    if isinstance(g2c, dict) and all(
        type(k) is int and isinstance(v, list) and all(type(c) is int for c in v)
        for k, v in g2c.items()
    ):
        del out["glyphToChar"]
        out["_glyph_chars"] = (
            array("l", g2c),
            array("l", [len(v) for v in g2c.values()]),
            array("l", [c for v in g2c.values() for c in v]),
        )
    return out


def _load_without_gc(f: BinaryIO) -> object:
    """Unpickle with the cycle collector paused: the CJK face is some 200,000 small objects,
    and collections triggered while they are made cost three times the load itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        state = pickle.load(f)
        gc.freeze()  # kept for the life of the process: never worth a collector's walk
        return state
    finally:
        if enabled:
            gc.enable()


def _scale(units_per_em: int) -> Callable[[float], float]:
    """reportlab's glyph-unit → 1000-unit scale (``TTFontFile.extractInfo``)."""
    if units_per_em == 1000:
        return lambda x: x
    mult = 1000 / units_per_em
    return lambda x: x * mult


@cache
def _cmap(name: str) -> frozenset[int]:
    register()
    return frozenset(_font(name).face.charToGlyph)


def _invisible(ch: str) -> bool:
    return ch in "\n\r\t" or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def shape(text: str) -> str:
    """Arabic-script text in contextual forms and visual (left-to-right drawing) order."""
    if not _RTL.search(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return str(get_display(arabic_reshaper.reshape(text)))


def rtl_spans(text: str) -> list[tuple[str, str | None]]:
    """``text`` as drawn (shaped, visual order) in pieces: ``(piece, None)`` drawn as it is,
    ``(word, actual)`` a right-to-left word with the text an extractor should read for it
    (PDF ``/ActualText``): its letters as base characters (presentation forms and ligatures
    decomposed), in drawing order like the glyphs — poppler and PDFium reorder an
    ActualText span as they reorder the glyphs, so a span in drawing order reads back in
    logical order, where one in logical order reads back reversed (docs/reports.md)."""
    if not _RTL.search(text):
        return [(text, None)]
    out: list[tuple[str, str | None]] = []
    pos = 0
    for m in _RTL_LETTERS.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], None))
        word = m.group()
        out.append((word, "".join(unicodedata.normalize("NFKC", g)[::-1] for g in word)))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def font_for(ch: str, chain: tuple[str, ...] = CHAIN) -> str | None:
    code = ord(ch)
    if _PREFER_CJK.match(ch) and code in _cmap("DeskCJK"):
        return "DeskCJK"
    for name in chain:
        if code in _cmap(name):
            return name
    return None


@dataclass(frozen=True)
class Run:
    font: str
    text: str


def runs(text: str, *, field: str, bold: bool = False) -> list[Run]:
    """Split already-shaped ``text`` into runs of one font each; MissingGlyph otherwise."""
    found = _split(text, bold)
    if isinstance(found, str):
        raise MissingGlyph(
            f"{field}: no embedded font can draw {found!r} (U+{ord(found):04X}) in {text!r}"
        )
    return list(found)


@lru_cache(maxsize=20000)
def _split(text: str, bold: bool) -> tuple[Run, ...] | str:
    """The runs of ``text``, or the first character no font has (labels repeat: cached)."""
    chain = BOLD_CHAIN if bold else CHAIN
    out: list[Run] = []
    for ch in text:
        if _invisible(ch):
            continue
        if ch == " ":
            name: str | None = out[-1].font if out else chain[0]
        else:
            name = font_for(ch, chain)
        if name is None:
            return ch
        if out and out[-1].font == name:
            out[-1] = Run(name, out[-1].text + ch)
        else:
            out.append(Run(name, ch))
    return tuple(out)


def _escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities for reportlab's paragraph markup, as
    ``xml.sax.saxutils.escape`` does (whose import pulls in urllib and http.client)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def check(text: str, *, field: str) -> None:
    runs(shape(text), field=field)


def has_cjk(text: str) -> bool:
    return bool(re.search("[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]", text))


def markup(text: str, *, field: str, bold: bool = False) -> str:
    """Paragraph markup for ``text`` with every run in its font; line breaks kept."""
    lines = shape(text).split("\n")
    parts: list[str] = []
    for line in lines:
        chunks = [
            f'<font face="{r.font}">{_escape(r.text)}</font>'
            for r in runs(line, field=field, bold=bold)
        ]
        parts.append("".join(chunks))
    return "<br/>".join(parts)
