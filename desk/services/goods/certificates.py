"""Issuing the 非該当証明書 of a stored shipment (goods-policy.md §G10), with its audit event."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from desk.domain.errors import StorageError
from desk.domain.i18n import N_, _
from desk.reports.goods_certificate import CertificateData, fingerprint, render_certificate
from desk.rules.goods import select_goods_ruleset
from desk.services.context import ServiceContext
from desk.services.goods.shipments import _rows
from desk.services.goods.store import load_shipment
from desk.services.permissions import RECORD_ROLES, require_role
from desk.storage import models as m


def issue_certificate(
    ctx: ServiceContext, ref: str, out: str | Path, *, issued_on: dt.date | None = None
) -> Path:
    """Write the certificate of shipment ``ref`` to ``out``; nothing is written on refusal."""
    day = issued_on or ctx.today()
    with ctx.reading() as session:
        require_role(session, ctx, RECORD_ROLES, N_("issue certificates"), write=True)
        row = _rows(session, [ref])[0]
        shipment = load_shipment(row)
        row_id = row.id
    institution = os.environ.get("DESK_INSTITUTION") or "—"
    data = CertificateData(
        shipment=shipment,
        institution=(institution, institution),
        issued_on=day,
        document_number=f"DESK-{day.year:04d}-GNC-{row_id:06d}",
        generated_at=m.utcnow().replace(microsecond=0),
        ruleset=select_goods_ruleset(shipment.judged_on(day)),
    )
    pdf = render_certificate(data)  # refusals raise before anything is written
    target = Path(out)
    try:
        target.write_bytes(pdf)
    except OSError as exc:
        raise StorageError(
            _("Cannot write {path}: {error}").format(path=target, error=exc.strerror or exc)
        ) from None
    with ctx.transaction() as session:
        ctx.audit(
            session,
            "shipment.certificate",
            "shipment",
            row_id,
            {
                "ref": ref,
                "document_number": data.document_number,
                "issued_on": day.isoformat(),
                "sha256": fingerprint(data),
            },
        )
    return target
