"""Backups of the whole database, and restoring them, each verified after writing.

Three kinds of backup file, told apart by their first bytes:

- **SQLite** (``SQLite format 3``): a copy made with SQLite's online backup API from one
  read snapshot — never a copy of the ``.sqlite3`` file, which under WAL misses the
  writes still in ``-wal``. The copy of an encrypted (SQLCipher) database is encrypted with
  the same passphrase; it is read back with it (``desk.storage.cipher``).
- **desk dump** (gzip; first line ``{"format": "desk-dump/1", …}``): every table's rows as
  JSON lines, read in one snapshot; restores into SQLite or PostgreSQL (any schema
  revision this desk knows: the target is migrated to the dump's revision, filled, then
  brought to the newest).
- **pg_dump** (custom format, ``PGDMP``): PostgreSQL's own, when ``pg_dump`` is installed;
  taken from the same exported snapshot the counts are read in.

Verification: a backup is read back after it is written — row counts per table equal the
snapshot's, the audit chain of the copy verifies (for pg_dump: counted from its data
stream, the chain checked in the snapshot). A restore checks the backup before touching
anything, and checks the restored database the same way after.

Document numbers: before a restore replaces a database, the last serial it issued under
each prefix is read and written into the restored one (``document_number_floors``), so
numbering continues above every number that was ever given out.

One module although past 400 lines: the three formats share the snapshot, the counts and
the verification, and are read as one piece.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import gzip
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    Engine,
    LargeBinary,
    MetaData,
    Table,
    create_engine,
    delete,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput, StorageError
from desk.domain.i18n import _
from desk.storage import cipher
from desk.storage.audit_chain import GENESIS, event_sha256, verify_chain
from desk.storage.models import DocumentNumberFloor

Progress = Callable[[int, int], None]

DUMP_FORMAT = "desk-dump/1"
SQLITE_MAGIC = b"SQLite format 3\x00"
GZIP_MAGIC = b"\x1f\x8b"
PGDMP_MAGIC = b"PGDMP"
FORMATS = ("sqlite", "desk", "pg_dump")
_BATCH = 5_000
_NUMBER = re.compile(r"^(?P<prefix>DESK-\d{4}-[A-Z]{3}-)(?P<serial>\d{1,9})$")


@dataclass(frozen=True)
class BackupCheck:
    """What a backup holds: its format, schema revision, rows per table, audit head."""

    format: str
    revision: str | None
    counts: dict[str, int]
    audit_events: int
    audit_head: str
    chain_ok: bool
    problem: str | None = None
    floors: dict[str, int] = field(default_factory=dict)  # the numbers it had issued

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


# --------------------------------------------------------------------------- shared


def file_format(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise InvalidInput(
            _("Cannot read {file}: {error}").format(file=path, error=exc.strerror or exc)
        ) from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(GZIP_MAGIC):
        return "desk"
    if head.startswith(PGDMP_MAGIC):
        return "pg_dump"
    if cipher.passphrase_for(path) is not None:
        return "sqlite"  # encrypted: its first bytes are a random salt
    raise InvalidInput(
        _(
            "{file} is not a desk backup (neither a SQLite database, a desk dump nor a pg_dump)"
        ).format(file=path)
    )


def may_be_encrypted(path: Path) -> bool:
    """A non-empty file in none of the backup formats: perhaps an encrypted SQLite copy."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    known = (SQLITE_MAGIC, GZIP_MAGIC, PGDMP_MAGIC)
    return len(head) == 16 and not any(head.startswith(m) for m in known)


def desk_tables(conn: Connection) -> list[str]:
    """desk's tables in this database (Alembic's bookkeeping table included)."""
    return sorted(inspect(conn).get_table_names())


def table_counts(conn: Connection) -> dict[str, int]:
    out = {}
    for name in desk_tables(conn):
        out[name] = int(conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar() or 0)
    return out


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def issued_floors(conn: Connection) -> dict[str, int]:
    """The highest serial issued under each document-number prefix, floors included."""
    names = set(desk_tables(conn))
    floors: dict[str, int] = {}
    if "issued_records" in names:
        for (number,) in conn.execute(text("SELECT document_number FROM issued_records")):
            found = _NUMBER.match(str(number))
            if found:
                prefix, serial = found.group("prefix"), int(found.group("serial"))
                floors[prefix] = max(floors.get(prefix, 0), serial)
    if "document_number_floors" in names:
        for prefix, serial in conn.execute(
            text("SELECT prefix, last_serial FROM document_number_floors")
        ):
            floors[str(prefix)] = max(floors.get(str(prefix), 0), int(serial))
    return floors


def raise_floors(conn: Connection, floors: dict[str, int]) -> dict[str, int]:
    """Make numbering continue above ``floors``; returns the prefixes that moved up."""
    current = issued_floors(conn)
    moved = {p: s for p, s in floors.items() if s > current.get(p, 0)}
    table = cast(Table, DocumentNumberFloor.__table__)
    for prefix, serial in moved.items():
        conn.execute(delete(table).where(table.c.prefix == prefix))
        conn.execute(
            insert(table).values(prefix=prefix, last_serial=serial, set_at=dt.datetime.now(dt.UTC))
        )
    return moved


def chain_of(conn: Connection) -> tuple[int, str, bool, str | None]:
    with Session(bind=conn) as session:
        report = verify_chain(session)
    problem = None
    if report.problem is not None:
        problem = f"{report.problem.kind} at no. {report.problem.seq}"
    return report.events, report.head_sha256, report.ok, problem


def _atomic_target(out: Path) -> Path:
    """A temporary name beside ``out``: the backup appears under its name only when whole."""
    if out.is_dir():
        raise InvalidInput(
            _("{path} is a folder; give the name of the backup file to write").format(path=out),
            where="--out",
        )
    if not out.parent.is_dir():
        raise InvalidInput(
            _("Folder {folder} does not exist").format(folder=out.parent), where="--out"
        )
    return out.with_name(f".{out.name}.{os.getpid()}.part")


def _publish(tmp: Path, out: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    os.replace(tmp, out)


# --------------------------------------------------------------------------- SQLite copies


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: int(db.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in sorted(names)}


def sqlite_backup(src: Path, out: Path, progress: Progress | None = None) -> dict[str, int]:
    """Copy the SQLite database ``src`` to ``out`` with the online backup API, from one read
    snapshot; returns the row counts of that snapshot."""
    tmp = _atomic_target(out)
    key = cipher.passphrase_for(src)
    source = cipher.connect(src)
    try:
        source.execute("BEGIN")  # one read snapshot: the counts and the copy agree
        counts = _sqlite_counts(source)
        target = cipher.connect(tmp, key)  # the copy of an encrypted database is encrypted
        try:

            def step(status: int, remaining: int, total: int) -> None:
                if progress:
                    progress(total - remaining, total)

            source.backup(target, pages=256, progress=step)
            target.execute("PRAGMA journal_mode=DELETE").fetchall()  # one self-contained file
        finally:
            target.close()
        source.rollback()
    except _db_errors() as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(
            _("The backup could not be written: {error}").format(error=exc)
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    _publish(tmp, out)
    if key is not None:
        cipher.remember(out, key)
    return counts


def _db_errors() -> tuple[type[Exception], ...]:
    # sqlcipher3's exceptions are its own classes, not sqlite3's
    if cipher.available():
        return (sqlite3.Error, cipher.module().Error)
    return (sqlite3.Error,)


def check_sqlite_file(path: Path) -> BackupCheck:
    """Open a SQLite backup read-only: integrity, counts, revision, audit chain, floors."""
    key = cipher.passphrase_for(path)
    try:
        raw = cipher.connect(path, key, readonly=True)
        try:
            ok = raw.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            raw.close()
    except _db_errors() as exc:
        if key is not None:
            raise cipher.wrong_passphrase(path) from None
        raise InvalidInput(_("{file} is damaged: {error}").format(file=path, error=exc)) from None
    if ok != "ok":
        raise InvalidInput(_("{file} is damaged: {error}").format(file=path, error=ok))
    # read-only and without desk's connect hook: checking a backup never writes to it
    engine = create_engine(
        "sqlite://",
        creator=lambda: cipher.connect(path, key, readonly=True),
        **({"module": cipher.module()} if key is not None else {}),
    )
    try:
        with engine.connect() as conn:
            revision = _revision(conn)
            counts = table_counts(conn)
            floors = issued_floors(conn)
            events, head, chain_ok, problem = (
                chain_of(conn) if "audit_events" in counts else (0, GENESIS, True, None)
            )
            conn.rollback()
    finally:
        engine.dispose()
    return BackupCheck("sqlite", revision, counts, events, head, chain_ok, problem, floors)


def sqlite_restore(backup: Path, target: Path, progress: Progress | None = None) -> None:
    """Replace the SQLite database ``target`` page by page from ``backup`` (the backup API
    writes through the target's own journal: other connections see old or new, whole)."""
    source = cipher.connect(backup, readonly=True)
    try:
        dest = cipher.connect(target, timeout=10)
        try:

            def step(status: int, remaining: int, total: int) -> None:
                if progress:
                    progress(total - remaining, total)

            source.backup(dest, pages=256, progress=step)
        finally:
            dest.close()
    except _db_errors() as exc:
        raise StorageError(
            _("The database could not be restored: {error}").format(error=exc)
        ) from None
    finally:
        source.close()


def matching_copy(source: Path, target: Path) -> Path | None:
    """SQLite's backup API copies pages between two plain or two encrypted databases only:
    when ``source`` and ``target`` differ, a scratch copy of ``source`` encrypted as
    ``target`` is (with ``target``'s passphrase, or none); None when no copy is needed."""
    source_key, target_key = cipher.passphrase_for(source), cipher.passphrase_for(target)
    if (source_key is None) == (target_key is None):
        return None
    scratch = scratch_sqlite(target.parent)
    try:
        cipher.export(source, scratch, source_key=source_key, target_key=target_key)
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise
    if target_key is not None:
        cipher.remember(scratch, target_key)
    return scratch


# --------------------------------------------------------------------------- desk dumps


def _encode(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "datetime":
        if isinstance(value, str):
            return value
        return value.isoformat()
    if kind == "date":
        return value.isoformat() if not isinstance(value, str) else value
    if kind == "bytes":
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _decode(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "datetime":
        return dt.datetime.fromisoformat(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "bytes":
        return base64.b64decode(value)
    return value


def _kinds(table: Table) -> list[str]:
    out = []
    for col in table.columns:
        if isinstance(col.type, DateTime):
            out.append("datetime")
        elif isinstance(col.type, Date):
            out.append("date")
        elif isinstance(col.type, LargeBinary):
            out.append("bytes")
        else:
            out.append("value")
    return out


def _reflect(conn: Connection) -> dict[str, Table]:
    meta = MetaData()
    meta.reflect(bind=conn)
    return dict(meta.tables)


def _sorted(conn: Connection, tables: dict[str, Table]) -> list[Table]:
    meta = next(iter(tables.values())).metadata if tables else MetaData()
    return [t for t in meta.sorted_tables if t.name in tables]


def _snapshot(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    else:
        conn.exec_driver_sql("SELECT count(*) FROM sqlite_master")  # the read snapshot starts


def write_dump(engine: Engine, out: Path, progress: Progress | None = None) -> dict[str, int]:
    """Every table's rows as JSON lines (gzip), read in one snapshot; returns the counts."""
    tmp = _atomic_target(out)
    try:
        with engine.connect() as conn:
            conn.begin()
            _snapshot(conn)
            counts = table_counts(conn)
            tables = _reflect(conn)
            order = _sorted(conn, tables)
            total, done = sum(counts.values()), 0
            header = {
                "format": DUMP_FORMAT,
                "revision": _revision(conn),
                "dialect": conn.dialect.name,
                "written_at": dt.datetime.now(dt.UTC).isoformat(),
                "tables": {t.name: [c.name for c in t.columns] for t in order},
                "counts": counts,
            }
            with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=6) as fh:
                fh.write(json.dumps(header, ensure_ascii=False) + "\n")
                for table in order:
                    kinds = _kinds(table)
                    pk = list(table.primary_key.columns) or list(table.columns)[:1]
                    result = conn.execution_options(yield_per=_BATCH).execute(
                        select(table).order_by(*pk)
                    )
                    for row in result:
                        line = [_encode(v, k) for v, k in zip(row, kinds, strict=True)]
                        fh.write(
                            json.dumps([table.name, line], ensure_ascii=False, default=str) + "\n"
                        )
                        done += 1
                        if progress and done % 1000 == 0:
                            progress(done, total)
            conn.rollback()
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _publish(tmp, out)
    if progress:
        progress(total, total)
    return counts


def _read_dump(path: Path) -> tuple[dict[str, Any], Iterator[tuple[str, list[Any]]], IO[str]]:
    fh: IO[str] = gzip.open(path, "rt", encoding="utf-8")
    try:
        header = json.loads(fh.readline())
    except (OSError, EOFError, ValueError) as exc:
        fh.close()
        raise InvalidInput(_("{file} is damaged: {error}").format(file=path, error=exc)) from None
    if not isinstance(header, dict) or header.get("format") != DUMP_FORMAT:
        fh.close()
        raise InvalidInput(_("{file} is not a desk dump").format(file=path))

    def rows() -> Iterator[tuple[str, list[Any]]]:
        for line in fh:
            name, values = json.loads(line)
            yield str(name), values

    return header, rows(), fh


def check_dump(path: Path) -> BackupCheck:
    """Read a desk dump through: rows per table against its header, the audit chain
    recomputed from its rows, the document numbers it had issued."""
    header, rows, fh = _read_dump(path)
    counts: dict[str, int] = {name: 0 for name in header["tables"]}
    columns = {name: cols for name, cols in header["tables"].items()}
    prev, expected, chain_ok, problem, head = GENESIS, 1, True, None, GENESIS
    floors: dict[str, int] = {}
    stored_head = None
    try:
        with fh:
            for name, values in rows:
                counts[name] = counts.get(name, 0) + 1
                cols = columns.get(name)
                if cols is None:
                    continue
                row = dict(zip(cols, values, strict=True))
                if name == "audit_events" and chain_ok:
                    ok = row["seq"] == expected and row["prev_sha256"] == prev
                    if ok:
                        at = row["at"]
                        recomputed = event_sha256(
                            row["prev_sha256"],
                            row["seq"],
                            dt.datetime.fromisoformat(at) if "T" in at else at,
                            row["actor"],
                            row["action"],
                            row["entity"],
                            row["entity_id"],
                            row["details"] if isinstance(row["details"], dict) else {},
                        )
                        ok = recomputed == row["sha256"]
                    if not ok:
                        chain_ok, problem = False, f"event no. {expected}"
                    else:
                        prev, expected, head = row["sha256"], expected + 1, row["sha256"]
                elif name == "audit_chain":
                    stored_head = (row["seq"], row["sha256"])
                elif name == "issued_records":
                    found = _NUMBER.match(str(row["document_number"]))
                    if found:
                        p, s = found.group("prefix"), int(found.group("serial"))
                        floors[p] = max(floors.get(p, 0), s)
                elif name == "document_number_floors":
                    p = str(row["prefix"])
                    floors[p] = max(floors.get(p, 0), int(row["last_serial"]))
    except (OSError, EOFError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(_("{file} is damaged: {error}").format(file=path, error=exc)) from None
    if counts != header["counts"]:
        raise InvalidInput(
            _("{file} is incomplete: it holds other row counts than it says").format(file=path)
        )
    if (
        chain_ok
        and stored_head is not None
        and (stored_head[0], stored_head[1])
        != (
            expected - 1,
            head,
        )
    ):
        chain_ok, problem = False, "truncated"
    return BackupCheck(
        "desk",
        header.get("revision"),
        counts,
        expected - 1,
        head,
        chain_ok,
        problem,
        floors,
    )


def load_dump(conn: Connection, path: Path, progress: Progress | None = None) -> dict[str, int]:
    """Fill the (freshly migrated, empty) database on ``conn`` with the dump's rows."""
    header, rows, fh = _read_dump(path)
    tables = _reflect(conn)
    for table in reversed(_sorted(conn, tables)):
        if table.name not in ("alembic_version", "audit_events"):
            conn.execute(delete(table))
    total, done = sum(header["counts"].values()), 0
    batch: list[dict[str, Any]] = []
    current: Table | None = None
    kinds: list[str] = []
    cols: list[str] = []

    def flush() -> None:
        if current is not None and batch:
            conn.execute(insert(current), batch)
            batch.clear()

    with fh:
        for name, values in rows:
            if name == "alembic_version":
                continue
            if current is None or current.name != name:
                flush()
                current = tables.get(name)
                if current is None:
                    raise InvalidInput(
                        _("{file} holds a table this database does not have: {table}").format(
                            file=path, table=name
                        )
                    )
                cols = header["tables"][name]
                by_name = {c.name: k for c, k in zip(current.columns, _kinds(current), strict=True)}
                kinds = [by_name.get(c, "value") for c in cols]
            batch.append({c: _decode(v, k) for c, v, k in zip(cols, values, kinds, strict=True)})
            done += 1
            if len(batch) >= 1000:
                flush()
                if progress:
                    progress(done, total)
        flush()
    if conn.dialect.name == "postgresql":
        _reset_sequences(conn, tables)
    return dict(header["counts"])


def _reset_sequences(conn: Connection, tables: dict[str, Table]) -> None:
    for table in tables.values():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type.python_type, type):
            continue
        seq = conn.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": pk[0].name}
        ).scalar()
        if seq:
            top = conn.execute(select(func.max(pk[0]))).scalar()
            conn.execute(
                text("SELECT setval(:s, :v, :called)"),
                {"s": seq, "v": int(top or 1), "called": top is not None},
            )


# --------------------------------------------------------------------------- pg_dump


def pg_tools() -> tuple[str, str] | None:
    dump, restore = shutil.which("pg_dump"), shutil.which("pg_restore")
    return (dump, restore) if dump and restore else None


def libpq_args(url: str) -> tuple[list[str], dict[str, str]]:
    """Connection options for the PostgreSQL command-line tools (password in the
    environment, never on the command line) and the schema the URL selects, if any."""
    parsed = make_url(url)
    args = []
    if parsed.host:
        args += ["-h", str(parsed.host)]
    if parsed.port:
        args += ["-p", str(parsed.port)]
    if parsed.username:
        args += ["-U", str(parsed.username)]
    args += ["-d", str(parsed.database or "postgres"), "--no-password"]
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    options = parsed.query.get("options")
    if options:
        env["PGOPTIONS"] = options if isinstance(options, str) else " ".join(options)
    return args, env


def pg_schema(url: str) -> str | None:
    options = make_url(url).query.get("options")
    text_ = options if isinstance(options, str) else " ".join(options or ())
    found = re.search(r"search_path\s*=\s*([A-Za-z0-9_]+)", text_)
    return found.group(1) if found else None


def pg_dump(engine: Engine, url: str, out: Path) -> BackupCheck:
    """``pg_dump -Fc`` from a snapshot exported by a transaction that also counts the rows
    and checks the audit chain — the file and the figures describe the same moment."""
    tools = pg_tools()
    assert tools is not None
    tmp = _atomic_target(out)
    args, env = libpq_args(url)
    schema = pg_schema(url)
    try:
        with engine.connect() as conn:
            conn.begin()
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar()
            counts = table_counts(conn)
            revision = _revision(conn)
            floors = issued_floors(conn)
            events, head, chain_ok, problem = chain_of(conn)
            cmd = [tools[0], *args, "-Fc", f"--snapshot={snapshot}", "-f", str(tmp)]
            if schema:
                cmd += ["-n", schema]
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
            conn.rollback()
        if done.returncode != 0:
            raise StorageError(_("pg_dump failed: {error}").format(error=done.stderr.strip()[:500]))
        dumped = pg_dump_counts(tmp)
        wanted = {k: v for k, v in counts.items()}
        if dumped != wanted:
            raise StorageError(_("The backup does not hold every row (pg_dump wrote other counts)"))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _publish(tmp, out)
    return BackupCheck("pg_dump", revision, counts, events, head, chain_ok, problem, floors)


def pg_dump_counts(path: Path) -> dict[str, int]:
    """Rows per table in a pg_dump file, counted in its data stream (``pg_restore -f -``)."""
    tools = pg_tools()
    if tools is None:
        raise StorageError(_("pg_restore is not installed; it is needed for this backup"))
    counts: dict[str, int] = {}
    table = None
    copy = re.compile(rb'^COPY (?:"?[\w]+"?\.)?"?(\w+)"? \(')
    with subprocess.Popen(
        [tools[1], "--data-only", "-f", "-", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        for line in proc.stdout:
            if table is None:
                found = copy.match(line)
                if found:
                    table = found.group(1).decode()
                    counts.setdefault(table, 0)
            elif line == b"\\.\n":
                table = None
            else:
                counts[table] += 1
        err = proc.stderr.read()
        code = proc.wait()
    if code != 0:
        raise InvalidInput(
            _("{file} is damaged: {error}").format(
                file=path, error=err.decode(errors="replace").strip()[:300]
            )
        )
    return counts


def pg_restore(url: str, path: Path) -> None:
    tools = pg_tools()
    if tools is None:
        raise StorageError(_("pg_restore is not installed; it is needed for this backup"))
    args, env = libpq_args(url)
    cmd = [tools[1], *args, "--clean", "--if-exists", "--single-transaction", "--no-owner"]
    done = subprocess.run([*cmd, str(path)], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise StorageError(
            _("pg_restore failed; the database was left as it was: {error}").format(
                error=done.stderr.strip()[:500]
            )
        )


def drop_desk_tables(conn: Connection) -> None:
    """Remove every desk table (PostgreSQL, inside the restore's transaction)."""
    for name in desk_tables(conn):
        conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}" CASCADE')
    conn.exec_driver_sql("DROP FUNCTION IF EXISTS audit_events_append_only() CASCADE")


def scratch_sqlite(folder: Path | None = None) -> Path:
    fd, name = tempfile.mkstemp(prefix=".desk-restore-", suffix=".sqlite3", dir=folder)
    os.close(fd)
    Path(name).unlink()
    return Path(name)
