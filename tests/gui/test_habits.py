"""Habits of a good desktop app, in the real window: the unsaved-changes guard, refusals
said in the dialog with the input kept, the selection kept across F5, columns that fit
1366×768 and are remembered, form table headers shown whole and never twice the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desk.services.registers import CaseCol
from desk.ui.models.registry_table import Role


def open_case_form(qtbot, win):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(win.actions_by_id["case.new"].isEnabled)
    with qtbot.waitSignal(win.app_actions.dialog_opened, timeout=5000) as opened:
        win.actions_by_id["case.new"].trigger()
    return opened.args[0]


def test_esc_on_a_changed_form_asks_before_discarding(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    form = open_case_form(qtbot, window)
    asked: list[bool] = []
    form.ask_discard = lambda: asked.append(True) or False
    qtbot.keyClick(form, Qt.Key.Key_Escape)  # nothing entered: closes without asking
    assert not form.isVisible() and asked == []

    form = open_case_form(qtbot, window)
    answers = [False, True]
    form.ask_discard = lambda: asked.append(True) or answers.pop(0)
    qtbot.keyClicks(form.title_edit, "Lab visit")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible() and form.title_edit.text() == "Lab visit"  # kept
    form.close()  # the window's close button asks the same
    assert form.isVisible() is False and asked == [True, True]


def test_f5_keeps_the_selected_row(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.view("people")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        window.show_registry("people")
    with qtbot.waitSignal(view.detail_shown, timeout=5000):
        view.select_row(3)
    chosen = view.selected_row().id
    with qtbot.waitSignal(view.detail_shown, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert view.selected_row() is not None and view.selected_row().id == chosen


def test_every_case_column_is_on_screen_at_1366_by_768_and_widths_are_kept(  # type: ignore[no-untyped-def]
    qtbot, sample_db_url: str
) -> None:
    from desk.ui.app import create_main_window

    win = create_main_window(sample_db_url, lang="ja")
    qtbot.addWidget(win)
    win.resize(1366, 768)
    with qtbot.waitSignal(win.ready, timeout=10000):
        win.show()
    view = win.view("cases")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        win.show_registry("cases")
    assert win.width() == 1366  # nothing forces the window wider
    header = view.table.horizontalHeader()
    qtbot.waitUntil(
        lambda: header.sectionSize(0) < 115 or header.length() <= view.table.viewport().width()
    )
    qtbot.wait(50)
    width = view.table.viewport().width()
    for c in range(view.model.columnCount()):
        right = header.sectionViewportPosition(c) + header.sectionSize(c)
        assert right <= width + 1, (c, right, width)
        assert header.sectionSize(c) >= view.MIN_COLUMN
    header.resizeSection(CaseCol.TITLE, 123)
    win.runner.wait_idle()
    win.close()
    win.context.close()

    again = create_main_window(sample_db_url, lang="en")
    qtbot.addWidget(again)
    try:
        cases = again.view("cases")
        assert cases.table.horizontalHeader().sectionSize(CaseCol.TITLE) == 123
    finally:
        again.runner.wait_idle()
        again.context.close()


def test_form_table_headers_are_whole_and_distinct_in_japanese(qtbot, sample_db_url: str) -> None:  # type: ignore[no-untyped-def]
    from desk.ui.app import apply_language, create_main_window

    win = create_main_window(sample_db_url, lang="ja")
    qtbot.addWidget(win)
    try:
        with qtbot.waitSignal(win.ready, timeout=10000):
            win.show()
        form = open_case_form(qtbot, win)
        table = form.exemptions.table
        form.exemptions.add_row()
        header = table.horizontalHeader()
        labels = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        assert len(set(labels)) == len(labels), labels  # 根拠 once, not twice
        metrics = header.fontMetrics()
        for c, label in enumerate(labels):
            assert header.sectionSize(c) >= metrics.horizontalAdvance(label), label
        form.ask_discard = lambda: True
        form.reject()
    finally:
        win.runner.wait_idle()
        win.context.close()
        apply_language("en")


@pytest.fixture
def researcher_url(tmp_path: Path, fixtures_dir: Path) -> str:
    from desk.services.cases import assess_cases, import_cases
    from desk.services.context import default_actor, open_context
    from desk.services.reviews import add_user, submit_case

    url = f"sqlite:///{tmp_path / 'roles.sqlite3'}"
    with open_context(url, actor="office1") as ctx:
        import_cases(ctx, [fixtures_dir / "cases" / "S03.json"])
        assess_cases(ctx, lists=[])
        add_user(ctx, "office1", ["office"])
        submit_case(ctx, "S03")
        add_user(ctx, default_actor(), ["researcher"], display_name="Ren")
    return url


def test_a_role_refusal_is_said_in_the_review_dialog_which_keeps_the_input(  # type: ignore[no-untyped-def]
    qtbot, researcher_url: str
) -> None:
    from desk.ui.app import apply_language, create_main_window

    win = create_main_window(researcher_url, lang="en")
    qtbot.addWidget(win)
    try:
        with qtbot.waitSignal(win.ready, timeout=10000):
            win.show()
        view = win.view("cases")
        with qtbot.waitSignal(view.model.loaded, timeout=5000):
            win.show_registry("cases")
        with qtbot.waitSignal(view.detail_shown, timeout=5000):
            view.select_row(0)
        qtbot.waitUntil(win.actions_by_id["case.review"].isEnabled)
        with qtbot.waitSignal(win.review_dialog_opened, timeout=5000) as opened:
            win.actions_by_id["case.review"].trigger()
        dialog = opened.args[0]
        dialog.step_box.setCurrentIndex(dialog.step_box.findData("first"))
        qtbot.keyClicks(dialog.comment, "looks fine")
        with qtbot.waitSignal(win.runner.idle, timeout=5000):
            qtbot.mouseClick(
                dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                Qt.MouseButton.LeftButton,
            )
        assert dialog.isVisible()
        assert "Ask the export control office" in dialog.problem.text()
        assert "desk " not in dialog.problem.text()  # no command line to run
        assert dialog.comment.text() == "looks fine"
        assert dialog.step_box.currentData() == "first"
        assert view.model.index(0, 0).data(Role.ROW_ID) is not None
        dialog.ask_discard = lambda: True
        dialog.reject()
    finally:
        win.runner.wait_idle()
        win.context.close()
        apply_language("en")
