"""The review of shipments in the app: Enter (and a double click) on the Shipments table opens
the shipment's form; the review dialog submits the shipment and records the first review
(R1: decided there); the export permit dialog records the permit; the goods records are
written from the Goods menu; a refusal is said in the dialog, input kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt

from desk.ui.dialogs.review import ReviewDialog
from desk.ui.dialogs.shipment_form import ShipmentForm
from desk.ui.dialogs.shipment_permit import PermitDialog
from tests.gui.test_app_actions import _window

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "goods"


@pytest.fixture
def url(tmp_path: Path) -> str:
    from desk.services.context import open_context
    from desk.services.goods import assess_shipments, import_shipments

    url = f"sqlite:///{tmp_path / 'review.sqlite3'}"
    with open_context(url) as ctx:
        import_shipments(ctx, [FIXTURES / "G01.json"])
        assess_shipments(ctx, ["G01"])
    return url


def _shipments(qtbot, win):  # type: ignore[no-untyped-def]
    view = win.view("shipments")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        win.show_registry("shipments")
    view.select_row(0)
    return view


def _reselected(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    """After a save the registry is read again with the shipment selected."""
    view = win.view("shipments")
    qtbot.waitUntil(
        lambda: view.model.rowCount() == 1 and view.selected_row() is not None, timeout=5000
    )


def test_enter_and_double_click_open_the_form(qtbot, url: str) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, url)
    view = _shipments(qtbot, win)
    qtbot.waitUntil(win.actions_by_id["shipment.edit"].isEnabled, timeout=5000)
    view.table.setFocus()
    with qtbot.waitSignal(win.shipment_actions.form_opened, timeout=5000) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    form = blocker.args[0]
    assert isinstance(form, ShipmentForm)
    assert form.widgets["id"].text() == "G01"  # type: ignore[attr-defined]
    form.close()
    qtbot.waitUntil(win.actions_by_id["shipment.edit"].isEnabled, timeout=5000)
    rect = view.table.visualRect(view.model.index(0, 1))
    with qtbot.waitSignal(win.shipment_actions.form_opened, timeout=5000) as blocker:
        # a double click is a press, a release, then the double click (as a mouse sends it)
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args[0].widgets["id"].text() == "G01"
    blocker.args[0].close()


def _review(qtbot, win) -> ReviewDialog:  # type: ignore[no-untyped-def]
    action = win.actions_by_id["shipment.review"]
    qtbot.waitUntil(action.isEnabled, timeout=5000)
    with qtbot.waitSignal(win.shipment_actions.dialog_opened, timeout=5000) as blocker:
        action.trigger()
    dialog = blocker.args[0]
    assert isinstance(dialog, ReviewDialog)
    return dialog


def test_review_permit_and_records_from_the_shipments_view(  # type: ignore[no-untyped-def]
    qtbot, url: str, tmp_path: Path, monkeypatch
) -> None:
    win = _window(qtbot, url)
    _shipments(qtbot, win)
    # a draft: the dialog offers the submission, and no activity (cases only)
    dialog = _review(qtbot, win)
    assert dialog.step_box.currentData() == "submit"
    assert dialog.activity_box.isHidden()
    with qtbot.waitSignal(win.shipment_actions.finished, timeout=15000) as blocker:
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert blocker.args[0] == "shipment.review" and blocker.args[1].status == "submitted"

    # the permit is refused before the decision: said in the dialog, input kept
    qtbot.waitUntil(win.actions_by_id["shipment.permit"].isEnabled, timeout=5000)
    with qtbot.waitSignal(win.shipment_actions.dialog_opened, timeout=5000) as blocker:
        win.actions_by_id["shipment.permit"].trigger()
    permit = blocker.args[0]
    assert isinstance(permit, PermitDialog)
    permit.number.setText("9876543210")
    permit.date.setDate(QDate(2026, 11, 20))
    with qtbot.waitSignal(win.shipment_actions.failed, timeout=15000):
        permit.buttons.button(permit.buttons.StandardButton.Ok).click()
    assert permit.problem.isVisibleTo(permit) and "G01" in permit.problem.text()
    assert permit.number.text() == "9876543210"
    permit.reject()

    # the first review decides an R1 shipment
    _reselected(qtbot, win)
    dialog = _review(qtbot, win)
    assert dialog.step_box.currentData() == "first"
    dialog.decision_box.setCurrentIndex(dialog.decision_box.findData("approve"))
    with qtbot.waitSignal(win.shipment_actions.finished, timeout=15000) as blocker:
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    state = blocker.args[1]
    assert state.status == "decided" and state.steps[-1].level == "first"

    _reselected(qtbot, win)
    qtbot.waitUntil(win.actions_by_id["shipment.permit"].isEnabled, timeout=5000)
    with qtbot.waitSignal(win.shipment_actions.dialog_opened, timeout=5000) as blocker:
        win.actions_by_id["shipment.permit"].trigger()
    permit = blocker.args[0]
    permit.number.setText("9876543210")
    permit.date.setDate(QDate(2026, 11, 20))
    with qtbot.waitSignal(win.shipment_actions.finished, timeout=15000) as blocker:
        permit.buttons.button(permit.buttons.StandardButton.Ok).click()
    assert blocker.args[0] == "shipment.permit"
    assert blocker.args[1].permit_number == "9876543210"

    target = tmp_path / "book.pdf"
    monkeypatch.setattr(
        win.shipment_actions, "ask_record", lambda _ref: ("customs_book", str(target))
    )
    _reselected(qtbot, win)
    qtbot.waitUntil(win.actions_by_id["shipment.record"].isEnabled, timeout=5000)
    with qtbot.waitSignal(win.shipment_actions.finished, timeout=15000) as blocker:
        win.actions_by_id["shipment.record"].trigger()
    assert blocker.args[0] == "shipment.record"
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "9876543210" in text and "2026-11-20" in text and "2026-11-21" in text
