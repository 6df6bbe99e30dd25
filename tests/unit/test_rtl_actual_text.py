"""Persian, Arabic and Hebrew in records read back in logical order (issue 9, "Persian text
extracting reversed"): from record format 4 each right-to-left word is drawn inside a
marked-content span whose /ActualText holds its letters as base characters
(desk.reports.fonts.rtl_spans). Which extractors honour it: docs/reports.md."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pypdf

from desk.domain.case import parse_case
from desk.reports import fonts
from desk.reports.records import render_record
from desk.reports.sample import CASE, sample_record

PERSIAN = "محمد رضا احمدی"  # the sample's second reviewer
HEBREW = "דוד כהן"


def record(version: int = 4, name: str = "王 子涵") -> bytes:
    rec = sample_record("screening", "ja")
    case = parse_case({**CASE, "recipient": {**CASE["recipient"], "name": name}})
    return render_record(dataclasses.replace(rec, case=case, format_version=version))


def contents(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return "".join(p.get_contents().get_data().decode("latin-1") for p in pages)  # type: ignore[union-attr]


def actual_texts(pdf: bytes) -> list[str]:
    return [
        bytes.fromhex(h).decode("utf-16-be")
        for h in re.findall(r"/ActualText <FEFF([0-9A-F]*)>", contents(pdf))
    ]


def test_each_persian_word_is_drawn_with_its_base_letters_as_actual_text() -> None:
    spans = fonts.rtl_spans(fonts.shape("شرکت لاله ۱۲۳"))
    words = [actual for _piece, actual in spans if actual is not None]
    # drawing order (the last word first), each glyph decomposed (the ligature ﻻ too)
    assert [w[::-1] for w in reversed(words)] == ["شرکت", "لاله"]
    assert all("\ufb50" > ch or ch > "\ufeff" for w in words for ch in w)
    assert "".join(piece for piece, _a in spans) == fonts.shape("شرکت لاله ۱۲۳")
    assert fonts.rtl_spans("王 子涵 Wang") == [("王 子涵 Wang", None)]


def test_a_record_of_format_4_carries_the_spans_for_the_persian_name() -> None:
    pdf = record()
    found = actual_texts(pdf)
    # read back in the extractors' bidi order, the spans give the name in logical order
    assert " ".join(w[::-1] for w in reversed(found[-3:])) == PERSIAN
    assert "/Span <</ActualText" in contents(pdf) and "EMC" in contents(pdf)


def test_hebrew_and_arabic_recipient_names_get_spans_too() -> None:
    found = actual_texts(record(name=HEBREW))
    assert "דוד" in [w[::-1] for w in found] and "כהן" in [w[::-1] for w in found]


def test_a_record_of_format_3_is_drawn_as_it_was_issued() -> None:
    assert "/ActualText" not in contents(record(3))


def test_pypdf_reads_the_name_in_logical_order() -> None:
    """pypdf ignores /ActualText but orders right-to-left glyphs itself; it reads the
    presentation forms, so the name is found once they are folded (NFKC)."""
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(record())).pages)
    assert PERSIAN in unicodedata.normalize("NFKC", text)


def test_pdftotext_reads_the_name_in_logical_order(tmp_path: Path) -> None:
    """poppler honours /ActualText: the name in base letters, logical order (format 3 gave
    the presentation forms, which a search for the name does not find). scripts/test installs
    poppler-utils where it can; elsewhere this fails rather than pass unchecked."""
    assert shutil.which("pdftotext"), "poppler's pdftotext is needed: apt-get install poppler-utils"
    for version, found in ((4, True), (3, False)):
        path = tmp_path / f"v{version}.pdf"
        path.write_bytes(record(version))
        out = subprocess.run(
            ["pdftotext", "-q", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert (PERSIAN in out) is found, version
