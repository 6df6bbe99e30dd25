"""The explicit context every service function takes (no global application object).

A front end opens one :class:`ServiceContext` (``open_context(url)``), passes it to the
service functions and closes it at the end.

Who acts (docs/security.md): in shared mode (PostgreSQL) the session's ``current_user``,
never the operating-system login — only a superuser's or the tables' owner's connection (the
DBA, the tests) may name another actor. In single-PC mode (SQLite) the operating-system
login while no local account has a password; once one has, every context must be signed
in (:mod:`desk.services.signin`): ``open_context(url, actor=LOGIN, password=…)``, or from the
CLI's ``--user``/``DESK_USER`` with the password from ``DESK_PASSWORD`` or a prompt.

A service opens one unit of work with ``ctx.transaction()``, writes its audit event with
``ctx.audit(session, …)`` in that same transaction, and returns frozen dataclasses — never
ORM objects or sessions.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain.errors import PermissionDenied
from desk.domain.i18n import _
from desk.domain.localtime import today as local_today
from desk.services import signin
from desk.services.acting import SIGN_IN_NEEDED as SIGN_IN_NEEDED
from desk.services.acting import default_actor as default_actor
from desk.services.acting import postgres_actor
from desk.services.changes import Changes as Changes  # re-exported: every service returns it
from desk.storage.audit_chain import queue_event
from desk.storage.db import Database, open_database
from desk.storage.models import AuditEvent, User


@dataclass(frozen=True)
class ServiceContext:
    db: Database
    actor: str = field(default_factory=default_actor)
    today_override: dt.date | None = None  # tests and demos fix "today"
    # the time review steps are stamped with (the demo plays its review chain in the past)
    now_override: dt.datetime | None = None
    # the actor was authenticated: a local account's password, or PostgreSQL's own login
    signed_in: bool = False

    @property
    def url(self) -> str:
        return self.db.url

    @property
    def backup_path(self) -> Path | None:
        """The copy of the SQLite file taken before the start-up upgrade, if one ran."""
        return self.db.backup_path

    def today(self) -> dt.date:
        """Today in Japan (the zone setting), not on the machine's clock zone."""
        return self.today_override or local_today()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work; committed at the end of the block, rolled back on error."""
        with self.db.transaction() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session (changes are rolled back)."""
        with self.db.reading() as session:
            yield session

    def audit(
        self,
        session: Session,
        action: str,
        entity: str,
        entity_id: str | int | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        """Append an audit event in ``session``'s transaction (written when it commits)."""
        queue_event(
            session,
            AuditEvent(
                actor=self.actor,
                action=action,
                entity=entity,
                entity_id=None if entity_id is None else str(entity_id),
                details=dict(details or {}),
            ),
        )

    def user(self, session: Session) -> User:
        """The ``users`` row for the actor, created on first use (desk on one desktop).

        Refused while local accounts exist and this context was not signed in."""
        if not self.signed_in and signin.accounts_exist(session):
            raise PermissionDenied(SIGN_IN_NEEDED())
        user = session.scalars(select(User).where(User.login == self.actor)).first()
        if user is None:
            user = User(login=self.actor, display_name=self.actor)
            session.add(user)
            session.flush()
        return user

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ServiceContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_context(
    url: str | None = None,
    *,
    actor: str | None = None,
    password: str | None = None,
    today: dt.date | None = None,
    migrate: bool = True,
    identify: bool = True,
) -> ServiceContext:
    """Open (and migrate) the database at ``url`` — see :func:`desk.storage.db.resolve_url`.

    ``identify``: sign in now when the database has local accounts — ``actor`` (else
    ``DESK_USER``) with ``password`` (else ``DESK_PASSWORD``, else a prompt on a terminal).
    The app passes False and signs in through its dialog (:func:`sign_in`)."""
    db = open_database(url, migrate=migrate)
    try:
        if db.dialect == "postgresql":
            return ServiceContext(
                db=db, actor=_postgres_actor(db, actor), today_override=today, signed_in=True
            )
        named = actor or os.environ.get("DESK_USER") or None
        ctx = ServiceContext(db=db, actor=named or default_actor(), today_override=today)
        if not identify:
            return ctx
        with db.reading() as session:
            if not signin.accounts_exist(session):
                return ctx
        login = named or ""
        if not login:
            raise PermissionDenied(SIGN_IN_NEEDED())
        if password is None:
            password = os.environ.get("DESK_PASSWORD")
        if password is None and sys.stdin is not None and sys.stdin.isatty():
            password = getpass.getpass(_("Password for {user}: ").format(user=login))
        if password is None:
            raise PermissionDenied(SIGN_IN_NEEDED())
        return sign_in(ctx, login, password, via="cli")
    except BaseException:
        db.close()
        raise


def sign_in(ctx: ServiceContext, login: str, password: str, *, via: str = "app") -> ServiceContext:
    """A context acting as ``login``, once their password is checked (lock-out, audit)."""
    login = signin.verify(ctx.db, login, password, via=via)
    return replace(ctx, actor=login, signed_in=True)


def connect_as(ctx: ServiceContext, login: str, password: str) -> ServiceContext:
    """Shared mode: a new context on the same PostgreSQL database, connected as ``login``
    with ``password`` (empty: none — whatever ``pg_hba.conf`` asks for). PostgreSQL checks
    them; ``ctx`` stays open (the caller closes it once the new one works)."""
    from sqlalchemy.engine import make_url

    url = make_url(ctx.url).set(username=login, password=password or None)
    return open_context(url.render_as_string(hide_password=False), identify=False)


def sign_out(ctx: ServiceContext, *, reason: str = "user") -> ServiceContext:
    """Record the sign-out; the context returned acts for nobody until signed in again."""
    if ctx.signed_in and ctx.db.dialect != "postgresql":
        signin.record_sign_out(ctx.db, ctx.actor, reason=reason)
    return replace(ctx, signed_in=False)


def _postgres_actor(db: Database, actor: str | None) -> str:
    with db.reading() as session:
        return postgres_actor(session, actor)
