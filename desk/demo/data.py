"""Realistic, fictitious demo data, generated deterministically from a seed.

Pure: builds plain frozen dataclasses (``desk-case/1`` :class:`~desk.domain.case.Case`
objects and registry records, :mod:`desk.demo.model`) and touches no database, so the
unit tests run it without one. :mod:`desk.demo.loader` stores the result.

The content — names, organizations, technology templates, the office's tables and the
weights — is data under ``resources/demo/`` (:mod:`desk.demo.content`); the generator
is :mod:`.people`, :mod:`.office` and :mod:`.cases`, put together by :func:`generate`.

Determinism: every part draws from its own ``random.Random`` seeded with a string
derived from the seed (``"7/people"``, ``"7/items"``, ...), and dates are counted
from a fixed reference date, never from today. Person *i* depends only on persons
before it, so the first 200 people of a 100,000-person database are the people of
the default one.
"""

from __future__ import annotations

import datetime as dt

from desk.demo import content
from desk.demo.cases import (
    generate_cases,
)
from desk.demo.model import (
    DEFAULT_CASES,
    DEFAULT_ITEMS,
    DEFAULT_PEOPLE,
    DEFAULT_PROJECTS,
    DEFAULT_SEED,
    REFERENCE_DATE,
    DemoDataset,
)
from desk.demo.office import (
    all_organizations,
    generate_items,
    generate_projects,
    generate_staff,
)
from desk.demo.people import (
    generate_people,
)


def generate(
    seed: int = DEFAULT_SEED,
    people: int = DEFAULT_PEOPLE,
    *,
    projects: int = DEFAULT_PROJECTS,
    items: int = DEFAULT_ITEMS,
    cases: int = DEFAULT_CASES,
    reference_date: dt.date = REFERENCE_DATE,
) -> DemoDataset:
    """The whole demo data set for ``seed``: same arguments, same data set."""
    if people < 0 or projects < 1 or items < 1 or cases < 0:
        raise ValueError("counts must be positive")
    persons = generate_people(seed, people, reference_date=reference_date)
    projs = generate_projects(seed, persons, projects)
    techs = generate_items(seed, projs, items)
    demo_cases = generate_cases(seed, persons, techs, projs, cases, reference_date=reference_date)
    return DemoDataset(
        seed=seed,
        reference_date=reference_date,
        departments=content.DEPARTMENTS,
        organizations=all_organizations(),
        people=tuple(persons),
        projects=tuple(projs),
        items=tuple(techs),
        cases=tuple(demo_cases),
        staff=tuple(generate_staff(seed)),
    )
