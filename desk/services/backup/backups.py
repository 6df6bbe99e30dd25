"""``desk db backup`` and ``desk db restore``: the whole database to a file and back,
each checked after it is written (row counts per table, the audit chain).

- SQLite: SQLite's online backup API from one read snapshot (never a copy of the file).
- PostgreSQL: ``pg_dump -Fc`` when the tools are installed, else desk's own dump.
- ``fmt="desk"``: desk's own dump from either database (also moves a single-PC database
  into a shared PostgreSQL one).

A restore checks the backup first (a damaged file, or one whose audit chain is broken, is
refused before anything changes), keeps a copy of the SQLite database it replaces, carries
the document numbers that database had issued into the restored one (numbering goes on
above them: a number is never issued twice), writes a ``db.restore`` audit event and
checks the result. Both need the office role in the database they read or replace
(none while no role was ever granted).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from sqlalchemy import Engine, Table, insert
from sqlalchemy.engine import make_url

from desk.domain.errors import DeskError, InvalidInput, StorageError
from desk.domain.i18n import N_, _
from desk.services.context import ServiceContext
from desk.services.permissions import require_role
from desk.storage import backup as b
from desk.storage import cipher
from desk.storage.audit_chain import chain_rows
from desk.storage.db import (
    alembic_config,
    make_engine,
    open_database,
    resolve_url,
    sqlite_file,
    upgrade_engine,
)
from desk.storage.models import AuditEvent

BACKUP_ROLES = ("office",)
Progress = b.Progress
BackupCheck = b.BackupCheck


@dataclass(frozen=True)
class BackupResult:
    path: Path
    check: BackupCheck
    sha256: str
    size: int


@dataclass(frozen=True)
class RestoreResult:
    url: str
    source: Path
    check: BackupCheck
    before_copy: Path | None  # the replaced SQLite database, kept
    floors_moved: dict[str, int]  # prefixes whose numbering now continues above these
    audit_head: str


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def check_backup(path: str | Path) -> BackupCheck:
    """Read a backup file through and say what it holds; damaged files are refused."""
    file = Path(path)
    if cipher.passphrase_for(file) is None and b.may_be_encrypted(file):
        cipher.unlock_with_known(file)  # a backup of the open encrypted database: its passphrase
    fmt = b.file_format(file)
    if fmt == "sqlite":
        return b.check_sqlite_file(file)
    if fmt == "desk":
        return b.check_dump(file)
    counts = b.pg_dump_counts(file)
    return BackupCheck("pg_dump", None, counts, counts.get("audit_events", 0), "", True)


def _refuse_broken(check: BackupCheck, file: Path) -> None:
    if not check.chain_ok:
        raise InvalidInput(
            _(
                "The audit trail in {file} is broken ({problem}); it is not restored. "
                "Use an older backup."
            ).format(file=file, problem=check.problem or "?")
        )


def backup_database(
    ctx: ServiceContext,
    out: str | Path,
    *,
    fmt: str | None = None,
    progress: Progress | None = None,
    automatic: bool = False,
) -> BackupResult:
    """Write a backup of ``ctx``'s database to ``out`` and check it."""
    file = Path(out)
    url = ctx.url
    dialect = ctx.db.dialect
    if fmt is None:
        fmt = "sqlite" if dialect == "sqlite" else ("pg_dump" if b.pg_tools() else "desk")
    if fmt not in b.FORMATS:
        raise InvalidInput(
            _("expected one of {choices}").format(choices=", ".join(b.FORMATS)), where="--format"
        )
    if fmt == "sqlite" and sqlite_file(url) is None:
        raise InvalidInput(
            _("a SQLite copy can only be taken of a SQLite database file"), where="--format"
        )
    if fmt == "pg_dump" and (dialect != "postgresql" or b.pg_tools() is None):
        raise InvalidInput(
            _("pg_dump backups need a PostgreSQL database and pg_dump installed"),
            where="--format",
        )
    if not automatic:  # the dated copies the app takes of its own file need no role
        with ctx.reading() as session:
            require_role(session, ctx, BACKUP_ROLES, N_("back up the database"), write=True)
    if fmt == "sqlite":
        src = sqlite_file(url)
        assert src is not None
        counts = b.sqlite_backup(src, file, progress)
        check = b.check_sqlite_file(file)
    elif fmt == "desk":
        counts = b.write_dump(ctx.db.engine, file, progress)
        check = b.check_dump(file)
    else:
        check = b.pg_dump(ctx.db.engine, url, file)
        counts = check.counts
    if check.counts != counts:
        file.unlink(missing_ok=True)
        raise StorageError(
            _("The backup was read back with other row counts than were written; removed")
        )
    if not check.chain_ok:
        raise StorageError(
            _("The backup was written, but its audit trail is broken ({problem}): {file}").format(
                problem=check.problem or "?", file=file
            )
        )
    result = BackupResult(file, check, file_sha256(file), file.stat().st_size)
    with ctx.transaction() as session:
        ctx.audit(
            session, "db.backup", "database", None, {**_details(result), "automatic": automatic}
        )
    return result


def _details(result: BackupResult) -> dict[str, object]:
    return {
        "file": str(result.path),
        "sha256": result.sha256,
        "format": result.check.format,
        "revision": result.check.revision,
        "rows": result.check.rows,
        "audit_head": result.check.audit_head,
    }


# --------------------------------------------------------------------------- restore


def _current_state(url: str, actor: str) -> tuple[dict[str, int], bool]:
    """The numbers the database about to be replaced had issued; False: no desk database
    there (nothing to carry over, no role to check)."""
    path = sqlite_file(url)
    if path is not None and (not path.exists() or path.stat().st_size == 0):
        return {}, False
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if "alembic_version" not in b.desk_tables(conn):
                return {}, False
            floors = b.issued_floors(conn)
    except DeskError:
        raise
    except Exception:  # a damaged file: nothing can be read from it
        return {}, False
    finally:
        engine.dispose()
    try:
        db = open_database(url, migrate=False)
    except DeskError:
        return floors, True
    try:
        ctx = ServiceContext(db, actor=actor)
        with ctx.reading() as session:
            require_role(session, ctx, BACKUP_ROLES, N_("restore the database"), write=True)
    finally:
        db.close()
    return floors, True


def restore_database(
    url: str | None,
    backup: str | Path,
    *,
    actor: str,
    progress: Progress | None = None,
) -> RestoreResult:
    """Replace the database at ``url`` with the backup ``backup`` (checked before and after)."""
    resolved = resolve_url(url)
    file = Path(backup)
    check = check_backup(file)
    _refuse_broken(check, file)
    floors, existed = _current_state(resolved, actor)
    target = sqlite_file(resolved)
    engine = make_engine(resolved)
    before_copy = None
    try:
        if target is not None:
            if check.format == "pg_dump":
                raise InvalidInput(
                    _("{file} is a PostgreSQL dump; it restores into PostgreSQL only").format(
                        file=file
                    )
                )
            if existed:
                stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
                before_copy = target.with_name(f"{target.name}.before-restore-{stamp}")
                b.sqlite_backup(target, before_copy)
            source = file
            scratch = None
            if check.format == "desk":
                scratch = b.scratch_sqlite(target.parent)
                key = cipher.passphrase_for(target)
                if key is not None:  # never a plain copy of an encrypted database's rows
                    cipher.remember(scratch, key)
                scratch_engine = make_engine(f"sqlite:///{scratch}")
                try:
                    _load_dump_into(scratch_engine, file, check, progress)
                finally:
                    scratch_engine.dispose()
                source = scratch
            converted = b.matching_copy(source, target)  # a plain backup into an encrypted one
            try:
                b.sqlite_restore(converted or source, target, progress)
            finally:
                for temporary in (scratch, converted):
                    if temporary is not None:
                        temporary.unlink(missing_ok=True)
                        cipher.forget(temporary)
        elif check.format == "pg_dump":
            b.pg_restore(resolved, file)
        else:
            _load_dump_into(engine, file, check, progress)
        upgrade_engine(engine, backup=False)
        with engine.begin() as conn:
            restored = b.table_counts(conn)
            missing = {
                t: n
                for t, n in check.counts.items()
                if t != "alembic_version" and restored.get(t, 0) < n
            }
            if missing:
                raise StorageError(
                    _("The restored database lacks rows of {tables}; restore it again").format(
                        tables=", ".join(sorted(missing))
                    )
                )
            moved = b.raise_floors(conn, floors)
            event = {
                "actor": actor,
                "action": "db.restore",
                "entity": "database",
                "entity_id": None,
                "details": {
                    "file": str(file),
                    "sha256": file_sha256(file),
                    "format": check.format,
                    "revision": check.revision,
                    "rows": check.rows,
                    "backup_audit_head": check.audit_head,
                    "numbers_continue_above": moved,
                    "kept_copy": str(before_copy) if before_copy else None,
                },
            }
            conn.execute(insert(cast(Table, AuditEvent.__table__)), chain_rows(conn, [event]))
        with engine.connect() as conn:
            _events, head, ok, problem = b.chain_of(conn)
        if not ok:
            raise StorageError(
                _("The restored database's audit trail does not verify ({problem})").format(
                    problem=problem
                )
            )
    finally:
        engine.dispose()
    return RestoreResult(_shown(resolved), file, check, before_copy, moved, head)


def _load_dump_into(
    engine: Engine, file: Path, check: BackupCheck, progress: Progress | None
) -> None:
    """Empty the database, build the dump's schema revision, fill it: one transaction."""
    from alembic import command

    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            b.drop_desk_tables(conn)
        else:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        command.upgrade(alembic_config(conn), check.revision or "head")
        b.load_dump(conn, file, progress)
