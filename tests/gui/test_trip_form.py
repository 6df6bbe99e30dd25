"""Trips in the app: the form driven as a person would (keyboard: the traveller picked by
typing, cases and goods checked with the space bar, Japanese text as input-method commit
strings), a bad field named by its label with the input kept, the decision shown with each
part's reasons, the registry's detail pane, and the hand-carry declaration written."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from desk.ui.dialogs.trip_form import TripForm
from tests.gui.test_app_actions import _window

ROOT = Path(__file__).resolve().parents[1] / "fixtures"


def commit_text(widget: QLineEdit, text: str) -> None:
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def url(tmp_path: Path) -> str:
    from desk.services import registers as reg
    from desk.services.cases import import_cases
    from desk.services.context import open_context
    from desk.services.goods import import_shipments

    url = f"sqlite:///{tmp_path / 'trips.sqlite3'}"
    with open_context(url) as ctx:
        import_cases(ctx, [ROOT / "cases" / "S01.json"])
        import_shipments(ctx, [ROOT / "goods" / "G05.json", ROOT / "goods" / "G01.json"])
        reg.add(ctx, "person", {"name": "Tanaka Megumi"})
    return url


def _opened(qtbot, win, action_id: str) -> TripForm:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(win.actions_by_id[action_id].isEnabled, timeout=5000)
    with qtbot.waitSignal(win.trip_actions.form_opened, timeout=5000) as blocker:
        win.actions_by_id[action_id].trigger()
    form = blocker.args[0]
    assert isinstance(form, TripForm)
    return form


def _check_by_keyboard(qtbot, box, ref: str) -> None:  # type: ignore[no-untyped-def]
    box.setFocus()
    for i in range(box.count()):
        if box.item(i).data(Qt.ItemDataRole.UserRole) == ref:
            box.setCurrentRow(i)
            qtbot.keyClick(box, Qt.Key.Key_Space)
            assert box.item(i).checkState() == Qt.CheckState.Checked
            return
    raise AssertionError(f"{ref} is not offered")


def test_trip_form_saves_judges_and_writes_the_declaration(
    qtbot, url: str, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, url)
    with qtbot.waitSignal(win.view("trips").model.loaded, timeout=5000):
        win.show_registry("trips")
    assert not win.actions_by_id["trip.edit"].isEnabled()
    form = _opened(qtbot, win, "trip.new")
    # only hand-carry shipments are offered as goods in the luggage
    offered = [
        form.shipments.item(i).data(Qt.ItemDataRole.UserRole) for i in range(form.shipments.count())
    ]
    assert offered == ["G05"]
    assert not form.declaration_button.isEnabled()

    qtbot.keyClicks(form.ref, "T-2026-01")
    commit_text(form.title_edit, "シンガポールでの学会発表")
    form.traveller.setFocus()
    qtbot.keyClicks(form.traveller, "Tanaka")
    assert form.traveller.currentText() == "Tanaka Megumi"
    form.departs.setDate(QDate(2026, 11, 28))
    form.returns.setDate(QDate(2026, 12, 3))
    qtbot.keyClicks(form.destinations, "my")  # G05 goes to Singapore: refused, named
    _check_by_keyboard(qtbot, form.cases, "S01")
    _check_by_keyboard(qtbot, form.shipments, "G05")
    with qtbot.waitSignal(win.trip_actions.failed, timeout=15000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.problem.text().startswith("Goods carried by hand:")
    assert form.ref.text() == "T-2026-01"  # the input is kept

    form.destinations.clear()
    qtbot.keyClicks(form.destinations, "sg")
    with qtbot.waitSignal(win.trip_actions.finished, timeout=20000) as blocker:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    summary = blocker.args[1]
    assert summary.ref == "T-2026-01" and summary.outcome == "EXEMPT"
    decision = form.decision.toPlainText()
    assert "Decision for the trip" in decision and "Exemption applies" in decision
    assert "Technology case S01" in decision and "Hand-carried goods G05" in decision
    assert "輸出令第4条第1項第2号ヘ" in decision  # the citation of the exception relied on
    assert form.ref.isReadOnly() and form.declaration_button.isEnabled()

    view = win.view("trips")
    qtbot.waitUntil(lambda: view.selected_row() is not None, timeout=5000)
    row = view.selected_row()
    assert row is not None and row.cells[0] == "T-2026-01" and "Tanaka" in row.cells[1]

    target = tmp_path / "declaration.pdf"
    monkeypatch.setattr(win.trip_actions, "ask_record_path", lambda _s: str(target))
    with qtbot.waitSignal(win.trip_actions.finished, timeout=20000) as blocker:
        form.declaration_button.click()
    assert blocker.args[0] == "trip.record"
    assert target.read_bytes().startswith(b"%PDF")
    form.close()

    # the stored trip opens again with its parts checked and its decision shown
    qtbot.waitUntil(win.actions_by_id["trip.edit"].isEnabled, timeout=5000)
    again = _opened(qtbot, win, "trip.edit")
    assert again.ref.text() == "T-2026-01" and again.ref.isReadOnly()
    assert TripForm._checked(again.shipments) == ["G05"]
    assert "Hand-carried goods G05" in again.decision.toPlainText()


def test_form_names_a_missing_traveller(qtbot, url: str) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, url, lang="ja")
    form = _opened(qtbot, win, "trip.new")
    qtbot.keyClicks(form.ref, "T-1")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.problem.text().startswith("渡航者:")
    assert QApplication.focusWidget() is form.traveller
