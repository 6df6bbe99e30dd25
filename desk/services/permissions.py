"""Who may do what: the role check every write service makes (not only the menus).

Roles are today's four (``researcher``, ``office``, ``reviewer``, ``auditor``, in
``user_roles``). A database in which no role was ever granted is a single-user setup:
everything is allowed until the first role is given (``desk review users add LOGIN --role
office``), exactly like :func:`desk.services.reviews.add_user`'s own bootstrap. From then
on each action needs one of the roles it names; an auditor reads and never writes.

The acting user is ``ctx.actor`` (the operating-system login today): docs/security.md says
what that does and does not protect against.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain.errors import PermissionDenied
from desk.domain.i18n import _
from desk.services.context import ServiceContext
from desk.storage import models as m

# who may do what (today's roles); the workflow's own lists live in desk.services.workflow
IMPORT_CASE_ROLES = ("researcher", "office")
EDIT_CASE_ROLES = ("researcher", "office")
ASSESS_ROLES = ("researcher", "office", "reviewer")
LIST_ROLES = ("office",)
RECORD_ROLES = ("office", "reviewer")
SCREENING_DECISION_ROLES = ("office", "reviewer")
# the registers (people, organizations, projects, technical data) are the office's records
REGISTER_ROLES = ("office",)
# 該非判定: who classifies an item (the researcher who knows it, or the office), and who
# confirms the classification as 該非確認責任者 (never the person who classified it)
CLASSIFY_ROLES = ("researcher", "office")
CLASSIFICATION_CONFIRM_ROLES = ("office",)
# the licence register and the インフォーム register are the office's
LICENCE_REGISTER_ROLES = ("office",)
# who sees every case; a researcher sees the cases they filed (or that nobody filed yet)
ALL_CASES_ROLES = ("office", "reviewer", "auditor")
# the internal audit (内部監査): the auditor writes the audit itself — plan, checklist,
# findings, sign-off — and nothing else; the office owns the corrective actions
AUDIT_ROLES = ("auditor",)
AUDIT_ACTION_ROLES = ("office",)
AUDIT_READ_ROLES = ("office", "reviewer", "auditor")


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
    roles = set(user.role_names) if user.active else set()
    if write and roles == {"auditor"}:
        raise PermissionDenied(
            _("{user} is an auditor: auditors can read but not {what}").format(
                user=user.login, what=_(what)
            )
        )
    if not roles & set(allowed):
        raise PermissionDenied(
            _(
                "{user} may not {what}: it needs the role {roles} "
                "(the office adds it with: desk review users add {user} --role …)"
            ).format(user=user.login, what=_(what), roles=" / ".join(allowed))
        )
    return user


def sees_all_cases(session: Session, user: m.User) -> bool:
    if not roles_in_use(session):
        return True
    return bool(set(user.role_names) & set(ALL_CASES_ROLES))


def may_open_case(session: Session, user: m.User, row: m.Case) -> bool:
    try:
        require_case_access(session, user, row)
    except PermissionDenied:
        return False
    return True


def require_case_access(session: Session, user: m.User, row: m.Case) -> None:
    """A researcher may not read or act on another researcher's case.

    A case belongs to the researcher who filed (imported or submitted) it; cases the office
    filed on a researcher's behalf stay open to researchers until one submits it, which
    makes it theirs (the data has no separate "named researcher" yet)."""
    if sees_all_cases(session, user):
        return
    owner = row.filed_by
    if owner is None or owner.id == user.id:
        return
    owner_roles = set(owner.role_names)
    if "researcher" in owner_roles and not owner_roles & set(ALL_CASES_ROLES):
        raise PermissionDenied(
            _("{user} may not open case {ref}: it was filed by another researcher").format(
                user=user.login, ref=row.ref
            )
        )
