"""Issuing review records (PDF), verifying them, and the annual audit report.

A record is re-creatable: it is rendered from the stored case, the stored assessment
and the office's stored facts, with the generation time kept in ``issued_records``.
``verify_record`` renders it again and compares bytes with the file, so a file that
was altered — or a database that changed since — is reported, never silently passed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput, NotFound
from desk.domain.i18n import _, translator
from desk.reports.audit import AuditCase, AuditData, render_audit
from desk.reports.data import (
    KIND_CODES,
    KINDS,
    LANGS,
    CaseFacts,
    Evidence,
    Person,
    RecordData,
    SignOff,
    document_number,
    fingerprint,
)
from desk.reports.records import render_record
from desk.rules import RuleSet
from desk.rules.ruleset import select_ruleset
from desk.services.cases import case_row, latest_assessments
from desk.services.context import Changes, ServiceContext
from desk.services.reviews import (
    ReviewCutoff,
    ReviewFacts,
    ReviewStepInfo,
    decisions_by_case,
    review_cutoff,
    review_facts,
)
from desk.storage import models as m
from desk.storage.casemap import case_fingerprint, case_load_options, load_case

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class IssuedRecordInfo:
    document_number: str
    case_ref: str
    kind: str
    lang: str
    generated_at: dt.datetime
    sha256: str
    path: Path | None


@dataclass(frozen=True)
class IssueRun:
    records: tuple[IssuedRecordInfo, ...]
    changes: Changes


@dataclass(frozen=True)
class Verification:
    ok: bool
    document_number: str | None
    case_ref: str | None
    message: str


@dataclass(frozen=True)
class AuditReportInfo:
    document_number: str
    fiscal_year: int
    cases: int
    path: Path
    sha256: str


# --------------------------------------------------------------------------- building record data


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _groups(ruleset: RuleSet | None, countries: Sequence[str | None]) -> dict[str, str]:
    if ruleset is None:
        return {}
    out: dict[str, str] = {}
    for c in countries:
        if not c or c == "JP":
            continue
        if c in ruleset.group_a:
            out[c] = "A"
        elif ruleset.is_un_or_concern(c):
            out[c] = "D"
        else:
            out[c] = "B/C"  # the rule set does not load Group B (domain reference §6)
    return out


@lru_cache(maxsize=16)
def _ruleset(version: str | None) -> RuleSet | None:
    try:
        return select_ruleset(version=version) if version else None
    except InvalidInput:
        return None


# a reviewer's decision → the renderer's decision code (desk.reports.labels.OUTCOMES);
# "approve" confirms the engine's outcome of the assessment the decision was based on
_DECISION_CODES = {
    "approve_with_conditions": "CONDITIONAL",
    "reject": "STOP",
    "return_for_information": "HOLD",
    "refer_to_meti": "REFER_TO_METI",
}


def _decision_code(step: ReviewStepInfo) -> str:
    return _DECISION_CODES.get(step.decision, step.outcome)


def _with_review(facts: CaseFacts, review: ReviewFacts, lang: str) -> CaseFacts:
    """CaseFacts fields from the review workflow (sign-offs, decision, conditions, licences)."""
    t = translator(lang)
    reviews = tuple(
        SignOff(s.level, s.reviewer_name, s.decided_at.date(), _decision_code(s), s.comment)
        for s in (review.first, review.second)
        if s is not None
    )
    conditions: list[str] = []  # the first review's conditions hold after the second's too
    for step in (review.first, review.second):
        conditions += [c for c in (step.conditions if step else ()) if c not in conditions]
    for lic in review.licences:
        text = t("Licence {number} granted on {granted}").format(
            number=lic.number, granted=lic.granted_on.isoformat()
        )
        if lic.valid_until:
            text += t(", valid until {until}").format(until=lic.valid_until.isoformat())
        if lic.conditions:
            text += f": {lic.conditions}"
        conditions.append(text)
    sub = review.submission
    return dataclasses.replace(
        facts,
        activity=review.activity,
        evidence=tuple(Evidence(e.title, e.version) for e in review.evidence),
        certified_by=sub.reviewer_name if sub else None,
        certified_on=sub.decided_at.date() if sub else None,
        decision=_decision_code(review.decision) if review.decision else None,
        conditions=tuple(conditions),
        reviews=reviews,
    )


def _audit_review(
    review: ReviewFacts | None, outcome: str
) -> tuple[str | None, str | None, str | None]:
    """(decision, licence, licence number) for the audit report. A licence-required case that
    was approved or referred keeps its outcome, so that it stays in the licence table."""
    if review is None:
        return None, None, None
    decision = None
    if review.decision is not None:
        code = _decision_code(review.decision)
        keeps = outcome.startswith("LICENSE_REQUIRED") and review.decision.decision in (
            "approve",
            "approve_with_conditions",
            "refer_to_meti",
        )
        decision = None if keeps else code
    if review.licences:
        return decision, "held", ", ".join(lic.number for lic in review.licences)
    if review.decision is not None and review.decision.decision == "refer_to_meti":
        return decision, "applied", None
    return decision, None, None


def _facts(row: m.Case, lang: str = "ja", cutoff: ReviewCutoff | None = None) -> CaseFacts:
    """The office's facts that the database holds about ``row``, with the review as the record
    saw it (``cutoff``); the workflow status is left out on purpose, so that a later step
    does not make an issued record unverifiable."""
    project = row.technical_item.project
    applicant = None
    if row.filed_by is not None:
        applicant = Person(row.filed_by.display_name, contact=row.filed_by.email)
    elif project is not None and (project.pi is not None or project.pi_name):
        name = project.pi.display_name if project.pi is not None else str(project.pi_name)
        applicant = Person(name)
    if applicant is not None and project is not None and project.department is not None:
        applicant = Person(
            applicant.name, project.department.name, applicant.position, applicant.contact
        )
    period = None
    funding = None
    if project is not None:
        if project.starts_on or project.ends_on:
            start = project.starts_on.isoformat() if project.starts_on else "…"
            end = project.ends_on.isoformat() if project.ends_on else "…"
            period = f"{start} – {end}"
        funding = ", ".join(project.funding_sources or []) or None
    facts = CaseFacts(
        applicant=applicant,
        purpose=project.title if project else None,
        funding=funding,
        period=period,
    )
    session = Session.object_session(row)
    if session is None:
        return facts
    return _with_review(facts, review_facts(session, row, cutoff), lang)


def _record_data(
    row: m.Case,
    assessment: m.Assessment,
    *,
    kind: str,
    lang: str,
    number: str,
    generated_at: dt.datetime,
    institution: str | None,
    cutoff: ReviewCutoff | None = None,
) -> RecordData:
    case = load_case(row)
    rec = case.recipient
    countries = [
        *rec.nationalities,
        rec.country,
        case.provision.country,
        *(a.country for a in rec.affiliations),
    ]
    return RecordData(
        kind=kind,
        document_number=number,
        lang=lang,
        generated_at=_utc(generated_at),
        case=case,
        assessment=dict(assessment.result),
        facts=_facts(row, lang, cutoff),
        country_groups=_groups(_ruleset(assessment.ruleset_version), countries),
        institution=institution,
    )


def _institution() -> str | None:
    return os.environ.get("DESK_INSTITUTION") or None


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


def _next_serial(session: Session, kind: str, year: int) -> int:
    prefix = f"DESK-{year:04d}-{KIND_CODES[kind]}-"
    count = session.scalar(
        select(func.count())
        .select_from(m.IssuedRecord)
        .where(m.IssuedRecord.document_number.like(prefix + "%"))
    )
    return int(count or 0) + 1


def _issue_one(
    ctx: ServiceContext,
    session: Session,
    row: m.Case,
    assessment: m.Assessment | None,
    kind: str,
    lang: str,
    now: dt.datetime,
    serials: dict[str, int],
) -> tuple[IssuedRecordInfo, bytes]:
    """Render and register one record; ``serials`` holds the next number per kind and,
    under the key ``"user"``, the issuing user's id (looked up once per run)."""
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
    if "user" not in serials:
        serials["user"] = ctx.user(session).id
    if kind not in serials:
        serials[kind] = _next_serial(session, kind, now.year)
    number = document_number(kind, now.year, serials[kind])
    serials[kind] += 1
    cutoff = review_cutoff(session, row.id)
    data = _record_data(
        row,
        assessment,
        kind=kind,
        lang=lang,
        number=number,
        generated_at=now,
        institution=_institution(),
        cutoff=cutoff,
    )
    pdf = render_record(data)
    digest = fingerprint(data)
    session.add(
        m.IssuedRecord(
            document_number=number,
            case_id=row.id,
            kind=kind,
            lang=lang,
            generated_at=now,
            assessment_id=assessment.id,
            content_sha256=digest,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            issued_by_id=serials["user"],
        )
    )
    ctx.audit(
        session,
        "record.issue",
        "case",
        row.id,
        {
            "ref": row.ref,
            "document_number": number,
            "kind": kind,
            "lang": lang,
            "sha256": digest,
            "review_cutoff": cutoff.to_json(),
        },
    )
    return IssuedRecordInfo(number, row.ref, kind, lang, now, digest, None), pdf


def _now() -> dt.datetime:
    # whole seconds: the PDF's creation date has no finer resolution
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class _Files:
    """Files that appear only if the transaction commits: written as ``*.part`` first,
    renamed after the commit, removed when anything fails."""

    def __init__(self) -> None:
        self.parts: list[tuple[Path, Path]] = []

    def add(self, path: Path, pdf: bytes) -> None:
        part = path.with_name(path.name + ".part")
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


@contextmanager
def _committed_files(ctx: ServiceContext) -> Iterator[tuple[Session, _Files]]:
    files = _Files()
    try:
        with ctx.transaction() as session:
            yield session, files
    except BaseException:
        files.discard()
        raise
    files.publish()


def _output_file(out: str | Path) -> Path:
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


def issue_record(
    ctx: ServiceContext, ref: str, kind: str, lang: str, out: str | Path
) -> IssuedRecordInfo:
    """Render case ``ref``'s record of ``kind`` in ``lang`` to ``out`` and store it as issued."""
    _check(kind, lang)
    path = _output_file(out)
    with _committed_files(ctx) as (session, files):
        row = case_row(session, ref)
        assessment = latest_assessments(session, [row.id]).get(row.id)
        info, pdf = _issue_one(ctx, session, row, assessment, kind, lang, _now(), {})
        session.flush()
        files.add(path, pdf)
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
    now = _now()
    infos: list[IssuedRecordInfo] = []
    with _committed_files(ctx) as (session, files):
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
                info, pdf = _issue_one(ctx, session, row, latest[row.id], kind, lang, now, serials)
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


# --------------------------------------------------------------------------- verification

_KEYWORDS = re.compile(rb"/Keywords \((desk-(?:record|audit)) (DESK-\d{4}-[A-Z]{3}-\d{6})")


def verify_record(ctx: ServiceContext, path: str | Path) -> Verification:
    """Re-create the record named in ``path`` from the database and compare bytes."""
    file = Path(path)
    try:
        pdf = file.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            _("Cannot read {file}: {error}").format(file=file, error=exc.strerror)
        ) from exc
    found = _KEYWORDS.search(pdf)
    if found is None:
        return Verification(
            False,
            None,
            None,
            _("{file} is not a record issued by desk (no document number found)").format(file=file),
        )
    if found.group(1) == b"desk-audit":
        return Verification(
            False,
            found.group(2).decode(),
            None,
            _("{file} is an audit report; only case records can be verified").format(file=file),
        )
    number = found.group(2).decode("ascii")
    file_hash = hashlib.sha256(pdf).hexdigest()
    with ctx.reading() as session:
        issued = session.scalars(
            select(m.IssuedRecord).where(m.IssuedRecord.document_number == number)
        ).first()
        if issued is None:
            raise NotFound(_("No issued record {number} in this database").format(number=number))
        row = session.scalars(
            select(m.Case).options(*case_load_options()).where(m.Case.id == issued.case_id)
        ).one()
        ref = row.ref
        stored_hash = issued.pdf_sha256
        again: bytes | None = None
        if issued.assessment is not None:
            data = _record_data(
                row,
                issued.assessment,
                kind=issued.kind,
                lang=issued.lang,
                number=number,
                generated_at=issued.generated_at,
                institution=_institution(),
                cutoff=_issued_cutoff(session, issued),
            )
            if fingerprint(data) == issued.content_sha256:
                again = render_record(data)
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


def _issued_cutoff(session: Session, issued: m.IssuedRecord) -> ReviewCutoff | None:
    """The review state a record was issued with, from its ``record.issue`` audit event."""
    events = session.scalars(
        select(m.AuditEvent.details).where(
            m.AuditEvent.action == "record.issue",
            m.AuditEvent.entity == "case",
            m.AuditEvent.entity_id == str(issued.case_id),
        )
    )
    for details in events:
        if details.get("document_number") == issued.document_number:
            return ReviewCutoff.from_json(details.get("review_cutoff"))
    return None


def _altered(file: Path, number: str) -> str:
    return _("ALTERED: {file} differs from record {number} as issued").format(
        file=file, number=number
    )


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
        number = f"DESK-{now.year:04d}-AUD-{serial:06d}"
        data = AuditData(
            fiscal_year=fiscal_year,
            document_number=number,
            lang=lang,
            generated_at=now,
            cases=tuple(cases),
            seed=seed,
            sample_size=sample_size,
            institution=_institution(),
            versions=" · ".join(sorted(versions)),
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
                "sha256": digest,
                "seed": data.effective_seed,
            },
        )
        files.add(path, pdf)
    return AuditReportInfo(number, fiscal_year, len(cases), path, digest)
