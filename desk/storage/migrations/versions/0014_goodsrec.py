"""goodsrec: the review steps of shipments, the Customs export permit on a shipment, and the
goods records issued (取引審査票, 関税法94条の帳簿)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 18:20:00

The goods register gains a value (unit value and currency), retirement and a version
column. A shipment gains who submitted it and when, its export permit number and date (輸出許可書
番号・輸出許可年月日) and a version column (optimistic locking, as cases). Its review steps
and the records issued for it get tables of their own.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("goods_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_value", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("currency", sa.String(length=3), nullable=True))
        batch_op.add_column(
            sa.Column("retired", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))

    with op.batch_alter_table("shipments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("filed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("filed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("permit_number", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("permit_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.create_index(batch_op.f("ix_shipments_filed_by_id"), ["filed_by_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_shipments_filed_by_id_users"), "users", ["filed_by_id"], ["id"]
        )

    op.create_table(
        "shipment_review_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("decision", sa.String(length=30), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("conditions", sa.Text(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["shipment_assessments.id"],
            name=op.f("fk_shipment_review_steps_assessment_id_shipment_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["users.id"], name=op.f("fk_shipment_review_steps_reviewer_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["shipments.id"],
            name=op.f("fk_shipment_review_steps_shipment_id_shipments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shipment_review_steps")),
    )
    with op.batch_alter_table("shipment_review_steps", schema=None) as batch_op:
        for column in ("assessment_id", "reviewer_id", "shipment_id"):
            batch_op.create_index(
                batch_op.f(f"ix_shipment_review_steps_{column}"), [column], unique=False
            )

    op.create_table(
        "shipment_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_number", sa.String(length=100), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("generated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("step_cutoff", sa.Integer(), nullable=False),
        sa.Column("institution", sa.String(length=500), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["shipment_assessments.id"],
            name=op.f("fk_shipment_records_assessment_id_shipment_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["shipments.id"],
            name=op.f("fk_shipment_records_shipment_id_shipments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shipment_records")),
        sa.UniqueConstraint("document_number", name=op.f("uq_shipment_records_document_number")),
    )
    with op.batch_alter_table("shipment_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shipment_records_shipment_id"), ["shipment_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("shipment_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shipment_records_shipment_id"))
    op.drop_table("shipment_records")
    with op.batch_alter_table("shipment_review_steps", schema=None) as batch_op:
        for column in ("assessment_id", "reviewer_id", "shipment_id"):
            batch_op.drop_index(batch_op.f(f"ix_shipment_review_steps_{column}"))
    op.drop_table("shipment_review_steps")
    with op.batch_alter_table("shipments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_shipments_filed_by_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_shipments_filed_by_id"))
        batch_op.drop_column("version")
        batch_op.drop_column("permit_date")
        batch_op.drop_column("permit_number")
        batch_op.drop_column("filed_at")
        batch_op.drop_column("filed_by_id")
    with op.batch_alter_table("goods_items", schema=None) as batch_op:
        batch_op.drop_column("version")
        batch_op.drop_column("retired")
        batch_op.drop_column("currency")
        batch_op.drop_column("unit_value")
