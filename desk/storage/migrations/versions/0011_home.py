"""home: people sorted by their reading (よみ)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 15:10:00

People gain ``sort_name``: their reading in hiragana when one is stored, else their
normalised name (``search_name``), indexed, so that the People registry sorts 井上, 伊藤,
佐藤 … in 五十音 order with an index walk instead of by code point. Assessments gain an
index on (review_on, case_id): Home's "due for re-review" reads it alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sort_name", sa.String(length=700), nullable=True))
        batch_op.create_index(batch_op.f("ix_people_sort_name"), ["sort_name"], unique=False)
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_assessments_review_on_case_id", ["review_on", "case_id"], unique=False
        )
    # readings are written back in hiragana by the app when a person is next saved
    op.execute("UPDATE people SET sort_name = COALESCE(reading, search_name)")


def downgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_index("ix_assessments_review_on_case_id")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_sort_name"))
        batch_op.drop_column("sort_name")
