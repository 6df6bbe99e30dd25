"""trips: trip applications (渡航申請) with their cases and hand-carry shipments, their
assessments (each part by its own engine, the worst outcome) and the records issued for
them (the hand-carry declaration, the trip's bundle)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 18:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "trips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("departs_on", sa.Date(), nullable=False),
        sa.Column("returns_on", sa.Date(), nullable=False),
        sa.Column("destinations", sa.JSON(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_trips_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trips")),
        sa.UniqueConstraint("ref", name=op.f("uq_trips_ref")),
    )
    with op.batch_alter_table("trips", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trips_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_trips_departs_on"), ["departs_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_trips_status"), ["status"], unique=False)

    op.create_table(
        "trip_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trip_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_trip_cases_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["trip_id"], ["trips.id"], name=op.f("fk_trip_cases_trip_id_trips"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trip_cases")),
    )
    with op.batch_alter_table("trip_cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trip_cases_trip_id"), ["trip_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_trip_cases_case_id"), ["case_id"], unique=False)

    op.create_table(
        "trip_shipments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trip_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["shipment_id"], ["shipments.id"], name=op.f("fk_trip_shipments_shipment_id_shipments")
        ),
        sa.ForeignKeyConstraint(
            ["trip_id"],
            ["trips.id"],
            name=op.f("fk_trip_shipments_trip_id_trips"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trip_shipments")),
    )
    with op.batch_alter_table("trip_shipments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trip_shipments_trip_id"), ["trip_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_trip_shipments_shipment_id"), ["shipment_id"], unique=False
        )

    op.create_table(
        "trip_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trip_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=False),
        sa.Column("risk", sa.String(length=4), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("trip_sha256", sa.String(length=64), nullable=False),
        sa.Column("judged_on", sa.Date(), nullable=False),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assessed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessed_by_id"], ["users.id"], name=op.f("fk_trip_assessments_assessed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["trip_id"],
            ["trips.id"],
            name=op.f("fk_trip_assessments_trip_id_trips"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trip_assessments")),
    )
    with op.batch_alter_table("trip_assessments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trip_assessments_trip_id"), ["trip_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_trip_assessments_outcome"), ["outcome"], unique=False)

    op.create_table(
        "trip_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_number", sa.String(length=100), nullable=False),
        sa.Column("trip_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("lang", sa.String(length=5), nullable=False),
        sa.Column("institution", sa.JSON(), nullable=False),
        sa.Column("generated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["trip_assessments.id"],
            name=op.f("fk_trip_records_assessment_id_trip_assessments"),
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"], ["users.id"], name=op.f("fk_trip_records_issued_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["trip_id"], ["trips.id"], name=op.f("fk_trip_records_trip_id_trips")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trip_records")),
        sa.UniqueConstraint("document_number", name=op.f("uq_trip_records_document_number")),
    )
    with op.batch_alter_table("trip_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trip_records_trip_id"), ["trip_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("trip_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trip_records_trip_id"))
    op.drop_table("trip_records")
    with op.batch_alter_table("trip_assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trip_assessments_outcome"))
        batch_op.drop_index(batch_op.f("ix_trip_assessments_trip_id"))
    op.drop_table("trip_assessments")
    with op.batch_alter_table("trip_shipments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trip_shipments_shipment_id"))
        batch_op.drop_index(batch_op.f("ix_trip_shipments_trip_id"))
    op.drop_table("trip_shipments")
    with op.batch_alter_table("trip_cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trip_cases_case_id"))
        batch_op.drop_index(batch_op.f("ix_trip_cases_trip_id"))
    op.drop_table("trip_cases")
    with op.batch_alter_table("trips", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trips_status"))
        batch_op.drop_index(batch_op.f("ix_trips_departs_on"))
        batch_op.drop_index(batch_op.f("ix_trips_person_id"))
    op.drop_table("trips")
