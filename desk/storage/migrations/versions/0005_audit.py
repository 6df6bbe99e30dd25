"""audit: internal audits — plan, checklist, findings, corrective actions, sign-off

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 15:10:00

The annual internal audit (内部監査) kept in the database: the audit with its plan, scope,
auditors, date and sign-off; its checklist (copied from the template in
resources/internal_audit/); its findings (指摘事項) and their corrective actions (是正措置)
with owners, due dates and follow-up.
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
    op.create_table(
        "internal_audits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=40), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=True),
        sa.Column("scope", sa.Text(), nullable=True),
        sa.Column("auditors", sa.String(length=500), nullable=True),
        sa.Column("audit_on", sa.Date(), nullable=True),
        sa.Column("checklist_id", sa.String(length=60), nullable=False),
        sa.Column("checklist_source", sa.Text(), nullable=True),
        sa.Column("signed_off_by_id", sa.Integer(), nullable=True),
        sa.Column("signed_off_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sign_off_comment", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_internal_audits_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["signed_off_by_id"],
            ["users.id"],
            name=op.f("fk_internal_audits_signed_off_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_internal_audits")),
        sa.UniqueConstraint("ref", name=op.f("uq_internal_audits_ref")),
    )
    op.create_index(
        op.f("ix_internal_audits_fiscal_year"), "internal_audits", ["fiscal_year"], unique=False
    )
    op.create_table(
        "internal_audit_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("section", sa.String(length=200), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("section_en", sa.String(length=200), nullable=True),
        sa.Column("question_en", sa.Text(), nullable=True),
        sa.Column("result", sa.String(length=20), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["internal_audits.id"],
            name=op.f("fk_internal_audit_checks_audit_id_internal_audits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_internal_audit_checks")),
        sa.UniqueConstraint("audit_id", "code", name=op.f("uq_internal_audit_checks_audit_id")),
    )
    op.create_index(
        op.f("ix_internal_audit_checks_audit_id"),
        "internal_audit_checks",
        ["audit_id"],
        unique=False,
    )
    op.create_table(
        "internal_audit_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("check_code", sa.String(length=20), nullable=True),
        sa.Column("severity", sa.String(length=20), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["internal_audits.id"],
            name=op.f("fk_internal_audit_findings_audit_id_internal_audits"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_internal_audit_findings_created_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_internal_audit_findings")),
        sa.UniqueConstraint("audit_id", "number", name=op.f("uq_internal_audit_findings_audit_id")),
    )
    op.create_index(
        op.f("ix_internal_audit_findings_audit_id"),
        "internal_audit_findings",
        ["audit_id"],
        unique=False,
    )
    op.create_table(
        "internal_audit_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("follow_up", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["closed_by_id"],
            ["users.id"],
            name=op.f("fk_internal_audit_actions_closed_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_internal_audit_actions_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["internal_audit_findings.id"],
            name=op.f("fk_internal_audit_actions_finding_id_internal_audit_findings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_internal_audit_actions")),
    )
    op.create_index(
        op.f("ix_internal_audit_actions_finding_id"),
        "internal_audit_actions",
        ["finding_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_internal_audit_actions_finding_id"), table_name="internal_audit_actions")
    op.drop_table("internal_audit_actions")
    op.drop_index(op.f("ix_internal_audit_findings_audit_id"), table_name="internal_audit_findings")
    op.drop_table("internal_audit_findings")
    op.drop_index(op.f("ix_internal_audit_checks_audit_id"), table_name="internal_audit_checks")
    op.drop_table("internal_audit_checks")
    op.drop_index(op.f("ix_internal_audits_fiscal_year"), table_name="internal_audits")
    op.drop_table("internal_audits")
