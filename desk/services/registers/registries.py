"""What the registries are, as plain data: names, columns, row and detail shapes.

Kept apart from the queries (:mod:`desk.services.browse`) and free of SQLAlchemy, so
that the app can build its window from it before the database stack is even imported
(start-up time: ``bench/startup.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, _

REGISTRIES: tuple[str, ...] = (
    "projects",
    "people",
    "organizations",
    "technical_items",
    "cases",
    "lists",
    "shipments",
    "trips",
    "goods_items",
)


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # msgid; the front end translates it when shown
    width: int = 160  # a starting width in pixels (the UI never measures contents)


@dataclass(frozen=True)
class Row:
    id: int
    cells: tuple[str, ...]  # display text, in column order


@dataclass(frozen=True)
class Page:
    rows: tuple[Row, ...]
    total: int  # rows matching the search (-1 when not asked for)
    offset: int


@dataclass(frozen=True)
class Section:
    """A titled group of fields below a record's own (a case's current assessment)."""

    title: str  # translated
    fields: tuple[tuple[str, str], ...]  # (translated label, display value)


@dataclass(frozen=True)
class Detail:
    id: int
    title: str
    fields: tuple[tuple[str, str], ...]  # (translated label, display value)
    sections: tuple[Section, ...] = ()


# --- named column positions ---------------------------------------------------------


class ProjectCol(IntEnum):
    TITLE = 0
    PI = 1
    DEPARTMENT = 2
    PERIOD = 3
    STATUS = 4


class PersonCol(IntEnum):
    NAME = 0
    LATIN_NAME = 1
    NATIONALITIES = 2
    ROLE = 3
    DEPARTMENT = 4
    LOCATION = 5


class OrganizationCol(IntEnum):
    NAME = 0
    LATIN_NAME = 1
    COUNTRY = 2
    KIND = 3
    ALIASES = 4


class TechnicalItemCol(IntEnum):
    TITLE = 0
    CLASSIFICATION = 1
    ITEM = 2
    PROJECT = 3


class CaseCol(IntEnum):
    REF = 0
    RECIPIENT = 1
    TECHNICAL_ITEM = 2
    STATUS = 3
    OUTCOME = 4
    TITLE = 5


class ListCol(IntEnum):
    NO = 0
    NAME = 1
    COUNTRY = 2
    LIST = 3


class GoodsItemCol(IntEnum):
    NAME = 0
    MODEL = 1
    MAKER = 2
    HS_CODE = 3
    VALUE = 4
    CLASSIFICATION = 5
    CHECKED_BY = 6


class ShipmentCol(IntEnum):
    REF = 0
    STATUS = 1
    DESTINATION = 2
    OUTCOME = 3
    EXPORT_DATE = 4
    TITLE = 5


class TripCol(IntEnum):
    REF = 0
    TRAVELLER = 1
    PERIOD = 2
    DESTINATIONS = 3
    OUTCOME = 4
    TITLE = 5


_COLUMNS: dict[str, tuple[Column, ...]] = {
    "projects": (
        Column("title", N_("Title"), 360),
        Column("pi", N_("Principal investigator"), 160),
        Column("department", N_("Department"), 180),
        Column("period", N_("Period"), 190),
        Column("status", N_("Status"), 90),
    ),
    "people": (
        Column("name", N_("Name"), 200),
        Column("name_latin", N_("Latin name"), 200),
        Column("nationalities", N_("Nationality"), 130),
        Column("role", N_("Role"), 150),
        Column("department", N_("Department"), 180),
        Column("location", N_("Location"), 90),
    ),
    "organizations": (
        Column("name", N_("Name"), 280),
        Column("name_latin", N_("Latin name"), 240),
        Column("country", N_("Country"), 130),
        Column("kind", N_("Kind"), 140),
        Column("aliases", N_("Aliases"), 240),
    ),
    "technical_items": (
        Column("title", N_("Title"), 380),
        Column("classification", N_("Classification"), 140),
        Column("item", N_("Item"), 100),
        Column("project", N_("Project"), 300),
    ),
    "cases": (
        Column("ref", N_("Reference"), 115),
        Column("recipient", N_("Recipient"), 150),
        Column("technical_item", N_("Technical data"), 190),
        Column("status", N_("Status"), 80),
        Column("outcome", N_("Latest outcome"), 200),
        Column("title", N_("Title"), 300),
    ),
    "lists": (
        Column("no", N_("No."), 60),
        Column("name", N_("Name"), 340),
        Column("country", N_("Country"), 160),
        Column("list", N_("List"), 180),
    ),
    "shipments": (
        Column("ref", N_("Reference"), 115),
        Column("status", N_("Status"), 90),
        Column("destination", N_("Destination"), 130),
        Column("outcome", N_("Latest outcome"), 200),
        Column("export_date", N_("Export date"), 100),
        Column("title", N_("Title"), 300),
    ),
    "trips": (
        Column("ref", N_("Reference"), 115),
        Column("traveller", N_("Traveller"), 160),
        Column("period", N_("Period"), 190),
        Column("destinations", N_("Destinations"), 180),
        Column("outcome", N_("Latest outcome"), 200),
        Column("title", N_("Title"), 300),
    ),
    "goods_items": (
        Column("name", N_("Name"), 260),
        Column("model", N_("Model"), 140),
        Column("maker", N_("Maker"), 160),
        Column("hs_code", N_("HS code"), 90),
        Column("value", N_("Value"), 120),
        Column("classification", N_("Classification"), 170),
        Column("checked_by", N_("Classification officer"), 160),
    ),
}

ROLE_LABELS = {
    "foreign_collaborator": N_("Foreign collaborator"),
    "student": N_("Student"),
    "visitor": N_("Visitor"),
    "staff": N_("Staff"),
}
STATUS_LABELS = {
    "planned": N_("Planned"),
    "active": N_("Active"),
    "closed": N_("Closed"),
    "draft": N_("Draft"),
    "submitted": N_("Submitted"),
    "first_review": N_("First review"),
    "second_review": N_("Second review"),
    "committee": N_("With the committee"),
    "decided": N_("Decided"),
}
LOCATION_LABELS = {"japan": N_("Japan"), "abroad": N_("Abroad")}
KIND_LABELS = {
    "university": N_("University"),
    "company": N_("Company"),
    "government": N_("Government"),
    "research_institute": N_("Research institute"),
    "other": N_("Other"),
}


EMPLOYMENT_FORM_LABELS = {
    "full_time": N_("Full-time"),
    "part_time": N_("Part-time"),
    "research_assistant": N_("Research assistant"),
    "teaching_assistant": N_("Teaching assistant"),
}
OFFICIAL_STATUS_LABELS = {
    "foreign_official": N_("Foreign official"),
    "diplomatic_consular": N_("Diplomatic or consular officer"),
    "japanese_mission": N_("Staff of a Japanese mission"),
}
# concern uses (case format: technology.concern_relevance; list entries' categories)
CONCERN_LABELS = {
    "B": N_("biological"),
    "C": N_("chemical"),
    "M": N_("missiles"),
    "N": N_("nuclear"),
    "CW": N_("conventional weapons"),
}
# screening bands (desk.screening.band_for)
BAND_LABELS = {"match": N_("match"), "review": N_("review"), "weak": N_("weak")}


@dataclass(frozen=True)
class Filter:
    """A queue/filter a registry offers above its table: ``key`` is what
    :func:`desk.services.registers.browse` takes in ``filters``; ``choices`` are (value,
    msgid) pairs; ``kind`` is ``choice``, ``department`` (the stored departments, read by
    :func:`desk.services.registers.filter_departments`) or ``date`` (an ISO day)."""

    key: str
    label: str  # msgid
    kind: str = "choice"
    choices: tuple[tuple[str, str], ...] = ()


CASE_STATUS_CHOICES: tuple[tuple[str, str], ...] = (
    *(
        (k, STATUS_LABELS[k])
        for k in ("draft", "submitted", "first_review", "second_review", "committee")
    ),
    ("decided", STATUS_LABELS["decided"]),
    ("closed", N_("Closed")),
)
OUTCOME_CHOICES: tuple[tuple[str, str], ...] = (
    ("NOT_APPLICABLE", N_("Not controlled")),
    ("NOT_LISTED_NO_TRIGGER", N_("Not listed, no catch-all")),
    ("EXEMPT", N_("Exemption applies")),
    ("LICENSE_REQUIRED", N_("Licence required (list)")),
    ("LICENSE_REQUIRED_CATCHALL", N_("Licence required (catch-all)")),
    ("HOLD", N_("Hold")),
    ("STOP", N_("Stop")),
)
RISK_CHOICES = tuple((r, r) for r in ("R0", "R1", "R2", "R3", "R4"))
SCOPE_CHOICES = (("mine", N_("My cases")), ("my_department", N_("My department")))
CLASSIFICATION_CHOICES = (
    ("listed", N_("Listed")),
    ("below_threshold", N_("Below threshold")),
    ("not_on_list", N_("Not on the list (item 16)")),
    ("undetermined", N_("Undetermined")),
)
GOODS_CLASSIFICATION_CHOICES = (
    ("listed", N_("Listed")),
    ("below_threshold", N_("Below the threshold")),
    ("not_on_list", N_("Not on the list (非該当)")),
    ("undetermined", N_("Undetermined")),
)

FILTERS: dict[str, tuple[Filter, ...]] = {
    "cases": (
        Filter("scope", N_("Whose"), choices=SCOPE_CHOICES),
        Filter("status", N_("Status"), choices=CASE_STATUS_CHOICES),
        Filter("outcome", N_("Outcome"), choices=OUTCOME_CHOICES),
        Filter("risk", N_("Risk"), choices=RISK_CHOICES),
        Filter("department", N_("Department"), kind="department"),
        Filter("from", N_("Filed from"), kind="date"),
        Filter("to", N_("Filed to"), kind="date"),
    ),
    "people": (
        Filter("role", N_("Role"), choices=tuple(ROLE_LABELS.items())),
        Filter("department", N_("Department"), kind="department"),
        Filter("location", N_("Location"), choices=tuple(LOCATION_LABELS.items())),
    ),
    "projects": (
        Filter(
            "status",
            N_("Status"),
            choices=tuple((k, STATUS_LABELS[k]) for k in ("planned", "active", "closed")),
        ),
        Filter("department", N_("Department"), kind="department"),
    ),
    "organizations": (Filter("kind", N_("Kind"), choices=tuple(KIND_LABELS.items())),),
    "technical_items": (
        Filter("classification", N_("Classification"), choices=CLASSIFICATION_CHOICES),
    ),
    "lists": (),
    "goods_items": (
        Filter("classification", N_("Classification"), choices=GOODS_CLASSIFICATION_CHOICES),
    ),
}


def filters(registry: str) -> tuple[Filter, ...]:
    return FILTERS.get(registry, ())


def columns(registry: str) -> tuple[Column, ...]:
    try:
        return _COLUMNS[registry]
    except KeyError:
        raise InvalidInput(
            _("Unknown registry; choose one of: {names}").format(names=", ".join(REGISTRIES)),
            where=registry,
        ) from None
