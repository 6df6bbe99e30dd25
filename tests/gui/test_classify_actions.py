"""Classify…, the re-classification queue, the licence register and inform notices in the app,
driven as a person would in real widgets (non-ASCII text arrives as input-method commits)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QPlainTextEdit

from desk.ui.dialogs.record_list import RecordListDialog
from desk.ui.dialogs.register_form import RegisterForm
from tests.gui.test_app_actions import _window
from tests.gui.test_register_forms import commit_text


@pytest.fixture
def url(tmp_path: Path) -> str:
    from desk.services import registers as reg
    from desk.services.context import open_context

    url = f"sqlite:///{tmp_path / 'classify.sqlite3'}"
    with open_context(url) as ctx:
        reg.add(ctx, "technical_item", {"title": "GaN MMIC", "classification": "undetermined"})
        reg.add(ctx, "person", {"name": "王 子涵", "nationalities": ["CN"]})
    return url


def _opened(qtbot, win, action_id: str) -> Any:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(win.classify_actions.dialog_opened, timeout=5000) as blocker:
        win.actions_by_id[action_id].trigger()
    return blocker.args[0]


def _choose(box: Any, value: str) -> None:
    assert isinstance(box, QComboBox)
    box.setCurrentIndex(box.findData(value))


def _save(qtbot, win, dialog: RegisterForm) -> Any:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(win.classify_actions.finished, timeout=10000) as blocker:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    return blocker.args[1]


def test_classify_the_selected_technical_data(qtbot, url: str) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, url)
    view = win.view("technical_items")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        win.show_registry("technical_items")
    assert not win.actions_by_id["classify.item"].isEnabled()
    view.select_row(0)
    qtbot.waitUntil(lambda: win.actions_by_id["classify.item"].isEnabled(), timeout=5000)
    dialog = _opened(qtbot, win, "classify.item")
    assert isinstance(dialog, RegisterForm) and dialog.kind == "classification"
    result = dialog.widgets["result"]
    assert isinstance(result, QComboBox)
    # the values read as words, not codes
    assert result.itemText(result.findData("listed")) == "listed (controlled item)"
    _choose(result, "listed")
    # a listed classification without its item is refused, naming the field; the form stays
    with qtbot.waitSignal(win.classify_actions.failed, timeout=10000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible() and dialog.problem.text().startswith("Item (for example 7):")
    dialog.widgets["item"].setText("7")
    dialog.widgets["sub"].setText("1")
    dialog.widgets["article"].setText("19")
    dialog.widgets["paragraph"].setText("1")
    params = dialog.widgets["parameters"]
    assert isinstance(params, QPlainTextEdit)
    params.setFocus()
    params.setPlainText("power|10 W|20 W|yes")
    commit_text(dialog.widgets["basis"], "出力が規定値を超える")
    info = _save(qtbot, win, dialog)
    assert info.item_display == "外為令別表の7の項(1)" and info.basis == "出力が規定値を超える"
    assert [p.meets for p in info.parameters] == [True]
    # opened again, it shows what was saved and saves as an edit of the same version
    again = _opened(qtbot, win, "classify.item")
    assert again.record_id == info.id and again.widgets["item"].text() == "7"
    assert again.widgets["parameters"].toPlainText() == "power|10 W|20 W|yes"
    again.widgets["sub"].setText("2")
    edited = _save(qtbot, win, again)
    assert edited.item == "7:(2)" and edited.version == info.version + 1


def test_the_licence_register_and_inform_notices(qtbot, url: str) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, url)
    register = _opened(qtbot, win, "licences.register")
    assert isinstance(register, RecordListDialog)
    with qtbot.waitSignal(win.classify_actions.dialog_opened, timeout=5000) as blocker:
        register.buttons["new"].click()
    form = blocker.args[0]
    assert isinstance(form, RegisterForm) and form.kind == "licence"
    _choose(form.widgets["status"], "granted")
    form.widgets["technical_item"].setText("1")
    form.widgets["person"].setText("1")
    form.widgets["granted_on"].setText("2026-08-01")
    form.widgets["valid_until"].setText("2099-07-31")
    with qtbot.waitSignal(win.classify_actions.failed, timeout=10000):
        form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert form.problem.text().startswith("Licence number:")
    commit_text(form.widgets["number"], "役務-2026-1")
    with qtbot.waitSignal(win.classify_actions.finished, timeout=10000) as saved:
        form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert saved.args[1].number == "役務-2026-1"
    qtbot.waitUntil(lambda: register.table.rowCount() == 1, timeout=5000)
    assert register.table.item(0, 2).text() == "役務-2026-1"
    assert register.table.item(0, 1).text() == "granted"

    informs = _opened(qtbot, win, "informs.register")
    with qtbot.waitSignal(win.classify_actions.dialog_opened, timeout=5000) as blocker:
        informs.buttons["new"].click()
    notice = blocker.args[0]
    commit_text(notice.widgets["number"], "貿経第1号")
    notice.widgets["notified_on"].setText("2026-08-20")
    _choose(notice.widgets["kind"], "wmd")
    notice.widgets["person"].setText("1")
    _save(qtbot, win, notice)
    qtbot.waitUntil(lambda: informs.table.rowCount() == 1, timeout=5000)
    assert informs.table.item(0, 1).text() == "貿経第1号"

    queue = _opened(qtbot, win, "classify.queue")
    qtbot.waitUntil(lambda: queue.notice.isVisible(), timeout=5000)
    assert queue.table.rowCount() == 0


def test_the_form_speaks_the_glossarys_japanese(qtbot, url: str) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, url, lang="ja")
    view = win.view("technical_items")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        win.show_registry("technical_items")
    view.select_row(0)
    qtbot.waitUntil(lambda: win.actions_by_id["classify.item"].isEnabled(), timeout=5000)
    dialog = _opened(qtbot, win, "classify.item")
    result = dialog.widgets["result"]
    labels = [result.itemText(i) for i in range(result.count())]
    assert labels == ["該当", "非該当", "対象外（16項）", "不明・疑義"]
    assert dialog.windowTitle() == "技術データの該非判定"
    assert win.actions_by_id["licences.register"].text() == "許可の台帳(&G)…"
    assert win.actions_by_id["classify.item"].text() == "該非判定(&Y)…"
