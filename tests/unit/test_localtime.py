"""Japan time and 和暦: what a person in the office reads for a stored UTC time."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk.domain import localtime
from desk.domain.errors import InvalidInput
from desk.domain.wareki import era, japanese_date

ORACLE = Path(__file__).resolve().parents[1] / "fixtures" / "wareki" / "icu-japanese-calendar.csv"
SIGNED = dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC)  # 08:30 JST on 1 April


@pytest.fixture(autouse=True)
def _settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("DESK_TIMEZONE", raising=False)
    monkeypatch.delenv("DESK_CALENDAR", raising=False)
    yield
    localtime.set_zone(None)
    localtime.set_calendar(None)


def test_a_sign_off_before_nine_in_the_morning_is_on_the_japanese_day() -> None:
    assert localtime.local_date(SIGNED) == dt.date(2026, 4, 1)
    assert localtime.format_datetime(SIGNED) == "2026-04-01 08:30 JST"
    # SQLite hands times back naive, as UTC
    assert localtime.local_date(SIGNED.replace(tzinfo=None)) == dt.date(2026, 4, 1)


def test_the_zone_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESK_TIMEZONE", "Europe/London")
    assert localtime.format_datetime(SIGNED) == "2026-04-01 00:30 BST"
    localtime.set_zone("UTC")
    assert localtime.format_datetime(SIGNED) == "2026-03-31 23:30 UTC"
    with pytest.raises(InvalidInput, match="Mars/Olympus"):
        localtime.set_zone("Mars/Olympus")


def test_japanese_calendar_is_for_japanese_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESK_CALENDAR", "japanese")
    assert localtime.format_datetime(SIGNED, lang="ja") == "令和8年4月1日 08:30 JST"
    assert localtime.format_datetime(SIGNED, lang="en") == "2026-04-01 08:30 JST"
    assert localtime.format_date(dt.date(2026, 12, 7), lang="ja") == "令和8年12月7日"
    with pytest.raises(InvalidInput, match="lunar"):
        localtime.set_calendar("lunar")


def test_first_year_of_an_era_is_gannen() -> None:
    assert japanese_date(dt.date(2019, 5, 1)) == "令和元年5月1日"
    assert japanese_date(dt.date(2019, 4, 30)) == "平成31年4月30日"
    assert era(dt.date(1868, 10, 22)) is None


def _oracle() -> list[tuple[str, str]]:
    with ORACLE.open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return [(r["gregorian"], r["japanese"]) for r in rows]


def test_era_table_agrees_with_icu_japanese_calendar() -> None:
    cases = _oracle()
    assert len(cases) > 800
    wrong = [
        (day, want, japanese_date(dt.date.fromisoformat(day)))
        for day, want in cases
        if japanese_date(dt.date.fromisoformat(day)) != want
    ]
    assert wrong == []
