"""``desk demo``: fill an empty database with the generated demo data set.

One unit of work: departments, organizations, desk users for the project leaders,
people (bulk inserts, so that ``--people 100000`` takes seconds), projects, technical
items and cases, and one audit event. Then every case is assessed (its own transaction,
through :mod:`desk.services.assessments`) so that the demo shows outcomes.

The data come from :func:`desk.demo.data.generate` (pure, deterministic); the
row timestamps are fixed to the data set's reference date, so the same seed gives the
same database content (the audit events, and the assessments' times, alone record when
the demo was loaded).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desk.demo import content, model
from desk.demo.data import generate
from desk.demo.review_chain import play_workflow, staff_users
from desk.demo.shipments import generate_shipments
from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, _, ngettext
from desk.services.cases import assess_cases
from desk.services.context import Changes, ServiceContext
from desk.services.goods import assess_shipments, import_shipment_documents
from desk.services.screening import current_versions, store_builtin
from desk.storage import bulk
from desk.storage import models as m

Progress = Callable[[str], None]

# Tables desk demo needs empty: it refuses to mix demo data into real records.
_MUST_BE_EMPTY = (m.Person, m.Case, m.TechnicalItem, m.Project)
_TABLE_LABELS = {
    "people": N_("people"),
    "cases": N_("cases"),
    "technical_items": N_("technical items"),
    "projects": N_("research projects"),
}


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    departments: int
    organizations: int
    people: int
    projects: int
    technical_items: int
    cases: int
    assessed: int  # cases assessed after loading
    seconds: float
    shipments: int = 0  # shipments of goods, two of every outcome (desk.demo.shipments)


def _timestamp(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)


def _person_notes(p: model.DemoPerson) -> str:
    ja, en = content.ROLE_LABELS[p.role]
    note = f"{ja} / {en}"
    if p.reading:
        note += f"\nよみがな: {p.reading}"
    return note


def load_demo(
    ctx: ServiceContext,
    *,
    seed: int = model.DEFAULT_SEED,
    people: int = model.DEFAULT_PEOPLE,
    assess: bool = True,
    progress: Progress | None = None,
) -> tuple[DemoSummary, Changes]:
    """Generate the demo data set for ``seed`` and store it; the database must be empty.

    ``assess``: afterwards, store the built-in End User List if no list is stored (which
    screens every party) and judge every case, so that the registries show hits and
    outcomes. ``assess=False`` is the fast path for benchmark databases.
    """
    if people < 0:
        raise InvalidInput(_("The number of people must be 0 or more."), where="--people")
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    with ctx.reading() as s:
        _refuse_records(ctx, s)  # before minutes of work, not after
    say(_("Generating the demo data…"))
    data = generate(seed, people)
    created = _timestamp(data.reference_date)

    with ctx.transaction() as s:
        _refuse_records(ctx, s)

        say(_("Storing departments and organizations…"))
        departments: dict[str, int] = {}
        for dep in data.departments:
            row = s.scalars(select(m.Department).where(m.Department.code == dep.code)).first()
            if row is None:
                row = m.Department(name=dep.name_ja, name_en=dep.name_en, code=dep.code)
                s.add(row)
                s.flush()
            departments[dep.code] = row.id
        known = bulk.affiliation_organizations(s)
        new_orgs = [
            bulk.OrganizationRecord(
                name=o.name,
                country=o.country,
                kind=o.kind,
                local_names=(o.name_local,) if o.name_local else (),
            )
            for o in data.organizations
            if (o.name, o.country, o.kind) not in known
        ]
        bulk.insert_organizations(s, new_orgs, created_at=created)

        say(
            ngettext("Storing {n} person…", "Storing {n} people…", len(data.people)).format(
                n=len(data.people)
            )
        )
        person_ids = bulk.insert_people(
            s,
            [
                bulk.PersonRecord(
                    recipient=p.recipient,
                    role=p.registry_role,
                    department_id=departments[p.department] if p.department else None,
                    email=p.email,
                    notes=_person_notes(p),
                )
                for p in data.people
            ],
            created_at=created,
        )
        person_id = {p.key: pid for p, pid in zip(data.people, person_ids, strict=True)}

        say(_("Storing projects, technical items and cases…"))
        users = _leader_users(s, data, departments, created)
        staff_users(s, data, departments, created)
        project_id: dict[str, int] = {}
        for n, pr in enumerate(data.projects):
            # a spread of periods: most running, a few finished, one or two about to start
            starts = data.reference_date - dt.timedelta(days=365 * (n % 4) + 30 * (n % 7) - 60)
            ends = starts + dt.timedelta(days=365 * (2 + n % 2))
            status = (
                "planned"
                if starts > data.reference_date
                else "closed"
                if ends < data.reference_date
                else "active"
            )
            row_p = m.Project(
                title=f"{pr.title_ja} / {pr.title_en}",
                pi_user_id=users.get(pr.leader) if pr.leader else None,
                pi_name=_person_name(data, pr.leader),
                department_id=departments[pr.department],
                funding_sources=[pr.funder],
                starts_on=starts,
                ends_on=ends,
                technology_fields=[],
                status=status,
                created_at=created,
                updated_at=created,
            )
            s.add(row_p)
            s.flush()
            project_id[pr.code] = row_p.id
        items: dict[str, m.TechnicalItem] = {}
        for it in data.items:
            items[it.code] = bulk.add_technical_item(
                s, it.technology, project_id=project_id[it.project], created_at=created
            )
        s.flush()
        org_ids = _recipient_organizations(s, data, created)
        for dc in data.cases:
            bulk.add_case(
                s,
                dc.case,
                technical_item=items[dc.item],
                person_id=person_id[dc.person] if dc.person else None,
                organization_id=org_ids[dc.organization] if dc.organization else None,
                # with assess, every case starts as a draft and goes through the review
                # services below; without, it gets its final status directly (benchmarks)
                status="draft" if assess else dc.status,
                activity=dc.activity,
                # a draft is not filed yet: the researcher files it on submitting
                filed_by_id=users.get(dc.filed_by)
                if dc.filed_by and dc.submitted_on and not assess
                else None,
                filed_at=_timestamp(dc.submitted_on) + dt.timedelta(hours=1)
                if dc.submitted_on and not assess
                else None,
                created_at=created,
            )
        s.flush()
        summary_counts = {
            "departments": len(data.departments),
            "organizations": bulk.count_rows(s, [m.Organization])["organizations"],
            "people": len(data.people),
            "projects": len(data.projects),
            "technical_items": len(data.items),
            "cases": len(data.cases),
        }
        ctx.audit(s, "demo.load", "database", None, {"seed": seed, **summary_counts})

    assessed = 0
    # the office assesses and enters shipments: the demo's staff hold roles, so the role
    # checks are on
    office = replace(ctx, actor=next(st.login for st in data.staff if "office" in st.roles))
    if assess:
        answers = _assess_all(office, say)
        assessed = len(answers)
        say(_("Playing the review workflow…"))
        play_workflow(ctx, data, answers)
    say(_("Storing shipments of goods…"))
    shipments = generate_shipments(seed, data.reference_date)
    import_shipment_documents(office, [(f"demo {sh.id}", sh) for sh in shipments])
    with ctx.transaction() as s:  # the data set's time, as every other demo row
        for table in (m.Shipment, m.GoodsItem):
            s.execute(update(table).values(created_at=created, updated_at=created))
    if assess:
        assess_shipments(office)
    summary = DemoSummary(
        seed=seed,
        assessed=assessed,
        seconds=round(time.perf_counter() - started, 3),
        shipments=len(shipments),
        **summary_counts,
    )
    changes = Changes(
        tables=frozenset(
            {
                "departments",
                "organizations",
                "people",
                "affiliations",
                "ties",
                "declarations",
                "users",
                "projects",
                "technical_items",
                "exemption_claims",
                "cases",
                "cleared_hits",
                "shipments",
                "shipment_lines",
                "goods_items",
                *(
                    ("assessments", "lists", "list_versions", "list_entries", "screening_results")
                    if assess
                    else ()
                ),
                *(("shipment_assessments",) if assess else ()),
            }
        )
    )
    return summary, changes


def _refuse_records(ctx: ServiceContext, s: Session) -> None:
    counts = bulk.count_rows(s, _MUST_BE_EMPTY)
    if any(counts.values()):
        held = ", ".join(f"{_(_TABLE_LABELS[t])}: {n}" for t, n in counts.items() if n)
        raise InvalidInput(
            _(
                "The database already holds records ({held}); desk demo only fills an "
                "empty database. Use a new database file."
            ).format(held=held),
            source=ctx.db.engine.url.render_as_string(hide_password=True),
        )


def _person_name(data: model.DemoDataset, key: str | None) -> str | None:
    if key is None:
        return None
    index = int(key[1:]) - 1  # "P000001" → 0
    return data.people[index].name


def _leader_users(
    s: Session, data: model.DemoDataset, departments: dict[str, int], created: dt.datetime
) -> dict[str, int]:
    """desk users (role researcher) for the people who lead projects, by person key."""
    out: dict[str, int] = {}
    for key in dict.fromkeys(p.leader for p in data.projects if p.leader):
        person = data.people[int(key[1:]) - 1]
        login = (person.email or key).split("@", 1)[0]
        user = s.scalars(select(m.User).where(m.User.login == login)).first()
        if user is None:
            user = m.User(
                login=login,
                display_name=person.name,
                email=person.email,
                department_id=departments[person.department] if person.department else None,
                created_at=created,
            )
            user.roles = [m.UserRole(role="researcher")]
            s.add(user)
            s.flush()
        out[key] = user.id
    return out


def _recipient_organizations(
    s: Session, data: model.DemoDataset, created: dt.datetime
) -> dict[str, int]:
    """Rows for the organizations cases go to; embassies get their own (recipient facts)."""
    known = bulk.affiliation_organizations(s)
    by_name = {name: row_id for (name, _c, _k), row_id in known.items()}
    out: dict[str, int] = {}
    for dc in data.cases:
        name = dc.organization
        if name is None or name in out:
            continue
        rec = dc.case.recipient
        if rec.location is None and rec.official_status is None and name in by_name:
            out[name] = by_name[name]
            continue
        (row_id,) = bulk.insert_organizations(
            s,
            [
                bulk.OrganizationRecord(
                    name=name,
                    country=rec.country,
                    kind="government" if rec.official_status else "company",
                    location=rec.location,
                    official_status=rec.official_status,
                )
            ],
            created_at=created,
        )
        out[name] = row_id
    return out


def _assess_all(ctx: ServiceContext, say: Progress) -> dict[str, tuple[str, str]]:
    """Screen the parties and assess every case; returns ref → (outcome, risk).

    With no list stored yet, the built-in End User List is stored first, as the app does
    on first use; storing a list screens every stored person and organization, so the
    demo's look-alike affiliations show up as screening hits.
    """
    with ctx.transaction() as s:
        if not current_versions(s):
            say(_("Screening the people and organizations…"))
            store_builtin(ctx, s)
    say(_("Assessing the cases…"))
    return {a.ref: (a.outcome, a.risk) for a in assess_cases(ctx).assessments}
