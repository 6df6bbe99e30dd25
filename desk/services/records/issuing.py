"""Issuing one record, whichever path reads the database: the checks before it, the
rendering, the hashes, the signature, and the rows and audit event to store — built once
here and written by the ORM path (:mod:`.issue`) or the fast Core path (:mod:`.core_path`),
so both store the same thing. Also the files that appear only when the transaction
commits (:class:`PendingFiles`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.reports.data import KINDS, LANGS, RECORD_FORMAT, fingerprint
from desk.reports.records import render_record
from desk.services.records.country_groups import GroupTable
from desk.services.records.facts import _record_data
from desk.services.records.gathered import Gathered, TransactionFacts
from desk.services.records.parts import part_path
from desk.services.records.signing import Signer
from desk.services.reviews import ReviewCutoff


@dataclass(frozen=True)
class IssuedRecordInfo:
    document_number: str
    case_ref: str
    kind: str
    lang: str
    generated_at: dt.datetime
    sha256: str
    path: Path | None


def _check(kind: str, lang: str) -> None:
    if kind not in KINDS:
        raise InvalidInput(
            _("Unknown record kind {kind}; expected one of {kinds}").format(
                kind=kind, kinds=", ".join(KINDS)
            ),
            where="--kind",
        )
    if lang not in LANGS:
        raise InvalidInput(
            _("Unknown report language {lang}; expected ja or en").format(lang=lang), where="--lang"
        )


def fresh_assessment(row: Any, assessment: Any) -> None:
    """Refuse a case never assessed, or changed since its newest assessment."""
    from desk.storage.casemap import case_fingerprint, load_case

    if assessment is None:
        raise InvalidInput(
            _("Case {ref} has not been assessed yet; assess it first").format(ref=row.ref)
        )
    if assessment.case_sha256 != case_fingerprint(load_case(row)):
        raise InvalidInput(
            _("Case {ref} changed after its last assessment; assess it again first").format(
                ref=row.ref
            )
        )


@dataclass(frozen=True)
class PreparedRecord:
    """A rendered record and what to store for it (the issuer adds ``issued_by_id``)."""

    pdf: bytes
    digest: str
    issued_row: dict[str, Any]  # the issued_records row
    signature: dict[str, Any] | None  # the record_signatures row, when signed
    details: dict[str, Any]  # the record.issue audit event's details


def prepare_record(
    row: Any,
    assessment: Any,
    *,
    kind: str,
    lang: str,
    number: str,
    now: dt.datetime,
    zone: str,
    cutoff: ReviewCutoff,
    institution: str | None,
    references: dict[str, str],
    audit_head: str | None,
    check: TransactionFacts,
    copies_kept: str | None,
    signer: Signer | None,
    groups: GroupTable | None = None,
    gathered: Gathered | None = None,
) -> PreparedRecord:
    """Render case ``row``'s record and build the rows and audit details to store with it.
    ``row`` and ``assessment``: ORM rows, or the fast path's plain rows with ``gathered``."""
    data = _record_data(
        row,
        assessment,
        kind=kind,
        lang=lang,
        number=number,
        generated_at=now,
        institution=institution,
        zone=zone,
        cutoff=cutoff,
        references=references,
        audit_head=audit_head,
        check_id=check.check_id,
        copies_kept=copies_kept,
        group_b=groups.countries if groups else None,
        gathered=gathered,
    )
    pdf = render_record(data)
    digest = fingerprint(data)
    pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    signed: dict[str, str] = {}
    signature = None
    if signer is not None:  # the institution's key, kept outside the database
        signed = {"signature": signer.sign(number, pdf_sha256), "key": signer.fingerprint}
        signature = {
            "document_number": number,
            "pdf_sha256": pdf_sha256,
            "signature": signed["signature"],
            "key_fingerprint": signer.fingerprint,
        }
    issued_row = {
        "document_number": number,
        "case_id": row.id,
        "kind": kind,
        "lang": lang,
        "generated_at": now,
        "assessment_id": assessment.id,
        "content_sha256": digest,
        "pdf_sha256": pdf_sha256,
    }
    details = {
        "ref": row.ref,
        "document_number": number,
        "kind": kind,
        "lang": lang,
        "sha256": digest,
        "review_cutoff": cutoff.to_json(),
        "format": RECORD_FORMAT,
        "zone": zone,
        "institution": institution,
        "references": references,
        "audit_head": audit_head,
        "transaction_check": check.check_id,
        "copies_kept": copies_kept,
        # the Group B table printed with (None: none loaded; 一般国)
        "group_b": (
            {"countries": list(groups.countries), "sha256": groups.sha256} if groups else None
        ),
        # anchored in the hash chain: a rewritten pdf_sha256 column no longer matches
        "pdf_sha256": pdf_sha256,
        **signed,
    }
    return PreparedRecord(pdf, digest, issued_row, signature, details)


def record_now() -> dt.datetime:
    """The time a record is issued at: now in UTC, in whole seconds (the PDF's creation
    date has no finer resolution)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class PendingFiles:
    """Files that appear only if the transaction commits: written as ``*.part`` first,
    renamed after the commit, removed when anything fails."""

    def __init__(self) -> None:
        self.parts: list[tuple[Path, Path]] = []

    def add(self, path: Path, pdf: bytes) -> None:
        part = part_path(path)
        try:
            part.write_bytes(pdf)
        except OSError as exc:  # raised inside the transaction: nothing is stored
            raise InvalidInput(
                _("Cannot write {file}: {error}").format(file=path, error=exc.strerror or exc),
                where="--out",
            ) from None
        self.parts.append((part, path))

    def discard(self) -> None:
        for part, _final in self.parts:
            part.unlink(missing_ok=True)

    def publish(self) -> None:
        for part, final in self.parts:
            part.replace(final)


def output_file(out: str | Path) -> Path:
    """Refuse an --out that cannot become a file before anything is stored: renaming the
    finished file happens after the commit, too late to undo the issued record."""
    path = Path(out)
    if not path.parent.exists():
        raise InvalidInput(
            _("Folder {folder} does not exist").format(folder=path.parent), where="--out"
        )
    if not path.parent.is_dir():
        raise InvalidInput(_("{path} is not a folder").format(path=path.parent), where="--out")
    if path.is_dir():
        raise InvalidInput(
            _("{path} is a folder; give the name of the PDF file to write").format(path=path),
            where="--out",
        )
    return path
