"""The annual internal-audit report (年次監査報告書) for a fiscal year (April–March):
the cases judged that year, a seeded sample of them, their decisions and licences."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.domain.localtime import local, zone_name
from desk.reports.audit import AuditCase, AuditData, AuditShipment, render_audit
from desk.reports.data import (
    LANGS,
)
from desk.services.cases import latest_assessments
from desk.services.context import ServiceContext
from desk.services.records.facts import (
    _audit_review,
    _institution,
)
from desk.services.records.issue import (
    _committed_files,
    _now,
    _output_file,
)
from desk.services.reviews import (
    decisions_by_case,
)
from desk.storage import models as m
from desk.storage.casemap import case_load_options, load_case


@dataclass(frozen=True)
class AuditReportInfo:
    document_number: str
    fiscal_year: int
    cases: int
    path: Path
    sha256: str


# --------------------------------------------------------------------------- audit report


def _fiscal_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def audit_report(
    ctx: ServiceContext,
    fiscal_year: int,
    out: str | Path,
    *,
    lang: str = "ja",
    seed: str = "",
    sample_size: int = 20,
) -> AuditReportInfo:
    """The internal-audit report for fiscal year ``fiscal_year`` (April–March) to ``out``."""
    if lang not in LANGS:
        raise InvalidInput(
            _("Unknown report language {lang}; expected ja or en").format(lang=lang), where="--lang"
        )
    if not 2000 <= fiscal_year <= 2100:
        raise InvalidInput(
            _("Fiscal year {year} is out of range").format(year=fiscal_year), where="--fiscal-year"
        )
    path = _output_file(out)
    start, end = _fiscal_bounds(fiscal_year)
    now = _now()
    zone = zone_name()
    with _committed_files(ctx) as (session, files):
        latest = {
            cid: a for cid, a in latest_assessments(session).items() if start <= a.judged_on <= end
        }
        rows = (
            list(
                session.scalars(
                    select(m.Case).options(*case_load_options()).where(m.Case.id.in_(list(latest)))
                )
            )
            if latest
            else []
        )
        cases = []
        versions: set[str] = set()
        reviews = decisions_by_case(session, rows)
        for row in rows:
            a = latest[row.id]
            decision, licence, licence_number = _audit_review(reviews.get(row.id), a.outcome)
            case = load_case(row)
            rec = case.recipient
            project = row.technical_item.project
            country = (rec.nationalities[0] if rec.nationalities else None) or rec.country
            result = a.result or {}
            versions.add(f"{a.ruleset_id} {a.ruleset_version}")
            for lv in a.list_versions or []:
                versions.add(f"{lv.get('id')} {lv.get('version')}")
            cases.append(
                AuditCase(
                    case_id=row.ref,
                    judged_on=a.judged_on,
                    title=row.title,
                    department=project.department.name
                    if project is not None and project.department is not None
                    else None,
                    country=country,
                    outcome=a.outcome,
                    risk=a.risk,
                    decision=decision,
                    licence=licence,
                    licence_number=licence_number,
                    status=row.status,
                    closed=row.status == "closed",
                    review_on=a.review_on,
                    names_screened=1 + len(rec.affiliations),
                    list_hits=len(result.get("list_hits") or []),
                    cleared_hits=len(rec.cleared_hits),
                )
            )
        shipments = _audit_shipments(session, start, end)
        serial = (
            int(
                session.scalar(
                    select(func.count())
                    .select_from(m.AuditEvent)
                    .where(m.AuditEvent.action == "report.audit")
                )
                or 0
            )
            + 1
        )
        number = f"DESK-{local(now, zone).year:04d}-AUD-{serial:06d}"
        data = AuditData(
            fiscal_year=fiscal_year,
            document_number=number,
            lang=lang,
            generated_at=now,
            zone=zone,
            cases=tuple(cases),
            seed=seed,
            sample_size=sample_size,
            institution=_institution(),
            versions=" · ".join(sorted(versions)),
            shipments=shipments,
        )
        pdf = render_audit(data)
        from desk.reports.audit import audit_fingerprint

        digest = audit_fingerprint(data)
        ctx.audit(
            session,
            "report.audit",
            "report",
            None,
            {
                "document_number": number,
                "fiscal_year": fiscal_year,
                "cases": len(cases),
                "shipments": len(shipments),
                "sha256": digest,
                "seed": data.effective_seed,
                "zone": zone,
            },
        )
        files.add(path, pdf)
    return AuditReportInfo(number, fiscal_year, len(cases), path, digest)


def _audit_shipments(session: Session, start: dt.date, end: dt.date) -> tuple[AuditShipment, ...]:
    """Each shipment's latest assessment, when it was judged in the fiscal year."""
    latest: dict[int, m.ShipmentAssessment] = {}
    for a in session.scalars(select(m.ShipmentAssessment).order_by(m.ShipmentAssessment.id)):
        latest[a.shipment_id] = a
    chosen = {sid: a for sid, a in latest.items() if start <= a.judged_on <= end}
    if not chosen:
        return ()
    rows = session.scalars(select(m.Shipment).where(m.Shipment.id.in_(list(chosen))))
    return tuple(
        sorted(
            (
                AuditShipment(
                    ref=r.ref,
                    judged_on=chosen[r.id].judged_on,
                    outcome=chosen[r.id].outcome,
                    risk=chosen[r.id].risk,
                    mode=r.mode,
                    destination=r.destination,
                )
                for r in rows
            ),
            key=lambda x: x.ref,
        )
    )
