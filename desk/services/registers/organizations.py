"""The organizations register: add, edit, show, list and retire an organization.

An organization is screened (:func:`desk.services.screening.screen_party`) when it is
added and whenever one of its names changes; its stored hits are shown on it and on
every person affiliated with it (:func:`.people.show_person`). The screening is its own
unit of work after the change (it writes its own audit event): a registered organization
whose screening failed is still registered, and ``desk orgs screen ID`` runs it again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from desk.services.context import Changes, ServiceContext
from desk.services.registers import fields as f
from desk.services.registers.records import (
    RecordSeen,
    RegisterRecord,
    RegisterSummary,
    audit_change,
    changed,
    get_row,
    refuse_stale,
    retire_row,
    row_version,
)
from desk.services.screening import PartyRef, party_hits, screen_party
from desk.storage import models as m

ORGANIZATION_FIELDS: dict[str, f.Field] = {
    "name": f.Field(required=True),
    "name_latin": f.Field(),
    "local_names": f.Field("names"),
    "aliases": f.Field("names"),
    "country": f.Field("country"),
    "kind": f.Field("choice", allowed=m.ORGANIZATION_KINDS),
}
NAME_FIELDS = ("name", "name_latin", "local_names", "aliases")


def _apply(org: m.Organization, values: Mapping[str, Any]) -> bool:
    """Set the values; True when a name changed (the organization is screened again)."""
    renamed = False
    for key in ORGANIZATION_FIELDS:
        if key in values:
            value = values[key]
            if key in ("local_names", "aliases"):
                value = value or []
            if key in NAME_FIELDS and getattr(org, key) != value:
                renamed = True
            setattr(org, key, value)
    return renamed


def add_organization(
    ctx: ServiceContext, values: Mapping[str, Any], *, screen: bool = True
) -> RegisterRecord:
    """Register an organization and screen it."""
    clean = f.clean(values, ORGANIZATION_FIELDS, adding=True)
    with ctx.transaction() as s:
        org = m.Organization(name=clean["name"], local_names=[], aliases=[])
        _apply(org, clean)
        s.add(org)
        s.flush()
        audit_change(ctx, s, "organization", "add", org.id, clean)
        oid = org.id
    if screen:
        screen_party(ctx, PartyRef("organization", oid))
    return show_organization(ctx, oid, _changes=True)


def edit_organization(
    ctx: ServiceContext,
    org_id: int,
    values: Mapping[str, Any],
    *,
    screen: bool = True,
    seen: RecordSeen | None = None,
) -> RegisterRecord:
    """Change the fields given; a renamed organization is screened again."""
    clean = f.clean(values, ORGANIZATION_FIELDS, adding=False)
    with ctx.transaction() as s:
        org = get_row(s, "organization", org_id)
        refuse_stale(ctx, "organization", org, seen)
        renamed = _apply(org, clean)
        audit_change(ctx, s, "organization", "edit", org.id, clean, {"renamed": renamed})
    if screen and renamed:
        screen_party(ctx, PartyRef("organization", org_id))
    return show_organization(ctx, org_id, _changes=True)


def screen_organization(ctx: ServiceContext, org_id: int) -> RegisterRecord:
    """Screen a registered organization again against the current list versions."""
    screen_party(ctx, PartyRef("organization", org_id))
    return show_organization(ctx, org_id, _changes=True)


def retire_organization(
    ctx: ServiceContext, org_id: int, *, retired: bool = True
) -> RegisterRecord:
    """Mark an organization retired (no longer picked or matched) or back in use."""
    retire_row(ctx, "organization", org_id, retired)
    return show_organization(ctx, org_id, _changes=True)


def show_organization(
    ctx: ServiceContext, org_id: int, *, _changes: bool = False
) -> RegisterRecord:
    """An organization with its affiliated people, projects, cases and stored hits."""
    with ctx.reading() as s:
        org = get_row(s, "organization", org_id)
        fields = {key: getattr(org, key) for key in ORGANIZATION_FIELDS}
        people = s.execute(
            select(m.Person.id, m.Person.name)
            .join(m.Affiliation, m.Affiliation.person_id == m.Person.id)
            .where(m.Affiliation.organization_id == org.id)
            .order_by(m.Person.id)
        ).all()
        partners = s.execute(
            select(m.Project.id, m.Project.title)
            .join(m.ProjectPartner, m.ProjectPartner.project_id == m.Project.id)
            .where(m.ProjectPartner.organization_id == org.id)
            .order_by(m.Project.id)
        ).all()
        links: dict[str, Any] = {
            "people": [{"id": pid, "name": name} for pid, name in dict.fromkeys(people)],
            "projects": [{"id": pid, "title": title} for pid, title in partners],
            "cases": list(
                s.scalars(
                    select(m.Case.ref).where(m.Case.organization_id == org.id).order_by(m.Case.ref)
                )
            ),
        }
        name, retired = org.name, org.retired
    hits = tuple(h.to_json() for h in party_hits(ctx, PartyRef("organization", org_id)))
    return RegisterRecord(
        "organization",
        org_id,
        name,
        retired,
        fields,
        links,
        hits,
        changed("organization", org_id) if _changes else Changes(),
        version=row_version(ctx, "organization", org_id),
    )


def list_organizations(
    ctx: ServiceContext,
    text: str | None = None,
    *,
    include_retired: bool = False,
    limit: int | None = None,
) -> list[RegisterSummary]:
    """Registered organizations any of whose names contains ``text``."""
    with ctx.reading() as s:
        query = select(m.Organization)
        if text and text.strip():
            query = query.where(m.Organization.search_name.contains(m.search_key(text)))
        if not include_retired:
            query = query.where(m.Organization.retired.is_(False))
        query = query.order_by(m.Organization.name, m.Organization.id)
        if limit:
            query = query.limit(limit)
        return [
            RegisterSummary(
                "organization",
                o.id,
                o.name,
                " / ".join(x for x in (o.name_latin, o.country, o.kind) if x),
                o.retired,
            )
            for o in s.scalars(query)
        ]
