"""records: the office's settings (the institution printed on every record)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 15:50:00

The institution's name was read from the environment (``DESK_INSTITUTION``) when a record
was issued and again when it was verified; it is now a setting stored in the database
(``desk settings set institution …``), kept with each issued record's audit event.
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


def downgrade() -> None:
    op.drop_table("office_settings")
