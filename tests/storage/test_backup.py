"""Backups and restores (issue 15, "Data kept safe"), on SQLite and PostgreSQL: each
checked after writing, a restored older copy never re-issues a document number, a copy
taken under WAL holds every write, a broken backup is refused, dated automatic copies and
a restore drill."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from desk.cli.main import main
from desk.domain.errors import InvalidInput, PermissionDenied
from desk.domain.i18n import set_language
from desk.services import records as reports
from desk.services.audit import verify_audit
from desk.services.backup import (
    auto_backup,
    backup_database,
    check_backup,
    dated_backups,
    restore_database,
)
from desk.services.cases import assess_cases, import_cases, list_cases
from desk.services.context import open_context
from desk.services.local_config import LocalConfig
from desk.services.reviews import add_user
from tests.storage.case_files import write_case


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    set_language("en")
    yield
    set_language("en")


def _cases(url: str, folder: Path, ids: list[str]) -> None:
    with open_context(url, actor="office1") as ctx:
        import_cases(ctx, [write_case(folder, id=i) for i in ids])
        assess_cases(ctx, lists=[])


def _issue(url: str, folder: Path, name: str) -> str:
    with open_context(url, actor="office1") as ctx:
        return reports.issue_record(ctx, "B00", "precheck", "en", folder / name).document_number


def _refs(url: str) -> list[str]:
    with open_context(url, actor="office1") as ctx:
        return sorted(c.ref for c in list_cases(ctx))


def test_backup_is_checked_and_a_restored_older_copy_never_reissues_a_number(
    database_url: str, tmp_path: Path
) -> None:
    _cases(database_url, tmp_path, ["B00", "B01"])
    first = _issue(database_url, tmp_path, "r1.pdf")
    with open_context(database_url, actor="office1") as ctx:
        result = backup_database(ctx, tmp_path / "older.bak")
    assert result.check.chain_ok and result.check.counts["cases"] == 2
    assert result.check.counts["issued_records"] == 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    # after the backup: one more case and one more record, then the older copy comes back
    _cases(database_url, tmp_path, ["B02"])
    second = _issue(database_url, tmp_path, "r2.pdf")
    assert second != first
    restored = restore_database(database_url, tmp_path / "older.bak", actor="office1")
    assert _refs(database_url) == ["B00", "B01"]
    assert restored.floors_moved == {"DESK-2026-PRE-": 2} or list(
        restored.floors_moved.values()
    ) == [2]
    third = _issue(database_url, tmp_path, "r3.pdf")
    assert third not in (first, second)
    assert third.endswith("000003")
    with open_context(database_url, actor="office1") as ctx:
        report = verify_audit(ctx)
    assert report.ok


def test_a_sqlite_backup_under_wal_holds_every_write(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    _cases(url, tmp_path, ["B00"])
    # a writer that keeps its pages in the WAL (no checkpoint), as a running app does
    writer = sqlite3.connect(tmp_path / "desk.sqlite3")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("UPDATE cases SET title = 'kept in the WAL only'")
    writer.commit()
    try:
        raw = tmp_path / "raw-copy.sqlite3"
        raw.write_bytes((tmp_path / "desk.sqlite3").read_bytes())
        with sqlite3.connect(raw) as copy:  # what copying the file alone gives
            assert copy.execute("SELECT title FROM cases").fetchone()[0] != "kept in the WAL only"
        with open_context(url, actor="office1") as ctx:
            backup_database(ctx, tmp_path / "online.bak")
        with sqlite3.connect(tmp_path / "online.bak") as copy:
            assert copy.execute("SELECT title FROM cases").fetchone()[0] == "kept in the WAL only"
    finally:
        writer.close()
    assert not (tmp_path / "online.bak-wal").exists()


def test_a_backup_with_a_broken_audit_trail_is_refused_and_nothing_changes(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    _cases(url, tmp_path, ["B00", "B01"])
    with open_context(url, actor="office1") as ctx:
        backup_database(ctx, tmp_path / "b.bak")
    with sqlite3.connect(tmp_path / "b.bak") as bad:  # someone rewrote history in the copy
        bad.execute("DROP TRIGGER audit_events_no_update")
        bad.execute("UPDATE audit_events SET actor = 'nobody' WHERE seq = 1")
    assert not check_backup(tmp_path / "b.bak").chain_ok
    _cases(url, tmp_path, ["B02"])
    with pytest.raises(InvalidInput, match="broken"):
        restore_database(url, tmp_path / "b.bak", actor="office1")
    assert _refs(url) == ["B00", "B01", "B02"]
    (tmp_path / "junk.bak").write_bytes(b"not a backup at all")
    with pytest.raises(InvalidInput, match="not a desk backup"):
        restore_database(url, tmp_path / "junk.bak", actor="office1")


def test_desk_dump_moves_a_database_between_sqlite_and_postgresql(
    database_url: str, tmp_path: Path
) -> None:
    source = f"sqlite:///{tmp_path / 'single-pc.sqlite3'}"
    _cases(source, tmp_path, ["B00", "B01"])
    _issue(source, tmp_path, "r1.pdf")
    with open_context(source, actor="office1") as ctx:
        dumped = backup_database(ctx, tmp_path / "move.deskdump", fmt="desk")
    assert dumped.check.format == "desk" and dumped.check.chain_ok
    restored = restore_database(database_url, tmp_path / "move.deskdump", actor="office1")
    assert restored.check.counts["cases"] == 2
    assert _refs(database_url) == ["B00", "B01"]
    assert _issue(database_url, tmp_path, "r2.pdf").endswith("000002")
    with open_context(database_url, actor="office1") as ctx:
        assert verify_audit(ctx).ok


def test_only_the_office_backs_up_and_restores(database_url: str, tmp_path: Path) -> None:
    _cases(database_url, tmp_path, ["B00"])
    with open_context(database_url, actor="office1") as ctx:
        add_user(ctx, "office1", ["office"])
        add_user(ctx, "rin", ["researcher"])
        backup_database(ctx, tmp_path / "b.bak")
    with open_context(database_url, actor="rin") as ctx, pytest.raises(PermissionDenied):
        backup_database(ctx, tmp_path / "c.bak")
    with pytest.raises(PermissionDenied):
        restore_database(database_url, tmp_path / "b.bak", actor="rin")
    assert not (tmp_path / "c.bak").exists()


def test_cli_backup_restore_and_check(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _cases(database_url, tmp_path, ["B00"])
    db = ["--database", database_url]
    assert main([*db, "db", "backup", "--out", str(tmp_path / "b.bak")]) == 0
    assert "Backed up and checked" in capsys.readouterr().out
    assert main(["db", "check-backup", str(tmp_path / "b.bak"), "--json"]) == 0
    assert '"audit_ok": true' in capsys.readouterr().out
    assert main([*db, "db", "restore", str(tmp_path / "b.bak")]) == 0
    assert "the audit trail verifies" in capsys.readouterr().out
    assert main([*db, "db", "restore", str(tmp_path / "missing.bak")]) == 2
    assert main([*db, "--lang", "ja", "db", "backup", "--out", str(tmp_path)]) == 2
    assert "フォルダ" in capsys.readouterr().err


def test_dated_backups_keep_n_and_a_restore_drill(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    _cases(url, tmp_path, ["B00"])
    config = LocalConfig(backup_folder=tmp_path / "backups", backup_keep=2, backup_every="daily")
    day = dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.UTC)
    with open_context(url, actor="office1") as ctx:
        assert auto_backup(ctx, config, now=day) is not None
        assert auto_backup(ctx, config, now=day + dt.timedelta(hours=1)) is None  # same day
        for n in (1, 2, 3):
            assert auto_backup(ctx, config, now=day + dt.timedelta(days=n)) is not None
        assert (
            auto_backup(ctx, config.with_(backup_every="off"), now=day.replace(year=2027)) is None
        )
    kept = dated_backups(tmp_path / "backups")
    assert [p.name[:13] for p in kept] == ["desk-20261209", "desk-20261210"]
    # the drill: work is lost after the newest copy, the copy comes back, whole and verified
    _cases(url, tmp_path, ["B01"])
    restored = restore_database(url, kept[-1], actor="office1")
    assert restored.check.chain_ok
    assert _refs(url) == ["B00"]
    with open_context(url, actor="office1") as ctx:
        assert verify_audit(ctx).ok
