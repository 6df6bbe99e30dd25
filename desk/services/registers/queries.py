"""Browsing the registries: paged, filtered and sorted in SQL, for the app's tables.

Seven registries (:data:`REGISTRIES`). For each, :func:`columns` says what the table
shows, :func:`browse` answers one page of rows for a search text and a sort column
(plus the number of matching rows), and :mod:`.details` gives the labelled fields of one
record for the detail pane. Everything returned is frozen plain data; no ORM object or
session leaves this module.

Filtering compares the normalised ``search_*`` columns (:func:`search_key`: NFKC,
case-folded) with the normalised search words, each word anywhere in the text
(``LIKE '%word%'``); sorting by the name/title column uses the same indexed column, so
an unfiltered page is an index walk. ``bench/people_table.py`` measures both at
100,000 people.

Each registry's table is declared once, cell by cell (:data:`_SPECS`): what the cell
reads from the query, what it sorts by and how it shows; the select, the row and the sort
keys are all made from that declaration.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, Select, String, and_, cast, false, func, or_, select
from sqlalchemy.orm import Session, aliased

from desk.domain.errors import InvalidInput
from desk.domain.i18n import _, translator
from desk.domain.localtime import zone
from desk.reports.labels import CLASSIFICATIONS, OUTCOMES
from desk.services.context import ServiceContext
from desk.services.permissions import visible_cases
from desk.services.registers.registries import (
    GOODS_CLASSIFICATION_CHOICES,
    KIND_LABELS,
    LOCATION_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    Page,
    Row,
    columns,
    filters,
)
from desk.services.registers.values import (
    _countries,
    _country,
    _date,
    _dept,
    _label,
    _pair,
    _period,
)
from desk.storage.models import (
    Affiliation,
    Assessment,
    Case,
    Department,
    GoodsItem,
    ListEntry,
    ListVersion,
    Organization,
    Person,
    Project,
    ScreeningListSource,
    Shipment,
    ShipmentAssessment,
    TechnicalItem,
    Trip,
    TripAssessment,
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


def _labels_matching(table: dict[str, Any], word: str) -> list[str]:
    """The codes whose label, in English or Japanese, contains ``word`` (normalised):
    「一次審査」 finds ``first_review``, ``licence`` finds both licence outcomes."""
    if len(word) < 2 and word.isascii():
        return []  # one Latin letter would match nearly every label
    ja = translator("ja")
    out = []
    for code, label in table.items():
        texts = label if isinstance(label, tuple) else (label, ja(label))
        if any(word in search_key(t) for t in texts):
            out.append(code)
    return out


_KANA_SHIFT = ord("ァ") - ord("ぁ")


def _kana_forms(word: str) -> set[str]:
    """``word`` as written, in hiragana and in katakana (readings are stored either way)."""
    hira = "".join(chr(ord(c) - _KANA_SHIFT) if "ァ" <= c <= "ヶ" else c for c in word)
    kata = "".join(chr(ord(c) + _KANA_SHIFT) if "ぁ" <= c <= "ゖ" else c for c in word)
    return {word, hira, kata}


def _reading_matches(column: Any, word: str) -> ColumnElement[bool]:
    return or_(*(column.contains(form, autoescape=True) for form in sorted(_kana_forms(word))))


def _status_matches(column: Any, table: dict[str, Any], word: str) -> ColumnElement[bool]:
    codes = _labels_matching(table, word)
    return column.in_(codes) if codes else false()


def _departments_matching(word: str) -> Any:
    return select(Department.id).where(
        or_(
            func.lower(Department.name).contains(word, autoescape=True),
            func.lower(Department.name_en).contains(word, autoescape=True),
        )
    )


def _people_search(word: str) -> ColumnElement[bool]:
    """A person's name in any script, its reading, affiliations, department, role."""
    affiliated = (
        select(Affiliation.person_id)
        .join(Organization, Affiliation.organization_id == Organization.id)
        .where(Organization.search_name.contains(word, autoescape=True))
    )
    return or_(
        Person.search_name.contains(word, autoescape=True),
        _reading_matches(Person.reading, word),
        Person.id.in_(affiliated),
        Person.department_id.in_(_departments_matching(word)),
        _status_matches(Person.role, ROLE_LABELS, word),
    )


def _case_search(word: str) -> ColumnElement[bool]:
    """A case's id and title, its recipient's names (any script, reading), the technical
    data's title, its status and outcome in words (either language)."""
    return or_(
        Case.search_title.contains(word, autoescape=True),
        Person.search_name.contains(word, autoescape=True),
        _reading_matches(Person.reading, word),
        Organization.search_name.contains(word, autoescape=True),
        TechnicalItem.search_title.contains(word, autoescape=True),
        _status_matches(Case.status, STATUS_LABELS, word),
        _status_matches(_latest_outcome(), OUTCOMES, word),
    )


def _project_search(word: str) -> ColumnElement[bool]:
    return or_(
        Project.search_title.contains(word, autoescape=True),
        func.lower(Project.pi_name).contains(word, autoescape=True),
        func.lower(User.display_name).contains(word, autoescape=True),
        Project.department_id.in_(_departments_matching(word)),
        _status_matches(Project.status, STATUS_LABELS, word),
    )


def _technical_search(word: str) -> ColumnElement[bool]:
    return or_(
        TechnicalItem.search_title.contains(word, autoescape=True),
        Project.search_title.contains(word, autoescape=True),
        _status_matches(TechnicalItem.classification, CLASSIFICATIONS, word),
    )


# registry → what one search word matches (default: the registry's search column)
_WORD_SEARCH: dict[str, Callable[[str], ColumnElement[bool]]] = {
    "people": _people_search,
    "cases": _case_search,
    "projects": _project_search,
    "technical_items": _technical_search,
}


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=zone()).astimezone(dt.UTC)


def _day(value: str, key: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(_("Give the day as YYYY-MM-DD."), where=key) from None


def _int(value: str, key: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(_("Choose one of the offered values."), where=key) from None


def _latest_risk() -> Any:
    latest = aliased(Assessment)
    return (
        select(latest.risk)
        .where(latest.case_id == Case.id)
        .order_by(latest.id.desc())
        .limit(1)
        .correlate(Case)
        .scalar_subquery()
    )


def _case_department(department_id: int | None) -> ColumnElement[bool]:
    """The case's recipient belongs to the department, or its technical data's project does."""
    if department_id is None:
        return false()
    projects = select(Project.id).where(Project.department_id == department_id)
    return or_(Person.department_id == department_id, TechnicalItem.project_id.in_(projects))


def _filter_conditions(
    session: Session, registry: str, chosen: dict[str, str], actor: str | None
) -> list[ColumnElement[bool]]:
    """The SQL conditions of the filters chosen above a registry's table."""
    offered = {f.key: f for f in filters(registry)}
    out: list[ColumnElement[bool]] = []
    for key, value in chosen.items():
        if value in ("", None):
            continue
        spec = offered.get(key)
        if spec is None:
            raise InvalidInput(
                _("This table cannot be filtered by that; choose one of: {names}").format(
                    names=", ".join(offered) or "—"
                ),
                where=key,
            )
        if spec.choices and value not in {v for v, _label in spec.choices}:
            raise InvalidInput(_("Choose one of the offered values."), where=key)
        out.append(_condition(session, registry, key, value, actor))
    return out


def _acting_user(session: Session, actor: str | None) -> User | None:
    if actor is None:
        return None
    return session.scalars(select(User).where(User.login == actor)).first()


def _condition(
    session: Session, registry: str, key: str, value: str, actor: str | None
) -> ColumnElement[bool]:
    if key == "department":
        department = _int(value, key)
        if registry == "cases":
            return _case_department(department)
        owner: Any = Person.department_id if registry == "people" else Project.department_id
        return owner == department  # type: ignore[no-any-return]
    if registry == "cases":
        if key == "status":
            return Case.status == value
        if key == "outcome":
            return _latest_outcome() == value  # type: ignore[no-any-return]
        if key == "risk":
            return _latest_risk() == value  # type: ignore[no-any-return]
        filed = func.coalesce(Case.filed_at, Case.created_at)
        if key == "from":
            return filed >= _start_of(_day(value, key))
        if key == "to":
            return filed < _start_of(_day(value, key) + dt.timedelta(days=1))
        # scope: my cases, my department's
        user = _acting_user(session, actor)
        if user is None:
            return false()
        if value == "mine":
            return Case.filed_by_id == user.id
        return _case_department(user.department_id)
    column = {
        ("people", "role"): Person.role,
        ("people", "location"): Person.location,
        ("projects", "status"): Project.status,
        ("organizations", "kind"): Organization.kind,
        ("technical_items", "classification"): TechnicalItem.classification,
        ("goods_items", "classification"): GoodsItem.classification,
    }[(registry, key)]
    return column == value


@dataclass(frozen=True)
class _Cell:
    """One column of a registry's table, declared once: the result columns it reads
    (``needs``), the SQL expression it sorts by, and its text from a result row."""

    key: str
    needs: Callable[[], tuple[Any, ...]]
    sort: Callable[[], Any]
    show: Callable[[Any], str]


@dataclass(frozen=True)
class _Spec:
    """How one registry is queried: its main table's id, the joins, its search column,
    its cells (in the order of :func:`columns`), and what its rows are counted from."""

    row_id: Callable[[], Any]
    joined: Callable[[_Query], _Query]
    search_column: Callable[[], Any]
    cells: tuple[_Cell, ...]
    count_from: Callable[[], _Query]

    def select(self) -> _Query:
        needs = [expr for cell in self.cells for expr in cell.needs()]
        return self.joined(select(self.row_id(), *needs))

    def sort_keys(self) -> dict[str, Any]:
        return {cell.key: cell.sort() for cell in self.cells}

    def row(self, r: Any) -> Row:
        return Row(r[0], tuple(cell.show(r) for cell in self.cells))


def _cell(key: str, column: Callable[[], Any], show: Callable[[Any], str] | None = None) -> _Cell:
    """A cell showing one result column (labelled ``key``), sorted by that column."""
    return _Cell(
        key,
        lambda: (column().label(key),),
        column,
        show or (lambda r: getattr(r, key) or ""),
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


def _person_sort_name() -> Any:
    # kept by the model (desk.storage.models.keep_search) and indexed
    return Person.sort_name


def _latest_shipment_outcome() -> Any:
    latest = aliased(ShipmentAssessment)
    return (
        select(latest.outcome)
        .where(latest.shipment_id == Shipment.id)
        .order_by(latest.id.desc())
        .limit(1)
        .correlate(Shipment)
        .scalar_subquery()
    )


def _latest_trip_outcome() -> Any:
    latest = aliased(TripAssessment)
    return (
        select(latest.outcome)
        .where(latest.trip_id == Trip.id)
        .order_by(latest.id.desc())
        .limit(1)
        .correlate(Trip)
        .scalar_subquery()
    )


def _newest_versions() -> Any:
    return select(func.max(ListVersion.id)).group_by(ListVersion.list_id)


def _department() -> _Cell:
    return _Cell(
        "department",
        lambda: (Department.name.label("dept"), Department.name_en.label("dept_en")),
        lambda: Department.name,
        lambda r: _dept(r.dept, r.dept_en),
    )


GOODS_CLASSIFICATION_LABELS: dict[str, str] = dict(GOODS_CLASSIFICATION_CHOICES)

_SPECS: dict[str, _Spec] = {
    "projects": _Spec(
        lambda: Project.id,
        lambda q: q.outerjoin(User, Project.pi_user_id == User.id).outerjoin(
            Department, Project.department_id == Department.id
        ),
        lambda: Project.search_title,
        (
            _Cell(
                "title", lambda: (Project.title,), lambda: Project.search_title, lambda r: r.title
            ),
            _Cell(
                "pi",
                lambda: (Project.pi_name, User.display_name.label("pi_user")),
                lambda: func.coalesce(User.display_name, Project.pi_name),
                lambda r: r.pi_user or r.pi_name or "",
            ),
            _department(),
            _Cell(
                "period",
                lambda: (Project.starts_on, Project.ends_on),
                lambda: Project.starts_on,
                lambda r: _period(r.starts_on, r.ends_on),
            ),
            _cell("status", lambda: Project.status, lambda r: _label(STATUS_LABELS, r.status)),
        ),
        lambda: select(func.count(Project.id)),
    ),
    "people": _Spec(
        lambda: Person.id,
        lambda q: q.outerjoin(Department, Person.department_id == Department.id),
        lambda: Person.search_name,
        (
            # sorted by the reading (よみ) where one is stored, so 井上, 伊藤, 佐藤 … come in
            # 五十音 order rather than by code point
            _Cell("name", lambda: (Person.name,), _person_sort_name, lambda r: r.name),
            _cell("name_latin", lambda: Person.name_latin),
            _Cell(
                "nationalities",
                lambda: (Person.nationalities,),
                lambda: cast(Person.nationalities, String),
                lambda r: _countries(r.nationalities),
            ),
            _cell("role", lambda: Person.role, lambda r: _label(ROLE_LABELS, r.role)),
            _department(),
            _cell(
                "location", lambda: Person.location, lambda r: _label(LOCATION_LABELS, r.location)
            ),
        ),
        lambda: select(func.count(Person.id)),
    ),
    "organizations": _Spec(
        lambda: Organization.id,
        lambda q: q,
        lambda: Organization.search_name,
        (
            _Cell(
                "name",
                lambda: (Organization.name,),
                lambda: Organization.search_name,
                lambda r: r.name,
            ),
            _cell("name_latin", lambda: Organization.name_latin),
            _cell("country", lambda: Organization.country, lambda r: _country(r.country)),
            _cell("kind", lambda: Organization.kind, lambda r: _label(KIND_LABELS, r.kind)),
            _Cell(
                "aliases",
                lambda: (Organization.aliases,),
                lambda: cast(Organization.aliases, String),
                lambda r: "; ".join(r.aliases or ()),
            ),
        ),
        lambda: select(func.count(Organization.id)),
    ),
    "technical_items": _Spec(
        lambda: TechnicalItem.id,
        lambda q: q.outerjoin(Project, TechnicalItem.project_id == Project.id),
        lambda: TechnicalItem.search_title,
        (
            _Cell(
                "title",
                lambda: (TechnicalItem.title,),
                lambda: TechnicalItem.search_title,
                lambda r: r.title or "",
            ),
            _cell(
                "classification",
                lambda: TechnicalItem.classification,
                lambda r: _pair(CLASSIFICATIONS, r.classification),
            ),
            _cell("item", lambda: TechnicalItem.item),
            _Cell(
                "project",
                lambda: (Project.title.label("project"),),
                lambda: Project.search_title,
                lambda r: r.project or "",
            ),
        ),
        lambda: select(func.count(TechnicalItem.id)),
    ),
    "cases": _Spec(
        lambda: Case.id,
        lambda q: (
            q.join(TechnicalItem, Case.technical_item_id == TechnicalItem.id)
            .outerjoin(Person, Case.person_id == Person.id)
            .outerjoin(Organization, Case.organization_id == Organization.id)
        ),
        lambda: Case.search_title,
        (
            _Cell("ref", lambda: (Case.ref,), lambda: Case.ref, lambda r: r.ref),
            _Cell(
                "recipient",
                lambda: (Person.name.label("person"), Organization.name.label("organization")),
                lambda: func.coalesce(Person.search_name, Organization.search_name),
                lambda r: r.person or r.organization or "",
            ),
            _Cell(
                "technical_item",
                lambda: (TechnicalItem.title.label("item"),),
                lambda: TechnicalItem.search_title,
                lambda r: r.item or "",
            ),
            _cell("status", lambda: Case.status, lambda r: _label(STATUS_LABELS, r.status)),
            _cell("outcome", _latest_outcome, lambda r: _pair(OUTCOMES, r.outcome)),
            _cell("title", lambda: Case.title),
        ),
        lambda: select(func.count(Case.id)),
    ),
    "lists": _Spec(
        lambda: ListEntry.id,
        lambda q: (
            q.join(ListVersion, ListEntry.list_version_id == ListVersion.id)
            .join(ScreeningListSource, ListVersion.list_id == ScreeningListSource.id)
            .where(ListEntry.list_version_id.in_(_newest_versions()))
        ),
        lambda: ListEntry.search_name,
        (
            _Cell("no", lambda: (ListEntry.no,), lambda: ListEntry.id, lambda r: r.no),
            _Cell(
                "name", lambda: (ListEntry.name,), lambda: ListEntry.search_name, lambda r: r.name
            ),
            _cell("country", lambda: ListEntry.country, lambda r: _country(r.country)),
            _Cell(
                "list",
                lambda: (ScreeningListSource.source_id, ListVersion.version),
                lambda: ScreeningListSource.source_id,
                lambda r: f"{r.source_id} {r.version}",
            ),
        ),
        lambda: select(func.count(ListEntry.id)).where(
            ListEntry.list_version_id.in_(_newest_versions())
        ),
    ),
    "shipments": _Spec(
        lambda: Shipment.id,
        lambda q: q,
        lambda: func.lower(Shipment.ref),  # refs are ASCII ids; search words are case-folded
        (
            _Cell("ref", lambda: (Shipment.ref,), lambda: Shipment.ref, lambda r: r.ref),
            _cell("status", lambda: Shipment.status, lambda r: _label(STATUS_LABELS, r.status)),
            _cell("destination", lambda: Shipment.destination, lambda r: _country(r.destination)),
            _cell(
                "outcome",
                _latest_shipment_outcome,
                lambda r: _pair(OUTCOMES, r.outcome),
            ),
            _cell("export_date", lambda: Shipment.export_date, lambda r: _date(r.export_date)),
            _cell("title", lambda: Shipment.title),
        ),
        lambda: select(func.count(Shipment.id)),
    ),
    "trips": _Spec(
        lambda: Trip.id,
        lambda q: q.join(Person, Trip.person_id == Person.id),
        lambda: func.lower(Trip.ref),
        (
            _Cell("ref", lambda: (Trip.ref,), lambda: Trip.ref, lambda r: r.ref),
            _Cell(
                "traveller",
                lambda: (Person.name.label("traveller"),),
                lambda: Person.sort_name,
                lambda r: r.traveller,
            ),
            _Cell(
                "period",
                lambda: (Trip.departs_on, Trip.returns_on),
                lambda: Trip.departs_on,
                lambda r: _period(r.departs_on, r.returns_on),
            ),
            _Cell(
                "destinations",
                lambda: (Trip.destinations,),
                lambda: cast(Trip.destinations, String),  # JSON has no order on PostgreSQL
                lambda r: _countries(r.destinations),
            ),
            _cell("outcome", _latest_trip_outcome, lambda r: _pair(OUTCOMES, r.outcome)),
            _cell("title", lambda: Trip.title),
        ),
        lambda: select(func.count(Trip.id)),
    ),
    "goods_items": _Spec(
        lambda: GoodsItem.id,
        lambda q: q,
        lambda: func.lower(GoodsItem.name),
        (
            _cell("name", lambda: GoodsItem.name),
            _cell("model", lambda: GoodsItem.model),
            _cell("maker", lambda: GoodsItem.maker),
            _cell("hs_code", lambda: GoodsItem.hs_code),
            _Cell(
                "value",
                lambda: (GoodsItem.unit_value, GoodsItem.currency),
                lambda: GoodsItem.currency,
                lambda r: f"{r.unit_value} {r.currency or ''}".strip() if r.unit_value else "",
            ),
            _Cell(
                "classification",
                lambda: (GoodsItem.classification, GoodsItem.item),
                lambda: GoodsItem.classification,
                lambda r: (
                    _label(GOODS_CLASSIFICATION_LABELS, r.classification)
                    + (f" {r.item}" if r.item else "")
                ),
            ),
            _cell("checked_by", lambda: GoodsItem.checked_by),
        ),
        lambda: select(func.count(GoodsItem.id)),
    ),
}


# the registers whose retired records are hidden unless asked for
RETIRED_COLUMNS: dict[str, Callable[[], Any]] = {
    "people": lambda: Person.retired,
    "organizations": lambda: Organization.retired,
    "projects": lambda: Project.retired,
    "technical_items": lambda: TechnicalItem.retired,
    "goods_items": lambda: GoodsItem.retired,
}


def query_page(
    session: Session,
    registry: str,
    *,
    search: str = "",
    include_retired: bool = False,
    sort: str | None = None,
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
    with_total: bool = True,
    only: ColumnElement[bool] | None = None,
    filters: dict[str, str] | None = None,
    actor: str | None = None,
) -> Page:
    """One page of ``registry`` in ``session`` (the storage-level worker of :func:`browse`);
    ``only``: a further condition (the cases the acting user may see)."""
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
    row_id = spec.row_id()  # the tie-breaker that keeps paging stable
    words = _search_words(search)
    word_search = _WORD_SEARCH.get(registry)
    if word_search is not None:
        condition = and_(*(word_search(w) for w in words)) if words else None
    else:
        condition = _matching(spec.search_column(), words)
    if not include_retired and registry in RETIRED_COLUMNS:
        in_use = RETIRED_COLUMNS[registry]().is_(False)
        condition = in_use if condition is None else and_(condition, in_use)
    if only is not None:
        condition = only if condition is None else and_(condition, only)
    chosen = _filter_conditions(session, registry, dict(filters or {}), actor)
    if chosen:
        condition = and_(*chosen) if condition is None else and_(condition, *chosen)
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
            if condition is None:
                count = spec.count_from()
            else:  # the conditions may read the joined tables
                count = spec.joined(select(func.count(row_id))).where(condition)
            total = int(session.execute(count).scalar_one())
    return Page(rows=rows, total=total, offset=offset)


# --- the use cases ------------------------------------------------------------------


def browse(
    ctx: ServiceContext,
    registry: str,
    *,
    search: str = "",
    include_retired: bool = False,
    sort: str | None = None,
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
    with_total: bool = True,
    filters: dict[str, str] | None = None,
) -> Page:
    """One page of a registry's rows matching ``search`` and ``filters`` (key → value, as
    :func:`desk.services.registers.filters` offers them), sorted in SQL by column ``sort``;
    retired people, organizations, projects and technical data only with ``include_retired``.

    Search words match names in any script and their readings, affiliations,
    departments, titles and statuses or outcomes in words (Japanese or English).

    The Cases registry shows the cases the acting user may see (a researcher their own, a
    department head their department's: desk.services.permissions.visible_cases)."""
    with ctx.reading() as session:
        only = visible_cases(session, ctx.user(session)) if registry == "cases" else None
        return query_page(
            session,
            registry,
            search=search,
            include_retired=include_retired,
            sort=sort,
            descending=descending,
            offset=offset,
            limit=limit,
            with_total=with_total,
            only=only,
            filters=filters,
            actor=ctx.actor,
        )


def filter_departments(ctx: ServiceContext) -> tuple[tuple[int, str], ...]:
    """The departments a registry can be filtered by: (id, name in the UI language)."""
    with ctx.reading() as session:
        rows = session.execute(
            select(Department.id, Department.name, Department.name_en).order_by(Department.name)
        )
        return tuple((r.id, _dept(r.name, r.name_en)) for r in rows)
