"""Pieces the small form dialogs share: a path row with "Browse…", a form dialog that
says what is missing under the form instead of closing, and the report-language box.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
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


class FormDialog(QDialog):
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
