"""Times as people in the office read them: in Japan time, named, optionally in 和暦.

desk stores every time in UTC; anything shown or printed (tables, the CLI, PDF records,
the audit report) goes through this module, so that a sign-off at 08:30 JST on 1 April
reads 2026-04-01 — not the UTC date before, which falls in the previous fiscal year.

Settings (like the language, process-wide): the zone is ``DESK_TIMEZONE`` (an IANA name,
default ``Asia/Tokyo``) unless :func:`set_zone` chose one; the calendar for Japanese text
is ``DESK_CALENDAR`` (``gregorian``, the default, or ``japanese`` for 和暦) unless
:func:`set_calendar` chose one. English text always uses ISO dates. The zone database is
the operating system's, or the ``tzdata`` wheel where the system has none (Windows).
"""

from __future__ import annotations

import datetime as dt
import os
from functools import cache
from typing import TYPE_CHECKING

from desk.domain.errors import InvalidInput
from desk.domain.wareki import japanese_date

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Asia/Tokyo"
CALENDARS = ("gregorian", "japanese")

_zone: str | None = None
_calendar: str | None = None


@cache
def _load(name: str) -> ZoneInfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # on first use: it costs start-up time

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(
            f"unknown time zone {name!r}; give an IANA name such as Asia/Tokyo",
            where="DESK_TIMEZONE",
        ) from exc


def zone_name() -> str:
    return _zone or os.environ.get("DESK_TIMEZONE") or DEFAULT_ZONE


def zone(name: str | None = None) -> ZoneInfo:
    """The zone ``name`` (default: the chosen one); unknown names raise InvalidInput."""
    return _load(name or zone_name())


def set_zone(name: str | None) -> str:
    """Make ``name`` the zone times are shown in (None: the setting or Asia/Tokyo)."""
    global _zone
    if name is not None:
        _load(name)
    _zone = name
    return zone_name()


def calendar() -> str:
    chosen = _calendar or os.environ.get("DESK_CALENDAR") or "gregorian"
    if chosen not in CALENDARS:
        raise InvalidInput(
            f"unknown calendar {chosen!r}; expected gregorian or japanese", where="DESK_CALENDAR"
        )
    return chosen


def set_calendar(name: str | None) -> str:
    global _calendar
    if name is not None and name not in CALENDARS:
        raise InvalidInput(
            f"unknown calendar {name!r}; expected gregorian or japanese", where="--calendar"
        )
    _calendar = name
    return calendar()


def as_utc(value: dt.datetime) -> dt.datetime:
    """An aware UTC time; a naive one (SQLite hands them back so) is taken as UTC."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def local(value: dt.datetime, zone_: str | None = None) -> dt.datetime:
    """``value`` in the chosen zone (naive values are UTC)."""
    return as_utc(value).astimezone(zone(zone_))


def local_date(value: dt.datetime, zone_: str | None = None) -> dt.date:
    """The calendar day ``value`` fell on in the chosen zone."""
    return local(value, zone_).date()


def today(zone_: str | None = None) -> dt.date:
    """Today in the chosen zone (not the machine's: a server may run in UTC)."""
    return dt.datetime.now(zone(zone_)).date()


def format_date(day: dt.date, *, lang: str = "en", calendar_: str | None = None) -> str:
    """``2026-04-01``, or ``令和8年4月1日`` for Japanese text with the Japanese calendar."""
    if lang == "ja" and (calendar_ or calendar()) == "japanese":
        return japanese_date(day)
    return day.isoformat()


def format_datetime(
    value: dt.datetime,
    *,
    lang: str = "en",
    calendar_: str | None = None,
    zone_: str | None = None,
    named: bool = True,
) -> str:
    """``2026-04-01 08:30 JST`` (``named=False`` leaves the zone's abbreviation off, for
    table cells whose column says it)."""
    when = local(value, zone_)
    text = f"{format_date(when.date(), lang=lang, calendar_=calendar_)} {when:%H:%M}"
    return f"{text} {zone_label(when)}" if named else text


def zone_label(when: dt.datetime) -> str:
    """``JST``, or ``UTC+09:00`` where the zone has no abbreviation of letters."""
    name = when.tzname() or ""
    if name.isalpha():
        return name
    offset = when.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def shown(value: dt.datetime | dt.date | None, *, named: bool = True) -> str:
    """A stored time or day as the active language shows it ("" for None)."""
    from desk.domain.i18n import current_language

    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_datetime(value, lang=current_language(), named=named)
    return format_date(value, lang=current_language())
