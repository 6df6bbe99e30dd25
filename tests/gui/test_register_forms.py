"""The registers' New… / Edit… / Merge… / Retire actions and their forms, driven as a
person would (non-ASCII text arrives as input-method commit strings)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLineEdit

from desk.ui.dialogs.register_form import RegisterForm
from tests.gui.test_app_actions import _window


def commit_text(widget: QLineEdit, text: str) -> None:
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def url(tmp_path: Path) -> str:
    from desk.services.context import open_context

    url = f"sqlite:///{tmp_path / 'registers.sqlite3'}"
    with open_context(url):
        pass
    return url


def _opened(qtbot, win, action_id: str) -> Any:  # type: ignore[no-untyped-def]
    acts = win.register_actions
    with qtbot.waitSignal(acts.dialog_opened, timeout=5000) as blocker:
        win.actions_by_id[action_id].trigger()
    return blocker.args[0]


def _save(qtbot, win, dialog: RegisterForm) -> Any:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(win.register_actions.finished, timeout=10000) as blocker:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    return blocker.args[1]


def _selected_id(win) -> int | None:  # type: ignore[no-untyped-def]
    row = win.current_view().selected_row()
    return None if row is None else row.id


def test_new_person_is_saved_and_selected(qtbot, url: str) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, url)
    with qtbot.waitSignal(win.view("people").model.loaded, timeout=5000):
        win.show_registry("people")
    assert win.actions_by_id["register.new"].isEnabled()
    assert not win.actions_by_id["register.edit"].isEnabled()
    dialog = _opened(qtbot, win, "register.new")
    assert isinstance(dialog, RegisterForm) and dialog.kind == "person"
    commit_text(dialog.widgets["name"], "王 子涵")
    commit_text(dialog.widgets["reading"], "おう しかん")
    dialog.widgets["nationalities"].setText("CN")
    role = dialog.widgets["role"]
    assert isinstance(role, QComboBox)
    role.setCurrentIndex(role.findData("researcher"))
    loaded = win.view("people").model.loaded
    with qtbot.waitSignal(loaded, timeout=10000):
        record = _save(qtbot, win, dialog)
    qtbot.waitUntil(lambda: _selected_id(win) == record.id, timeout=5000)
    assert record.fields["reading"] == "おう しかん"
    assert record.fields["nationalities"] == ["CN"]


def test_a_bad_field_is_named_by_its_label_and_the_form_stays_open(  # type: ignore[no-untyped-def]
    qtbot, url: str
) -> None:
    win = _window(qtbot, url)
    with qtbot.waitSignal(win.view("people").model.loaded, timeout=5000):
        win.show_registry("people")
    dialog = _opened(qtbot, win, "register.new")
    # a required field is named before anything is sent
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.problem.text().startswith("Name:")
    commit_text(dialog.widgets["name"], "李 明")
    dialog.widgets["born_on"].setText("1995/03/02")
    with qtbot.waitSignal(win.register_actions.failed, timeout=10000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible()
    assert dialog.problem.text().startswith("Date of birth: not a date")
    assert dialog.focusWidget() is dialog.widgets["born_on"]
    # closing with changes asks first
    asked: list[bool] = []
    dialog.confirm_discard = lambda: asked.append(True) or False
    dialog.reject()
    assert asked and dialog.isVisible()
    dialog.confirm_discard = lambda: True
    dialog.reject()
    assert not dialog.isVisible()


def test_edit_merge_and_retire_an_organization(qtbot, url: str) -> None:  # type: ignore[no-untyped-def]
    from desk.services import registers as reg
    from desk.services.context import open_context

    with open_context(url) as ctx:
        keep = reg.add(ctx, "organization", {"name": "Foo Lab"}).id
        drop = reg.add(ctx, "organization", {"name": "哈尔滨工业大学"}).id
    win = _window(qtbot, url)
    view = win.view("organizations")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        win.show_registry("organizations")
    for r in range(view.model.rowCount()):
        if view.model.index(r, 0).data() == "Foo Lab":
            view.select_row(r)
    qtbot.waitUntil(lambda: win.actions_by_id["register.edit"].isEnabled(), timeout=5000)
    dialog = _opened(qtbot, win, "register.edit")
    assert dialog.widgets["name"].text() == "Foo Lab"
    commit_text(dialog.widgets["name_latin"], "Foo Laboratory")
    record = _save(qtbot, win, dialog)
    assert record.fields["name_latin"] == "Foo Laboratory"
    qtbot.waitUntil(lambda: _selected_id(win) == keep, timeout=5000)
    win.register_actions.ask_merge_source = lambda name: drop
    qtbot.waitUntil(lambda: win.actions_by_id["register.merge"].isEnabled(), timeout=5000)
    with qtbot.waitSignal(win.register_actions.finished, timeout=10000) as blocker:
        win.actions_by_id["register.merge"].trigger()
    assert "哈尔滨工业大学" in blocker.args[1].fields["aliases"]
    qtbot.waitUntil(lambda: _selected_id(win) == keep, timeout=5000)
    win.register_actions.ask_retire = lambda name: True
    qtbot.waitUntil(lambda: win.actions_by_id["register.retire"].isEnabled(), timeout=5000)
    with qtbot.waitSignal(win.register_actions.finished, timeout=10000) as blocker:
        win.actions_by_id["register.retire"].trigger()
    assert blocker.args[1].retired


def test_the_case_form_offers_the_register(qtbot, url: str) -> None:  # type: ignore[no-untyped-def]
    from desk.services import registers as reg
    from desk.services.context import open_context

    with open_context(url) as ctx:
        reg.add(ctx, "person", {"name": "张伟", "name_latin": "Zhang Wei", "nationalities": "CN"})
        reg.add(
            ctx,
            "technical_item",
            {"title": "Hydride alloy process", "classification": "listed", "item": "2"},
        )
    win = _window(qtbot, url)
    with qtbot.waitSignal(win.app_actions.dialog_opened, timeout=5000) as blocker:
        win.actions_by_id["case.new"].trigger()
    form = blocker.args[0]
    qtbot.waitUntil(lambda: form.name.completer() is not None, timeout=5000)
    names = form.name.completer().model().stringList()
    assert "张伟" in names
    form.name.completer().activated.emit("张伟")
    assert form.name_latin.text() == "Zhang Wei"
    form.tech_title.completer().activated.emit("Hydride alloy process")
    assert form.classification.currentData() == "listed"
    form.ask_discard = lambda: True  # the form was filled: Cancel asks first
    form.reject()
