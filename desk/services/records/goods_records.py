"""Issuing and verifying the goods records of a shipment: the 取引審査票 and the 関税法94条
book entry (:mod:`desk.reports.goods_records`).

Each issue keeps a ``shipment_records`` row (document number ``DESK-YYYY-GRS-NNNNNN`` or
``…-GCB-…``, the assessment and the newest review step it printed, the institution, the
content and PDF SHA-256) and a ``shipment.record`` audit event with the PDF's hash, in the
same transaction; the file is written only after the commit. :func:`verify_goods_record`
renders the record again from those and compares bytes (``desk report verify``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput, NotFound, StorageError, WorkflowError
from desk.domain.i18n import N_, _
from desk.reports.goods_certificate import fingerprint as certificate_fingerprint
from desk.reports.goods_certificate import render_certificate
from desk.reports.goods_records import (
    KIND_CODES,
    KINDS,
    GoodsRecordData,
    StepLine,
    fingerprint,
    render_goods_record,
)
from desk.services.context import ServiceContext
from desk.services.goods import certificate_data, load_shipment
from desk.services.issued import institution_of, next_number, number_prefix
from desk.services.permissions import RECORD_ROLES, require_role
from desk.services.reviews import shipment_row, shipment_steps
from desk.storage import models as m


@dataclass(frozen=True)
class GoodsRecordInfo:
    path: Path
    document_number: str
    kind: str
    pdf_sha256: str


def _next_number(session: Session, kind: str, year: int) -> str:
    prefix = number_prefix(KIND_CODES[kind], year)
    return next_number(session, m.ShipmentRecord.document_number, prefix)


def _data(
    session: Session,
    row: m.Shipment,
    *,
    kind: str,
    number: str,
    generated_at: dt.datetime,
    institution: str,
    assessment: m.ShipmentAssessment | None,
    step_cutoff: int,
    kept: dict[str, Any] | None = None,
) -> GoodsRecordData:
    """What the record prints; ``kept``: the status and permit its audit event kept (a
    record rendered again prints them as they were when it was issued)."""
    status, permit_number, permit_date = row.status, row.permit_number, row.permit_date
    if kept is not None:
        status = str(kept.get("status") or status)
        permit_number = kept.get("permit_number")
        day = kept.get("permit_date")
        permit_date = dt.date.fromisoformat(day) if day else None
    steps = shipment_steps(session, row.id, step_cutoff) if step_cutoff else []
    return GoodsRecordData(
        kind=kind,
        document_number=number,
        generated_at=generated_at,
        institution=institution,
        shipment=load_shipment(row),
        status=status,
        result=assessment.result if assessment is not None else None,
        assessment_id=assessment.id if assessment is not None else None,
        steps=tuple(
            StepLine(
                level=s.level,
                decision=s.decision,
                reviewer=s.reviewer.display_name,
                decided_at=m.as_utc(s.decided_at) or s.decided_at,
                outcome=s.assessment.outcome,
                risk=s.assessment.risk,
                conditions=tuple(
                    ln.strip() for ln in (s.conditions or "").splitlines() if ln.strip()
                ),
                comment=s.comment,
                final=s.final,
            )
            for s in steps
        ),
        permit_number=permit_number,
        permit_date=permit_date,
    )


def issue_goods_record(
    ctx: ServiceContext, ref: str, kind: str, out: str | Path
) -> GoodsRecordInfo:
    """Issue record ``kind`` (review_sheet | customs_book) of shipment ``ref`` to ``out``."""
    if kind not in KINDS:
        raise InvalidInput(
            _("expected one of {choices}").format(choices=", ".join(KINDS)), where="--kind"
        )
    target = Path(out)
    with ctx.transaction() as session:
        require_role(session, ctx, RECORD_ROLES, N_("issue records"), write=True)
        row = shipment_row(session, ref)
        latest = row.assessments[-1] if row.assessments else None
        if latest is not None and latest.document_sha256 != row.document_sha256:
            raise WorkflowError(
                _(
                    "Shipment {ref} changed after its assessment; assess it again before "
                    "issuing its records"
                ).format(ref=ref)
            )
        generated_at = ctx.now_override or dt.datetime.now(dt.UTC).replace(microsecond=0)
        cutoff = int(
            session.scalar(
                select(func.max(m.ShipmentReviewStep.id)).where(
                    m.ShipmentReviewStep.shipment_id == row.id
                )
            )
            or 0
        )
        institution = institution_of(session)
        number = _next_number(session, kind, generated_at.year)
        data = _data(
            session,
            row,
            kind=kind,
            number=number,
            generated_at=generated_at,
            institution=institution,
            assessment=latest,
            step_cutoff=cutoff,
        )
        pdf = render_goods_record(data)  # refusals raise before anything is stored
        pdf_hash = hashlib.sha256(pdf).hexdigest()
        session.add(
            m.ShipmentRecord(
                document_number=number,
                shipment_id=row.id,
                kind=kind,
                generated_at=generated_at,
                assessment_id=latest.id if latest is not None else None,
                step_cutoff=cutoff,
                institution=institution,
                content_sha256=fingerprint(data),
                pdf_sha256=pdf_hash,
                issued_by=ctx.actor,
            )
        )
        session.flush()
        ctx.audit(
            session,
            "shipment.record",
            "shipment",
            row.id,
            {
                "ref": ref,
                "kind": kind,
                "document_number": number,
                "assessment": latest.id if latest is not None else None,
                "step_cutoff": cutoff,
                "status": row.status,
                "permit_number": row.permit_number,
                "permit_date": row.permit_date.isoformat() if row.permit_date else None,
                "sha256": fingerprint(data),
                "pdf_sha256": pdf_hash,
            },
        )
    try:
        target.write_bytes(pdf)
    except OSError as exc:
        raise StorageError(
            _("Cannot write {path}: {error}").format(path=target, error=exc.strerror or exc)
        ) from None
    return GoodsRecordInfo(target, number, kind, pdf_hash)


@dataclass(frozen=True)
class GoodsVerification:
    ok: bool
    ref: str | None
    message: str


def verify_goods_record(
    ctx: ServiceContext, file: Path, number: str, pdf: bytes
) -> GoodsVerification:
    """Render goods record ``number`` again and compare with ``pdf``; the hash kept in its
    ``shipment.record`` audit event (under the hash chain) must match the file too."""
    file_hash = hashlib.sha256(pdf).hexdigest()
    with ctx.reading() as session:
        issued = session.scalars(
            select(m.ShipmentRecord).where(m.ShipmentRecord.document_number == number)
        ).first()
        if issued is None:
            raise NotFound(_("No issued record {number} in this database").format(number=number))
        row = issued.shipment
        ref = row.ref
        action = "shipment.certificate" if issued.kind == "certificate" else "shipment.record"
        event = next(
            (
                dict(d)
                for d in session.scalars(
                    select(m.AuditEvent.details).where(
                        m.AuditEvent.action == action,
                        m.AuditEvent.entity == "shipment",
                        m.AuditEvent.entity_id == str(row.id),
                    )
                )
                if d.get("document_number") == number
            ),
            {},
        )
        anchored = event.get("pdf_sha256")
        assessment = (
            session.get(m.ShipmentAssessment, issued.assessment_id)
            if issued.assessment_id is not None
            else None
        )
        generated_at = m.as_utc(issued.generated_at) or issued.generated_at
        again: bytes | None = None
        if issued.kind == "certificate":  # the 非該当証明書 (desk.services.goods.certificates)
            day = event.get("issued_on")
            certificate = certificate_data(
                row,
                number=number,
                issued_on=dt.date.fromisoformat(day) if day else generated_at.date(),
                generated_at=generated_at,
                institution=issued.institution,
            )
            if certificate_fingerprint(certificate) == issued.content_sha256:
                try:
                    again = render_certificate(certificate)
                except InvalidInput:
                    again = None
        else:
            data = _data(
                session,
                row,
                kind=issued.kind,
                number=number,
                generated_at=generated_at,
                institution=issued.institution,
                assessment=assessment,
                step_cutoff=issued.step_cutoff,
                kept=event or None,
            )
            if fingerprint(data) == issued.content_sha256:
                try:
                    again = render_goods_record(data)
                except InvalidInput:
                    again = None
        stored_hash = issued.pdf_sha256
    altered = _("ALTERED: {file} differs from record {number} as issued").format(
        file=file, number=number
    )
    if anchored and anchored != file_hash:
        return GoodsVerification(False, ref, altered)
    if anchored and anchored != stored_hash:
        return GoodsVerification(
            False,
            ref,
            _(
                "The stored hash of record {number} was changed in the database after it was "
                "issued (the audit trail keeps the original)"
            ).format(number=number),
        )
    if file_hash != stored_hash:
        return GoodsVerification(False, ref, altered)
    if again == pdf:
        return GoodsVerification(
            True,
            ref,
            _("OK: {file} is record {number} for shipment {ref}, unaltered").format(
                file=file, number=number, ref=ref
            ),
        )
    return GoodsVerification(
        True,
        ref,
        _(
            "OK: {file} is record {number} for shipment {ref} as issued (its SHA-256 was "
            "stored); it cannot be re-created because the shipment changed in the database "
            "after it was issued"
        ).format(file=file, number=number, ref=ref),
    )
