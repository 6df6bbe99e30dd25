"""txreview: the red-flag answers of 取引審査 stored with the case's transaction-review facts

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 18:30:00

``transaction_checks.red_flags`` keeps the office's answer to each red-flag question of the
事前確認シート (True: a concern; a question left out is unanswered), so that nothing prints
未回答 that the office answered.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("transaction_checks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("red_flags", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("transaction_checks", schema=None) as batch_op:
        batch_op.drop_column("red_flags")
