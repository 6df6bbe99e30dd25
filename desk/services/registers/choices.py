"""What the case form offers from the register: registered (not retired) people and
organizations for the recipient, technical data for the technology — with the facts a
pick fills in. A name not offered is typed as before; case import then links it to the
register or registers it (:mod:`desk.storage.caselinks`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from desk.services.context import ServiceContext
from desk.storage import models as m

LIMIT = 20000  # a completer over more names than this helps nobody


@dataclass(frozen=True)
class RegisterChoices:
    recipients: dict[str, dict[str, Any]] = field(default_factory=dict)  # name → facts
    technical: dict[str, dict[str, Any]] = field(default_factory=dict)  # title → facts


def register_choices(ctx: ServiceContext) -> RegisterChoices:
    out = RegisterChoices()
    with ctx.reading() as s:
        for pid, name, latin, nationalities in s.execute(
            select(m.Person.id, m.Person.name, m.Person.name_latin, m.Person.nationalities)
            .where(m.Person.retired.is_(False))
            .order_by(m.Person.id)
            .limit(LIMIT)
        ):
            out.recipients.setdefault(
                name,
                {
                    "kind": "person",
                    "person_id": pid,
                    "name_latin": latin,
                    "nationalities": list(nationalities or []),
                },
            )
        for name, latin, country in s.execute(
            select(m.Organization.name, m.Organization.name_latin, m.Organization.country)
            .where(m.Organization.retired.is_(False))
            .order_by(m.Organization.id)
            .limit(LIMIT)
        ):
            out.recipients.setdefault(
                name, {"kind": "organization", "name_latin": latin, "country": country}
            )
        for title, classification, item in s.execute(
            select(m.TechnicalItem.title, m.TechnicalItem.classification, m.TechnicalItem.item)
            .where(m.TechnicalItem.retired.is_(False), m.TechnicalItem.title.is_not(None))
            .order_by(m.TechnicalItem.id)
            .limit(LIMIT)
        ):
            if title:
                out.technical.setdefault(title, {"classification": classification, "item": item})
    return out
