"""The schema: migrations from empty, no drift from the models, newer databases refused,
a copy taken before an upgrade — on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from desk.cli.main import main
from desk.domain.errors import DatabaseTooNew
from desk.domain.i18n import set_language
from desk.services.cases import import_cases, list_cases
from desk.services.context import open_context
from desk.services.database import database_status
from desk.storage import db as dbmod
from desk.storage.db import head_revision, open_database
from desk.storage.models import Base

EXPECTED_TABLES = {
    "affiliations",
    "assessments",
    "attachments",
    "audit_chain",
    "audit_events",
    "cases",
    "case_documents",
    "cleared_hits",
    "declarations",
    "departments",
    "dispositions",
    "exemption_claims",
    "issued_records",
    "office_settings",
    "transaction_checks",
    "list_entries",
    "list_versions",
    "licences",
    "lists",
    "organizations",
    "people",
    "person_events",
    "project_fundings",
    "project_members",
    "project_partners",
    "projects",
    "review_steps",
    "screening_record_hits",
    "screening_records",
    "screening_results",
    "technical_items",
    "ties",
    "user_roles",
    "user_credentials",
    "signin_policy",
    "users",
    # keeping: number floors after a restore, retention, legal holds, record signatures
    "document_number_floors",
    "retention_policies",
    "legal_holds",
    "record_signatures",
    # goods (0003)
    "goods_items",
    "shipments",
    "shipment_lines",
    "shipment_review_steps",
    "shipment_records",
    "shipment_assessments",
    # internal audits (0005)
    "internal_audits",
    "internal_audit_checks",
    "internal_audit_findings",
    "internal_audit_actions",
    # intake (0007)
    "roster_reviews",
    "intake_documents",
    "declaration_campaigns",
    "intake_reviews",
    # classify (0012)
    "classifications",
    "classification_documents",
    "classification_snapshots",
    "informs",
    # trips (0013)
    "trips",
    "trip_cases",
    "trip_shipments",
    "trip_assessments",
    "trip_records",
    # minimum-use technology's cleared shipment (0016)
    "case_shipment_links",
}


def test_upgrade_from_empty_creates_every_table_at_head(database_url: str) -> None:
    before = database_status(database_url)
    assert before.current is None and not before.at_head
    db = open_database(database_url)
    try:
        assert EXPECTED_TABLES <= set(db.table_names())
        assert set(Base.metadata.tables) == EXPECTED_TABLES
    finally:
        db.close()
    after = database_status(database_url)
    assert after.at_head and after.current == head_revision()


def test_models_match_migrations(database_url: str) -> None:
    db = open_database(database_url)
    try:
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "target_metadata": Base.metadata}
            )
            diff = compare_metadata(context, Base.metadata)
    finally:
        db.close()
    assert diff == [], f"models and migrations differ; add a revision: {diff}"


def _stamp(url: str, revision: str) -> None:
    db = open_database(url)
    try:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    finally:
        db.close()


def test_a_newer_database_is_refused(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _stamp(database_url, "9999_from_the_future")
    with pytest.raises(DatabaseTooNew, match="newer version of desk"):
        open_database(database_url)
    # the CLI says so too, for every command that opens the database
    assert main(["cases", "list", "--database", database_url]) == 2
    assert "newer version of desk" in capsys.readouterr().err
    assert main(["db", "check", "--database", database_url]) == 2
    assert "9999_from_the_future" in capsys.readouterr().err
    assert main(["db", "upgrade", "--database", database_url]) == 2
    assert "newer version of desk" in capsys.readouterr().err
    try:
        assert main(["--lang", "ja", "stats", "--database", database_url]) == 2
        assert "新しいバージョンの desk" in capsys.readouterr().err
    finally:
        set_language("en")


def test_db_check_and_upgrade(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "check", "--database", database_url]) == 1
    assert "desk db upgrade" in capsys.readouterr().err
    assert main(["db", "upgrade", "--database", database_url]) == 0
    assert head_revision() in capsys.readouterr().out
    assert main(["db", "check", "--database", database_url]) == 0
    assert "up to date" in capsys.readouterr().out


PROBE_REVISION = """
from alembic import op
import sqlalchemy as sa

revision = "0999_probe"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("probe", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("probe")
"""


def test_a_copy_is_taken_before_a_pending_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixtures_dir: Path
) -> None:
    path = tmp_path / "desk.sqlite3"
    url = f"sqlite:///{path}"
    with open_context(url) as ctx:
        import_cases(ctx, [fixtures_dir / "cases" / "S01.json"])
    assert not list(tmp_path.glob("*.backup-*")), "no copy when no upgrade is pending"

    # a newer desk: the same migrations plus one revision
    import shutil

    ours = head_revision()

    newer = tmp_path / "migrations"
    shutil.copytree(dbmod.MIGRATIONS_DIR, newer, ignore=shutil.ignore_patterns("__pycache__"))
    (newer / "versions" / "0999_probe.py").write_text(PROBE_REVISION.format(head=head_revision()))
    monkeypatch.setattr(dbmod, "MIGRATIONS_DIR", newer)

    with open_context(url) as ctx:
        copy = ctx.backup_path
        assert [c.ref for c in list_cases(ctx)] == ["S01"]
    assert copy is not None and copy.exists() and copy.parent == tmp_path
    with sqlite3.connect(copy) as conn:  # the copy is the database as it was
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == ours
        assert conn.execute("SELECT ref FROM cases").fetchall() == [("S01",)]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0999_probe"
        assert conn.execute("SELECT count(*) FROM probe").fetchone()[0] == 0


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.close()


def test_default_database_is_in_the_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DESK_DATABASE_URL", raising=False)
    monkeypatch.setattr(dbmod, "default_database_path", lambda: tmp_path / "data" / "desk.sqlite3")
    assert dbmod.resolve_url(None) == f"sqlite:///{tmp_path / 'data' / 'desk.sqlite3'}"
    monkeypatch.setenv("DESK_DATABASE_URL", "sqlite:///elsewhere.sqlite3")
    assert dbmod.resolve_url(None) == "sqlite:///elsewhere.sqlite3"
    assert dbmod.resolve_url("sqlite:///given.sqlite3") == "sqlite:///given.sqlite3"


def test_platformdirs_location_names_desk() -> None:
    path = dbmod.default_database_path()
    assert path.name == "desk.sqlite3" and "desk" in path.parent.as_posix().lower()


def test_downgrade_to_empty_and_back(database_url: str) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from desk.storage.db import alembic_config, make_engine

    open_database(database_url).close()
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            command.downgrade(alembic_config(conn), "base")
            conn.commit()
            assert set(inspect(conn).get_table_names()) == {"alembic_version"}
        db = open_database(database_url)  # start-up upgrades it again, triggers included
        try:
            assert EXPECTED_TABLES <= set(db.table_names())
            with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO audit_events (at, actor, action, entity, details) "
                        "VALUES (CURRENT_TIMESTAMP, 'a', 'b', 'c', '{}')"
                    )
                )
                conn.execute(text("DELETE FROM audit_events"))
        finally:
            db.close()
    finally:
        engine.dispose()


def test_schema_head_constant_is_alembics_head() -> None:
    """Opening a database at SCHEMA_HEAD skips Alembic: the constant must follow the revisions."""
    from desk.storage.migrations import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD
