"""Safe issuing: part files a killed run leaves behind, and document numbers drawn at once.

- Records are written as ``<name>.pdf.<pid>.part`` and renamed after the commit. A run
  killed with ``kill -9`` cannot clean up; the next run removes the parts whose process is
  gone (or, where that cannot be told, that are an hour old): :func:`remove_stale_parts`.
- Two runs issuing at the same moment may draw the same next number; the database's unique
  number refuses the second, which draws again (:func:`retry_numbering`) instead of dying
  on a raw IntegrityError.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy.exc import IntegrityError

from desk.domain.errors import StorageError
from desk.domain.i18n import _

PART_SUFFIX = ".part"
_PART = re.compile(r"^(?P<final>.+\.pdf)\.(?P<pid>\d+)\.part$|^(?P<old>.+\.pdf)\.part$")
_NUMBER_RETRIES = 5
_T = TypeVar("_T")


def part_path(path: Path) -> Path:
    """Where ``path`` is written before the commit: the writer's pid in the name, so that a
    live run's parts are never taken for a killed run's."""
    return path.with_name(f"{path.name}.{os.getpid()}{PART_SUFFIX}")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # no cheap check here: such parts go by age instead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_parts(folder: Path, *, max_age_s: float = 3600.0) -> int:
    """Remove ``*.pdf[.PID].part`` files in ``folder`` left by a run that was killed."""
    removed = 0
    try:
        names = list(folder.iterdir())
    except OSError:
        return 0
    now = time.time()
    for path in names:
        found = _PART.match(path.name)
        if found is None or not path.is_file():
            continue
        pid = found.group("pid")
        try:
            dead = pid is not None and not _alive(int(pid))
            if dead or now - path.stat().st_mtime > max_age_s:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def _number_taken(exc: IntegrityError) -> bool:
    text = str(exc.orig or exc).lower()
    return "document_number" in text or "issued_records" in text


def retry_numbering(issue: Callable[[], _T]) -> _T:
    """Run ``issue`` (one whole transaction) again when its document number was taken."""
    for attempt in range(_NUMBER_RETRIES):
        try:
            return issue()
        except IntegrityError as exc:
            if not _number_taken(exc) or attempt == _NUMBER_RETRIES - 1:
                raise StorageError(
                    _(
                        "Another user issued records at the same moment and desk could not "
                        "draw a free document number; nothing was issued. Try again."
                    )
                ) from None
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")
