"""A case's way through the office: draft → submitted → first review → second review →
decided → closed, with the steps back that reviews need.

:func:`move_case` checks that the step is allowed from the case's status and that a
decision rests on a current assessment (and, for R2–R4, is taken at the second level),
stores the new status and an audit event (``case.status``) in one transaction. It is
the office's manual step and checks no role.

The review itself — :func:`submit_case`, :func:`decide_case`, :func:`record_licence`,
:func:`add_evidence`, :func:`add_user` — keeps a ``review_steps`` row per step with the
assessment it was based on, checks the actor's roles (``user_roles``) and routes by the
current assessment's risk: R0–R1 may be decided by the department (first review,
部局責任者), R2–R4 go on to the second review (統括責任者) — engine-policy §6.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput, WorkflowError
from desk.domain.i18n import N_, _, pick
from desk.services.cases import CaseSummary, case_row, latest_assessments, summarize
from desk.services.context import Changes, ServiceContext
from desk.storage import models as m
from desk.storage.casemap import case_fingerprint, load_case

STATUSES = m.CASE_STATUSES
STATUS_LABELS = {
    "draft": N_("Draft"),
    "submitted": N_("Submitted"),
    "first_review": N_("First review"),
    "second_review": N_("Second review"),
    "decided": N_("Decided"),
    "closed": N_("Closed"),
}
# status → the statuses one step can lead to
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("submitted",),
    "submitted": ("first_review", "draft"),
    "first_review": ("second_review", "decided", "draft"),
    "second_review": ("decided", "first_review"),
    "decided": ("closed", "first_review"),
    "closed": (),
}


def next_statuses(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def move_case(ctx: ServiceContext, ref: str, to: str, *, note: str | None = None) -> CaseSummary:
    """Move case ``ref`` to status ``to``; raises WorkflowError when the step is not allowed."""
    if to not in STATUSES:
        raise InvalidInput(
            _("unknown status {status} (one of: {choices})").format(
                status=to, choices=", ".join(STATUSES)
            )
        )
    with ctx.transaction() as session:
        row = case_row(session, ref)
        before = row.status
        if to not in next_statuses(before):
            raise WorkflowError(
                _("Case {ref} is {status}; it cannot go to {to} from there").format(
                    ref=ref, status=_(STATUS_LABELS[before]), to=_(STATUS_LABELS[to])
                )
            )
        latest = latest_assessments(session, [row.id]).get(row.id)
        if to == "decided":
            if latest is None:
                raise WorkflowError(
                    _("Case {ref} has no assessment; assess it before deciding").format(ref=ref)
                )
            if latest.case_sha256 != case_fingerprint(load_case(row)):
                raise WorkflowError(
                    _(
                        "Case {ref} changed after its assessment; assess it again before deciding"
                    ).format(ref=ref)
                )
            if before == "first_review" and needs_second_level(latest.risk):
                raise WorkflowError(_routing_message(ref, latest.risk))
        row.status = to
        if to == "submitted" and row.filed_at is None:
            row.filed_by = ctx.user(session)
            row.filed_at = m.utcnow()
        session.flush()
        ctx.audit(
            session,
            "case.status",
            "case",
            row.id,
            {
                "ref": ref,
                "from": before,
                "to": to,
                "note": note,
                "assessment": latest.id if latest is not None else None,
            },
        )
        return summarize(row, latest)


# --------------------------------------------------------------------------- review: routing

LEVELS = ("first", "second")  # decisions; "self" is the researcher's submission
DECISIONS = m.REVIEW_DECISIONS[1:]  # without "submit"
ACTIVITIES = m.ACTIVITIES
ROLES = m.ROLES
LEVEL_LABELS = {
    "self": N_("Self-assessment (researcher)"),
    "first": N_("First review (department)"),
    "second": N_("Second review (export control director)"),
}
DECISION_LABELS = {
    "submit": N_("Submitted"),
    "approve": N_("Approve"),
    "approve_with_conditions": N_("Approve with conditions"),
    "reject": N_("Reject"),
    "refer_to_meti": N_("Refer to METI"),
    "return_for_information": N_("Return for information"),
}
SECOND_LEVEL_RISKS = ("R2", "R3", "R4")
# who may do what; an auditor may only read (engine-policy §6, domain reference §2.3)
SUBMIT_ROLES = ("researcher", "office")
DECIDE_ROLES = ("reviewer",)
LICENCE_ROLES = ("office", "reviewer")
EVIDENCE_ROLES = ("researcher", "office", "reviewer")
USER_ADMIN_ROLES = ("office",)


def needs_second_level(risk: str | None) -> bool:
    """R2–R4 must be decided at the second level (統括責任者, 二次審査)."""
    return risk in SECOND_LEVEL_RISKS


def _routing_message(ref: str, risk: str) -> str:
    return _(
        "Case {ref} is risk {risk}: R2–R4 must be decided at the second level "
        "(export control director); the first review can only forward it"
    ).format(ref=ref, risk=risk)


# --------------------------------------------------------------------------- review: results


@dataclass(frozen=True)
class UserInfo:
    login: str
    display_name: str
    email: str | None
    roles: tuple[str, ...]


@dataclass(frozen=True)
class ReviewStepInfo:
    level: str  # self | first | second
    decision: str  # submit | approve | …
    reviewer: str  # login
    reviewer_name: str
    decided_at: dt.datetime
    assessment_id: int
    outcome: str  # of that assessment
    risk: str
    ruleset: str  # "id version" of that assessment
    conditions: tuple[str, ...]
    comment: str | None
    final: bool  # this step decided the case


@dataclass(frozen=True)
class LicenceInfo:
    number: str
    granted_on: dt.date
    valid_until: dt.date | None
    conditions: str | None
    recorded_by: str | None
    recorded_at: dt.datetime


@dataclass(frozen=True)
class EvidenceInfo:
    title: str
    version: str | None
    filename: str | None
    sha256: str | None
    added_at: dt.datetime


@dataclass(frozen=True)
class ReviewState:
    """A case's review as it stands: every step (oldest first), licences and evidence."""

    ref: str
    title: str | None
    status: str
    activity: str | None
    assessment_id: int | None  # the current assessment
    outcome: str | None
    risk: str | None
    stale: bool
    second_level_required: bool
    steps: tuple[ReviewStepInfo, ...]
    licences: tuple[LicenceInfo, ...]
    evidence: tuple[EvidenceInfo, ...]
    changes: Changes = field(default_factory=Changes)

    @property
    def round(self) -> tuple[ReviewStepInfo, ...]:
        """The steps since the newest submission (a return for information starts anew)."""
        start = max((i for i, s in enumerate(self.steps) if s.level == "self"), default=0)
        return self.steps[start:]

    @property
    def decision(self) -> ReviewStepInfo | None:
        """The step that decided the case in the current round, if any."""
        return next((s for s in reversed(self.round) if s.final), None)


@dataclass(frozen=True)
class ReviewFacts:
    """What records and the audit report print about the review, as of a moment."""

    activity: str | None
    submission: ReviewStepInfo | None
    first: ReviewStepInfo | None
    second: ReviewStepInfo | None
    decision: ReviewStepInfo | None
    licences: tuple[LicenceInfo, ...]
    evidence: tuple[EvidenceInfo, ...]


def _conditions(text: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _step_info(step: m.ReviewStep) -> ReviewStepInfo:
    a = step.assessment
    return ReviewStepInfo(
        level=step.level,
        decision=step.decision,
        reviewer=step.reviewer.login,
        reviewer_name=step.reviewer.display_name,
        decided_at=m.as_utc(step.decided_at) or step.decided_at,
        assessment_id=step.assessment_id,
        outcome=a.outcome,
        risk=a.risk,
        ruleset=f"{a.ruleset_id} {a.ruleset_version}",
        conditions=_conditions(step.conditions),
        comment=step.comment,
        final=step.final,
    )


def _steps(session: Session, case_id: int, upto: int | None = None) -> list[m.ReviewStep]:
    query = select(m.ReviewStep).where(m.ReviewStep.case_id == case_id)
    if upto is not None:
        query = query.where(m.ReviewStep.id <= upto)
    return list(session.scalars(query.order_by(m.ReviewStep.id)))


def _licences(session: Session, case_id: int, upto: int | None = None) -> list[LicenceInfo]:
    query = (
        select(m.Licence, m.User.login)
        .outerjoin(m.User, m.User.id == m.Licence.recorded_by_id)
        .where(m.Licence.case_id == case_id)
    )
    if upto is not None:
        query = query.where(m.Licence.id <= upto)
    rows = session.execute(query.order_by(m.Licence.granted_on, m.Licence.id))
    return [
        LicenceInfo(
            lic.number,
            lic.granted_on,
            lic.valid_until,
            lic.conditions,
            login,
            m.as_utc(lic.recorded_at) or lic.recorded_at,
        )
        for lic, login in rows
    ]


def _evidence(session: Session, case_id: int, upto: int | None = None) -> list[EvidenceInfo]:
    query = select(m.CaseDocument).where(m.CaseDocument.case_id == case_id)
    if upto is not None:
        query = query.where(m.CaseDocument.id <= upto)
    docs = session.scalars(query.order_by(m.CaseDocument.id))
    return [
        EvidenceInfo(
            d.title,
            d.version,
            d.attachment.filename if d.attachment else None,
            d.attachment.sha256 if d.attachment else None,
            m.as_utc(d.added_at) or d.added_at,
        )
        for d in docs
    ]


def _state(
    session: Session,
    row: m.Case,
    changes: Changes | None = None,
    current: m.Assessment | None = None,
) -> ReviewState:
    """``current``: the assessment the caller has just checked is current (saves a rebuild)."""
    latest = current or latest_assessments(session, [row.id]).get(row.id)
    stale = (
        current is None
        and latest is not None
        and latest.case_sha256 != case_fingerprint(load_case(row))
    )
    return ReviewState(
        ref=row.ref,
        title=row.title,
        status=row.status,
        activity=row.activity,
        assessment_id=latest.id if latest else None,
        outcome=latest.outcome if latest else None,
        risk=latest.risk if latest else None,
        stale=stale,
        second_level_required=needs_second_level(latest.risk if latest else None),
        steps=tuple(_step_info(s) for s in _steps(session, row.id)),
        licences=tuple(_licences(session, row.id)),
        evidence=tuple(_evidence(session, row.id)),
        changes=changes or Changes(),
    )


def review_state(ctx: ServiceContext, ref: str) -> ReviewState:
    """Case ``ref``'s review history, licences and evidence (any role may read it)."""
    with ctx.reading() as session:
        return _state(session, case_row(session, ref))


@dataclass(frozen=True)
class ReviewCutoff:
    """The newest review step, licence and evidence ids a record was issued with (0: none).

    Kept in the ``record.issue`` audit event, so that re-creating the record later (``desk
    report verify``) leaves out what was added after it — ids, not times: a decision and a
    record can fall in the same second."""

    step: int = 0
    licence: int = 0
    evidence: int = 0

    @classmethod
    def from_json(cls, value: object) -> ReviewCutoff | None:
        if not isinstance(value, dict):
            return None
        return cls(
            int(value.get("step") or 0),
            int(value.get("licence") or 0),
            int(value.get("evidence") or 0),
        )

    def to_json(self) -> dict[str, int]:
        return {"step": self.step, "licence": self.licence, "evidence": self.evidence}


def review_cutoff(session: Session, case_id: int) -> ReviewCutoff:
    def newest(column: Any, case_column: Any) -> Any:
        return select(func.max(column)).where(case_column == case_id).scalar_subquery()

    step, licence, evidence = session.execute(
        select(
            newest(m.ReviewStep.id, m.ReviewStep.case_id),
            newest(m.Licence.id, m.Licence.case_id),
            newest(m.CaseDocument.id, m.CaseDocument.case_id),
        )
    ).one()
    return ReviewCutoff(int(step or 0), int(licence or 0), int(evidence or 0))


def review_facts(session: Session, row: m.Case, cutoff: ReviewCutoff | None = None) -> ReviewFacts:
    """The review as a record issued with ``cutoff`` saw it (everything when ``None``)."""
    steps = _steps(session, row.id, cutoff.step if cutoff else None)
    start = max((i for i, s in enumerate(steps) if s.level == "self"), default=0)
    current = [_step_info(s) for s in steps[start:]]
    submission = next((s for s in current if s.level == "self"), None)
    first = next((s for s in reversed(current) if s.level == "first"), None)
    second = next((s for s in reversed(current) if s.level == "second"), None)
    decision = next((s for s in reversed(current) if s.final), None)
    licences = _licences(session, row.id, cutoff.licence if cutoff else None)
    evidence = _evidence(session, row.id, cutoff.evidence if cutoff else None)
    return ReviewFacts(
        row.activity, submission, first, second, decision, tuple(licences), tuple(evidence)
    )


def decisions_by_case(session: Session, rows: Sequence[m.Case]) -> dict[int, ReviewFacts]:
    """``review_facts`` for many cases (the audit report); cases never reviewed are left out."""
    ids = [r.id for r in rows]
    reviewed = set(
        session.scalars(select(m.ReviewStep.case_id).where(m.ReviewStep.case_id.in_(ids)))
    ) | set(session.scalars(select(m.Licence.case_id).where(m.Licence.case_id.in_(ids))))
    return {r.id: review_facts(session, r) for r in rows if r.id in reviewed}


# --------------------------------------------------------------------------- review: roles


def _roles(user: m.User) -> tuple[str, ...]:
    return user.role_names


def _require(session: Session, ctx: ServiceContext, allowed: Sequence[str], what: str) -> m.User:
    """The acting user, if they hold one of ``allowed`` and are not an auditor."""
    user = ctx.user(session)
    roles = _roles(user)
    if "auditor" in roles:
        raise WorkflowError(
            _("{user} is an auditor: auditors can read cases but not {what}").format(
                user=user.login, what=_(what)
            )
        )
    if not user.active or not set(roles) & set(allowed):
        raise WorkflowError(
            _(
                "{user} may not {what}: it needs the role {roles} "
                "(add it with: desk review users add {user} --role …)"
            ).format(user=user.login, what=_(what), roles=" / ".join(allowed))
        )
    return user


def _current_assessment(session: Session, row: m.Case, doing: str) -> m.Assessment:
    latest = latest_assessments(session, [row.id]).get(row.id)
    if latest is None:
        raise WorkflowError(
            _("Case {ref} has no assessment; assess it before {doing}").format(
                ref=row.ref, doing=_(doing)
            )
        )
    if latest.case_sha256 != case_fingerprint(load_case(row)):
        raise WorkflowError(
            _("Case {ref} changed after its assessment; assess it again before {doing}").format(
                ref=row.ref, doing=_(doing)
            )
        )
    return latest


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)  # as records print it


def _text(value: str | None, field: str, limit: int = 4000) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if "\x00" in value:
        raise InvalidInput(_("contains a NUL character"), where=field)
    if len(value) > limit:
        raise InvalidInput(
            _("is too long ({n} characters; at most {limit})").format(n=len(value), limit=limit),
            where=field,
        )
    return value or None


# --------------------------------------------------------------------------- review: use cases


def add_user(
    ctx: ServiceContext,
    login: str,
    roles: Sequence[str],
    *,
    display_name: str | None = None,
    email: str | None = None,
) -> UserInfo:
    """Create user ``login`` (or update them) with ``roles`` added. Only the office may do this
    — except while nobody holds the office role yet, so that a new database can be set up."""
    login = (login or "").strip()
    if not login or len(login) > 100:
        raise InvalidInput(_("a login name of 1–100 characters is needed"), where="NAME")
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise InvalidInput(
            _("unknown role {role} (one of: {choices})").format(
                role=", ".join(unknown) or "—", choices=", ".join(ROLES)
            ),
            where="--role",
        )
    display = _text(display_name, "--name", 200)
    mail = _text(email, "--email", 200)
    with ctx.transaction() as session:
        office_exists = session.scalar(
            select(func.count()).select_from(m.UserRole).where(m.UserRole.role == "office")
        )
        if office_exists:
            _require(session, ctx, USER_ADMIN_ROLES, N_("add users"))
        user = session.scalars(select(m.User).where(m.User.login == login)).first()
        created = user is None
        if user is None:
            user = m.User(login=login, display_name=display or login, email=mail)
            session.add(user)
        else:
            if display:
                user.display_name = display
            if mail:
                user.email = mail
        have = {r.role for r in user.roles}
        for role in roles:
            if role not in have:
                user.roles.append(m.UserRole(role=role))
                have.add(role)
        session.flush()
        ctx.audit(
            session,
            "user.add" if created else "user.roles",
            "user",
            user.id,
            {"login": login, "roles": sorted(have)},
        )
        return UserInfo(user.login, user.display_name, user.email, tuple(sorted(have)))


def list_users(ctx: ServiceContext) -> tuple[UserInfo, ...]:
    with ctx.reading() as session:
        return tuple(
            UserInfo(u.login, u.display_name, u.email, u.role_names)
            for u in session.scalars(select(m.User).order_by(m.User.login))
        )


def submit_case(
    ctx: ServiceContext, ref: str, *, activity: str | None = None, comment: str | None = None
) -> ReviewState:
    """The researcher submits the self-assessment (事前確認) of a draft case for review.

    Needs a current assessment (not stale); the step keeps that assessment's id."""
    if activity is not None and activity not in ACTIVITIES:
        raise InvalidInput(
            _("unknown activity {activity} (one of: {choices})").format(
                activity=activity, choices=", ".join(ACTIVITIES)
            ),
            where="--activity",
        )
    comment = _text(comment, "--comment")
    with ctx.transaction() as session:
        row = case_row(session, ref)
        user = _require(session, ctx, SUBMIT_ROLES, N_("submit cases"))
        if row.status != "draft":
            raise WorkflowError(
                _("Case {ref} is {status}; only a draft can be submitted").format(
                    ref=ref, status=_(STATUS_LABELS[row.status])
                )
            )
        assessment = _current_assessment(session, row, N_("submitting it"))
        now = _now()
        if activity is not None:
            row.activity = activity
        row.status = "submitted"
        row.filed_by = user
        row.filed_at = now
        session.add(
            m.ReviewStep(
                case_id=row.id,
                level="self",
                decision="submit",
                reviewer_id=user.id,
                decided_at=now,
                assessment_id=assessment.id,
                comment=comment,
                final=False,
            )
        )
        session.flush()
        ctx.audit(
            session,
            "review.submit",
            "case",
            row.id,
            {
                "ref": ref,
                "from": "draft",
                "to": "submitted",
                "assessment": assessment.id,
                "risk": assessment.risk,
                "activity": row.activity,
            },
        )
        return _state(
            session,
            row,
            Changes(frozenset({"cases", "review_steps", "audit_events"})),
            current=assessment,
        )


def decide_case(
    ctx: ServiceContext,
    ref: str,
    *,
    level: str,
    decision: str,
    conditions: str | None = None,
    comment: str | None = None,
) -> ReviewState:
    """A reviewer's decision at ``level`` (first: department, second: director).

    Routing by the current assessment's risk: at the first level an R0–R1 case is decided;
    an R2–R4 case is forwarded to the second review (the first reviewer's opinion is kept and
    printed). ``return_for_information`` sends the case back to the researcher (draft).
    The step keeps the id of the assessment it was based on, which must be current."""
    if level not in LEVELS:
        raise InvalidInput(
            _("unknown review level {level} (one of: {choices})").format(
                level=level, choices=", ".join(LEVELS)
            ),
            where="--level",
        )
    if decision not in DECISIONS:
        raise InvalidInput(
            _("unknown decision {decision} (one of: {choices})").format(
                decision=decision, choices=", ".join(DECISIONS)
            ),
            where="--decision",
        )
    conditions = _text(conditions, "--conditions")
    comment = _text(comment, "--comment")
    if decision == "approve_with_conditions" and not conditions:
        raise InvalidInput(
            _("an approval with conditions needs the conditions (--conditions)"),
            where="--conditions",
        )
    with ctx.transaction() as session:
        row = case_row(session, ref)
        user = _require(session, ctx, DECIDE_ROLES, N_("review cases"))
        before = row.status
        if level == "first" and before not in ("submitted", "first_review"):
            raise WorkflowError(
                _("Case {ref} is {status}; a first review needs a submitted case").format(
                    ref=ref, status=_(STATUS_LABELS[before])
                )
            )
        if level == "second" and before != "second_review":
            if before in ("submitted", "first_review"):
                raise WorkflowError(
                    _(
                        "Case {ref} has not had its first review (department) yet; "
                        "the second review follows it"
                    ).format(ref=ref)
                )
            raise WorkflowError(
                _("Case {ref} is {status}; it is not waiting for a second review").format(
                    ref=ref, status=_(STATUS_LABELS[before])
                )
            )
        assessment = _current_assessment(session, row, N_("deciding"))
        steps = _steps(session, row.id)
        start = max((i for i, s in enumerate(steps) if s.level == "self"), default=0)
        if level == "second":
            firsts = [s for s in steps[start:] if s.level == "first"]
            if firsts and firsts[-1].reviewer_id == user.id:
                raise WorkflowError(
                    _(
                        "{user} made the first review of case {ref}; the second review must be "
                        "made by someone else"
                    ).format(user=user.login, ref=ref)
                )
        if decision == "return_for_information":
            to, final = "draft", False
        elif level == "first" and needs_second_level(assessment.risk):
            to, final = "second_review", False
        else:
            to, final = "decided", True
        now = _now()
        row.status = to
        session.add(
            m.ReviewStep(
                case_id=row.id,
                level=level,
                decision=decision,
                reviewer_id=user.id,
                decided_at=now,
                assessment_id=assessment.id,
                conditions=conditions,
                comment=comment,
                final=final,
            )
        )
        session.flush()
        ctx.audit(
            session,
            "review.decide",
            "case",
            row.id,
            {
                "ref": ref,
                "level": level,
                "decision": decision,
                "from": before,
                "to": to,
                "final": final,
                "assessment": assessment.id,
                "outcome": assessment.outcome,
                "risk": assessment.risk,
                "ruleset": f"{assessment.ruleset_id} {assessment.ruleset_version}",
                "lists": [
                    f"{lv.get('id')} {lv.get('version')}" for lv in assessment.list_versions or []
                ],
                "conditions": conditions,
            },
        )
        return _state(
            session,
            row,
            Changes(frozenset({"cases", "review_steps", "audit_events"})),
            current=assessment,
        )


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
            recorded_at=_now(),
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
            content = file.read_bytes()
        except OSError as exc:
            raise InvalidInput(
                _("Cannot read {file}: {error}").format(file=file, error=exc.strerror),
                where="--file",
            ) from exc
    with ctx.transaction() as session:
        row = case_row(session, ref)
        user = _require(session, ctx, EVIDENCE_ROLES, N_("add evidence"))
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


def history_fields(session: Session, case_id: int) -> list[tuple[str, str]]:
    """(untranslated label, display text) for a case's review steps and licences, oldest
    first — the Cases detail pane shows them under the case's own fields."""
    out: list[tuple[str, str]] = []
    for step in _steps(session, case_id):
        s = _step_info(step)
        text = (
            f"{s.decided_at:%Y-%m-%d} {s.reviewer_name}: {_(DECISION_LABELS[s.decision])}"
            f" ({s.outcome} {s.risk})"
        )
        if s.conditions:
            text += " — " + "; ".join(s.conditions)
        if s.comment:
            text += f" — {s.comment}"
        out.append((LEVEL_LABELS[s.level], text))
    for lic in _licences(session, case_id):
        text = f"{lic.number} ({lic.granted_on.isoformat()}"
        text += f" – {lic.valid_until.isoformat()})" if lic.valid_until else ")"
        out.append((N_("Licence"), text))
    return out


def activity_label(code: str) -> str:
    """An activity in the records' wording, in the current language."""
    from desk.reports.labels import ACTIVITIES as ACTIVITY_PAIRS

    pair = ACTIVITY_PAIRS.get(code)
    return pick(*pair) if pair else code
