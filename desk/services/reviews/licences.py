"""Licences and evidence kept with a case under review: :func:`record_licence` (a METI
licence or its refusal, by the office or a reviewer) and :func:`add_evidence` (a file
whose SHA-256 is kept, by anyone on the case)."""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from pathlib import Path

from desk.domain.errors import InvalidInput, WorkflowError
from desk.domain.i18n import N_, _
from desk.services.cases import case_row
from desk.services.context import Changes, ServiceContext
from desk.services.permissions import require_case_access
from desk.services.reviews.state import (
    ReviewState,
    _state,
)
from desk.services.reviews.status import (
    EVIDENCE_ROLES,
    LICENCE_ROLES,
    STATUS_LABELS,
)
from desk.services.reviews.steps import _now, _require, _text
from desk.storage import models as m


def record_licence(
    ctx: ServiceContext,
    ref: str,
    *,
    number: str,
    granted_on: dt.date,
    valid_until: dt.date | None = None,
    conditions: str | None = None,
) -> ReviewState:
    """Record a METI licence granted for a decided case (not for one that was rejected)."""
    num = _text(number, "--number", 100)
    if not num:
        raise InvalidInput(_("a licence number is needed"), where="--number")
    if valid_until is not None and valid_until < granted_on:
        raise InvalidInput(
            _("the licence would expire ({until}) before it was granted ({granted})").format(
                until=valid_until.isoformat(), granted=granted_on.isoformat()
            ),
            where="--valid-until",
        )
    conditions = _text(conditions, "--conditions")
    with ctx.transaction() as session:
        row = case_row(session, ref)
        user = _require(session, ctx, LICENCE_ROLES, N_("record licences"))
        state = _state(session, row)
        decided = state.decision
        if row.status not in ("decided", "closed") or decided is None:
            raise WorkflowError(
                _("Case {ref} is {status}; a licence is recorded once the case is decided").format(
                    ref=ref, status=_(STATUS_LABELS[row.status])
                )
            )
        if decided.decision == "reject":
            raise WorkflowError(
                _("Case {ref} was rejected; no licence can be recorded for it").format(ref=ref)
            )
        if any(lic.number == num for lic in state.licences):
            raise WorkflowError(
                _("Licence {number} is already recorded for case {ref}").format(number=num, ref=ref)
            )
        lic = m.Licence(
            case_id=row.id,
            number=num,
            granted_on=granted_on,
            valid_until=valid_until,
            conditions=conditions,
            recorded_at=ctx.now_override or _now(),
            recorded_by_id=user.id,
        )
        session.add(lic)
        session.flush()
        ctx.audit(
            session,
            "review.licence",
            "case",
            row.id,
            {
                "ref": ref,
                "number": num,
                "granted_on": granted_on.isoformat(),
                "valid_until": valid_until.isoformat() if valid_until else None,
                "assessment": decided.assessment_id,
            },
        )
        return _state(session, row, Changes(frozenset({"licences", "audit_events"})))


# an evidence file is kept in the database with the case: a spec sheet or a paper, not a dataset
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def add_evidence(
    ctx: ServiceContext,
    ref: str,
    *,
    title: str,
    version: str | None = None,
    path: str | Path | None = None,
) -> ReviewState:
    """Add an evidence document (spec sheet, paper, contract) to a case, with its file if given."""
    name = _text(title, "--title", 500)
    if not name:
        raise InvalidInput(_("an evidence document needs a title"), where="--title")
    ver = _text(version, "--version", 100)
    content: bytes | None = None
    file = Path(path) if path is not None else None
    if file is not None:
        try:
            if file.stat().st_size > MAX_EVIDENCE_BYTES:
                raise InvalidInput(
                    _("{file} is larger than {mb} MB; attach a smaller file or a reference").format(
                        file=file, mb=MAX_EVIDENCE_BYTES // (1024 * 1024)
                    ),
                    where="--file",
                )
            content = file.read_bytes()
        except OSError as exc:
            raise InvalidInput(
                _("Cannot read {file}: {error}").format(file=file, error=exc.strerror),
                where="--file",
            ) from exc
    with ctx.transaction() as session:
        row = case_row(session, ref)
        user = _require(session, ctx, EVIDENCE_ROLES, N_("add evidence"))
        require_case_access(session, user, row)
        attachment = None
        if file is not None and content is not None:
            attachment = m.Attachment(
                filename=file.name[:300],
                media_type=mimetypes.guess_type(file.name)[0] or "application/octet-stream",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
                created_by_id=user.id,
                created_at=_now(),
            )
            session.add(attachment)
            session.flush()
        session.add(
            m.CaseDocument(
                case_id=row.id,
                title=name,
                version=ver,
                attachment_id=attachment.id if attachment else None,
                added_at=_now(),
                added_by_id=user.id,
            )
        )
        session.flush()
        ctx.audit(
            session,
            "review.evidence",
            "case",
            row.id,
            {
                "ref": ref,
                "title": name,
                "version": ver,
                "sha256": attachment.sha256 if attachment else None,
            },
        )
        return _state(
            session,
            row,
            Changes(frozenset({"case_documents", "attachments", "audit_events"})),
        )
