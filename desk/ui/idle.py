"""Sign-out after inactivity: :class:`IdleWatcher` notes every key press, click and wheel
turn in the application and, once ``minutes`` have passed without one, asks the window to
sign out (``sign_out_idle``). ``minutes == 0`` switches it off (no local accounts, shared
mode): it then watches no event at all — an application-wide event filter calls Python for
every event of every widget, which start-up and painting should not pay for nobody."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    def __init__(self, window: Any, *, check_every_ms: int = 30_000):
        super().__init__(window)
        self.window = window
        self._minutes = 0
        self.last = time.monotonic()
        self.timer = QTimer(self)
        self.timer.setInterval(check_every_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    @property
    def minutes(self) -> int:
        return self._minutes

    @minutes.setter
    def minutes(self, value: int) -> None:
        """Minutes without activity before signing out; the application's events are
        watched only while it is more than 0 (counting from when it is switched on)."""
        app = QApplication.instance()
        if value > 0 and self._minutes <= 0 and app is not None:
            self.touch()
            app.installEventFilter(self)
        elif value <= 0 and self._minutes > 0 and app is not None:
            app.removeEventFilter(self)
        self._minutes = value

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.last = time.monotonic()
        return False

    def touch(self) -> None:
        self.last = time.monotonic()

    def check(self, now: float | None = None) -> bool:
        """Sign out if idle too long; True when it did."""
        if self.minutes <= 0:
            return False
        if (now if now is not None else time.monotonic()) - self.last < self.minutes * 60:
            return False
        self.window.sign_out_idle()
        return True

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
