"""Opening the database: where it is, how it is configured, and migrating it.

- URL: ``--database URL``, else ``DESK_DATABASE_URL``, else the SQLite file
  ``desk.sqlite3`` in the per-user data directory (platformdirs). PostgreSQL:
  ``postgresql+psycopg://user@host/db`` (``?options=-csearch_path%3Dschema`` selects a schema).
- SQLite runs with WAL, foreign keys on and a busy timeout.
- An encrypted SQLite file (``sqlite+pysqlcipher:///FILE``, or any SQLite file whose
  passphrase was given to :func:`desk.storage.cipher.unlock`) is opened with SQLCipher.
- :func:`open_database` brings the schema to the newest Alembic revision. When a
  stored SQLite database needs an upgrade, a copy of the file is taken first
  (``<file>.backup-<revision>-<UTC time>``). A database whose revision this desk does not
  know was written by a newer desk: it is refused with :class:`DatabaseTooNew`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError
from sqlalchemy.pool import StaticPool

from desk.domain.errors import ConflictError, DatabaseTooNew, StorageError
from desk.domain.i18n import _
from desk.storage import cipher
from desk.storage.chain_core import canonical_json
from desk.storage.migrations import SCHEMA_HEAD

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy.orm import Session

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_OWN_MIGRATIONS_DIR = MIGRATIONS_DIR
DEFAULT_FILENAME = "desk.sqlite3"
ENV_URL = "DESK_DATABASE_URL"


def default_database_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("desk", appauthor=False)) / DEFAULT_FILENAME


def resolve_url(url: str | None = None) -> str:
    """The URL to use: ``url``, else ``DESK_DATABASE_URL``, else the per-user SQLite file."""
    if url:
        return url
    env = os.environ.get(ENV_URL)
    if env:
        return env
    path = default_database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL; None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    name = parsed.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def _on_sqlite_connect(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(
            f"PRAGMA busy_timeout={pg_timeouts()[0] if _LOCK_ENV in os.environ else 5000}"
        )
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


# PostgreSQL: how long a statement waits for another session's lock, and runs at most, before
# it ends with a clear message instead of hanging (milliseconds; environment overrides them)
PG_LOCK_TIMEOUT_MS = 10_000
_LOCK_ENV = "DESK_PG_LOCK_TIMEOUT_MS"  # also SQLite's busy timeout when set
PG_STATEMENT_TIMEOUT_MS = 600_000


def pg_timeouts() -> tuple[int, int]:
    def ms(name: str, default: int) -> int:
        try:
            return max(0, int(os.environ.get(name, default)))
        except ValueError:
            return default

    return (
        ms(_LOCK_ENV, PG_LOCK_TIMEOUT_MS),
        ms("DESK_PG_STATEMENT_TIMEOUT_MS", PG_STATEMENT_TIMEOUT_MS),
    )


def _on_postgresql_connect(dbapi_connection: Any, connection_record: Any) -> None:
    lock_ms, statement_ms = pg_timeouts()
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True  # SET outside a transaction: it lasts for the session
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {lock_ms}")
            cursor.execute(f"SET statement_timeout = {statement_ms}")
    finally:
        dbapi_connection.autocommit = autocommit


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with a terse text
        raise StorageError(
            _("Not a database URL: {url} ({error})").format(url=url, error=exc)
        ) from None
    backend = parsed.get_backend_name()
    # JSON stored in the one spelling the audit chain hashes (sorted keys, no spaces)
    kwargs: dict[str, Any] = {"json_serializer": canonical_json}
    if backend == "sqlite":
        path = sqlite_file(url)
        if path is None:
            if cipher.is_cipher_url(url):
                raise StorageError(
                    _("An encrypted database must be a file: {url}").format(url=_display_url(url))
                )
            kwargs["poolclass"] = StaticPool
            kwargs["connect_args"] = {"check_same_thread": False}
        elif not path.parent.is_dir():
            raise StorageError(
                _("The folder for the database does not exist: {path}").format(path=path.parent)
            )
        else:
            url = _keyed(url, path, kwargs)
    elif backend == "postgresql":
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(url, **kwargs)
    except Exception as exc:  # missing driver, bad URL
        raise StorageError(
            _("Cannot use the database {url}: {error}").format(url=_display_url(url), error=exc)
        ) from None
    if backend == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
    elif backend == "postgresql":
        event.listen(engine, "connect", _on_postgresql_connect)
    return engine


def _keyed(url: str, path: Path, kwargs: dict[str, Any]) -> str:
    """The URL to build the engine on: an encrypted file gets SQLCipher connections keyed
    with its passphrase (``kwargs`` gains the driver module and the connection factory)."""
    given = cipher.url_passphrase(url)
    if given is not None and cipher.passphrase_for(path) != given:
        cipher.unlock(path, given)
    key = cipher.passphrase_for(path)
    if key is None:
        if cipher.is_cipher_url(url):
            raise StorageError(
                _("The database {file} is encrypted, and no passphrase was given for it").format(
                    file=path
                )
            )
        return url
    kwargs["module"] = cipher.module()
    kwargs["creator"] = lambda: cipher.connect(path, cipher.passphrase_for(path) or key)
    given_url = make_url(url)
    plain = URL.create("sqlite+pysqlite", database=given_url.database, query=given_url.query)
    return plain.render_as_string(hide_password=False)


# --------------------------------------------------------------------------- migrations


def alembic_config(connection: Connection | None = None) -> Config:
    # Alembic (and the mako and pygments it pulls in) is imported only when a migration is
    # looked at: opening a database that is already at SCHEMA_HEAD does not need it.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None
    return head


@dataclass(frozen=True)
class MigrationStatus:
    current: str | None  # the database's revision; None for an empty database
    head: str  # the newest revision this desk knows
    known: bool  # False: the database was written by a newer desk

    @property
    def at_head(self) -> bool:
        return self.current == self.head

    @property
    def pending(self) -> bool:
        return self.known and not self.at_head


def _stored_revision(engine: Engine) -> str | None:
    with _storage_errors(str(engine.url)), engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migration_status_for(engine: Engine) -> MigrationStatus:
    current = _stored_revision(engine)
    if current == SCHEMA_HEAD and MIGRATIONS_DIR == _OWN_MIGRATIONS_DIR:
        # the common case, answered without importing Alembic
        return MigrationStatus(current=current, head=SCHEMA_HEAD, known=True)
    script = _scripts()
    head = script.get_current_head()
    assert head is not None
    known = current is None or _knows(script, current)
    return MigrationStatus(current=current, head=head, known=known)


def _knows(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:
        return False


def too_new_message(url: str, revision: str) -> str:
    return _(
        "The database {url} was written by a newer version of desk (schema {revision}). "
        "Install the newer desk to open it; this one would damage it."
    ).format(url=_display_url(url), revision=revision)


def _display_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def backup_sqlite(path: Path, revision: str | None) -> Path:
    """Copy the SQLite database at ``path`` (WAL included) next to it; returns the copy."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.backup-{revision or 'empty'}-{stamp}")
    src = cipher.connect(path)
    try:
        dst = cipher.connect(target, cipher.passphrase_for(path))  # encrypted stays encrypted
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def upgrade_engine(engine: Engine, *, backup: bool = True) -> Path | None:
    """Upgrade to head; returns the backup copy taken (SQLite with a stored schema), if any."""
    status = migration_status_for(engine)
    url = str(engine.url)
    if not status.known:
        assert status.current is not None
        raise DatabaseTooNew(too_new_message(url, status.current))
    if status.at_head:
        return None
    copy = None
    path = sqlite_file(engine.url.render_as_string(hide_password=False))
    if backup and path is not None and status.current is not None and path.exists():
        copy = backup_sqlite(path, status.current)
    with _storage_errors(url), engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            # batch mode rebuilds tables; foreign keys must not fire while it does
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        from alembic import command

        command.upgrade(alembic_config(conn), "head")
        conn.commit()
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
    return copy


@contextmanager
def _storage_errors(url: str) -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        raise StorageError(storage_message(url, exc)) from None
    except DatabaseError as exc:
        # SQLite's "file is not a database": a spreadsheet or a damaged file given as --database
        path = sqlite_file(url)
        if path is not None and cipher.passphrase_for(path) is not None:
            raise cipher.wrong_passphrase(path) from None
        message = _("Not a desk database (or the file is damaged): {url} ({error})").format(
            url=_display_url(url), error=str(exc.orig or exc).strip().splitlines()[0]
        )
        if path is not None and cipher.looks_encrypted(path):
            message += " " + _(
                "If it is an encrypted database, open it as sqlite+pysqlcipher:///{file} "
                "with its passphrase."
            ).format(file=path)
        raise StorageError(message) from None


# What a database refusal means, from its code, never its text: SQLite's result-code names
# (``sqlite3.Error.sqlite_errorname``) and PostgreSQL's SQLSTATE (psycopg's ``sqlstate``).
# The text is in the server's language (a PostgreSQL server may speak Japanese).
_SQLITE_KINDS = {
    "SQLITE_BUSY": "locked",
    "SQLITE_LOCKED": "locked",
    "SQLITE_FULL": "disk_full",
    "SQLITE_NOTADB": "not_a_database",
    "SQLITE_CORRUPT": "not_a_database",
}
_SQLSTATE_KINDS = {
    "55P03": "locked",  # lock_not_available
    "40P01": "locked",  # deadlock_detected
    "53100": "disk_full",  # disk_full
}


def error_kind(exc: BaseException) -> str | None:
    """``locked``, ``disk_full``, ``not_a_database`` or None, from the driver's error code."""
    orig = getattr(exc, "orig", None) or exc
    name = getattr(orig, "sqlite_errorname", None)
    if name:
        return _SQLITE_KINDS.get("_".join(str(name).split("_")[:2]))  # SQLITE_BUSY_SNAPSHOT too
    state = getattr(orig, "sqlstate", None)
    if state:
        return _SQLSTATE_KINDS.get(str(state))
    return None


def storage_message(url: str, exc: DBAPIError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    kind = error_kind(exc)
    code = getattr(exc.orig, "sqlstate", None)
    if code == "55P03":  # PostgreSQL lock_timeout
        return _(
            "Another user is changing the same records; desk waited {seconds} s and gave up. "
            "Nothing was saved; try again in a moment: {url}"
        ).format(seconds=pg_timeouts()[0] / 1000, url=_display_url(url))
    if code == "57014":  # PostgreSQL statement_timeout
        return _(
            "The database took longer than {seconds} s and the operation was stopped. "
            "Nothing was saved: {url}"
        ).format(seconds=pg_timeouts()[1] / 1000, url=_display_url(url))
    if kind == "locked":
        return _("The database is locked by another program; try again: {url}").format(
            url=_display_url(url)
        )
    if kind == "disk_full":
        return _("The disk is full; the database could not be written: {url}").format(
            url=_display_url(url)
        )
    return _("Cannot use the database {url}: {error}").format(
        url=_display_url(url),
        error=text.strip().splitlines()[0] if text.strip() else type(exc).__name__,
    )


# --------------------------------------------------------------------------- the database


class Database:
    """An open, migrated database; sessions come only from here."""

    def __init__(self, engine: Engine, *, backup_path: Path | None = None):
        self.engine = engine
        url = engine.url
        if url.get_backend_name() == "sqlite" and url.database:
            if cipher.passphrase_for(url.database) is not None:
                url = url.set(drivername=cipher.DRIVER)  # says it is encrypted, no passphrase
        self.url = url.render_as_string(hide_password=False)
        self.backup_path = backup_path  # the copy taken before the last upgrade, if any
        # the ORM, and the audit chain's hooks on its sessions, only once a Database is
        # made: the fast record path (desk.services.records.core_path) opens an engine only
        from sqlalchemy.orm import sessionmaker

        from desk.storage import audit_chain  # noqa: F401  (registers the chain's hooks)

        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on any error."""
        from sqlalchemy.orm.exc import StaleDataError

        try:
            with self._sessions.begin() as session:
                yield session
        except OperationalError as exc:
            raise StorageError(storage_message(self.url, exc)) from None
        except StaleDataError:
            # a versioned row (cases.version) was changed by someone else since it was read
            raise ConflictError(
                _(
                    "Someone else saved the same record after you opened it; nothing was "
                    "saved. Open it again to see their change, then repeat yours."
                )
            ) from None

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only; whatever it changed is rolled back."""
        try:
            with self._sessions() as session:
                try:
                    yield session
                finally:
                    session.rollback()
        except OperationalError as exc:
            raise StorageError(storage_message(self.url, exc)) from None

    def table_names(self) -> list[str]:
        with self.engine.connect() as conn:
            return sorted(inspect(conn).get_table_names())

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str | None = None, *, migrate: bool = True, backup: bool = True) -> Database:
    """Open the database at ``url`` (see :func:`resolve_url`) and bring its schema to head.

    ``migrate=False`` opens it as it is (for ``desk db check``); a newer database is
    refused either way.
    """
    engine = make_engine(resolve_url(url))
    try:
        status = migration_status_for(engine)
        if not status.known:
            assert status.current is not None
            raise DatabaseTooNew(too_new_message(str(engine.url), status.current))
        copy = upgrade_engine(engine, backup=backup) if migrate and status.pending else None
    except BaseException:
        engine.dispose()
        raise
    return Database(engine, backup_path=copy)


def migration_status(url: str | None = None) -> MigrationStatus:
    engine = make_engine(resolve_url(url))
    try:
        return migration_status_for(engine)
    finally:
        engine.dispose()
