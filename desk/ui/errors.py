"""What the user sees when something goes wrong.

A :class:`DeskError` is an expected problem (locked database, invalid input, a database
newer than the app): a plain message box with its text. Anything else is a bug: a crash
dialog with the traceback and the most recent log lines, which the user can copy into a
report. Dialogs open window-modal without blocking (``open()``), so a failing operation
never stalls the event loop.
"""

from __future__ import annotations

import collections
import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desk.domain.errors import DeskError
from desk.domain.i18n import _

RECENT_LINES = 200


class RecentLog(logging.Handler):
    """Keeps the last log records in memory for the crash dialog."""

    def __init__(self, capacity: int = RECENT_LINES):
        super().__init__(logging.DEBUG)
        self.lines: collections.deque[str] = collections.deque(maxlen=capacity)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:  # a broken log record must not cause a second crash
            self.handleError(record)


_recent = RecentLog()


def install_log_capture() -> RecentLog:
    root = logging.getLogger("desk")
    if _recent not in root.handlers:
        root.addHandler(_recent)
    if root.level == logging.NOTSET or root.level > logging.DEBUG:
        root.setLevel(logging.DEBUG)
    return _recent


# Qt messages that only say the platform plugin lacks a feature (offscreen rendering)
QT_NOISE = ("This plugin does not support propagateSizeHints",)


def install_qt_message_log() -> None:
    """Send Qt's own messages to desk's log (and so to the crash dialog's recent lines)."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("desk.qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(mode: QtMsgType, context: object, message: str) -> None:
        level = levels.get(mode, logging.WARNING)
        if message.startswith(QT_NOISE):
            level = logging.DEBUG
        qt_log.log(level, "%s", message)

    qInstallMessageHandler(handler)


def install_stderr_log(level: int = logging.WARNING) -> None:
    root = logging.getLogger("desk")
    if not any(getattr(h, "_desk_stderr", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(level)
        handler.setFormatter(logging.Formatter("desk: %(levelname)s: %(message)s"))
        handler._desk_stderr = True  # type: ignore[attr-defined]
        root.addHandler(handler)


def recent_log_lines() -> list[str]:
    return list(_recent.lines)


class CrashDialog(QDialog):
    def __init__(self, exc: BaseException, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(_("desk: unexpected error"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Something went wrong inside desk. Nothing was saved by the failed step. "
                "Please send the text below to your administrator."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        log_text = "\n".join(recent_log_lines()) or _("(no log lines)")
        recent = _("Recent log lines")
        self.details.setPlainText(f"{tb}\n--- {recent} ---\n{log_text}\n")
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(720, 480)


def show_error(exc: BaseException, parent: QWidget | None = None) -> QDialog:
    """Show ``exc`` the way its kind deserves; returns the (non-blocking) dialog."""
    parent = parent or QApplication.activeWindow()
    if isinstance(exc, DeskError):
        logging.getLogger("desk.ui").warning("%s", exc)
        box = QMessageBox(parent)
        box.setObjectName("errorMessage")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("desk"))
        box.setText(str(exc))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.open()
        return box
    logging.getLogger("desk.ui").error(
        "unexpected error", exc_info=(type(exc), exc, exc.__traceback__)
    )
    dialog = CrashDialog(exc, parent)
    dialog.open()
    return dialog


def install_excepthook() -> None:
    """Route exceptions that escape Qt callbacks to :func:`show_error`."""

    def hook(etype: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(etype, KeyboardInterrupt):
            sys.__excepthook__(etype, value, tb)
            return
        if QApplication.instance() is None:
            sys.__excepthook__(etype, value, tb)
            return
        show_error(value)

    sys.excepthook = hook
