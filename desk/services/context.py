"""The explicit context every service function takes (no global application object).

A front end opens one :class:`ServiceContext` (``open_context(url)``), passes it to the
service functions and closes it at the end. A service opens one unit of work with
``ctx.transaction()``, writes its audit event with ``ctx.audit(session, …)`` in that
same transaction, and returns frozen dataclasses — never ORM objects or sessions.
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain.localtime import today as local_today
from desk.storage.audit_chain import queue_event
from desk.storage.db import Database, open_database
from desk.storage.models import AuditEvent, User


def default_actor() -> str:
    try:
        return getpass.getuser() or "desk"
    except Exception:  # no login name (some containers, services)
        return "desk"


@dataclass(frozen=True)
class Changes:
    """What a service changed, for front ends to refresh: table names and ids touched."""

    tables: frozenset[str] = frozenset()
    ids: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.tables


@dataclass(frozen=True)
class ServiceContext:
    db: Database
    actor: str = field(default_factory=default_actor)
    today_override: dt.date | None = None  # tests and demos fix "today"
    # the time review steps are stamped with (the demo plays its review chain in the past)
    now_override: dt.datetime | None = None

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
        """The ``users`` row for the actor, created on first use (desk on one desktop)."""
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
    today: dt.date | None = None,
    migrate: bool = True,
) -> ServiceContext:
    """Open (and migrate) the database at ``url`` — see :func:`desk.storage.db.resolve_url`."""
    return ServiceContext(
        db=open_database(url, migrate=migrate), actor=actor or default_actor(), today_override=today
    )
