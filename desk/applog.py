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
from logging.handlers import RotatingFileHandler
from pathlib import Path
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


def install_log_file(
    level: int = logging.INFO, max_bytes: int = MAX_BYTES
) -> RotatingFileHandler | None:
    """Add the rotating ``desk.log`` to the ``desk`` logger (once); None if the folder
    cannot be made (a read-only profile must not stop the app)."""
    root = logging.getLogger("desk")
    for h in root.handlers:
        if isinstance(h, RotatingFileHandler):
            return h
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    handler = RotatingFileHandler(
        folder / "desk.log",
        maxBytes=max_bytes,
        backupCount=BACKUPS,
        encoding="utf-8",
        delay=True,  # no file is opened until something is logged
    )
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
