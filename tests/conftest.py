"""Fixtures for every test: the test data folder (``tests/fixtures``) and the databases."""

from __future__ import annotations

from pathlib import Path

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
