"""The annual internal-audit report (年次監査報告書) for a fiscal year (April–March):
the cases judged that year, a seeded sample of them, their decisions and licences."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, _
from desk.domain.localtime import local, local_date, zone_name
from desk.reports.audit import (
    AuditCase,
    AuditData,
    AuditShipment,
    InternalAuditFacts,
    audit_fingerprint,
    render_audit,
)
from desk.reports.data import (
    LANGS,
)
from desk.services.context import ServiceContext
from desk.services.internal_audit import report_facts
from desk.services.permissions import AUDIT_READ_ROLES, require_role
from desk.services.records.facts import (
    _audit_review,
    _institution,
)
from desk.services.records.issue import committed_files
from desk.services.records.issuing import output_file, record_now
from desk.services.reviews import (
    ReviewCutoff,
    review_facts,
)
from desk.storage import models as m
from desk.storage.audit_chain import lock_head
from desk.storage.casemap import case_load_options, load_case


@dataclass(frozen=True)
class AuditReportInfo:
    document_number: str
    fiscal_year: int
    cases: int
    path: Path
    sha256: str
    audit_ref: str | None = None
    chain_sha256: str | None = None


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
    audit: str | None = None,
) -> AuditReportInfo:
    """The internal-audit report for fiscal year ``fiscal_year`` (April–March) to ``out``:
    the year's internal audit (``audit``, else the year's newest) beside the statistics.

    What it printed is kept in its ``report.audit`` event (the newest assessment, review
    step, licence and shipment assessment it read; the internal audit's revision; the
    audit trail's head), so that :func:`~desk.services.records.verify_record` can render it
    again and compare bytes, as it does for case records."""
    if lang not in LANGS:
        raise InvalidInput(
            _("Unknown report language {lang}; expected ja or en").format(lang=lang), where="--lang"
        )
    if not 2000 <= fiscal_year <= 2100:
        raise InvalidInput(
            _("Fiscal year {year} is out of range").format(year=fiscal_year), where="--fiscal-year"
        )
    path = output_file(out)
    now = record_now()
    zone = zone_name()
    with committed_files(ctx) as (session, files):
        require_role(session, ctx, AUDIT_READ_ROLES, N_("write the audit report"))
        lock_head(session)  # a report issued at the same time waits, then numbers after ours
        cutoffs = _cutoffs(session)
        head = session.execute(select(m.AuditChainHead.seq, m.AuditChainHead.sha256)).first()
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
        facts, audit_id, revision = report_facts(session, fiscal_year, audit, lang=lang)
        data = _audit_data(
            session,
            fiscal_year,
            number=number,
            lang=lang,
            generated_at=now,
            zone=zone,
            seed=seed,
            sample_size=sample_size,
            cutoffs=cutoffs,
            audit=facts,
            chain=(int(head[0]), str(head[1])) if head is not None and head[1] else None,
        )
        pdf = render_audit(data)
        digest = audit_fingerprint(data)
        ctx.audit(
            session,
            "report.audit",
            "report",
            None,
            {
                "document_number": number,
                "fiscal_year": fiscal_year,
                "cases": len(data.cases),
                "shipments": len(data.shipments),
                "sha256": digest,
                "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
                "seed": data.effective_seed,
                "seed_given": seed,
                "sample": sample_size,
                "lang": lang,
                "generated_at": now.isoformat(),
                "zone": zone,
                "cutoffs": cutoffs,
                "internal_audit": None
                if facts is None
                else {"id": audit_id, "ref": facts.ref, "revision": revision},
                "chain_head": None
                if data.chain_seq is None
                else {"seq": data.chain_seq, "sha256": data.chain_sha256},
            },
        )
        files.add(path, pdf)
    return AuditReportInfo(
        number,
        fiscal_year,
        len(data.cases),
        path,
        digest,
        facts.ref if facts else None,
        data.chain_sha256,
    )


def _cutoffs(session: Session) -> dict[str, int]:
    """The newest row of each kind the report reads: verifying leaves out what came after."""

    def newest(column: Any) -> int:
        return int(session.scalar(select(func.max(column))) or 0)

    return {
        "assessment": newest(m.Assessment.id),
        "step": newest(m.ReviewStep.id),
        "licence": newest(m.Licence.id),
        "evidence": newest(m.CaseDocument.id),
        "shipment_assessment": newest(m.ShipmentAssessment.id),
    }


def _catchall_track(case_inform: str | None, result: dict[str, Any], outcome: str) -> str | None:
    """大量破壊兵器等 or 通常兵器 for a catch-all licence: the inform notice's kind, else the
    engine's catch-all reason (``catchall.wmd_*`` / ``catchall.cw_*``)."""
    if outcome != "LICENSE_REQUIRED_CATCHALL":
        return None
    track = result.get("catchall_track")
    if track in ("wmd", "conventional"):
        return str(track)
    if case_inform in ("wmd", "conventional"):
        return case_inform
    for r in reversed(result.get("reasons") or []):
        code = str(r.get("code") or "") if isinstance(r, dict) else ""
        if code.startswith("catchall.wmd_"):
            return "wmd"
        if code.startswith("catchall.cw_"):
            return "conventional"
    return None


def _audit_data(
    session: Session,
    fiscal_year: int,
    *,
    number: str,
    lang: str,
    generated_at: dt.datetime,
    zone: str,
    seed: str,
    sample_size: int,
    cutoffs: dict[str, int],
    audit: InternalAuditFacts | None,
    chain: tuple[int, str] | None,
) -> AuditData:
    """The report's data as the database held it up to ``cutoffs`` (issue and verify)."""
    start, end = _fiscal_bounds(fiscal_year)
    as_of = min(local_date(generated_at, zone), end)
    newest = (
        select(func.max(m.Assessment.id))
        .where(m.Assessment.id <= cutoffs.get("assessment", 0))
        .group_by(m.Assessment.case_id)
    )
    latest = {
        a.case_id: a
        for a in session.scalars(select(m.Assessment).where(m.Assessment.id.in_(newest)))
        if start <= a.judged_on <= as_of  # inside the year, and not after the report's date
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
    review_cut = ReviewCutoff(
        cutoffs.get("step", 0), cutoffs.get("licence", 0), cutoffs.get("evidence", 0)
    )
    cases = []
    versions: set[str] = set()
    for row in rows:
        a = latest[row.id]
        review = review_facts(session, row, review_cut)
        reviewed = review.decision is not None or bool(review.licences)
        _decision, licence, licence_number = _audit_review(review if reviewed else None, a.outcome)
        decided = review.decision
        if decided is not None and local_date(decided.decided_at, zone) > as_of:
            decided = None  # decided after the report's date: not yet, as the report saw it
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
                licence=licence,
                licence_number=licence_number,
                status=row.status,
                closed=row.status == "closed",
                review_on=a.review_on,
                names_screened=1 + len(rec.affiliations),
                list_hits=len(result.get("list_hits") or []),
                cleared_hits=len(rec.cleared_hits),
                catchall_track=_catchall_track(case.provision.inform, result, a.outcome),
                review_decision=decided.decision if decided is not None else None,
            )
        )
    return AuditData(
        fiscal_year=fiscal_year,
        document_number=number,
        lang=lang,
        generated_at=generated_at,
        zone=zone,
        cases=tuple(cases),
        seed=seed,
        sample_size=sample_size,
        institution=_institution(),
        versions=" · ".join(sorted(versions)),
        shipments=_audit_shipments(session, start, as_of, cutoffs.get("shipment_assessment", 0)),
        audit=audit,
        chain_seq=chain[0] if chain else None,
        chain_sha256=chain[1] if chain else None,
    )


def _audit_shipments(
    session: Session, start: dt.date, end: dt.date, cutoff: int
) -> tuple[AuditShipment, ...]:
    """Each shipment's latest assessment (up to ``cutoff``), when judged from start to end."""
    latest: dict[int, m.ShipmentAssessment] = {}
    for a in session.scalars(
        select(m.ShipmentAssessment)
        .where(m.ShipmentAssessment.id <= cutoff)
        .order_by(m.ShipmentAssessment.id)
    ):
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
