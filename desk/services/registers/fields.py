"""Checking what a person typed into a register form or a ``desk people|orgs|projects|tech``
option: each checker names the field it refuses (``InvalidInput(where=field)``), so that
the CLI prints ``desk: --born-on: not a date YYYY-MM-DD`` and a form marks the field.

The field names are the service's keyword names (``born_on``); front ends map them to
their own labels or options.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from desk.domain.countries import is_country
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _

# an edit leaves a field alone unless it is given; ``CLEAR`` empties an optional field
KEEP: Any = None


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


def text(value: str | None, field: str, *, required: bool = False, limit: int = 300) -> str | None:
    """Trimmed text; ``None`` for empty. Refuses an empty required field and too long text."""
    if value is None:
        if required:
            raise InvalidInput(_("this field is required"), where=field)
        return None
    cleaned = " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()
    if not cleaned:
        if required:
            raise InvalidInput(_("this field is required"), where=field)
        return None
    if len(cleaned) > limit:
        raise InvalidInput(
            _("too long: at most {limit} characters, got {n}").format(limit=limit, n=len(cleaned)),
            where=field,
        )
    if any(ord(c) < 32 and c not in "\n\t" for c in cleaned) or "\x00" in cleaned:
        raise InvalidInput(_("control characters are not allowed"), where=field)
    return cleaned


def date(value: str | dt.date | None, field: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            _("not a date YYYY-MM-DD: {text}").format(text=value), where=field
        ) from None


def country(value: str | None, field: str) -> str | None:
    if value is None or not value.strip():
        return None
    code = value.strip().upper()
    if not is_country(code):
        raise InvalidInput(
            _("unknown country code {value!r} (ISO 3166-1 alpha-2, e.g. CN, KR, US)").format(
                value=value
            ),
            where=field,
        )
    return code


def countries(values: Iterable[str] | None, field: str) -> list[str]:
    out: list[str] = []
    for v in values or ():
        for part in str(v).replace(";", ",").split(","):
            code = country(part, field)
            if code and code not in out:
                out.append(code)
    return out


def choice(value: str | None, field: str, allowed: Sequence[str]) -> str | None:
    if value is None or not value.strip():
        return None
    if value.strip() not in allowed:
        raise InvalidInput(
            _("{value!r} is not one of: {allowed}").format(
                value=value, allowed=", ".join(allowed)
            ),
            where=field,
        )
    return value.strip()


def period(start: dt.date | None, end: dt.date | None, field: str) -> None:
    if start is not None and end is not None and end < start:
        raise InvalidInput(_("the end date is before the start date"), where=field)


def names(values: Iterable[str] | None, field: str) -> list[str]:
    out: list[str] = []
    for v in values or ():
        t = text(v, field)
        if t and t not in out:
            out.append(t)
    return out


def record_id(value: int | str, field: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(
            _("not a record id (a whole number): {value}").format(value=value), where=field
        ) from None
    if number <= 0:
        raise InvalidInput(
            _("not a record id (a whole number): {value}").format(value=value), where=field
        )
    return number
