"""The session's schema template (tests/conftest.py) gives a test the schema the migrations
write: same tables, columns, indexes, triggers (and on PostgreSQL, functions and policies)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from desk.storage import db


def _clauses(sql: str | None) -> list[str]:
    body = (sql or "").replace("\n", " ").strip()
    body = body[:-1] if body.endswith(")") else body  # the table's closing parenthesis
    return [part.strip() for part in body.split(",")]


def _shape(engine: Any) -> dict[str, list[Any]]:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.execute(
                text("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
            ).all()
            # batch migrations rebuild tables, listing constraints in an order of their own
            return {"objects": [(*r[:3], sorted(_clauses(r[3]))) for r in rows]}
        schema = conn.execute(text("SELECT current_schema()")).scalar()
        queries = {
            "columns": "SELECT table_name, column_name, data_type, is_nullable, column_default "
            "FROM information_schema.columns WHERE table_schema = :s ORDER BY 1, 2",
            "indexes": "SELECT tablename, indexname, replace(indexdef, :s || '.', '') "
            "FROM pg_indexes WHERE schemaname = :s ORDER BY 1, 2",
            "triggers": "SELECT event_object_table, trigger_name, action_timing, "
            "event_manipulation FROM information_schema.triggers "
            "WHERE trigger_schema = :s ORDER BY 1, 2, 4",
            "functions": "SELECT p.proname, p.prosrc FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = :s ORDER BY 1",
            "policies": "SELECT tablename, policyname, cmd, roles::text, qual, with_check "
            "FROM pg_policies WHERE schemaname = :s ORDER BY 1, 2",
            "rls": "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s "
            "AND c.relkind = 'r' ORDER BY 1",
            "data": "SELECT version_num FROM alembic_version",
        }
        return {
            key: [
                tuple(str(v).replace(f"{schema}.", "") for v in r)
                for r in conn.execute(text(q), {"s": schema}).all()
            ]
            for key, q in queries.items()
        }


def test_a_fresh_database_is_the_migrated_schema(database_url: str, tmp_path: Any) -> None:
    from tests.conftest import _pg_schema_url

    templated = db.open_database(database_url)
    try:
        assert db.upgrade_engine.__module__ == "tests.conftest"  # the template is in use
        got = _shape(templated.engine)
    finally:
        templated.engine.dispose()
    if database_url.startswith("sqlite"):
        real_url = f"sqlite:///{tmp_path / 'real.sqlite3'}"
        admin = None
    else:
        admin, schema, real_url = _pg_schema_url("realmigrations")
    engine = db.make_engine(real_url)
    try:
        real = getattr(db.upgrade_engine, "__wrapped__", None)
        assert real is not None
        real(engine, backup=False)
        want = _shape(engine)
    finally:
        engine.dispose()
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            admin.dispose()
    assert got == want
    assert got[next(iter(got))], "the schema is not empty"


@pytest.mark.real_migrations
def test_a_marked_test_migrates_for_real(database_url: str) -> None:
    opened = db.open_database(database_url)
    try:
        with opened.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        opened.engine.dispose()
