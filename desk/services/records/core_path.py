"""``desk report record`` without the ORM: the same record, read and written with SQLAlchemy
Core on a plain Connection.

Importing SQLAlchemy's ORM, declaring desk's sixty-odd models and configuring their mappers
is most of a one-record command before it reads a row (docs/reports.md, "Start-up"). This
path reads the tables one record needs through :mod:`desk.storage.core_tables` into plain
rows with the models' attribute names, so that the same code builds the record: the
case through :func:`desk.storage.casemap.load_case`, the record's data through
:func:`.facts._record_data` (with the review, classification and 取引審査 facts passed in
as :class:`.gathered.Gathered`), the PDF, hashes, signature, ``issued_records`` row and
``record.issue`` details through :func:`.issuing.prepare_record`. It numbers under the
audit chain's head lock with the restore floor (:func:`desk.services.issued.next_serial`)
and appends the audit event through :func:`desk.storage.chain_core.chain_rows` — the
ORM's own chain writer.

It answers None — and the caller issues through the ORM path — whenever that path does
something this one does not: a database that needs migrating, local sign-in accounts
(passwords, lock-out), an actor without a ``users`` row yet, a disabled account, an unknown
case. ``tests/storage/test_core_record.py`` checks that both paths store the same rows and
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, insert, select

from desk.domain.errors import PermissionDenied
from desk.domain.i18n import N_
from desk.domain.localtime import local, zone_name
from desk.reports.data import KIND_CODES, document_number
from desk.services.acting import default_actor, postgres_actor
from desk.services.classification import info_from_json
from desk.services.issued import next_serial, number_prefix, stored_setting
from desk.services.records.country_groups import stored_group_table
from desk.services.records.facts import _institution
from desk.services.records.gathered import Gathered, TransactionFacts
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
from desk.services.records.signing import Signer, load_signer
from desk.services.reviews import (
    EvidenceInfo,
    LicenceInfo,
    ReviewCutoff,
    ReviewStepInfo,
    condition_lines,
    facts_from,
)
from desk.services.roles import RECORD_ROLES, refusal
from desk.storage import core_tables as t
from desk.storage.chain_core import chain_rows, lock_connection


class _UseOrm(Exception):
    """This database or case needs the ORM path; nothing was stored."""


def issue_record_fast(
    url: str | None, ref: str, kind: str, lang: str, out: str | Path
) -> IssuedRecordInfo | None:
    """:func:`.issue.issue_record` for the database at ``url`` without the ORM; None when
    the ORM path must issue it (nothing stored, no file written)."""
    from desk.storage.db import (
        _OWN_MIGRATIONS_DIR,
        MIGRATIONS_DIR,
        _storage_errors,
        _stored_revision,
        make_engine,
        resolve_url,
    )
    from desk.storage.migrations import SCHEMA_HEAD

    _check(kind, lang)
    url = resolve_url(url)
    engine = make_engine(url)
    try:
        if MIGRATIONS_DIR != _OWN_MIGRATIONS_DIR or _stored_revision(engine) != SCHEMA_HEAD:
            return None  # opening it migrates (or refuses) it: the ORM path does that
        path = output_file(out)
        remove_stale_parts(path.parent)
        signer = load_signer()
        with _storage_errors(url):
            try:
                info = retry_numbering(lambda: _issue(engine, ref, kind, lang, path, signer))
            except _UseOrm:
                return None
    finally:
        engine.dispose()
    return IssuedRecordInfo(
        info.document_number, info.case_ref, kind, lang, info.generated_at, info.sha256, path
    )


def _issue(
    engine: Engine, ref: str, kind: str, lang: str, path: Path, signer: Signer | None
) -> IssuedRecordInfo:
    files = PendingFiles()
    try:
        with engine.begin() as conn:
            actor = _actor(conn)
            row = _case(conn, ref)
            user = _user(conn, actor)
            assessment = _one(
                conn,
                select(t.assessments)
                .where(t.assessments.c.case_id == row.id)
                .order_by(t.assessments.c.id.desc())
                .limit(1),
            )
            info, pdf = _issue_one(conn, row, assessment, kind, lang, record_now(), user, signer)
            files.add(path, pdf)
    except BaseException:
        files.discard()
        raise
    files.publish()
    return info


def _issue_one(
    conn: Connection,
    row: Any,
    assessment: Any,
    kind: str,
    lang: str,
    now: dt.datetime,
    user: tuple[str, int],
    signer: Signer | None,
) -> tuple[IssuedRecordInfo, bytes]:
    """As :func:`.issue._issue_one`, on a Connection (the same steps in the same order)."""
    fresh_assessment(row, assessment)
    zone = zone_name()
    year = local(now, zone).year
    lock_connection(conn)  # another process issuing now waits, then reads our number
    prefix = number_prefix(KIND_CODES[kind], year)
    serial = next_serial(conn, t.issued_records.c.document_number, prefix, floor=True)
    number = document_number(kind, year, serial)
    cutoff = _cutoff(conn, row)
    institution = stored_setting(conn, "institution") or _institution()
    references = _references(conn, row.id, kind)
    head = conn.scalar(select(t.audit_chain.c.sha256))
    check = _check_facts(conn, row.id)
    copies_kept = stored_setting(conn, "copies_kept")
    groups = stored_group_table(conn)
    gathered = Gathered(_review(conn, row, cutoff), _classification(conn, row, cutoff), check)
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
        gathered=gathered,
    )
    if issue.signature is not None:
        conn.execute(insert(t.record_signatures).values(**issue.signature, signed_at=_utcnow()))
    conn.execute(insert(t.issued_records).values(**issue.issued_row, issued_by_id=user[1]))
    event = {
        "actor": user[0],
        "action": "record.issue",
        "entity": "case",
        "entity_id": str(row.id),
        "details": issue.details,
    }
    conn.execute(insert(t.audit_events), chain_rows(conn, [event]))
    return IssuedRecordInfo(number, row.ref, kind, lang, now, issue.digest, None), issue.pdf


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """As :func:`desk.storage.models.as_utc`: SQLite gives stored times back naive."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


# --------------------------------------------------------------------------- who acts


def _actor(conn: Connection) -> str:
    """Who acts, as :func:`desk.services.context.open_context` decides it."""
    if conn.dialect.name == "postgresql":
        return postgres_actor(conn, None)
    if conn.scalar(select(t.user_credentials.c.user_id).limit(1)) is not None:
        raise _UseOrm  # sign-in accounts: the password check is the ORM path's
    return os.environ.get("DESK_USER") or default_actor()


def _user(conn: Connection, actor: str) -> tuple[str, int]:
    """The actor and their ``users`` id, after ``require_role(RECORD_ROLES, write=True)``'s
    check (:func:`desk.services.roles.refusal`)."""
    user = conn.execute(
        select(t.users.c.id, t.users.c.active).where(t.users.c.login == actor)
    ).first()
    if user is None:
        raise _UseOrm  # the ORM path creates the row on first use
    if conn.scalar(select(t.user_roles.c.user_id).limit(1)) is None:
        return actor, int(user.id)  # no role granted yet: a single-user setup
    if not user.active:
        raise _UseOrm  # refused there, with its message
    roles = conn.scalars(select(t.user_roles.c.role).where(t.user_roles.c.user_id == user.id)).all()
    why = refusal(actor, sorted(roles), RECORD_ROLES, N_("issue records"), write=True)
    if why is not None:
        raise PermissionDenied(why)
    return actor, int(user.id)


# --------------------------------------------------------------------------- the case's rows


def _plain(row: Any, **extra: Any) -> SimpleNamespace:
    return SimpleNamespace(**row._mapping, **extra)


def _one(conn: Connection, query: Any) -> SimpleNamespace | None:
    row = conn.execute(query).first()
    return None if row is None else _plain(row)


def _all(conn: Connection, query: Any) -> list[SimpleNamespace]:
    return [_plain(r) for r in conn.execute(query)]


def _by_id(conn: Connection, table: Any, id_: int | None) -> SimpleNamespace | None:
    if id_ is None:
        return None
    return _one(conn, select(table).where(table.c.id == id_))


def _case(conn: Connection, ref: str) -> SimpleNamespace:
    """The ``cases`` row ``ref`` with what :func:`load_case` and the record's facts navigate
    (the ORM's relationships, in their ``order_by``)."""
    row = _one(conn, select(t.cases).where(t.cases.c.ref == ref))
    if row is None:
        raise _UseOrm  # the ORM path says the case is unknown
    item = _by_id(conn, t.technical_items, row.technical_item_id)
    assert item is not None  # a case's technical item is NOT NULL
    ex = t.exemption_claims
    item.exemptions = _all(
        conn, select(ex).where(ex.c.technical_item_id == item.id).order_by(ex.c.position)
    )
    item.project = _by_id(conn, t.projects, item.project_id)
    if item.project is not None:
        item.project.pi = _by_id(conn, t.users, item.project.pi_user_id)
        item.project.department = _by_id(conn, t.departments, item.project.department_id)
    row.technical_item = item
    row.filed_by = _by_id(conn, t.users, row.filed_by_id)
    hits = t.cleared_hits
    row.cleared_hits = _all(
        conn, select(hits).where(hits.c.case_id == row.id).order_by(hits.c.position)
    )
    row.person = _party(conn, t.people, row.person_id, "person_id", "affiliations")
    row.organization = _party(
        conn, t.organizations, row.organization_id, "organization_id", "member_affiliations"
    )
    return row


def _party(
    conn: Connection, table: Any, id_: int | None, key: str, affiliations: str
) -> SimpleNamespace | None:
    """A person or organization row with its affiliations (each with its organization), ties
    and declarations."""
    party = _by_id(conn, table, id_)
    if party is None:
        return None
    aff = t.affiliations
    owner = aff.c.person_id if key == "person_id" else aff.c.member_organization_id
    rows = _all(conn, select(aff).where(owner == party.id).order_by(aff.c.position))
    for a in rows:
        a.organization = _by_id(conn, t.organizations, a.organization_id)
    setattr(party, affiliations, rows)
    party.ties = _all(
        conn, select(t.ties).where(t.ties.c[key] == party.id).order_by(t.ties.c.position)
    )
    dec = t.declarations
    party.declarations = _all(conn, select(dec).where(dec.c[key] == party.id).order_by(dec.c.id))
    return party


# --------------------------------------------------------------------------- what the record cites


def _cutoff(conn: Connection, row: Any) -> ReviewCutoff:
    """As :func:`desk.services.reviews.review_cutoff`."""

    def newest(table: Any, column: Any, value: int) -> Any:
        return select(func.max(table.c.id)).where(column == value).scalar_subquery()

    step, licence, evidence, snapshot = conn.execute(
        select(
            newest(t.review_steps, t.review_steps.c.case_id, row.id),
            newest(t.licences, t.licences.c.case_id, row.id),
            newest(t.case_documents, t.case_documents.c.case_id, row.id),
            newest(
                t.classification_snapshots,
                t.classification_snapshots.c.technical_item_id,
                row.technical_item_id,
            ),
        )
    ).one()
    return ReviewCutoff(int(step or 0), int(licence or 0), int(evidence or 0), int(snapshot or 0))


def _review(conn: Connection, row: Any, cutoff: ReviewCutoff) -> Any:
    """As :func:`desk.services.reviews.review_facts` up to ``cutoff``."""
    s, u, a = t.review_steps, t.users, t.assessments
    steps = conn.execute(
        select(s, u.c.login, u.c.display_name, a.c.outcome, a.c.risk, a.c.ruleset_id)
        .add_columns(a.c.ruleset_version)
        .join(u, u.c.id == s.c.reviewer_id)
        .join(a, a.c.id == s.c.assessment_id)
        .where(s.c.case_id == row.id, s.c.id <= cutoff.step)
        .order_by(s.c.id)
    )
    infos: Sequence[ReviewStepInfo] = [
        ReviewStepInfo(
            level=r.level,
            decision=r.decision,
            reviewer=r.login,
            reviewer_name=r.display_name,
            decided_at=_as_utc(r.decided_at) or r.decided_at,
            assessment_id=r.assessment_id,
            outcome=r.outcome,
            risk=r.risk,
            ruleset=f"{r.ruleset_id} {r.ruleset_version}",
            conditions=condition_lines(r.conditions),
            comment=r.comment,
            final=r.final,
        )
        for r in steps
    ]
    lic = t.licences
    licences = [
        LicenceInfo(
            str(r.number),
            r.granted_on or dt.date.min,
            r.valid_until,
            r.conditions,
            r.login,
            _as_utc(r.recorded_at) or r.recorded_at,
        )
        for r in conn.execute(
            select(lic, u.c.login)
            .outerjoin(u, u.c.id == lic.c.recorded_by_id)
            .where(lic.c.case_id == row.id, lic.c.id <= cutoff.licence)
            .where(lic.c.number.is_not(None), lic.c.granted_on.is_not(None))
            .order_by(lic.c.granted_on, lic.c.id)
        )
    ]
    doc, att = t.case_documents, t.attachments
    evidence = [
        EvidenceInfo(r.title, r.version, r.filename, r.sha256, _as_utc(r.added_at) or r.added_at)
        for r in conn.execute(
            select(doc, att.c.filename, att.c.sha256)
            .outerjoin(att, att.c.id == doc.c.attachment_id)
            .where(doc.c.case_id == row.id, doc.c.id <= cutoff.evidence)
            .order_by(doc.c.id)
        )
    ]
    return facts_from(row.activity, infos, licences, evidence)


def _classification(conn: Connection, row: Any, cutoff: ReviewCutoff) -> Any:
    """As :func:`.facts._classification`: the snapshot the cutoff names (0: none)."""
    if cutoff.classification == 0:
        return None
    snap = t.classification_snapshots
    data = conn.scalar(
        select(snap.c.data)
        .where(
            and_(
                snap.c.technical_item_id == row.technical_item_id,
                snap.c.id <= cutoff.classification,
            )
        )
        .order_by(snap.c.id.desc())
        .limit(1)
    )
    return info_from_json(data) if data else None


def _check_facts(conn: Connection, case_id: int) -> TransactionFacts:
    """As :func:`.checks.stored_check`: the case's newest 取引審査 row."""
    c = t.transaction_checks
    row = conn.execute(
        select(c).where(c.c.case_id == case_id).order_by(c.c.id.desc()).limit(1)
    ).first()
    if row is None:
        return TransactionFacts()
    return TransactionFacts(
        row.end_use,
        row.end_user,
        tuple(row.documents_checked or ()),
        dict(row.clear_checklist or {}),
        row.cancelled_on,
        row.id,
        dict(row.red_flags or {}),
    )


def _references(conn: Connection, case_id: int, kind: str) -> dict[str, str]:
    """As :func:`.issue._references`."""
    r = t.issued_records
    rows = conn.execute(
        select(r.c.kind, r.c.document_number)
        .where(r.c.case_id == case_id, r.c.kind != kind)
        .order_by(r.c.generated_at, r.c.id)
    )
    return {k: number for k, number in rows}
