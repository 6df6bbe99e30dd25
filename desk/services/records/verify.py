"""Verifying an issued record or audit report: :func:`verify_record` renders it again
from the database and compares bytes with the file, so a file that was altered — or a
database that changed since — is reported, never silently passed.

Checked first, without trusting the database's columns: the institution's Ed25519
signature of the file's own SHA-256 (with the public key from the settings or
``public_key``, :mod:`.signing`), and the PDF hash kept in the record's ``record.issue``
audit event (protected by the hash chain). Either failing is ALTERED, whatever the
``issued_records`` row says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput, NotFound
from desk.domain.i18n import _
from desk.reports.data import (
    RECORD_FORMATS,
    fingerprint,
)
from desk.reports.records import render_record
from desk.services.context import ServiceContext
from desk.services.records.facts import (
    _institution,
    _record_data,
)
from desk.services.records.signing import (
    key_fingerprint,
    load_public_key,
    show_fingerprint,
    signature_valid,
)
from desk.services.reviews import (
    ReviewCutoff,
)
from desk.storage import models as m
from desk.storage.casemap import case_load_options


@dataclass(frozen=True)
class Verification:
    ok: bool
    document_number: str | None
    case_ref: str | None
    message: str
    signed: bool | None = None  # True: the institution's signature checked; None: not asked


# --------------------------------------------------------------------------- verification

_KEYWORDS = re.compile(rb"/Keywords \((desk-(?:record|audit|goods)) (DESK-\d{4}-[A-Z]{3}-\d{6})")


def verify_record(
    ctx: ServiceContext, path: str | Path, *, public_key: str | Path | None = None
) -> Verification:
    """Re-create the record named in ``path`` from the database and compare bytes; check
    its signature with the institution's public key when one is set up."""
    file = Path(path)
    try:
        pdf = file.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            _("Cannot read {file}: {error}").format(file=file, error=exc.strerror)
        ) from exc
    found = _KEYWORDS.search(pdf)
    if found is None:  # not a desk record at all: bad input (exit status 2), not "altered"
        raise InvalidInput(
            _("{file} is not a record issued by desk (no document number found)").format(file=file)
        )
    number = found.group(2).decode("ascii")
    file_hash = hashlib.sha256(pdf).hexdigest()
    if found.group(1) == b"desk-audit":
        return _verify_audit_report(ctx, file, number, pdf, file_hash)
    if found.group(1) == b"desk-goods":  # a shipment's record (取引審査票, 94条の帳簿)
        from desk.services.records.goods_records import verify_goods_record

        checked = verify_goods_record(ctx, file, number, pdf)
        return Verification(checked.ok, number, checked.ref, checked.message)
    key = load_public_key(public_key)
    with ctx.reading() as session:
        issued = session.scalars(
            select(m.IssuedRecord).where(m.IssuedRecord.document_number == number)
        ).first()
        if issued is None:
            from desk.services.trips.records import verify_trip_record

            trip = verify_trip_record(session, number, pdf, file)
            if trip is not None:
                return Verification(trip.ok, number, trip.trip_ref, trip.message)
            raise NotFound(_("No issued record {number} in this database").format(number=number))
        row = session.scalars(
            select(m.Case).options(*case_load_options()).where(m.Case.id == issued.case_id)
        ).one()
        ref = row.ref
        stored_hash = issued.pdf_sha256
        event = _issue_event(session, issued)
        signature = event.get("signature") or session.scalar(
            select(m.RecordSignature.signature).where(m.RecordSignature.document_number == number)
        )
        anchored = event.get("pdf_sha256")
        again: bytes | None = None
        if issued.assessment is not None:
            details = event
            cutoff = ReviewCutoff.from_json(details.get("review_cutoff"))
            zone = details.get("zone")  # none: a record of format 1 (UTC)
            version = _FORMATS.get(details.get("format") or "", 1 if zone is None else 2)
            kwargs: dict[str, Any] = dict(
                kind=issued.kind,
                lang=issued.lang,
                number=number,
                generated_at=issued.generated_at,
                # format 3 keeps the institution it printed; 1 and 2 read the environment
                institution=details.get("institution") if version >= 3 else _institution(),
                zone=zone,
                cutoff=cutoff,
                format_version=version,
                references=details.get("references") or {},
                audit_head=details.get("audit_head"),
                check_id=int(details.get("transaction_check") or 0),
                copies_kept=details.get("copies_kept"),
                group_b=(details.get("group_b") or {}).get("countries"),
            )
            data = _record_data(row, issued.assessment, **kwargs)
            if (
                fingerprint(data) != issued.content_sha256
                and version == 3
                and (issued.kind, issued.lang) == ("classification", "en")
            ):
                # an English 該非判定票 of format 3 issued by the desk of 7 December 2026, which
                # printed the English 判定根拠 before format 4 made it part of the format
                data = _record_data(row, issued.assessment, english_basis=True, **kwargs)
            if fingerprint(data) == issued.content_sha256:
                again = render_record(data)
    if signature and key is not None:
        if not signature_valid(key, number, file_hash, str(signature)):
            return Verification(
                False,
                number,
                ref,
                _(
                    "ALTERED: {file} does not match the institution's signature of record "
                    "{number} (the file was changed, or signed with another key)"
                ).format(file=file, number=number),
                signed=False,
            )
        return Verification(
            True,
            number,
            ref,
            _(
                "OK: {file} is record {number} for case {ref}, signed with the institution's "
                "key {fingerprint}"
            ).format(
                file=file,
                number=number,
                ref=ref,
                fingerprint=show_fingerprint(key_fingerprint(key))[:19] + " …",
            ),
            signed=True,
        )
    if anchored and anchored != file_hash:
        return Verification(False, number, ref, _altered(file, number))
    if anchored and stored_hash and anchored != stored_hash:
        return Verification(
            False,
            number,
            ref,
            _(
                "The stored hash of record {number} was changed in the database after it was "
                "issued (the audit trail keeps the original)"
            ).format(number=number),
        )
    hash_ok = stored_hash is not None and file_hash == stored_hash
    if stored_hash is not None and not hash_ok:
        return Verification(False, number, ref, _altered(file, number))
    if again is not None and again == pdf:
        return Verification(
            True,
            number,
            ref,
            _("OK: {file} is record {number} for case {ref}, unaltered").format(
                file=file, number=number, ref=ref
            ),
        )
    if hash_ok:
        # the file is the one issued; the database (or the renderer) moved on since
        why = (
            _("the case or its facts changed in the database after it was issued")
            if again is None
            else _("this version of desk renders it differently")
        )
        return Verification(
            True,
            number,
            ref,
            _(
                "OK: {file} is record {number} for case {ref} as issued (its SHA-256 was stored); "
                "it cannot be re-created because {why}"
            ).format(file=file, number=number, ref=ref, why=why),
        )
    if again is None:
        return Verification(
            False,
            number,
            ref,
            _("Record {number} cannot be re-created: {why}").format(
                number=number,
                why=_("the case or its facts changed in the database after it was issued"),
            ),
        )
    return Verification(False, number, ref, _altered(file, number))


_FORMATS = {name: version for version, name in RECORD_FORMATS.items()}


def _issue_event(session: Session, issued: m.IssuedRecord) -> dict[str, Any]:
    """The details of the ``record.issue`` audit event of ``issued``: the review state it was
    issued with, the zone and format it printed (no zone: format 1, UTC), its institution,
    references and audit head, the PDF's hash and the signature."""
    events = session.scalars(
        select(m.AuditEvent.details).where(
            m.AuditEvent.action == "record.issue",
            m.AuditEvent.entity == "case",
            m.AuditEvent.entity_id == str(issued.case_id),
        )
    )
    for details in events:
        if details.get("document_number") == issued.document_number:
            return dict(details)
    return {}


def _verify_audit_report(
    ctx: ServiceContext, file: Path, number: str, pdf: bytes, file_hash: str
) -> Verification:
    """An audit report: rendered again from what its ``report.audit`` event kept (the rows
    it read, the internal audit's revision, the audit trail's head) and compared."""
    from desk.reports.audit import audit_fingerprint, render_audit
    from desk.services.internal_audit import report_facts
    from desk.services.records.annual_report import _audit_data

    with ctx.reading() as session:
        details = next(
            (
                d
                for d in session.scalars(
                    select(m.AuditEvent.details).where(m.AuditEvent.action == "report.audit")
                )
                if d.get("document_number") == number
            ),
            None,
        )
        if details is None:
            raise NotFound(_("No issued record {number} in this database").format(number=number))
        stored_hash = details.get("pdf_sha256")
        again: bytes | None = None
        why = _("the report was issued by a desk that did not keep what it printed")
        if stored_hash and details.get("cutoffs") is not None:
            kept = details.get("internal_audit") or None
            year = int(details["fiscal_year"])
            facts, audit_id, revision = (None, None, None)
            lang = str(details.get("lang") or "ja")
            try:
                if kept is not None:
                    facts, audit_id, revision = report_facts(
                        session, year, str(kept.get("ref")), lang=lang
                    )
            except (NotFound, InvalidInput):
                facts = None
            if kept is not None and (
                facts is None or audit_id != kept.get("id") or revision != kept.get("revision")
            ):
                why = _("the internal audit changed in the database after it was issued")
            else:
                head = details.get("chain_head") or None
                data = _audit_data(
                    session,
                    year,
                    number=number,
                    lang=lang,
                    generated_at=dt.datetime.fromisoformat(str(details["generated_at"])),
                    zone=str(details.get("zone") or "Asia/Tokyo"),
                    seed=str(details.get("seed_given") or ""),
                    sample_size=int(details.get("sample") or 0),
                    cutoffs={k: int(v) for k, v in dict(details["cutoffs"]).items()},
                    audit=facts,
                    chain=(int(head["seq"]), str(head["sha256"])) if head else None,
                )
                if audit_fingerprint(data) == details.get("sha256"):
                    again = render_audit(data)
                else:
                    why = _("the cases or their facts changed in the database after it was issued")
    hash_ok = bool(stored_hash) and file_hash == stored_hash
    if stored_hash and not hash_ok:
        return Verification(False, number, None, _altered(file, number))
    if again is not None and again == pdf:
        return Verification(
            True,
            number,
            None,
            _("OK: {file} is audit report {number}, unaltered").format(file=file, number=number),
        )
    if hash_ok:
        if again is not None:
            why = _("this version of desk renders it differently")
        return Verification(
            True,
            number,
            None,
            _(
                "OK: {file} is audit report {number} as issued (its SHA-256 was stored); "
                "it cannot be re-created because {why}"
            ).format(file=file, number=number, why=why),
        )
    return Verification(
        False,
        number,
        None,
        _("Audit report {number} cannot be verified: {why}").format(number=number, why=why),
    )


def _altered(file: Path, number: str) -> str:
    return _("ALTERED: {file} differs from record {number} as issued").format(
        file=file, number=number
    )
