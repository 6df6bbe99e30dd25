"""Sign in (single-PC mode with local accounts): login name and password.

The dialog asks; ``check(login, password)`` (given by the window) checks the password and
signs in. It runs **off the UI thread** — argon2id is deliberately slow — in the window's
operation runner, while the dialog stays responsive, its fields disabled and "Checking…"
shown; then ``finish(result)`` runs on the UI thread. A refusal (a
:class:`~desk.domain.errors.DeskError` raised by ``check``) is said in the dialog, which
stays open with the login name kept and the password cleared, so that a wrong password
costs one retype.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desk.domain.errors import DeskError
from desk.domain.i18n import _
from desk.ui.operations import OperationRunner


class SignInDialog(QDialog):
    def __init__(
        self,
        check: Callable[[str, str], Any],
        finish: Callable[[Any], None],
        runner: OperationRunner,
        *,
        login: str = "",
        reason: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(_("Sign in to desk"))
        self.setModal(True)
        self._check = check
        self._finish = finish
        self._runner = runner
        self.checking = False
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
        self.status = QLabel(_("Checking the password…"), self)
        self.status.setObjectName("signInStatus")
        self.status.hide()
        form = QFormLayout(self)
        form.addRow(self.reason)
        login_label = QLabel(_("&Login name:"), self)
        login_label.setBuddy(self.login)
        password_label = QLabel(_("&Password:"), self)
        password_label.setBuddy(self.password)
        form.addRow(login_label, self.login)
        form.addRow(password_label, self.password)
        form.addRow(self.error)
        form.addRow(self.status)
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
        if self.checking:
            return
        login = self.login.text().strip()
        if not login:
            self._refuse(_("Enter your login name."))
            self.login.setFocus()
            return
        password = self.password.text()
        self._set_checking(True)
        self._runner.run(
            lambda: self._check(login, password),
            success=self._checked,
            failure=self._refused,
            label=_("Checking the password…"),
        )

    def _set_checking(self, on: bool) -> None:
        self.checking = on
        self.status.setVisible(on)
        for widget in (self.login, self.password, self.buttons):
            widget.setEnabled(not on)
        if on:
            self.error.hide()

    def reject(self) -> None:
        if not self.checking:  # Escape waits for the check under way (a second or so)
            super().reject()

    def _checked(self, result: Any) -> None:
        self._set_checking(False)
        self._finish(result)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self._set_checking(False)
        if not isinstance(exc, DeskError):
            from desk.ui.errors import show_error

            show_error(exc, self)
            return
        self._refuse(str(exc))
        self.password.clear()
        self.password.setFocus()

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
