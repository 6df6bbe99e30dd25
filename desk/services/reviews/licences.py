"""Licences and evidence kept with a case under review: :func:`record_licence` (a METI
licence or its refusal, by the office or a reviewer) and :func:`add_evidence` (a file
whose SHA-256 is kept, by anyone on the case); and the licence register: a licence followed
from 事前相談 to its grant (:func:`add_licence`, :func:`set_licence_status`…), whether a case
falls inside one (:func:`licence_coverage`) and the alert before expiry
(:func:`licences_expiring`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import select

from desk.domain.errors import ConflictError, InvalidInput, NotFound, WorkflowError
from desk.domain.i18n import N_, _
from desk.services.cases import case_row
from desk.services.context import Changes, ServiceContext
from desk.services.permissions import LICENCE_REGISTER_ROLES, require_case_access, require_role
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


# --------------------------------------------------------------------------- the licence register
# A licence followed from 事前相談 through 許可申請 to its grant, refusal or withdrawal, covering
# a technical item, a recipient and a period; a case needing a licence is covered when one is
# granted for its item and recipient on its provision date (:func:`licence_coverage`).

LICENCE_STATUSES = ("consultation", "applied", "granted", "refused", "withdrawn")
LICENCE_STATUS_LABELS = {
    "consultation": N_("prior consultation"),
    "applied": N_("licence applied for"),
    "granted": N_("granted"),
    "refused": N_("refused"),
    "withdrawn": N_("withdrawn"),
}
# where a licence may go next
LICENCE_NEXT = {
    "consultation": ("applied", "withdrawn"),
    "applied": ("granted", "refused", "withdrawn"),
    "granted": (),
    "refused": (),
    "withdrawn": (),
}
LICENCE_FIELDS = (
    "title",
    "number",
    "status",
    "consulted_on",
    "applied_on",
    "granted_on",
    "decided_on",
    "valid_from",
    "valid_until",
    "technical_item",
    "person",
    "organization",
    "conditions",
    "reprovision_consent",
    "notes",
)
_DATE_FIELDS = (
    "consulted_on",
    "applied_on",
    "granted_on",
    "decided_on",
    "valid_from",
    "valid_until",
)
_LICENCE_CHANGES = Changes(frozenset({"licences", "audit_events"}))


@dataclass(frozen=True)
class LicenceRecord:
    """A licence of the register as shown (CLI ``--json``, the app's register and form)."""

    id: int
    version: int
    status: str
    number: str | None
    title: str | None
    consulted_on: dt.date | None
    applied_on: dt.date | None
    granted_on: dt.date | None
    decided_on: dt.date | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    technical_item: tuple[int, str] | None
    person: tuple[int, str] | None
    organization: tuple[int, str] | None
    conditions: str | None
    reprovision_consent: bool
    notes: str | None
    case_ref: str | None = None
    changes: Changes = field(default_factory=Changes)

    @property
    def status_label(self) -> str:
        return _(LICENCE_STATUS_LABELS[self.status])

    @property
    def recipient(self) -> str | None:
        return (self.person or self.organization or (0, None))[1]

    def valid_on(self, day: dt.date) -> bool:
        """Granted and in its period on ``day``."""
        if self.status != "granted":
            return False
        start = self.valid_from or self.granted_on
        if start is not None and day < start:
            return False
        return self.valid_until is None or day <= self.valid_until

    def to_json(self) -> dict[str, Any]:
        def day(value: dt.date | None) -> str | None:
            return value.isoformat() if value else None

        def ref(value: tuple[int, str] | None) -> dict[str, Any] | None:
            return {"id": value[0], "name": value[1]} if value else None

        return {
            "id": self.id,
            "version": self.version,
            "status": self.status,
            "number": self.number,
            "title": self.title,
            "consulted_on": day(self.consulted_on),
            "applied_on": day(self.applied_on),
            "granted_on": day(self.granted_on),
            "decided_on": day(self.decided_on),
            "valid_from": day(self.valid_from),
            "valid_until": day(self.valid_until),
            "technical_item": ref(self.technical_item),
            "person": ref(self.person),
            "organization": ref(self.organization),
            "conditions": self.conditions,
            "reprovision_consent": self.reprovision_consent,
            "notes": self.notes,
            "case": self.case_ref,
        }


def _licence_record(row: m.Licence, changes: Changes | None = None) -> LicenceRecord:
    return LicenceRecord(
        id=row.id,
        version=row.version,
        status=row.status,
        number=row.number,
        title=row.title,
        consulted_on=row.consulted_on,
        applied_on=row.applied_on,
        granted_on=row.granted_on,
        decided_on=row.decided_on,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        technical_item=(
            (row.technical_item.id, row.technical_item.title or "") if row.technical_item else None
        ),
        person=(row.person.id, row.person.name) if row.person else None,
        organization=(row.organization.id, row.organization.name) if row.organization else None,
        conditions=row.conditions,
        reprovision_consent=bool(row.reprovision_consent),
        notes=row.notes,
        changes=changes or Changes(),
    )


def _day(value: Any, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(
            _("{value!r} is not a date (YYYY-MM-DD)").format(value=value), where=where
        ) from None


def _clean_licence(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(values) - set(LICENCE_FIELDS))
    if unknown:
        raise InvalidInput(_("unknown field {key!r}").format(key=unknown[0]), where=unknown[0])
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key in _DATE_FIELDS:
            out[key] = _day(value, key)
        elif key == "status":
            if value not in LICENCE_STATUSES:
                raise InvalidInput(
                    _("{value!r} is not one of: {allowed}").format(
                        value=value, allowed=", ".join(LICENCE_STATUSES)
                    ),
                    where=key,
                )
            out[key] = value
        elif key in ("technical_item", "person", "organization"):
            if value in (None, ""):
                out[key] = None
                continue
            try:
                out[key] = int(value)
            except (TypeError, ValueError):
                raise InvalidInput(
                    _("{value!r} is not an id").format(value=value), where=key
                ) from None
        elif key == "reprovision_consent":
            out[key] = value in (True, "yes", "true", "1")
            if value not in (True, False, "yes", "no", "true", "false", "1", "0"):
                raise InvalidInput(_("{value!r} is not yes or no").format(value=value), where=key)
        elif key == "number":
            out[key] = _text(value, key, 100)
        elif key == "title":
            out[key] = _text(value, key, 500)
        else:
            out[key] = _text(value, key)
    return out


def _apply_licence(session: Any, row: m.Licence, clean: Mapping[str, Any]) -> None:
    models = {"technical_item": m.TechnicalItem, "person": m.Person, "organization": m.Organization}
    for key, value in clean.items():
        if key in models:
            target = None
            if value is not None:
                target = session.get(models[key], value)
                if target is None:
                    raise NotFound(_("no {kind} with id {id}").format(kind=key, id=value))
            setattr(row, key, target)
        else:
            setattr(row, key, value)


def _check_licence(row: m.Licence) -> None:
    """What the register's licence must say in its status."""
    if row.status == "granted":
        if not row.number:
            raise InvalidInput(_("a granted licence needs its number"), where="number")
        if row.granted_on is None:
            raise InvalidInput(
                _("a granted licence needs the day it was granted"), where="granted_on"
            )
    if row.status in ("refused", "withdrawn") and row.decided_on is None:
        raise InvalidInput(
            _("a refused or withdrawn licence needs the day it was decided"), where="decided_on"
        )
    if row.status == "applied" and row.applied_on is None:
        raise InvalidInput(_("an application needs the day it was filed"), where="applied_on")
    start = row.valid_from or row.granted_on
    if start is not None and row.valid_until is not None and row.valid_until < start:
        raise InvalidInput(
            _("the licence would expire ({until}) before it starts ({start})").format(
                until=row.valid_until.isoformat(), start=start.isoformat()
            ),
            where="valid_until",
        )
    if row.consulted_on and row.applied_on and row.applied_on < row.consulted_on:
        raise InvalidInput(
            _("the application cannot come before the prior consultation"), where="applied_on"
        )
    if row.applied_on and row.granted_on and row.granted_on < row.applied_on:
        raise InvalidInput(
            _("the licence cannot be granted before it was applied for"), where="granted_on"
        )
    if row.case_id is None and row.technical_item is None:
        raise InvalidInput(_("name the technical data the licence covers"), where="technical_item")
    if row.case_id is None and row.person is None and row.organization is None:
        raise InvalidInput(_("name the recipient the licence covers"), where="person")


def _licence_row(session: Any, licence_id: int) -> m.Licence:
    row = session.get(m.Licence, licence_id)
    if row is None:
        raise NotFound(_("no licence with id {id}").format(id=licence_id))
    return cast(m.Licence, row)


def _licence_version(row: m.Licence, expected: int | None) -> None:
    if expected is not None and row.version != expected:
        raise ConflictError(
            _(
                "Licence {id} was changed by someone else (version {now}, you had {had}); "
                "nothing was saved. Show it again, then repeat your change."
            ).format(id=row.id, now=row.version, had=expected)
        )


def _licence_audit(clean: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in clean.items()}


def add_licence(ctx: ServiceContext, values: Mapping[str, Any]) -> LicenceRecord:
    """Register a licence: by default a prior consultation (事前相談) that starts today."""
    clean = _clean_licence(values)
    clean.setdefault("status", "consultation")
    if clean["status"] == "consultation":
        clean.setdefault("consulted_on", ctx.today())
    with ctx.transaction() as session:
        user = require_role(
            session, ctx, LICENCE_REGISTER_ROLES, N_("keep the licence register"), write=True
        )
        row = m.Licence(recorded_at=_now(), recorded_by_id=user.id, reprovision_consent=False)
        _apply_licence(session, row, clean)
        _check_licence(row)
        session.add(row)
        session.flush()
        ctx.audit(session, "licence.add", "licence", row.id, _licence_audit(clean))
        return _licence_record(row, _LICENCE_CHANGES)


def edit_licence(
    ctx: ServiceContext,
    licence_id: int,
    values: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> LicenceRecord:
    """Change what a licence says (its status moves with :func:`set_licence_status`)."""
    clean = _clean_licence(values)
    if "status" in clean:
        raise InvalidInput(
            _("change the status with: desk licences status ID STATUS"), where="status"
        )
    with ctx.transaction() as session:
        require_role(
            session, ctx, LICENCE_REGISTER_ROLES, N_("keep the licence register"), write=True
        )
        row = _licence_row(session, licence_id)
        _licence_version(row, expected_version)
        _apply_licence(session, row, clean)
        _check_licence(row)
        session.flush()
        ctx.audit(session, "licence.edit", "licence", row.id, _licence_audit(clean))
        return _licence_record(row, _LICENCE_CHANGES)


def set_licence_status(
    ctx: ServiceContext,
    licence_id: int,
    status: str,
    *,
    on: dt.date | None = None,
    values: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
) -> LicenceRecord:
    """Move a licence on: consultation → applied → granted / refused, or withdrawn. ``on`` is
    the day of the step (default today); ``values`` what comes with it (the number…)."""
    clean = _clean_licence(values or {})
    if status not in LICENCE_STATUSES:
        raise InvalidInput(
            _("{value!r} is not one of: {allowed}").format(
                value=status, allowed=", ".join(LICENCE_STATUSES)
            ),
            where="STATUS",
        )
    day = on or ctx.today()
    with ctx.transaction() as session:
        require_role(
            session, ctx, LICENCE_REGISTER_ROLES, N_("keep the licence register"), write=True
        )
        row = _licence_row(session, licence_id)
        _licence_version(row, expected_version)
        if status not in LICENCE_NEXT.get(row.status, ()):
            raise WorkflowError(
                _("Licence {id} is {status}; it can go to: {allowed}").format(
                    id=row.id,
                    status=_(LICENCE_STATUS_LABELS[row.status]),
                    allowed=", ".join(LICENCE_NEXT.get(row.status, ())) or "—",
                )
            )
        before = row.status
        row.status = status
        date_field = {"applied": "applied_on", "granted": "granted_on"}.get(status, "decided_on")
        if clean.get(date_field) is None and getattr(row, date_field) is None:
            clean[date_field] = day
        _apply_licence(session, row, clean)
        _check_licence(row)
        session.flush()
        ctx.audit(
            session,
            "licence.status",
            "licence",
            row.id,
            {"from": before, "to": status, **_licence_audit(clean)},
        )
        return _licence_record(row, _LICENCE_CHANGES)


def show_licence(ctx: ServiceContext, licence_id: int) -> LicenceRecord:
    with ctx.reading() as session:
        return _licence_record(_licence_row(session, licence_id))


def list_licences(ctx: ServiceContext, *, status: str | None = None) -> list[LicenceRecord]:
    """The licence register (licences recorded for a case name it in ``case_ref``)."""
    with ctx.reading() as session:
        query = (
            select(m.Licence, m.Case.ref)
            .outerjoin(m.Case, m.Case.id == m.Licence.case_id)
            .order_by(m.Licence.id)
        )
        if status is not None:
            query = query.where(m.Licence.status == status)
        return [
            dataclasses.replace(_licence_record(row), case_ref=ref)
            for row, ref in session.execute(query)
        ]


@dataclass(frozen=True)
class ExpiringLicence:
    licence: LicenceRecord
    days_left: int

    def to_json(self) -> dict[str, Any]:
        return {**self.licence.to_json(), "days_left": self.days_left}


def licences_expiring(
    ctx: ServiceContext, within_days: int = 60, *, today: dt.date | None = None
) -> list[ExpiringLicence]:
    """Granted licences whose period ends within ``within_days`` of today (today included),
    soonest first — the alert before expiry (the CLI's ``desk licences expiring`` and the
    dashboard). A licence already expired is not listed."""
    if within_days < 0:
        raise InvalidInput(_("give a number of days of 0 or more"), where="--within")
    day = today or ctx.today()
    last = day + dt.timedelta(days=within_days)
    with ctx.reading() as session:
        query = (
            select(m.Licence, m.Case.ref)
            .outerjoin(m.Case, m.Case.id == m.Licence.case_id)
            .where(
                m.Licence.status == "granted",
                m.Licence.valid_until.is_not(None),
                m.Licence.valid_until >= day,
                m.Licence.valid_until <= last,
            )
            .order_by(m.Licence.valid_until, m.Licence.id)
        )
        out = []
        for row, ref in session.execute(query):
            assert row.valid_until is not None
            record = dataclasses.replace(_licence_record(row), case_ref=ref)
            out.append(ExpiringLicence(record, (row.valid_until - day).days))
        return out


COVERAGE_STATES = ("not_needed", "covered", "outside", "not_covered", "not_assessed")
COVERAGE_LABELS = {
    "not_needed": N_("no licence needed"),
    "covered": N_("covered by a valid licence"),
    "outside": N_("a licence exists but does not cover this provision"),
    "not_covered": N_("licence needed, none recorded"),
    "not_assessed": N_("not assessed yet"),
}


@dataclass(frozen=True)
class Coverage:
    """Whether a case's provision falls inside a valid licence."""

    ref: str
    state: str  # COVERAGE_STATES
    outcome: str | None
    on: dt.date
    licences: tuple[LicenceRecord, ...] = ()  # the covering ones, or the near misses
    problems: tuple[str, ...] = ()  # why a near miss does not cover (translated)

    @property
    def label(self) -> str:
        return _(COVERAGE_LABELS[self.state])

    def to_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "state": self.state,
            "outcome": self.outcome,
            "on": self.on.isoformat(),
            "licences": [lic.to_json() for lic in self.licences],
            "problems": list(self.problems),
        }


def licence_coverage(ctx: ServiceContext, ref: str) -> Coverage:
    """Check case ``ref``'s provision against the licences: an outcome requiring a licence and
    a granted licence for its technical item and recipient, valid on the provision date (else
    the case's as-of date, else today) → covered; one for the item and recipient outside its
    period, or for the item but another recipient → outside (flagged)."""
    with ctx.reading() as session:
        return coverage_of(session, case_row(session, ref), ctx.today())


def coverage_of(session: Any, row: m.Case, today: dt.date) -> Coverage:
    """:func:`licence_coverage` of a case row in an open session (the case's detail pane)."""
    from desk.services.cases import latest_assessments

    ref = row.ref
    assessment = latest_assessments(session, [row.id]).get(row.id)
    day = row.provision_date or row.as_of or today
    if assessment is None:
        return Coverage(ref, "not_assessed", None, day)
    outcome = assessment.outcome
    if not outcome.startswith("LICENSE_REQUIRED"):
        return Coverage(ref, "not_needed", outcome, day)
    orgs = {row.organization_id} if row.organization_id else set()
    if row.person is not None:
        orgs |= {a.organization_id for a in row.person.affiliations}
    candidates = session.scalars(
        select(m.Licence)
        .where(
            m.Licence.status == "granted",
            (m.Licence.case_id == row.id) | (m.Licence.technical_item_id == row.technical_item_id),
        )
        .order_by(m.Licence.id)
    )
    covering: list[LicenceRecord] = []
    near: list[LicenceRecord] = []
    problems: list[str] = []
    for lic in candidates:
        record = _licence_record(lic)
        recipient_ok = lic.case_id == row.id or (
            (lic.person_id is not None and lic.person_id == row.person_id)
            or (lic.organization_id is not None and lic.organization_id in orgs)
        )
        if not recipient_ok:
            near.append(record)
            problems.append(
                _("Licence {number} covers another recipient").format(number=lic.number)
            )
            continue
        if record.valid_on(day):
            covering.append(record)
            continue
        near.append(record)
        problems.append(
            _("Licence {number} is not valid on {day} ({start} – {until})").format(
                number=lic.number,
                day=day.isoformat(),
                start=(lic.valid_from or lic.granted_on or day).isoformat(),
                until=lic.valid_until.isoformat() if lic.valid_until else "…",
            )
        )
    if covering:
        return Coverage(ref, "covered", outcome, day, tuple(covering))
    if near:
        return Coverage(ref, "outside", outcome, day, tuple(near), tuple(problems))
    return Coverage(ref, "not_covered", outcome, day)
