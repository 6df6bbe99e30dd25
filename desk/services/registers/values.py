"""How the registries show a stored value: dates, periods, countries, labels, yes/no —
small pure formatting helpers shared by the pages (:mod:`.queries`) and the detail panes
(:mod:`.details`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from desk.domain.countries import country_label
from desk.domain.i18n import _, pick
from desk.domain.localtime import shown
from desk.services.registers.registries import (
    CONCERN_LABELS,
)

# --- small formatting helpers (pure) ---------------------------------------------------


def _label(table: dict[str, str], value: str | None) -> str:
    if not value:
        return ""
    return _(table[value]) if value in table else value


def _date(value: dt.date | dt.datetime | None) -> str:
    """A day, or a stored time in Japan time with its zone (``2026-04-01 08:30 JST``)."""
    return shown(value)


def _period(start: dt.date | None, end: dt.date | None) -> str:
    if not start and not end:
        return ""
    return f"{_date(start)} – {_date(end)}"


def _country(code: str | None) -> str:
    """``CN 中国`` in Japanese, ``CN China`` in English (the code stays first: it sorts)."""
    return country_label(code)


def _countries(codes: Sequence[str] | None) -> str:
    return ", ".join(country_label(c) for c in codes or ())


def _concerns(codes: Sequence[str] | None) -> str:
    """``missiles, conventional weapons`` / 「ミサイル・通常兵器」: names, not codes
    (glossary §concern codes)."""
    return _(", ").join(_(CONCERN_LABELS[c]) if c in CONCERN_LABELS else c for c in codes or ())


def _pairs(table: dict[str, tuple[str, str]], codes: Sequence[str] | None) -> str:
    return ", ".join(_pair(table, c) for c in codes or ())


def _dept(name: str | None, name_en: str | None) -> str:
    if not name:
        return ""
    return pick(name, name_en or name)


def _pair(table: dict[str, tuple[str, str]], code: str | None) -> str:
    """A code shown with the report labels' wording (Japanese/English), else as it is."""
    if not code:
        return ""
    return pick(*table[code]) if code in table else code


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def _text(value: Any) -> str:
    return "" if value is None else str(value)
