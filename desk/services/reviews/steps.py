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

from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput, PermissionDenied, WorkflowError
from desk.domain.i18n import N_, _
from desk.services.cases import case_row, latest_assessments
from desk.services.context import Changes, ServiceContext
from desk.services.permissions import (
    case_department_id,
    require_case_access,
    require_role,
    roles_in_use,
)
from desk.services.reviews.deciding import StepSubject, decide_step
from desk.services.reviews.guards import Seen, check_seen, flush_or_conflict, separate_duties
from desk.services.reviews.state import (
    ReviewState,
    UserInfo,
    _state,
    _steps,
)
from desk.services.reviews.status import (
    ACTIVITIES,
    DECISIONS,
    LEVEL_ROLES,
    LEVELS,
    STATUS_LABELS,
    SUBMIT_ROLES,
)
from desk.storage import models as m
from desk.storage.casemap import case_fingerprint, load_case

# --------------------------------------------------------------------------- review: roles


def _require(session: Session, ctx: ServiceContext, allowed: Sequence[str], what: str) -> m.User:
    """The acting user, if they hold one of ``allowed`` (a read-only role never writes)."""
    return require_role(session, ctx, allowed, what, write=True)


def _require_reviewer(session: Session, ctx: ServiceContext, row: m.Case, level: str) -> m.User:
    """The first review is the case's department head's; the second the chief's or the
    committee's (:data:`LEVEL_ROLES`)."""
    user = _require(session, ctx, LEVEL_ROLES[level], LEVEL_WHAT[level])
    if level == "first" and roles_in_use(session):
        mine = user.department_id
        theirs = case_department_id(row)
        if mine is None or theirs != mine:
            raise PermissionDenied(
                _(
                    "{user} is the department head of another department: the first review "
                    "of case {ref} is its own department's"
                ).format(user=user.login, ref=row.ref)
            )
    return user


# a case's decisions (no submitter check at a decision: moving a case by hand has one, .status)
CASE_STEPS = StepSubject(m.ReviewStep, "case_id", "case", "review.decide")

LEVEL_WHAT = {
    "first": N_("give first reviews"),
    "second": N_("give second reviews"),
    "committee": N_("decide cases referred to the committee"),
}


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
    department: str | None = None,
) -> UserInfo:
    """Create user ``login`` (or update them) with ``roles`` added (``desk review users add``,
    kept as an alias of :func:`desk.services.users.add_user`)."""
    from desk.services import users

    account = users.add_user(
        ctx, login, roles, display_name=display_name, email=email, department=department
    )
    return UserInfo(account.login, account.display_name, account.email, account.roles)


def list_users(ctx: ServiceContext) -> tuple[UserInfo, ...]:
    from desk.services import users

    return tuple(UserInfo(a.login, a.display_name, a.email, a.roles) for a in users.list_users(ctx))


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
        now = ctx.now_override or _now()
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


# the second-level decisions that let the provision go ahead (or go to METI) rest on the
# classification; a refusal (不承認) or a return (差戻し) provides nothing and needs none
_RESTS_ON_CLASSIFICATION = frozenset({"approve", "approve_with_conditions", "refer_to_meti"})


def _require_confirmed_classification(session: Session, row: m.Case) -> None:
    """A case providing listed technology (the case says so, or its classification does) is
    decided at the second level only on a classification the 該非確認責任者 confirmed: the
    statute's licence requirement rests on that classification (外為令別表の1の項〜15の項)."""
    from desk.services.classification import classification_as_of

    item = row.technical_item
    info = classification_as_of(session, item.id)
    listed = item.classification == "listed" or (info is not None and info.result == "listed")
    if not listed:
        return
    if info is None:
        raise WorkflowError(
            _(
                "Case {ref} provides listed technology ({title}) that has no classification "
                "record; the second review decides it once the technical data is classified and "
                "the classification officer has confirmed it (desk classify add, then desk "
                "classify confirm)"
            ).format(ref=row.ref, title=item.title)
        )
    if not info.confirmed:
        raise WorkflowError(
            _(
                "Case {ref} provides listed technology ({title}) whose classification {id} has "
                "not been confirmed by the classification officer; the second review decides "
                "it once it is confirmed (desk classify confirm {id})"
            ).format(ref=row.ref, title=item.title, id=info.id)
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
    if decision == "escalate" and level != "second":
        raise InvalidInput(
            _("only the second review refers a case to the committee (--level second)"),
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
        user = _require_reviewer(session, ctx, row, level)
        require_case_access(session, user, row)
        before = row.status
        if level == "first" and before not in ("submitted", "first_review"):
            raise WorkflowError(
                _("Case {ref} is {status}; a first review needs a submitted case").format(
                    ref=ref, status=_(STATUS_LABELS[before])
                )
            )
        if level == "second" and before == "committee":
            raise WorkflowError(
                _("Case {ref} was referred to the committee; only the committee decides it").format(
                    ref=ref
                )
            )
        if level == "committee" and before != "committee":
            raise WorkflowError(
                _("Case {ref} is {status}; it was not referred to the committee").format(
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
        if level == "second" and decision in _RESTS_ON_CLASSIFICATION:
            _require_confirmed_classification(session, row)
        decide_step(
            session,
            ctx,
            CASE_STEPS,
            row,
            ref=ref,
            user=user,
            level=level,
            decision=decision,
            assessment=assessment,
            conditions=conditions,
            comment=comment,
            now=ctx.now_override or _now(),
            details={
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
