"""The demo: a plausible university office, generated from a seed and loaded into a database.

Use cases: generate the demo's departments, people, organizations, projects, technical
items and cases (:mod:`.data`, from the names of :mod:`.names` and the item templates of
:mod:`.items`), and load them — with the built-in list, assessments and the review chain —
into a database (:mod:`.loader`, ``desk demo``).

A layer of its own above ``desk.services`` (it drives the use cases as a user would) and
below the front ends; it imports the services through their subpackages' public ``__init__``.
"""

from __future__ import annotations

from desk.demo.data import (
    DEFAULT_CASES,
    DEFAULT_ITEMS,
    DEFAULT_PEOPLE,
    DEFAULT_PROJECTS,
    DEFAULT_SEED,
    REFERENCE_DATE,
    DemoDataset,
    generate,
    generate_people,
)
from desk.demo.loader import DemoSummary, Progress, load_demo

__all__ = [
    "DEFAULT_CASES",
    "DEFAULT_ITEMS",
    "DEFAULT_PEOPLE",
    "DEFAULT_PROJECTS",
    "DEFAULT_SEED",
    "REFERENCE_DATE",
    "DemoDataset",
    "DemoSummary",
    "Progress",
    "generate",
    "generate_people",
    "load_demo",
]
