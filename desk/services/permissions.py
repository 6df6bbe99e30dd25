"""Who may do what: the role check every write service makes (not only the menus).

The roles are the universities' export-control regulations' nine (``user_roles``,
:data:`desk.storage.models.ROLES`; docs/workflow.md, "Roles"): 研究者 ``researcher``, 事務局
``office``, 部局責任者 ``dept_head`` (first review, only their department), 該非確認責任者
``classification_officer`` (confirms classifications), 統括責任者 ``chief`` (second review),
委員会 ``committee`` (decides escalated cases), 最高責任者 ``president`` (sees everything),
監査 ``auditor`` (reads everything, writes nothing) and 管理者 ``admin`` (user administration).

A database in which no role was ever granted is a single-user setup: everything is allowed
until the first role is given (``desk users add LOGIN --role admin``). From then on each
action needs one of the roles its constant names; an auditor or the president reads and
never writes (:data:`READ_ONLY_ROLES`).

The acting user is ``ctx.actor``: the signed-in account once local accounts exist, the
PostgreSQL login in shared mode (docs/security.md says what that protects against).
The constants' names are the contract other modules use: keep them.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import Session, aliased

from desk.domain.errors import PermissionDenied
from desk.domain.i18n import _
from desk.services.context import ServiceContext
from desk.services.roles import READ_ONLY_ROLES as READ_ONLY_ROLES
from desk.services.roles import RECORD_ROLES as RECORD_ROLES
from desk.services.roles import ROLE_LABELS as ROLE_LABELS
from desk.services.roles import refusal as refusal
from desk.services.roles import role_list as role_list
from desk.storage import models as m

ROLES = m.ROLES
# who may do what; the review workflow's own lists are in desk.services.reviews
IMPORT_CASE_ROLES = ("researcher", "office")
EDIT_CASE_ROLES = ("researcher", "office")
ASSESS_ROLES = ("researcher", "office", "dept_head", "classification_officer", "chief", "committee")
LIST_ROLES = ("office",)
SCREENING_DECISION_ROLES = ("office", "dept_head", "chief", "committee")
# the registers (people, organizations, projects, technical data) are the office's records
REGISTER_ROLES = ("office",)
# classifications (該非判定): drafted by the researcher or the office, confirmed by the
# 該非確認責任者; METI licences are recorded by the office
CLASSIFICATION_DRAFT_ROLES = ("researcher", "office", "classification_officer")
CLASSIFICATION_CONFIRM_ROLES = ("classification_officer",)
LICENCE_ROLES = ("office",)
# the review: first review by the case's department head, second by the chief; the committee
# decides the cases escalated to it (recorded at the second level)
FIRST_REVIEW_ROLES = ("dept_head",)
SECOND_REVIEW_ROLES = ("chief", "committee")
# a case the second review referred to the committee (status "committee", 委員会審議) is
# decided by the committee alone
COMMITTEE_ROLES = ("committee",)
# the names the classification and licence registers use
CLASSIFY_ROLES = CLASSIFICATION_DRAFT_ROLES
LICENCE_REGISTER_ROLES = LICENCE_ROLES
# the internal audit (内部監査): the auditor writes the audit itself — plan, checklist,
# findings, sign-off — and nothing else; the office owns the corrective actions
AUDIT_ROLES = ("auditor",)
AUDIT_ACTION_ROLES = ("office",)
# the app's Review dialog submits (researcher, office) or decides (the reviewers)
REVIEW_ACTION_ROLES = ("researcher", "office", *FIRST_REVIEW_ROLES, *SECOND_REVIEW_ROLES)
# users, roles, passwords, the sign-in policy
USER_ADMIN_ROLES = ("admin",)
# reading the audit trail
AUDIT_READ_ROLES = ("office", "chief", "committee", "president", "auditor", "admin")
# who sees every case; a department head sees their department's; a researcher the cases
# they filed or lead (the project's PI), and cases nobody filed yet
ALL_CASES_ROLES = (
    "office",
    "classification_officer",
    "chief",
    "committee",
    "president",
    "auditor",
)
DEPARTMENT_CASES_ROLES = ("dept_head",)
# shipments of goods: entered (imported, saved from the app's form) as cases are filed,
# judged by whoever may assess, their 非該当証明書 issued as records are; their status
# moves follow the cases' (desk.services.reviews.guards.MOVE_ROLES)
SHIPMENT_ROLES = IMPORT_CASE_ROLES
# who records a shipment's Customs export permit (輸出許可書番号・許可日)
PERMIT_ROLES = ("office",)


def roles_in_use(session: Session) -> bool:
    return session.scalar(select(m.UserRole.user_id).limit(1)) is not None


def require_role(
    session: Session,
    ctx: ServiceContext,
    allowed: Sequence[str],
    what: str,
    *,
    write: bool = False,
) -> m.User:
    """The acting user, if one of their roles allows ``what`` (already translated or N_)."""
    user = ctx.user(session)
    if not roles_in_use(session):
        return user
    if not user.active:
        raise PermissionDenied(
            _("{user} is disabled: an administrator enables the account again").format(
                user=user.login
            )
        )
    why = refusal(user.login, user.role_names, allowed, what, write=write)
    if why is not None:
        raise PermissionDenied(why)
    return user


def sees_all_cases(session: Session, user: m.User) -> bool:
    if not roles_in_use(session):
        return True
    return bool(set(user.role_names) & set(ALL_CASES_ROLES))


def case_department_id(row: m.Case) -> int | None:
    """A case's department: its technical item's project's, else the filer's."""
    item = row.technical_item
    project = item.project if item is not None else None
    if project is not None and project.department_id is not None:
        return project.department_id
    return row.filed_by.department_id if row.filed_by is not None else None


def may_open_case(session: Session, user: m.User, row: m.Case) -> bool:
    try:
        require_case_access(session, user, row)
    except PermissionDenied:
        return False
    return True


def require_case_access(session: Session, user: m.User, row: m.Case) -> None:
    """Who may read or act on a case.

    Every case for :data:`ALL_CASES_ROLES`; a department head the cases of their department
    (:func:`case_department_id`); a researcher the cases they filed (imported or submitted)
    or whose project they lead — cases the office filed on a researcher's behalf stay open
    to researchers until one submits it, which makes it theirs; and anyone named on the
    case (:func:`named_on_case`: a member of its project, the person it is about)."""
    if sees_all_cases(session, user):
        return
    roles = set(user.role_names)
    if roles & set(DEPARTMENT_CASES_ROLES) and user.department_id is not None:
        if case_department_id(row) == user.department_id:
            return
    owner = row.filed_by
    item = row.technical_item
    project = item.project if item is not None else None
    if project is not None and project.pi_user_id == user.id:
        return
    if session.scalar(select(named_on_case(user)).where(m.Case.id == row.id)):
        return
    if "researcher" in roles:
        if owner is None or owner.id == user.id:
            return
        owner_roles = set(owner.role_names)
        if owner_roles & set(ALL_CASES_ROLES):
            return  # filed by the office on someone's behalf
    raise PermissionDenied(
        _("{user} may not open case {ref}: it belongs to another researcher or department").format(
            user=user.login, ref=row.ref
        )
    )


def named_on_case(user: m.User) -> ColumnElement[bool]:
    """The SQL condition on ``cases``: ``user`` is named on the case — a member of its
    project or the person it is about. A desk user is a person of the registers when both
    carry the same e-mail address (case-insensitive); a user without one is named on none.
    The shared mode's policies say the same (``desk_case_named``)."""
    email = (user.email or "").strip().lower()
    if not email:
        return and_(false())
    me = select(m.Person.id).where(func.lower(func.trim(m.Person.email)) == email)
    member = (
        select(m.ProjectMember.id)
        .join(m.TechnicalItem, m.TechnicalItem.project_id == m.ProjectMember.project_id)
        .where(
            m.TechnicalItem.id == m.Case.technical_item_id,
            m.ProjectMember.person_id.in_(me),
        )
        .exists()
    )
    return or_(m.Case.person_id.in_(me), member)


def visible_cases(session: Session, user: m.User) -> ColumnElement[bool] | None:
    """The SQL condition on ``cases`` for the cases ``user`` may see (None: every case) —
    the same rule as :func:`require_case_access`, for tables and lists of cases."""
    if sees_all_cases(session, user):
        return None
    roles = set(user.role_names)
    project_pi = (
        select(m.Project.pi_user_id)
        .join(m.TechnicalItem, m.TechnicalItem.project_id == m.Project.id)
        .where(m.TechnicalItem.id == m.Case.technical_item_id)
        .scalar_subquery()
    )
    allowed: list[ColumnElement[bool]] = [project_pi == user.id, named_on_case(user)]
    if roles & set(DEPARTMENT_CASES_ROLES) and user.department_id is not None:
        filer = aliased(m.User)
        department = func.coalesce(
            select(m.Project.department_id)
            .join(m.TechnicalItem, m.TechnicalItem.project_id == m.Project.id)
            .where(m.TechnicalItem.id == m.Case.technical_item_id)
            .scalar_subquery(),
            select(filer.department_id).where(filer.id == m.Case.filed_by_id).scalar_subquery(),
        )
        allowed.append(department == user.department_id)
    if "researcher" in roles:
        office_filers = (
            select(m.UserRole.user_id).where(m.UserRole.role.in_(ALL_CASES_ROLES)).distinct()
        )
        allowed.append(
            or_(
                m.Case.filed_by_id.is_(None),
                m.Case.filed_by_id == user.id,
                m.Case.filed_by_id.in_(office_filers),
            )
        )
    return or_(*allowed) if allowed else and_(false())
