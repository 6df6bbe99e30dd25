"""desk.rules: the deemed-export assessment engine (pure: no Qt, no database, no PDF).

Public interface:

- :func:`assess` ``(case, *, lists, ruleset=None, today=None) -> Assessment``
- :class:`Assessment` with ``to_json()`` (case-format.md, "What the engine answers")
- :func:`review_date` ``(case) -> date | None``: the day residency next changes by itself;
  :func:`is_due` ``(case, on) -> bool``: whether that day falls on or before ``on``
- :class:`RuleSet`, :func:`load_ruleset`, :func:`select_ruleset`, :func:`available_rulesets`
- :func:`period_passed_on`: 民法 period counting (six months, two years)
"""

from typing import TYPE_CHECKING

from desk._lazy import lazy_exports

if TYPE_CHECKING:
    from desk.rules.answer import (
        OUTCOMES,
        Assessment,
        ExemptionResult,
        ListHit,
        RecipientStatus,
    )
    from desk.rules.engine import assess, is_due, review_date
    from desk.rules.reasons import Reason
    from desk.rules.residency import period_passed_on, residency_on
    from desk.rules.ruleset import (
        RuleSet,
        available_rulesets,
        load_ruleset,
        parse_ruleset,
        select_ruleset,
    )
else:  # each name's submodule is imported when the name is first used
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "answer": (
                "OUTCOMES",
                "Assessment",
                "ExemptionResult",
                "ListHit",
                "RecipientStatus",
            ),
            "engine": (
                "assess",
                "is_due",
                "review_date",
            ),
            "reasons": ("Reason",),
            "residency": (
                "period_passed_on",
                "residency_on",
            ),
            "ruleset": (
                "RuleSet",
                "available_rulesets",
                "load_ruleset",
                "parse_ruleset",
                "select_ruleset",
            ),
        },
    )

__all__ = [
    "OUTCOMES",
    "Assessment",
    "ExemptionResult",
    "ListHit",
    "Reason",
    "RecipientStatus",
    "RuleSet",
    "assess",
    "available_rulesets",
    "is_due",
    "load_ruleset",
    "parse_ruleset",
    "period_passed_on",
    "residency_on",
    "review_date",
    "select_ruleset",
]
