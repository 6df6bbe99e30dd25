"""Issuing the 非該当証明書 of a stored shipment (goods-policy.md §G10), with its audit event.

A certificate is an issued record like the shipment's other records: a ``shipment_records``
row (kind ``certificate``, document number ``DESK-YYYY-GNC-NNNNNN`` from that table's own
sequence, the institution as stored in the office settings, the content and PDF SHA-256) and a
``shipment.certificate`` audit event with the PDF's hash, in one transaction; the file is written
after the commit. ``desk report verify`` renders it again from :func:`certificate_data`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from sqlalchemy.orm import Session

from desk.domain.errors import StorageError
from desk.domain.i18n import N_, _
from desk.reports.goods_certificate import CertificateData, fingerprint, render_certificate
from desk.rules.goods import select_goods_ruleset
from desk.services.context import ServiceContext
from desk.services.goods.shipments import _rows
from desk.services.goods.store import load_shipment
from desk.services.issued import institution_of, next_number, number_prefix
from desk.services.permissions import RECORD_ROLES, require_role
from desk.storage import models as m

KIND = "certificate"
CODE = "GNC"


def certificate_data(
    row: m.Shipment,
    *,
    number: str,
    issued_on: dt.date,
    generated_at: dt.datetime,
    institution: str,
) -> CertificateData:
    shipment = load_shipment(row)
    return CertificateData(
        shipment=shipment,
        institution=(institution, institution),
        issued_on=issued_on,
        document_number=number,
        generated_at=generated_at,
        ruleset=select_goods_ruleset(shipment.judged_on(issued_on)),
    )


def _next_number(session: Session, year: int) -> str:
    return next_number(session, m.ShipmentRecord.document_number, number_prefix(CODE, year))


def issue_certificate(
    ctx: ServiceContext, ref: str, out: str | Path, *, issued_on: dt.date | None = None
) -> Path:
    """Write the certificate of shipment ``ref`` to ``out``; nothing is stored or written on
    refusal."""
    day = issued_on or ctx.today()
    target = Path(out)
    with ctx.transaction() as session:
        require_role(session, ctx, RECORD_ROLES, N_("issue certificates"), write=True)
        row = _rows(session, [ref])[0]
        generated_at = ctx.now_override or m.utcnow().replace(microsecond=0)
        institution = institution_of(session)
        number = _next_number(session, day.year)
        data = certificate_data(
            row, number=number, issued_on=day, generated_at=generated_at, institution=institution
        )
        pdf = render_certificate(data)  # refusals raise before anything is stored
        pdf_hash = hashlib.sha256(pdf).hexdigest()
        latest = row.assessments[-1] if row.assessments else None
        session.add(
            m.ShipmentRecord(
                document_number=number,
                shipment_id=row.id,
                kind=KIND,
                generated_at=generated_at,
                assessment_id=latest.id if latest is not None else None,
                step_cutoff=0,
                institution=institution,
                content_sha256=fingerprint(data),
                pdf_sha256=pdf_hash,
                issued_by=ctx.actor,
            )
        )
        session.flush()
        ctx.audit(
            session,
            "shipment.certificate",
            "shipment",
            row.id,
            {
                "ref": ref,
                "document_number": number,
                "issued_on": day.isoformat(),
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
    return target
