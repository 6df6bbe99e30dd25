"""What the audit report is made of: the cases of a fiscal year, and the sums drawn from
them (the year's cases, the auditor's seeded sample, the overdue reviews, the fingerprint).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import random
from dataclasses import dataclass

from desk.domain.errors import InvalidInput
from desk.domain.localtime import DEFAULT_ZONE, local_date, zone
from desk.reports.data import _jsonable

CLOSED_STATUSES = ("closed", "archived", "完了", "保存")
LICENCE_OUTCOMES = ("LICENSE_REQUIRED", "LICENSE_REQUIRED_CATCHALL")


@dataclass(frozen=True)
class AuditCase:
    case_id: str
    judged_on: dt.date
    title: str | None = None
    department: str | None = None
    country: str | None = None
    outcome: str | None = None
    risk: str | None = None
    status: str | None = None
    closed: bool = False
    review_on: dt.date | None = None
    licence: str | None = None  # "held" | "applied" | None
    licence_number: str | None = None
    names_screened: int = 0
    list_hits: int = 0
    cleared_hits: int = 0
    # the catch-all track of a LICENSE_REQUIRED_CATCHALL outcome: "wmd" | "conventional"
    catchall_track: str | None = None
    # the reviewer's decision as it stood on the report's date (approve, reject, …), kept
    # apart from the engine's ``outcome``: statistics never add the two up
    review_decision: str | None = None


@dataclass(frozen=True)
class AuditShipment:
    """A shipment of goods judged in the year (its latest assessment)."""

    ref: str
    judged_on: dt.date
    outcome: str
    risk: str
    mode: str | None = None
    destination: str | None = None


@dataclass(frozen=True)
class AuditCheck:
    """One item of the audit's checklist and the auditor's result (conform, nonconform, na)."""

    code: str
    section: str
    question: str
    result: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class AuditAction:
    """A corrective action (是正措置) for a finding, owned by the office."""

    text: str
    owner: str
    due_on: dt.date
    status: str = "open"  # open | closed
    closed_on: dt.date | None = None
    follow_up: str | None = None


@dataclass(frozen=True)
class AuditFinding:
    """A finding (指摘事項), optionally tied to a checklist item."""

    number: int
    text: str
    check_code: str | None = None
    severity: str | None = None  # major | minor | observation
    actions: tuple[AuditAction, ...] = ()


@dataclass(frozen=True)
class InternalAuditFacts:
    """The internal audit itself (kept in the database): plan, scope, auditors, the
    checklist, the findings with their corrective actions, and the sign-off."""

    ref: str
    fiscal_year: int
    plan: str | None = None
    scope: str | None = None
    auditors: str | None = None
    audit_on: dt.date | None = None
    checklist_source: str | None = None
    checks: tuple[AuditCheck, ...] = ()
    findings: tuple[AuditFinding, ...] = ()
    signed_off_by: str | None = None
    signed_off_on: dt.date | None = None
    sign_off_comment: str | None = None


@dataclass(frozen=True)
class AuditData:
    fiscal_year: int
    document_number: str
    lang: str
    generated_at: dt.datetime
    cases: tuple[AuditCase, ...]
    seed: str = ""
    sample_size: int = 20
    institution: str | None = None
    versions: str = ""
    shipments: tuple[AuditShipment, ...] = ()  # goods, counted beside the cases
    zone: str = DEFAULT_ZONE  # the zone the report's dates and times are in
    audit: InternalAuditFacts | None = None  # the year's internal audit, when one is kept
    chain_seq: int | None = None  # the audit trail's head when the report was issued
    chain_sha256: str | None = None

    def __post_init__(self) -> None:
        zone(self.zone)
        if self.lang not in ("ja", "en"):
            raise InvalidInput(
                f"unknown report language {self.lang!r}; expected ja or en", where="lang"
            )
        if self.generated_at.tzinfo is None:
            raise InvalidInput("generation time must carry a time zone", where="generated_at")

    @property
    def start(self) -> dt.date:
        return dt.date(self.fiscal_year, 4, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.fiscal_year + 1, 3, 31)

    @property
    def as_of(self) -> dt.date:
        """The report's date, at most the year's end: cases judged after it are not counted,
        decisions taken after it are not either, and overdue reviews are counted on it."""
        return min(local_date(self.generated_at, self.zone), self.end)

    @property
    def effective_seed(self) -> str:
        return self.seed or f"FY{self.fiscal_year}"


def fiscal_year_of(day: dt.date) -> int:
    """Japanese fiscal year: April to March; 2026-03-31 belongs to FY2025."""
    return day.year if day.month >= 4 else day.year - 1


def in_year(data: AuditData) -> list[AuditCase]:
    """The cases judged inside the fiscal year and on or before the report's own date."""
    return sorted(
        (c for c in data.cases if data.start <= c.judged_on <= data.as_of),
        key=lambda c: (c.judged_on, c.case_id),
    )


def audit_fingerprint(data: AuditData) -> str:
    doc = _jsonable(
        dataclasses.replace(
            data,
            cases=tuple(sorted(data.cases, key=lambda c: c.case_id)),
            shipments=tuple(sorted(data.shipments, key=lambda s: s.ref)),
        )
    )
    if not data.shipments:  # reports without goods keep the fingerprint they always had
        doc.pop("shipments", None)
    for key in ("audit", "chain_seq", "chain_sha256"):
        if doc.get(key) is None:
            doc.pop(key, None)
    raw = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(raw).hexdigest()


def sample(data: AuditData) -> list[AuditCase]:
    cases = sorted(in_year(data), key=lambda c: c.case_id)
    rng = random.Random(data.effective_seed)
    chosen = rng.sample(cases, min(data.sample_size, len(cases)))
    return sorted(chosen, key=lambda c: c.case_id)


def overdue(data: AuditData) -> list[tuple[AuditCase, int]]:
    out = [
        (c, (data.as_of - c.review_on).days)
        for c in in_year(data)
        if c.review_on is not None and c.review_on < data.as_of and not c.closed
    ]
    return sorted(out, key=lambda x: (-x[1], x[0].case_id))
