"""Alembic revisions for desk's schema (run by :mod:`desk.storage.db`)."""

# The newest revision in versions/. Opening a database already at this revision skips
# Alembic entirely; tests/storage/test_migrations.py checks it against Alembic's own head.
SCHEMA_HEAD = "0017_rls"
