"""What the decision steps share: the facts of one case and the verdict being built.

``Facts`` is worked out once per case (screening §1, residency §2, specific categories
§3, exemption claims §5.1); ``Verdict`` is what one judgement (§4–§5.5) builds up, step by
step, and what the risk grade (§6) reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desk.domain.case import Case
from desk.rules import residency as res
from desk.rules.categories import Specific
from desk.rules.exemptions import CheckedClaim
from desk.rules.listhits import Screened
from desk.rules.reasons import Reason
from desk.rules.ruleset import RuleSet

ITEM16 = ("below_threshold", "not_on_list")


@dataclass
class Facts:
    case: Case
    as_of: dt.date
    rs: RuleSet
    residency: res.Residency
    specific: Specific
    hits: list[Screened]
    cleared: list[Reason]
    exemptions: list[CheckedClaim]
    lists: dict[str, str]


@dataclass
class Verdict:
    outcome: str
    because: list[str]
    types: tuple[int, ...]
    deemed: list[str]
    destination_unknown: bool
    reasons: list[Reason]
    clear_finding_used: bool = False
    valid_bases: tuple[str, ...] = ()
    has_match: bool = False
