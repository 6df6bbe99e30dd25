"""The demo data set's shape: frozen dataclasses of departments, organizations, people,
projects, items, cases and the office's staff; the defaults (seed, counts, the reference
date the dates are counted from); and the small helpers the generators share."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass
from functools import cache

from desk.demo import content
from desk.demo.content import DemoDepartment
from desk.domain.case import (
    Affiliation,
    Case,
    Recipient,
    Technology,
)

# Dates are counted from here so that the same seed gives the same data on any day.
REFERENCE_DATE = dt.date(2026, 12, 1)
DEFAULT_SEED = 1
DEFAULT_PEOPLE = 200
DEFAULT_PROJECTS = 30
DEFAULT_ITEMS = 100
DEFAULT_CASES = 300
EUL_LIST_ID = "jp-eul"


EMAIL_DOMAIN = "kitakanto-ist.example"  # .example: reserved, never a real mailbox

WORKFLOW_STATUSES = (
    "draft",  # 作成中
    "submitted",  # 提出済み
    "first_review",  # 一次審査中 (部局)
    "second_review",  # 二次審査中 (統括)
    "decided",  # 判定済み
    "closed",  # 完了・取下げ
)


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    name_local: str | None
    country: str
    kind: str


@dataclass(frozen=True)
class DemoPerson:
    key: str  # stable reference, "P000001"
    script: str  # one of demo_names.SCRIPTS
    role: str  # one of ROLES
    department: str | None  # department code for members of the university
    reading: str | None  # kana reading of a Japanese name
    recipient: Recipient  # the person as a desk-case/1 recipient
    email: str | None = None  # members of the university only

    @property
    def registry_role(self) -> str:
        """The role as the people registry records it (desk.storage.models.PERSON_ROLES)."""
        return content.REGISTRY_ROLES[self.role]

    @property
    def name(self) -> str:
        return self.recipient.name

    @property
    def name_latin(self) -> str | None:
        return self.recipient.name_latin


@dataclass(frozen=True)
class DemoProject:
    code: str
    title_ja: str
    title_en: str
    department: str
    leader: str | None  # person key
    funder: str
    partner: str | None  # organization name


@dataclass(frozen=True)
class DemoItem:
    code: str
    title_ja: str
    title_en: str
    department: str
    project: str
    technology: Technology


@dataclass(frozen=True)
class DemoCase:
    case: Case
    person: str | None  # person key; None when the recipient is an organization
    organization: str | None  # organization name when the recipient is one
    item: str
    project: str
    department: str
    filed_by: str | None  # person key of the researcher providing the technology
    purpose: str
    status: str
    submitted_on: dt.date | None

    @property
    def activity(self) -> str:
        """The pre-check's activity (hosting, joint research, business trip, ...)."""
        return content.PURPOSE_ACTIVITY[self.purpose]


@dataclass(frozen=True)
class DemoStaff:
    """A desk user of the export control office's review chain (not a screened party)."""

    login: str
    name: str  # in Japanese, as the office writes it
    name_latin: str
    title_ja: str  # 輸出管理室 担当, 部局責任者 (工学研究科), 統括責任者
    department: str | None
    roles: tuple[str, ...]  # desk.storage.models.ROLES
    email: str


@dataclass(frozen=True)
class DemoDataset:
    seed: int
    reference_date: dt.date
    departments: tuple[DemoDepartment, ...]
    organizations: tuple[DemoOrganization, ...]
    people: tuple[DemoPerson, ...]
    projects: tuple[DemoProject, ...]
    items: tuple[DemoItem, ...]
    cases: tuple[DemoCase, ...]
    staff: tuple[DemoStaff, ...] = ()


# --------------------------------------------------------------------------- helpers


@cache  # a few hundred distinct names, folded 100,000 times for the benchmark database
def latin_fold(text: str) -> str:
    """Strip diacritics for the passport-style Latin form: ``"Müller"`` → ``"Muller"``."""
    special = {"ß": "ss", "Đ": "D", "đ": "d", "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae"}
    text = "".join(special.get(c, c) for c in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _days(rng: random.Random, lo: int, hi: int) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(lo, hi))


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


@cache
def home_university() -> Affiliation:
    """The university itself, as its members' affiliation."""
    name, _local, country, kind = content.HOME_UNIVERSITY
    return Affiliation(name=name, country=country, kind=kind)
