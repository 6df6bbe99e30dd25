"""The demo: a plausible university office, generated from a seed and loaded into a database.

Use cases: generate the demo's departments, people, organizations, projects, technical
items and cases (:func:`generate` in :mod:`.data`, over :mod:`.people`, :mod:`.office`,
:mod:`.cases` and the shapes of :mod:`.model`), from content kept as data under
``resources/demo/`` (names, organizations, item templates, the office's tables, weights;
read by :mod:`.content`); and load them — with the built-in list, assessments and the
review chain — into a database (:mod:`.loader`, ``desk demo``).

A layer of its own above ``desk.services`` (it drives the use cases as a user would) and
below the front ends; it imports the services through their subpackages' public ``__init__``.
"""

from __future__ import annotations

from desk.demo.data import generate
from desk.demo.loader import DemoSummary, Progress, load_demo
from desk.demo.model import (
    DEFAULT_CASES,
    DEFAULT_ITEMS,
    DEFAULT_PEOPLE,
    DEFAULT_PROJECTS,
    DEFAULT_SEED,
    REFERENCE_DATE,
    WORKFLOW_STATUSES,
    DemoDataset,
)
from desk.demo.people import generate_people

__all__ = [
    "DEFAULT_CASES",
    "DEFAULT_ITEMS",
    "DEFAULT_PEOPLE",
    "DEFAULT_PROJECTS",
    "DEFAULT_SEED",
    "REFERENCE_DATE",
    "WORKFLOW_STATUSES",
    "DemoDataset",
    "DemoSummary",
    "Progress",
    "generate",
    "generate_people",
    "load_demo",
]
