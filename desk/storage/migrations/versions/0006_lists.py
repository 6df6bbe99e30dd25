"""lists: list entries' program; stored screening records and their hits

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 15:00:00

List entries gain ``program`` (the part of a composite list: the US Consolidated
Screening List's source list, the UN list's regime, the MOF workbook's sheet). Every
recorded screening of a name is kept (``screening_records``) with its hits and their
dispositions (``screening_record_hits``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("list_entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("program", sa.String(length=300), server_default="", nullable=False)
        )

    op.create_table(
        "screening_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("query", sa.String(length=500), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("lists", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("screened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("screened_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["screened_by_id"],
            ["users.id"],
            name=op.f("fk_screening_records_screened_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_records")),
    )
    with op.batch_alter_table("screening_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_screening_records_status"), ["status"], unique=False)

    op.create_table(
        "screening_record_hits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("list_entry_id", sa.Integer(), nullable=False),
        sa.Column("list_version_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("band", sa.String(length=10), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["screening_records.id"],
            name=op.f("fk_screening_record_hits_record_id_screening_records"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["list_entry_id"],
            ["list_entries.id"],
            name=op.f("fk_screening_record_hits_list_entry_id_list_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["list_version_id"],
            ["list_versions.id"],
            name=op.f("fk_screening_record_hits_list_version_id_list_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_screening_record_hits_decided_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_record_hits")),
    )
    with op.batch_alter_table("screening_record_hits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screening_record_hits_record_id"), ["record_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_screening_record_hits_list_entry_id"), ["list_entry_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_screening_record_hits_status"), ["status"], unique=False
        )


def downgrade() -> None:
    op.drop_table("screening_record_hits")
    op.drop_table("screening_records")
    with op.batch_alter_table("list_entries", schema=None) as batch_op:
        batch_op.drop_column("program")
