"""Home (ダッシュボード): what needs doing today, for the acting user's roles.

:func:`home_summary` answers, in one read-only session, the counts and the first few
items of:

- **my work queue**, by role: cases to file (drafts; a researcher's own), to review at
  the first or the second level, and decisions to record (decided cases without an
  issued record);
- **needs attention**: reviews waiting longer than :data:`OVERDUE_DAYS` (with how
  long), cases whose current assessment's ``review_on`` falls within
  :data:`RE_REVIEW_WITHIN_DAYS` (or has passed), licences expiring within
  :data:`EXPIRY_WITHIN_DAYS`, declarations expiring (see below);
- the age of each list in use, and the recent imports (from the audit trail).

Every count is one SQL ``COUNT`` over indexed columns, every list a ``LIMIT``ed query,
so the answer stays fast on a large database (``bench/startup.py``: 100,000 people and
20,000 cases). Each item names the case it opens (``ref``), so the front ends can show
it; ``desk home [--json]`` prints the same.

**Expiry sections.** Licences come from :func:`desk.services.reviews.licences_expiring`
(granted licences ending within :data:`EXPIRY_WITHIN_DAYS`; an item opens its case),
declarations and pledges from :func:`desk.services.registers.declarations_expiring` (an
item opens the person in the People registry).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from desk.domain.i18n import N_, _, ngettext
from desk.domain.localtime import local_date, shown, zone
from desk.services.context import ServiceContext
from desk.services.permissions import ALL_CASES_ROLES, roles_in_use, visible_cases
from desk.storage import models as m

OVERDUE_DAYS = 14  # a review waiting longer than this is overdue
RE_REVIEW_WITHIN_DAYS = 30  # a current assessment's review date this close is due
EXPIRY_WITHIN_DAYS = 60  # licences (and declarations) expiring this soon
ITEMS = 8  # items listed per section (the count says how many there are)
RECENT_IMPORTS = 5

WAITING = ("submitted", "first_review", "second_review", "committee")

# section key → (title msgid, the roles that see it; () = everyone)
SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "to_file": (N_("To file"), ("researcher", "office")),
    # the reviewers: a department head reviews at the first level, the chief and the
    # committee at the second; each sees their level's queue and the decisions to record
    "first_review": (N_("To review (first level)"), ("reviewer", "office", "dept_head")),
    "second_review": (
        N_("To review (second level)"),
        ("reviewer", "office", "chief", "committee"),
    ),
    "to_record": (
        N_("Decisions to record"),
        ("office", "reviewer", "dept_head", "chief", "committee"),
    ),
    "overdue": (N_("Overdue reviews"), ()),
    "re_review": (N_("Due for re-review"), ()),
    "licences_expiring": (N_("Licences expiring"), ()),
    "declarations_expiring": (N_("Declarations expiring"), ()),
}
QUEUE = ("to_file", "first_review", "second_review", "to_record")
ATTENTION = ("overdue", "re_review", "licences_expiring", "declarations_expiring")


@dataclass(frozen=True)
class HomeItem:
    """One line of a section: what it is about and why it is listed."""

    text: str  # "EC-2026-0001 Gyroscope data — 王伟"
    note: str  # "waiting 21 days", "review date 2026-12-20 (in 13 days)"
    ref: str = ""  # the case it opens ("" when none); a person's id in "people"
    registry: str = "cases"  # the registry that shows it ("licences": the licence register)
    search: str = ""  # what to search the registry for (a person's name)


@dataclass(frozen=True)
class HomeSection:
    key: str
    title: str  # translated
    count: int
    items: tuple[HomeItem, ...]


@dataclass(frozen=True)
class ListAge:
    list: str
    version: str
    published_on: dt.date | None
    days: int | None  # since publication
    warning: str  # "" while recent


@dataclass(frozen=True)
class HomeSummary:
    today: dt.date
    user: str
    roles: tuple[str, ...]  # () when no role was ever granted (one desktop: everything)
    queue: tuple[HomeSection, ...]  # the sections of the user's roles
    attention: tuple[HomeSection, ...]
    lists: tuple[ListAge, ...]
    recent_imports: tuple[HomeItem, ...]
    counts: dict[str, int] = field(default_factory=dict)  # section key → count
    institution: str = ""  # the office's setting (records.office_settings), "" when unset

    def section(self, key: str) -> HomeSection | None:
        for s in (*self.queue, *self.attention):
            if s.key == key:
                return s
        return None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["today"] = self.today.isoformat()
        for age in data["lists"]:
            if age["published_on"] is not None:
                age["published_on"] = age["published_on"].isoformat()
        return data


# --------------------------------------------------------------------------- helpers


def _days(n: int) -> str:
    return ngettext("{n} day", "{n} days", n).format(n=n)


def _recipient() -> tuple[Any, ...]:
    return (m.Person.name.label("person"), m.Organization.name.label("organization"))


def _case_select(*extra: Any) -> Select[Any]:
    return (
        select(m.Case.id, m.Case.ref, m.Case.title, *_recipient(), *extra)
        .outerjoin(m.Person, m.Case.person_id == m.Person.id)
        .outerjoin(m.Organization, m.Case.organization_id == m.Organization.id)
    )


def _case_text(r: Any) -> str:
    who = r.person or r.organization or ""
    title = r.title or ""
    text = f"{r.ref} {title}".strip()
    return f"{text} — {who}" if who and who not in title else text


def _first(condition: ColumnElement[bool], *order: Any) -> Any:
    """The ids of the first ITEMS cases meeting ``condition``: chosen before the recipient
    is joined, so only those few rows are joined (a large queue stays fast)."""
    return select(m.Case.id).where(condition).order_by(*order).limit(ITEMS).scalar_subquery()


def _section(key: str, count: int, items: Iterable[HomeItem]) -> HomeSection:
    return HomeSection(key, _(SECTIONS[key][0]), count, tuple(items))


def _start_of(day: dt.date) -> dt.datetime:
    """The moment ``day`` begins in the chosen zone, in UTC (for comparing stored times)."""
    return dt.datetime.combine(day, dt.time(), tzinfo=zone()).astimezone(dt.UTC)


# --------------------------------------------------------------------------- work queue


def _listed(
    session: Session, key: str, condition: ColumnElement[bool], note: str, count: int | None = None
) -> HomeSection:
    """A queue section: its first ITEMS cases by id, and how many there are (``count``
    when already known, else counted)."""
    rows = session.execute(
        _case_select().where(m.Case.id.in_(_first(condition, m.Case.ref))).order_by(m.Case.ref)
    )
    items = [HomeItem(_case_text(r), note, r.ref) for r in rows]
    if count is None:
        count = int(session.scalar(select(func.count(m.Case.id)).where(condition)) or 0)
    return _section(key, count, items)


def _queue(
    session: Session, user: m.User | None, roles: Sequence[str], sees_all: bool
) -> list[HomeSection]:
    # one pass over the status index gives most counts at once
    by_status: dict[str, int] = {
        status: int(n)
        for status, n in session.execute(
            select(m.Case.status, func.count(m.Case.id)).group_by(m.Case.status)
        )
    }
    # who does not see every case sees the queues of the cases they may open (a department
    # head their department's: desk.services.permissions.visible_cases), counted one by one
    visible = None if sees_all or user is None else visible_cases(session, user)

    def listed(key: str, condition: ColumnElement[bool], note: str, count: int | None) -> None:
        if visible is not None:
            condition, count = and_(condition, visible), None
        out.append(_listed(session, key, condition, note, count))

    out: list[HomeSection] = []
    for key in QUEUE:
        if roles and not set(roles) & set(SECTIONS[key][1]):
            continue
        if key == "to_file":
            condition: ColumnElement[bool] = m.Case.status == "draft"
            count: int | None = by_status.get("draft", 0)
            if not sees_all and user is not None:  # a researcher's own drafts
                condition = and_(
                    condition, or_(m.Case.filed_by_id == user.id, m.Case.filed_by_id.is_(None))
                )
                count = None
            listed(key, condition, _("draft"), count)
        elif key == "first_review":
            condition = m.Case.status.in_(("submitted", "first_review"))
            count = by_status.get("submitted", 0) + by_status.get("first_review", 0)
            listed(key, condition, _("first review"), count)
        elif key == "second_review":
            condition = m.Case.status == "second_review"
            count = by_status.get("second_review", 0)
            listed(key, condition, _("second review"), count)
        else:  # decided, no record issued yet
            condition = and_(
                m.Case.status == "decided",
                ~exists().where(m.IssuedRecord.case_id == m.Case.id),
            )
            listed(key, condition, _("no record issued"), None)
    return out


# --------------------------------------------------------------------------- needs attention


def _overdue(session: Session, today: dt.date) -> HomeSection:
    """Cases waiting for a review step for more than OVERDUE_DAYS (since the last step,
    else since they were filed)."""
    # one index probe per waiting case (review_steps.case_id), not a GROUP BY of every step
    last_step = (
        select(func.max(m.ReviewStep.decided_at))
        .where(m.ReviewStep.case_id == m.Case.id)
        .correlate(m.Case)
        .scalar_subquery()
    )
    since = func.coalesce(last_step, m.Case.filed_at, m.Case.updated_at)
    cutoff = _start_of(today - dt.timedelta(days=OVERDUE_DAYS))
    condition = and_(m.Case.status.in_(WAITING), since < cutoff)
    count = session.scalar(select(func.count(m.Case.id)).where(condition))
    rows = session.execute(
        _case_select(since.label("since"))
        .where(m.Case.id.in_(_first(condition, since, m.Case.id)))
        .order_by(since, m.Case.id)
    )
    items = []
    for r in rows:
        waited = (today - local_date(r.since)).days
        items.append(HomeItem(_case_text(r), _("waiting {days}").format(days=_days(waited)), r.ref))
    return _section("overdue", int(count or 0), items)


def _re_review(session: Session, today: dt.date) -> HomeSection:
    """Open cases whose current assessment may change soon (its ``review_on``)."""
    newer = aliased(m.Assessment)
    due = today + dt.timedelta(days=RE_REVIEW_WITHIN_DAYS)
    # the assessments due (index on review_on) that no newer one of their case replaced
    condition = and_(
        m.Assessment.review_on.is_not(None),
        m.Assessment.review_on <= due,
        m.Case.status != "closed",
        ~exists().where(newer.case_id == m.Assessment.case_id, newer.id > m.Assessment.id),
    )

    def joined(stmt: Select[Any]) -> Select[Any]:
        return stmt.join(m.Assessment, m.Assessment.case_id == m.Case.id).where(condition)

    count = session.scalar(joined(select(func.count(m.Case.id))))
    rows = session.execute(
        joined(_case_select(m.Assessment.review_on)).order_by(m.Assessment.review_on).limit(ITEMS)
    )
    items = []
    for r in rows:
        left = (r.review_on - today).days
        when = shown(r.review_on)
        if left < 0:
            note = _("review date {date} ({days} ago)").format(date=when, days=_days(-left))
        elif left == 0:
            note = _("review date {date} (today)").format(date=when)
        else:
            note = _("review date {date} (in {days})").format(date=when, days=_days(left))
        items.append(HomeItem(_case_text(r), note, r.ref))
    return _section("re_review", int(count or 0), items)


def _expiry_note(until: dt.date, today: dt.date) -> str:
    left = (until - today).days
    when = shown(until)
    if left < 0:
        return _("expired {date} ({days} ago)").format(date=when, days=_days(-left))
    if left == 0:
        return _("expires {date} (today)").format(date=when)
    return _("expires {date} (in {days})").format(date=when, days=_days(left))


def _licences_expiring(ctx: ServiceContext, today: dt.date) -> HomeSection:
    """Granted licences whose validity ends within EXPIRY_WITHIN_DAYS
    (:func:`desk.services.reviews.licences_expiring`, the licence register's alert); each
    opens its case, or the licence register when it was recorded for no case."""
    from desk.services.reviews import licences_expiring

    expiring = licences_expiring(ctx, EXPIRY_WITHIN_DAYS, today=today)
    refs = [e.licence.case_ref for e in expiring[:ITEMS] if e.licence.case_ref]
    cases: dict[str, Any] = {}
    if refs:
        with ctx.reading() as session:
            rows = session.execute(_case_select().where(m.Case.ref.in_(refs)))
            cases = {r.ref: r for r in rows}
    items = []
    for e in expiring[:ITEMS]:
        lic = e.licence
        row = cases.get(lic.case_ref or "")
        what = _case_text(row) if row is not None else (lic.case_ref or _("no case"))
        assert lic.valid_until is not None
        items.append(
            HomeItem(
                _("Licence {number}: {case}").format(number=lic.number, case=what),
                _expiry_note(lic.valid_until, today),
                lic.case_ref or "",
                "cases" if lic.case_ref else "licences",
            )
        )
    return _section("licences_expiring", len(expiring), items)


def _declarations_expiring(ctx: ServiceContext, today: dt.date) -> HomeSection:
    """Received declarations and pledges (特定類型の申告, 誓約書) whose validity ends within
    EXPIRY_WITHIN_DAYS (:func:`desk.services.registers.declarations_expiring`); each opens
    its person in the People registry."""
    from desk.services.registers.declarations import (
        DOCUMENT_KIND_LABELS,
        declarations_expiring,
    )

    expiring = declarations_expiring(ctx, EXPIRY_WITHIN_DAYS, today=today)
    items = [
        HomeItem(
            _("{person}: {document}").format(
                person=d.person_name, document=_(DOCUMENT_KIND_LABELS.get(d.kind, d.kind))
            ),
            _expiry_note(d.valid_until, today) if d.valid_until else "",
            str(d.person_id),
            "people",
            search=d.person_name,
        )
        for d in expiring[:ITEMS]
    ]
    return _section("declarations_expiring", len(expiring), items)


# --------------------------------------------------------------------------- lists, imports


def _list_ages(ctx: ServiceContext, today: dt.date) -> list[ListAge]:
    from desk.services.screening import list_overview

    overview = list_overview(ctx, today)
    out = []
    for v in overview.versions:
        if not v.current:
            continue
        days = (today - v.published_on).days if v.published_on else None
        warning = next((w for w in overview.warnings if v.source in w), "")
        out.append(ListAge(v.source, v.version, v.published_on, days, warning))
    return out


IMPORT_LABELS = {
    "case.import": N_("Case files imported"),
    "list.import": N_("List version imported"),
    "shipment.import": N_("Shipments imported"),
}


def _recent_imports(session: Session) -> list[HomeItem]:
    """The newest imports from the audit trail, one line per import run (events of the
    same action, actor and minute together)."""
    rows = session.execute(
        select(m.AuditEvent.action, m.AuditEvent.actor, m.AuditEvent.at, m.AuditEvent.details)
        .where(m.AuditEvent.action.in_(tuple(IMPORT_LABELS)))
        .order_by(m.AuditEvent.id.desc())
        .limit(300)
    )
    groups: dict[tuple[str, str, str], list[Any]] = {}
    for r in rows:
        key = (r.action, r.actor, shown(r.at, named=False))
        if key not in groups and len(groups) == RECENT_IMPORTS:
            break
        groups.setdefault(key, []).append(r)
    items = []
    for (action, actor, when), events in groups.items():
        details = [e.details or {} for e in events]
        if action == "list.import":
            d = details[0]
            what = "{source} {version}".format(
                source=d.get("source", ""), version=d.get("version", "")
            )
            ref, registry = "", "lists"
        else:
            refs = [str(d.get("ref", "")) for d in reversed(details) if d.get("ref")]
            shown_refs = ", ".join(refs[:3]) + (" …" if len(refs) > 3 else "")
            what = f"{len(events)}: {shown_refs}"
            ref, registry = (refs[0] if refs else ""), "cases"
            if action == "shipment.import":
                ref, registry = "", ""  # shipments have no registry in the app yet
        items.append(
            HomeItem(
                f"{_(IMPORT_LABELS[action])}: {what}",
                _("{when} by {actor}").format(when=when, actor=actor),
                ref,
                registry,
            )
        )
    return items


# --------------------------------------------------------------------------- the use case


def home_summary(ctx: ServiceContext, today: dt.date | None = None) -> HomeSummary:
    """What needs doing today (``today`` in Japan time by default) for ``ctx.actor``."""
    today = today or ctx.today()
    with ctx.reading() as session:
        user = session.scalars(select(m.User).where(m.User.login == ctx.actor)).first()
        in_use = roles_in_use(session)
        roles = tuple(user.role_names) if (user is not None and in_use and user.active) else ()
        if in_use and not roles:
            roles = ("none",)  # a login without roles reads, and has no queue
        sees_all = not in_use or bool(set(roles) & set(ALL_CASES_ROLES))
        queue = _queue(session, user, () if not in_use else roles, sees_all)
        attention = [_overdue(session, today), _re_review(session, today)]
        imports = _recent_imports(session)
        institution = session.scalar(
            select(m.OfficeSetting.value).where(m.OfficeSetting.key == "institution")
        )
    attention += [_licences_expiring(ctx, today), _declarations_expiring(ctx, today)]
    lists = _list_ages(ctx, today)
    sections = (*queue, *attention)
    return HomeSummary(
        today=today,
        user=ctx.actor,
        roles=tuple(r for r in roles if r != "none"),
        queue=tuple(queue),
        attention=tuple(attention),
        lists=tuple(lists),
        recent_imports=tuple(imports),
        counts={s.key: s.count for s in sections},
        institution=institution or "",
    )
