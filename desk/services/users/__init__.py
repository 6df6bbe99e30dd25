"""Users: desk's users, their departments, roles and passwords, and shared mode's roles.

Use cases: add, list, show, disable and enable users, grant and revoke roles, set a
password, unlock an account, the sign-in policy (:mod:`.accounts`); in shared mode
(PostgreSQL) the group roles, grants and row-level-security policies, and a user's login
role (:mod:`.shared`). Signing in is :func:`desk.services.context.sign_in`.

Other subpackages, ``desk.demo``, ``desk.cli`` and ``desk.ui`` import from here only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk._lazy import lazy_exports

if TYPE_CHECKING:
    from desk.services.users.accounts import (
        Account,
        Acting,
        SignInPolicy,
        acting,
        add_user,
        current_account,
        get_policy,
        grant,
        list_users,
        revoke,
        set_active,
        set_password,
        set_policy,
        show_user,
        sign_in_required,
        unlock,
    )
    from desk.services.users.shared import SetupReport, group_role, setup_roles
else:  # each name's submodule is imported when the name is first used
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "accounts": (
                "Account",
                "Acting",
                "SignInPolicy",
                "acting",
                "add_user",
                "current_account",
                "get_policy",
                "grant",
                "list_users",
                "revoke",
                "set_active",
                "set_password",
                "set_policy",
                "show_user",
                "sign_in_required",
                "unlock",
            ),
            "shared": ("SetupReport", "group_role", "setup_roles"),
        },
    )

__all__ = [
    "Account",
    "Acting",
    "SetupReport",
    "SignInPolicy",
    "acting",
    "add_user",
    "current_account",
    "get_policy",
    "grant",
    "group_role",
    "list_users",
    "revoke",
    "set_active",
    "set_password",
    "set_policy",
    "setup_roles",
    "show_user",
    "sign_in_required",
    "unlock",
]
