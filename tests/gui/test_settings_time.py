"""The settings dialog (institution, language, time zone, 和暦) and times in Japan time."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desk.domain.localtime import set_calendar, set_zone
from desk.services.registers import ListCol


@pytest.fixture(autouse=True)
def _reset_time_settings():  # type: ignore[no-untyped-def]
    yield
    set_zone(None)
    set_calendar(None)


@pytest.fixture
def imported_at_1014_utc(sample_db_url: str) -> str:
    """The sample database, its list versions imported at 10:14 UTC (19:14 in Japan)."""
    from sqlalchemy import update

    from desk.services.context import open_context
    from desk.storage.models import ListVersion

    with open_context(sample_db_url) as ctx, ctx.transaction() as s:
        s.execute(update(ListVersion).values(imported_at=dt.datetime(2026, 12, 7, 10, 14)))
    return sample_db_url


def open_window(qtbot, url: str, lang: str = "en"):  # type: ignore[no-untyped-def]
    from desk.ui.app import create_main_window

    win = create_main_window(url, lang=lang)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.ready, timeout=10000):
        win.show()
    return win


def close(win) -> None:  # type: ignore[no-untyped-def]
    from desk.ui.app import apply_language

    win.runner.wait_idle()
    win.context.close()
    apply_language("en")


def entry_detail(qtbot, win) -> dict[str, str]:  # type: ignore[no-untyped-def]
    view = win.view("lists")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        win.show_registry("lists")
    names = [view.model.index(r, ListCol.NAME).data() for r in range(view.model.rowCount())]
    with qtbot.waitSignal(view.detail_shown, timeout=5000):
        view.select_row(names.index("Example Aerospace Industries"))
    return view.detail.field_texts()


def test_times_show_in_japan_time(qtbot, imported_at_1014_utc: str) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, imported_at_1014_utc)
    try:
        assert entry_detail(qtbot, win)["Imported at"] == "2026-12-07 19:14 JST"
    finally:
        close(win)


def test_settings_store_institution_zone_and_japanese_calendar(  # type: ignore[no-untyped-def]
    qtbot, imported_at_1014_utc: str
) -> None:
    from desk.ui.settings import Settings

    win = open_window(qtbot, imported_at_1014_utc)
    try:
        with qtbot.waitSignal(win.home.loaded, timeout=5000):  # Home is read again in Japanese
            qtbot.keyClick(win, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
            dialog = win.settings_dialog
            # the institution is the database's (printed on records): editable once read
            qtbot.waitUntil(dialog.institution_edit.isEnabled, timeout=5000)
            dialog.institution_edit.setText("Example University")
            dialog.language_box.setCurrentIndex(dialog.language_box.findData("ja"))
            dialog.calendar_box.setCurrentIndex(dialog.calendar_box.findData("japanese"))
            assert dialog.timezone_box.currentData() == "Asia/Tokyo"
            dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        assert win.home.heading.text().startswith("Example University — 本日 令和")
        assert entry_detail(qtbot, win)["取込日時"] == "令和8年12月7日 19:14 JST"
        win.runner.wait_idle()
        from desk.services.records import office_settings

        assert office_settings(win.context).institution == "Example University"
    finally:
        close(win)
    saved = Settings()
    assert (saved.language, saved.calendar, saved.timezone) == ("ja", "japanese", "Asia/Tokyo")
