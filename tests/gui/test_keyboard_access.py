"""Every menu action reachable by keyboard; a name for every focusable widget of the views.

The menus: each top-level menu has a mnemonic (Alt+letter), and each action in it has a
shortcut or a mnemonic no other action of the same menu uses, in English and in
Japanese. The views: Home and every registry (with a row selected), each focusable
widget with an accessible name or a label whose buddy it is (what a screen reader
reads). The dialogs are checked by the Japanese walk (tests/gui/test_japanese_walk.py),
which opens every one of them.
"""

from __future__ import annotations

import pytest

from tests.gui.ui_walk import menu_actions, mnemonic, plain, unnamed_widgets


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_menu_action_is_reachable_by_keyboard(window, lang: str) -> None:  # type: ignore[no-untyped-def]
    window.set_language_choice(lang)
    problems = []
    titles: dict[str, str] = {}
    for top in window.menuBar().actions():
        key = mnemonic(top.text())
        if key is None:
            problems.append(f"menu {top.text()!r} has no mnemonic")
        elif key in titles:
            problems.append(f"menus {titles[key]!r} and {top.text()!r} share Alt+{key}")
        else:
            titles[key] = top.text()
    by_menu: dict[str, dict[str, str]] = {}
    for path, action in menu_actions(window):
        keys = by_menu.setdefault(path, {})
        key = mnemonic(action.text())
        if key is not None and key in keys:
            if action.shortcut().isEmpty():
                problems.append(
                    f"{path} ▸ {plain(action.text())}: mnemonic {key} also used by {keys[key]!r}"
                )
            continue
        if key is not None:
            keys[key] = plain(action.text())
        elif action.shortcut().isEmpty():
            problems.append(f"{path} ▸ {action.text()!r}: neither a shortcut nor a mnemonic")
    assert not problems, "\n".join(problems)


def test_shortcuts_are_not_given_twice(window) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, str] = {}
    clashes = []
    for _path, action in menu_actions(window):
        for sequence in action.shortcuts():
            text = sequence.toString()
            if text in seen:
                clashes.append(f"{text}: {seen[text]} and {action.objectName()}")
            seen[text] = action.objectName()
    assert not clashes, clashes


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_focusable_widget_of_the_views_has_a_name(qtbot, window, lang: str) -> None:  # type: ignore[no-untyped-def]
    from desk.ui.main_window import NAV

    window.set_language_choice(lang)
    unnamed: set[str] = set()
    for key in NAV:
        window.show_registry(key)
        if key != "home":
            view = window.view(key)
            qtbot.waitUntil(lambda v=view: v.model.has_loaded, timeout=10000)
            if view.model.rowCount():
                view.select_row(0)
        qtbot.waitUntil(lambda: not window.runner.in_flight, timeout=10000)
        unnamed.update(f"{key}: {w}" for w in unnamed_widgets(window))
    assert not unnamed, "no accessible name and no buddy label:\n" + "\n".join(sorted(unnamed))


def _bare_window(qtbot):  # type: ignore[no-untyped-def]
    from desk.ui.app import apply_language
    from desk.ui.main_window import MainWindow
    from desk.ui.settings import Settings

    win = MainWindow(None, "x", Settings(), apply_language)
    qtbot.addWidget(win)
    return win


def _labelled_dialog(parent, label: str):  # type: ignore[no-untyped-def]
    """A dialog with a label and, after it, a field the label is not the buddy of."""
    from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit

    dialog = QDialog(parent)
    row = QHBoxLayout(dialog)
    row.addWidget(QLabel(f"{label}:", dialog))
    dialog.field = QLineEdit(dialog)  # type: ignore[attr-defined]
    row.addWidget(dialog.field)  # type: ignore[attr-defined]
    return dialog


def test_windows_opened_over_the_main_window_are_named_when_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    win = _bare_window(qtbot)
    outer = _labelled_dialog(win, "Reviewer")
    inner = _labelled_dialog(outer, "Second reviewer")  # made before the outer is shown
    assert outer.field.accessibleName() == ""
    outer.show()
    assert outer.field.accessibleName() == "Reviewer"
    inner.show()
    assert inner.field.accessibleName() == "Second reviewer"
    later = _labelled_dialog(inner, "Decided by")  # a third level, made after showing
    later.show()
    assert later.field.accessibleName() == "Decided by"
    for dialog in (later, inner, outer):
        dialog.close()


def test_naming_watches_the_windows_not_every_event_of_the_application(qtbot) -> None:  # type: ignore[no-untyped-def]
    """No application-wide event filter: a window that is not opened over the main window
    (nothing in desk makes one) is not looked at."""
    win = _bare_window(qtbot)
    stray = _labelled_dialog(None, "Reviewer")
    qtbot.addWidget(stray)
    stray.show()
    assert stray.field.accessibleName() == ""
    over = _labelled_dialog(win, "Reviewer")
    over.show()
    assert over.field.accessibleName() == "Reviewer"
    over.close()
