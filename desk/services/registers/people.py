"""The people register: add, edit, show, list and retire a person, and record a dated
residency fact (entry, employment, status change…). Merging is in :mod:`.merging`.

Every change runs in one transaction with its audit event; bad input raises
:class:`~desk.domain.errors.InvalidInput` naming the field (the service's keyword name).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.services.context import Changes, ServiceContext
from desk.services.registers import fields as f
from desk.services.registers.records import (
    RecordSeen,
    RegisterRecord,
    RegisterSummary,
    add_row,
    audit_change,
    changed,
    department,
    edit_row,
    get_row,
    retire_row,
    row_version,
    rows_by_id,
)
from desk.services.screening import PartyRef, party_hits
from desk.storage import models as m

PERSON_FIELDS: dict[str, f.Field] = {
    "name": f.Field(required=True),
    "name_latin": f.Field(),
    "reading": f.Field(),
    "born_on": f.Field("date"),
    "nationalities": f.Field("countries"),
    "country": f.Field("country"),
    "role": f.Field("choice", allowed=m.PERSON_ROLES),
    "department": f.Field(limit=200),
    "host": f.Field(limit=200),
    "visa_status": f.Field(limit=100),
    "stay_from": f.Field("date"),
    "stay_until": f.Field("date"),
    "email": f.Field(limit=200),
    "notes": f.Field("longtext", limit=20000),
    "affiliations": f.Field("ids"),
}
_COLUMNS = (
    "name",
    "name_latin",
    "reading",
    "born_on",
    "nationalities",
    "country",
    "role",
    "host",
    "visa_status",
    "stay_from",
    "stay_until",
    "email",
    "notes",
)


def _apply(s: Session, person: m.Person, values: Mapping[str, Any]) -> None:
    for key in _COLUMNS:
        if key in values:
            setattr(person, key, values[key] if key != "nationalities" else values[key] or [])
    if "department" in values:
        person.department = department(s, values["department"])
    if "affiliations" in values:
        orgs = rows_by_id(s, "organization", values["affiliations"], "affiliations")
        kept = {a.organization_id: a for a in person.affiliations}
        person.affiliations = [
            kept.get(o.id) or m.Affiliation(organization=o, given_keys=[]) for o in orgs
        ]
        for i, a in enumerate(person.affiliations):
            a.position = i
    f.period(person.stay_from, person.stay_until, "stay_until")


def add_person(ctx: ServiceContext, values: Mapping[str, Any]) -> RegisterRecord:
    """Register a person; ``values`` are :data:`PERSON_FIELDS` (``name`` required)."""
    clean = f.clean(values, PERSON_FIELDS, adding=True)
    pid = add_row(ctx, "person", m.Person(name=clean["name"], nationalities=[]), clean, _apply)
    return show_person(ctx, pid, _changes=True)


def edit_person(
    ctx: ServiceContext,
    person_id: int,
    values: Mapping[str, Any],
    *,
    seen: RecordSeen | None = None,
) -> RegisterRecord:
    """Change the fields given in ``values`` (``""`` empties an optional field); ``seen``:
    the version the form showed (a record saved by someone else since is refused)."""
    clean = f.clean(values, PERSON_FIELDS, adding=False)
    edit_row(ctx, "person", person_id, clean, _apply, seen)
    return show_person(ctx, person_id, _changes=True)


def retire_person(ctx: ServiceContext, person_id: int, *, retired: bool = True) -> RegisterRecord:
    """Mark a person retired (left the university; kept for the records) or back in use."""
    retire_row(ctx, "person", person_id, retired)
    return show_person(ctx, person_id, _changes=True)


def add_person_event(
    ctx: ServiceContext,
    person_id: int,
    kind: str,
    on: str | dt.date | None,
    detail: str | None = None,
) -> RegisterRecord:
    """Record a dated residency fact of a person (entry, departure, employment…)."""
    event_kind = f.choice(kind, "event", m.PERSON_EVENT_KINDS)
    day = f.date(on, "event_on")
    if event_kind is None:
        raise InvalidInput(_("this field is required"), where="event")
    if day is None:
        raise InvalidInput(_("this field is required"), where="event_on")
    note = f.text(detail, "event_detail", limit=2000)
    with ctx.transaction() as s:
        person = get_row(s, "person", person_id)
        person.events.append(m.PersonEvent(kind=event_kind, on=day, detail=note))
        audit_change(
            ctx, s, "person", "event", person.id, {"kind": event_kind, "on": day, "detail": note}
        )
    return show_person(ctx, person_id, _changes=True)


def show_person(ctx: ServiceContext, person_id: int, *, _changes: bool = False) -> RegisterRecord:
    """A person with affiliations, events, projects and cases, and the stored screening
    hits of the person and of every organization the person is affiliated with."""
    with ctx.reading() as s:
        p = get_row(s, "person", person_id)
        fields = {key: getattr(p, key) for key in _COLUMNS}
        fields["department"] = p.department.name if p.department else None
        orgs = [(a.organization_id, a.organization.name) for a in p.affiliations]
        links: dict[str, Any] = {
            "affiliations": [{"id": oid, "name": name} for oid, name in orgs],
            "events": [{"kind": e.kind, "on": e.on, "detail": e.detail} for e in p.events],
            "projects": [
                {
                    "id": pm.project_id,
                    "title": pm.project.title,
                    "since": pm.since,
                    "until": pm.until,
                }
                for pm in s.scalars(
                    select(m.ProjectMember)
                    .where(m.ProjectMember.person_id == p.id)
                    .options(selectinload(m.ProjectMember.project))
                )
            ],
            "cases": list(
                s.scalars(select(m.Case.ref).where(m.Case.person_id == p.id).order_by(m.Case.ref))
            ),
        }
        name, retired = p.name, p.retired
    hits: list[dict[str, Any]] = [
        {**h.to_json(), "via": None} for h in party_hits(ctx, PartyRef("person", person_id))
    ]
    for oid, org_name in orgs:
        for h in party_hits(ctx, PartyRef("organization", oid)):
            hits.append({**h.to_json(), "via": {"organization": oid, "name": org_name}})
    return RegisterRecord(
        "person",
        person_id,
        name,
        retired,
        fields,
        links,
        tuple(hits),
        changed("person", person_id) if _changes else Changes(),
        version=row_version(ctx, "person", person_id),
    )


def order_key(model: Any) -> list[Any]:
    """People sort by reading, then Latin name, then name (the reading decides)."""
    return [func.coalesce(model.reading, model.name_latin, model.name), model.id]


def list_people(
    ctx: ServiceContext,
    text: str | None = None,
    *,
    include_retired: bool = False,
    limit: int | None = None,
) -> list[RegisterSummary]:
    """Registered people whose name, Latin name or reading contains ``text``."""
    with ctx.reading() as s:
        query = select(m.Person).options(selectinload(m.Person.affiliations))
        if text and text.strip():
            key = m.search_key(text)
            query = query.where(or_(m.Person.search_name.contains(key)))
        if not include_retired:
            query = query.where(m.Person.retired.is_(False))
        query = query.order_by(*order_key(m.Person))
        if limit:
            query = query.limit(limit)
        out = []
        for p in s.scalars(query):
            detail = " / ".join(
                x for x in (p.name_latin, p.reading, ",".join(p.nationalities or ()), p.role) if x
            )
            out.append(RegisterSummary("person", p.id, p.name, detail, p.retired))
        return out
