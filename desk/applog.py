"""The app's log file and fault log, in the per-user log folder.

``desk.log`` keeps the ``desk`` logger's records (INFO and above), rotated at 1 MB with five
old files kept; ``faults.log`` receives :mod:`faulthandler`'s tracebacks of every thread when
the process dies of a fatal signal (a crash inside Qt or a C extension leaves no Python
traceback otherwise). The folder is ``DESK_LOG_DIR`` when set, else the platform's per-user
log folder (platformdirs). Outside the layered packages, like the launcher: both front ends
use it.
"""

from __future__ import annotations

import faulthandler
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import IO

MAX_BYTES = 1_000_000
BACKUPS = 5
_fault_file: IO[str] | None = None


def log_dir() -> Path:
    folder = os.environ.get("DESK_LOG_DIR")
    if not folder:
        from platformdirs import user_log_dir

        folder = user_log_dir("desk", appauthor=False)
    return Path(folder)


class RotatingLog(logging.FileHandler):
    """A log file that starts afresh past ``max_bytes``, keeping ``backups`` old files
    (``desk.log.1`` the newest). The standard library's RotatingFileHandler does the same,
    but importing ``logging.handlers`` (sockets, pickle, queues) costs the app's start-up
    tens of milliseconds."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS):
        super().__init__(path, encoding="utf-8", delay=True)  # opened at the first record
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self._roll()
        except Exception:
            self.handleError(record)
            return
        super().emit(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        size = self.stream.tell()
        return size > 0 and size + len(self.format(record).encode()) + 1 > self.max_bytes

    def _roll(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        base = self.baseFilename
        for n in range(self.backups - 1, 0, -1):
            if os.path.exists(f"{base}.{n}"):
                os.replace(f"{base}.{n}", f"{base}.{n + 1}")
        if os.path.exists(base):
            os.replace(base, f"{base}.1")


def install_log_file(level: int = logging.INFO, max_bytes: int = MAX_BYTES) -> RotatingLog | None:
    """Add the rotating ``desk.log`` to the ``desk`` logger (once); None if the folder
    cannot be made (a read-only profile must not stop the app)."""
    root = logging.getLogger("desk")
    for h in root.handlers:
        if isinstance(h, RotatingLog):
            return h
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    handler = RotatingLog(folder / "desk.log", max_bytes)
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    return handler


def enable_faulthandler() -> Path | None:
    """Write fatal-signal tracebacks to ``faults.log`` (kept open for the process's life)."""
    global _fault_file
    if _fault_file is not None:
        return Path(_fault_file.name)
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        _fault_file = open(folder / "faults.log", "a", encoding="utf-8")
    except OSError:
        return None
    faulthandler.enable(file=_fault_file, all_threads=True)
    return Path(_fault_file.name)
