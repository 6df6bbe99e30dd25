"""Browsing the registries: paged, filtered and sorted in SQL, for the app's tables.

Six registries (:data:`REGISTRIES`). For each, :func:`columns` says what the table
shows, :func:`browse` answers one page of rows for a search text and a sort column
(plus the number of matching rows), and :func:`detail` gives the labelled fields of one
record for the detail pane. Everything returned is frozen plain data; no ORM object or
session leaves this module.

Filtering compares the normalised ``search_*`` columns (:func:`search_key`: NFKC,
case-folded) with the normalised search words, each word anywhere in the text
(``LIKE '%word%'``); sorting by the name/title column uses the same indexed column, so
an unfiltered page is an index walk. ``bench/people_table.py`` measures both at
100,000 people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, Select, String, and_, cast, func, select
from sqlalchemy.orm import Session, aliased

from desk.domain.countries import COUNTRY_NAMES, country_label
from desk.domain.errors import InvalidInput, NotFound
from desk.domain.i18n import N_, _, pick
from desk.reports.labels import CHANNELS, CLASSIFICATIONS, EXEMPTIONS, OUTCOMES
from desk.services.context import ServiceContext
from desk.services.registers.explain import assessment_sections
from desk.services.registers.registries import (
    CONCERN_LABELS,
    EMPLOYMENT_FORM_LABELS,
    KIND_LABELS,
    LOCATION_LABELS,
    OFFICIAL_STATUS_LABELS,
    REGISTRIES,
    ROLE_LABELS,
    STATUS_LABELS,
    CaseCol,
    Column,
    Detail,
    ListCol,
    OrganizationCol,
    Page,
    PersonCol,
    ProjectCol,
    Row,
    Section,
    TechnicalItemCol,
    columns,
)
from desk.services.reviews import history_fields
from desk.storage.models import (
    Assessment,
    Case,
    Department,
    ListEntry,
    ListVersion,
    Organization,
    Person,
    Project,
    ScreeningListSource,
    TechnicalItem,
    User,
    search_key,
)

__all__ = [  # the registry shapes are re-exported: callers need only this module
    "MAX_PAGE",
    "REGISTRIES",
    "CaseCol",
    "Column",
    "Detail",
    "ListCol",
    "OrganizationCol",
    "Page",
    "PersonCol",
    "ProjectCol",
    "Row",
    "TechnicalItemCol",
    "browse",
    "columns",
    "detail",
    "query_detail",
    "query_page",
]

MAX_PAGE = 1000

_Query: TypeAlias = Select[*tuple[Any, ...]]


# --- small formatting helpers (pure) ---------------------------------------------------


def _label(table: dict[str, str], value: str | None) -> str:
    if not value:
        return ""
    return _(table[value]) if value in table else value


def _date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def _period(start: dt.date | None, end: dt.date | None) -> str:
    if not start and not end:
        return ""
    return f"{_date(start)} – {_date(end)}"


def _country(code: str | None) -> str:
    """``CN 中国`` in Japanese, ``CN China`` in English (the code stays first: it sorts)."""
    return country_label(code)


def _countries(codes: Sequence[str] | None) -> str:
    return ", ".join(country_label(c) for c in codes or ())


def _concerns(codes: Sequence[str] | None) -> str:
    """``M (missiles), CW (conventional weapons)``: the codes stay, their meaning beside."""
    return ", ".join(
        f"{c} ({_(CONCERN_LABELS[c])})" if c in CONCERN_LABELS else c for c in codes or ()
    )


def _pairs(table: dict[str, tuple[str, str]], codes: Sequence[str] | None) -> str:
    return ", ".join(_pair(table, c) for c in codes or ())


def _dept(name: str | None, name_en: str | None) -> str:
    if not name:
        return ""
    return pick(name, name_en or name)


def _pair(table: dict[str, tuple[str, str]], code: str | None) -> str:
    """A code shown with the report labels' wording (Japanese/English), else as it is."""
    if not code:
        return ""
    return pick(*table[code]) if code in table else code


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


# --- the queries --------------------------------------------------------------------


def _search_words(text: str) -> list[str]:
    return search_key(text).split()


def _matching(column: Any, words: list[str]) -> ColumnElement[bool] | None:
    if not words:
        return None
    return and_(*(column.contains(word, autoescape=True) for word in words))


@dataclass(frozen=True)
class _Spec:
    """How one registry is queried: the base select, its search column, its sort keys."""

    select: Callable[[], _Query]
    search_column: Callable[[], Any]
    sort_keys: Callable[[], dict[str, Any]]
    row: Callable[[Any], Row]
    count_from: Callable[[], _Query]


def _people_select() -> _Query:
    return select(
        Person.id,
        Person.name,
        Person.name_latin,
        Person.nationalities,
        Person.role,
        Department.name.label("dept"),
        Department.name_en.label("dept_en"),
        Person.location,
    ).outerjoin(Department, Person.department_id == Department.id)


def _people_row(r: Any) -> Row:
    return Row(
        r.id,
        (
            r.name,
            r.name_latin or "",
            _countries(r.nationalities),
            _label(ROLE_LABELS, r.role),
            _dept(r.dept, r.dept_en),
            _label(LOCATION_LABELS, r.location),
        ),
    )


def _projects_select() -> _Query:
    return (
        select(
            Project.id,
            Project.title,
            Project.pi_name,
            User.display_name.label("pi_user"),
            Department.name.label("dept"),
            Department.name_en.label("dept_en"),
            Project.starts_on,
            Project.ends_on,
            Project.status,
        )
        .outerjoin(User, Project.pi_user_id == User.id)
        .outerjoin(Department, Project.department_id == Department.id)
    )


def _projects_row(r: Any) -> Row:
    return Row(
        r.id,
        (
            r.title,
            r.pi_user or r.pi_name or "",
            _dept(r.dept, r.dept_en),
            _period(r.starts_on, r.ends_on),
            _label(STATUS_LABELS, r.status),
        ),
    )


def _organizations_select() -> _Query:
    return select(
        Organization.id,
        Organization.name,
        Organization.name_latin,
        Organization.country,
        Organization.kind,
        Organization.aliases,
    )


def _organizations_row(r: Any) -> Row:
    return Row(
        r.id,
        (
            r.name,
            r.name_latin or "",
            _country(r.country),
            _label(KIND_LABELS, r.kind),
            "; ".join(r.aliases or ()),
        ),
    )


def _items_select() -> _Query:
    return select(
        TechnicalItem.id,
        TechnicalItem.title,
        TechnicalItem.classification,
        TechnicalItem.item,
        Project.title.label("project"),
    ).outerjoin(Project, TechnicalItem.project_id == Project.id)


def _items_row(r: Any) -> Row:
    return Row(
        r.id,
        (
            r.title or "",
            _pair(CLASSIFICATIONS, r.classification),
            r.item or "",
            r.project or "",
        ),
    )


def _latest_outcome() -> Any:
    latest = aliased(Assessment)
    return (
        select(latest.outcome)
        .where(latest.case_id == Case.id)
        .order_by(latest.id.desc())
        .limit(1)
        .correlate(Case)
        .scalar_subquery()
    )


def _cases_select() -> _Query:
    return (
        select(
            Case.id,
            Case.ref,
            Case.title,
            Person.name.label("person"),
            Organization.name.label("organization"),
            TechnicalItem.title.label("item"),
            Case.status,
            _latest_outcome().label("outcome"),
        )
        .join(TechnicalItem, Case.technical_item_id == TechnicalItem.id)
        .outerjoin(Person, Case.person_id == Person.id)
        .outerjoin(Organization, Case.organization_id == Organization.id)
    )


def _cases_row(r: Any) -> Row:
    return Row(
        r.id,
        (
            r.ref,
            r.person or r.organization or "",
            r.item or "",
            _label(STATUS_LABELS, r.status),
            _pair(OUTCOMES, r.outcome),
            r.title or "",
        ),
    )


def _newest_versions() -> Any:
    return select(func.max(ListVersion.id)).group_by(ListVersion.list_id)


def _lists_select() -> _Query:
    return (
        select(
            ListEntry.id,
            ListEntry.no,
            ListEntry.name,
            ListEntry.country,
            ScreeningListSource.source_id,
            ListVersion.version,
        )
        .join(ListVersion, ListEntry.list_version_id == ListVersion.id)
        .join(ScreeningListSource, ListVersion.list_id == ScreeningListSource.id)
        .where(ListEntry.list_version_id.in_(_newest_versions()))
    )


def _lists_row(r: Any) -> Row:
    return Row(r.id, (r.no, r.name, _country(r.country), f"{r.source_id} {r.version}"))


def _lists_count() -> _Query:
    return select(func.count(ListEntry.id)).where(ListEntry.list_version_id.in_(_newest_versions()))


_SPECS: dict[str, _Spec] = {
    "projects": _Spec(
        _projects_select,
        lambda: Project.search_title,
        lambda: {
            "title": Project.search_title,
            "pi": func.coalesce(User.display_name, Project.pi_name),
            "department": Department.name,
            "period": Project.starts_on,
            "status": Project.status,
        },
        _projects_row,
        lambda: select(func.count(Project.id)),
    ),
    "people": _Spec(
        _people_select,
        lambda: Person.search_name,
        lambda: {
            "name": Person.search_name,
            "name_latin": Person.name_latin,
            "nationalities": cast(Person.nationalities, String),
            "role": Person.role,
            "department": Department.name,
            "location": Person.location,
        },
        _people_row,
        lambda: select(func.count(Person.id)),
    ),
    "organizations": _Spec(
        _organizations_select,
        lambda: Organization.search_name,
        lambda: {
            "name": Organization.search_name,
            "name_latin": Organization.name_latin,
            "country": Organization.country,
            "kind": Organization.kind,
            "aliases": cast(Organization.aliases, String),
        },
        _organizations_row,
        lambda: select(func.count(Organization.id)),
    ),
    "technical_items": _Spec(
        _items_select,
        lambda: TechnicalItem.search_title,
        lambda: {
            "title": TechnicalItem.search_title,
            "classification": TechnicalItem.classification,
            "item": TechnicalItem.item,
            "project": Project.search_title,
        },
        _items_row,
        lambda: select(func.count(TechnicalItem.id)),
    ),
    "cases": _Spec(
        _cases_select,
        lambda: Case.search_title,
        lambda: {
            "ref": Case.ref,
            "title": Case.title,
            "recipient": func.coalesce(Person.search_name, Organization.search_name),
            "technical_item": TechnicalItem.search_title,
            "status": Case.status,
            "outcome": _latest_outcome(),
        },
        _cases_row,
        lambda: select(func.count(Case.id)),
    ),
    "lists": _Spec(
        _lists_select,
        lambda: ListEntry.search_name,
        lambda: {
            "no": ListEntry.id,
            "name": ListEntry.search_name,
            "country": ListEntry.country,
            "list": ScreeningListSource.source_id,
        },
        _lists_row,
        _lists_count,
    ),
}

# The id column of each registry's main table, the tie-breaker that keeps paging stable.
_IDS: dict[str, Callable[[], Any]] = {
    "projects": lambda: Project.id,
    "people": lambda: Person.id,
    "organizations": lambda: Organization.id,
    "technical_items": lambda: TechnicalItem.id,
    "cases": lambda: Case.id,
    "lists": lambda: ListEntry.id,
}


def query_page(
    session: Session,
    registry: str,
    *,
    search: str = "",
    sort: str | None = None,
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
    with_total: bool = True,
) -> Page:
    """One page of ``registry`` in ``session`` (the storage-level worker of :func:`browse`)."""
    cols = columns(registry)
    spec = _SPECS[registry]
    if offset < 0 or not 0 < limit <= MAX_PAGE:
        raise InvalidInput(
            _("A page starts at 0 or later and holds 1 to {max} rows.").format(max=MAX_PAGE),
            where=f"offset={offset}, limit={limit}",
        )
    sort_keys = spec.sort_keys()
    key = sort or cols[0].key
    if key not in sort_keys:
        raise InvalidInput(
            _("Cannot sort by this column; choose one of: {names}").format(
                names=", ".join(sort_keys)
            ),
            where=key,
        )
    sort_expr = sort_keys[key]
    row_id = _IDS[registry]()
    condition = _matching(spec.search_column(), _search_words(search))
    stmt = spec.select()
    if condition is not None:
        stmt = stmt.where(condition)
    order = [sort_expr.desc(), row_id.desc()] if descending else [sort_expr.asc(), row_id.asc()]
    stmt = stmt.order_by(*order).offset(offset).limit(limit)
    rows = tuple(spec.row(r) for r in session.execute(stmt))
    total = -1
    if with_total:
        if offset == 0 and len(rows) < limit:
            total = len(rows)  # the whole answer is on this page: no second query
        else:
            count = spec.count_from()
            if condition is not None:
                count = count.where(condition)
            total = int(session.execute(count).scalar_one())
    return Page(rows=rows, total=total, offset=offset)


# --- details ------------------------------------------------------------------------


def _get(session: Session, model: type[Any], row_id: int, what: str) -> Any:
    obj = session.get(model, row_id)
    if obj is None:
        raise NotFound(_("No {what} with id {id}.").format(what=_(what), id=row_id))
    return obj


def _fields(*pairs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((_(label), value) for label, value in pairs)


def _project_detail(s: Session, row_id: int) -> Detail:
    p = _get(s, Project, row_id, N_("project"))
    items = ", ".join(t.title or f"#{t.id}" for t in p.technical_items)
    return Detail(
        p.id,
        p.title,
        _fields(
            (N_("Principal investigator"), (p.pi.display_name if p.pi else p.pi_name) or ""),
            (
                N_("Department"),
                _dept(p.department.name, p.department.name_en) if p.department else "",
            ),
            (N_("Period"), _period(p.starts_on, p.ends_on)),
            (N_("Status"), _label(STATUS_LABELS, p.status)),
            (N_("Funding sources"), ", ".join(p.funding_sources or ())),
            (N_("Technology fields"), ", ".join(p.technology_fields or ())),
            (N_("Technical data"), items),
        ),
    )


def _person_detail(s: Session, row_id: int) -> Detail:
    p = _get(s, Person, row_id, N_("person"))
    affiliations = "; ".join(
        a.organization.name + (f" ({_period(a.since, a.until)})" if a.since or a.until else "")
        for a in p.affiliations
    )
    employment = ""
    if p.employment_since or p.employment_employer:
        employment = ", ".join(
            x
            for x in (
                p.employment_employer or "",
                _label(EMPLOYMENT_FORM_LABELS, p.employment_form),
                _period(p.employment_since, p.employment_until),
            )
            if x
        )
    declarations = "; ".join(
        f"{_date(d.declared_on)}: " + (", ".join(str(t) for t in d.types) or _("none declared"))
        for d in p.declarations
    )
    return Detail(
        p.id,
        p.name,
        _fields(
            (N_("Latin name"), p.name_latin or ""),
            (N_("Nationality"), _countries(p.nationalities)),
            (N_("Role"), _label(ROLE_LABELS, p.role)),
            (
                N_("Department"),
                _dept(p.department.name, p.department.name_en) if p.department else "",
            ),
            (N_("Location"), _label(LOCATION_LABELS, p.location)),
            (N_("Country of residence"), _country(p.country)),
            (N_("Entered Japan on"), _date(p.entered_japan_on)),
            (N_("Employment in Japan"), employment),
            (N_("Left Japan on"), _date(p.left_japan_on)),
            (N_("Returned on"), _date(p.returned_on)),
            (N_("Official status"), _label(OFFICIAL_STATUS_LABELS, p.official_status)),
            (N_("Affiliations"), affiliations),
            (N_("Ties"), str(len(p.ties)) if p.ties else ""),
            (N_("Declarations"), declarations),
            (N_("Email"), p.email or ""),
            (N_("Notes"), p.notes or ""),
        ),
    )


def _organization_detail(s: Session, row_id: int) -> Detail:
    o = _get(s, Organization, row_id, N_("organization"))
    return Detail(
        o.id,
        o.name,
        _fields(
            (N_("Latin name"), o.name_latin or ""),
            (N_("Local names"), "; ".join(o.local_names or ())),
            (N_("Aliases"), "; ".join(o.aliases or ())),
            (N_("Country"), _country(o.country)),
            (N_("Kind"), _label(KIND_LABELS, o.kind)),
            (N_("Location"), _label(LOCATION_LABELS, o.location)),
            (N_("Official status"), _label(OFFICIAL_STATUS_LABELS, o.official_status)),
        ),
    )


def _item_detail(s: Session, row_id: int) -> Detail:
    t = _get(s, TechnicalItem, row_id, N_("technical item"))
    exemptions = "; ".join(_pair(EXEMPTIONS, e.basis) for e in t.exemptions)
    return Detail(
        t.id,
        t.title or f"#{t.id}",
        _fields(
            (N_("Classification"), _pair(CLASSIFICATIONS, t.classification)),
            (N_("Item"), t.item or ""),
            (N_("Item 16(1) (specific)"), _yes_no(t.specific_item_16_1)),
            (N_("Concern relevance"), _concerns(t.concern_relevance)),
            (N_("Project"), t.project.title if t.project else ""),
            (N_("Exemptions claimed"), exemptions),
        ),
    )


def _case_detail(s: Session, row_id: int) -> Detail:
    c = _get(s, Case, row_id, N_("case"))
    recipient = c.person.name if c.person else (c.organization.name if c.organization else "")
    latest = c.assessments[-1] if c.assessments else None
    return Detail(
        c.id,
        f"{c.ref}  {c.title or ''}".strip(),
        _fields(
            (N_("Status"), _label(STATUS_LABELS, c.status)),
            (N_("Recipient"), recipient),
            (N_("Technical data"), c.technical_item.title or f"#{c.technical_item_id}"),
            (N_("Place of provision"), _label(LOCATION_LABELS, c.place)),
            (N_("Country"), _country(c.country)),
            (N_("Channels"), _pairs(CHANNELS, c.channels)),
            (N_("Provision date"), _date(c.provision_date)),
            (N_("As of"), _date(c.as_of)),
            (N_("Latest outcome"), _pair(OUTCOMES, latest.outcome) if latest else ""),
            (N_("Filed at"), _date(c.filed_at)),
            (N_("Notes"), c.notes or ""),
            *history_fields(s, c.id),  # the review workflow, oldest step first
        ),
        sections=_assessment_sections(latest),
    )


def _assessment_sections(a: Assessment | None) -> tuple[Section, ...]:
    """The current assessment explained: outcome, residency, hits, exemptions, reasons."""
    if a is None:
        return ()
    return assessment_sections(
        a.result,
        outcome=a.outcome,
        risk=a.risk,
        review_on=a.review_on,
        ruleset=(a.ruleset_id, a.ruleset_version),
        lists=a.list_versions or (),
        assessed_at=a.assessed_at,
    )


def _list_entry_detail(s: Session, row_id: int) -> Detail:
    e = _get(s, ListEntry, row_id, N_("list entry"))
    v = e.version
    return Detail(
        e.id,
        e.name,
        _fields(
            (N_("No."), e.no),
            (N_("Country"), _country(e.country) if e.country in COUNTRY_NAMES else e.country_name),
            (N_("Local names"), "; ".join(e.local_names or ())),
            (N_("Aliases"), "; ".join(e.aliases or ())),
            (N_("Concerns"), _concerns(e.wmd)),
            (N_("Conventional weapons"), _yes_no(e.cw)),
            (N_("List"), f"{v.source.source_id} {v.version}"),
            (N_("Imported at"), _date(v.imported_at)),
        ),
    )


_DETAILS: dict[str, Callable[[Session, int], Detail]] = {
    "projects": _project_detail,
    "people": _person_detail,
    "organizations": _organization_detail,
    "technical_items": _item_detail,
    "cases": _case_detail,
    "lists": _list_entry_detail,
}


def query_detail(session: Session, registry: str, row_id: int) -> Detail:
    columns(registry)  # validates the name
    return _DETAILS[registry](session, row_id)


# --- the use cases ------------------------------------------------------------------


def browse(
    ctx: ServiceContext,
    registry: str,
    *,
    search: str = "",
    sort: str | None = None,
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
    with_total: bool = True,
) -> Page:
    """One page of a registry's rows matching ``search``, sorted in SQL by column ``sort``."""
    with ctx.reading() as session:
        return query_page(
            session,
            registry,
            search=search,
            sort=sort,
            descending=descending,
            offset=offset,
            limit=limit,
            with_total=with_total,
        )


def detail(ctx: ServiceContext, registry: str, row_id: int) -> Detail:
    """The labelled fields of one record, for the detail pane."""
    with ctx.reading() as session:
        return query_detail(session, registry, row_id)
