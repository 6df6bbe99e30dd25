"""Checking what a person typed into a register form or a ``desk people|orgs|projects|tech``
option: each checker names the field it refuses (``InvalidInput(where=field)``), so that
the CLI prints ``desk: --born-on: not a date YYYY-MM-DD`` and a form marks the field.

The field names are the service's keyword names (``born_on``); front ends map them to
their own labels or options.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desk.domain.countries import is_country
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _


@dataclass(frozen=True)
class Field:
    """How one field of a register form is checked: ``kind`` is text, date, country,
    countries, choice, names (a list of texts), bool or ids (a list of record ids)."""

    kind: str = "text"
    required: bool = False
    limit: int = 300
    allowed: tuple[str, ...] = ()


def clean(values: Mapping[str, Any], spec: Mapping[str, Field], *, adding: bool) -> dict[str, Any]:
    """The checked values of the fields given (``None`` = not given; ``""`` = empty it).

    Adding, every required field must be given; editing, a required field cannot be emptied.
    """
    out: dict[str, Any] = {}
    for key in values:
        if key not in spec:
            raise InvalidInput(_("not a field of this register"), where=key)
    for key, f in spec.items():
        value = values.get(key)
        if value is None:
            if adding and f.required:
                raise InvalidInput(_("this field is required"), where=key)
            continue
        out[key] = _one(value, key, f)
    return out


def _one(value: Any, key: str, f: Field) -> Any:
    if f.kind == "text":
        return text(value, key, required=f.required, limit=f.limit)
    if f.kind == "longtext":
        return text(value, key, required=f.required, limit=f.limit or 20000)
    if f.kind == "date":
        return date(value, key)
    if f.kind == "country":
        return country(value, key)
    if f.kind == "countries":
        return countries([value] if isinstance(value, str) else value, key)
    if f.kind == "choice":
        return choice(value, key, f.allowed)
    if f.kind == "names":
        return names([value] if isinstance(value, str) else value, key)
    if f.kind == "bool":
        if isinstance(value, bool):
            return value
        text_value = str(value).strip().casefold()
        if text_value in ("yes", "true", "1", "はい"):
            return True
        if text_value in ("no", "false", "0", "いいえ", ""):
            return False
        raise InvalidInput(_("not yes or no: {value}").format(value=value), where=key)
    if f.kind == "ids":
        items = [value] if isinstance(value, (int, str)) else list(value)
        out: list[int] = []
        for v in items:
            for part in str(v).replace(";", ",").split(","):
                if part.strip():
                    number = record_id(part.strip(), key)
                    if number not in out:
                        out.append(number)
        return out
    raise AssertionError(f"unknown field kind {f.kind}")


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
            _("{value!r} is not one of: {allowed}").format(value=value, allowed=", ".join(allowed)),
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
