"""desk's users: who they are, their department, their roles, their password and lock.

Every change is the administrator's (管理者, :data:`USER_ADMIN_ROLES`) — until one is named,
the office's (as before the regulations' roles), and anyone's while no role is granted at
all, so that a new database can be set up — and an audit event in the same
transaction (``user.add``, ``user.grant``, ``user.revoke``, ``user.disable``,
``user.enable``, ``user.password``, ``user.unlock``, ``auth.policy``). A signed-in user may
change their own password. The last active administrator cannot be disabled or lose the
role (nobody could administer users any more).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput, NotFound, PermissionDenied, WorkflowError
from desk.domain.i18n import N_, _
from desk.services import signin
from desk.services.context import ServiceContext
from desk.services.permissions import ROLES, USER_ADMIN_ROLES, require_role, roles_in_use
from desk.storage import models as m


@dataclass(frozen=True)
class Account:
    login: str
    display_name: str
    email: str | None
    department: str | None  # the department's code, else its name
    roles: tuple[str, ...]
    active: bool
    has_password: bool
    locked_until: dt.datetime | None  # UTC, while locked out


@dataclass(frozen=True)
class SignInPolicy:
    max_failures: int
    lock_minutes: int
    idle_minutes: int


def _account(session: Session, user: m.User) -> Account:
    # shared mode keeps no passwords, and user_credentials is closed to every desk role
    shared = session.get_bind().dialect.name == "postgresql"
    cred = None if shared else session.get(m.Credential, user.id)
    dep = session.get(m.Department, user.department_id) if user.department_id else None
    locked = signin.aware(cred.locked_until) if cred is not None else None
    if locked is not None and locked <= signin.now():
        locked = None
    return Account(
        login=user.login,
        display_name=user.display_name,
        email=user.email,
        department=(dep.code or dep.name) if dep is not None else None,
        roles=user.role_names,
        active=bool(user.active),
        has_password=cred is not None,
        locked_until=locked,
    )


def _text(value: str | None, field: str, limit: int = 200) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if "\x00" in value or any(ord(c) < 32 for c in value):
        raise InvalidInput(_("contains a control character"), where=field)
    if len(value) > limit:
        raise InvalidInput(
            _("is too long ({n} characters; at most {limit})").format(n=len(value), limit=limit),
            where=field,
        )
    return value or None


def _login(login: str) -> str:
    value = _text(login, "LOGIN", 100)
    if not value:
        raise InvalidInput(_("a login name of 1–100 characters is needed"), where="LOGIN")
    return value


def _roles(roles: Sequence[str]) -> tuple[str, ...]:
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise InvalidInput(
            _("unknown role {role} (one of: {choices})").format(
                role=", ".join(unknown) or "—", choices=", ".join(ROLES)
            ),
            where="--role",
        )
    return tuple(dict.fromkeys(roles))


def _admins(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(m.UserRole)
            .join(m.User, m.User.id == m.UserRole.user_id)
            .where(m.UserRole.role == "admin", m.User.active.is_(True))
        )
        or 0
    )


def _require_admin(session: Session, ctx: ServiceContext, what: str) -> m.User:
    """The acting administrator. Until an administrator is named the office administers
    users, as it did before the regulations' roles; before any role is granted, anyone."""
    if _admins(session) == 0:
        if not roles_in_use(session):
            return ctx.user(session)
        return require_role(session, ctx, ("office", *USER_ADMIN_ROLES), what, write=True)
    return require_role(session, ctx, USER_ADMIN_ROLES, what, write=True)


def _user(session: Session, login: str) -> m.User:
    user = session.scalars(select(m.User).where(m.User.login == login)).first()
    if user is None:
        raise NotFound(_("No user {login}").format(login=login))
    return user


def _department(session: Session, value: str | None) -> m.Department | None:
    value = _text(value, "--department")
    if not value:
        return None
    found = session.scalars(
        select(m.Department).where((m.Department.code == value) | (m.Department.name == value))
    ).first()
    if found is None:
        found = m.Department(name=value, code=value if len(value) <= 40 else None)
        session.add(found)
        session.flush()
    return found


def _keep_an_admin(session: Session, user: m.User) -> None:
    if "admin" in user.role_names and user.active and _admins(session) <= 1:
        raise WorkflowError(
            _(
                "{user} is the last active administrator; grant the role to someone else first"
            ).format(user=user.login)
        )


def add_user(
    ctx: ServiceContext,
    login: str,
    roles: Sequence[str],
    *,
    department: str | None = None,
    display_name: str | None = None,
    email: str | None = None,
    password: str | None = None,
) -> Account:
    """Create user ``login`` with ``roles`` (or give an existing one the roles, department,
    name and e-mail given). In shared mode the PostgreSQL login is created and granted
    the roles' group roles too (:func:`desk.services.users.shared.create_login`)."""
    login = _login(login)
    wanted = _roles(roles)
    display = _text(display_name, "--name")
    mail = _text(email, "--email")
    hashed = signin.hash_password(password) if password is not None else None
    with ctx.transaction() as session:
        _require_admin(session, ctx, N_("add users"))
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
        dep = _department(session, department)
        if dep is not None:
            user.department_id = dep.id
        have = {r.role for r in user.roles}
        added = [r for r in wanted if r not in have]
        for role in added:
            user.roles.append(m.UserRole(role=role))
        session.flush()
        if hashed is not None:
            _store_password(session, user, hashed)
        if ctx.db.dialect == "postgresql":
            from desk.services.users.shared import create_login

            create_login(session, login, user.role_names)
        ctx.audit(
            session,
            "user.add" if created else "user.grant",
            "user",
            user.id,
            {
                "login": login,
                "roles": sorted(user.role_names),
                "added": added,
                "department": dep.code or dep.name if dep is not None else None,
                "password": hashed is not None,
            },
        )
        return _account(session, user)


def grant(ctx: ServiceContext, login: str, roles: Sequence[str]) -> Account:
    login, wanted = _login(login), _roles(roles)
    with ctx.transaction() as session:
        _require_admin(session, ctx, N_("grant roles"))
        user = _user(session, login)
        have = {r.role for r in user.roles}
        added = [r for r in wanted if r not in have]
        for role in added:
            user.roles.append(m.UserRole(role=role))
        session.flush()
        if ctx.db.dialect == "postgresql":
            from desk.services.users.shared import sync_grants

            sync_grants(session, login, user.role_names)
        ctx.audit(
            session,
            "user.grant",
            "user",
            user.id,
            {"login": login, "added": added, "roles": list(user.role_names)},
        )
        return _account(session, user)


def revoke(ctx: ServiceContext, login: str, roles: Sequence[str]) -> Account:
    login, unwanted = _login(login), _roles(roles)
    with ctx.transaction() as session:
        _require_admin(session, ctx, N_("revoke roles"))
        user = _user(session, login)
        if "admin" in unwanted:
            _keep_an_admin(session, user)
        removed = [r.role for r in user.roles if r.role in unwanted]
        user.roles = [r for r in user.roles if r.role not in unwanted]
        session.flush()
        if ctx.db.dialect == "postgresql":
            from desk.services.users.shared import sync_grants

            sync_grants(session, login, user.role_names)
        ctx.audit(
            session,
            "user.revoke",
            "user",
            user.id,
            {"login": login, "removed": removed, "roles": list(user.role_names)},
        )
        return _account(session, user)


def set_active(ctx: ServiceContext, login: str, active: bool) -> Account:
    login = _login(login)
    with ctx.transaction() as session:
        _require_admin(session, ctx, N_("disable or enable users"))
        user = _user(session, login)
        if not active:
            _keep_an_admin(session, user)
        user.active = active
        session.flush()
        ctx.audit(
            session, "user.enable" if active else "user.disable", "user", user.id, {"login": login}
        )
        return _account(session, user)


def _store_password(session: Session, user: m.User, hashed: str) -> None:
    cred = session.get(m.Credential, user.id)
    if cred is None:
        session.add(m.Credential(user_id=user.id, password_hash=hashed, failed_attempts=0))
    else:
        cred.password_hash = hashed
        cred.failed_attempts = 0
        cred.locked_until = None
        cred.changed_at = signin.now()
    session.flush()


def set_password(ctx: ServiceContext, login: str, password: str) -> Account:
    """Set ``login``'s password: an administrator for anyone, a signed-in user for themself.

    The first password set makes sign-in compulsory for everyone (docs/security.md)."""
    login = _login(login)
    if ctx.db.dialect == "postgresql":
        raise WorkflowError(
            _(
                "In shared mode PostgreSQL authenticates logins: the database administrator "
                "sets passwords there (ALTER ROLE … PASSWORD, LDAP, Kerberos)"
            )
        )
    hashed = signin.hash_password(password)
    with ctx.transaction() as session:
        user = _user(session, login)
        if not (ctx.signed_in and ctx.actor == login):
            _require_admin(session, ctx, N_("set other users' passwords"))
        _store_password(session, user, hashed)
        ctx.audit(session, "user.password", "user", user.id, {"login": login})
        return _account(session, user)


def unlock(ctx: ServiceContext, login: str) -> Account:
    login = _login(login)
    with ctx.transaction() as session:
        _require_admin(session, ctx, N_("unlock accounts"))
        user = _user(session, login)
        cred = session.get(m.Credential, user.id)
        if cred is not None:
            cred.locked_until = None
            cred.failed_attempts = 0
        ctx.audit(session, "user.unlock", "user", user.id, {"login": login})
        session.flush()
        return _account(session, user)


def list_users(ctx: ServiceContext) -> tuple[Account, ...]:
    with ctx.reading() as session:
        return tuple(
            _account(session, u) for u in session.scalars(select(m.User).order_by(m.User.login))
        )


def show_user(ctx: ServiceContext, login: str) -> Account:
    with ctx.reading() as session:
        return _account(session, _user(session, _login(login)))


def current_account(ctx: ServiceContext) -> Account | None:
    """The acting user's account (None before sign-in or when they have no row yet)."""
    try:
        with ctx.reading() as session:
            user = session.scalars(select(m.User).where(m.User.login == ctx.actor)).first()
            if user is None or (not ctx.signed_in and signin.accounts_exist(session)):
                return None
            return _account(session, user)
    except PermissionDenied:
        return None


@dataclass(frozen=True)
class Acting:
    """Who the app is acting for, and whether roles are checked at all yet."""

    login: str
    display_name: str
    roles: tuple[str, ...]
    department: str | None
    roles_in_use: bool
    signed_in: bool
    idle_minutes: int


def acting(ctx: ServiceContext) -> Acting:
    """The acting user as the app shows them (read only: nothing is created)."""
    with ctx.reading() as session:
        in_use = roles_in_use(session)
        idle = signin.policy(session).idle_minutes
        locked_out = not ctx.signed_in and signin.accounts_exist(session)
        user = session.scalars(select(m.User).where(m.User.login == ctx.actor)).first()
        if user is None or locked_out:
            return Acting(ctx.actor, ctx.actor, (), None, in_use, False, idle)
        account = _account(session, user)
        roles = account.roles if account.active else ()
        return Acting(
            user.login,
            user.display_name,
            roles,
            account.department,
            in_use,
            ctx.signed_in,
            idle,
        )


def sign_in_required(ctx: ServiceContext) -> bool:
    """True when the app must ask who is there (single-PC mode with local accounts)."""
    if ctx.db.dialect == "postgresql":
        return False
    with ctx.reading() as session:
        return signin.accounts_exist(session)


def get_policy(ctx: ServiceContext) -> SignInPolicy:
    with ctx.reading() as session:
        p = signin.policy(session)
        return SignInPolicy(p.max_failures, p.lock_minutes, p.idle_minutes)


def set_policy(
    ctx: ServiceContext,
    *,
    max_failures: int | None = None,
    lock_minutes: int | None = None,
    idle_minutes: int | None = None,
) -> SignInPolicy:
    for value, field, low, high in (
        (max_failures, "--max-failures", 1, 100),
        (lock_minutes, "--lock-minutes", 1, 24 * 60),
        (idle_minutes, "--idle-minutes", 1, 24 * 60),
    ):
        if value is not None and not low <= value <= high:
            raise InvalidInput(
                _("must be between {low} and {high}").format(low=low, high=high), where=field
            )
    with ctx.transaction() as session:
        _require_admin(session, ctx, N_("change the sign-in policy"))
        row = session.get(m.SigninPolicy, signin.POLICY_ID)
        if row is None:
            d = signin.Policy()
            row = m.SigninPolicy(
                id=signin.POLICY_ID,
                max_failures=d.max_failures,
                lock_minutes=d.lock_minutes,
                idle_minutes=d.idle_minutes,
            )
            session.add(row)
        if max_failures is not None:
            row.max_failures = max_failures
        if lock_minutes is not None:
            row.lock_minutes = lock_minutes
        if idle_minutes is not None:
            row.idle_minutes = idle_minutes
        session.flush()
        result = SignInPolicy(row.max_failures, row.lock_minutes, row.idle_minutes)
        ctx.audit(session, "auth.policy", "signin_policy", row.id, result.__dict__)
        return result
