"""Shipments in the app: the registry, the form (create → assess → certificate), checks
that name the field by its label, and editing a stored shipment without losing its other
facts — driven as a person would (non-ASCII text as input-method commit strings)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from desk.ui.dialogs.shipment_form import ShipmentForm
from tests.gui.test_app_actions import _window

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "goods"


def commit_text(widget: QLineEdit, text: str) -> None:
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def url(tmp_path: Path) -> str:
    from desk.services.context import open_context

    url = f"sqlite:///{tmp_path / 'goods.sqlite3'}"
    with open_context(url):
        pass
    return url


def _opened(qtbot, win, action_id: str) -> ShipmentForm:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(win.actions_by_id[action_id].isEnabled, timeout=5000)
    with qtbot.waitSignal(win.shipment_actions.form_opened, timeout=5000) as blocker:
        win.actions_by_id[action_id].trigger()
    form = blocker.args[0]
    assert isinstance(form, ShipmentForm)
    return form


def _save(qtbot, win, form: ShipmentForm) -> Any:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(win.shipment_actions.finished, timeout=15000) as blocker:
        form.save_button.click()
    return blocker.args[1]


def _fill_new(form: ShipmentForm) -> None:
    form.widgets["id"].setText("S-2026-001")  # type: ignore[attr-defined]
    commit_text(form.widgets["title"], "分光光度計の修理返送")  # type: ignore[arg-type]
    mode = form.widgets["shipment.mode"]
    assert isinstance(mode, QComboBox)
    mode.setCurrentIndex(mode.findData("courier"))
    form.widgets["shipment.date"].setText("2026-12-20")  # type: ignore[attr-defined]
    form.widgets["shipment.destination"].setText("us")  # type: ignore[attr-defined]
    form.widgets["shipment.consignee"].setText("Example University")  # type: ignore[attr-defined]
    form.widgets["shipment.stated_end_use"].setText("Teaching lab")  # type: ignore[attr-defined]
    form.set_cell(0, "name", "UV-Vis spectrophotometer")
    form.set_cell(0, "quantity", "1")
    form.set_cell(0, "unit_value", "350000")
    form.set_cell(0, "hs_code", "9027.30")
    form.set_cell(0, "classification", "not_on_list")
    form.set_cell(0, "classification.ordinance_version", "2026-02-14")
    form.set_cell(0, "classification.checked_by", "Export Control Officer")
    commit_text(form.widgets["shipment.certificate_issuer.department"], "輸出管理室")  # type: ignore[arg-type]
    form.widgets["shipment.certificate_issuer.contact"].setText("export@example.ac.jp")  # type: ignore[attr-defined]


def test_create_assess_certificate(qtbot, url: str, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DESK_INSTITUTION", "Example University")
    win = _window(qtbot, url)
    with qtbot.waitSignal(win.view("shipments").model.loaded, timeout=5000):
        win.show_registry("shipments")
    assert win.actions_by_id["shipment.new"].isEnabled()
    assert not win.actions_by_id["shipment.edit"].isEnabled()
    form = _opened(qtbot, win, "shipment.new")
    assert not form.certificate_button.isEnabled()
    _fill_new(form)
    saved = _save(qtbot, win, form)
    assert saved.summary.ref == "S-2026-001" and saved.summary.destination == "US"
    # the judgment is shown as the CLI explains it: outcome, each line, reasons, citations
    text = form.judgment.toPlainText()
    assert saved.answer.outcome in text
    assert "1. UV-Vis spectrophotometer" in text
    assert all(r.code in text for r in saved.answer.reasons)
    # the registry shows it, selected
    view = win.view("shipments")
    qtbot.waitUntil(lambda: view.selected_row() is not None, timeout=5000)
    row = view.selected_row()
    assert row is not None and row.cells[0] == "S-2026-001" and "US" in row.cells[2]
    qtbot.waitUntil(win.actions_by_id["shipment.edit"].isEnabled, timeout=5000)
    # the 非該当証明書 is written from the form, as `desk shipments certificate` writes it
    target = tmp_path / "cert.pdf"
    monkeypatch.setattr(win.shipment_actions, "ask_certificate_path", lambda _s: str(target))
    assert form.certificate_button.isEnabled()
    with qtbot.waitSignal(win.shipment_actions.finished, timeout=15000) as blocker:
        form.certificate_button.click()
    assert blocker.args[0] == "shipment.certificate"
    assert target.read_bytes().startswith(b"%PDF")


def test_certificate_of_an_imported_shipment(qtbot, url: str, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desk.services.context import open_context
    from desk.services.goods import import_shipments

    monkeypatch.setenv("DESK_INSTITUTION", "Example University")
    with open_context(url) as ctx:
        import_shipments(ctx, [FIXTURES / "G01.json"])
    win = _window(qtbot, url)
    view = win.view("shipments")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        win.show_registry("shipments")
    view.select_row(0)
    form = _opened(qtbot, win, "shipment.edit")
    assert form.widgets["id"].text() == "G01" and form.widgets["id"].isReadOnly()  # type: ignore[attr-defined]
    assert form.lines.rowCount() == 1
    saved = _save(qtbot, win, form)  # judged again, unchanged facts kept (basis documents)
    assert saved.answer.outcome == "NOT_APPLICABLE"
    assert saved.shipment.goods[0].classification.basis  # kept although the form hides it
    target = tmp_path / "G01.pdf"
    monkeypatch.setattr(win.shipment_actions, "ask_certificate_path", lambda _s: str(target))
    with qtbot.waitSignal(win.shipment_actions.failed, timeout=15000):
        form.certificate_button.click()  # G01 names no issuing department: refused
    assert "certificate_issuer" in form.problem.text() and not target.exists()
    commit_text(form.widgets["shipment.certificate_issuer.department"], "輸出管理室")  # type: ignore[arg-type]
    form.widgets["shipment.certificate_issuer.contact"].setText("export@example.ac.jp")  # type: ignore[attr-defined]
    form.certificate_button.click()  # changed: save first
    assert form.problem.text() and not target.exists()
    _save(qtbot, win, form)
    with qtbot.waitSignal(win.shipment_actions.finished, timeout=15000) as blocker:
        form.certificate_button.click()
    assert blocker.args[0] == "shipment.certificate"
    assert target.read_bytes().startswith(b"%PDF")


def test_bad_fields_are_named_by_their_label_and_input_is_kept(qtbot, url: str) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, url)
    with qtbot.waitSignal(win.view("shipments").model.loaded, timeout=5000):
        win.show_registry("shipments")
    form = _opened(qtbot, win, "shipment.new")
    form.save_button.click()
    assert form.problem.text().startswith("Reference:")
    _fill_new(form)
    form.set_cell(0, "hs_code", "90x7")
    form.save_button.click()
    assert form.problem.text().startswith("Line 1, HS code:")
    assert form.lines.currentRow() == 0
    form.set_cell(0, "hs_code", "9027.30")
    form.set_cell(0, "quantity", "0")
    form.save_button.click()
    assert form.problem.text().startswith("Line 1, Quantity: must be greater than 0")
    form.set_cell(0, "quantity", "1")
    form.widgets["shipment.destination"].setText("JP")  # type: ignore[attr-defined]
    # only the loader knows this one: refused by the service, named by the label
    with qtbot.waitSignal(win.shipment_actions.failed, timeout=15000):
        form.save_button.click()
    assert form.problem.text().startswith("Destination (country code):")
    assert form.isVisible() and form.widgets["shipment.consignee"].text() == "Example University"  # type: ignore[attr-defined]
    assert form.focusWidget() is form.widgets["shipment.destination"]


def test_labels_in_japanese(qtbot, url: str) -> None:  # type: ignore[no-untyped-def]
    from desk.domain import i18n

    i18n.set_language("ja")
    try:
        form = ShipmentForm(None)
        qtbot.addWidget(form)
        form.widgets["id"].setText("X")  # type: ignore[attr-defined]
        form.widgets["shipment.destination"].setText("US")  # type: ignore[attr-defined]
        form.widgets["shipment.consignee"].setText("Example")  # type: ignore[attr-defined]
        form.save_button.click()
        text = form.problem.text()
        assert text.startswith("1行目")
        assert not any(w in text for w in ("Line", "required", "name"))
    finally:
        i18n.set_language("en")


def test_status_moves_and_refusals_keep_the_input(qtbot, url: str) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, url)
    with qtbot.waitSignal(win.view("shipments").model.loaded, timeout=5000):
        win.show_registry("shipments")
    form = _opened(qtbot, win, "shipment.new")
    assert not form.move_button.isEnabled()  # not stored yet
    _fill_new(form)
    _save(qtbot, win, form)
    assert form.move_button.isEnabled() and form.status_label.text() == "Status: Draft"
    commit_text(form.widgets["shipment.stated_end_use"], "教育用の実験")  # type: ignore[arg-type]
    form.move_to.setCurrentIndex(form.move_to.findData("decided"))
    with qtbot.waitSignal(win.shipment_actions.failed, timeout=15000) as blocker:
        form.move_button.click()
    assert blocker.args[0] == "shipment.status"
    assert "cannot go to Decided" in form.problem.text()
    assert form.widgets["shipment.stated_end_use"].text() == "Teaching lab教育用の実験"  # type: ignore[attr-defined]
    assert form.modified
    form.move_to.setCurrentIndex(form.move_to.findData("submitted"))
    form.move_note.setText("ready")
    with qtbot.waitSignal(win.shipment_actions.finished, timeout=15000) as blocker:
        form.move_button.click()
    assert blocker.args[0] == "shipment.status" and blocker.args[1].status == "submitted"
    assert form.status_label.text() == "Status: Submitted" and not form.move_note.text()
    view = win.view("shipments")
    qtbot.waitUntil(
        lambda: view.selected_row() is not None and view.selected_row().cells[1] == "Submitted",
        timeout=5000,
    )
