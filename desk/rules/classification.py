"""Policy §5.3 and §5.4, the classification (該非判定): ``undetermined`` → HOLD; listed
technology (items 1–15) → LICENSE_REQUIRED for every destination, Group A included.
Item-16 technology goes on to the catch-all (§5.5, :mod:`desk.rules.catchall`).
"""

from __future__ import annotations

from desk.rules.facts import Facts, Verdict
from desk.rules.reasons import reason


def by_classification(v: Verdict, f: Facts) -> bool:
    """Decide ``v`` when the classification alone decides; whether it did."""
    tech = f.case.technology
    if tech.classification == "undetermined":  # §5.3
        v.reasons.append(reason("classification.undetermined"))
        v.outcome = "HOLD"
        return True
    if tech.classification == "listed":  # §5.4
        v.reasons.append(reason("listed.license_required", item=tech.item))
        v.outcome = "LICENSE_REQUIRED"
        return True
    return False
