"""How fast ``desk demo`` fills a database: the bulk people path against the ORM baseline.

    .venv/bin/python bench/demo.py [--people 100000] [--baseline 2000]

Prints, in one run on this machine:
- generation: the pure generator (``demo_data.generate``) for N people;
- baseline: the same people written through the ORM unit of work (``session.add`` of
  ``Person`` objects with affiliations, ties and declarations), for a smaller count;
- bulk: ``desk.storage.bulk.insert_people`` for the baseline count and for N;
- the whole ``load_demo`` for N people (no assessment) and for the default 200 people
  with the assessment of its 300 cases.
Databases are temporary SQLite files; nothing is kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from sqlalchemy.orm import Session

from desk.demo import generate_people, load_demo
from desk.services.context import open_context
from desk.storage import bulk
from desk.storage import models as m
from desk.storage.casemap import _tie_row

CREATED = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def _orm_people(session: Session, records: list[bulk.PersonRecord]) -> None:
    """The baseline: one ORM object per row, organizations looked up as casemap does."""
    orgs: dict[tuple[str, str | None, str | None], m.Organization] = {}
    for rec in records:
        r = rec.recipient
        emp = r.employment_in_japan
        person = m.Person(
            name=r.name,
            name_latin=r.name_latin,
            nationalities=list(r.nationalities),
            country=r.country,
            location=r.location,
            official_status=r.official_status,
            entered_japan_on=r.entered_japan_on,
            employment_employer=emp.employer if emp else None,
            employment_form=emp.form if emp else None,
            employment_since=emp.since if emp else None,
            employment_until=emp.until if emp else None,
            left_japan_on=r.left_japan_on,
            abroad_purpose=r.abroad_purpose,
            intended_stay_years=r.intended_stay_years,
            returned_on=r.returned_on,
            role=rec.role,
            email=rec.email,
            notes=rec.notes,
        )
        for i, a in enumerate(r.affiliations):
            key = (a.name, a.country, a.kind)
            org = orgs.get(key)
            if org is None:
                org = orgs[key] = m.Organization(name=a.name, country=a.country, kind=a.kind)
            person.affiliations.append(m.Affiliation(position=i, organization=org))
        person.ties.extend(_tie_row(i, t) for i, t in enumerate(r.ties))
        if r.declaration:
            person.declarations.append(
                m.Declaration(
                    declared_on=r.declaration.declared_on, types=list(r.declaration.types)
                )
            )
        session.add(person)


def _records(count: int) -> list[bulk.PersonRecord]:
    return [
        bulk.PersonRecord(recipient=p.recipient, role=p.registry_role, email=p.email)
        for p in generate_people(1, count)
    ]


def _time_write(directory: Path, name: str, count: int, *, orm: bool) -> float:
    records = _records(count)
    with open_context(f"sqlite:///{directory / name}", actor="bench") as ctx:
        started = time.perf_counter()
        with ctx.transaction() as s:
            if orm:
                _orm_people(s, records)
            else:
                bulk.insert_people(s, records, created_at=CREATED)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=2_000)
    args = parser.parse_args()
    n, b = args.people, args.baseline

    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        started = time.perf_counter()
        generate_people(1, n)
        gen = time.perf_counter() - started
        print(f"generate {n:>7,} people (pure)           {gen:7.2f} s")

        orm = _time_write(d, "orm.sqlite3", b, orm=True)
        fast = _time_write(d, "bulk-small.sqlite3", b, orm=False)
        print(f"store    {b:>7,} people, ORM baseline    {orm:7.2f} s  ({b / orm:>9,.0f} people/s)")
        print(
            f"store    {b:>7,} people, bulk inserts    {fast:7.2f} s  ({b / fast:>9,.0f} people/s)"
        )
        print(f"         bulk is {orm / fast:.1f}× the baseline's speed")
        big = _time_write(d, "bulk-big.sqlite3", n, orm=False)
        print(f"store    {n:>7,} people, bulk inserts    {big:7.2f} s  ({n / big:>9,.0f} people/s)")

        with open_context(f"sqlite:///{d / 'demo-big.sqlite3'}", actor="bench") as ctx:
            summary, _ = load_demo(ctx, people=n, assess=False)
        print(
            f"desk demo --people {n:,} --no-assess     {summary.seconds:7.2f} s (with generation)"
        )
        with open_context(f"sqlite:///{d / 'demo.sqlite3'}", actor="bench") as ctx:
            summary, _ = load_demo(ctx)
        print(f"desk demo (200 people, {summary.assessed} cases assessed) {summary.seconds:7.2f} s")


if __name__ == "__main__":
    main()
