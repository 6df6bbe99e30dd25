"""Issuing a trip's records — the hand-carry declaration (``hand_carry``, 携行品申告書) and the
trip's bundle (``bundle``, 渡航審査記録) — and verifying them.

A record prints the trip's latest assessment (refused when the trip or a part changed since:
assess it again first), under a number ``DESK-YYYY-HCD-NNNNNN`` / ``DESK-YYYY-TRP-NNNNNN``
kept in ``trip_records`` with the institution printed, the generation time and both
hashes; the ``trip.record`` audit event keeps the PDF's hash too. The file appears only if
the transaction commits (as the case records). :func:`verify_trip_record` renders it again
from the stored answer and compares bytes (``desk report verify``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, _
from desk.domain.localtime import local
from desk.reports.trip_records import (
    KIND_CODES,
    KINDS,
    TripRecordData,
    check_printable,
    fingerprint,
    render_trip_record,
)
from desk.services.context import Changes, ServiceContext
from desk.services.issued import institution_of, next_number, number_prefix
from desk.services.permissions import RECORD_ROLES, require_role
from desk.services.records import committed_files, output_file, record_now
from desk.services.records.parts import remove_stale_parts, retry_numbering
from desk.services.trips.trips import _fingerprint, trip_row
from desk.storage import models as m


@dataclass(frozen=True)
class TripRecordInfo:
    document_number: str
    trip_ref: str
    kind: str
    lang: str
    sha256: str  # of the PDF
    path: Path
    changes: Changes


def _check(kind: str, lang: str) -> None:
    if kind not in KINDS:
        raise InvalidInput(
            _("Unknown record kind {kind}; expected one of {kinds}").format(
                kind=kind, kinds=", ".join(KINDS)
            ),
            where="--kind",
        )
    if lang not in ("ja", "en"):
        raise InvalidInput(
            _("Unknown report language {lang}; expected ja or en").format(lang=lang), where="--lang"
        )


def _next_number(session: Session, kind: str, now: dt.datetime) -> str:
    prefix = number_prefix(KIND_CODES[kind], local(now, "Asia/Tokyo").year)
    return next_number(session, m.TripRecord.document_number, prefix, floor=True)


def _institution(session: Session) -> tuple[str, str]:
    name = institution_of(session)
    return (name, name)


def issue_trip_record(
    ctx: ServiceContext, ref: str, kind: str, out: str | Path, *, lang: str = "ja"
) -> TripRecordInfo:
    """Render trip ``ref``'s record of ``kind`` in ``lang`` to ``out`` and keep it as issued."""
    _check(kind, lang)
    path = output_file(out)
    remove_stale_parts(path.parent)

    def issue() -> TripRecordInfo:
        with committed_files(ctx) as (session, files):
            user = require_role(session, ctx, RECORD_ROLES, N_("issue records"), write=True)
            row = trip_row(session, ref)
            last = row.assessments[-1] if row.assessments else None
            if last is None:
                raise InvalidInput(
                    _("Trip {ref} has not been assessed yet; assess it first").format(ref=ref)
                )
            if last.trip_sha256 != _fingerprint(session, row):
                raise InvalidInput(
                    _(
                        "Trip {ref} or one of its cases or shipments changed after its last "
                        "assessment; assess it again first"
                    ).format(ref=ref)
                )
            now = record_now()
            data = TripRecordData(
                kind=kind,
                lang=lang,
                document_number=_next_number(session, kind, now),
                generated_at=now,
                institution=_institution(session),
                answer=dict(last.result),
            )
            check_printable(data)
            pdf = render_trip_record(data)
            digest = hashlib.sha256(pdf).hexdigest()
            session.add(
                m.TripRecord(
                    document_number=data.document_number,
                    trip_id=row.id,
                    assessment_id=last.id,
                    kind=kind,
                    lang=lang,
                    institution=list(data.institution),
                    generated_at=now,
                    content_sha256=fingerprint(data),
                    pdf_sha256=digest,
                    issued_by_id=user.id,
                )
            )
            session.flush()
            ctx.audit(
                session,
                "trip.record",
                "trip",
                row.id,
                {
                    "ref": row.ref,
                    "document_number": data.document_number,
                    "kind": kind,
                    "lang": lang,
                    "assessment": last.id,
                    "sha256": fingerprint(data),
                    "pdf_sha256": digest,
                },
            )
            files.add(path, pdf)
            return TripRecordInfo(
                data.document_number,
                row.ref,
                kind,
                lang,
                digest,
                path,
                Changes(frozenset({"trip_records", "audit_events"}), {"trips": (row.id,)}),
            )

    return retry_numbering(issue)


@dataclass(frozen=True)
class TripVerification:
    ok: bool
    trip_ref: str
    message: str


def verify_trip_record(
    session: Session, number: str, pdf: bytes, file: Path
) -> TripVerification | None:
    """None when ``number`` is not a trip record; else whether ``pdf`` is the record as
    issued: its hash against the one the ``trip.record`` audit event kept (the hash chain
    protects it) and the stored row, and the bytes against a fresh rendering."""
    row = session.scalars(
        select(m.TripRecord).where(m.TripRecord.document_number == number)
    ).first()
    if row is None:
        return None
    ref = row.trip.ref
    file_hash = hashlib.sha256(pdf).hexdigest()
    anchored = next(
        (
            d.get("pdf_sha256")
            for d in session.scalars(
                select(m.AuditEvent.details).where(
                    m.AuditEvent.action == "trip.record",
                    m.AuditEvent.entity == "trip",
                    m.AuditEvent.entity_id == str(row.trip_id),
                )
            )
            if d.get("document_number") == number
        ),
        None,
    )
    altered = _("ALTERED: {file} differs from record {number} as issued").format(
        file=file, number=number
    )
    if anchored is None or anchored != row.pdf_sha256:
        return TripVerification(
            False,
            ref,
            _(
                "The stored hash of record {number} was changed in the database after it was "
                "issued (the audit trail keeps the original)"
            ).format(number=number),
        )
    if file_hash != anchored:
        return TripVerification(False, ref, altered)
    data = TripRecordData(
        kind=row.kind,
        lang=row.lang,
        document_number=number,
        generated_at=m.as_utc(row.generated_at) or row.generated_at,
        institution=(str(row.institution[0]), str(row.institution[1])),
        answer=dict(row.assessment.result),
    )
    if fingerprint(data) == row.content_sha256 and render_trip_record(data) == pdf:
        return TripVerification(
            True,
            ref,
            _("OK: {file} is record {number} for trip {ref}, unaltered").format(
                file=file, number=number, ref=ref
            ),
        )
    return TripVerification(
        True,
        ref,
        _(
            "OK: {file} is record {number} for trip {ref} as issued (its SHA-256 was stored); "
            "it cannot be re-created because {why}"
        ).format(
            file=file, number=number, ref=ref, why=_("this version of desk renders it differently")
        ),
    )
