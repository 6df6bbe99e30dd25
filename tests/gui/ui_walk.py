"""Walk the app's widgets and collect what a person reads (the Japanese-UI quality gate).

:func:`english_in` is the judge (pure, no Qt): the ASCII words of a Japanese text that are
neither data of the database shown, nor in the short allow-list below. :func:`widget_texts`
collects the visible text of a window: labels, buttons, group titles, tabs, table
headers and first rows, list items, combo items, placeholders, tool tips, window titles,
menus. :class:`DialogCatcher` opens what an action opens — a modal dialog too, whose
``exec()`` blocks — inspects each new window, then closes it. docs/ui.md ("The
Japanese walk") explains the allow-list.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

# --- the judge ---------------------------------------------------------------------

# Words that stay in ASCII in the Japanese UI (docs/ui.md): the product, file formats and
# hashes, standards and authorities printed so in Japanese documents, key names in shortcuts.
ALLOWED_WORDS = frozenset(
    {
        "desk",  # the product's name
        "PDF",
        "CSV",
        "JSON",
        "Excel",
        "SHA-256",
        "SHA",
        "ISO",  # ISO コード（例: CN、KR）
        "METI",
        "HS",  # HSコード (the customs tariff code), as printed on invoices
        "PostgreSQL",
        "SQLite",
        "Ctrl",
        "Shift",
        "Alt",
        "Esc",
        "Enter",
        "Tab",
        "Del",
        "Delete",
        "Qt",  # Qt について (the toolkit's own About dialog)
        "OK",  # Qt's own OK button reads OK in Japanese too
        "DOI",  # 論文のDOI: the identifier scheme, written so in Japanese
        "GaN",  # 窒化ガリウム as engineers write it (the wizard's example of a technology)
        "ID",  # 記録の ID, as Japanese forms write it
        "RA",  # RA（リサーチ・アシスタント）, TA: the glossary's wording
        "TA",
        "JST",  # times: 2026-12-08 03:10 JST; the time-zone setting offers UTC
        "UTC",
    }
)
# proper names given as examples of what to type (a name in Latin letters, a list entry)
EXAMPLES = ("Wang Xiaoming", "Harbin Institute of Technology")
# columns shown as stored, verbatim, by design: (the view's object name, column)
RAW_COLUMNS = {
    # the audit trail's details: the chained record as it is (JSON), for auditors
    ("auditTable", 5),
}
# units after a number (10 kg, 5 GHz), and the function keys
UNITS = frozenset(
    {"kg", "g", "mm", "cm", "m", "km", "Hz", "kHz", "MHz", "GHz", "W", "kW", "V", "MB", "KB", "GB"}
)
_FUNCTION_KEY = re.compile(r"F\d{1,2}")
# patterns removed before looking for words: country code before its Japanese name
# (tables show 「CN 中国」, glossary §2.2), グループA〜D, file names and extensions,
# e-mail addresses, URLs and paths, a key sequence like Ctrl+Shift+N
_ALLOWED_PATTERNS = (
    re.compile(r"\b[A-Z]{2}(?= ?[\u3040-\u30ff\u3400-\u9fff])"),
    re.compile(r"(?<=例: )[A-Z]{2}(?:、[A-Z]{2})*"),  # ISO コード（例: CN、KR）
    re.compile(r"\bR[0-4](?= ?[\u3040-\u30ff\u3400-\u9fff])"),  # risk: 「R1 低」
    re.compile(r"\bdesk-case/1\b"),  # the case file format's name, like JSON
    re.compile(r"(?<=税関様式)C-\d{4}"),  # a customs form's number: 税関様式C-5340
    re.compile(r"\b[A-Z][a-z]+/[A-Z][A-Za-z_]+\b"),  # a time zone: Asia/Tokyo
    *(re.compile(re.escape(e)) for e in EXAMPLES),
    re.compile(r"(?<=グループ)[A-D]"),
    re.compile(r"\*?\.(?:json|pdf|csv|xlsx|xls|sqlite3|sqlite|zip|db|txt|html|png|key|pem)\b"),
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    re.compile(r"\b[a-z][a-z+]*://\S+"),
    re.compile(r"(?:[A-Za-z]:)?[/\\][\w.~ -]*(?:[/\\][\w.~-]*)+"),
    re.compile(r"(?<![A-Za-z0-9])(?=[0-9a-f]*[0-9])[0-9a-f]{4,}(?![A-Za-z0-9])"),  # hashes
    re.compile(r"\b(?:Ctrl|Shift|Alt|Meta)\+(?:(?:Ctrl|Shift|Alt|Meta)\+)*\S"),
)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_'-]*")
_TAG = re.compile(r"<[^>]+>")


_MNEMONIC = re.compile(r"\(&[A-Za-z0-9]\)")  # 「ファイル(&F)」
# a tool button shows 「検索(F)」: the mnemonic, its & dropped
_MNEMONIC_SHOWN = re.compile(r"(?<=[\u3040-\u30ff\u3400-\u9fff…])\([A-Z0-9]\)")


def plain(text: str) -> str:
    """The text a person reads: HTML tags dropped, entities decoded, & mnemonics removed."""
    if "<" in text and ">" in text:
        text = html.unescape(_TAG.sub(" ", text))
    text = _MNEMONIC_SHOWN.sub("", _MNEMONIC.sub("", text))
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


@dataclass
class Judge:
    """Finds English in Japanese text, knowing the data of the database shown."""

    data: Iterable[str] = ()
    _data: list[str] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        # longest first, so that "Wang Wei" goes before "Wang"; one or two letters (a
        # stored code such as "N") would hide the same letters anywhere: not data
        data = {d for d in self.data if len(d) > 2 and _WORD.search(d)}
        self._data = sorted(data, key=len, reverse=True)

    def english_in(self, text: str) -> list[str]:
        """The ASCII words of ``text`` that are neither data nor allowed."""
        text = plain(text)
        if not _WORD.search(text):
            return []
        words = self._words(text)
        if not words:
            return []
        for d in self._data:  # only texts with a suspect word pay for this
            if d in text:
                text = text.replace(d, " ")
        return self._words(text)

    @staticmethod
    def _words(text: str) -> list[str]:
        for pattern in _ALLOWED_PATTERNS:
            text = pattern.sub(" ", text)
        found = []
        for word in _WORD.findall(text):
            word = word.strip("'-")
            if not word or word in ALLOWED_WORDS or word in UNITS:
                continue
            if _FUNCTION_KEY.fullmatch(word):
                continue
            found.append(word)
        return found


# --- what a window shows -------------------------------------------------------------

FIRST_ROWS = 5  # table and list rows read per view


def _shown_in(widget: Any, top: Any) -> bool:
    """``widget`` is on screen in ``top``, or would be on another page of a tab or stack."""
    import shiboken6
    from PySide6.QtWidgets import QStackedWidget, QWidget, QWizardPage

    w = widget
    while w is not None and w is not top:
        if not isinstance(w, QWidget) or not shiboken6.isValid(w):
            return False
        if w.isHidden():
            parent = w.parentWidget()
            # a tab's page or a wizard's page not in front: read it too
            if not isinstance(parent, QStackedWidget) and not isinstance(w, QWizardPage):
                return False
        w = w.parentWidget()
    return True


def model_texts(model: Any, view: Any = None, rows: int = FIRST_ROWS) -> Iterator[tuple[str, str]]:
    """Header texts and the first rows' cells (and tool tips) of an item model."""
    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtWidgets import QTreeView

    tree = isinstance(view, QTreeView)

    if model is None:
        return
    display, tip = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
    horizontal = Qt.Orientation.Horizontal
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # a list model: one column, not asked from Python
        columns = 1
    for c in range(columns):
        if view is not None and hasattr(view, "isColumnHidden") and view.isColumnHidden(c):
            continue
        for role in (display, tip):
            value = model.headerData(c, horizontal, role)
            if isinstance(value, str):
                yield "header", value

    raw = {c for name, c in RAW_COLUMNS if view is not None and view.objectName() == name}

    def walk(parent: Any, depth: int) -> Iterator[tuple[str, str]]:
        for r in range(min(rows, model.rowCount(parent))):
            for c in range(columns):
                if c in raw:
                    continue
                index = model.index(r, c, parent)
                for role in (display, tip):
                    value = index.data(role)
                    if isinstance(value, str):
                        yield "cell", value
                if c == 0 and depth < 2 and tree and model.hasChildren(index):
                    yield from walk(index, depth + 1)

    yield from walk(QModelIndex(), 0)


def widget_texts(top: Any) -> Iterator[tuple[str, str, str]]:
    """(where, kind, text) for every text ``top`` shows: itself and its visible children."""
    import shiboken6
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QDateEdit,
        QFileDialog,
        QGroupBox,
        QHeaderView,
        QLabel,
        QLineEdit,
        QMainWindow,
        QMenu,
        QPlainTextEdit,
        QTabBar,
        QTextEdit,
        QWidget,
        QWizard,
    )

    def where(w: Any) -> str:
        name = w.objectName() or ""
        return f"{type(top).__name__}/{type(w).__name__}{'#' + name if name else ''}"

    yield where(top), "window title", top.windowTitle()
    if isinstance(top, QWizard):
        for page_id in top.pageIds():
            page = top.page(page_id)
            yield where(page), "page title", page.title()
            yield where(page), "page subtitle", page.subTitle()
        for which in (
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.CommitButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ):
            yield "QWizard", "wizard button", top.buttonText(which)
    if isinstance(top, QMainWindow):
        for action in top.menuBar().actions():
            yield from _menu_texts(action, where(top))
    in_file_dialog = isinstance(top, QFileDialog)
    for w in top.findChildren(QWidget):
        if not shiboken6.isValid(top):  # Qt deleted the window (a static file dialog)
            return
        if isinstance(w, QMenu) or not _shown_in(w, top):
            continue
        at = where(w)
        tip = w.toolTip()
        if tip:
            yield at, "tooltip", tip
        if w.statusTip():
            yield at, "status tip", w.statusTip()
        if w.accessibleName():
            yield at, "accessible name", w.accessibleName()
        if isinstance(w, QLabel):
            yield at, "label", w.text()
        elif isinstance(w, QAbstractButton):
            yield at, "button", w.text()
        elif isinstance(w, QGroupBox):
            yield at, "group title", w.title()
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                yield at, "tab", w.tabText(i)
                yield at, "tab tooltip", w.tabToolTip(i)
        elif isinstance(w, QComboBox):
            # a file dialog's combos show folders and the file-type filters the caller gave
            if not in_file_dialog:
                for i in range(w.count()):
                    yield at, "combo item", w.itemText(i)
            if w.lineEdit() is not None:
                yield at, "placeholder", w.lineEdit().placeholderText()
        elif isinstance(w, QLineEdit):
            yield at, "placeholder", w.placeholderText()
            if w.isReadOnly() and not in_file_dialog:
                yield at, "read-only text", w.text()
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            yield at, "placeholder", w.placeholderText()
            if w.isReadOnly():
                yield at, "read-only text", w.toPlainText()
        elif isinstance(w, QDateEdit):
            yield at, "special value", w.specialValueText()
        elif isinstance(w, QAbstractSpinBox):
            yield at, "special value", w.specialValueText()
            yield at, "spin text", w.text()
        if (
            isinstance(w, QAbstractItemView)
            and not isinstance(w, QHeaderView)
            and not in_file_dialog
        ):
            for kind, text in model_texts(w.model(), w):
                yield at, kind, text
    # context menus and sub-menus owned by the window
    for menu in top.findChildren(QMenu):
        for action in menu.actions():
            yield where(menu), "menu", action.text()


def _menu_texts(action: Any, at: str) -> Iterator[tuple[str, str, str]]:
    if action.isSeparator():
        return
    yield at, "menu", action.text()
    if action.toolTip() and action.toolTip() != action.text().replace("&", ""):
        yield at, "menu tooltip", action.toolTip()
    if action.statusTip():
        yield at, "status tip", action.statusTip()
    menu = action.menu()
    if menu is not None:
        for sub in menu.actions():
            yield from _menu_texts(sub, f"{at}/{plain(action.text())}")


def menu_actions(window: Any) -> list[tuple[str, Any]]:
    """Every action of the menu bar, sub-menus included: (menu path, action)."""
    found: list[tuple[str, Any]] = []

    def walk(menu: Any, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            sub = action.menu()
            if sub is not None:
                walk(sub, f"{path} ▸ {plain(action.text())}")
            else:
                found.append((path, action))

    for top in window.menuBar().actions():
        sub = top.menu()
        if sub is not None:
            walk(sub, plain(top.text()))
    return found


# --- opening what an action opens ----------------------------------------------------


def open_windows() -> set[int]:
    from PySide6.QtWidgets import QApplication

    return {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}


class DialogCatcher:
    """Inspect then close every window that appears while ``trigger`` runs and after.

    A modal dialog opened with ``exec()`` blocks ``trigger``; the catcher's timer runs in
    that dialog's event loop, inspects the dialog, then closes it (``done(Rejected)``, which
    skips an unsaved-changes question; the question itself is a window too, caught when
    it comes). ``inspect(window)`` is called once per window, after ``settle(window)``
    says its background work is over.
    """

    def __init__(
        self,
        inspect: Callable[[Any], None],
        settle: Callable[[Any], bool],
        *,
        close: bool = True,
    ):
        from PySide6.QtCore import QTimer

        self.inspect = inspect
        self.settle = settle
        self.close = close
        self.seen: list[Any] = []
        self._before: set[int] = set()
        self._timer = QTimer()
        self._timer.setInterval(40)
        self._timer.timeout.connect(self._tick)
        self._waiting: dict[int, int] = {}
        self.errors: list[BaseException] = []

    def new_windows(self) -> list[Any]:
        from PySide6.QtWidgets import QApplication

        return [
            w
            for w in QApplication.topLevelWidgets()
            if w.isVisible() and id(w) not in self._before and w not in self.seen
        ]

    def _tick(self) -> None:
        import shiboken6

        for w in self.new_windows():
            if not shiboken6.isValid(w):
                continue
            ticks = self._waiting.get(id(w), 0) + 1
            self._waiting[id(w)] = ticks
            if not self.settle(w) and ticks < 150:  # at most ~6 s for its data
                continue
            self.seen.append(w)
            try:
                self.inspect(w)
            except BaseException as exc:
                self.errors.append(exc)
            if self.close:
                _close(w)

    def run(
        self,
        trigger: Callable[[], None],
        qtbot: Any,
        busy: Callable[[], bool] = lambda: False,
        quiet_ms: int = 400,
    ) -> list[Any]:
        """Run ``trigger``; return the windows it opened once none came for ``quiet_ms``
        while not ``busy()`` (a dialog may open when background work ends)."""
        import time

        self._before = open_windows()
        self._timer.start()
        try:
            trigger()
            last = time.monotonic()
            count = len(self.seen)
            deadline = last + 15
            while time.monotonic() < deadline:
                qtbot.wait(50)
                if len(self.seen) != count or self.new_windows() or busy():
                    count = len(self.seen)
                    last = time.monotonic()
                elif time.monotonic() - last > quiet_ms / 1000:
                    break
        finally:
            self._timer.stop()
        return self.seen


def _close(w: Any) -> None:
    from PySide6.QtWidgets import QDialog

    if isinstance(w, QDialog):
        QDialog.done(w, QDialog.DialogCode.Rejected.value)
    else:
        w.close()


# --- accessibility and keyboard -------------------------------------------------------


def accessible_name(widget: Any) -> str:
    """What a screen reader says for ``widget``: its accessible name, else its text, else
    the text of the label it is the buddy of (Qt's own rules)."""
    from PySide6.QtGui import QAccessible

    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name) if iface is not None else ""


def unnamed_widgets(top: Any) -> list[str]:
    """The focusable widgets of ``top`` a screen reader has no name for."""
    import shiboken6
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractSpinBox,
        QComboBox,
        QDialogButtonBox,
        QFileDialog,
        QMessageBox,
        QTabBar,
        QWidget,
    )

    if not shiboken6.isValid(top) or isinstance(top, QFileDialog | QMessageBox):
        return []  # gone, or Qt's own dialogs
    found = []
    for w in top.findChildren(QWidget):
        if not shiboken6.isValid(top):
            return found
        if w.focusPolicy() == Qt.FocusPolicy.NoFocus or not _shown_in(w, top):
            continue
        if isinstance(w, QTabBar):  # each tab is named by its text
            continue
        parent = w.parentWidget()
        if isinstance(parent, QComboBox | QAbstractSpinBox):  # the box's own line edit
            continue
        if isinstance(parent, QDialogButtonBox) and w.text():  # type: ignore[attr-defined]
            continue
        if not accessible_name(w).strip():
            name = w.objectName()
            found.append(f"{type(top).__name__}/{type(w).__name__}{'#' + name if name else ''}")
    return found


_MNEMONIC_KEY = re.compile(r"&([^&])")


def mnemonic(text: str) -> str | None:
    """The key of ``text``'s mnemonic (``&File`` → F), upper-cased, or None."""
    m = _MNEMONIC_KEY.search(text.replace("&&", ""))
    return m.group(1).upper() if m else None
