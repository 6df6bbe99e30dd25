"""audit hash chain, case version

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07 12:20:00

- ``audit_events`` gets ``seq``, ``prev_sha256`` and ``sha256`` (desk.storage.audit_chain),
  ``audit_chain`` holds the head; events already stored are chained in id order.
- ``cases.version``: optimistic locking (a second concurrent save is refused).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from desk.storage.audit_chain import GENESIS, HEAD_ID, canonical_details, event_sha256
from desk.storage.models import AUDIT_TRIGGERS_POSTGRESQL, AUDIT_TRIGGERS_SQLITE

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _drop_audit_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")


def _create_audit_triggers() -> None:
    dialect = op.get_bind().dialect.name
    statements = {"sqlite": AUDIT_TRIGGERS_SQLITE, "postgresql": AUDIT_TRIGGERS_POSTGRESQL}.get(
        dialect, ()
    )
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prev_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("sha256", sa.String(length=64), nullable=True))
    op.create_index("ix_audit_events_seq", "audit_events", ["seq"], unique=True)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))

    # chain the events already stored, in the order they were written
    _drop_audit_triggers()
    bind = op.get_bind()
    events = sa.table(
        "audit_events",
        sa.column("id", sa.Integer()),
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("actor", sa.String()),
        sa.column("action", sa.String()),
        sa.column("entity", sa.String()),
        sa.column("entity_id", sa.String()),
        sa.column("details", sa.JSON()),
        sa.column("seq", sa.Integer()),
        sa.column("prev_sha256", sa.String()),
        sa.column("sha256", sa.String()),
    )
    prev, seq = GENESIS, 0
    rows = bind.execute(
        sa.select(
            events.c.id,
            events.c.at,
            events.c.actor,
            events.c.action,
            events.c.entity,
            events.c.entity_id,
            events.c.details,
        ).order_by(events.c.id)
    ).all()
    for row in rows:
        seq += 1
        details = canonical_details(row.details)
        sha = event_sha256(
            prev, seq, row.at, row.actor, row.action, row.entity, row.entity_id, details
        )
        bind.execute(
            sa.update(events)
            .where(events.c.id == row.id)
            .values(seq=seq, prev_sha256=prev, sha256=sha, details=details)
        )
        prev = sha
    op.bulk_insert(
        sa.table(
            "audit_chain",
            sa.column("id", sa.Integer()),
            sa.column("seq", sa.Integer()),
            sa.column("sha256", sa.String()),
        ),
        [{"id": HEAD_ID, "seq": seq, "sha256": prev}],
    )
    _create_audit_triggers()


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("version")
    _drop_audit_triggers()
    op.drop_index("ix_audit_events_seq", table_name="audit_events")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("sha256")
        batch_op.drop_column("prev_sha256")
        batch_op.drop_column("seq")
    _create_audit_triggers()
    op.drop_table("audit_chain")
