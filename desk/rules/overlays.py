"""Policy §5.0, Nationality overlays (UNSCR 2270 ¶17, 2321 ¶10, 1737 ¶17): checked first,
whether or not §4 finds the provision controlled and whatever exemption is claimed.
"""

from __future__ import annotations

from desk.rules.facts import Facts, Verdict
from desk.rules.reasons import reason


def nationality_overlay(v: Verdict, f: Facts) -> bool:
    """Decide ``v`` (STOP or HOLD) when an overlay applies; whether one did."""
    rs, rec, tech = f.rs, f.case.recipient, f.case.technology
    deemed = set(v.deemed)
    nationalities = set(rec.nationalities)
    for country in sorted((nationalities | deemed) & rs.nationality_stop):
        v.reasons.append(
            reason(
                "overlay.nationality_stop",
                table=f"rule set {rs.id} {rs.version}: {rs.nationality_table}",
                country=country,
            )
        )
        v.outcome = "STOP"
        return True
    for teach in rs.specialised_teaching:
        overlap = teach.concern_relevance_any & set(tech.concern_relevance)
        if teach.country in nationalities and overlap:
            code = (
                "overlay.specialised_teaching_stop"
                if teach.country in deemed
                else "overlay.specialised_teaching_hold"
            )
            v.reasons.append(
                reason(
                    code,
                    table=f"rule set {rs.id} {rs.version}: {rs.nationality_table}",
                    country=teach.country,
                    concerns=sorted(overlap),
                )
            )
            v.outcome = "STOP" if teach.country in deemed else "HOLD"
            return True
    return False
