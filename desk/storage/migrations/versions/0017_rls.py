"""rls: row-level security for shipments, trips, screenings, classifications and internal
audits (shared mode), and who entered a trip

Revision ID: 0017_rls
Revises: 0016
Create Date: 2026-12-07 21:30:00

``trips.filed_by_id`` keeps who entered a trip (the trip's filer sees it in shared mode, as
the filer of a case or a shipment). On PostgreSQL, a schema already set up for shared mode
(``desk db setup-roles`` made the cases' policies) gets the policies of
:mod:`desk.storage.rls` for its group roles here, so that an upgrade does not leave those
tables to the grants alone until setup-roles is run again. A schema never set up for
shared mode is left as it is: setup-roles makes them, with the group roles. Idempotent
either way; when the migration's connection may not make them (functions owned by
another role), it leaves them to setup-roles instead of failing the upgrade.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from desk.storage import models as m
from desk.storage import rls

revision: str = "0017_rls"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_log = logging.getLogger(__name__)


def _group_roles(conn: sa.Connection, schema: str) -> dict[str, str] | None:
    """desk role → group role, read from the researchers' policy on ``cases`` that
    setup-roles made in this schema (None: this schema is not set up for shared mode)."""
    roles = (
        conn.execute(
            sa.text(
                "SELECT r.rolname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "JOIN pg_roles r ON r.oid = ANY (p.polroles) "
                "WHERE n.nspname = :s AND c.relname = 'cases' AND p.polname = 'desk_researcher'"
            ),
            {"s": schema},
        )
        .scalars()
        .all()
    )
    if len(roles) != 1 or not str(roles[0]).endswith("researcher"):
        return None
    prefix = str(roles[0]).removesuffix("researcher")
    groups = {role: f"{prefix}{role}" for role in m.ROLES}
    found = set(
        conn.execute(
            sa.text("SELECT rolname FROM pg_roles WHERE rolname = ANY (:names)"),
            {"names": list(groups.values())},
        ).scalars()
    )
    return groups if found == set(groups.values()) else None


def upgrade() -> None:
    with op.batch_alter_table("trips", schema=None) as batch_op:
        batch_op.add_column(sa.Column("filed_by_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_trips_filed_by_id"), ["filed_by_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_trips_filed_by_id_users"), "users", ["filed_by_id"], ["id"]
        )
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    schema = str(conn.execute(sa.text("SELECT current_schema()")).scalar())
    groups = _group_roles(conn, schema)
    if groups is None:
        return
    tables = set(
        conn.execute(
            sa.text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": schema}
        ).scalars()
    )
    try:
        with conn.begin_nested():
            for statement in rls.statements(schema, groups, tables):
                conn.execute(sa.text(statement))
    except sa.exc.DBAPIError as exc:  # e.g. the functions belong to the superuser
        _log.warning("row-level security left to desk db setup-roles: %s", exc.orig)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        schema = str(conn.execute(sa.text("SELECT current_schema()")).scalar())
        policies = conn.execute(
            sa.text(
                "SELECT tablename, policyname FROM pg_policies WHERE schemaname = :s "
                "AND tablename = ANY (:t)"
            ),
            {"s": schema, "t": list(rls.TABLES)},
        ).all()
        for statement in rls.drop_statements(schema, [(t, n) for t, n in policies]):
            conn.execute(sa.text(statement))
    with op.batch_alter_table("trips", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_trips_filed_by_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_trips_filed_by_id"))
        batch_op.drop_column("filed_by_id")
