"""The working state of one line's judgment: the verdict and the unknown facts asked.

A :class:`Probe` answers each unknown fact (policy §G7) with its default unless the
combination being tried says otherwise, and remembers which unknowns were consulted,
so that :mod:`desk.rules.goods.unknowns` can judge the line under every combination.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desk.rules.goods.reasons import Bi, GoodsReason

OUTCOME_ORDER = (
    "NOT_APPLICABLE",
    "NOT_LISTED_NO_TRIGGER",
    "EXEMPT",
    "HOLD",
    "LICENSE_REQUIRED",
    "LICENSE_REQUIRED_CATCHALL",
    "STOP",
)  # §G6 severity, mildest first
SEVERITY = {o: i for i, o in enumerate(OUTCOME_ORDER)}
LICENCE_LIKE = ("STOP", "LICENSE_REQUIRED_CATCHALL", "LICENSE_REQUIRED")


def worst(outcomes: list[str]) -> str:
    return max(outcomes, key=SEVERITY.__getitem__)


@dataclass
class Probe:
    """Values of the unknown facts for one try: a key in ``alternative`` takes its
    non-default value; every key asked is recorded with its label."""

    alternative: frozenset[str] = frozenset()
    consulted: dict[str, Bi] = field(default_factory=dict)

    def ask(self, key: str, label: Bi) -> bool:
        """True when the unknown ``key`` takes its alternative (non-default) value."""
        self.consulted.setdefault(key, label)
        return key in self.alternative


@dataclass(frozen=True)
class ClaimResult:
    basis: str
    status: str  # accepted | rejected | unsettled | set_aside | not_evaluated
    reason: GoodsReason

    def to_json(self) -> dict[str, str]:
        return {"basis": self.basis, "status": self.status, "reason": self.reason.text_en}


@dataclass
class LineVerdict:
    outcome: str
    reasons: list[GoodsReason]
    claims: list[ClaimResult]
    track: str | None = None
    t_holds: bool = False
