"""Names for screen readers: every focusable widget of a window gets one.

Qt names a widget by its accessible name, its text, or the label whose buddy it is. A
form row often holds a composite (a date and a "not known" box, a path and "Browse…", a
small table with Add / Remove): the label's buddy is the composite, not the field inside
it. :func:`name_widgets` gives such fields the label's text, a tab page its tab's text, a
table or scroll area the title of the tab, group or window it is in, and a line edit
with nothing else its placeholder. Names set by the code are kept.

:func:`name_windows_as_they_come` runs it on every window opened over the main window
(a dialog, a wizard, a message box, and the windows opened over those) each time it is
shown, so a dialog added later is named without code of its own; the Japanese walk
(tests/gui/test_japanese_walk.py) checks every dialog. It watches those windows' own
events only, never the whole application's: an application-wide filter would call Python
for every event of every widget (and wait for the interpreter while a worker thread holds
it, as when the database opens at start-up).
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
    QWizardPage,
)


def _plain(text: str) -> str:
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    for mnemonic in ("(", "（"):
        if text.endswith(")") and mnemonic in text and len(text) - text.rfind(mnemonic) <= 4:
            text = text[: text.rfind(mnemonic)]  # 「ファイル名(N):」 → 「ファイル名」
    return text.strip().rstrip(":：").strip()


def _focusable(w: QWidget) -> bool:
    return _alive(w) and w.focusPolicy() != Qt.FocusPolicy.NoFocus


def _alive(w: Any) -> bool:
    """A widget Qt has not deleted (a layout item of a closing window may be gone)."""
    return isinstance(w, QWidget) and shiboken6.isValid(w)


def _has_name(w: QWidget) -> bool:
    if w.accessibleName():
        return True
    return isinstance(w, QAbstractButton) and bool(w.text())


def _context_title(w: QWidget, top: QWidget) -> str:
    """The title of the tab page, group, wizard page or window ``w`` is in."""
    child: QWidget | None = w
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, QGroupBox) and parent.title():
            return _plain(parent.title())
        if isinstance(parent, QWizardPage) and parent.title():
            return _plain(parent.title())
        tabs = parent.parentWidget()
        if isinstance(tabs, QTabWidget) and child is not None:
            index = tabs.indexOf(child) if tabs.indexOf(child) >= 0 else tabs.indexOf(parent)
            if index >= 0:
                return _plain(tabs.tabText(index))
        if parent is top:
            break
        child, parent = parent, parent.parentWidget()
    return _plain(top.windowTitle())


def _widgets_in(item: Any) -> list[QWidget]:
    """The widgets of a layout item (a widget, or a layout's widgets in order)."""
    if item is None:
        return []
    if item.widget() is not None:
        return [item.widget()]
    layout = item.layout()
    if layout is None:
        return []
    return [w for i in range(layout.count()) for w in _widgets_in(layout.itemAt(i))]


def _name_after_labels(widgets: list[QWidget]) -> None:
    """In a row of widgets, a label names the unnamed fields after it, up to the next
    label or button (「担当者: [   ]」)."""
    text = ""
    for w in widgets:
        if not _alive(w):
            continue
        if isinstance(w, QLabel):
            text = "" if w.buddy() is not None else _plain(w.text())
        elif isinstance(w, QAbstractButton) and w.text():
            text = ""
        elif text and _focusable(w) and not _has_name(w):
            w.setAccessibleName(text)
        if not _focusable(w):  # a container: its fields take the label too
            inner = [c for c in w.findChildren(QWidget) if _focusable(c)]
            for c in inner:
                if text and not _has_name(c) and not isinstance(c.parentWidget(), QComboBox):
                    c.setAccessibleName(text)


def name_widgets(top: QWidget) -> None:
    """Give each unnamed focusable widget of ``top`` a name (see the module's docstring)."""
    if not _alive(top):
        return
    for form in top.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label = _widgets_in(form.itemAt(row, QFormLayout.ItemRole.LabelRole))
            field = _widgets_in(form.itemAt(row, QFormLayout.ItemRole.FieldRole))
            _name_after_labels(label + field)
    for box in top.findChildren(QBoxLayout):
        # its own widgets only: a nested row is a layout of its own, visited on its own
        items = (box.itemAt(i) for i in range(box.count()))
        _name_after_labels([item.widget() for item in items if item.widget() is not None])
    for label in top.findChildren(QLabel):
        buddy = label.buddy()
        text = _plain(label.text())
        if buddy is None or not text:
            continue
        for w in (buddy, *buddy.findChildren(QWidget)):
            if _focusable(w) and not _has_name(w) and not isinstance(w, QHeaderView):
                if isinstance(w.parentWidget(), QComboBox):
                    continue
                w.setAccessibleName(text)
    for tabs in top.findChildren(QTabWidget):
        for i in range(tabs.count()):
            page = tabs.widget(i)
            if page is not None and not page.accessibleName():
                page.setAccessibleName(_plain(tabs.tabText(i)))
        if not tabs.accessibleName():
            tabs.setAccessibleName(_context_title(tabs, top))
    for w in top.findChildren(QWidget):
        if not _focusable(w) or _has_name(w) or isinstance(w, QHeaderView):
            continue
        if (
            isinstance(w, QLineEdit)
            and w.placeholderText()
            and not isinstance(w.parentWidget(), QComboBox)
        ):
            w.setAccessibleName(_plain(w.placeholderText()))
        elif isinstance(w, QAbstractItemView | QAbstractScrollArea):
            w.setAccessibleName(_context_title(w, top))


class _Namer(QObject):
    """Watches the main window and the windows opened over it, and names a watched
    window's widgets each time it is shown (its own events only come here).

    A window with a watched window as its parent is watched from when it is polished,
    just before it is first shown (``ChildPolished``; ``ChildAdded`` would come for every
    object made with the window as its parent — models, timers, animations — and looking
    at each costs PySide the Python type of its class). Windows polished together with
    their parent told it before it was watched: they are watched with it."""

    def __init__(self, top: QWidget):
        super().__init__(top)
        self.top = top

    def watch(self, window: QWidget) -> None:
        window.installEventFilter(self)
        for w in window.findChildren(QWidget):
            if w.isWindow():
                w.installEventFilter(self)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ChildPolished:
            child = event.child()
            if isinstance(child, QWidget) and child.isWindow():
                self.watch(child)
        elif kind == QEvent.Type.Show and watched is not self.top and isinstance(watched, QWidget):
            name_widgets(watched)
        return False


def name_windows_as_they_come(top: QWidget) -> None:
    """Name the widgets of each window opened over ``top`` (the main window) — a dialog,
    a wizard, and the dialogs opened over those — when it is shown."""
    if top.findChild(_Namer, "deskWindowNamer") is None:
        namer = _Namer(top)
        namer.setObjectName("deskWindowNamer")
        top.installEventFilter(namer)
