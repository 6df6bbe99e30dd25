"""What records print about a case's review, as plain data: the steps, licences and evidence
(:class:`ReviewFacts`) up to an issued record's :class:`ReviewCutoff`. No database here: the
ORM reader (:mod:`.state`) and the fast record path (``desk.services.records.core_path``)
both build these with :func:`facts_from`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ReviewStepInfo:
    level: str  # self | first | second
    decision: str  # submit | approve | …
    reviewer: str  # login
    reviewer_name: str
    decided_at: dt.datetime
    assessment_id: int
    outcome: str  # of that assessment
    risk: str
    ruleset: str  # "id version" of that assessment
    conditions: tuple[str, ...]
    comment: str | None
    final: bool  # this step decided the case


@dataclass(frozen=True)
class LicenceInfo:
    number: str
    granted_on: dt.date
    valid_until: dt.date | None
    conditions: str | None
    recorded_by: str | None
    recorded_at: dt.datetime


@dataclass(frozen=True)
class EvidenceInfo:
    title: str
    version: str | None
    filename: str | None
    sha256: str | None
    added_at: dt.datetime


@dataclass(frozen=True)
class ReviewFacts:
    """What records and the audit report print about the review, as of a moment."""

    activity: str | None
    submission: ReviewStepInfo | None
    first: ReviewStepInfo | None
    second: ReviewStepInfo | None
    decision: ReviewStepInfo | None
    licences: tuple[LicenceInfo, ...]
    evidence: tuple[EvidenceInfo, ...]
    committee: ReviewStepInfo | None = None  # the committee's decision on an escalated case


def condition_lines(text: str | None) -> tuple[str, ...]:
    """A review step's conditions, one per non-blank line."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


@dataclass(frozen=True)
class ReviewCutoff:
    """The newest review step, licence and evidence ids a record was issued with (0: none).

    Kept in the ``record.issue`` audit event, so that re-creating the record later (``desk
    report verify``) leaves out what was added after it — ids, not times: a decision and a
    record can fall in the same second."""

    step: int = 0
    licence: int = 0
    evidence: int = 0
    # the newest snapshot of the technical item's classification (classification_snapshots)
    classification: int = 0

    @classmethod
    def from_json(cls, value: object) -> ReviewCutoff | None:
        if not isinstance(value, dict):
            return None
        return cls(
            int(value.get("step") or 0),
            int(value.get("licence") or 0),
            int(value.get("evidence") or 0),
            int(value.get("classification") or 0),
        )

    def to_json(self) -> dict[str, int]:
        return {
            "step": self.step,
            "licence": self.licence,
            "evidence": self.evidence,
            "classification": self.classification,
        }


def facts_from(
    activity: str | None,
    steps: Sequence[ReviewStepInfo],
    licences: Sequence[LicenceInfo],
    evidence: Sequence[EvidenceInfo],
) -> ReviewFacts:
    """The review a record prints, from the steps (oldest first), licences and evidence up to
    it: the current round's submission, first, second and committee steps and decision."""
    start = max((i for i, s in enumerate(steps) if s.level == "self"), default=0)
    current = list(steps[start:])
    submission = next((s for s in current if s.level == "self"), None)
    first = next((s for s in reversed(current) if s.level == "first"), None)
    second = next((s for s in reversed(current) if s.level == "second"), None)
    committee = next((s for s in reversed(current) if s.level == "committee"), None)
    decision = next((s for s in reversed(current) if s.final), None)
    return ReviewFacts(
        activity,
        submission,
        first,
        second,
        decision,
        tuple(licences),
        tuple(evidence),
        committee,
    )
