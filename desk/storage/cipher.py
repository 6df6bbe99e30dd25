"""Encryption at rest of the single-PC (SQLite) database with SQLCipher (docs/security.md).

A SQLite file is encrypted when a passphrase is known for it in this process: the front end
(the CLI from ``DESK_DB_PASSPHRASE`` or a prompt, the app from its dialog) hands it over with
:func:`unlock`, which also proves it opens the file. From then on every connection to that
file — desk's engine, the backup API, the check of a backup, a restore — is a SQLCipher
connection keyed with it (:func:`connect`). The passphrase is kept in memory only, never
written anywhere by desk.

``sqlite+pysqlcipher:///FILE`` (SQLAlchemy's own name for SQLCipher) says a database is
encrypted; the passphrase may be given in that URL (``sqlite+pysqlcipher://:PASS@/FILE``)
but is better not: a URL is often kept in a shell history or a shortcut.

The SQLCipher driver is the optional extra ``desk[cipher]`` (``sqlcipher3-binary``); it is
imported only when an encrypted file is opened.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy.engine import make_url

from desk.domain.errors import StorageError
from desk.domain.i18n import _

DRIVER = "sqlite+pysqlcipher"
SQLITE_MAGIC = b"SQLite format 3\x00"
_keys: dict[str, str] = {}


def _key(path: Path | str) -> str:
    return os.path.abspath(os.fspath(path))


def module() -> ModuleType:
    """The SQLCipher DB-API module; a clear message when desk was installed without it."""
    try:
        import sqlcipher3.dbapi2 as dbapi  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise StorageError(
            _(
                "This desk cannot open encrypted databases: the SQLCipher driver is not "
                "installed (pip install 'desk[cipher]'; see docs/security.md)"
            )
        ) from None
    found: ModuleType = dbapi
    return found


def available() -> bool:
    try:
        module()
    except StorageError:
        return False
    return True


def is_cipher_url(url: str) -> bool:
    return url.startswith(DRIVER + ":")


def url_passphrase(url: str) -> str | None:
    if not is_cipher_url(url):
        return None
    return make_url(url).password or None


def passphrase_for(path: Path | str) -> str | None:
    """The passphrase known for the SQLite file ``path``; None: it is a plain file."""
    return _keys.get(_key(path))


def remember(path: Path | str, passphrase: str) -> None:
    _keys[_key(path)] = passphrase


def forget(path: Path | str | None = None) -> None:
    """Forget the passphrase of ``path`` (every one when None)."""
    if path is None:
        _keys.clear()
    else:
        _keys.pop(_key(path), None)


def quoted(passphrase: str) -> str:
    return "'" + passphrase.replace("'", "''") + "'"


def looks_encrypted(path: Path) -> bool:
    """A non-empty file that is not a plain SQLite database (SQLCipher's first 16 bytes are a
    random salt). Also true of a file that is no database at all."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return len(head) == 16 and head != SQLITE_MAGIC


def connect(
    path: Path | str,
    passphrase: str | None = None,
    *,
    readonly: bool = False,
    timeout: float = 5.0,
) -> Any:
    """A DB-API connection to ``path``: SQLCipher keyed with ``passphrase`` (else the one
    known for ``path``), the standard sqlite3 for a plain file."""
    key = passphrase if passphrase is not None else passphrase_for(path)
    target = f"file:{path}?mode=ro" if readonly else str(path)
    if key is None:
        import sqlite3

        return sqlite3.connect(target, uri=readonly, timeout=timeout, check_same_thread=False)
    dbapi = module()
    conn = dbapi.connect(target, uri=readonly, timeout=timeout, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not its log
        conn.execute(f"PRAGMA key = {quoted(key)}")
        conn.execute("PRAGMA temp_store = MEMORY")  # sorts and temporary tables off the disk
    except BaseException:
        conn.close()
        raise
    return conn


def wrong_passphrase(path: Path | str) -> StorageError:
    return StorageError(
        _(
            "Cannot open the encrypted database {file}: the passphrase is wrong, or the file "
            "is not a desk database encrypted with SQLCipher"
        ).format(file=path)
    )


def unlock(path: Path | str, passphrase: str) -> None:
    """Prove ``passphrase`` opens ``path`` (a new file is created encrypted with it), then
    remember it for every later connection. A wrong one: :class:`StorageError` naming the file."""
    dbapi = module()
    try:
        conn = connect(path, passphrase)
    except dbapi.Error as exc:
        raise StorageError(
            _("Cannot open the encrypted database {file}: {error}").format(file=path, error=exc)
        ) from None
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi.DatabaseError:
        raise wrong_passphrase(path) from None
    finally:
        conn.close()
    remember(path, passphrase)


def unlock_with_known(path: Path | str) -> bool:
    """Try the passphrases given in this process on ``path`` (a backup of an encrypted
    database has its passphrase); True when one opens it (it is then remembered)."""
    if not available():
        return False
    for known in dict.fromkeys(_keys.values()):
        try:
            unlock(path, known)
        except StorageError:
            continue
        return True
    return False


def export(
    source: Path,
    target: Path,
    *,
    source_key: str | None,
    target_key: str | None,
) -> dict[str, int]:
    """Copy the whole database ``source`` into the new file ``target`` with
    ``sqlcipher_export``: encrypted with ``target_key``, or plain when it is None. The copy is
    self-contained (no WAL). ``source`` is only read. Returns the row counts per table of the
    snapshot that was copied."""
    dbapi = module()
    conn = dbapi.connect(str(source), timeout=10, check_same_thread=False, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if source_key is not None:
            conn.execute(f"PRAGMA key = {quoted(source_key)}")
        conn.execute("PRAGMA temp_store = MEMORY")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except dbapi.DatabaseError:
            raise wrong_passphrase(source) from None
        name = str(target).replace("'", "''")
        conn.execute(f"ATTACH DATABASE '{name}' AS target KEY {quoted(target_key or '')}")
        try:
            conn.execute("BEGIN")  # one read snapshot of the source: the counts and the copy
            counts = {
                n: int(conn.execute(f'SELECT count(*) FROM main."{n}"').fetchone()[0])
                for (n,) in conn.execute(
                    "SELECT name FROM main.sqlite_master "
                    "WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                ).fetchall()
            }
            conn.execute("SELECT sqlcipher_export('target')").fetchall()
            version = conn.execute("PRAGMA main.user_version").fetchone()[0]
            conn.execute(f"PRAGMA target.user_version = {int(version)}")
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.execute("DETACH DATABASE target")
    except dbapi.Error as exc:
        raise StorageError(
            _("The copy {file} could not be written: {error}").format(file=target, error=exc)
        ) from None
    finally:
        conn.close()
    return counts


def rekey(path: Path, old: str, new: str) -> None:
    """Change the passphrase of the encrypted file ``path`` (every page is re-encrypted in
    one transaction) and remember the new one."""
    dbapi = module()
    conn = connect(path, old, timeout=10.0)
    try:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except dbapi.DatabaseError:
            raise wrong_passphrase(path) from None
        conn.execute(f"PRAGMA rekey = {quoted(new)}")
    except dbapi.Error as exc:
        raise StorageError(
            _("The passphrase of {file} could not be changed: {error}").format(file=path, error=exc)
        ) from None
    finally:
        conn.close()
    remember(path, new)
