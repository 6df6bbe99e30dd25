"""The office's settings kept in the database: the institution's name printed on every
record (``desk settings set institution …``, the app's Settings dialog).

A record prints the setting as it was when the record was issued; the ``record.issue``
audit event keeps it, so verifying a record never reads the environment or today's setting.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, _
from desk.services.context import Changes, ServiceContext
from desk.services.issued import stored_setting as stored_setting
from desk.services.permissions import require_role
from desk.services.records.country_groups import GROUP_TABLE_FORMAT as GROUP_TABLE_FORMAT
from desk.services.records.country_groups import GROUP_TABLE_KEY as GROUP_TABLE_KEY
from desk.services.records.country_groups import GroupTable as GroupTable
from desk.services.records.country_groups import stored_group_table as stored_group_table
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


# --- the country-group table the office loads (Group B) ---------------------------------------
# No official METI Group B table ships with desk (none was reachable when the rule sets were
# written); until the office loads one, records print 一般国 for a country outside Group A and
# the 別表第3の2/第4 lists (glossary §2.2). The file's provenance is kept with it, and each
# record issued keeps the table it printed with (its record.issue event), so loading or
# clearing the table never changes an issued record. The table and its reader:
# :mod:`.country_groups` (the fast record path reads it too).


def group_table(ctx: ServiceContext) -> GroupTable | None:
    """The Group B table the office loaded (None: none; records print 一般国)."""
    with ctx.reading() as session:
        return stored_group_table(session)


def _bad(message: str, where: str) -> InvalidInput:
    return InvalidInput(message, where=where)


def parse_group_table(data: bytes, name: str | None = None) -> GroupTable:
    """A ``desk-country-group/1`` JSON file: ``{"format", "group": "B", "source", "published":
    "YYYY-MM-DD", "countries": [ISO codes]}``; refused when a country is JP, not a code, or in
    Group A or the 別表第3の2/第4 lists of the rule set in force (a country is in one group)."""
    import datetime as dt
    import hashlib

    from desk.rules.ruleset import select_ruleset

    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _bad(_("Not a JSON file: {error}").format(error=exc), "file") from None
    if not isinstance(doc, dict) or doc.get("format") != GROUP_TABLE_FORMAT:
        raise _bad(
            _("Not a country-group table: expected format {format}").format(
                format=GROUP_TABLE_FORMAT
            ),
            "format",
        )
    if doc.get("group") != "B":
        raise _bad(_("Only a Group B table can be loaded"), "group")
    source = str(doc.get("source") or "").strip()
    if not source:
        raise _bad(_("The table names no source (where it was published)"), "source")
    published = str(doc.get("published") or "")
    try:
        dt.date.fromisoformat(published)
    except ValueError:
        raise _bad(_("not a date YYYY-MM-DD: {text}").format(text=published), "published") from None
    countries = doc.get("countries")
    if not isinstance(countries, list) or not countries:
        raise _bad(_("The table lists no countries"), "countries")
    codes = sorted({str(c) for c in countries})
    wrong = [c for c in codes if len(c) != 2 or not c.isascii() or not c.isupper() or c == "JP"]
    if wrong:
        raise _bad(
            _("Not a country code (ISO 3166, not JP): {codes}").format(codes=", ".join(wrong)),
            "countries",
        )
    rs = select_ruleset()
    clash = sorted(set(codes) & (rs.group_a | rs.un_arms_embargo | rs.concern_countries))
    if clash:
        raise _bad(
            _(
                "{codes} are in Group A or the Appended Table 3-2 or 4 lists of rule set "
                "{version}: a country is in one group only"
            ).format(codes=", ".join(clash), version=rs.version),
            "countries",
        )
    return GroupTable(
        "B",
        tuple(codes),
        source,
        published,
        hashlib.sha256(data).hexdigest(),
        "",
        name,
    )


def load_group_table(ctx: ServiceContext, path: str | Path) -> GroupTable:
    """Load a Group B table from ``path`` (office role); it replaces the one loaded before.
    Records issued from now on print グループB／グループC; audited with its provenance."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            _("Cannot read {file}: {error}").format(file=file, error=exc.strerror), where="file"
        ) from exc
    table = parse_group_table(data, file.name)
    with ctx.transaction() as session:
        require_role(session, ctx, SETTINGS_ROLES, N_("change the office's settings"), write=True)
        table = dataclasses.replace(table, loaded_at=m.utcnow().isoformat())
        text = json.dumps(table.to_json(), ensure_ascii=False, sort_keys=True)
        row = session.get(m.OfficeSetting, GROUP_TABLE_KEY)
        before = stored_group_table(session)
        if row is None:
            session.add(m.OfficeSetting(key=GROUP_TABLE_KEY, value=text))
        else:
            row.value = text
        ctx.audit(
            session,
            "settings.group_table",
            "setting",
            GROUP_TABLE_KEY,
            {"from": before.to_json() if before else None, "to": table.to_json()},
        )
    return table


def clear_group_table(ctx: ServiceContext) -> Changes:
    """Remove the loaded table: records issued from now on print 一般国 again."""
    with ctx.transaction() as session:
        require_role(session, ctx, SETTINGS_ROLES, N_("change the office's settings"), write=True)
        row = session.get(m.OfficeSetting, GROUP_TABLE_KEY)
        before = stored_group_table(session)
        if row is not None:
            session.delete(row)
        ctx.audit(
            session,
            "settings.group_table",
            "setting",
            GROUP_TABLE_KEY,
            {"from": before.to_json() if before else None, "to": None},
        )
    return Changes(frozenset({"office_settings", "audit_events"}))
