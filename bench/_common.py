"""Helpers shared by the benchmarks: demo databases made at run time, timing, Qt waits."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path


def make_demo_database(
    directory: Path, people: int, *, seed: int = 1, assess: bool = True
) -> tuple[str, float]:
    """A demo database with ``people`` people in ``directory``; returns (URL, seconds)."""
    from desk.demo import load_demo
    from desk.services.context import open_context

    url = f"sqlite:///{directory / f'demo-{people}.sqlite3'}"
    started = time.perf_counter()
    with open_context(url) as ctx:
        load_demo(ctx, seed=seed, people=people, assess=assess, progress=lambda _message: None)
    return url, time.perf_counter() - started


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def median_of(runs: int, func: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def wait_for(signal: object, start: Callable[[], object], timeout_ms: int = 30000) -> None:
    """Call ``start()`` and run the Qt event loop until ``signal`` fires."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(timeout_ms)
    start()
    loop.exec()
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]
    if not timer.isActive():
        raise TimeoutError("the signal did not come")
    timer.stop()
