"""The main window, driven as a person would: keys, clicks, typed text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit, QMessageBox

from desk.services.registers import PersonCol
from desk.ui.models.registry_table import PAGE_SIZE, Role
from desk.ui.views.registry import RegistryView
from tests.registry_sample import EXTRA_PEOPLE, PEOPLE

pytestmark = pytest.mark.gui

TOTAL_PEOPLE = len(PEOPLE) + EXTRA_PEOPLE


def shown_column(view: RegistryView, column: int = 0) -> list[str]:
    model = view.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def type_search(qtbot, view: RegistryView, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the search box and wait for the debounced query to answer."""
    view.search.setFocus()
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        if text.isascii():
            qtbot.keyClicks(view.search, text)
        else:
            commit(view.search, text)


def commit(line_edit: QLineEdit, text: str) -> None:
    # qtbot.keyClicks with non-ASCII text aborts the test process: an input method
    # commit is how such text arrives from a Japanese IME anyway.
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(line_edit, event)


def switch(qtbot, window, key: str, shortcut: str) -> RegistryView:  # type: ignore[no-untyped-def]
    view = window.view(key)
    if view.model.has_loaded:
        qtbot.keyClick(window, shortcut[-1], Qt.KeyboardModifier.ControlModifier)
    else:
        with qtbot.waitSignal(view.model.loaded, timeout=5000):
            qtbot.keyClick(window, shortcut[-1], Qt.KeyboardModifier.ControlModifier)
    assert window.current_view() is view
    return view


def test_title_names_the_database(window, sample_db_url: str) -> None:  # type: ignore[no-untyped-def]
    path = sample_db_url.split(":///", 1)[1]
    assert path in window.windowTitle()


def test_opens_on_home_then_ctrl_1_shows_projects(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    assert window.current_view() is window.home
    assert window.nav.currentItem().text() == "Home"
    view = switch(qtbot, window, "projects", "Ctrl+1")
    assert view.registry == "projects"
    assert sorted(shown_column(view)) == ["Solid-state battery materials", "自律移動ロボットの制御"]
    assert view.count_label.text() == "2 rows"
    assert window.nav.currentItem().text() == "Projects"


def test_ctrl_numbers_switch_registries(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    people = switch(qtbot, window, "people", "Ctrl+2")
    assert shown_column(people)[:2] == ["John Smith", "Student 000"]  # sorted by name
    assert window.nav.currentItem().text() == "People"
    orgs = switch(qtbot, window, "organizations", "Ctrl+3")
    assert sorted(shown_column(orgs)) == ["Acme Robotics GmbH", "清华大学"]
    lists = switch(qtbot, window, "lists", "Ctrl+6")
    assert shown_column(lists, 1) == [
        "Example Aerospace Industries",
        "Example Institute of Technology",
    ]
    cases = switch(qtbot, window, "cases", "Ctrl+5")
    assert shown_column(cases) == ["C-2025-001", "C-2025-002"]


def test_clicking_the_navigation_switches(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    item = window.nav.item(4)
    rect = window.nav.visualItemRect(item)
    with qtbot.waitSignal(window.view("technical_items").model.loaded, timeout=5000):
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_view().registry == "technical_items"
    assert "Gyroscope calibration data" in shown_column(window.current_view())


def test_people_load_lazily_page_by_page(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = switch(qtbot, window, "people", "Ctrl+2")
    assert view.model.rowCount() == PAGE_SIZE < TOTAL_PEOPLE
    assert view.count_label.text() == f"{TOTAL_PEOPLE} rows"
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        view.table.scrollToBottom()
    assert view.model.rowCount() == TOTAL_PEOPLE


def test_ctrl_f_focuses_search_and_typing_filters(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = switch(qtbot, window, "people", "Ctrl+2")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()
    type_search(qtbot, view, "wang")
    assert shown_column(view) == ["王伟"]
    assert view.count_label.text() == "1 matching"
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        view.search.clear()
    assert view.model.rowCount() == PAGE_SIZE


def test_japanese_search_text_from_an_input_method(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = switch(qtbot, window, "people", "Ctrl+2")
    type_search(qtbot, view, "山田")
    assert view.search.text() == "山田"
    assert shown_column(view) == ["山田 太郎"]
    orgs = switch(qtbot, window, "organizations", "Ctrl+3")
    type_search(qtbot, orgs, "清華")  # the traditional form, a local name
    assert shown_column(orgs) == ["清华大学"]


def test_selecting_a_row_shows_its_details(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = switch(qtbot, window, "people", "Ctrl+2")
    assert not window.actions_by_id["edit.copy_row"].isEnabled()
    type_search(qtbot, view, "wang")
    rect = view.table.visualRect(view.model.index(0, 0))
    with qtbot.waitSignal(view.detail_shown, timeout=5000):
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.detail.title.text() == "王伟"
    assert view.detail.detail is not None
    assert view.detail.detail.id == view.model.index(0, 0).data(Role.ROW_ID)
    fields = view.detail.field_texts()
    assert fields["Latin name"] == "Wang Wei"
    assert "清华大学" in fields["Affiliations"]
    assert window.actions_by_id["edit.copy_row"].isEnabled()
    window.actions_by_id["edit.copy_row"].trigger()
    assert QApplication.clipboard().text().startswith("王伟\tWang Wei\tCN")


def test_header_click_sorts_in_sql(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = switch(qtbot, window, "people", "Ctrl+2")
    type_search(qtbot, view, "student")  # the names, and every student by role (김민준, 李娜)
    assert shown_column(view)[0] == "Student 000"
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(PersonCol.NAME) + 10
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert shown_column(view)[:2] == ["김민준", "李娜"]  # no reading stored: by code point
    assert view.model.rowCount() == PAGE_SIZE  # still lazy after sorting


def test_settings_dialog_switches_to_japanese(  # type: ignore[no-untyped-def]
    qtbot, window, _isolated_settings, sample_db_url
) -> None:
    people = switch(qtbot, window, "people", "Ctrl+2")
    window.actions_by_id["file.settings"].trigger()
    dialog = window.findChild(QDialog, "settingsDialog")
    assert dialog is not None and dialog.isVisible()
    box = dialog.language_box
    box.setCurrentIndex(box.findData("ja"))
    with qtbot.waitSignal(window.language_changed, timeout=5000):
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    assert window.nav.item(2).text() == "人物"
    assert window.menuBar().actions()[0].text() == "ファイル(&F)"
    header = people.model.headerData(PersonCol.NAME, Qt.Orientation.Horizontal)
    assert header == "氏名・名称"
    assert people.count_label.text() == f"{TOTAL_PEOPLE:,}件"
    assert people.search.placeholderText() == "検索（Ctrl+F）…"
    # Qt's own catalogue translates standard buttons
    window.actions_by_id["file.settings"].trigger()
    again = [d for d in window.findChildren(QDialog, "settingsDialog") if d.isVisible()][-1]
    assert again.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "キャンセル"
    again.reject()
    # the choice is kept: the next start opens in Japanese without --lang
    from desk.ui.app import apply_language, create_main_window
    from desk.ui.settings import Settings

    assert Settings(_isolated_settings).language == "ja"
    apply_language("en")
    second = create_main_window(sample_db_url)
    qtbot.addWidget(second)
    try:
        assert second.nav.item(1).text() == "プロジェクト"
        assert second.actions_by_id["view.refresh"].text() == "再読み込み(&R)"
    finally:
        second.runner.wait_idle()
        second.context.close()


def test_an_expected_error_is_a_clear_message(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from desk.domain.errors import StorageError

    def fail() -> None:
        raise StorageError("The database is locked by another program; try again: x.db")

    with qtbot.waitSignal(window.runner.idle, timeout=5000):
        window.runner.run(fail)
    box = window.findChild(QMessageBox, "errorMessage")
    assert box is not None and box.isVisible()
    assert "locked by another program" in box.text()
    box.close()


def test_a_bug_opens_the_crash_dialog_with_log_lines(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    import logging

    from desk.ui.errors import CrashDialog, install_log_capture

    install_log_capture()
    logging.getLogger("desk.test").info("the step before the bug")

    def bug() -> None:
        raise ZeroDivisionError("division by zero in a worker")

    with qtbot.waitSignal(window.runner.idle, timeout=5000):
        window.runner.run(bug)
    dialog = window.findChild(CrashDialog, "crashDialog")
    assert dialog is not None and dialog.isVisible()
    text = dialog.details.toPlainText()
    assert "ZeroDivisionError: division by zero in a worker" in text
    assert "the step before the bug" in text
    dialog.close()


def test_long_work_shows_a_progress_indicator(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    import threading

    from desk.ui.operations import PROGRESS_DELAY_MS

    release = threading.Event()
    assert not window.progress.isVisible()
    window.runner.run(lambda: release.wait(10), label="Importing…")
    qtbot.waitUntil(window.progress.isVisible, timeout=PROGRESS_DELAY_MS + 3000)
    assert window.statusBar().currentMessage() == "Importing…"
    assert not window.actions_by_id["view.refresh"].isEnabled()  # not while busy
    release.set()
    qtbot.waitUntil(lambda: not window.progress.isVisible(), timeout=5000)
    assert window.actions_by_id["view.refresh"].isEnabled()


def test_quick_work_shows_no_progress_indicator(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    window.runner.long_work.connect(shown.append)
    with qtbot.waitSignal(window.runner.idle, timeout=5000):
        window.runner.run(lambda: None)
    qtbot.wait(50)
    assert shown == [] and not window.progress.isVisible()


def test_japanese_system_locale_gives_a_japanese_window(  # type: ignore[no-untyped-def]
    qtbot, sample_db_url, monkeypatch
) -> None:
    from desk.ui.app import apply_language, create_main_window

    for var in ("DESK_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    win = create_main_window(sample_db_url)  # no --lang, nothing saved: follow the system
    qtbot.addWidget(win)
    try:
        assert win.nav.item(2).text() == "人物"
        assert win.current_view().search.placeholderText() == "案件を検索（Ctrl+F）…"  # Home
        with qtbot.waitSignal(win.view("people").model.loaded, timeout=5000):
            win.show_registry("people")
        assert win.current_view().model.headerData(0, Qt.Orientation.Horizontal) == "氏名・名称"
    finally:
        win.runner.wait_idle()
        win.context.close()
        apply_language("en")


def test_settings_dialog_stores_the_institution_printed_on_records(  # type: ignore[no-untyped-def]
    qtbot, window, _isolated_settings, sample_db_url
) -> None:
    from desk.services import records
    from desk.services.context import open_context

    window.actions_by_id["file.settings"].trigger()
    dialog = window.findChild(QDialog, "settingsDialog")
    edit = dialog.findChild(QLineEdit, "institutionEdit")
    qtbot.waitUntil(edit.isEnabled, timeout=5000)  # the stored value has been read
    assert edit.text() == ""
    event = QInputMethodEvent("", [])
    event.setCommitString("北関東科学技術大学")
    QApplication.sendEvent(edit, event)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    window.runner.wait_idle(5000)
    qtbot.waitUntil(lambda: window.runner.in_flight == 0, timeout=5000)
    with open_context(sample_db_url) as ctx:
        assert records.office_settings(ctx).institution == "北関東科学技術大学"


def test_the_window_lists_the_registries_of_the_services_in_their_order() -> None:
    """The window names the registries itself (it is drawn before the services' registry
    shapes are imported): the same keys, in the same order."""
    from desk.services.registers import REGISTRIES
    from desk.ui.actions.declared import REGISTRY_TITLES
    from desk.ui.main_window import NAV

    assert NAV == ("home", *REGISTRIES)
    assert tuple(REGISTRY_TITLES) == REGISTRIES
