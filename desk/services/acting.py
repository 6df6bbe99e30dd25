"""Who acts (docs/security.md), decided without the database layer: the operating-system
login by default, the PostgreSQL session's own login in shared mode. Used by the service
context (:mod:`desk.services.context`) and the fast record path alike."""

from __future__ import annotations

import getpass
import os
from typing import Any

from sqlalchemy import text

from desk.domain.errors import PermissionDenied
from desk.domain.i18n import _


def default_actor() -> str:
    try:
        return getpass.getuser() or "desk"
    except Exception:  # no login name (some containers, services)
        return "desk"


def SIGN_IN_NEEDED() -> str:
    return _(
        "desk has sign-in accounts: say who you are with --user LOGIN (or DESK_USER) and give "
        "the password at the prompt (or in DESK_PASSWORD)"
    )


def postgres_actor(executor: Any, actor: str | None) -> str:
    """The PostgreSQL session's own login; another actor (``actor``, else ``DESK_USER``) only
    on a superuser's or the tables' owner's connection (the DBA's tools, the tests).
    ``executor``: a Session or a Connection."""
    who, trusted = executor.execute(
        text(
            "SELECT current_user, "
            "coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false) "
            "OR coalesce((SELECT pg_has_role(current_user, relowner, 'MEMBER') "
            "FROM pg_class WHERE oid = to_regclass('users')), false)"
        )
    ).one()
    actor = actor or os.environ.get("DESK_USER") or None
    if actor and actor != who and not trusted:
        raise PermissionDenied(
            _(
                "In shared mode desk acts as the PostgreSQL login {login}; it cannot act as {actor}"
            ).format(login=who, actor=actor)
        )
    return actor if (actor and trusted) else str(who)
