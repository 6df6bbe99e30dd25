"""Plain record data: everything a review record prints, and nothing else.

A record is rendered by a pure function of :class:`RecordData`: the same data gives
the same PDF bytes. Services build it from the database (the case as a
``desk-case/1`` object, the engine's stored answer as the JSON of "What the engine
answers", and the office's own facts: applicant, reviews, decision). The
fingerprint printed on the record is the SHA-256 of the data's canonical JSON, so
``desk report verify`` can tell an altered file from a changed database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desk.domain.case import Case, case_to_dict
from desk.domain.errors import InvalidInput
from desk.domain.localtime import DEFAULT_ZONE, zone

# Format 2 names the zone its times are printed in (Japan time by default); format 1 printed
# UTC. Records issued in format 1 are re-created in format 1, so that they still verify.
RECORD_FORMATS = {1: "desk-record/1", 2: "desk-record/2"}
RECORD_FORMAT_VERSION = 2
RECORD_FORMAT = RECORD_FORMATS[RECORD_FORMAT_VERSION]
KINDS = ("precheck", "classification", "screening")
KIND_CODES = {"precheck": "PRE", "classification": "CLS", "screening": "SCR"}
LANGS = ("ja", "en")
ACTIVITIES = (
    "hosting",  # hosting a student or researcher
    "joint_research",
    "business_trip",
    "shipment",
    "lecture_meeting",
    "email_cloud",
    "other",
)
DECISIONS = (
    "NOT_APPLICABLE",
    "NOT_LISTED_NO_TRIGGER",
    "EXEMPT",
    "LICENSE_REQUIRED",
    "LICENSE_REQUIRED_CATCHALL",
    "CONDITIONAL",
    "HOLD",
    "STOP",
)
# The pre-check sheet's red-flag questions (domain reference §2.5 A, Gunma's form).
RED_FLAGS = (
    "eul_affiliation",
    "concern_country",
    "purpose_unclear",
    "military_tie",
    "other_concern",
)


@dataclass(frozen=True)
class Person:
    name: str
    department: str | None = None
    position: str | None = None
    contact: str | None = None


@dataclass(frozen=True)
class Evidence:
    title: str
    version: str | None = None


@dataclass(frozen=True)
class SignOff:
    """One review: ``level`` is ``first`` (部局, 一次) or ``second`` (統括, 二次)."""

    level: str
    reviewer: str | None = None
    decided_on: dt.date | None = None
    decision: str | None = None
    comment: str | None = None


@dataclass(frozen=True)
class CaseFacts:
    """What the office knows about a case beyond the ``desk-case/1`` file."""

    applicant: Person | None = None
    activity: str | None = None
    purpose: str | None = None
    funding: str | None = None
    period: str | None = None
    value: str | None = None
    related_goods: str | None = None
    classification_basis: str | None = None
    evidence: tuple[Evidence, ...] = ()
    classified_by: str | None = None
    classified_on: dt.date | None = None
    classification_reviewed_by: str | None = None
    classification_reviewed_on: dt.date | None = None
    # red-flag code → the applicant's answer (True = yes, a concern); missing = derived/unanswered
    red_flags: Mapping[str, bool] = field(default_factory=dict)
    certified_by: str | None = None
    certified_on: dt.date | None = None
    decision: str | None = None
    conditions: tuple[str, ...] = ()
    reviews: tuple[SignOff, ...] = ()
    status: str | None = None


@dataclass(frozen=True)
class RecordData:
    kind: str
    document_number: str
    lang: str
    generated_at: dt.datetime
    case: Case
    assessment: Mapping[str, Any]
    facts: CaseFacts = CaseFacts()
    # ISO-2 → country group (A/B/C/D) for every country the record names
    country_groups: Mapping[str, str] = field(default_factory=dict)
    institution: str | None = None
    # the zone the record's times and dates are printed in (format 2); format 1 printed UTC
    zone: str = DEFAULT_ZONE
    format_version: int = RECORD_FORMAT_VERSION

    def __post_init__(self) -> None:
        if self.format_version not in RECORD_FORMATS:
            raise InvalidInput(
                f"unknown record format {self.format_version!r}", where="format_version"
            )
        zone(self.zone)  # an unknown zone is refused here, not half-way through rendering
        if self.kind not in KINDS:
            raise InvalidInput(
                f"unknown record kind {self.kind!r}; expected one of {', '.join(KINDS)}",
                where="kind",
            )
        if self.lang not in LANGS:
            raise InvalidInput(
                f"unknown report language {self.lang!r}; expected ja or en", where="lang"
            )
        if self.generated_at.tzinfo is None:
            raise InvalidInput("generation time must carry a time zone", where="generated_at")

    @property
    def printed_zone(self) -> str:
        """The zone the record prints its times in: UTC for format 1."""
        return "UTC" if self.format_version == 1 else self.zone

    @property
    def ruleset_version(self) -> str:
        rs = self.assessment.get("ruleset") or {}
        return f"{rs.get('id', '?')} {rs.get('version', '?')}"

    @property
    def list_versions(self) -> str:
        lists = self.assessment.get("lists") or []
        return ", ".join(f"{x.get('id', '?')} {x.get('version', '?')}" for x in lists) or "—"


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def canonical(record: RecordData) -> bytes:
    """The record's content as canonical JSON (sorted keys, UTC time, no whitespace); from
    format 2 on it names the zone the record is printed in."""
    doc = {
        "format": RECORD_FORMATS[record.format_version],
        "kind": record.kind,
        "document_number": record.document_number,
        "lang": record.lang,
        "generated_at": record.generated_at.astimezone(dt.UTC).isoformat(),
        "institution": record.institution,
        "case": case_to_dict(record.case, include_expected=False),
        "assessment": _jsonable(record.assessment),
        "facts": _jsonable(record.facts),
        "country_groups": _jsonable(record.country_groups),
    }
    if record.format_version >= 2:
        doc["zone"] = record.zone
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def fingerprint(record: RecordData) -> str:
    """SHA-256 (hex) of the record's content; printed on the record and stored with it."""
    return hashlib.sha256(canonical(record)).hexdigest()


def document_number(kind: str, year: int, serial: int) -> str:
    """``DESK-2026-SCR-000123``: ASCII, so that it survives in PDF metadata untouched."""
    if kind not in KIND_CODES:
        raise InvalidInput(
            f"unknown record kind {kind!r}; expected one of {', '.join(KINDS)}", where="kind"
        )
    return f"DESK-{year:04d}-{KIND_CODES[kind]}-{serial:06d}"


def derived_red_flags(record: RecordData) -> dict[str, bool | None]:
    """The applicant's answers, with the first two filled in from the data when unanswered."""
    out: dict[str, bool | None] = {code: record.facts.red_flags.get(code) for code in RED_FLAGS}
    if out["eul_affiliation"] is None and "list_hits" in record.assessment:
        out["eul_affiliation"] = bool(record.assessment.get("list_hits"))
    if out["concern_country"] is None and record.case.recipient.nationalities:
        countries = [*record.case.recipient.nationalities]
        countries += [a.country for a in record.case.recipient.affiliations if a.country]
        if all(c in record.country_groups for c in countries):
            out["concern_country"] = any(record.country_groups[c] == "D" for c in countries)
    prov = record.case.provision
    if out["military_tie"] is None and (prov.known_end_use or prov.known_end_user):
        out["military_tie"] = True
    if out["other_concern"] is None and prov.inform:
        out["other_concern"] = True
    return out
