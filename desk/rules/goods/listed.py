"""§G4 step 3, Listed goods (該当, items 1–15): licence unless an exception's facts hold."""

from __future__ import annotations

import datetime as dt

from desk.domain.goods.model import GoodsLine, Shipment
from desk.rules.goods.exceptions import check, claims_label
from desk.rules.goods.facts import Env, trigger
from desk.rules.goods.reasons import Bi, GoodsReason, item_cite, reason
from desk.rules.goods.ruleset import GoodsRuleSet
from desk.rules.goods.verdict import ClaimResult, LineVerdict, Probe


def licence(line: GoodsLine, n: int) -> GoodsReason:
    item = line.classification.item
    return reason("list.licence", n, item=item, item_cite=item_cite(item))


def listed(
    shipment: Shipment,
    line: GoodsLine,
    n: int,
    env: Env,
    rs: GoodsRuleSet,
    day: dt.date,
    probe: Probe,
) -> LineVerdict:
    checked = [check(c, line, n, shipment, env, rs, day, probe) for c in line.exceptions]
    reasons = [c.reason for c in checked if c.state == "rejected"]
    live = [c for c in checked if c.state != "rejected"]
    t = trigger(shipment, line, env)

    def results(live_status: str | None = None) -> list[ClaimResult]:
        return [
            ClaimResult(
                c.claim.basis,
                live_status if live_status and c.state != "rejected" else c.state,
                c.reason,
            )
            for c in checked
        ]

    if not live:
        return LineVerdict(
            "LICENSE_REQUIRED", [*reasons, licence(line, n)], results(), t_holds=bool(t)
        )
    if t:
        label = claims_label([c.claim for c in live])
        what = Bi("、".join(x.ja for x in t), ", ".join(x.en for x in t))
        aside = reason(
            "exception.set_aside",
            n,
            trigger_ja=what,
            trigger_en=what,
            claims_ja=label,
            claims_en=label,
        )
        return LineVerdict(
            "LICENSE_REQUIRED",
            [*reasons, aside, licence(line, n)],
            results("set_aside"),
            t_holds=True,
        )
    if env.strictest != "A" and not shipment.shipment.end_user_known:
        return LineVerdict(
            "HOLD",
            [*reasons, reason("exception.end_user_unknown", n)],
            results(),
        )
    accepted = [c for c in checked if c.state == "accepted"]
    if accepted:
        return LineVerdict("EXEMPT", [*reasons, *(c.reason for c in accepted)], results())
    # only unsettled claims: U3, rejected by default
    if any(
        probe.ask(
            f"U3:{n}:{i}",
            Bi(
                f"{n}行目の例外（{c.claim.basis}）の適用可否",
                f"whether line {n}'s {c.claim.basis} claim applies",
            ),
        )
        for i, c in enumerate(checked)
        if c.state == "unsettled"
    ):
        return LineVerdict("EXEMPT", [*reasons, *(c.reason for c in live)], results())
    return LineVerdict(
        "LICENSE_REQUIRED", [*reasons, *(c.reason for c in live), licence(line, n)], results()
    )
