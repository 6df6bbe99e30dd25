"""Browsing the registries: paged, filtered and sorted in SQL, for the app's tables.

Six registries (:data:`REGISTRIES`). For each, :func:`columns` says what the table
shows, :func:`browse` answers one page of rows for a search text and a sort column
(plus the number of matching rows), and :mod:`.details` gives the labelled fields of one
record for the detail pane. Everything returned is frozen plain data; no ORM object or
session leaves this module.

Filtering compares the normalised ``search_*`` columns (:func:`search_key`: NFKC,
case-folded) with the normalised search words, each word anywhere in the text
(``LIKE '%word%'``); sorting by the name/title column uses the same indexed column, so
an unfiltered page is an index walk. ``bench/people_table.py`` measures both at
100,000 people.

One piece, a little over 400 lines: each registry's select, row builder and sort keys
are declared side by side in :data:`_SPECS`, and read together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, Select, String, and_, cast, func, select
from sqlalchemy.orm import Session, aliased

from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.reports.labels import CLASSIFICATIONS, OUTCOMES
from desk.services.context import ServiceContext
from desk.services.registers.registries import (
    KIND_LABELS,
    LOCATION_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    Page,
    Row,
    columns,
)
from desk.services.registers.values import (
    _countries,
    _country,
    _dept,
    _label,
    _pair,
    _period,
)
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

MAX_PAGE = 1000

_Query: TypeAlias = Select[*tuple[Any, ...]]


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
