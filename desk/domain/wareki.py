"""和暦 (the Japanese era calendar) from a small era table: 令和8年12月7日, 令和元年5月1日.

Each era starts on the Gregorian day in :data:`ERAS` (the days ICU's Japanese calendar
uses); its first year is 元年. Tested against ICU (``tests/fixtures/wareki``). Days before
明治 are written in the Gregorian calendar (desk's records never reach back that far).
"""

from __future__ import annotations

import datetime as dt

ERAS: tuple[tuple[dt.date, str], ...] = (  # newest first
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
    (dt.date(1912, 7, 30), "大正"),
    (dt.date(1868, 10, 23), "明治"),
)


def era(day: dt.date) -> tuple[str, int] | None:
    """(era name, year of the era) for ``day``; None before 明治."""
    for start, name in ERAS:
        if day >= start:
            return name, day.year - start.year + 1
    return None


def japanese_date(day: dt.date) -> str:
    found = era(day)
    if found is None:
        return f"{day.year}年{day.month}月{day.day}日"
    name, year = found
    return f"{name}{'元' if year == 1 else year}年{day.month}月{day.day}日"
