"""Pieces the form dialogs share: a path row with "Browse…", a form dialog that says
what is missing under the form instead of closing, the report-language box, and the
unsaved-changes guard (:class:`UnsavedChangesGuard`: Esc, Cancel or closing a changed form
asks before the input is thrown away).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desk.domain.i18n import N_, _

REPORT_LANGUAGES: tuple[tuple[str, str], ...] = (("ja", N_("Japanese")), ("en", N_("English")))


def language_box(parent: QWidget, lang: str) -> QComboBox:
    box = QComboBox(parent)
    box.setObjectName("language")
    for code, label in REPORT_LANGUAGES:
        box.addItem(_(label), code)
    box.setCurrentIndex(max(0, box.findData(lang)))
    return box


class PathRow(QWidget):
    """A file or folder path: a line edit and a "Browse…" button asking ``ask``."""

    def __init__(self, text: str, ask: Callable[[str], str | None], parent: QWidget):
        super().__init__(parent)
        self.edit = QLineEdit(text, self)
        self.edit.setObjectName("path")
        self.browse = QPushButton(_("Browse…"), self)
        self.browse.setObjectName("browse")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.browse)

        def pick() -> None:
            chosen = ask(self.edit.text())
            if chosen:
                self.edit.setText(chosen)

        self.browse.clicked.connect(pick)

    def text(self) -> str:
        return self.edit.text().strip()


def form_state(root: QWidget) -> tuple[Any, ...]:
    """What a person has entered in ``root``'s input widgets, in a comparable form."""
    state: list[Any] = []
    for w in root.findChildren(QWidget):
        if isinstance(w, QLineEdit) and not isinstance(w.parent(), QAbstractSpinBox | QComboBox):
            state.append(w.text())
        elif isinstance(w, QPlainTextEdit | QTextEdit):
            state.append(w.toPlainText())
        elif isinstance(w, QComboBox):
            state.append(w.currentText())
        elif isinstance(w, QAbstractSpinBox):
            state.append(w.text())
        elif isinstance(w, QAbstractButton) and w.isCheckable():
            state.append(w.isChecked())
        elif isinstance(w, QGroupBox) and w.isCheckable():
            state.append(w.isChecked())
        elif isinstance(w, QTableWidget):
            cells = []
            for r in range(w.rowCount()):
                for c in range(w.columnCount()):
                    item = w.item(r, c)
                    if item is not None:
                        cells.append((r, c, item.text(), item.data(Qt.ItemDataRole.CheckStateRole)))
            state.append((w.rowCount(), tuple(cells)))
    return tuple(state)


class UnsavedChangesGuard:
    """Mixin for a ``QDialog``: once shown, what it holds is remembered; Esc, Cancel or
    closing the window with something changed asks "Discard the changes?" first (No
    keeps the dialog open with the input). ``ask_discard`` is the question (tests
    replace it); a dialog that saved calls ``accept()``, which never asks."""

    _guard_state: tuple[Any, ...] | None = None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # type: ignore[misc]
        if self._guard_state is None:
            self._guard_state = form_state(self)  # type: ignore[arg-type]

    @property
    def modified(self) -> bool:
        return self._guard_state is not None and form_state(self) != self._guard_state  # type: ignore[arg-type]

    def ask_discard(self) -> bool:
        answer = QMessageBox.question(
            self,  # type: ignore[arg-type]
            _("Unsaved changes"),
            _("Discard what you entered in this form?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        if self.modified and not self.ask_discard():
            return  # the form stays open, with what was entered
        super().reject()  # type: ignore[misc]


class FormDialog(UnsavedChangesGuard, QDialog):
    def __init__(self, title: str, object_name: str, parent: QWidget):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept_if_complete)
        self.buttons.rejected.connect(self.reject)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def missing(self) -> str | None:
        """What must still be filled in (shown under the form), or None."""
        return None

    def _accept_if_complete(self) -> None:
        problem = self.missing()
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            return
        self.accept()
