"""signin: the regulations' nine roles, local sign-in accounts and the sign-in policy

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 15:10:00

- ``user_roles.role`` is widened to 40 characters (``classification_officer``).
- Roles are mapped to the regulations' roles (docs/workflow.md, "Roles"): a ``reviewer``
  with a department becomes ``dept_head`` (部局責任者, first review of that department),
  a ``reviewer`` without one becomes ``chief`` (統括責任者, second review); everyone who
  held ``office`` also gets ``admin`` (管理者), since the office administered users until now.
- ``user_credentials`` (argon2id password hash, failed attempts, lock) and
  ``signin_policy`` (one row: failures before lock-out, lock minutes, idle minutes).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_roles", schema=None) as batch_op:
        batch_op.alter_column(
            "role", existing_type=sa.String(length=20), type_=sa.String(length=40)
        )
    op.execute(
        "UPDATE user_roles SET role = 'dept_head' WHERE role = 'reviewer' AND user_id IN "
        "(SELECT id FROM users WHERE department_id IS NOT NULL)"
    )
    op.execute("UPDATE user_roles SET role = 'chief' WHERE role = 'reviewer'")
    op.execute(
        "INSERT INTO user_roles (user_id, role) SELECT user_id, 'admin' FROM user_roles "
        "WHERE role = 'office'"
    )
    op.create_table(
        "user_credentials",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_credentials_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_user_credentials")),
    )
    op.create_table(
        "signin_policy",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("max_failures", sa.Integer(), server_default="5", nullable=False),
        sa.Column("lock_minutes", sa.Integer(), server_default="15", nullable=False),
        sa.Column("idle_minutes", sa.Integer(), server_default="15", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signin_policy")),
    )


def downgrade() -> None:
    op.drop_table("signin_policy")
    op.drop_table("user_credentials")
    op.execute(
        "DELETE FROM user_roles WHERE role NOT IN ('researcher', 'office', 'auditor', "
        "'dept_head', 'chief', 'committee')"
    )
    # a user holding two reviewing roles keeps one reviewer row
    op.execute(
        "DELETE FROM user_roles WHERE role IN ('chief', 'committee') AND user_id IN "
        "(SELECT user_id FROM user_roles WHERE role = 'dept_head')"
    )
    op.execute(
        "DELETE FROM user_roles WHERE role = 'committee' AND user_id IN "
        "(SELECT user_id FROM user_roles WHERE role = 'chief')"
    )
    op.execute(
        "UPDATE user_roles SET role = 'reviewer' WHERE role IN ('dept_head', 'chief', 'committee')"
    )
    with op.batch_alter_table("user_roles", schema=None) as batch_op:
        batch_op.alter_column(
            "role", existing_type=sa.String(length=40), type_=sa.String(length=20)
        )
