"""The case form's document helpers, no Qt: from field text to JSON values and back, and
:func:`prune`, which keeps a stored document's shape (a default the stored case spelled
out is written again; one it left out stays out)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import MISSING, fields
from typing import Any


def _json_default(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value


def prune(
    obj: Mapping[str, Any],
    cls: type,
    origin: Mapping[str, Any] | None,
    keep: Iterable[str] = (),
) -> dict[str, Any]:
    """``obj`` without keys holding their default, unless the ``origin`` document spelled
    them out (or they are in ``keep``, keys the loader requires although they have one)."""
    spelled = set(origin or ()) | set(keep)
    defaults = {f.name: f for f in fields(cls)}
    out: dict[str, Any] = {}
    for key, value in obj.items():
        f = defaults[key]
        required = f.default is MISSING and f.default_factory is MISSING
        if required or key in spelled or value != _json_default(f.default):
            out[key] = value
    return out


def number_or_text(text: str) -> Any:
    """A number typed in a field; text that is not one is passed on for the loader to name."""
    text = text.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def opt(text: str) -> str | None:
    return text.strip() or None


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def date_or_none(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
