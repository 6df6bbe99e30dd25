"""The database itself: where it is, its schema revision, upgrading it (``desk db``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desk.domain.errors import DatabaseTooNew
from desk.storage.db import (
    make_engine,
    migration_status_for,
    resolve_url,
    too_new_message,
    upgrade_engine,
)


@dataclass(frozen=True)
class DatabaseStatus:
    url: str
    current: str | None  # None: empty database
    head: str
    known: bool  # False: written by a newer desk

    @property
    def at_head(self) -> bool:
        return self.current == self.head


@dataclass(frozen=True)
class UpgradeResult:
    url: str
    from_revision: str | None
    to_revision: str
    backup: Path | None  # the copy of the SQLite file taken before upgrading


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def database_status(url: str | None = None) -> DatabaseStatus:
    resolved = resolve_url(url)
    engine = make_engine(resolved)
    try:
        status = migration_status_for(engine)
    finally:
        engine.dispose()
    return DatabaseStatus(
        url=_shown(resolved), current=status.current, head=status.head, known=status.known
    )


def upgrade_database(url: str | None = None) -> UpgradeResult:
    """Bring the schema to the newest revision (a copy of a SQLite file is taken first)."""
    resolved = resolve_url(url)
    engine = make_engine(resolved)
    try:
        before = migration_status_for(engine)
        if not before.known:
            assert before.current is not None
            raise DatabaseTooNew(too_new_message(resolved, before.current))
        backup = upgrade_engine(engine)
    finally:
        engine.dispose()
    return UpgradeResult(
        url=_shown(resolved), from_revision=before.current, to_revision=before.head, backup=backup
    )
