"""Encryption at rest of the single-PC database with SQLCipher (issue 15, "Single-PC mode":
docs/security.md): an encrypted file is unreadable without its passphrase, a wrong one is a
clear refusal (exit 2, the file named), ``desk db encrypt``/``decrypt`` copy without
touching the original and keep the audit chain, backups of an encrypted database stay
encrypted, ``desk db rekey`` changes the passphrase.

SQLCipher is the extra ``desk[cipher]``, installed by ``scripts/bootstrap all``: a missing
driver FAILS these tests (the import below), it never skips them."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlcipher3  # noqa: F401  (the driver must be installed: see the docstring)

from desk.cli.main import main
from desk.domain.errors import StorageError
from desk.domain.i18n import set_language
from desk.services import records as reports
from desk.services.audit import verify_audit
from desk.services.backup import (
    auto_backup,
    backup_database,
    change_passphrase,
    check_backup,
    decrypt_database,
    encrypt_database,
    restore_database,
)
from desk.services.cases import assess_cases, import_cases, list_cases
from desk.services.context import open_context
from desk.services.database import database_status, unlock_database
from desk.services.local_config import LocalConfig
from desk.storage import cipher
from tests.storage.case_files import write_case

PASS = "correct horse battery"
RELEASED = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade" / "0.1.0" / "desk.sqlite3"
SECRET_REF = "ENCRYPTED-CASE-7Q"


@pytest.fixture(autouse=True)
def english_and_no_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    set_language("en")
    for name in ("DESK_DB_PASSPHRASE", "DESK_DB_NEW_PASSPHRASE", "DESK_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    cipher.forget()
    yield
    cipher.forget()
    set_language("en")


def _url(path: Path) -> str:
    return f"sqlite+pysqlcipher:///{path}"


def _fill(url: str, folder: Path, ids: list[str]) -> str:
    """Cases imported and assessed, one record issued; returns the record's file."""
    with open_context(url, actor="office1") as ctx:
        import_cases(ctx, [write_case(folder, id=i) for i in ids])
        assess_cases(ctx, lists=[])
        pdf = folder / f"{ids[0]}.pdf"
        reports.issue_record(ctx, ids[0], "precheck", "en", pdf)
    return str(pdf)


def _refs(url: str) -> list[str]:
    with open_context(url, actor="office1") as ctx:
        return sorted(c.ref for c in list_cases(ctx))


def _plain_sqlite_refuses(path: Path) -> None:
    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    raw = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        raw.close()


def test_an_encrypted_database_works_and_is_unreadable_without_its_passphrase(
    tmp_path: Path,
) -> None:
    db = tmp_path / "desk.sqlite3"
    unlock_database(db, PASS)  # a new file: created encrypted with this passphrase
    pdf = _fill(_url(db), tmp_path, [SECRET_REF, "ENC-2"])
    with open_context(_url(db), actor="office1") as ctx:
        assert ctx.url.startswith("sqlite+pysqlcipher:") and PASS not in ctx.url
        assert reports.verify_record(ctx, pdf).ok
        assert verify_audit(ctx).ok
    assert _refs(_url(db)) == ["ENC-2", SECRET_REF]
    _plain_sqlite_refuses(db)
    # nothing readable in the file (nor in its WAL once checkpointed by the close)
    assert SECRET_REF.encode() not in db.read_bytes()
    cipher.forget()
    with pytest.raises(StorageError, match="encrypted, and no passphrase"):
        open_context(_url(db))


def test_a_wrong_or_missing_passphrase_exits_2_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.sqlite3"
    unlock_database(db, PASS)
    _fill(_url(db), tmp_path, ["W1"])
    cipher.forget()
    monkeypatch.setenv("DESK_DB_PASSPHRASE", "not the passphrase")
    assert main(["--database", _url(db), "cases", "list"]) == 2
    err = capsys.readouterr().err
    assert f"{db}: the passphrase is wrong" in err and "Traceback" not in err
    monkeypatch.delenv("DESK_DB_PASSPHRASE")
    assert main(["--database", _url(db), "cases", "list"]) == 2  # stdin is no terminal
    err = capsys.readouterr().err
    assert f"{db} is encrypted: give its passphrase in DESK_DB_PASSPHRASE" in err
    # a plain URL on the encrypted file: told it may be encrypted, no traceback
    assert main(["--database", f"sqlite:///{db}", "cases", "list"]) == 2
    err = capsys.readouterr().err
    assert "Not a desk database" in err and "Traceback" not in err
    assert f"open it as sqlite+pysqlcipher:///{db} with its passphrase" in err
    monkeypatch.setenv("DESK_DB_PASSPHRASE", PASS)
    assert main(["--database", _url(db), "cases", "list"]) == 0
    assert "W1" in capsys.readouterr().out
    # the passphrase in the URL (accepted, discouraged): the same checks
    cipher.forget()
    monkeypatch.delenv("DESK_DB_PASSPHRASE")
    in_url = f"sqlite+pysqlcipher://:{quote(PASS)}@/{db}"
    assert main(["--database", in_url, "cases", "list"]) == 0
    assert "W1" in capsys.readouterr().out
    cipher.forget()
    wrong = f"sqlite+pysqlcipher://:wrong@/{db}"
    assert main(["--database", wrong, "cases", "list"]) == 2
    err = capsys.readouterr().err
    assert "passphrase is wrong" in err and "wrong@" not in err


def test_encrypt_then_decrypt_keeps_every_row_and_the_audit_chain_and_never_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "plain.sqlite3"
    pdf = _fill(f"sqlite:///{plain}", tmp_path, ["R1", "R2", "R3"])
    enc = tmp_path / "enc.sqlite3"
    monkeypatch.setenv("DESK_USER", "office1")
    monkeypatch.setenv("DESK_DB_NEW_PASSPHRASE", PASS)
    assert main(["--database", f"sqlite:///{plain}", "db", "encrypt", "--out", str(enc)]) == 0
    assert "checked it" in capsys.readouterr().out
    # the original: still plain, every row, its chain (with the db.encrypt event) verifies
    assert plain.read_bytes()[:16] == b"SQLite format 3\x00"
    assert _refs(f"sqlite:///{plain}") == ["R1", "R2", "R3"]
    with open_context(f"sqlite:///{plain}", actor="office1") as ctx:
        assert verify_audit(ctx).ok
    _plain_sqlite_refuses(enc)
    assert not list(tmp_path.glob(".*.part"))
    # a second encrypt never overwrites a file
    assert main(["--database", f"sqlite:///{plain}", "db", "encrypt", "--out", str(enc)]) == 2
    assert "exists" in capsys.readouterr().err

    cipher.forget()
    unlock_database(enc, PASS)
    assert _refs(_url(enc)) == ["R1", "R2", "R3"]
    with open_context(_url(enc), actor="office1") as ctx:
        assert verify_audit(ctx).ok
        assert reports.verify_record(ctx, pdf).ok  # the record issued before, verified after
        dec = decrypt_database(ctx, tmp_path / "dec.sqlite3")
    assert dec.check.chain_ok and not dec.encrypted
    assert dec.path.read_bytes()[:16] == b"SQLite format 3\x00"
    raw = sqlite3.connect(dec.path)
    try:
        refs = [r[0] for r in raw.execute("SELECT ref FROM cases ORDER BY ref")]
    finally:
        raw.close()
    assert refs == ["R1", "R2", "R3"]
    with open_context(f"sqlite:///{dec.path}", actor="office1") as ctx:
        assert verify_audit(ctx).ok
    _plain_sqlite_refuses(enc)  # the encrypted original is still encrypted


def test_encrypt_refuses_a_short_passphrase_and_an_encrypted_source(tmp_path: Path) -> None:
    plain = tmp_path / "plain.sqlite3"
    with open_context(f"sqlite:///{plain}", actor="office1") as ctx:
        with pytest.raises(Exception, match="at least 8"):
            encrypt_database(ctx, tmp_path / "e.sqlite3", "short")
        assert not (tmp_path / "e.sqlite3").exists()
        encrypt_database(ctx, tmp_path / "e.sqlite3", PASS)
    with open_context(_url(tmp_path / "e.sqlite3"), actor="office1") as ctx:
        with pytest.raises(Exception, match="already encrypted"):
            encrypt_database(ctx, tmp_path / "e2.sqlite3", PASS)


def test_a_backup_of_an_encrypted_database_is_encrypted_and_restores(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    unlock_database(db, PASS)
    _fill(_url(db), tmp_path, [SECRET_REF, "B2"])
    out = tmp_path / "copy.bak"
    with open_context(_url(db), actor="office1") as ctx:
        result = backup_database(ctx, out)
    assert result.check.chain_ok and result.check.counts["cases"] == 2
    _plain_sqlite_refuses(out)
    assert SECRET_REF.encode() not in out.read_bytes()
    # the automatic dated copy the app takes is encrypted too
    with open_context(_url(db), actor="office1") as ctx:
        auto = auto_backup(ctx, LocalConfig(backup_folder=tmp_path / "auto", backup_every="start"))
    assert auto is not None and auto.check.counts["cases"] == 2
    _plain_sqlite_refuses(auto.path)
    # read back only with the passphrase: given for the file, or the open database's
    cipher.forget()
    with pytest.raises(Exception, match="not a desk backup"):
        check_backup(out)
    unlock_database(db, PASS)
    assert check_backup(out).counts["cases"] == 2  # the database's passphrase opens it
    cipher.forget()
    unlock_database(out, PASS)
    assert check_backup(out).counts["cases"] == 2
    # restore it over the (changed) encrypted database: still encrypted, rows back
    unlock_database(db, PASS)
    _fill(_url(db), tmp_path, ["B3"])
    restored = restore_database(_url(db), out, actor="office1")
    assert restored.before_copy is not None
    _plain_sqlite_refuses(restored.before_copy)  # the kept copy is encrypted too
    _plain_sqlite_refuses(db)
    assert _refs(_url(db)) == ["B2", SECRET_REF]


def test_a_plain_backup_restored_into_an_encrypted_database_stays_encrypted(
    tmp_path: Path,
) -> None:
    plain = tmp_path / "plain.sqlite3"
    _fill(f"sqlite:///{plain}", tmp_path, ["P1"])
    with open_context(f"sqlite:///{plain}", actor="office1") as ctx:
        backup_database(ctx, tmp_path / "plain.bak")
    db = tmp_path / "desk.sqlite3"
    unlock_database(db, PASS)
    _fill(_url(db), tmp_path, ["E1"])
    restore_database(_url(db), tmp_path / "plain.bak", actor="office1")
    _plain_sqlite_refuses(db)
    assert _refs(_url(db)) == ["P1"]
    assert not list(tmp_path.glob(".desk-restore-*"))


def test_rekey_changes_the_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.sqlite3"
    unlock_database(db, PASS)
    _fill(_url(db), tmp_path, ["K1"])
    with open_context(_url(db), actor="office1") as ctx:
        change_passphrase(ctx, "a new passphrase")
        assert _refs(ctx.url) == ["K1"]  # the open context goes on with the new key
    cipher.forget()
    with pytest.raises(StorageError, match="passphrase is wrong"):
        unlock_database(db, PASS)
    monkeypatch.setenv("DESK_USER", "office1")
    monkeypatch.setenv("DESK_DB_PASSPHRASE", "a new passphrase")
    monkeypatch.setenv("DESK_DB_NEW_PASSPHRASE", "third passphrase")
    assert main(["--database", _url(db), "db", "rekey"]) == 0
    cipher.forget()
    monkeypatch.setenv("DESK_DB_PASSPHRASE", "third passphrase")
    assert main(["--database", _url(db), "audit", "verify"]) == 0
    assert "intact" in capsys.readouterr().out


def test_an_encrypted_database_of_an_older_schema_is_migrated_and_its_copy_encrypted(
    tmp_path: Path,
) -> None:
    """The released 0.1.0 database, encrypted: opening it runs the migrations since on the
    encrypted file, and the copy taken before them is encrypted too."""
    db = tmp_path / "desk.sqlite3"
    cipher.export(RELEASED, db, source_key=None, target_key=PASS)
    _plain_sqlite_refuses(db)
    unlock_database(db, PASS)
    assert not database_status(_url(db)).at_head
    with open_context(_url(db), actor="tanaka") as ctx:
        assert ctx.backup_path is not None
        assert len(list_cases(ctx)) > 0
        assert verify_audit(ctx).ok
    assert database_status(_url(db)).at_head
    _plain_sqlite_refuses(ctx.backup_path)
    _plain_sqlite_refuses(db)


def test_without_the_driver_desk_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # import fails as if not installed
    monkeypatch.setitem(sys.modules, "sqlcipher3.dbapi2", None)
    monkeypatch.setenv("DESK_DB_PASSPHRASE", PASS)
    db = tmp_path / "desk.sqlite3"
    assert main(["--database", _url(db), "stats"]) == 2
    err = capsys.readouterr().err
    assert "the SQLCipher driver is not installed" in err and "desk[cipher]" in err
    assert "Traceback" not in err and not db.exists()
