"""Sign in (single-PC mode with local accounts): login name and password.

The dialog asks; ``attempt(login, password)`` (given by the window) signs in and returns
None, or the sentence that says why not — shown in the dialog, which stays open with the
login name kept and the password cleared, so that a wrong password costs one retype.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desk.domain.i18n import _


class SignInDialog(QDialog):
    def __init__(
        self,
        attempt: Callable[[str, str], str | None],
        *,
        login: str = "",
        reason: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(_("Sign in to desk"))
        self.setModal(True)
        self._attempt = attempt
        self.reason = QLabel(reason, self)
        self.reason.setObjectName("signInReason")
        self.reason.setWordWrap(True)
        self.reason.setVisible(bool(reason))
        self.login = QLineEdit(login, self)
        self.login.setObjectName("signInLogin")
        self.password = QLineEdit(self)
        self.password.setObjectName("signInPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel("", self)
        self.error.setObjectName("signInError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        form = QFormLayout(self)
        form.addRow(self.reason)
        login_label = QLabel(_("&Login name:"), self)
        login_label.setBuddy(self.login)
        password_label = QLabel(_("&Password:"), self)
        password_label.setBuddy(self.password)
        form.addRow(login_label, self.login)
        form.addRow(password_label, self.password)
        form.addRow(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Sign in"))
        ok.setDefault(True)
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        (self.password if login else self.login).setFocus()

    def try_sign_in(self) -> None:
        login = self.login.text().strip()
        if not login:
            self._refuse(_("Enter your login name."))
            self.login.setFocus()
            return
        why = self._attempt(login, self.password.text())
        if why is None:
            self.accept()
            return
        self._refuse(why)
        self.password.clear()
        self.password.setFocus()

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
