"""The office's settings kept in the database: the institution's name printed on every
record (``desk settings set institution …``, the app's Settings dialog).

A record prints the setting as it was when the record was issued; the ``record.issue``
audit event keeps it, so verifying a record never reads the environment or today's setting.
"""

from __future__ import annotations

from dataclasses import dataclass

from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, _
from desk.services.context import Changes, ServiceContext
from desk.services.issued import stored_setting as stored_setting
from desk.services.permissions import require_role
from desk.storage import models as m

SETTINGS_ROLES = ("office",)
# key → the longest value accepted: the institution's name and where the office keeps the
# copies of its records (printed on the 取引審査票)
SETTINGS = {"institution": 200, "copies_kept": 200}


@dataclass(frozen=True)
class OfficeSettings:
    institution: str | None
    copies_kept: str | None = None


def _check_key(key: str) -> None:
    if key not in SETTINGS:
        raise InvalidInput(
            _("Unknown setting {key}; expected one of {keys}").format(
                key=key, keys=", ".join(SETTINGS)
            ),
            where="key",
        )


def office_settings(ctx: ServiceContext) -> OfficeSettings:
    """The stored settings (None where a setting was never set)."""
    with ctx.reading() as session:
        return OfficeSettings(
            institution=stored_setting(session, "institution"),
            copies_kept=stored_setting(session, "copies_kept"),
        )


def set_office_setting(ctx: ServiceContext, key: str, value: str | None) -> Changes:
    """Store ``value`` for ``key`` (None or blank: remove it), with its audit event."""
    _check_key(key)
    text = (value or "").strip() or None
    if text is not None and len(text) > SETTINGS[key]:
        raise InvalidInput(
            _("{field} is longer than {limit} characters").format(field=key, limit=SETTINGS[key]),
            where=key,
        )
    with ctx.transaction() as session:
        require_role(session, ctx, SETTINGS_ROLES, N_("change the office's settings"), write=True)
        row = session.get(m.OfficeSetting, key)
        before = row.value if row is not None else None
        if text is None:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(m.OfficeSetting(key=key, value=text))
        else:
            row.value = text
        ctx.audit(session, "settings.set", "setting", key, {"key": key, "from": before, "to": text})
    return Changes(frozenset({"office_settings", "audit_events"}))
