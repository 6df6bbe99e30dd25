"""Issuing review records (PDF): one case's record, or every decided case's.

A record is re-creatable: it is rendered from the stored case, the stored assessment
and the office's stored facts, with the generation time kept in ``issued_records``.
The file appears only if the transaction commits (written as ``*.part``, renamed after;
parts of a killed run and numbers drawn twice: :mod:`.parts`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, _
from desk.domain.localtime import local, zone_name
from desk.reports.data import (
    KIND_CODES,
    KINDS,
    document_number,
)
from desk.services.cases import case_row, latest_assessments
from desk.services.context import Changes, ServiceContext
from desk.services.issued import next_serial, number_prefix
from desk.services.permissions import RECORD_ROLES, require_role
from desk.services.records.checks import stored_check
from desk.services.records.facts import (
    _institution,
)
from desk.services.records.issuing import (
    IssuedRecordInfo,
    PendingFiles,
    _check,
    fresh_assessment,
    output_file,
    prepare_record,
    record_now,
)
from desk.services.records.parts import remove_stale_parts, retry_numbering
from desk.services.records.settings import stored_group_table, stored_setting
from desk.services.records.signing import Signer, load_signer
from desk.services.reviews import (
    review_cutoff,
)
from desk.storage import models as m
from desk.storage.audit_chain import lock_head
from desk.storage.casemap import case_load_options

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class IssueRun:
    records: tuple[IssuedRecordInfo, ...]
    changes: Changes


def _next_serial(session: Session, kind: str, year: int) -> int:
    """One above the highest serial issued under the prefix — here, or by a database this
    one replaced (a restore keeps that in ``document_number_floors``)."""
    lock_head(session)  # another process issuing now waits, then reads our number
    prefix = number_prefix(KIND_CODES[kind], year)
    return next_serial(session, m.IssuedRecord.document_number, prefix, floor=True)


def _issue_one(
    ctx: ServiceContext,
    session: Session,
    row: m.Case,
    assessment: m.Assessment | None,
    kind: str,
    lang: str,
    now: dt.datetime,
    serials: dict[str, int],
    signer: Signer | None = None,
) -> tuple[IssuedRecordInfo, bytes]:
    """Render and register one record; ``serials`` holds the next number per kind and,
    under the key ``"user"``, the issuing user's id (looked up once per run)."""
    fresh_assessment(row, assessment)
    if "user" not in serials:
        serials["user"] = ctx.user(session).id
    zone = zone_name()  # the setting when issued; kept with the record so verify reads it
    year = local(now, zone).year  # numbered by the Japanese calendar year, as printed
    if kind not in serials:
        serials[kind] = _next_serial(session, kind, year)
    number = document_number(kind, year, serials[kind])
    serials[kind] += 1
    cutoff = review_cutoff(session, row.id)
    institution = stored_setting(session, "institution") or _institution()
    references = _references(session, row.id, kind)
    head = session.scalar(select(m.AuditChainHead.sha256))
    check = stored_check(session, row.id)
    copies_kept = stored_setting(session, "copies_kept")
    groups = stored_group_table(session)
    issue = prepare_record(
        row,
        assessment,
        kind=kind,
        lang=lang,
        number=number,
        now=now,
        zone=zone,
        cutoff=cutoff,
        institution=institution,
        references=references,
        audit_head=head,
        check=check,
        copies_kept=copies_kept,
        signer=signer,
        groups=groups,
    )
    if issue.signature is not None:
        session.add(m.RecordSignature(**issue.signature))
    session.add(m.IssuedRecord(**issue.issued_row, issued_by_id=serials["user"]))
    ctx.audit(session, "record.issue", "case", row.id, issue.details)
    return IssuedRecordInfo(number, row.ref, kind, lang, now, issue.digest, None), issue.pdf


def _references(session: Session, case_id: int, kind: str) -> dict[str, str]:
    """The case's newest record of each other kind issued so far: kind → document number."""
    rows = session.execute(
        select(m.IssuedRecord.kind, m.IssuedRecord.document_number)
        .where(m.IssuedRecord.case_id == case_id, m.IssuedRecord.kind != kind)
        .order_by(m.IssuedRecord.generated_at, m.IssuedRecord.id)
    )
    return {k: number for k, number in rows}


@contextmanager
def committed_files(ctx: ServiceContext) -> Iterator[tuple[Session, PendingFiles]]:
    """A transaction and the files that appear only if it commits (:class:`PendingFiles`)."""
    files = PendingFiles()
    try:
        with ctx.transaction() as session:
            yield session, files
    except BaseException:
        files.discard()
        raise
    files.publish()


def issue_record(
    ctx: ServiceContext, ref: str, kind: str, lang: str, out: str | Path
) -> IssuedRecordInfo:
    """Render case ``ref``'s record of ``kind`` in ``lang`` to ``out`` and store it as issued."""
    _check(kind, lang)
    path = output_file(out)
    remove_stale_parts(path.parent)
    signer = load_signer()

    def issue() -> IssuedRecordInfo:
        with committed_files(ctx) as (session, files):
            row = case_row(session, ref)
            require_role(session, ctx, RECORD_ROLES, N_("issue records"), write=True)
            assessment = latest_assessments(session, [row.id]).get(row.id)
            info, pdf = _issue_one(
                ctx, session, row, assessment, kind, lang, record_now(), {}, signer
            )
            session.flush()
            files.add(path, pdf)
        return info

    info = retry_numbering(issue)
    return IssuedRecordInfo(
        info.document_number, info.case_ref, kind, lang, info.generated_at, info.sha256, path
    )


def issue_all(
    ctx: ServiceContext,
    out_dir: str | Path,
    *,
    kinds: Sequence[str] = KINDS,
    lang: str = "ja",
    progress: Progress | None = None,
) -> IssueRun:
    """Every record of ``kinds`` for every assessed case, into ``out_dir``; all or nothing."""
    for kind in kinds:
        _check(kind, lang)
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(
            _("Cannot create the folder {folder}: {error}").format(
                folder=folder, error=exc.strerror or exc
            ),
            where="--out",
        ) from None
    remove_stale_parts(folder)
    signer = load_signer()
    return retry_numbering(lambda: _issue_all(ctx, folder, kinds, lang, progress, signer))


def _issue_all(
    ctx: ServiceContext,
    folder: Path,
    kinds: Sequence[str],
    lang: str,
    progress: Progress | None,
    signer: Signer | None = None,
) -> IssueRun:
    now = record_now()
    infos: list[IssuedRecordInfo] = []
    with committed_files(ctx) as (session, files):
        require_role(session, ctx, RECORD_ROLES, N_("issue records"), write=True)
        rows = list(
            session.scalars(select(m.Case).options(*case_load_options()).order_by(m.Case.ref))
        )
        latest = latest_assessments(session)
        rows = [r for r in rows if r.id in latest]
        total = len(rows) * len(kinds)
        serials: dict[str, int] = {}
        done = 0
        for row in rows:
            for kind in kinds:
                info, pdf = _issue_one(
                    ctx, session, row, latest[row.id], kind, lang, now, serials, signer
                )
                path = folder / f"{info.document_number}_{_safe(row.ref)}.pdf"
                files.add(path, pdf)
                infos.append(
                    IssuedRecordInfo(
                        info.document_number, row.ref, kind, lang, now, info.sha256, path
                    )
                )
                done += 1
                if progress:
                    progress(done, total)
        session.flush()
    return IssueRun(tuple(infos), Changes(frozenset({"issued_records", "audit_events"})))


def _safe(ref: str) -> str:
    return re.sub(r"[^\w.-]+", "_", ref)[:60]
