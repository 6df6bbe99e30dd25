"""The parsed fonts kept on disk (desk.reports.fonts._cached_font): same PDF bytes cold,
warm and after a damaged cache file; each run is a fresh process, as a CLI call is."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from desk.reports.fonts import FONT_FILES

RENDER = """
import hashlib, sys
from desk.reports.records import render_record
from desk.reports.sample import sample_record
pdf = render_record(sample_record("precheck", "ja"))
print(hashlib.sha256(pdf).hexdigest())
"""


def render_in_fresh_process(cache: Path) -> str:
    env = dict(os.environ, DESK_CACHE_DIR=str(cache))
    out = subprocess.run(
        [sys.executable, "-c", RENDER], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.splitlines()[0]


def test_cold_warm_and_damaged_cache_give_the_same_pdf(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = render_in_fresh_process(cache)
    files = sorted((cache / "fonts").glob("*.pickle"))
    # the sample record has names in every script: one parsed face per font file
    # (sorted by face name: the file names' hash part depends on where desk is installed)
    assert sorted(f.name.rsplit("-", 1)[0] for f in files) == sorted(
        Path(name).stem for name in FONT_FILES.values()
    )
    stamps = {f: f.stat().st_mtime_ns for f in files}
    warm = render_in_fresh_process(cache)
    assert warm == cold
    assert {f: f.stat().st_mtime_ns for f in files} == stamps  # read, not written again
    # a damaged file is parsed again and replaced; the PDF does not change
    cjk = next(f for f in files if f.name.startswith("DroidSans"))
    cjk.write_bytes(b"not a pickle")
    assert render_in_fresh_process(cache) == cold
    assert cjk.read_bytes() != b"not a pickle"
    # a pickle of the wrong shape is ignored too
    cjk.write_bytes(__import__("pickle").dumps(["wrong"]))
    assert render_in_fresh_process(cache) == cold


def test_cached_font_matches_a_freshly_parsed_one(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from reportlab.pdfbase.ttfonts import TTFont

    from desk.reports import fonts
    from desk.resources import resource

    monkeypatch.setenv("DESK_CACHE_DIR", str(tmp_path))
    path = resource("fonts", fonts.FONT_FILES["DeskCJK"])
    fonts._cached_font("Probe", path)  # parses and writes
    cached = fonts._cached_font("Probe", path)  # loads
    fresh = TTFont("Probe", str(path))
    assert cached.face.charToGlyph == fresh.face.charToGlyph
    # the glyph tables come back compact (no tuple or list per glyph) and read as reportlab's
    assert not isinstance(cached.face.hmetrics, list)
    assert not isinstance(cached.face.glyphPos, list)
    assert "glyphToChar" not in vars(cached.face)
    assert len(cached.face.hmetrics) == len(fresh.face.hmetrics)
    assert list(cached.face.hmetrics) == fresh.face.hmetrics
    assert [cached.face.hmetrics[i] for i in (0, 1, 5000, -1)] == [
        fresh.face.hmetrics[i] for i in (0, 1, 5000, -1)
    ]
    assert list(cached.face.glyphPos) == fresh.face.glyphPos
    assert cached.face.glyphToChar == fresh.face.glyphToChar  # rebuilt when asked for
    assert cached.face.charWidths == fresh.face.charWidths
    assert cached.face.unitsPerEm == fresh.face.unitsPerEm
    assert cached.face._pdfScale(2048) == fresh.face._pdfScale(2048)
    assert cached.shapable == fresh.shapable
    assert cached.stringWidth("輸出管理 export", 10) == fresh.stringWidth("輸出管理 export", 10)
    assert hashlib.sha256(cached.face.makeSubset(list(range(32, 127)))).hexdigest() == (
        hashlib.sha256(fresh.face.makeSubset(list(range(32, 127)))).hexdigest()
    )
