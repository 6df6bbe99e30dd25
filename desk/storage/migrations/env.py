"""Alembic environment for desk's migrations (batch mode, SQLite and PostgreSQL alike).

desk runs the migrations itself (:func:`desk.storage.db.open_database` passes the
connection in ``config.attributes``). Developers write a new revision with::

    DESK_DATABASE_URL=sqlite:////tmp/x.sqlite3 .venv/bin/python -m desk db upgrade
    .venv/bin/python -m desk.storage.revision "what changed"
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from desk.storage.models import Base

target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    from desk.storage.db import make_engine, resolve_url

    engine = make_engine(resolve_url(context.config.get_main_option("sqlalchemy.url")))
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("desk's migrations run online only")
run_migrations_online()
