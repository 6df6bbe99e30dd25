"""intake: the university's number of a person and the roster review list

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 15:20:00

Declarations gain ``basis`` (self_declaration | information_obtained) and ``note``.
People gain ``roster_id`` (学籍番号・職員番号, read from rosters); ``roster_reviews`` holds
the doubtful pairs of a roster import (名寄せ) until the office accepts or rejects them;
``intake_documents`` the declarations and pledges of people as documents with a lifecycle,
``declaration_campaigns`` the requests sent to a cohort; ``intake_reviews`` the reviews of
a person at admission, hiring or a visit.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("declarations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "basis", sa.String(length=30), server_default="self_declaration", nullable=False
            )
        )
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
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

    op.create_table(
        "declaration_campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("cohort", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaration_campaigns")),
    )
    op.create_table(
        "intake_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("requested_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("basis", sa.String(length=30), nullable=True),
        sa.Column("types", sa.JSON(), nullable=False),
        sa.Column("document", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_intake_documents_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["declaration_campaigns.id"],
            name=op.f("fk_intake_documents_campaign_id_declaration_campaigns"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_documents")),
    )
    with op.batch_alter_table("intake_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intake_documents_person_id"), ["person_id"])
        batch_op.create_index(batch_op.f("ix_intake_documents_kind"), ["kind"])
        batch_op.create_index(batch_op.f("ix_intake_documents_status"), ["status"])
        batch_op.create_index(batch_op.f("ix_intake_documents_campaign_id"), ["campaign_id"])
        batch_op.create_index(batch_op.f("ix_intake_documents_valid_until"), ["valid_until"])
    op.create_table(
        "intake_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("occasion", sa.String(length=20), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("hits", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_intake_reviews_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_reviews")),
    )
    with op.batch_alter_table("intake_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intake_reviews_person_id"), ["person_id"])
        batch_op.create_index(batch_op.f("ix_intake_reviews_outcome"), ["outcome"])


def downgrade() -> None:
    op.drop_table("intake_reviews")
    op.drop_table("intake_documents")
    op.drop_table("declaration_campaigns")
    with op.batch_alter_table("declarations", schema=None) as batch_op:
        batch_op.drop_column("note")
        batch_op.drop_column("basis")
    op.drop_table("roster_reviews")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_roster_id"))
        batch_op.drop_column("roster_id")
