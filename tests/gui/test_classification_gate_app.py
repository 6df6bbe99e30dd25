"""The second review in the app: a case with listed technology whose classification the
該非確認責任者 has not confirmed is refused in the review dialog with the service's sentence,
the dialog kept open and nothing stored."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desk.services.registers import CaseCol
from tests.gui.test_review_dialog import open_dialog, select_case

pytestmark = pytest.mark.gui


@pytest.fixture
def url(tmp_path: Path, fixtures_dir: Path) -> str:
    from desk.services.cases import assess_cases, import_cases
    from desk.services.context import default_actor, open_context
    from desk.services.reviews import add_user, decide_case, submit_case

    url = f"sqlite:///{tmp_path / 'gate.sqlite3'}"
    with open_context(url, actor="office1") as ctx:
        import_cases(ctx, [fixtures_dir / "cases" / "S02.json"])  # listed, R3
        assess_cases(ctx, lists=[])
        add_user(ctx, "office1", ["office"])
        add_user(ctx, "ren", ["researcher"], department="ENG")
        add_user(ctx, "dean", ["dept_head"], department="ENG")
        add_user(ctx, default_actor(), ["chief"], display_name="Chief Sato")  # the app's user
        submit_case(dataclasses.replace(ctx, actor="ren"), "S02")
        decide_case(
            dataclasses.replace(ctx, actor="dean"), "S02", level="first", decision="approve"
        )
    return url


def test_the_second_review_is_refused_until_the_classification_is_confirmed(  # type: ignore[no-untyped-def]
    qtbot, url: str
) -> None:
    from desk.ui.app import create_main_window

    win = create_main_window(url, lang="en")
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.ready, timeout=10000):
        win.show()
    view = win.view("cases")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        win.show_registry("cases")
    select_case(qtbot, win, "S02")
    qtbot.waitUntil(win.actions_by_id["case.review"].isEnabled, timeout=10000)
    dialog = open_dialog(qtbot, win)
    assert dialog.step_box.currentData() == "second"
    dialog.decision_box.setCurrentIndex(dialog.decision_box.findData("approve"))
    with qtbot.waitSignal(win.runner.idle, timeout=5000):
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    assert dialog.isVisible()
    problem = dialog.problem.text()
    assert "no classification record" in problem and "desk classify confirm" in problem
    dialog.ask_discard = lambda: True
    dialog.reject()
    row = win.current_view().selected_row()
    assert row is not None and row.cells[CaseCol.STATUS] == "Second review"
    win.runner.wait_idle()
    win.context.close()
