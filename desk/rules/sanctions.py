"""Policy §5.2, Sanctions overlays (rule-set data: Iran, Russia/Belarus by default).

The worst outcome of every rule whose country is deemed and whose technology and
concern relevance match decides; its reason cites the rule-set table and, where the
rule set names one, the sanctions notice.
"""

from __future__ import annotations

from desk.rules.answer import SEVERITY
from desk.rules.facts import ITEM16, Facts, Verdict
from desk.rules.reasons import Reason, reason


def sanctions_overlay(v: Verdict, f: Facts) -> bool:
    """Decide ``v`` (STOP or HOLD) when a sanctions rule applies; whether one did."""
    rs, tech = f.rs, f.case.technology
    deemed = set(v.deemed)
    item16 = tech.classification in ITEM16
    listed = tech.classification == "listed"
    relevance = set(tech.concern_relevance)
    worst: tuple[str, Reason] | None = None
    for ov in rs.sanctions:
        if ov.country not in deemed:
            continue
        for rule in ov.rules:
            tech_ok = (
                rule.technology == "any"
                or (rule.technology == "listed" and listed)
                or (rule.technology == "item16" and item16)
            )
            concern_ok = not rule.concern_relevance_any or bool(
                rule.concern_relevance_any & relevance
            )
            if not (tech_ok and concern_ok):
                continue
            if listed and rule.technology != "item16":
                what = ("リスト規制技術", "the technology is listed")
            elif rule.concern_relevance_any:
                shared = sorted(rule.concern_relevance_any & relevance)
                what = (
                    f"技術が懸念用途（{'、'.join(shared)}）に関連する",
                    f"the technology is relevant to {', '.join(shared)}",
                )
            else:
                what = ("16項技術", "the technology is item-16")
            notice = f"; {ov.notice}" if ov.notice else ""
            code = "sanctions.stop" if rule.outcome == "STOP" else "sanctions.hold"
            r = reason(
                code,
                table=f"rule set {rs.id} {rs.version}: {rs.sanctions_table}",
                notice=notice,
                country=ov.country,
                what_ja=what[0],
                what_en=what[1],
            )
            if worst is None or SEVERITY[rule.outcome] > SEVERITY[worst[0]]:
                worst = (rule.outcome, r)
    if worst is None:
        return False
    v.reasons.append(worst[1])
    v.outcome = worst[0]
    return True
