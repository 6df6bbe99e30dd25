"""Fixtures for every test: the test data folder (``tests/fixtures``) and the databases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"  # copies of the project's example files, see its README


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """``tests/fixtures``: ``cases/*.json``, ``cases/lists/eul-fixture.csv``, ``screening/…``."""
    return FIXTURES


@pytest.fixture(scope="session", autouse=True)
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """desk's disk caches (the matcher's index) go to a folder of this run, not the user's."""
    import os

    before = os.environ.get("DESK_CACHE_DIR")
    os.environ["DESK_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop("DESK_CACHE_DIR", None)
    else:
        os.environ["DESK_CACHE_DIR"] = before


@pytest.fixture(scope="session", autouse=True)
def _private_backup_dir(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The app's dated automatic backups and this computer's data-safety settings go to a
    folder of this run, not the user's."""
    import os

    folder = tmp_path_factory.mktemp("keeping")
    wanted = {
        "DESK_BACKUP_DIR": str(folder / "backups"),
        "DESK_CONFIG_FILE": str(folder / "desk.ini"),
    }
    before = {key: os.environ.get(key) for key in wanted}
    os.environ.update(wanted)
    # no dated copy each time a test opens the app (tests/gui/test_keeping.py asks for one)
    (folder / "desk.ini").write_text("[backup]\nevery = off\n", encoding="utf-8")
    yield
    for key, value in before.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


# --------------------------------------------------------------------------- fresh schemas
# Every test that opens a new database used to run all of desk's migrations (0.5 s on SQLite,
# 1 s on PostgreSQL, a third of the suite's time). The migrations now run once per session
# into a template; an empty database opened by a test receives a copy of that template (SQLite:
# the online backup API; PostgreSQL: the template schema's pg_dump, renamed), which is the same
# schema the migrations write, since they wrote it. Databases that are not empty (old-version
# fixtures, a half-migrated file) still migrate for real, and so does a test marked
# ``real_migrations``, or every test when DESK_TEST_REAL_MIGRATIONS=1.


class _SchemaTemplates:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._sqlite: Path | None = None
        self._pg: dict[str, tuple[str, str] | None] = {}  # server -> (template schema, dump)

    def sqlite(self, upgrade: Any) -> Path:
        if self._sqlite is None:
            from desk.storage.db import make_engine

            path = self.folder / "template.sqlite3"
            engine = make_engine(f"sqlite:///{path}")
            try:
                upgrade(engine, backup=False)
            finally:
                engine.dispose()
            self._sqlite = path
        return self._sqlite

    def postgresql(self, engine: Any, upgrade: Any) -> tuple[str, str] | None:
        """(template schema name, its dump as SQL) for the server of ``engine``; None when
        pg_dump is not installed (the test then migrates)."""
        import os
        import shutil
        import subprocess
        import uuid

        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        server = engine.url.set(query={}).render_as_string(hide_password=False)
        if server in self._pg:
            return self._pg[server]
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            self._pg[server] = None
            return None
        schema = f"desk_template_{uuid.uuid4().hex[:12]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
            from desk.storage.db import make_engine

            template = make_engine(url.render_as_string(hide_password=False))
            try:
                upgrade(template, backup=False)
            finally:
                template.dispose()
            u = make_url(server)
            env = dict(os.environ)
            if u.password:
                env["PGPASSWORD"] = u.password
            args = [pg_dump, "--schema", schema, "--inserts", "--no-owner"]
            args += ["-h", u.host or "localhost", "-p", str(u.port or 5432)]
            args += ["-U", u.username or "postgres", u.database or "postgres"]
            done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
            if done.returncode != 0:
                self._pg[server] = None
                return None
            lines = [
                line
                for line in done.stdout.splitlines()
                # psql meta-commands (\restrict …), the schema itself (the test's exists)
                if not line.startswith("\\") and not line.startswith(f"CREATE SCHEMA {schema};")
            ]
            self._pg[server] = (schema, "\n".join(lines))
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            admin.dispose()
        return self._pg[server]


def _is_empty(engine: Any) -> bool:
    from sqlalchemy import inspect

    with engine.connect() as conn:
        return not inspect(conn).get_table_names()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "real_migrations: a new database runs every migration, not the session's schema template",
    )


@pytest.fixture(scope="session", autouse=True)
def _schema_templates(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    import os

    from desk.storage import db

    if os.environ.get("DESK_TEST_REAL_MIGRATIONS") == "1":
        yield None
        return
    real = db.upgrade_engine
    templates = _SchemaTemplates(tmp_path_factory.mktemp("schema-template"))
    state = {"real": False}

    def upgrade_engine(engine: Any, *, backup: bool = True) -> Path | None:
        if state["real"] or not _is_empty(engine):
            return real(engine, backup=backup)
        if getattr(engine.dialect.dbapi, "__name__", "").startswith("sqlcipher3"):
            return real(engine, backup=backup)  # an encrypted file runs every migration
        if engine.dialect.name == "sqlite":
            import sqlite3

            source = sqlite3.connect(str(templates.sqlite(real)))
            try:
                with engine.connect() as conn:
                    source.backup(conn.connection.driver_connection)
                    conn.commit()
            finally:
                source.close()
            return None
        if engine.dialect.name == "postgresql":
            found = templates.postgresql(engine, real)
            if found is None:
                return real(engine, backup=backup)
            template, dump = found
            import psycopg

            # a connection of its own: the dump's SETs (search_path '', row_security off…)
            # must not stay on a connection of the engine's pool
            url = engine.url.render_as_string(hide_password=False)
            with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1)) as raw:
                schema = raw.execute("SELECT current_schema()").fetchone()[0]
                raw.execute(dump.replace(template, str(schema)))
            return None
        return real(engine, backup=backup)

    upgrade_engine.__wrapped__ = real  # type: ignore[attr-defined]
    db.upgrade_engine = upgrade_engine
    _schema_templates_state.update(state=state)
    try:
        yield templates
    finally:
        db.upgrade_engine = real


_schema_templates_state: dict[str, Any] = {}


@pytest.fixture(autouse=True)
def _real_migrations_when_marked(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    state = _schema_templates_state.get("state")
    marked = request.node.get_closest_marker("real_migrations") is not None
    if state is None or not marked:
        yield
        return
    state["real"] = True
    try:
        yield
    finally:
        state["real"] = False


@pytest.fixture(scope="session")
def shared_dir(fixtures_dir: Path) -> Path:
    """The old name of :func:`fixtures_dir`, for tests written before the fixtures moved in."""
    return fixtures_dir


# --------------------------------------------------------------------------- databases
# ``database_url``: a fresh, empty database per test, on SQLite and on PostgreSQL.
# PostgreSQL gets a schema of its own per test (search_path in the URL), dropped after
# the test, so parallel runs of other engineers never meet. Unreachable server: skip,
# unless DESK_REQUIRE_PG=1, where it fails.

PG_DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _pg_schema_url(tmp_name: str):  # type: ignore[no-untyped-def]
    import os
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = os.environ.get("DESK_TEST_PG_URL", PG_DEFAULT_URL)
    schema = f"t_{tmp_name[:20].lower()}_{uuid.uuid4().hex[:10]}"
    schema = "".join(c if c.isalnum() or c == "_" else "_" for c in schema)
    admin = create_engine(base, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        admin.dispose()
        message = f"PostgreSQL unreachable at {base}: {type(exc).__name__}: {exc}"
        if os.environ.get("DESK_REQUIRE_PG") == "1":
            pytest.fail(message)
        pytest.skip(message)
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return admin, schema, url.render_as_string(hide_password=False)


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'desk.sqlite3'}"
        return
    from sqlalchemy import text

    admin, schema, url = _pg_schema_url(request.node.name)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
