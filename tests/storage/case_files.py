"""A minimal desk-case/1 file written at test time (no ../shared at run time)."""

from __future__ import annotations

import json
from pathlib import Path

CASE = {
    "format": "desk-case/1",
    "id": "K1",
    "title": "original title",
    "technology": {"classification": "listed", "item": "7"},
    "recipient": {"name": "王 子涵", "nationalities": ["CN"]},
}


def write_case(folder: Path, **changes: object) -> Path:
    """``folder/<id>.json`` with ``changes`` over :data:`CASE`; returns the path."""
    path = folder / f"{changes.get('id', CASE['id'])}.json"
    path.write_text(json.dumps({**CASE, **changes}, ensure_ascii=False), encoding="utf-8")
    return path
