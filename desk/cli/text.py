"""Text for a terminal: columns measured in terminal cells, not characters.

A Japanese character takes two cells (``unicodedata.east_asian_width`` is W or F), so
``str.ljust`` misaligns every column after a Japanese header or title.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes (wide and full-width characters take two;
    combining marks none)."""
    n = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n


def ljust(text: str, width: int) -> str:
    return text + " " * max(0, width - cells(text))


def rjust(text: str, width: int) -> str:
    return " " * max(0, width - cells(text)) + text


def table(rows: Sequence[Sequence[object]], gap: str = "  ") -> list[str]:
    """Rows as aligned lines; the last column is left ragged (it holds free text)."""
    texts = [[str(c) for c in r] for r in rows]
    columns = max((len(r) for r in texts), default=0)
    widths = [max((cells(r[i]) for r in texts if i < len(r)), default=0) for i in range(columns)]
    return [
        gap.join(
            [*(ljust(c, w) for c, w in zip(r[:-1], widths, strict=False)), r[-1] if r else ""]
        ).rstrip()
        for r in texts
    ]
