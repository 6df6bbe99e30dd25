"""The review dialog, driven as a person would: select a case, open "Review case…",
choose, press OK; the table and the detail pane show the new status and the history."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from desk.services.registers import CaseCol

pytestmark = pytest.mark.gui


@pytest.fixture
def review_db_url(tmp_path: Path, fixtures_dir: Path) -> str:
    from desk.services.cases import assess_cases, import_cases
    from desk.services.context import default_actor, open_context
    from desk.services.reviews import add_user

    url = f"sqlite:///{tmp_path / 'review.sqlite3'}"
    with open_context(url, actor="office1") as ctx:
        import_cases(
            ctx, [fixtures_dir / "cases" / "S03.json", fixtures_dir / "cases" / "S02.json"]
        )
        assess_cases(ctx, lists=[])
        add_user(ctx, "office1", ["office"])
        # the app acts as the login it runs under
        # a researcher who is also the department head (of the department the case gets when
        # they submit it)
        add_user(
            ctx,
            default_actor(),
            ["researcher", "dept_head"],
            display_name="Dana Dean",
            department="ENG",
        )
    return url


@pytest.fixture
def cases_window(qtbot, review_db_url: str):  # type: ignore[no-untyped-def]
    from desk.ui.app import apply_language, create_main_window

    win = create_main_window(review_db_url, lang="en")
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.ready, timeout=10000):
        win.show()
    view = win.view("cases")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        win.show_registry("cases")
    yield win
    win.runner.wait_idle()
    win.context.close()
    apply_language("en")


def select_case(qtbot, win, ref: str):  # type: ignore[no-untyped-def]
    view = win.current_view()
    refs = [view.model.index(r, CaseCol.REF).data() for r in range(view.model.rowCount())]
    with qtbot.waitSignal(view.detail_shown, timeout=5000):
        view.select_row(refs.index(ref))
    return view


def open_dialog(qtbot, win):  # type: ignore[no-untyped-def]
    action = win.actions_by_id["case.review"]
    assert action.isEnabled()
    with qtbot.waitSignal(win.review_dialog_opened, timeout=5000) as opened:
        action.trigger()
    return opened.args[0]


def press_ok(qtbot, win, dialog):  # type: ignore[no-untyped-def]
    view = win.current_view()
    with qtbot.waitSignal(view.detail_shown, timeout=10000):
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )


def test_submit_and_decide_from_the_cases_registry(qtbot, cases_window) -> None:  # type: ignore[no-untyped-def]
    win = cases_window
    view = select_case(qtbot, win, "S03")
    dialog = open_dialog(qtbot, win)
    assert "risk R1" in dialog.summary.text()
    assert dialog.step_box.currentData() == "submit"  # a draft is submitted first
    assert not dialog.decision_box.isEnabled()
    dialog.activity_box.setCurrentIndex(dialog.activity_box.findData("joint_research"))
    press_ok(qtbot, win, dialog)
    row = view.selected_row()
    assert row is not None and row.cells[CaseCol.REF] == "S03"
    assert row.cells[CaseCol.STATUS] == "Submitted"
    fields = view.detail.field_texts()
    assert "Dana Dean" in fields["Self-assessment (researcher)"]

    dialog = open_dialog(qtbot, win)
    assert dialog.step_box.currentData() == "first"
    dialog.decision_box.setCurrentIndex(dialog.decision_box.findData("approve_with_conditions"))
    assert dialog.conditions.isEnabled()
    dialog.conditions.setPlainText("Only the published paper")
    press_ok(qtbot, win, dialog)
    row = view.selected_row()
    assert row is not None and row.cells[CaseCol.STATUS] == "Decided"
    first = view.detail.field_texts()["First review (department)"]
    assert "Approve with conditions" in first and "Only the published paper" in first


def test_a_refusal_is_shown_with_the_services_message(qtbot, cases_window) -> None:  # type: ignore[no-untyped-def]
    win = cases_window
    select_case(qtbot, win, "S02")  # R3, still a draft
    dialog = open_dialog(qtbot, win)
    assert "second level" in dialog.summary.text()
    dialog.step_box.setCurrentIndex(dialog.step_box.findData("second"))
    with qtbot.waitSignal(win.runner.idle, timeout=5000):
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    # a department head may not give second reviews: the service's sentence, said in the
    # dialog, which stays open with the choices made
    assert dialog.isVisible() and dialog.step_box.currentData() == "second"
    problem = dialog.problem.text()
    assert "may not give second reviews" in problem and "Committee" in problem
    assert win.findChild(QMessageBox, "errorMessage") is None
    dialog.ask_discard = lambda: True
    dialog.reject()
    row = win.current_view().selected_row()
    assert row is not None and row.cells[CaseCol.STATUS] == "Draft"  # nothing was stored


@pytest.fixture
def committee_db_url(tmp_path: Path, fixtures_dir: Path) -> str:
    """S02 (R3) escalated by the chief to the committee; the app's user is the committee."""
    import dataclasses

    from desk.services import reviews as wf
    from desk.services.cases import assess_cases, import_cases
    from desk.services.context import default_actor, open_context

    url = f"sqlite:///{tmp_path / 'committee.sqlite3'}"
    with open_context(url, actor="office1") as ctx:
        import_cases(ctx, [fixtures_dir / "cases" / "S02.json"])
        assess_cases(ctx, lists=[])
        wf.add_user(ctx, "office1", ["office"])
        wf.add_user(ctx, "ren", ["researcher"], department="ENG")
        wf.add_user(ctx, "dean", ["dept_head"], department="ENG")
        wf.add_user(ctx, "boss", ["chief"])
        wf.add_user(ctx, default_actor(), ["committee"], display_name="Kei Committee")
        wf.submit_case(dataclasses.replace(ctx, actor="ren"), "S02")
        as_dean = dataclasses.replace(ctx, actor="dean")
        wf.decide_case(as_dean, "S02", level="first", decision="approve")
        as_boss = dataclasses.replace(ctx, actor="boss")
        wf.decide_case(as_boss, "S02", level="second", decision="escalate")
    return url


def test_the_committee_decides_an_escalated_case_in_the_review_dialog(  # type: ignore[no-untyped-def]
    qtbot, committee_db_url: str
) -> None:
    from desk.ui.app import apply_language, create_main_window

    win = create_main_window(committee_db_url, lang="en")
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.ready, timeout=10000):
        win.show()
    view = win.view("cases")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        win.show_registry("cases")
    try:
        view = select_case(qtbot, win, "S02")
        row = view.selected_row()
        assert row is not None and row.cells[CaseCol.STATUS] == "With the committee"
        qtbot.waitUntil(win.actions_by_id["case.review"].isEnabled)
        dialog = open_dialog(qtbot, win)
        assert dialog.step_box.currentData() == "committee"
        assert "only the committee decides it" in dialog.summary.text()
        escalate = dialog.decision_box.findData("escalate")
        assert not dialog.decision_box.model().item(escalate).isEnabled()
        dialog.decision_box.setCurrentIndex(dialog.decision_box.findData("approve"))
        press_ok(qtbot, win, dialog)
        row = view.selected_row()
        assert row is not None and row.cells[CaseCol.STATUS] == "Decided"
        fields = view.detail.field_texts()
        assert "Refer to the committee" in fields["Second review (export control director)"]
        assert "Kei Committee" in fields["Committee decision"]
    finally:
        win.runner.wait_idle()
        win.context.close()
        apply_language("en")
