"""Bulk inserts for large registries (demo data, benchmarks, migrations from other tools).

The ORM unit of work flushes one object at a time and runs Python validators; for
100,000 people that is minutes. These functions write the same rows with executemany
``INSERT`` statements (``RETURNING`` the new ids, in parameter order, where rows need
them), so they fill the columns the ORM would fill on its own themselves:
``search_*`` via :func:`desk.storage.models.search_key`, ``given_keys``, timestamps.

A person is given as its ``desk-case/1`` recipient, exactly as :mod:`desk.storage.casemap`
stores one, so that a case pointing at the row loads back as the same recipient.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from desk.domain import case as d
from desk.storage import models as m

# one mapping of technology and provision facts to columns: casemap's
from desk.storage.casemap import _store_provision, _store_technology
from desk.storage.fieldmap import (
    CASE,
    CLEARED_HIT,
    DECLARATION,
    EMPLOYMENT,
    PERSON,
    RECIPIENT,
    TIE,
    row_values,
)
from desk.storage.fieldmap import keys as _keys

BATCH = 5000
_T = TypeVar("_T")

OrgKey = tuple[str, str | None, str | None]  # (name, country, kind), as an affiliation names it


@dataclass(frozen=True)
class OrganizationRecord:
    name: str
    country: str | None
    kind: str | None
    name_latin: str | None = None
    local_names: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    location: str | None = None
    official_status: str | None = None


@dataclass(frozen=True)
class PersonRecord:
    """One person for the people registry: the recipient facts plus the university's view."""

    recipient: d.Recipient
    role: str | None = None  # models.PERSON_ROLES
    department_id: int | None = None
    email: str | None = None
    notes: str | None = None


def _batches(rows: Sequence[_T], size: int = BATCH) -> Iterator[Sequence[_T]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


# Core executemany on the session's connection. The ORM's bulk mode costs far more per
# row, and INSERT … RETURNING in parameter order falls back to one statement per row on
# SQLite; so the ids are reserved first and written with the rows.
def _reserve_ids(session: Session, table: Any, count: int) -> list[int]:
    conn = session.connection()
    if count == 0:
        return []
    if conn.dialect.name == "postgresql":
        # nextval is safe against concurrent writers and leaves the sequence past the ids
        seq = text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
        )
        return list(conn.execute(seq, {"table": table.name, "n": count}).scalars())
    # SQLite: one writer at a time; a clash would fail on the primary key, never mix rows
    start = int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1
    return list(range(start, start + count))


def _insert_with_ids(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> list[int]:
    table = model.__table__
    ids = _reserve_ids(session, table, len(rows))
    for row, row_id in zip(rows, ids, strict=True):
        row["id"] = row_id  # the caller's throw-away dicts: no copy of 100,000 rows
    _insert(session, model, rows)
    return ids


def _insert(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    table = model.__table__
    conn = session.connection()
    for chunk in _batches(rows):
        conn.execute(insert(table), list(chunk))


def affiliation_organizations(session: Session) -> dict[OrgKey, int]:
    """Organizations an affiliation can point at (no recipient-only facts), by name/country/kind.

    The same rule as :func:`desk.storage.caselinks.organization_for` for the same name,
    country and kind: the oldest such row wins.
    """
    rows = session.execute(
        select(m.Organization.id, m.Organization.name, m.Organization.country, m.Organization.kind)
        .where(m.Organization.location.is_(None), m.Organization.official_status.is_(None))
        .order_by(m.Organization.id)
    )
    out: dict[OrgKey, int] = {}
    for row_id, name, country, kind in rows:
        out.setdefault((name, country, kind), row_id)
    return out


def insert_organizations(
    session: Session, records: Sequence[OrganizationRecord], *, created_at: dt.datetime
) -> list[int]:
    """Insert ``records`` as new ``organizations`` rows; returns their ids in order."""
    rows = [
        {
            "name": r.name,
            "name_latin": r.name_latin,
            "local_names": list(r.local_names),
            "aliases": list(r.aliases),
            "search_name": m.search_key(r.name, r.name_latin, *r.local_names, *r.aliases),
            "country": r.country,
            "kind": r.kind,
            "location": r.location,
            "official_status": r.official_status,
            "given_keys": [],
            "created_at": created_at,
            "updated_at": created_at,
        }
        for r in records
    ]
    return _insert_with_ids(session, m.Organization, rows)


def insert_people(
    session: Session, records: Sequence[PersonRecord], *, created_at: dt.datetime
) -> list[int]:
    """Insert ``records`` with their affiliations, ties and declarations; returns the person ids.

    Affiliations point at existing organizations with the same name, country and kind;
    missing ones are created (as :mod:`desk.storage.casemap` would).
    """
    orgs = affiliation_organizations(session)
    missing: dict[OrgKey, None] = {}
    for rec in records:
        for a in rec.recipient.affiliations:
            key = (a.name, a.country, a.kind)
            if key not in orgs:
                missing.setdefault(key, None)
    if missing:
        keys = list(missing)
        new_ids = insert_organizations(
            session,
            [OrganizationRecord(name=k[0], country=k[1], kind=k[2]) for k in keys],
            created_at=created_at,
        )
        orgs.update(zip(keys, new_ids, strict=True))

    # a batch at a time: the rows of 100,000 people at once would take half a gigabyte
    ids: list[int] = []
    for batch in _batches(records):
        ids.extend(_insert_people_batch(session, batch, orgs, created_at))
    return ids


def _insert_people_batch(
    session: Session,
    records: Sequence[PersonRecord],
    orgs: dict[OrgKey, int],
    created_at: dt.datetime,
) -> list[int]:
    person_rows: list[dict[str, Any]] = []
    for rec in records:
        r = rec.recipient
        if r.kind != "person":
            raise ValueError(f"not a person: {r.name!r}")
        person_rows.append(
            {
                **row_values(r, RECIPIENT + PERSON),
                **row_values(r.employment_in_japan, EMPLOYMENT),
                "search_name": m.search_key(r.name, r.name_latin),
                "department_id": rec.department_id,
                "role": rec.role,
                "email": rec.email,
                "notes": rec.notes,
                "created_at": created_at,
                "updated_at": created_at,
            }
        )
    ids = _insert_with_ids(session, m.Person, person_rows)

    affiliations: list[dict[str, Any]] = []
    ties: list[dict[str, Any]] = []
    declarations: list[dict[str, Any]] = []
    for person_id, rec in zip(ids, records, strict=True):
        r = rec.recipient
        for i, a in enumerate(r.affiliations):
            affiliations.append(
                {
                    "person_id": person_id,
                    "organization_id": orgs[(a.name, a.country, a.kind)],
                    "position": i,
                    "given_keys": _keys(a.given),
                }
            )
        for i, t in enumerate(r.ties):
            ties.append({"person_id": person_id, "position": i, **row_values(t, TIE)})
        if r.declaration is not None:
            declarations.append(
                {
                    "person_id": person_id,
                    **row_values(r.declaration, DECLARATION),
                    "created_at": created_at,
                }
            )
    _insert(session, m.Affiliation, affiliations)
    _insert(session, m.Tie, ties)
    _insert(session, m.Declaration, declarations)
    return ids


def add_technical_item(
    session: Session, tech: d.Technology, *, project_id: int | None, created_at: dt.datetime
) -> m.TechnicalItem:
    """A ``technical_items`` row (with its exemption claims) for ``tech``, as casemap stores one."""
    row = m.TechnicalItem(classification="", project_id=project_id)
    _store_technology(row, tech)
    row.created_at = row.updated_at = created_at
    session.add(row)
    return row


def add_case(
    session: Session,
    case: d.Case,
    *,
    technical_item: m.TechnicalItem,
    person_id: int | None = None,
    organization_id: int | None = None,
    status: str = "draft",
    activity: str | None = None,
    filed_by_id: int | None = None,
    filed_at: dt.datetime | None = None,
    created_at: dt.datetime,
) -> m.Case:
    """A ``cases`` row for ``case`` that points at an existing item and recipient row.

    Unlike :func:`desk.storage.casemap.store_case`, which gives every imported case its
    own recipient and item rows, this shares the registry rows: the caller guarantees
    that they hold the same facts as ``case`` (so :func:`casemap.load_case` gives it back).
    """
    if (person_id is None) == (organization_id is None):
        raise ValueError("a case has exactly one recipient: a person or an organization")
    row = m.Case(
        **row_values(case, CASE),
        technical_item=technical_item,
        person_id=person_id,
        organization_id=organization_id,
        status=status,
        activity=activity,
        filed_by_id=filed_by_id,
        filed_at=filed_at,
        created_at=created_at,
        updated_at=created_at,
    )
    _store_provision(row, case.provision)
    row.cleared_hits = [
        m.ClearedHit(position=i, **row_values(h, CLEARED_HIT))
        for i, h in enumerate(case.recipient.cleared_hits)
    ]
    session.add(row)
    return row


def count_rows(session: Session, models: Iterable[Any]) -> dict[str, int]:
    """Row counts by table name, for a quick "is this database empty?" check."""
    return {
        model.__tablename__: int(session.scalar(select(func.count()).select_from(model)) or 0)
        for model in models
    }
