"""The passphrase of an encrypted single-PC database (SQLCipher, docs/security.md), asked
when the app opens it. ``unlock(passphrase)`` (given by the start-up) proves it opens the
file; a wrong one is said in the dialog, which stays open with the field cleared. The
passphrase is kept in memory only, never saved in the settings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from desk.domain.errors import DeskError
from desk.domain.i18n import _


class PassphraseDialog(QDialog):
    def __init__(
        self, file: str, unlock: Callable[[str], Any], *, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(_("Encrypted database"))
        self.setModal(True)
        self._unlock = unlock
        intro = QLabel(
            _("The database {file} is encrypted. Enter its passphrase to open it.").format(
                file=file
            ),
            self,
        )
        intro.setWordWrap(True)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("passphraseField")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel("", self)
        self.error.setObjectName("passphraseError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        label = QLabel(_("&Passphrase:"), self)
        label.setBuddy(self.passphrase)
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow(label, self.passphrase)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def try_unlock(self) -> None:
        text = self.passphrase.text()
        if not text:
            return
        try:
            self._unlock(text)
        except DeskError as exc:
            self.passphrase.clear()
            self.error.setText(str(exc))
            self.error.show()
            self.passphrase.setFocus()
            return
        self.passphrase.clear()
        self.accept()
