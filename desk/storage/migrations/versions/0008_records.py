"""records: the office's settings (the institution printed on every record); 取引審査 facts

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 15:50:00

The institution's name was read from the environment (``DESK_INSTITUTION``) when a record
was issued and again when it was verified; it is now a setting stored in the database
(``desk settings set institution …``), kept with each issued record's audit event. The
office's 取引審査 facts (stated end use and end user, documents checked, the 明らかガイドライン
checklist, 輸出取りやめ) are kept per case, append-only (``transaction_checks``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "office_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_office_settings")),
    )
    op.create_table(
        "transaction_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("end_use", sa.Text(), nullable=True),
        sa.Column("end_user", sa.Text(), nullable=True),
        sa.Column("documents_checked", sa.JSON(), nullable=False),
        sa.Column("clear_checklist", sa.JSON(), nullable=False),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_transaction_checks_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transaction_checks")),
    )
    with op.batch_alter_table("transaction_checks") as batch:
        batch.create_index(batch.f("ix_transaction_checks_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_table("transaction_checks")
    op.drop_table("office_settings")
