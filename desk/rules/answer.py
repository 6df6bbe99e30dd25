"""The engine's answer (policy §7; case-format.md "What the engine answers").

The outcomes in order of severity, and the frozen dataclasses ``assess`` returns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from desk.rules.reasons import Reason

OUTCOMES = (
    "NOT_APPLICABLE",
    "NOT_LISTED_NO_TRIGGER",
    "EXEMPT",
    "HOLD",
    "LICENSE_REQUIRED",
    "LICENSE_REQUIRED_CATCHALL",
    "STOP",
)
SEVERE = frozenset({"LICENSE_REQUIRED", "LICENSE_REQUIRED_CATCHALL", "STOP"})
SEVERITY = {o: i for i, o in enumerate(OUTCOMES)}


@dataclass(frozen=True)
class ExemptionResult:
    basis: str
    accepted: bool
    state: str  # "accepted" | "rejected" | "unsettled"
    reason_en: str
    reason_ja: str

    def to_json(self) -> dict[str, Any]:
        return {"basis": self.basis, "accepted": self.accepted, "reason": self.reason_en}


@dataclass(frozen=True)
class ListHit:
    list: str
    entry: str
    name: str
    score: float
    categories: tuple[str, ...]
    band: str  # "match" | "review"
    country: str
    query: str
    list_version: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "list": self.list,
            "entry": self.entry,
            "name": self.name,
            "score": round(self.score, 4),
            "categories": list(self.categories),
        }


@dataclass(frozen=True)
class RecipientStatus:
    resident: bool
    residency: str  # resident | non_resident | unknown | unsettled
    specific_categories: tuple[int, ...]
    treated_as_non_resident: bool
    deemed_countries: tuple[str, ...]
    destination_unknown: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "resident": self.resident,
            "specific_categories": list(self.specific_categories),
            "treated_as_non_resident": self.treated_as_non_resident,
            "deemed_countries": list(self.deemed_countries),
        }


@dataclass(frozen=True)
class Assessment:
    id: str
    as_of: dt.date
    outcome: str
    risk: str
    recipient_status: RecipientStatus
    controlled_because: tuple[str, ...]
    exemptions: tuple[ExemptionResult, ...]
    list_hits: tuple[ListHit, ...]
    review_on: dt.date | None
    reasons: tuple[Reason, ...]
    ruleset: tuple[str, str]
    lists: tuple[tuple[str, str], ...]

    def to_json(self) -> dict[str, Any]:
        """The answer as case-format.md "What the engine answers" spells it."""
        return {
            "id": self.id,
            "outcome": self.outcome,
            "risk": self.risk,
            "recipient_status": self.recipient_status.to_json(),
            "controlled_because": list(self.controlled_because),
            "exemptions": [e.to_json() for e in self.exemptions],
            "list_hits": [h.to_json() for h in self.list_hits],
            "review_on": self.review_on.isoformat() if self.review_on else None,
            "reasons": [r.to_json() for r in self.reasons],
            "ruleset": {"id": self.ruleset[0], "version": self.ruleset[1]},
            "lists": [{"id": i, "version": v} for i, v in self.lists],
        }

    @property
    def reason_codes(self) -> list[str]:
        return [r.code for r in self.reasons]
