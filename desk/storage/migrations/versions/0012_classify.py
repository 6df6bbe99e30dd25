"""classify: classifications (該非判定) with basis documents and snapshots; the licence
register's lifecycle; インフォーム通知

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 15:30:00

A classification belongs to a technical item or a goods item (one each), keeps the item as
項・号, the 貨物等省令 article, the ordinance and rule-set revision, the parameter comparison,
who classified and who confirmed; its basis documents are attachments; every save keeps a
snapshot that records cite. Licences gain a status (事前相談 → 許可申請 → granted / refused /
withdrawn), the technical item, recipient and period they cover and a version column; a
licence of the register has no case. インフォーム通知 get a table of their own.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "classifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("technical_item_id", sa.Integer(), nullable=True),
        sa.Column("goods_item_id", sa.Integer(), nullable=True),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("control_table", sa.String(length=20), nullable=False),
        sa.Column("item_number", sa.String(length=10), nullable=True),
        sa.Column("item_sub", sa.String(length=40), nullable=True),
        sa.Column("article", sa.String(length=20), nullable=True),
        sa.Column("paragraph", sa.String(length=20), nullable=True),
        sa.Column("article_number", sa.String(length=20), nullable=True),
        sa.Column("ordinance_revision", sa.Date(), nullable=True),
        sa.Column("ruleset_version", sa.String(length=50), nullable=True),
        sa.Column("hs_code", sa.String(length=20), nullable=True),
        sa.Column("in_item16_chapters", sa.Boolean(), nullable=True),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=True),
        sa.Column("related_goods", sa.Text(), nullable=True),
        sa.Column("classified_by_id", sa.Integer(), nullable=False),
        sa.Column("classified_on", sa.Date(), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["classified_by_id"],
            ["users.id"],
            name=op.f("fk_classifications_classified_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"], ["users.id"], name=op.f("fk_classifications_confirmed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["goods_item_id"],
            ["goods_items.id"],
            name=op.f("fk_classifications_goods_item_id_goods_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["technical_item_id"],
            ["technical_items.id"],
            name=op.f("fk_classifications_technical_item_id_technical_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_classifications")),
        sa.UniqueConstraint("goods_item_id", name=op.f("uq_classifications_goods_item_id")),
        sa.UniqueConstraint("technical_item_id", name=op.f("uq_classifications_technical_item_id")),
    )
    with op.batch_alter_table("classifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_classifications_classified_by_id"), ["classified_by_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_classifications_item_number"), ["item_number"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_classifications_result"), ["result"], unique=False)

    op.create_table(
        "informs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("technical_item_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_informs_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_informs_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_informs_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["technical_item_id"],
            ["technical_items.id"],
            name=op.f("fk_informs_technical_item_id_technical_items"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_informs")),
        sa.UniqueConstraint("number", name=op.f("uq_informs_number")),
    )
    with op.batch_alter_table("informs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_informs_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_informs_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_informs_technical_item_id"), ["technical_item_id"], unique=False
        )

    op.create_table(
        "classification_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classification_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("doc_version", sa.String(length=100), nullable=True),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["users.id"],
            name=op.f("fk_classification_documents_added_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachments.id"],
            name=op.f("fk_classification_documents_attachment_id_attachments"),
        ),
        sa.ForeignKeyConstraint(
            ["classification_id"],
            ["classifications.id"],
            name=op.f("fk_classification_documents_classification_id_classifications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_classification_documents")),
    )
    with op.batch_alter_table("classification_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_classification_documents_classification_id"),
            ["classification_id"],
            unique=False,
        )

    op.create_table(
        "classification_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classification_id", sa.Integer(), nullable=False),
        sa.Column("technical_item_id", sa.Integer(), nullable=True),
        sa.Column("goods_item_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["classification_id"],
            ["classifications.id"],
            name=op.f("fk_classification_snapshots_classification_id_classifications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_classification_snapshots")),
    )
    with op.batch_alter_table("classification_snapshots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_classification_snapshots_classification_id"),
            ["classification_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_classification_snapshots_goods_item_id"), ["goods_item_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_classification_snapshots_technical_item_id"),
            ["technical_item_id"],
            unique=False,
        )

    with op.batch_alter_table("licences", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=20), server_default="granted", nullable=False)
        )
        batch_op.add_column(sa.Column("title", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("consulted_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("applied_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("decided_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("valid_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("technical_item_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("organization_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "reprovision_consent", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
        batch_op.add_column(sa.Column("notes", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.alter_column("case_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.alter_column("number", existing_type=sa.VARCHAR(length=100), nullable=True)
        batch_op.alter_column("granted_on", existing_type=sa.DATE(), nullable=True)
        batch_op.create_index(
            batch_op.f("ix_licences_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_licences_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_licences_technical_item_id"), ["technical_item_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_licences_technical_item_id_technical_items"),
            "technical_items",
            ["technical_item_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_licences_person_id_people"), "people", ["person_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_licences_organization_id_organizations"),
            "organizations",
            ["organization_id"],
            ["id"],
        )


def downgrade() -> None:
    # the licence register's own rows (no case) cannot stay when case_id is required again
    op.execute("DELETE FROM licences WHERE case_id IS NULL OR number IS NULL OR granted_on IS NULL")
    with op.batch_alter_table("licences", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_licences_organization_id_organizations"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("fk_licences_person_id_people"), type_="foreignkey")
        batch_op.drop_constraint(
            batch_op.f("fk_licences_technical_item_id_technical_items"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_licences_technical_item_id"))
        batch_op.drop_index(batch_op.f("ix_licences_person_id"))
        batch_op.drop_index(batch_op.f("ix_licences_organization_id"))
        batch_op.alter_column("granted_on", existing_type=sa.DATE(), nullable=False)
        batch_op.alter_column("number", existing_type=sa.VARCHAR(length=100), nullable=False)
        batch_op.alter_column("case_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("version")
        batch_op.drop_column("notes")
        batch_op.drop_column("reprovision_consent")
        batch_op.drop_column("organization_id")
        batch_op.drop_column("person_id")
        batch_op.drop_column("technical_item_id")
        batch_op.drop_column("valid_from")
        batch_op.drop_column("decided_on")
        batch_op.drop_column("applied_on")
        batch_op.drop_column("consulted_on")
        batch_op.drop_column("title")
        batch_op.drop_column("status")

    with op.batch_alter_table("classification_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_classification_snapshots_technical_item_id"))
        batch_op.drop_index(batch_op.f("ix_classification_snapshots_goods_item_id"))
        batch_op.drop_index(batch_op.f("ix_classification_snapshots_classification_id"))

    op.drop_table("classification_snapshots")
    with op.batch_alter_table("classification_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_classification_documents_classification_id"))

    op.drop_table("classification_documents")
    with op.batch_alter_table("informs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_informs_technical_item_id"))
        batch_op.drop_index(batch_op.f("ix_informs_person_id"))
        batch_op.drop_index(batch_op.f("ix_informs_organization_id"))

    op.drop_table("informs")
    with op.batch_alter_table("classifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_classifications_result"))
        batch_op.drop_index(batch_op.f("ix_classifications_item_number"))
        batch_op.drop_index(batch_op.f("ix_classifications_classified_by_id"))

    op.drop_table("classifications")
