"""minuse: the cleared shipment a case's minimum-use-technology exemption relies on

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 19:40:00

``case_shipment_links`` links a case (one at most) to the stored shipment whose cleared
export its ``minimum_use_technology`` exemption (貨物の使用に必要な最小限の技術) relies on,
with who linked it and when.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_shipment_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("linked_by_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_shipment_links_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["shipments.id"],
            name=op.f("fk_case_shipment_links_shipment_id_shipments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["linked_by_id"],
            ["users.id"],
            name=op.f("fk_case_shipment_links_linked_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_shipment_links")),
    )
    with op.batch_alter_table("case_shipment_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_shipment_links_case_id"), ["case_id"], unique=True
        )
        batch_op.create_index(
            batch_op.f("ix_case_shipment_links_shipment_id"), ["shipment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_case_shipment_links_linked_by_id"), ["linked_by_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("case_shipment_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_shipment_links_linked_by_id"))
        batch_op.drop_index(batch_op.f("ix_case_shipment_links_shipment_id"))
        batch_op.drop_index(batch_op.f("ix_case_shipment_links_case_id"))
    op.drop_table("case_shipment_links")
