"""``desk db encrypt | decrypt | rekey``: encryption at rest of the single-PC database.

``encrypt`` and ``decrypt`` write a NEW file (``sqlcipher_export`` from one read snapshot)
and never touch the database they copy; the copy is read back like a backup — row counts
per table equal the snapshot's, its audit chain verifies — before it appears under its
name. ``rekey`` re-encrypts the database in place with a new passphrase (one transaction).
Each needs the office role, like a backup, and leaves an audit event in the database it
read (never the passphrase).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desk.domain.errors import InvalidInput, StorageError
from desk.domain.i18n import N_, _
from desk.services.backup.backups import BACKUP_ROLES
from desk.services.context import ServiceContext
from desk.services.database import check_new_passphrase
from desk.services.permissions import require_role
from desk.storage import backup as b
from desk.storage import cipher
from desk.storage.db import sqlite_file


@dataclass(frozen=True)
class CopyResult:
    path: Path
    encrypted: bool
    check: b.BackupCheck


def _source(ctx: ServiceContext) -> Path:
    path = sqlite_file(ctx.url)
    if path is None:
        raise InvalidInput(
            _("Only a single-PC (SQLite) database file can be encrypted or decrypted"),
            where="--database",
        )
    return path


def _new_file(out: str | Path) -> Path:
    file = Path(out)
    if file.exists() or file.is_symlink():
        raise InvalidInput(
            _("{path} exists; give the name of a new file").format(path=file), where="--out"
        )
    return file


def _copy(
    ctx: ServiceContext, src: Path, out: Path, key: str | None, action: str, what: str
) -> CopyResult:
    with ctx.reading() as session:
        require_role(session, ctx, BACKUP_ROLES, what, write=True)
    tmp = b._atomic_target(out)
    try:
        counts = cipher.export(src, tmp, source_key=cipher.passphrase_for(src), target_key=key)
        if key is not None:
            cipher.remember(tmp, key)
        check = b.check_sqlite_file(tmp)
        if check.counts != counts:
            raise StorageError(
                _("The copy was read back with other row counts than were written; removed")
            )
        if not check.chain_ok:
            raise StorageError(
                _("The copy's audit trail does not verify ({problem}); removed").format(
                    problem=check.problem or "?"
                )
            )
        b._publish(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        cipher.forget(tmp)
    if key is not None:
        cipher.remember(out, key)
    with ctx.transaction() as session:
        ctx.audit(
            session,
            action,
            "database",
            None,
            {"file": str(out), "rows": check.rows, "audit_head": check.audit_head},
        )
    return CopyResult(out, key is not None, check)


def encrypt_database(ctx: ServiceContext, out: str | Path, passphrase: str) -> CopyResult:
    """Copy the plain database of ``ctx`` into the new encrypted file ``out``."""
    src = _source(ctx)
    if cipher.passphrase_for(src) is not None:
        raise InvalidInput(
            _("{file} is already encrypted; change its passphrase with desk db rekey").format(
                file=src
            )
        )
    file = _new_file(out)
    cipher.module()  # the driver is there, before anything is asked of the database
    return _copy(
        ctx, src, file, check_new_passphrase(passphrase), "db.encrypt", N_("encrypt the database")
    )


def decrypt_database(ctx: ServiceContext, out: str | Path) -> CopyResult:
    """Copy the encrypted database of ``ctx`` into the new plain file ``out``."""
    src = _source(ctx)
    if cipher.passphrase_for(src) is None:
        raise InvalidInput(_("{file} is not encrypted").format(file=src))
    file = _new_file(out)
    return _copy(ctx, src, file, None, "db.decrypt", N_("decrypt the database"))


def change_passphrase(ctx: ServiceContext, new: str) -> Path:
    """Re-encrypt the encrypted database of ``ctx`` with the passphrase ``new``."""
    src = _source(ctx)
    old = cipher.passphrase_for(src)
    if old is None:
        raise InvalidInput(
            _("{file} is not encrypted; make an encrypted copy with desk db encrypt").format(
                file=src
            )
        )
    check_new_passphrase(new)
    with ctx.reading() as session:
        require_role(session, ctx, BACKUP_ROLES, N_("change the database passphrase"), write=True)
    ctx.db.engine.dispose()  # no connection keeps the old key (or a lock) open
    cipher.rekey(src, old, new)
    ctx.db.engine.dispose()
    with ctx.transaction() as session:
        ctx.audit(session, "db.rekey", "database", None, {"file": str(src)})
    return src
