"""The database schema: SQLAlchemy 2 typed models, one declarative ``Base``.

One module although long: it is the schema, read as a whole and mirrored table by table
by its Alembic migrations (a test compares the two); splitting it would scatter the
tables that reference each other.

Every table here has an Alembic revision under ``desk/storage/migrations``; a test
compares the two (no drift) on SQLite and PostgreSQL. Change a model → add a revision
(``docs/storage.md`` says how).

Conventions
- Integer surrogate keys; a case keeps its human reference in ``cases.ref``.
- Enumerations are short strings; the allowed values are the tuples below (and, for
  the case facts, the ones in :mod:`desk.domain.case`). Services validate them.
- Lists of codes (nationalities, channels, concern categories) are JSON arrays.
- ``given_keys`` (JSON array) records which optional keys of the ``desk-case/1``
  object a row was imported from, so that export gives back the same document.
- ``search_*`` columns hold :func:`search_key` of the names/titles the UI filters on
  (NFKC, case-folded, single spaces). The ORM keeps them up to date; code that inserts
  rows with Core ``insert()`` must fill them itself with :func:`search_key`.
- Times are timezone-aware UTC (``utcnow``); SQLite hands them back naive, as UTC.
- ``audit_events`` is append-only: the ORM refuses to update or delete it, and a
  trigger on SQLite and PostgreSQL refuses it in SQL.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, validates

# Named constraints so that Alembic batch mode can alter them on SQLite.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# desk users' roles, from the universities' export-control regulations (docs/workflow.md):
# 研究者, 事務局, 部局責任者 (first review, own department), 該非確認責任者, 統括責任者 (second
# review), 委員会 (escalated cases), 最高責任者, 監査 (read-only), 管理者 (user administration)
ROLES = (
    "researcher",
    "office",
    "dept_head",
    "classification_officer",
    "chief",
    "committee",
    "president",
    "auditor",
    "admin",
)
PERSON_ROLES = ("foreign_collaborator", "student", "researcher", "staff", "visitor")
# residency facts with dates kept on a person (registers): what happened on which day
PERSON_EVENT_KINDS = ("entry", "departure", "employment", "status_change", "other")
ORGANIZATION_KINDS = ("university", "company", "government", "research_institute", "other")
PROJECT_STATUSES = ("planned", "active", "closed")
# "committee": escalated by the second review to the committee (委員会), which alone decides it
CASE_STATUSES = (
    "draft",
    "submitted",
    "first_review",
    "second_review",
    "committee",
    "decided",
    "closed",
)
DISPOSITIONS = ("confirm", "clear")
RECORD_KINDS = ("precheck", "classification", "screening")  # desk.reports.data.KINDS
# review workflow (desk.services.workflow): who looked at a case, at which level, and what they said
# researcher's self-check, 部局 一次, 統括 二次, 委員会 (escalated cases)
REVIEW_LEVELS = ("self", "first", "second", "committee")
REVIEW_DECISIONS = (
    "submit",  # level "self" only: the researcher certifies the pre-check
    "approve",
    "approve_with_conditions",
    "reject",
    "refer_to_meti",
    "return_for_information",
    "escalate",  # level "second" only: the case goes to the committee (委員会)
)
ACTIVITIES = (  # desk.reports.data.ACTIVITIES
    "hosting",
    "joint_research",
    "business_trip",
    "shipment",
    "lecture_meeting",
    "email_cloud",
    "other",
)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time as an aware UTC datetime (SQLite gives it back naive)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def search_key(*parts: str | None) -> str:
    """The normalised text the UI's filter compares with: NFKC, case-folded, single spaces.

    Filter with ``column.contains(search_key(user_text))`` (``LIKE '%…%'``).
    """
    text = " ".join(p for p in parts if p)
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def sort_reading(reading: str) -> str:
    """A reading (よみ) as it sorts: NFKC (half-width kana made full), katakana as
    hiragana, case-folded (``ヤマダ`` and ``やまだ`` sort together)."""
    text = unicodedata.normalize("NFKC", reading)
    shift = ord("ァ") - ord("ぁ")
    return "".join(chr(ord(c) - shift) if "ァ" <= c <= "ヶ" else c for c in text).casefold()


def keep_search(
    column: str, *parts: str, limit: int | None = None, sort: tuple[str, str] | None = None
) -> Any:
    """A validator that keeps ``column`` equal to :func:`search_key` of ``parts`` (in that
    order; a part holding a list — local names, aliases — gives each of its strings),
    updated whenever one of the parts is set. ``sort=(column, reading part)`` also keeps a
    sort column: the reading (:func:`sort_reading`) when there is one, else the search key."""

    @validates(*parts)
    def _keep_search(self: Any, key: str, value: Any) -> Any:
        words: list[str | None] = []
        for part in parts:
            current = value if part == key else getattr(self, part)
            if isinstance(current, list | tuple):
                words.extend(current)
            else:
                words.append(current)
        key_text = search_key(*words)
        setattr(self, column, key_text[:limit] if limit else key_text)
        if sort is not None:
            sort_column, reading_part = sort
            reading = value if reading_part == key else getattr(self, reading_part)
            sorted_text = sort_reading(reading) if reading else key_text
            setattr(self, sort_column, sorted_text[:limit] if limit else sorted_text)
        return value

    return _keep_search


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        list[str]: JSON,
        list[int]: JSON,
    }


def _created() -> Mapped[dt.datetime]:
    return mapped_column(DateTime(timezone=True), default=utcnow)


def _updated() -> Mapped[dt.datetime]:
    return mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


# --------------------------------------------------------------------------- organisation


class Department(Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(
        String(200), unique=True
    )  # as used in the university, e.g. 工学研究科
    name_en: Mapped[str | None] = mapped_column(String(200))
    code: Mapped[str | None] = mapped_column(String(40), unique=True)


class User(Base):
    """Someone who works in desk (not a screened party)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = _created()

    roles: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def role_names(self) -> tuple[str, ...]:
        return tuple(sorted(r.role for r in self.roles))


class UserRole(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(40), primary_key=True)  # one of ROLES


# --------------------------------------------------------------------------- parties


class Person(Base):
    """A natural person technology may be provided to, with the case format's residency facts."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))  # as written, any script
    # indexed: the People table sorts by it (bench/people_table.py: 100 → 20 ms at 100,000)
    name_latin: Mapped[str | None] = mapped_column(String(300), index=True)
    search_name: Mapped[str] = mapped_column(String(700), index=True, default="")
    nationalities: Mapped[list[str]] = mapped_column(default=list)
    country: Mapped[str | None] = mapped_column(String(2))  # country of residence when abroad
    location: Mapped[str | None] = mapped_column(String(10))  # japan | abroad | None (default)
    official_status: Mapped[str | None] = mapped_column(String(30))
    entered_japan_on: Mapped[dt.date | None] = mapped_column(Date)
    # employment in Japan (case format ``employment_in_japan``); present when since is set
    employment_employer: Mapped[str | None] = mapped_column(String(300))
    employment_form: Mapped[str | None] = mapped_column(String(30))
    employment_since: Mapped[dt.date | None] = mapped_column(Date)
    employment_until: Mapped[dt.date | None] = mapped_column(Date)
    employment_given_keys: Mapped[list[str] | None] = mapped_column(JSON)
    # Japanese nationals' departure facts
    left_japan_on: Mapped[dt.date | None] = mapped_column(Date)
    abroad_purpose: Mapped[str | None] = mapped_column(String(10))
    intended_stay_years: Mapped[float | None] = mapped_column(Float)
    returned_on: Mapped[dt.date | None] = mapped_column(Date)
    # the university's view of the person
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    role: Mapped[str | None] = mapped_column(String(30), index=True)  # one of PERSON_ROLES
    email: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    given_keys: Mapped[list[str] | None] = mapped_column(JSON)
    # the register's facts (desk.services.registers): reading for sorting and search
    # (よみ or romanised), date of birth, host faculty member, 在留資格 and stay period
    reading: Mapped[str | None] = mapped_column(String(300), index=True)
    born_on: Mapped[dt.date | None] = mapped_column(Date)
    host: Mapped[str | None] = mapped_column(String(200))
    visa_status: Mapped[str | None] = mapped_column(String(100))
    stay_from: Mapped[dt.date | None] = mapped_column(Date)
    stay_until: Mapped[dt.date | None] = mapped_column(Date)
    # intake: the university's own number for the person (学籍番号・職員番号), from rosters
    roster_id: Mapped[str | None] = mapped_column(String(100), index=True)
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # keeping: optimistic locking, as on cases (a second save of a stale form is refused)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()

    department: Mapped[Department | None] = relationship()
    affiliations: Mapped[list[Affiliation]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Affiliation.position"
    )
    events: Mapped[list[PersonEvent]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonEvent.on"
    )
    ties: Mapped[list[Tie]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Tie.position"
    )
    declarations: Mapped[list[Declaration]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Declaration.id"
    )

    # home: the registry sorts by this — the reading in hiragana, else search_name
    sort_name: Mapped[str | None] = mapped_column(String(700), index=True)

    _keep_search = keep_search(
        "search_name", "name", "name_latin", "reading", sort=("sort_name", "reading")
    )


class PersonEvent(Base):
    """A dated residency fact of a person: entry, departure, employment, a status change."""

    __tablename__ = "person_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # PERSON_EVENT_KINDS
    on: Mapped[dt.date] = mapped_column(Date)
    detail: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship(back_populates="events")


class Organization(Base):
    """A company, university, government body… — a recipient, an affiliation or both."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_latin: Mapped[str | None] = mapped_column(String(300))
    local_names: Mapped[list[str]] = mapped_column(default=list)  # names in the local script
    aliases: Mapped[list[str]] = mapped_column(default=list)
    search_name: Mapped[str] = mapped_column(String(1000), index=True, default="")
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    kind: Mapped[str | None] = mapped_column(String(30))  # one of ORGANIZATION_KINDS
    # facts used when the organization is itself the recipient of a case
    location: Mapped[str | None] = mapped_column(String(10))
    official_status: Mapped[str | None] = mapped_column(String(30))
    # recipient facts the case format accepts but that have no column for organizations
    extra_facts: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    given_keys: Mapped[list[str] | None] = mapped_column(JSON)
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # keeping: optimistic locking, as on cases (a second save of a stale form is refused)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()

    member_affiliations: Mapped[list[Affiliation]] = relationship(
        foreign_keys="Affiliation.member_organization_id",
        back_populates="member_organization",
        cascade="all, delete-orphan",
        order_by="Affiliation.position",
    )
    ties: Mapped[list[Tie]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="Tie.position"
    )
    declarations: Mapped[list[Declaration]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="Declaration.id"
    )

    _keep_search = keep_search("search_name", "name", "name_latin", "local_names", "aliases")


class Affiliation(Base):
    """A person (or an organization recipient) belongs to an organization."""

    __tablename__ = "affiliations"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    member_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    since: Mapped[dt.date | None] = mapped_column(Date)
    until: Mapped[dt.date | None] = mapped_column(Date)
    given_keys: Mapped[list[str] | None] = mapped_column(JSON)
    # the affiliation as a case file wrote it ({"name", "country", "kind"}) when it was
    # linked to a registered organization under another name (哈尔滨工业大学 → HIT)
    as_written: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    person: Mapped[Person | None] = relationship(back_populates="affiliations")
    member_organization: Mapped[Organization | None] = relationship(
        foreign_keys=[member_organization_id], back_populates="member_affiliations"
    )
    organization: Mapped[Organization] = relationship(foreign_keys=[organization_id])


class Tie(Base):
    """A fact that can make a resident fall under a 特定類型 (case format ``ties``)."""

    __tablename__ = "ties"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    type: Mapped[str] = mapped_column(String(20))
    counterparty: Mapped[str | None] = mapped_column(String(300))
    counterparty_kind: Mapped[str | None] = mapped_column(String(30))
    country: Mapped[str | None] = mapped_column(String(2))
    follows_directions: Mapped[bool] = mapped_column(Boolean, default=False)
    priority_agreement: Mapped[bool] = mapped_column(Boolean, default=False)
    paid_to: Mapped[str | None] = mapped_column(String(20))
    share_of_income: Mapped[float | None] = mapped_column(Float)
    timing: Mapped[str] = mapped_column(String(20), default="current")
    repayment_waived: Mapped[bool] = mapped_column(Boolean, default=False)
    given_keys: Mapped[list[str] | None] = mapped_column(JSON)

    person: Mapped[Person | None] = relationship(back_populates="ties")
    organization: Mapped[Organization | None] = relationship(back_populates="ties")


class Declaration(Base):
    """A party's own 特定類型 declaration (誓約書・確認書); ``types == []`` declares none."""

    __tablename__ = "declarations"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    declared_on: Mapped[dt.date] = mapped_column(Date)
    types: Mapped[list[int]] = mapped_column(default=list)
    # intake: self_declaration | information_obtained (case format ``declaration.basis``)
    basis: Mapped[str] = mapped_column(
        String(30), default="self_declaration", server_default="self_declaration"
    )
    note: Mapped[str | None] = mapped_column(Text)
    evidence_attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    given_keys: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = _created()

    person: Mapped[Person | None] = relationship(back_populates="declarations")
    organization: Mapped[Organization | None] = relationship(back_populates="declarations")
    evidence: Mapped[Attachment | None] = relationship()


# --------------------------------------------------------------------------- research


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    search_title: Mapped[str] = mapped_column(String(500), index=True, default="")
    pi_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    pi_name: Mapped[str | None] = mapped_column(String(200))  # when the PI has no desk account
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    funding_sources: Mapped[list[str]] = mapped_column(default=list)
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    technology_fields: Mapped[list[str]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(
        String(20), default="active", index=True
    )  # PROJECT_STATUSES
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # keeping: optimistic locking, as on cases (a second save of a stale form is refused)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()

    pi: Mapped[User | None] = relationship()
    department: Mapped[Department | None] = relationship()
    technical_items: Mapped[list[TechnicalItem]] = relationship(back_populates="project")
    members: Mapped[list[ProjectMember]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectMember.id"
    )
    fundings: Mapped[list[ProjectFunding]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectFunding.position"
    )
    partners: Mapped[list[ProjectPartner]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectPartner.id"
    )

    _keep_search = keep_search("search_title", "title")


class ProjectMember(Base):
    """A person working in a project, with the period."""

    __tablename__ = "project_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str | None] = mapped_column(String(100))
    since: Mapped[dt.date | None] = mapped_column(Date)
    until: Mapped[dt.date | None] = mapped_column(Date)

    project: Mapped[Project] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()


class ProjectFunding(Base):
    """A funding line of a project; ``foreign_government`` marks a possible 特定類型② fact."""

    __tablename__ = "project_fundings"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    funder: Mapped[str] = mapped_column(String(300))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    country: Mapped[str | None] = mapped_column(String(2))
    foreign_government: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    reference: Mapped[str | None] = mapped_column(String(200))

    project: Mapped[Project] = relationship(back_populates="fundings")
    organization: Mapped[Organization | None] = relationship()


class ProjectPartner(Base):
    """An organization a project works with."""

    __tablename__ = "project_partners"
    __table_args__ = (UniqueConstraint("project_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str | None] = mapped_column(String(100))

    project: Mapped[Project] = relationship(back_populates="partners")
    organization: Mapped[Organization] = relationship()


class TechnicalItem(Base):
    """A piece of technology as classified (該非判定), with its exemption claims."""

    __tablename__ = "technical_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str | None] = mapped_column(String(500))
    search_title: Mapped[str] = mapped_column(String(500), index=True, default="")
    classification: Mapped[str] = mapped_column(String(20), index=True)
    item: Mapped[str | None] = mapped_column(String(40))
    specific_item_16_1: Mapped[bool] = mapped_column(Boolean, default=False)
    concern_relevance: Mapped[list[str]] = mapped_column(default=list)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    lab: Mapped[str | None] = mapped_column(String(200))  # the lab that keeps it (registers)
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # keeping: optimistic locking, as on cases (a second save of a stale form is refused)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    given_keys: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()

    project: Mapped[Project | None] = relationship(back_populates="technical_items")
    exemptions: Mapped[list[ExemptionClaim]] = relationship(
        back_populates="technical_item",
        cascade="all, delete-orphan",
        order_by="ExemptionClaim.position",
    )

    _keep_search = keep_search("search_title", "title")


class ExemptionClaim(Base):
    """An exemption basis claimed for a technical item; ``facts`` holds the basis's facts."""

    __tablename__ = "exemption_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    technical_item_id: Mapped[int] = mapped_column(
        ForeignKey("technical_items.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    basis: Mapped[str] = mapped_column(String(40))
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    given_keys: Mapped[list[str] | None] = mapped_column(JSON)

    technical_item: Mapped[TechnicalItem] = relationship(back_populates="exemptions")


# --------------------------------------------------------------------------- cases


class Case(Base):
    """One planned provision: a technical item to a person or an organization."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(100), unique=True)  # the case-format ``id``
    title: Mapped[str | None] = mapped_column(String(500))
    search_title: Mapped[str] = mapped_column(String(700), index=True, default="")
    technical_item_id: Mapped[int] = mapped_column(ForeignKey("technical_items.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    # provision (case format ``provision``)
    place: Mapped[str] = mapped_column(String(10), default="japan")
    country: Mapped[str | None] = mapped_column(String(2))
    channels: Mapped[list[str]] = mapped_column(default=list)
    provision_date: Mapped[dt.date | None] = mapped_column(Date)
    re_provision_evident: Mapped[bool] = mapped_column(Boolean, default=False)
    re_provision_country: Mapped[str | None] = mapped_column(String(2))
    known_end_use: Mapped[str | None] = mapped_column(String(20))
    known_end_user: Mapped[list[str]] = mapped_column(default=list)
    inform: Mapped[str | None] = mapped_column(String(20))
    clear_finding_documented: Mapped[bool | None] = mapped_column(Boolean)
    clear_finding_rationale: Mapped[str | None] = mapped_column(Text)
    clear_finding_given_keys: Mapped[list[str] | None] = mapped_column(JSON)
    provision_given_keys: Mapped[list[str] | None] = mapped_column(JSON)
    # workflow
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)  # CASE_STATUSES
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    filed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    notes: Mapped[str | None] = mapped_column(Text)
    activity: Mapped[str | None] = mapped_column(String(30))  # ACTIVITIES (the pre-check's)
    given_keys: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()
    # optimistic locking: every ORM update checks and bumps it, so a concurrent writer that
    # read the row before gets StaleDataError instead of overwriting (desk.services → conflict)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's own protocol)

    technical_item: Mapped[TechnicalItem] = relationship()
    person: Mapped[Person | None] = relationship()
    organization: Mapped[Organization | None] = relationship()
    filed_by: Mapped[User | None] = relationship()
    cleared_hits: Mapped[list[ClearedHit]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="ClearedHit.position"
    )
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Assessment.id"
    )

    _keep_search = keep_search("search_title", "ref", "title")


class ClearedHit(Base):
    """A list hit cleared in review for this case (case format ``recipient.cleared_hits``)."""

    __tablename__ = "cleared_hits"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    list_source: Mapped[str] = mapped_column(String(100))
    entry: Mapped[str] = mapped_column(String(100))
    name: Mapped[str | None] = mapped_column(String(500))
    reason: Mapped[str | None] = mapped_column(Text)
    given_keys: Mapped[list[str] | None] = mapped_column(JSON)

    case: Mapped[Case] = relationship(back_populates="cleared_hits")


class Assessment(Base):
    """The engine's answer for a case as it stood (``case_sha256``), with rule set and lists."""

    __tablename__ = "assessments"
    # home: the cases due for re-review are read from this index alone (bench/startup.py)
    __table_args__ = (Index("ix_assessments_review_on_case_id", "review_on", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(40), index=True)
    risk: Mapped[str] = mapped_column(String(4))
    review_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    ruleset_id: Mapped[str] = mapped_column(String(50))
    ruleset_version: Mapped[str] = mapped_column(String(50))
    list_versions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the engine's full JSON answer
    case_sha256: Mapped[str] = mapped_column(String(64))  # of the case document that was judged
    judged_on: Mapped[dt.date] = mapped_column(Date)
    assessed_at: Mapped[dt.datetime] = _created()
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship(back_populates="assessments")
    assessed_by: Mapped[User | None] = relationship()


class ReviewStep(Base):
    """One step of a case's review: the researcher's submission (``self``), the department's
    first review or the second review, with the assessment it was based on."""

    __tablename__ = "review_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(10))  # REVIEW_LEVELS
    decision: Mapped[str] = mapped_column(String(30))  # REVIEW_DECISIONS
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    conditions: Mapped[str | None] = mapped_column(Text)  # one condition a line
    comment: Mapped[str | None] = mapped_column(Text)
    final: Mapped[bool] = mapped_column(Boolean, default=False)  # this step decided the case

    reviewer: Mapped[User] = relationship()
    assessment: Mapped[Assessment] = relationship()


class Licence(Base):
    """A METI licence (許可): one recorded for a decided case (``case_id``), or one of the
    licence register, followed from 事前相談 through 許可申請 to granted, refused or
    withdrawn (``status``, LICENCE_STATUSES), covering a technical item, a recipient and a
    period (the classify branch's columns, see the block at the end of this module)."""

    __tablename__ = "licences"
    __table_args__ = (UniqueConstraint("case_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str | None] = mapped_column(String(100))
    granted_on: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    conditions: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = _created()
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # --- classify: the licence register's lifecycle and coverage
    status: Mapped[str] = mapped_column(String(20), default="granted", server_default="granted")
    title: Mapped[str | None] = mapped_column(String(500))
    consulted_on: Mapped[dt.date | None] = mapped_column(Date)  # 事前相談
    applied_on: Mapped[dt.date | None] = mapped_column(Date)  # 許可申請
    decided_on: Mapped[dt.date | None] = mapped_column(Date)  # refused / withdrawn
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    technical_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("technical_items.id"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    reprovision_consent: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    notes: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's own protocol)

    technical_item: Mapped[TechnicalItem | None] = relationship()
    person: Mapped[Person | None] = relationship()
    organization: Mapped[Organization | None] = relationship()


class CaseDocument(Base):
    """An evidence document for a case (spec sheet, paper, contract), optionally with its file."""

    __tablename__ = "case_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    version: Mapped[str | None] = mapped_column(String(100))
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    added_at: Mapped[dt.datetime] = _created()
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    attachment: Mapped[Attachment | None] = relationship()


# --------------------------------------------------------------------------- lists and screening


class ScreeningListSource(Base):
    """A restricted-party list as a source (``jp-eul``); its revisions are ``list_versions``."""

    __tablename__ = "lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    versions: Mapped[list[ListVersion]] = relationship(
        back_populates="source", cascade="all, delete-orphan", order_by="ListVersion.id"
    )


class ListVersion(Base):
    __tablename__ = "list_versions"
    __table_args__ = (UniqueConstraint("list_id", "version", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("lists.id", ondelete="CASCADE"), index=True)
    version: Mapped[str] = mapped_column(String(50))  # the publication date as written, 2025-09-29
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    sha256: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int] = mapped_column(Integer)
    has_categories: Mapped[bool] = mapped_column(Boolean, default=True)
    source_file: Mapped[str | None] = mapped_column(String(500))
    imported_at: Mapped[dt.datetime] = _created()
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    source: Mapped[ScreeningListSource] = relationship(back_populates="versions")
    entries: Mapped[list[ListEntry]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="ListEntry.id"
    )


class ListEntry(Base):
    __tablename__ = "list_entries"
    __table_args__ = (UniqueConstraint("list_version_id", "no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_version_id: Mapped[int] = mapped_column(
        ForeignKey("list_versions.id", ondelete="CASCADE"), index=True
    )
    no: Mapped[str] = mapped_column(String(50))
    country: Mapped[str] = mapped_column(String(2))
    country_name: Mapped[str] = mapped_column(String(200), default="")
    name: Mapped[str] = mapped_column(String(500))
    local_names: Mapped[list[str]] = mapped_column(default=list)
    aliases: Mapped[list[str]] = mapped_column(default=list)
    wmd: Mapped[list[str]] = mapped_column(default=list)
    cw: Mapped[bool] = mapped_column(Boolean, default=False)
    search_name: Mapped[str] = mapped_column(String(2000), index=True, default="")
    # lists: the part of a composite list (US CSL source list, UN regime, MOF sheet)
    program: Mapped[str] = mapped_column(String(300), default="", server_default="")

    version: Mapped[ListVersion] = relationship(back_populates="entries")

    # an entry with very many aliases (UN, US lists) keeps the first 2,000 characters here;
    # screening reads the names themselves
    _keep_search = keep_search("search_name", "name", "local_names", "aliases", limit=2000)


class ScreeningResult(Base):
    """One hit of a party's name against a list entry."""

    __tablename__ = "screening_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    list_entry_id: Mapped[int] = mapped_column(
        ForeignKey("list_entries.id", ondelete="CASCADE"), index=True
    )
    list_version_id: Mapped[int] = mapped_column(
        ForeignKey("list_versions.id", ondelete="CASCADE"), index=True
    )
    query: Mapped[str] = mapped_column(String(500))  # the name that was screened
    score: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(10), index=True)  # match | review | weak
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    screened_at: Mapped[dt.datetime] = _created()

    list_entry: Mapped[ListEntry] = relationship()


class Disposition(Base):
    """A reviewer's confirm/clear of (party, list entry, list version); the newest one counts."""

    __tablename__ = "dispositions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    list_entry_id: Mapped[int] = mapped_column(
        ForeignKey("list_entries.id", ondelete="CASCADE"), index=True
    )
    list_version_id: Mapped[int] = mapped_column(ForeignKey("list_versions.id", ondelete="CASCADE"))
    decision: Mapped[str] = mapped_column(String(10))  # confirm | clear
    reason: Mapped[str] = mapped_column(Text, default="")
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime] = _created()
    expires_on: Mapped[dt.date | None] = mapped_column(Date)

    list_entry: Mapped[ListEntry] = relationship()
    reviewer: Mapped[User | None] = relationship()


# --------------------------------------------------------------------------- records, files, audit


class Attachment(Base):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = _created()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class IssuedRecord(Base):
    """A PDF record issued for a case, under a unique document number."""

    __tablename__ = "issued_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_number: Mapped[str] = mapped_column(String(100), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # RECORD_KINDS
    lang: Mapped[str] = mapped_column(String(5))
    generated_at: Mapped[dt.datetime] = _created()
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    content_sha256: Mapped[str] = mapped_column(String(64))  # of the record data (printed on it)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))  # of the file as issued
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))  # the PDF bytes
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship()
    assessment: Mapped[Assessment | None] = relationship()
    attachment: Mapped[Attachment | None] = relationship()


class AuditEvent(Base):
    """Append-only log: who did what to which record, written in the same transaction."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_entity", "entity", "entity_id"),
        Index("ix_audit_events_seq", "seq", unique=True),  # an index, not a constraint: no
        # table rebuild on SQLite, so the append-only triggers stay in place
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60), index=True)  # e.g. case.import, case.assess
    entity: Mapped[str] = mapped_column(String(40))  # e.g. case, person, list_version
    entity_id: Mapped[str | None] = mapped_column(String(100))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # the hash chain (desk.storage.audit_chain): position, link to the previous event, own hash
    seq: Mapped[int | None] = mapped_column(Integer)
    prev_sha256: Mapped[str | None] = mapped_column(String(64))
    sha256: Mapped[str | None] = mapped_column(String(64))


class AuditChainHead(Base):
    """One row: the last event of the audit chain (its ``seq`` and ``sha256``)."""

    __tablename__ = "audit_chain"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))


class AuditAppendOnly(Exception):
    """Raised when code tries to change or delete an audit event."""


@event.listens_for(Session, "before_flush")
def _audit_is_append_only(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditAppendOnly("audit events are append-only: they cannot be changed or deleted")


# SQL that makes audit_events append-only in the database itself (used by the migrations).
AUDIT_TRIGGERS_SQLITE = (
    """CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    """CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
)
AUDIT_TRIGGERS_POSTGRESQL = (
    """CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()""",
    """CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()""",
)


# --------------------------------------------------------------------------- goods (貨物)


class GoodsItem(Base):
    """A good as classified (該非判定), kept as a register and reused across shipments.

    One row per (name, model, maker): re-importing a shipment with the same good keeps one
    row and records its latest classification (``key`` is the normalised triple).
    """

    __tablename__ = "goods_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the triple
    name: Mapped[str] = mapped_column(String(500))
    model: Mapped[str | None] = mapped_column(String(200))
    maker: Mapped[str | None] = mapped_column(String(300))
    hs_code: Mapped[str | None] = mapped_column(String(20))
    classification: Mapped[str] = mapped_column(String(20), index=True)
    item: Mapped[str | None] = mapped_column(String(40))
    article: Mapped[str | None] = mapped_column(String(500))
    table_3_3: Mapped[bool | None] = mapped_column(Boolean)
    specific_item_16_1: Mapped[bool | None] = mapped_column(Boolean)
    basis: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    determined_by: Mapped[str | None] = mapped_column(String(200))
    checked_by: Mapped[str | None] = mapped_column(String(200))  # 該非確認責任者
    determined_on: Mapped[dt.date | None] = mapped_column(Date)
    ordinance_version: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()
    # --- goodsrec: the register's own value, retirement and optimistic locking
    unit_value: Mapped[str | None] = mapped_column(String(40))  # exact decimal
    currency: Mapped[str | None] = mapped_column(String(3))
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's own protocol)


class Shipment(Base):
    """One shipment of goods (``desk-shipment/1``): the document as written, and its lines."""

    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(100), unique=True)  # the shipment-format ``id``
    title: Mapped[str | None] = mapped_column(String(500))
    mode: Mapped[str] = mapped_column(String(20), index=True)
    destination: Mapped[str] = mapped_column(String(2), index=True)
    export_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    # the desk-shipment/1 text (decimals exactly as written; JSON columns would round them)
    document: Mapped[str] = mapped_column(Text)
    document_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()
    # --- goodsrec: the review (as a case's), and the Customs export permit (関税法94条)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    filed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    permit_number: Mapped[str | None] = mapped_column(String(100))  # 輸出許可書番号
    permit_date: Mapped[dt.date | None] = mapped_column(Date)  # 輸出許可年月日
    # optimistic locking, as cases: two reviewers at once → the second gets a conflict
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's own protocol)

    lines: Mapped[list[ShipmentLine]] = relationship(
        back_populates="shipment", cascade="all, delete-orphan", order_by="ShipmentLine.position"
    )
    assessments: Mapped[list[ShipmentAssessment]] = relationship(
        back_populates="shipment", cascade="all, delete-orphan", order_by="ShipmentAssessment.id"
    )


class ShipmentLine(Base):
    """One goods line of a shipment, pointing to the register's good."""

    __tablename__ = "shipment_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(
        ForeignKey("shipments.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)  # 1-based, as the engine numbers lines
    goods_item_id: Mapped[int] = mapped_column(ForeignKey("goods_items.id"), index=True)
    quantity: Mapped[str] = mapped_column(String(40))  # exact decimal
    unit: Mapped[str] = mapped_column(String(40))
    unit_value: Mapped[str] = mapped_column(String(40))  # exact decimal
    currency: Mapped[str] = mapped_column(String(3))

    shipment: Mapped[Shipment] = relationship(back_populates="lines")
    goods_item: Mapped[GoodsItem] = relationship()


class ShipmentAssessment(Base):
    """The goods engine's answer for a shipment as it stood (``document_sha256``)."""

    __tablename__ = "shipment_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(
        ForeignKey("shipments.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(40), index=True)
    risk: Mapped[str] = mapped_column(String(4))
    ruleset_id: Mapped[str] = mapped_column(String(50))
    ruleset_version: Mapped[str] = mapped_column(String(50))
    list_versions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    document_sha256: Mapped[str] = mapped_column(String(64))
    judged_on: Mapped[dt.date] = mapped_column(Date)
    assessed_at: Mapped[dt.datetime] = _created()

    shipment: Mapped[Shipment] = relationship(back_populates="assessments")


# --- audit: internal audits (内部監査: plan, checklist, findings, corrective actions) ---

CHECK_RESULTS = ("conform", "nonconform", "na")  # 適 / 不適 / 該当なし
FINDING_SEVERITIES = ("major", "minor", "observation")  # 重大 / 軽微 / 改善提案
ACTION_STATUSES = ("open", "closed")


class InternalAudit(Base):
    """One internal audit of the export-control programme (遵守基準省令: 監査), usually one
    per fiscal year: its plan and scope, who audits and when, and the sign-off."""

    __tablename__ = "internal_audits"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)  # IA-2026-01
    fiscal_year: Mapped[int] = mapped_column(Integer, index=True)
    plan: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str | None] = mapped_column(Text)
    auditors: Mapped[str | None] = mapped_column(String(500))  # names as printed
    audit_on: Mapped[dt.date | None] = mapped_column(Date)
    checklist_id: Mapped[str] = mapped_column(String(60))  # the template it was made from
    checklist_source: Mapped[str | None] = mapped_column(Text)
    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_off_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    sign_off_comment: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = _created()
    # bumped by every change to the audit, its checklist, findings or actions: a report
    # keeps the version it printed, so that verifying it knows whether it can be re-created
    revision: Mapped[int] = mapped_column(Integer, default=1)

    signed_off_by: Mapped[User | None] = relationship(foreign_keys=[signed_off_by_id])
    checks: Mapped[list[InternalAuditCheck]] = relationship(
        cascade="all, delete-orphan",
        order_by="InternalAuditCheck.position",
        back_populates="audit",
    )
    findings: Mapped[list[InternalAuditFinding]] = relationship(
        cascade="all, delete-orphan",
        order_by="InternalAuditFinding.number",
        back_populates="audit",
    )


class InternalAuditCheck(Base):
    """One checklist item of an audit, copied from the template when the audit was made."""

    __tablename__ = "internal_audit_checks"
    __table_args__ = (UniqueConstraint("audit_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(
        ForeignKey("internal_audits.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(20))
    section: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text)
    section_en: Mapped[str | None] = mapped_column(String(200))
    question_en: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(String(20))  # CHECK_RESULTS; None: not yet
    notes: Mapped[str | None] = mapped_column(Text)

    audit: Mapped[InternalAudit] = relationship(back_populates="checks")


class InternalAuditFinding(Base):
    """A finding (指摘事項) of an audit, numbered within it."""

    __tablename__ = "internal_audit_findings"
    __table_args__ = (UniqueConstraint("audit_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(
        ForeignKey("internal_audits.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    check_code: Mapped[str | None] = mapped_column(String(20))
    severity: Mapped[str | None] = mapped_column(String(20))  # FINDING_SEVERITIES
    text: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = _created()

    audit: Mapped[InternalAudit] = relationship(back_populates="findings")
    actions: Mapped[list[InternalAuditAction]] = relationship(
        cascade="all, delete-orphan",
        order_by="InternalAuditAction.id",
        back_populates="finding",
    )


class InternalAuditAction(Base):
    """A corrective action (是正措置) for a finding: the office's, with an owner and a due
    date; closing it records the follow-up."""

    __tablename__ = "internal_audit_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("internal_audit_findings.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")  # ACTION_STATUSES
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    follow_up: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = _created()
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    finding: Mapped[InternalAuditFinding] = relationship(back_populates="actions")


# --- lists: stored screening records and their hits' dispositions ---


class ScreeningRecord(Base):
    """One screening of a name (``desk screen NAME --record``, the app's screen dialog):
    who, when, the query, the list versions it ran against; its hits are
    ``screening_record_hits``. ``status``: ``open`` (a hit awaits a decision),
    ``cleared`` (every hit cleared or no hit), ``confirmed`` (a hit confirmed: escalated)."""

    __tablename__ = "screening_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    query: Mapped[str] = mapped_column(String(500))
    country: Mapped[str | None] = mapped_column(String(2))
    lists: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # id, version, sha256
    status: Mapped[str] = mapped_column(String(10), index=True, default="open")
    screened_at: Mapped[dt.datetime] = _created()
    screened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    screened_by: Mapped[User | None] = relationship()
    hits: Mapped[list[ScreeningRecordHit]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="ScreeningRecordHit.id"
    )


class ScreeningRecordHit(Base):
    """A hit of a screening record on one list entry, with its disposition: ``open``,
    ``cleared`` (a false positive, with the reason) or ``confirmed`` (a true match)."""

    __tablename__ = "screening_record_hits"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("screening_records.id", ondelete="CASCADE"), index=True
    )
    list_entry_id: Mapped[int] = mapped_column(ForeignKey("list_entries.id"), index=True)
    list_version_id: Mapped[int] = mapped_column(ForeignKey("list_versions.id"))
    score: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(10))
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(10), index=True, default="open")
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    found_at: Mapped[dt.datetime] = _created()  # when screening or a list import raised it

    record: Mapped[ScreeningRecord] = relationship(back_populates="hits")
    list_entry: Mapped[ListEntry] = relationship()
    list_version: Mapped[ListVersion] = relationship()
    decided_by: Mapped[User | None] = relationship()


# --- intake: roster import and the review list of doubtful pairs (名寄せ) ---

ROSTER_REVIEW_STATUSES = ("pending", "accepted", "rejected")


class RosterReview(Base):
    """A roster row whose person may be one already registered: the row was registered as
    ``person_id`` and ``candidate_id`` is the registered person it may be. The office accepts
    (the two are merged into the candidate) or rejects (they stay two people).

    ``row_key`` is the SHA-256 of the row's facts, so that importing the same roster again
    recognises the row instead of registering it a second time."""

    __tablename__ = "roster_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    row_key: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(String(500))  # file, sheet and row
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    created_at: Mapped[dt.datetime] = _created()
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by: Mapped[str | None] = mapped_column(String(100))


# --- intake: declarations and pledges as documents with a lifecycle, and campaigns ---

INTAKE_DOCUMENT_KINDS = ("declaration", "pledge", "exit_pledge", "change_report")
INTAKE_DOCUMENT_STATUSES = ("requested", "received", "expired", "withdrawn")


class DeclarationCampaign(Base):
    """A request for declarations or pledges sent to a cohort (all new foreign students of a
    term, all staff of a department): each person asked has a requested document."""

    __tablename__ = "declaration_campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))  # INTAKE_DOCUMENT_KINDS
    requested_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    cohort: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # how it was chosen
    created_at: Mapped[dt.datetime] = _created()


class IntakeDocument(Base):
    """A person's 特定類型 declaration (確認書・自己申告書) or pledge (誓約書) as a document:
    requested → received → expired | withdrawn, with its dates, validity and the file."""

    __tablename__ = "intake_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)  # INTAKE_DOCUMENT_KINDS
    status: Mapped[str] = mapped_column(String(20), index=True)  # INTAKE_DOCUMENT_STATUSES
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("declaration_campaigns.id", ondelete="SET NULL"), index=True
    )
    requested_on: Mapped[dt.date | None] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    received_on: Mapped[dt.date | None] = mapped_column(Date)  # the declaration's date
    valid_until: Mapped[dt.date | None] = mapped_column(Date, index=True)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)  # expired or withdrawn on
    basis: Mapped[str | None] = mapped_column(String(30))  # DECLARATION_BASES (declarations)
    types: Mapped[list[int]] = mapped_column(default=list)  # 特定類型 declared (declarations)
    document: Mapped[str | None] = mapped_column(String(500))  # file name or reference
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


# --- intake: reviews of a person at admission, hiring or a visit ---

INTAKE_OCCASIONS = ("admission", "hiring", "visit", "status_change", "other")
INTAKE_OUTCOMES = ("cleared", "conditions", "refused", "pending")


class IntakeReview(Base):
    """A review of a person (separate from any technology case): the screening of the
    person and their affiliations, the residency and 特定類型 facts as they stood
    (``facts``), and the outcome. A person whose facts changed since is due again."""

    __tablename__ = "intake_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    occasion: Mapped[str] = mapped_column(String(20))  # INTAKE_OCCASIONS
    reviewed_on: Mapped[dt.date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(20), index=True)  # INTAKE_OUTCOMES
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    hits: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = _created()


# --- records: the office's settings (the institution printed on every record) ---


class OfficeSetting(Base):
    """One setting of the office, shared by every user of the database (``institution``:
    the name printed on every record). Changed through ``desk settings set``; each change is
    an audit event."""

    __tablename__ = "office_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = _updated()


class TransactionCheck(Base):
    """The office's 取引審査 facts for a case, printed on the 取引審査票: the stated end use
    and end user (用途確認・需要者確認), the documents checked, the 明らかガイドライン
    checklist and 輸出取りやめ. Append-only: each change is a new row carrying the earlier
    values forward, so that a record re-creates with the row it was issued with."""

    __tablename__ = "transaction_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    end_use: Mapped[str | None] = mapped_column(Text)
    end_user: Mapped[str | None] = mapped_column(Text)
    documents_checked: Mapped[list[str]] = mapped_column(JSON, default=list)
    clear_checklist: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    cancelled_on: Mapped[dt.date | None] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(100))
    # red-flag code → the office's answer (True: a concern); absent: unanswered (0015)
    red_flags: Mapped[dict[str, bool] | None] = mapped_column(JSON, nullable=True)
    recorded_at: Mapped[dt.datetime] = _created()


# --- keeping: backups, retention, signed records ---


class DocumentNumberFloor(Base):
    """The last serial issued under a document-number prefix (``DESK-2026-SCR-``) by a
    database this one replaced (a restore): numbering continues above it, so restoring an
    older copy never issues a number that is already out in the world."""

    __tablename__ = "document_number_floors"

    prefix: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_serial: Mapped[int] = mapped_column(Integer)
    set_at: Mapped[dt.datetime] = _created()


RETENTION_RECORD_TYPES = ("review_record", "shipment_record")
HOLD_ENTITIES = ("case", "shipment")


class RetentionPolicy(Base):
    """How long a type of record is kept (years after its starting date); no row: the
    default (:mod:`desk.services.retention`)."""

    __tablename__ = "retention_policies"

    record_type: Mapped[str] = mapped_column(String(30), primary_key=True)
    years: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = _created()
    updated_by: Mapped[str | None] = mapped_column(String(100))


class LegalHold(Base):
    """A legal hold on a case or a shipment: never disposed of while it is not released."""

    __tablename__ = "legal_holds"
    __table_args__ = (Index("ix_legal_holds_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))  # HOLD_ENTITIES
    entity_id: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    held_by: Mapped[str] = mapped_column(String(100))
    held_at: Mapped[dt.datetime] = _created()
    released_by: Mapped[str | None] = mapped_column(String(100))
    released_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    release_reason: Mapped[str | None] = mapped_column(Text)


class RecordSignature(Base):
    """The institution's Ed25519 signature of an issued record's PDF (its SHA-256 and
    document number), made with a key kept outside the database."""

    __tablename__ = "record_signatures"

    document_number: Mapped[str] = mapped_column(String(100), primary_key=True)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(200))  # base64 of the 64 bytes
    key_fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of the raw public key
    signed_at: Mapped[dt.datetime] = _created()


# --- signin: local sign-in accounts (single-PC mode) and the sign-in policy ---


class Credential(Base):
    """A user's local password (argon2id hash) and lock-out state (desk.services.users).

    Single-PC mode only: in shared mode PostgreSQL authenticates its logins itself."""

    __tablename__ = "user_credentials"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    password_hash: Mapped[str] = mapped_column(String(200))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    changed_at: Mapped[dt.datetime] = _created()
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class SigninPolicy(Base):
    """One row (id 1): failures before lock-out, the lock's minutes, idle minutes in the app."""

    __tablename__ = "signin_policy"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    max_failures: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    lock_minutes: Mapped[int] = mapped_column(Integer, default=15, server_default="15")
    idle_minutes: Mapped[int] = mapped_column(Integer, default=15, server_default="15")


# --- classify: 該非判定 records, their basis documents and history; インフォーム通知 ---

CLASSIFICATION_RESULTS = ("listed", "not_listed", "out_of_scope", "undetermined")  # domain
LICENCE_STATUSES = ("consultation", "applied", "granted", "refused", "withdrawn")
INFORM_KINDS = ("wmd", "conventional")


class Classification(Base):
    """A 該非判定 of a technical item or a goods item (exactly one of the two), reused by every
    case and shipment of the item. The item is kept as 項 and 号 (``item_number`` ``"7"``,
    ``item_sub`` ``"1"`` → 7の項(1)); the 貨物等省令 article as written (``"19"``, ``"14の2"``).
    Each save keeps a snapshot (``classification_snapshots``) that records cite."""

    __tablename__ = "classifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    technical_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("technical_items.id", ondelete="CASCADE"), unique=True
    )
    goods_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("goods_items.id", ondelete="CASCADE"), unique=True
    )
    result: Mapped[str] = mapped_column(String(20), index=True)  # CLASSIFICATION_RESULTS
    control_table: Mapped[str] = mapped_column(String(20))  # fefta_order | export_order
    item_number: Mapped[str | None] = mapped_column(String(10), index=True)
    item_sub: Mapped[str | None] = mapped_column(String(40))
    article: Mapped[str | None] = mapped_column(String(20))
    paragraph: Mapped[str | None] = mapped_column(String(20))
    article_number: Mapped[str | None] = mapped_column(String(20))
    ordinance_revision: Mapped[dt.date | None] = mapped_column(Date)
    ruleset_version: Mapped[str | None] = mapped_column(String(50))
    # the 16項 question for 対象外: the HS code and whether its chapter is one of 16項's
    hs_code: Mapped[str | None] = mapped_column(String(20))
    in_item16_chapters: Mapped[bool | None] = mapped_column(Boolean)
    parameters: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    basis: Mapped[str | None] = mapped_column(Text)  # 判定根拠 in words
    related_goods: Mapped[str | None] = mapped_column(Text)  # 関連貨物
    classified_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    classified_on: Mapped[dt.date] = mapped_column(Date)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's own protocol)

    technical_item: Mapped[TechnicalItem | None] = relationship()
    goods_item: Mapped[GoodsItem | None] = relationship()
    classified_by: Mapped[User] = relationship(foreign_keys=[classified_by_id])
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])
    documents: Mapped[list[ClassificationDocument]] = relationship(
        back_populates="classification",
        cascade="all, delete-orphan",
        order_by="ClassificationDocument.id",
    )


class ClassificationDocument(Base):
    """A basis document of a classification: the maker's 該非判定書 (date, version), a
    catalogue, a specification; its file is an attachment (SHA-256 kept)."""

    __tablename__ = "classification_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    classification_id: Mapped[int] = mapped_column(
        ForeignKey("classifications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # desk.domain.classification.DOCUMENT_KINDS
    title: Mapped[str] = mapped_column(String(500))
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    doc_version: Mapped[str | None] = mapped_column(String(100))
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    added_at: Mapped[dt.datetime] = _created()
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    classification: Mapped[Classification] = relationship(back_populates="documents")
    attachment: Mapped[Attachment | None] = relationship()


class ClassificationSnapshot(Base):
    """The classification as saved (every add, edit, confirmation, attachment): what a record
    issued then printed, so that ``desk report verify`` re-creates it after later edits."""

    __tablename__ = "classification_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    classification_id: Mapped[int] = mapped_column(
        ForeignKey("classifications.id", ondelete="CASCADE"), index=True
    )
    technical_item_id: Mapped[int | None] = mapped_column(Integer, index=True)
    goods_item_id: Mapped[int | None] = mapped_column(Integer, index=True)
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    saved_at: Mapped[dt.datetime] = _created()


class Inform(Base):
    """An インフォーム通知 from METI: number, date, the technology and whom it names."""

    __tablename__ = "informs"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(100), unique=True)
    notified_on: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))  # INFORM_KINDS
    summary: Mapped[str | None] = mapped_column(Text)
    technical_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("technical_items.id"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    recorded_at: Mapped[dt.datetime] = _created()
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    technical_item: Mapped[TechnicalItem | None] = relationship()
    person: Mapped[Person | None] = relationship()
    organization: Mapped[Organization | None] = relationship()


# --- trips: trip applications (渡航申請) with their cases, hand-carried goods and records ---

TRIP_RECORD_KINDS = ("hand_carry", "bundle")  # 携行品申告書, the trip's decision record


class Trip(Base):
    """One traveller's trip abroad: dates, destinations, the technology cases provided on
    it and the hand-carry shipments carried in the luggage, judged together."""

    __tablename__ = "trips"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str | None] = mapped_column(String(500))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    departs_on: Mapped[dt.date] = mapped_column(Date, index=True)
    returns_on: Mapped[dt.date] = mapped_column(Date)
    destinations: Mapped[list[str]] = mapped_column(default=list)  # ISO-2, in visiting order
    purpose: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()
    # --- rls: who entered the trip (shared mode: they and their department head see it)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    person: Mapped[Person] = relationship()
    cases: Mapped[list[TripCase]] = relationship(
        back_populates="trip", cascade="all, delete-orphan", order_by="TripCase.position"
    )
    shipments: Mapped[list[TripShipment]] = relationship(
        back_populates="trip", cascade="all, delete-orphan", order_by="TripShipment.position"
    )
    assessments: Mapped[list[TripAssessment]] = relationship(
        back_populates="trip", cascade="all, delete-orphan", order_by="TripAssessment.id"
    )


class TripCase(Base):
    """A technology case provided on a trip."""

    __tablename__ = "trip_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)

    trip: Mapped[Trip] = relationship(back_populates="cases")
    case: Mapped[Case] = relationship()


class TripShipment(Base):
    """A hand-carry shipment (goods in the traveller's luggage) of a trip."""

    __tablename__ = "trip_shipments"

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"), index=True)

    trip: Mapped[Trip] = relationship(back_populates="shipments")
    shipment: Mapped[Shipment] = relationship()


class TripAssessment(Base):
    """A trip judged: each part by its own engine, the worst outcome, and the facts judged
    (``result`` is the whole answer; records print from it alone)."""

    __tablename__ = "trip_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(40), index=True)
    risk: Mapped[str] = mapped_column(String(4))
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    trip_sha256: Mapped[str] = mapped_column(String(64))  # of the trip's facts as judged
    judged_on: Mapped[dt.date] = mapped_column(Date)
    assessed_at: Mapped[dt.datetime] = _created()
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    trip: Mapped[Trip] = relationship(back_populates="assessments")


class TripRecord(Base):
    """A PDF record issued for a trip (the hand-carry declaration or the trip's bundle),
    under a unique document number; re-created from its assessment to verify it."""

    __tablename__ = "trip_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_number: Mapped[str] = mapped_column(String(100), unique=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("trip_assessments.id"))
    kind: Mapped[str] = mapped_column(String(20))  # TRIP_RECORD_KINDS
    lang: Mapped[str] = mapped_column(String(5))
    institution: Mapped[list[str]] = mapped_column(default=list)  # (ja, en) as printed
    generated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    content_sha256: Mapped[str] = mapped_column(String(64))
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    trip: Mapped[Trip] = relationship()
    assessment: Mapped[TripAssessment] = relationship()


# --- goodsrec: shipment review steps and the goods records issued (取引審査票, 94条の帳簿) ---

SHIPMENT_RECORD_KINDS = ("review_sheet", "customs_book", "certificate")


class ShipmentReviewStep(Base):
    """One step of a shipment's review, as :class:`ReviewStep` of a case: the submission
    (``self``), the department's first review or the second review, with the assessment it
    was based on."""

    __tablename__ = "shipment_review_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(
        ForeignKey("shipments.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[str] = mapped_column(String(10))  # self | first | second
    decision: Mapped[str] = mapped_column(String(30))  # REVIEW_DECISIONS
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("shipment_assessments.id", ondelete="CASCADE"), index=True
    )
    conditions: Mapped[str | None] = mapped_column(Text)  # one condition a line
    comment: Mapped[str | None] = mapped_column(Text)
    final: Mapped[bool] = mapped_column(Boolean, default=False)

    reviewer: Mapped[User] = relationship()
    assessment: Mapped[ShipmentAssessment] = relationship()


class ShipmentRecord(Base):
    """A goods record issued for a shipment (SHIPMENT_RECORD_KINDS) under a unique document
    number, with what it printed up to (``step_cutoff``) so that it can be rendered again."""

    __tablename__ = "shipment_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_number: Mapped[str] = mapped_column(String(100), unique=True)
    shipment_id: Mapped[int] = mapped_column(
        ForeignKey("shipments.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    generated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("shipment_assessments.id", ondelete="CASCADE")
    )
    step_cutoff: Mapped[int] = mapped_column(Integer, default=0)
    institution: Mapped[str] = mapped_column(String(500))
    content_sha256: Mapped[str] = mapped_column(String(64))
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    issued_by: Mapped[str] = mapped_column(String(100))

    shipment: Mapped[Shipment] = relationship()


# --- minuse: the cleared shipment a case's minimum-use-technology exemption relies on ---


class CaseShipmentLink(Base):
    """The stored shipment whose cleared export a case's ``minimum_use_technology``
    exemption (貨物の使用に必要な最小限の技術) relies on: one shipment per case."""

    __tablename__ = "case_shipment_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), unique=True, index=True
    )
    shipment_id: Mapped[int] = mapped_column(
        ForeignKey("shipments.id", ondelete="CASCADE"), index=True
    )
    linked_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    linked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    case: Mapped[Case] = relationship()
    shipment: Mapped[Shipment] = relationship()
    linked_by: Mapped[User] = relationship()
