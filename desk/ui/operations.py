"""Small operations that run off the UI thread (after Anki's ``aqt.operations``).

An :class:`Operation` wraps one function that talks to the services layer. It runs in
a :class:`QThreadPool` worker; its result or exception comes back to the UI thread
through a queued signal, where the ``success`` or ``failure`` callback runs. Worker
code never touches widgets: it only calls the function it was given.

Database work goes through one pool with a single thread, so operations run in the
order they were started and SQLite never sees two writers from this process.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

log = logging.getLogger(__name__)

# A progress indicator appears only for work that takes longer than this (ms),
# so that quick queries do not flicker.
PROGRESS_DELAY_MS = 400


class _Relay(QObject):
    """Lives in the UI thread; the worker emits, the UI thread receives (queued)."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, func: Callable[[], Any], relay: _Relay, label: str):
        super().__init__()
        self.setAutoDelete(True)
        self._func = func
        self._relay = relay
        self._label = label

    def run(self) -> None:
        started = time.perf_counter()
        try:
            result = self._func()
        except BaseException as exc:  # reported to the UI thread, never swallowed
            log.debug(
                "operation %s failed after %.1f ms",
                self._label,
                (time.perf_counter() - started) * 1000,
            )
            self._relay.failed.emit(exc)
            return
        log.debug("operation %s took %.1f ms", self._label, (time.perf_counter() - started) * 1000)
        self._relay.succeeded.emit(result)


class OperationRunner(QObject):
    """Starts operations and tracks how many are in flight (for the progress indicator)."""

    busy_changed = Signal(bool)
    # (label) for the progress indicator, shown once work outlasts PROGRESS_DELAY_MS
    long_work = Signal(str)
    idle = Signal()

    def __init__(self, parent: QObject | None = None, *, on_error: Callable[[BaseException], None]):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pending: set[_Relay] = set()
        self._on_error = on_error
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_DELAY_MS)
        self._progress_timer.timeout.connect(self._show_progress)
        self._current_label = ""

    @property
    def in_flight(self) -> int:
        return len(self._pending)

    def run(
        self,
        func: Callable[[], Any],
        *,
        success: Callable[[Any], None] | None = None,
        failure: Callable[[BaseException], None] | None = None,
        label: str = "",
    ) -> None:
        """Run ``func()`` in the worker; then ``success(result)`` or ``failure(exc)`` here."""
        relay = _Relay()
        self._pending.add(relay)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
            self._current_label = label
            self._progress_timer.start()

        def done() -> None:
            self._pending.discard(relay)
            relay.deleteLater()
            if not self._pending:
                self._progress_timer.stop()
                self.busy_changed.emit(False)
                self.idle.emit()

        def on_success(result: Any) -> None:
            try:
                if success is not None:
                    success(result)
            finally:
                done()

        def on_failure(exc: BaseException) -> None:
            try:
                (failure or self._on_error)(exc)
            finally:
                done()

        relay.succeeded.connect(on_success)
        relay.failed.connect(on_failure)
        self._pool.start(_Runnable(func, relay, label))

    def _show_progress(self) -> None:
        if self._pending:
            self.long_work.emit(self._current_label)

    def wait_idle(self, timeout_ms: int = 30000) -> bool:
        """Block until the worker is done (tests, screenshot, shutdown)."""
        return self._pool.waitForDone(timeout_ms)
