"""registers: readings, residency facts and retiring; project members, funding, partners

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 13:15:00

People gain a reading (よみ/romanised), date of birth, host, 在留資格 and stay period, dated
residency events and a retired flag; projects gain members, funding lines (foreign
government flag) and partner organizations; technical items a lab; affiliations keep the
name a case file wrote when they link to a registered organization under another name.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_events_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_events")),
    )
    with op.batch_alter_table("person_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_events_person_id"), ["person_id"], unique=False)

    op.create_table(
        "project_fundings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("funder", sa.String(length=300), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("foreign_government", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_project_fundings_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_fundings_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_fundings")),
    )
    with op.batch_alter_table("project_fundings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_fundings_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_fundings_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "project_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=True),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_project_members_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_members_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_members")),
    )
    with op.batch_alter_table("project_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_members_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_members_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "project_partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_project_partners_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_partners_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_partners")),
        sa.UniqueConstraint(
            "project_id", "organization_id", name=op.f("uq_project_partners_project_id")
        ),
    )
    with op.batch_alter_table("project_partners", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_partners_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_partners_project_id"), ["project_id"], unique=False
        )

    with op.batch_alter_table("affiliations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("as_written", sa.JSON(), nullable=True))

    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("retired", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reading", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("born_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("host", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("visa_status", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("stay_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("stay_until", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("retired", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_people_reading"), ["reading"], unique=False)

    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("retired", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    with op.batch_alter_table("technical_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lab", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column("retired", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("technical_items", schema=None) as batch_op:
        batch_op.drop_column("retired")
        batch_op.drop_column("lab")

    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_column("retired")

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_reading"))
        batch_op.drop_column("retired")
        batch_op.drop_column("stay_until")
        batch_op.drop_column("stay_from")
        batch_op.drop_column("visa_status")
        batch_op.drop_column("host")
        batch_op.drop_column("born_on")
        batch_op.drop_column("reading")

    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_column("retired")

    with op.batch_alter_table("affiliations", schema=None) as batch_op:
        batch_op.drop_column("as_written")

    with op.batch_alter_table("project_partners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_partners_project_id"))
        batch_op.drop_index(batch_op.f("ix_project_partners_organization_id"))

    op.drop_table("project_partners")
    with op.batch_alter_table("project_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_members_project_id"))
        batch_op.drop_index(batch_op.f("ix_project_members_person_id"))

    op.drop_table("project_members")
    with op.batch_alter_table("project_fundings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_fundings_project_id"))
        batch_op.drop_index(batch_op.f("ix_project_fundings_organization_id"))

    op.drop_table("project_fundings")
    with op.batch_alter_table("person_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_events_person_id"))

    op.drop_table("person_events")
