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
