"""Database refusals are classified by their code, not their English text: a PostgreSQL
server speaking Japanese, or SQLite in any build, still gives the right message."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg.errors
from sqlalchemy.exc import OperationalError

from desk.storage.db import error_kind, storage_message


def _locked_sqlite(tmp_path: Path) -> sqlite3.OperationalError:
    path = tmp_path / "held.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(path, timeout=0)
    try:
        other.execute("INSERT INTO t VALUES (1)")
    except sqlite3.OperationalError as exc:
        return exc
    finally:
        other.close()
        holder.close()
    raise AssertionError("the database was not locked")


def test_a_locked_sqlite_database_is_known_by_its_code_whatever_the_text(tmp_path: Path) -> None:
    exc = _locked_sqlite(tmp_path)
    exc.args = ("データベースはロックされています",)  # no English word left to match
    wrapped = OperationalError("INSERT", {}, exc)
    assert error_kind(wrapped) == "locked"
    assert "locked by another program" in storage_message("sqlite:///x.db", wrapped)


def test_postgresql_errors_are_known_by_their_sqlstate() -> None:
    locked = psycopg.errors.LockNotAvailable("ロックを取得できませんでした")
    full = psycopg.errors.DiskFull("デバイスに空き領域がありません")
    assert error_kind(OperationalError("UPDATE", {}, locked)) == "locked"
    assert error_kind(OperationalError("INSERT", {}, full)) == "disk_full"
    message = storage_message("postgresql+psycopg://h/db", OperationalError("INSERT", {}, full))
    assert "disk is full" in message


def test_an_english_message_alone_is_not_taken_as_a_code() -> None:
    # text says "locked" but no code does: reported as it is, not guessed
    exc = OperationalError("SELECT", {}, Exception("row locked by a trigger"))
    assert error_kind(exc) is None
    assert "Cannot use the database" in storage_message("sqlite:///x.db", exc)
