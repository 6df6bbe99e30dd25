"""Help ▸ Manual (F1): the user manual, in the app's language, in a window of its own.

The manual is Markdown shipped with desk (``resources/help/manual.ja.md`` and
``manual.en.md``, bundled by the build with the rest of ``resources/``): what each role
does in the app, step by step. A :class:`QTextBrowser` renders it; the window is not
modal, so a person can follow it while working.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desk.domain.i18n import _, current_language
from desk.resources import resource


def manual_path(lang: str) -> Path:
    """The manual in ``lang`` (``ja`` or ``en``), else the English one."""
    path = resource("help", f"manual.{lang}.md")
    return path if path.is_file() else resource("help", "manual.en.md")


class ManualWindow(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("manualWindow")
        self.setModal(False)
        self.text = QTextBrowser(self)
        self.text.setObjectName("manualText")
        self.text.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(760, 680)
        self.lang = ""
        self.retranslate()

    def retranslate(self) -> None:
        """Show the manual in the app's current language."""
        self.lang = current_language()
        self.setWindowTitle(_("desk manual"))
        self.text.setAccessibleName(_("desk manual"))
        self.text.setMarkdown(manual_path(self.lang).read_text(encoding="utf-8"))
