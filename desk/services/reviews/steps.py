"""The review's steps: submitting a case and deciding it, and the users who may.

:func:`submit_case`, :func:`decide_case` and :func:`add_user` keep a ``review_steps`` row
per step with the assessment it was based on, check the actor's roles (``user_roles``)
and route by the current assessment's risk: R0–R1 may be decided by the department (first
review, 部局責任者), R2–R4 go on to the second review (統括責任者) — engine-policy §6.
Licences and evidence are :mod:`.licences`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput, WorkflowError
from desk.domain.i18n import N_, _
from desk.services.cases import case_row, latest_assessments
from desk.services.context import Changes, ServiceContext
from desk.services.permissions import ROLE_NAMES, require_case_access
from desk.services.reviews.guards import Seen, check_seen, flush_or_conflict, separate_duties
from desk.services.reviews.state import (
    ReviewState,
    UserInfo,
    _state,
    _steps,
)
from desk.services.reviews.status import (
    ACTIVITIES,
    DECIDE_ROLES,
    DECISIONS,
    LEVELS,
    ROLES,
    STATUS_LABELS,
    SUBMIT_ROLES,
    USER_ADMIN_ROLES,
    needs_second_level,
)
from desk.storage import models as m
from desk.storage.casemap import case_fingerprint, load_case

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
                "{user} may not {what}: it needs the role {roles}. Ask the export control "
                "office to give you that role, then try again."
            ).format(
                user=user.login,
                what=_(what),
                roles=" / ".join(_(ROLE_NAMES.get(r, r)) for r in allowed),
            )
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
    ctx: ServiceContext,
    ref: str,
    *,
    activity: str | None = None,
    comment: str | None = None,
    seen: Seen | None = None,
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
        require_case_access(session, user, row)
        if row.status != "draft":
            raise WorkflowError(
                _("Case {ref} is {status}; only a draft can be submitted").format(
                    ref=ref, status=_(STATUS_LABELS[row.status])
                )
            )
        assessment = _current_assessment(session, row, N_("submitting it"))
        check_seen(row, assessment, seen, _(STATUS_LABELS[row.status]))
        judged_version = row.version  # the version this step rests on (the update bumps it)
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
        flush_or_conflict(session, ref)
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
                "case_version": judged_version,
                "case_sha256": assessment.case_sha256,
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
    seen: Seen | None = None,
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
        check_seen(row, assessment, seen, _(STATUS_LABELS[row.status]))
        judged_version = row.version  # the version this step rests on (the update bumps it)
        separate_duties(_steps(session, row.id), user, level, ref)
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
        flush_or_conflict(session, ref)
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
                "case_version": judged_version,
                "case_sha256": assessment.case_sha256,
            },
        )
        return _state(
            session,
            row,
            Changes(frozenset({"cases", "review_steps", "audit_events"})),
            current=assessment,
        )
