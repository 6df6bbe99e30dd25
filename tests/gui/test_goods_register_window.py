"""The Goods registry in the app: New… registers a good with its value and classification
(basis documents one a line, the 該非確認責任者) through the register form; Edit… changes
it; a bad field is named by its label, the input kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QPlainTextEdit

from desk.services.registers import GoodsItemCol
from desk.ui.dialogs.register_form import RegisterForm
from tests.gui.test_app_actions import _window
from tests.gui.test_register_forms import _opened, _save, _selected_id, commit_text


@pytest.fixture
def url(tmp_path: Path) -> str:
    from desk.services.context import open_context

    url = f"sqlite:///{tmp_path / 'goods.sqlite3'}"
    with open_context(url):
        pass
    return url


def test_new_and_edit_goods_item(qtbot, url: str) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, url)
    view = win.view("goods_items")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        win.show_registry("goods_items")
    qtbot.waitUntil(win.actions_by_id["register.new"].isEnabled, timeout=5000)
    dialog = _opened(qtbot, win, "register.new")
    assert isinstance(dialog, RegisterForm) and dialog.kind == "goods_item"
    dialog.widgets["name"].setText("UV-Vis spectrophotometer")  # type: ignore[attr-defined]
    dialog.widgets["model"].setText("UV-1900i")  # type: ignore[attr-defined]
    dialog.widgets["maker"].setText("Shimadzu")  # type: ignore[attr-defined]
    dialog.widgets["hs_code"].setText("9027.3")  # type: ignore[attr-defined]
    dialog.widgets["unit_value"].setText("350000")  # type: ignore[attr-defined]
    box = dialog.widgets["classification"]
    assert isinstance(box, QComboBox)
    box.setCurrentIndex(box.findData("below_threshold"))
    dialog.widgets["item"].setText("3")  # type: ignore[attr-defined]
    basis = dialog.widgets["basis"]
    assert isinstance(basis, QPlainTextEdit)
    basis.setPlainText("maker_determination,Shimadzu,2026-04-01\nparameter_sheet")
    commit_text(dialog.widgets["checked_by"], "該非確認責任者")  # type: ignore[arg-type]
    dialog.widgets["determined_on"].setText("2026/04/10")  # type: ignore[attr-defined]
    with qtbot.waitSignal(win.register_actions.failed, timeout=10000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible() and dialog.problem.text().startswith("Classified on:")
    dialog.widgets["determined_on"].setText("2026-04-10")  # type: ignore[attr-defined]
    with qtbot.waitSignal(view.model.loaded, timeout=10000):
        record = _save(qtbot, win, dialog)
    qtbot.waitUntil(lambda: _selected_id(win) == record.id, timeout=5000)
    assert record.fields["checked_by"] == "該非確認責任者"
    assert record.fields["basis"] == ["maker_determination,Shimadzu,2026-04-01", "parameter_sheet"]
    cells = view.selected_row().cells
    assert cells[GoodsItemCol.VALUE] == "350000 JPY"
    assert cells[GoodsItemCol.HS_CODE] == "9027.3"

    qtbot.waitUntil(win.actions_by_id["register.edit"].isEnabled, timeout=5000)
    edit = _opened(qtbot, win, "register.edit")
    assert edit.widgets["basis"].toPlainText().splitlines() == record.fields["basis"]  # type: ignore[attr-defined]
    edit.widgets["unit_value"].setText("420000")  # type: ignore[attr-defined]
    with qtbot.waitSignal(view.model.loaded, timeout=10000):
        changed = _save(qtbot, win, edit)
    assert changed.fields["unit_value"] == "420000"
    assert changed.fields["basis"] == record.fields["basis"]  # kept as they were
