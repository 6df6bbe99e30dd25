"""keeping: number floors after a restore, retention and legal holds, record signatures,
register versions

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 15:00:00

``document_number_floors`` keeps the numbers a replaced database had issued (a restore of
an older copy continues above them); ``retention_policies`` and ``legal_holds`` the
office's retention choices; ``record_signatures`` the Ed25519 signature of each issued
record; people, organizations, projects and technical items gain ``version`` (optimistic
locking, as cases have).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VERSIONED = ("people", "organizations", "projects", "technical_items")


def upgrade() -> None:
    op.create_table(
        "document_number_floors",
        sa.Column("prefix", sa.String(length=40), nullable=False),
        sa.Column("last_serial", sa.Integer(), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("prefix", name=op.f("pk_document_number_floors")),
    )
    op.create_table(
        "retention_policies",
        sa.Column("record_type", sa.String(length=30), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("record_type", name=op.f("pk_retention_policies")),
    )
    op.create_table(
        "legal_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("held_by", sa.String(length=100), nullable=False),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("released_by", sa.String(length=100), nullable=True),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("release_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_holds")),
    )
    with op.batch_alter_table("legal_holds", schema=None) as batch_op:
        batch_op.create_index("ix_legal_holds_entity", ["entity", "entity_id"], unique=False)
    op.create_table(
        "record_signatures",
        sa.Column("document_number", sa.String(length=100), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=200), nullable=False),
        sa.Column("key_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("document_number", name=op.f("pk_record_signatures")),
    )
    for table in _VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default="1", nullable=False)
            )


def downgrade() -> None:
    for table in _VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
    op.drop_table("record_signatures")
    with op.batch_alter_table("legal_holds", schema=None) as batch_op:
        batch_op.drop_index("ix_legal_holds_entity")
    op.drop_table("legal_holds")
    op.drop_table("retention_policies")
    op.drop_table("document_number_floors")
