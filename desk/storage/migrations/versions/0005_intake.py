"""intake: the university's number of a person and the roster review list

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 15:20:00

People gain ``roster_id`` (学籍番号・職員番号, read from rosters); ``roster_reviews`` holds
the doubtful pairs of a roster import (名寄せ) until the office accepts or rejects them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("roster_id", sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f("ix_people_roster_id"), ["roster_id"], unique=False)

    op.create_table(
        "roster_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("row_key", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_roster_reviews_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["people.id"],
            name=op.f("fk_roster_reviews_candidate_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_reviews")),
    )
    with op.batch_alter_table("roster_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roster_reviews_person_id"), ["person_id"])
        batch_op.create_index(batch_op.f("ix_roster_reviews_candidate_id"), ["candidate_id"])
        batch_op.create_index(batch_op.f("ix_roster_reviews_row_key"), ["row_key"])
        batch_op.create_index(batch_op.f("ix_roster_reviews_status"), ["status"])


def downgrade() -> None:
    op.drop_table("roster_reviews")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_roster_id"))
        batch_op.drop_column("roster_id")
