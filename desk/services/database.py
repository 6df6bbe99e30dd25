"""The database itself: where it is, its schema revision, upgrading it (``desk db``), and
the passphrase of an encrypted single-PC database (docs/security.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desk.domain.errors import DatabaseTooNew, InvalidInput
from desk.domain.i18n import _
from desk.storage import cipher
from desk.storage.backup import may_be_encrypted
from desk.storage.db import (
    make_engine,
    migration_status_for,
    resolve_url,
    sqlite_file,
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


# --------------------------------------------------------------------------- encryption


MIN_PASSPHRASE = 8


def locked_database(url: str | None) -> Path | None:
    """The file of an encrypted database (``sqlite+pysqlcipher:///FILE``) whose passphrase
    the front end must still ask for; None when there is nothing to ask."""
    if not url or not cipher.is_cipher_url(url) or cipher.url_passphrase(url) is not None:
        return None
    path = sqlite_file(url)
    if path is None or cipher.passphrase_for(path) is not None:
        return None
    return path


def unlock_database(path: Path, passphrase: str) -> None:
    """Check ``passphrase`` opens the encrypted file ``path`` (a new file is created with it)
    and use it for every connection to that file in this process; a wrong one raises
    :class:`StorageError` naming the file."""
    cipher.unlock(path, passphrase)


def locked_backup(path: Path) -> bool:
    """True when ``path`` may be an encrypted backup whose passphrase was not given yet
    (none of the passphrases already given opens it)."""
    if not cipher.available() or cipher.passphrase_for(path) is not None:
        return False
    return may_be_encrypted(path) and not cipher.unlock_with_known(path)


def check_new_passphrase(passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE:
        raise InvalidInput(
            _("A passphrase needs at least {n} characters").format(n=MIN_PASSPHRASE),
            where="passphrase",
        )
    return passphrase
