"""Input limits every reader applies: characters, numbers, dates, sizes; and safe printing.

Valid JSON and valid UTF-8 can still carry what no record should hold and what breaks
later layers: a lone surrogate (``"\\ud800"``) that cannot be encoded again, NUL (which
PostgreSQL refuses in text), control characters and ANSI escape sequences that rewrite a
terminal, integers of hundreds of digits that overflow when used as numbers. The readers
(case files, list CSVs, name files) refuse them as invalid input naming the file and key;
:func:`terminal_safe` escapes whatever reaches a terminal from a stored value.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from desk.domain.errors import InvalidInput
from desk.domain.i18n import _

# the largest integer a case file may hold: a BIGINT, far above any real count or amount
MAX_INT_DIGITS = 18
# longest text in one JSON string or CSV cell; free text (notes, rationale) has its own
MAX_TEXT = 2_000
MAX_FREE_TEXT = 20_000
FREE_TEXT_KEYS = frozenset({"notes", "rationale", "evidence", "reason", "description"})
MAX_CASE_FILE_BYTES = 5 * 1024 * 1024

_LINE_BREAKS = "\t\n\r"
# C0 controls, DEL, C1 controls, lone surrogates; tab/newline/CR are handled by the caller
_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_BAD_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def describe_char(ch: str) -> str:
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return _("a lone surrogate U+{code:04X} (not a character)").format(code=code)
    if code == 0:
        return _("a NUL character")
    if code == 0x1B:
        return _("an escape character (U+001B, terminal control sequence)")
    return _("a control character U+{code:04X}").format(code=code)


def bad_character(text: str, *, one_line: bool = False) -> str | None:
    """What is wrong with ``text``'s characters, or None (tab and line breaks allowed
    unless ``one_line``)."""
    m = (_BAD_ONE_LINE if one_line else _BAD).search(text)
    return None if m is None else describe_char(m.group())


def check_text(
    text: str,
    *,
    source: str | None,
    where: str | None,
    limit: int = MAX_TEXT,
    one_line: bool = False,
) -> None:
    problem = bad_character(text, one_line=one_line)
    if problem is not None:
        raise InvalidInput(
            _("contains {problem}").format(problem=problem), source=source, where=where
        )
    if len(text) > limit:
        raise InvalidInput(
            _("too long: {n} characters (at most {limit})").format(n=len(text), limit=limit),
            source=source,
            where=where,
        )


def check_number(value: int | float, *, source: str | None, where: str | None) -> None:
    """Integers no field can hold (10**400) and floats that overflowed to infinity."""
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        if len(str(abs(value))) > MAX_INT_DIGITS:
            raise InvalidInput(
                _("the number has {n} digits (at most {limit})").format(
                    n=len(str(abs(value))), limit=MAX_INT_DIGITS
                ),
                source=source,
                where=where,
            )
    elif not math.isfinite(value):
        raise InvalidInput(_("the number is too large"), source=source, where=where)


def check_document(doc: Any, *, source: str | None, path: str = "") -> None:
    """Every key and string of a parsed JSON document, with the key path of the first fault."""
    if isinstance(doc, Mapping):
        for key, value in doc.items():
            where = f"{path}.{key}" if path else str(key)
            check_text(str(key), source=source, where=where or None, one_line=True, limit=200)
            if isinstance(value, str):
                free = key in FREE_TEXT_KEYS
                check_text(
                    value,
                    source=source,
                    where=where,
                    limit=MAX_FREE_TEXT if free else MAX_TEXT,
                    one_line=not free,
                )
            elif isinstance(value, (int, float)):
                check_number(value, source=source, where=where)
            else:
                check_document(value, source=source, path=where)
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            where = f"{path}[{i}]"
            if isinstance(value, str):
                check_text(value, source=source, where=where, one_line=True)
            elif isinstance(value, (int, float)):
                check_number(value, source=source, where=where)
            else:
                check_document(value, source=source, path=where)
    elif isinstance(doc, str):
        check_text(doc, source=source, where=path or None, one_line=True)


def strict_date(text: str) -> dt.date:
    """A calendar date written YYYY-MM-DD, nothing else (no week dates, no 20260907).

    ``date.fromisoformat`` also takes ``2026-W36-2`` (same length) and ``20260907``.
    Raises ValueError.
    """
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"not a date YYYY-MM-DD: {text!r}")
    return dt.date.fromisoformat(text)


_TERMINAL_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def terminal_safe(text: object) -> str:
    """``text`` for one cell of terminal output: control characters, escape sequences and
    line breaks shown as escapes, so that stored data cannot fake rows or recolour the screen.
    """
    value = str(text)
    if not _BAD_ONE_LINE.search(value):
        return value
    out = []
    for ch in value:
        code = ord(ch)
        if ch in _TERMINAL_ESCAPES:
            out.append(_TERMINAL_ESCAPES[ch])
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


_STREAM_BAD = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape_one(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\u{code:04x}" if code >= 0xD800 else f"\\x{code:02x}"


def escape_controls(text: str) -> str:
    """Whole terminal output: every control character but tab and newline escaped (ANSI
    escape sequences and carriage returns cannot rewrite the screen; a lone surrogate
    cannot crash the encoder). Line breaks inside one value: :func:`terminal_safe`."""
    return _STREAM_BAD.sub(_escape_one, text)
