"""Strict parsers of JSON values (``p_*``): each checks one value and names its key path.

The case loader is built from them, and so are the other strict loaders (rule sets,
shipments): wrong types, bad dates, unknown country codes and enum values are errors
that name the key path.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from desk.domain.countries import is_country
from desk.domain.errors import InvalidInput
from desk.domain.limits import strict_date

_T = TypeVar("_T")
_Parser = Callable[[Any, str], Any]


def _err(path: str, message: str) -> InvalidInput:
    return InvalidInput(message, where=path or "(top level)")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def p_str(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _err(path, f"expected a string, got {_kind(value)}")
    return value


def p_nonempty_str(value: Any, path: str) -> str:
    text = p_str(value, path)
    if not text.strip():
        raise _err(path, "must not be empty")
    return text


def p_bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise _err(path, f"expected true or false, got {_kind(value)}")
    return value


def p_number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _err(path, f"expected a number, got {_kind(value)}")
    if value < 0:
        raise _err(path, "must not be negative")
    return value


def p_fraction(value: Any, path: str) -> float:
    number = p_number(value, path)
    if number > 1:
        raise _err(path, f"expected a fraction between 0 and 1, got {number}")
    return number


def p_date(value: Any, path: str) -> dt.date:
    if not isinstance(value, str):
        raise _err(path, f"expected a date YYYY-MM-DD, got {_kind(value)}")
    try:
        return strict_date(value)  # not 2026-W36-2, which fromisoformat takes
    except ValueError:
        raise _err(path, f"not a valid date YYYY-MM-DD: {value!r}") from None


def p_country(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _err(path, f"expected an ISO 3166-1 alpha-2 country code, got {_kind(value)}")
    if not is_country(value):
        raise _err(path, f"unknown country code {value!r} (ISO 3166-1 alpha-2, e.g. CN, KR, US)")
    return value


def p_enum(*choices: Any) -> _Parser:
    def parse(value: Any, path: str) -> Any:
        if isinstance(value, bool) or value not in choices:
            shown = ", ".join(str(c) for c in choices)
            raise _err(
                path, f"unknown value {json.dumps(value, ensure_ascii=False)} (one of: {shown})"
            )
        return value

    return parse


def p_list(item: _Parser, *, unique: bool = False) -> _Parser:
    def parse(value: Any, path: str) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _err(path, f"expected a list, got {_kind(value)}")
        out = tuple(item(v, f"{path}[{i}]") for i, v in enumerate(value))
        if unique and len(set(out)) != len(out):
            raise _err(path, "lists the same value twice")
        return out

    return parse


def p_optional(inner: _Parser) -> _Parser:
    def parse(value: Any, path: str) -> Any:
        return None if value is None else inner(value, path)

    return parse


_REQUIRED = object()


def _obj(
    value: Any,
    path: str,
    spec: Mapping[str, tuple[_Parser, Any]],
) -> tuple[dict[str, Any], frozenset[str]]:
    """Check an object against ``spec`` (key → (parser, default or _REQUIRED))."""
    if not isinstance(value, dict):
        raise _err(path, f"expected an object, got {_kind(value)}")
    prefix = f"{path}." if path else ""
    for key in value:
        if key not in spec:
            raise _err(f"{prefix}{key}", f"unknown key (allowed: {', '.join(spec)})")
    out: dict[str, Any] = {}
    for key, (parser, default) in spec.items():
        if key in value:
            out[key] = parser(value[key], f"{prefix}{key}")
        elif default is _REQUIRED:
            raise _err(f"{prefix}{key}", "required key is missing")
        else:
            out[key] = default
    return out, frozenset(value)


def _require(cond: bool, path: str, message: str) -> None:
    if not cond:
        raise _err(path, message)


_opt_str = p_optional(p_str)
_opt_date = p_optional(p_date)
_opt_country = p_optional(p_country)
