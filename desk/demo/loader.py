"""``desk demo``: fill an empty database with the generated demo data set.

One unit of work: departments, organizations, desk users for the project leaders,
people (bulk inserts, so that ``--people 100000`` takes seconds), projects, technical
items and cases, and one audit event. Then every case is assessed (its own transaction,
through :mod:`desk.services.assessments`) so that the demo shows outcomes.

The data come from :func:`desk.services.demo_data.generate` (pure, deterministic); the
row timestamps are fixed to the data set's reference date, so the same seed gives the
same database content (the audit events, and the assessments' times, alone record when
the demo was loaded).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.demo import data as demo_data
from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, _, ngettext
from desk.services.cases import assess_cases
from desk.services.context import Changes, ServiceContext
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


def _timestamp(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)


def _person_notes(p: demo_data.DemoPerson) -> str:
    ja, en = demo_data.ROLE_LABELS[p.role]
    note = f"{ja} / {en}"
    if p.reading:
        note += f"\nよみがな: {p.reading}"
    return note


def load_demo(
    ctx: ServiceContext,
    *,
    seed: int = demo_data.DEFAULT_SEED,
    people: int = demo_data.DEFAULT_PEOPLE,
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
    data = demo_data.generate(seed, people)
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
        _staff_users(s, data, departments, created)
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
    if assess:
        answers = _assess_all(ctx, say)
        assessed = len(answers)
        say(_("Playing the review workflow…"))
        _play_workflow(ctx, data, answers)
    summary = DemoSummary(
        seed=seed,
        assessed=assessed,
        seconds=round(time.perf_counter() - started, 3),
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
                *(
                    ("assessments", "lists", "list_versions", "list_entries", "screening_results")
                    if assess
                    else ()
                ),
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


def _person_name(data: demo_data.DemoDataset, key: str | None) -> str | None:
    if key is None:
        return None
    index = int(key[1:]) - 1  # "P000001" → 0
    return data.people[index].name


def _leader_users(
    s: Session, data: demo_data.DemoDataset, departments: dict[str, int], created: dt.datetime
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
    s: Session, data: demo_data.DemoDataset, created: dt.datetime
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


def _staff_users(
    s: Session, data: demo_data.DemoDataset, departments: dict[str, int], created: dt.datetime
) -> None:
    """desk users for the office's review chain, with their roles."""
    for st in data.staff:
        if s.scalars(select(m.User).where(m.User.login == st.login)).first() is not None:
            continue
        user = m.User(
            login=st.login,
            display_name=f"{st.name}（{st.title_ja}）",
            email=st.email,
            department_id=departments[st.department] if st.department else None,
            created_at=created,
        )
        user.roles = [m.UserRole(role=r) for r in st.roles]
        s.add(user)
    s.flush()


# What the office decides, by the engine's outcome: (decision, weight) choices
_DECISIONS: dict[str, tuple[tuple[str, int], ...]] = {
    "NOT_APPLICABLE": (("approve", 9), ("approve_with_conditions", 1)),
    "NOT_LISTED_NO_TRIGGER": (("approve", 8), ("approve_with_conditions", 2)),
    "EXEMPT": (("approve", 5), ("approve_with_conditions", 5)),
    "LICENSE_REQUIRED": (("refer_to_meti", 8), ("reject", 2)),
    "LICENSE_REQUIRED_CATCHALL": (("refer_to_meti", 5), ("reject", 5)),
    "HOLD": (("return_for_information", 7), ("reject", 3)),
    "STOP": (("reject", 1),),
}
# one condition a line (review_steps.conditions); the office writes them in both languages
_CONDITIONS = (
    "提供範囲は公開済み論文の記載内容に限る / Only what the published paper says",
    "管理区域外への資料持ち出しを禁止する / No documents leave the controlled area",
    "提供前に受入教員が誓約書を再取得する / The host renews the pledge first",
    "再提供の予定が生じたら事前相談する / Consult the office before any re-provision",
)


def _play_workflow(
    ctx: ServiceContext, data: demo_data.DemoDataset, answers: dict[str, tuple[str, str]]
) -> None:
    """Take each case to its status through the review services, as the people would.

    The researcher (project leader) submits, the department's reviewer makes the first
    review, the director the second (R2–R4), the office records METI licences. The
    decisions follow the engine's outcome; HOLD cases mostly go back for information.
    A case whose status cannot be reached by its risk (second review for R0–R1) stops
    at the nearest status the workflow allows.
    """
    from desk.services import reviews as workflow  # the review chain; imported late: a large module

    rng = random.Random(f"{data.seed}/workflow")
    office = replace(ctx, actor=next(st.login for st in data.staff if "office" in st.roles))
    director = next(st for st in data.staff if st.title_ja.startswith("統括責任者"))
    first_by_dep = {st.department: st for st in data.staff if st.department}
    logins = {p.key: (p.email or "").split("@", 1)[0] for p in data.people if p.email}
    licence_no = 0
    for dc in data.cases:
        target = dc.status
        if target == "draft" or dc.filed_by is None:
            continue
        ref = dc.case.id
        outcome, risk = answers[ref]
        researcher = replace(ctx, actor=logins[dc.filed_by])
        first = replace(ctx, actor=first_by_dep[dc.department].login)
        second = replace(ctx, actor=director.login)
        choices = _DECISIONS[outcome]
        decision = rng.choices([c[0] for c in choices], weights=[c[1] for c in choices])[0]
        conditions = "\n".join(rng.sample(_CONDITIONS, rng.randint(1, 2)))
        workflow.submit_case(researcher, ref, activity=dc.activity)
        if target == "submitted":
            continue
        if target == "first_review" or (
            target == "second_review" and not workflow.needs_second_level(risk)
        ):
            workflow.move_case(
                first, ref, "first_review", note="一次審査を開始 / first review started"
            )
            continue
        # R0–R1: the department decides; R2–R4: its opinion goes on to the director
        workflow.decide_case(
            first,
            ref,
            level="first",
            decision=decision,
            conditions=conditions if decision == "approve_with_conditions" else None,
            comment="部局での一次審査 / department review",
        )
        if decision == "return_for_information" or target == "second_review":
            continue
        if workflow.needs_second_level(risk):
            workflow.decide_case(
                second,
                ref,
                level="second",
                decision=decision,
                conditions=conditions if decision == "approve_with_conditions" else None,
                comment="統括責任者による二次審査 / second review",
            )
        granted = (dc.case.as_of or data.reference_date) + dt.timedelta(days=rng.randint(20, 60))
        # METI answers in weeks: licences for the older referrals, the newer still pending
        if decision == "refer_to_meti" and rng.random() < 0.8 and granted <= data.reference_date:
            licence_no += 1
            workflow.record_licence(
                office,
                ref,
                number=f"DEMO-{granted.year}-{licence_no:05d}",
                granted_on=granted,
                valid_until=granted + dt.timedelta(days=365),
            )
        if target == "closed":
            workflow.move_case(office, ref, "closed", note="提供完了 / provision completed")
