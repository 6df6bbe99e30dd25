"""The role rule every write makes, as pure data and a pure function (:func:`refusal`), so
that the fast record path checks the same rule as :func:`desk.services.permissions.require_role`
without importing the database layer. :mod:`desk.services.permissions` re-exports these."""

from __future__ import annotations

from collections.abc import Sequence

from desk.domain.i18n import N_, _

ROLE_LABELS = {
    "researcher": N_("Researcher"),
    "office": N_("Export control office"),
    "dept_head": N_("Department head"),
    "classification_officer": N_("Classification officer"),
    "chief": N_("Chief export control officer"),
    "committee": N_("Committee"),
    "president": N_("President"),
    "auditor": N_("Auditor"),
    "admin": N_("Administrator"),
}

RECORD_ROLES = ("office", "dept_head", "chief", "committee")
# roles that never write (a user holding only these is refused every write)
READ_ONLY_ROLES = ("auditor", "president")


def role_list(roles: Sequence[str]) -> str:
    """Roles named for people: ``事務局 / 部局責任者`` in Japanese."""
    return " / ".join(_(ROLE_LABELS.get(r, r)) for r in roles)


def refusal(
    login: str, roles: Sequence[str], allowed: Sequence[str], what: str, *, write: bool = False
) -> str | None:
    """Why ``login`` holding ``roles`` may not do ``what`` (translated), or None if they may.

    Pure, so that the app can disable a menu item with the very sentence the service
    would refuse with."""
    held = set(roles)
    if write and held and held <= set(READ_ONLY_ROLES):
        return _("{user} holds only the read-only role {role} and may not {what}").format(
            user=login, role=role_list(sorted(held)), what=_(what)
        )
    if not held & set(allowed):
        return _(
            "{user} may not {what}: it needs the role {roles}. Ask the export control "
            "office to give you that role, then try again."
        ).format(user=login, what=_(what), roles=role_list(allowed))
    return None
