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
# UTC. Format 3 prints the glossary's wording (外為令別表の7の項(1), dates 2026年4月1日, no codes
# in Japanese text), the catch-all findings of the engine, the three records' cross-references
# and the audit chain's head. Records issued in format 1 or 2 are re-created by the frozen
# renderer of those formats (desk.reports.records_v2), so that they still verify. Format 4 adds
# two red-flag questions (the sending institution; UN arms-embargo countries named), prints the
# red-flag questions on the 取引審査票 too, carries the rule set's 輸出令別表第3の2 table, and
# prints an English record's 判定根拠 in English; format 3 is drawn as it was issued.
RECORD_FORMATS = {1: "desk-record/1", 2: "desk-record/2", 3: "desk-record/3", 4: "desk-record/4"}
RECORD_FORMAT_VERSION = 4
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
# The pre-check sheet's red-flag questions (domain reference §2.5 A, Gunma's form), in the order
# records of format 4 print them; records of formats 1–3 asked the first five (RED_FLAGS_V3).
RED_FLAGS = (
    "eul_affiliation",
    "sending_institution",  # 派遣元・所属機関: on the End User List, or a foreign military,
    # government or weapons body (format 4 on)
    "concern_country",
    "un_embargo_country",  # a country of 輸出令別表第3の2 named in the case (format 4 on)
    "purpose_unclear",
    "military_tie",
    "other_concern",
)
RED_FLAGS_V3 = (
    "eul_affiliation",
    "concern_country",
    "purpose_unclear",
    "military_tie",
    "other_concern",
)


def red_flags_for(format_version: int) -> tuple[str, ...]:
    """The red-flag questions a record of ``format_version`` asks, in print order."""
    return RED_FLAGS if format_version >= 4 else RED_FLAGS_V3


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
    # --- from record format 3 on (left out of the canonical JSON of formats 1 and 2) ---
    # 該非判定 (the classification register feeds these; "—" when absent)
    ordinance_article: str | None = None  # 貨物等省令の条項, e.g. 貨物等省令第19条第1項第1号
    ordinance_revision: str | None = None  # the ordinance revision the classification used
    # 取引審査: the positive record of 用途確認 and 需要者確認
    end_use: str | None = None  # the stated end use
    end_user: str | None = None  # the end user as confirmed
    documents_checked: tuple[str, ...] = ()
    # 明らかガイドライン checklist: item code → True (confirmed) / False (not confirmed)
    clear_checklist: Mapping[str, bool] = field(default_factory=dict)
    cancelled_on: dt.date | None = None  # 輸出取りやめ
    copies_kept: str | None = None  # where the office keeps the copies


# CaseFacts fields that records of formats 1 and 2 carried (their canonical JSON has no others)
LEGACY_FACT_FIELDS = (
    "applicant",
    "activity",
    "purpose",
    "funding",
    "period",
    "value",
    "related_goods",
    "classification_basis",
    "evidence",
    "classified_by",
    "classified_on",
    "classification_reviewed_by",
    "classification_reviewed_on",
    "red_flags",
    "certified_by",
    "certified_on",
    "decision",
    "conditions",
    "reviews",
    "status",
)


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
    # --- from record format 3 on ---
    # the case's other records: kind → document number of the newest one issued before this one
    references: Mapping[str, str] = field(default_factory=dict)
    # the audit chain's head (the newest event's hash) when the record was issued
    audit_head: str | None = None
    # --- from record format 4 on ---
    # the rule set's 輸出令別表第3の2 (UN arms-embargo countries), sorted; () when unknown
    un_arms_embargo: tuple[str, ...] = ()

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
    if record.format_version >= 3:
        doc["references"] = _jsonable(record.references)
        doc["audit_head"] = record.audit_head
    if record.format_version >= 4:
        doc["un_arms_embargo"] = list(record.un_arms_embargo)
    if record.format_version < 3:
        doc["facts"] = {k: v for k, v in doc["facts"].items() if k in LEGACY_FACT_FIELDS}
    if record.format_version < 4:  # the questions of format 4 were never asked before it
        flags = doc["facts"].get("red_flags") or {}
        doc["facts"]["red_flags"] = {k: v for k, v in flags.items() if k in RED_FLAGS_V3}
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


CONCERN_GROUPS = frozenset({"un", "concern"})
# 明らかガイドライン checklist items (キャッチオール通達1.(6)): what the office confirmed
CLEAR_CHECKLIST = ("end_use_explained", "end_use_not_concern", "terms_normal")


def derived_red_flags(record: RecordData) -> dict[str, tuple[bool | None, bool]]:
    """Each red-flag question's answer and whether desk derived it from the registered facts
    (True) rather than the applicant answering it (False); ``(None, False)``: unanswered.
    The questions are those of the record's format (:func:`red_flags_for`)."""
    codes = red_flags_for(record.format_version)
    out: dict[str, tuple[bool | None, bool]] = {}
    for code in codes:
        given = record.facts.red_flags.get(code)
        out[code] = (given, False)
    a = record.assessment
    rec = record.case.recipient
    prov = record.case.provision
    hits = bool(a.get("list_hits"))
    codes_given = {str(r.get("code") or "") for r in a.get("reasons") or []}
    sanctions = a.get("outcome") == "STOP" or any(
        x.startswith(("sanctions.", "overlay.")) for x in codes_given
    )

    def derive(code: str, value: bool | None) -> None:
        if code in out and out[code][0] is None and value is not None:
            out[code] = (value, True)

    if "list_hits" in a:
        derive("eul_affiliation", hits)
    countries = [*rec.nationalities, rec.country]
    countries += [x.country for x in rec.affiliations]
    known = [c for c in countries if c]
    groups = record.country_groups
    if known and all(c == "JP" or c in groups for c in known):
        derive("concern_country", any(groups.get(c) in CONCERN_GROUPS for c in known))
    if record.facts.purpose and rec.affiliations:
        derive("purpose_unclear", False)
    concern_use = bool(prov.known_end_use or prov.known_end_user)
    government = any(x.kind == "government" for x in rec.affiliations) or any(
        t.counterparty_kind == "foreign_government" for t in rec.ties
    )
    if concern_use or hits:
        derive("military_tie", True)
    elif rec.affiliations and not government:
        derive("military_tie", False)
    if prov.inform or sanctions:
        derive("other_concern", True)
    elif "reasons" in a and not concern_use and not hits:
        derive("other_concern", False)
    if record.format_version >= 4:
        derive("sending_institution", sending_institution_listed(record))
        named = un_embargo_named(record)
        derive("un_embargo_country", None if named is None else bool(named))
    return out


# a tie by which the counterparty employs or sends the person (役務通達 類型①)
_SENDING_TIES = frozenset({"employment", "mandate", "appointment", "contract_other"})


def sending_institution_listed(record: RecordData) -> bool | None:
    """Is the institution that sends or employs the recipient (an affiliation, or the
    counterparty of an employment-like tie) on the End User List, or a foreign government
    body? True: an affiliation of kind ``government`` outside Japan, a foreign-government
    employer, or a list match counted by the engine for such a name; False: every affiliation
    was screened without a hit and none is a government body; None: desk cannot tell (no
    affiliation registered, not screened, or a hit still to be checked)."""
    a = record.assessment
    rec = record.case.recipient
    senders = [x.name for x in rec.affiliations if x.name]
    if rec.kind == "organization":  # the organization itself is the institution
        senders.append(rec.name)
    senders += [t.counterparty for t in rec.ties if t.counterparty and t.type in _SENDING_TIES]
    if any(
        x.kind == "government" and x.country not in (None, "JP") for x in rec.affiliations
    ) or any(
        t.counterparty_kind == "foreign_government" and t.type in _SENDING_TIES for t in rec.ties
    ):
        return True
    reasons = a.get("reasons") or []

    def about_sender(r: Mapping[str, Any]) -> bool:
        text = str(r.get("text_ja") or "")
        return any(text.startswith(f"「{name}」") for name in senders)

    matched = [r for r in reasons if r.get("code") == "screening.match" and about_sender(r)]
    if matched:
        return True
    if not senders or "list_hits" not in a:
        return None
    if any(x.kind == "government" and not x.country for x in rec.affiliations):
        return None  # a government body in a country not registered: the office answers
    if any(
        r.get("code") == "screening.review" and about_sender(r) for r in reasons
    ):  # a near match still to be checked: the office answers
        return None
    if a.get("list_hits") and not any(
        str(r.get("code") or "").startswith("screening.") for r in reasons
    ):  # hits without the engine's reasons (an older answer): cannot tell whose
        return None
    return False


def un_embargo_named(record: RecordData) -> tuple[str, ...] | None:
    """The countries of the rule set's 輸出令別表第3の2 the case names (nationality, country
    of residence, affiliations' and ties' countries, the provision and re-provision
    countries), in the order named; None: the record carries no 別表第3の2 table, or the case
    names no country at all."""
    if not record.un_arms_embargo:
        return None
    rec = record.case.recipient
    prov = record.case.provision
    named = [
        *rec.nationalities,
        rec.country,
        *(x.country for x in rec.affiliations),
        *(t.country for t in rec.ties),
        prov.country,
        prov.re_provision_country,
    ]
    known = [c for c in named if c]
    if not known:
        return None
    table = set(record.un_arms_embargo)
    return tuple(dict.fromkeys(c for c in known if c in table))
