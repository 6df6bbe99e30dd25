"""Single-PC sign-in: local accounts' passwords (argon2id), lock-out, and who may act.

Below :mod:`desk.services.context` (which calls it when a context is opened): it works on
the :class:`~desk.storage.db.Database` and writes its audit events itself, so that a
failed sign-in is recorded even though it raises.

- :func:`accounts_exist`: once any user has a password, the operating-system login is no
  longer trusted; every context must be signed in (:func:`verify`).
- :func:`verify`: the password checked against its argon2id hash; a wrong one counts a
  failure and, at the policy's limit (default 5), locks the account for the policy's minutes
  (default 15) — an administrator unlocks it earlier (``desk users unlock``). Sign-in,
  failed sign-in and lock-out are audit events (``auth.sign_in``, ``auth.sign_in_failed``,
  ``auth.locked``); sign-out is written by :func:`record_sign_out`.

In shared mode (PostgreSQL) none of this is used: PostgreSQL authenticates its logins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput, PermissionDenied
from desk.domain.i18n import _
from desk.storage import models as m
from desk.storage.audit_chain import queue_event
from desk.storage.db import Database

MAX_PASSWORD = 1024
MIN_PASSWORD = 8
POLICY_ID = 1


@dataclass(frozen=True)
class Policy:
    max_failures: int = 5
    lock_minutes: int = 15
    idle_minutes: int = 15


def _hasher() -> Any:
    from argon2 import PasswordHasher  # imported when a password is checked (start-up cost)

    return PasswordHasher()  # argon2id with the library's (RFC 9106 low-memory) parameters


def check_password_text(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise InvalidInput(
            _("a password needs at least {n} characters").format(n=MIN_PASSWORD),
            where="password",
        )
    if len(password) > MAX_PASSWORD or "\x00" in password:
        raise InvalidInput(_("the password is too long or holds a NUL"), where="password")
    return password


def hash_password(password: str) -> str:
    return str(_hasher().hash(check_password_text(password)))


def _matches(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives naive UTC datetimes back."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def accounts_exist(session: Session) -> bool:
    return session.scalar(select(m.Credential.user_id).limit(1)) is not None


def policy(session: Session) -> Policy:
    row = session.get(m.SigninPolicy, POLICY_ID)
    if row is None:
        return Policy()
    return Policy(row.max_failures, row.lock_minutes, row.idle_minutes)


def _event(
    session: Session, actor: str, action: str, user_id: int | None, details: dict[str, Any]
) -> None:
    queue_event(
        session,
        m.AuditEvent(
            actor=actor,
            action=action,
            entity="user",
            entity_id=None if user_id is None else str(user_id),
            details=details,
        ),
    )


def verify(db: Database, login: str, password: str, *, via: str) -> str:
    """The login, if ``password`` is theirs and the account is open; else PermissionDenied.

    A refusal never says whether the login exists; its failure is committed (and audited)
    before it is raised."""
    login = (login or "").strip()
    refused: str | None = None
    with db.transaction() as session:
        user = session.scalars(select(m.User).where(m.User.login == login)).first()
        cred = session.get(m.Credential, user.id) if user is not None else None
        when = now()
        rules = policy(session)
        if user is None or cred is None:
            _event(session, login[:100] or "?", "auth.sign_in_failed", None, {"via": via})
            refused = _("Sign-in failed: wrong login name or password")
        else:
            locked = aware(cred.locked_until)
            if locked is not None and locked > when:
                _event(
                    session,
                    login,
                    "auth.sign_in_failed",
                    user.id,
                    {"via": via, "reason": "locked", "locked_until": locked.isoformat()},
                )
                refused = _(
                    "The account {user} is locked after repeated failed sign-ins until {until} "
                    "(UTC); an administrator can unlock it (desk users unlock {user})"
                ).format(user=login, until=locked.strftime("%Y-%m-%d %H:%M"))
            elif not _matches(cred.password_hash, password):
                cred.failed_attempts = (cred.failed_attempts or 0) + 1
                details: dict[str, Any] = {"via": via, "failures": cred.failed_attempts}
                _event(session, login, "auth.sign_in_failed", user.id, details)
                refused = _("Sign-in failed: wrong login name or password")
                if cred.failed_attempts >= rules.max_failures:
                    cred.locked_until = when + dt.timedelta(minutes=rules.lock_minutes)
                    cred.failed_attempts = 0
                    _event(
                        session,
                        login,
                        "auth.locked",
                        user.id,
                        {"until": cred.locked_until.isoformat(), "after": rules.max_failures},
                    )
                    refused = _(
                        "Sign-in failed; the account {user} is now locked for {minutes} minutes "
                        "after {n} failed attempts"
                    ).format(user=login, minutes=rules.lock_minutes, n=rules.max_failures)
            elif not user.active:
                _event(
                    session,
                    login,
                    "auth.sign_in_failed",
                    user.id,
                    {"via": via, "reason": "disabled"},
                )
                refused = _("The account {user} is disabled").format(user=login)
            else:
                cred.failed_attempts = 0
                cred.locked_until = None
                cred.last_sign_in_at = when
                _event(session, login, "auth.sign_in", user.id, {"via": via})
    if refused is not None:
        raise PermissionDenied(refused)
    return login


def record_sign_out(db: Database, login: str, *, reason: str) -> None:
    """``auth.sign_out`` (the user chose it, switched user, or was idle too long)."""
    with db.transaction() as session:
        user = session.scalars(select(m.User).where(m.User.login == login)).first()
        _event(session, login, "auth.sign_out", user.id if user else None, {"reason": reason})
