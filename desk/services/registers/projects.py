"""The projects register: add, edit, show, list and retire a project; its members (people
with periods), funding lines (a foreign government's funding is flagged: a possible
特定類型② fact for the people paid from it) and partner organizations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
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
from desk.storage import models as m

PROJECT_FIELDS: dict[str, f.Field] = {
    "title": f.Field(required=True, limit=500),
    "pi_name": f.Field(limit=200),
    "department": f.Field(limit=200),
    "status": f.Field("choice", allowed=m.PROJECT_STATUSES),
    "starts_on": f.Field("date"),
    "ends_on": f.Field("date"),
    "technology_fields": f.Field("names"),
    "partners": f.Field("ids"),
}
_COLUMNS = ("title", "pi_name", "status", "starts_on", "ends_on", "technology_fields")


def _apply(s: Session, project: m.Project, values: Mapping[str, Any]) -> None:
    for key in _COLUMNS:
        if key in values:
            value = values[key]
            if key == "technology_fields":
                value = value or []
            if key == "status" and value is None:
                raise InvalidInput(_("this field is required"), where="status")
            setattr(project, key, value)
    if "department" in values:
        project.department = department(s, values["department"])
    if "partners" in values:
        orgs = rows_by_id(s, "organization", values["partners"], "partners")
        kept = {p.organization_id: p for p in project.partners}
        project.partners = [kept.get(o.id) or m.ProjectPartner(organization=o) for o in orgs]
    f.period(project.starts_on, project.ends_on, "ends_on")


def add_project(ctx: ServiceContext, values: Mapping[str, Any]) -> RegisterRecord:
    """Register a project (``title`` required)."""
    clean = f.clean(values, PROJECT_FIELDS, adding=True)
    project = m.Project(title=clean["title"], funding_sources=[], technology_fields=[])
    pid = add_row(ctx, "project", project, clean, _apply)
    return show_project(ctx, pid, _changes=True)


def edit_project(
    ctx: ServiceContext,
    project_id: int,
    values: Mapping[str, Any],
    *,
    seen: RecordSeen | None = None,
) -> RegisterRecord:
    clean = f.clean(values, PROJECT_FIELDS, adding=False)
    edit_row(ctx, "project", project_id, clean, _apply, seen)
    return show_project(ctx, project_id, _changes=True)


def retire_project(ctx: ServiceContext, project_id: int, *, retired: bool = True) -> RegisterRecord:
    retire_row(ctx, "project", project_id, retired)
    return show_project(ctx, project_id, _changes=True)


def add_member(
    ctx: ServiceContext,
    project_id: int,
    person_id: int | str,
    *,
    role: str | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
) -> RegisterRecord:
    """Add a person to a project for a period (both ends optional)."""
    pid = f.record_id(person_id, "member")
    start, end = f.date(since, "since"), f.date(until, "until")
    f.period(start, end, "until")
    role_text = f.text(role, "role", limit=100)
    with ctx.transaction() as s:
        project = get_row(s, "project", project_id)
        (person,) = rows_by_id(s, "person", [pid], "member")
        project.members.append(
            m.ProjectMember(person=person, role=role_text, since=start, until=end)
        )
        audit_change(
            ctx,
            s,
            "project",
            "member",
            project.id,
            {"person": pid, "role": role_text, "since": start, "until": end},
        )
    return show_project(ctx, project_id, _changes=True)


def add_funding(
    ctx: ServiceContext,
    project_id: int,
    funder: str,
    *,
    foreign_government: bool = False,
    country: str | None = None,
    organization_id: int | str | None = None,
    reference: str | None = None,
) -> RegisterRecord:
    """Add a funding line; ``foreign_government`` flags a possible 特定類型② fact."""
    name = f.text(funder, "funder", required=True)
    code = f.country(country, "country")
    ref = f.text(reference, "reference", limit=200)
    oid = None if organization_id in (None, "") else f.record_id(organization_id, "organization")
    with ctx.transaction() as s:
        project = get_row(s, "project", project_id)
        org = rows_by_id(s, "organization", [oid], "organization")[0] if oid else None
        project.fundings.append(
            m.ProjectFunding(
                position=len(project.fundings),
                funder=name,
                country=code,
                organization=org,
                foreign_government=foreign_government,
                reference=ref,
            )
        )
        audit_change(
            ctx,
            s,
            "project",
            "funding",
            project.id,
            {
                "funder": name,
                "country": code,
                "organization": oid,
                "foreign_government": foreign_government,
                "reference": ref,
            },
        )
    return show_project(ctx, project_id, _changes=True)


def show_project(ctx: ServiceContext, project_id: int, *, _changes: bool = False) -> RegisterRecord:
    """A project with its members, funding (foreign-government lines flagged), partners and
    technical data."""
    with ctx.reading() as s:
        p = get_row(s, "project", project_id)
        fields = {key: getattr(p, key) for key in _COLUMNS}
        fields["department"] = p.department.name if p.department else None
        members = s.scalars(
            select(m.ProjectMember)
            .where(m.ProjectMember.project_id == p.id)
            .options(selectinload(m.ProjectMember.person))
            .order_by(m.ProjectMember.id)
        ).all()
        links: dict[str, Any] = {
            "members": [
                {
                    "id": pm.person_id,
                    "name": pm.person.name,
                    "role": pm.role,
                    "since": pm.since,
                    "until": pm.until,
                }
                for pm in members
            ],
            "funding": [
                {
                    "funder": fl.funder,
                    "country": fl.country,
                    "organization": fl.organization_id,
                    "foreign_government": fl.foreign_government,
                    "reference": fl.reference,
                }
                for fl in p.fundings
            ],
            "partners": [
                {"id": pp.organization_id, "name": pp.organization.name} for pp in p.partners
            ],
            "technical_items": [
                {"id": t.id, "title": t.title, "classification": t.classification}
                for t in p.technical_items
            ],
            "foreign_government_funding": any(fl.foreign_government for fl in p.fundings),
        }
        title, retired = p.title, p.retired
    return RegisterRecord(
        "project",
        project_id,
        title,
        retired,
        fields,
        links,
        (),
        changed("project", project_id) if _changes else Changes(),
        version=row_version(ctx, "project", project_id),
    )


def list_projects(
    ctx: ServiceContext,
    text: str | None = None,
    *,
    include_retired: bool = False,
    limit: int | None = None,
) -> list[RegisterSummary]:
    with ctx.reading() as s:
        query = select(m.Project)
        if text and text.strip():
            query = query.where(m.Project.search_title.contains(m.search_key(text)))
        if not include_retired:
            query = query.where(m.Project.retired.is_(False))
        query = query.order_by(m.Project.title, m.Project.id)
        if limit:
            query = query.limit(limit)
        return [
            RegisterSummary(
                "project",
                p.id,
                p.title,
                " / ".join(x for x in (p.pi_name, p.status) if x),
                p.retired,
            )
            for p in s.scalars(query)
        ]
