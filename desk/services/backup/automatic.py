"""Dated automatic backups of the single-PC (SQLite) database, the newest N kept.

The app calls :func:`auto_backup` when it starts (in the background) and when it closes;
``every`` in the local settings says how often a copy is due: ``start`` (each time),
``daily`` (when the newest copy is from an earlier day, Japan time) or ``off``. Copies are
named ``desk-YYYYMMDD-HHMMSS.sqlite3`` in the backup folder; only such names are ever
removed when more than ``keep`` are there.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from desk.domain.localtime import local
from desk.services.backup.backups import BackupResult, backup_database
from desk.services.context import ServiceContext
from desk.services.local_config import LocalConfig, load_config
from desk.storage.db import sqlite_file

_NAME = re.compile(r"^desk-(\d{8})-(\d{6})(?:-\d+)?\.sqlite3$")


def dated_backups(folder: Path) -> list[Path]:
    """The automatic copies in ``folder``, oldest first."""
    try:
        names = [p for p in folder.iterdir() if _NAME.match(p.name) and p.is_file()]
    except OSError:
        return []
    return sorted(names, key=lambda p: p.name)


def backup_due(config: LocalConfig, now: dt.datetime) -> bool:
    if config.backup_every == "off":
        return False
    if config.backup_every == "start":
        return True
    newest = dated_backups(config.backups)
    if not newest:
        return True
    found = _NAME.match(newest[-1].name)
    assert found is not None
    return found.group(1) != local(now).strftime("%Y%m%d")


def auto_backup(
    ctx: ServiceContext, config: LocalConfig | None = None, *, now: dt.datetime | None = None
) -> BackupResult | None:
    """Take a dated copy when one is due (SQLite files only); None when none was taken."""
    config = config or load_config()
    if sqlite_file(ctx.url) is None:
        return None
    moment = now or dt.datetime.now(dt.UTC)
    if not backup_due(config, moment):
        return None
    folder = config.backups
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"desk-{local(moment).strftime('%Y%m%d-%H%M%S')}.sqlite3"
    n = 1
    while out.exists():
        n += 1
        out = folder / f"desk-{local(moment).strftime('%Y%m%d-%H%M%S')}-{n}.sqlite3"
    result = backup_database(ctx, out, fmt="sqlite", automatic=True)
    prune(folder, config.backup_keep)
    return result


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove the oldest automatic copies beyond ``keep``; returns what was removed."""
    copies = dated_backups(folder)
    removed = copies[: max(0, len(copies) - keep)]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
