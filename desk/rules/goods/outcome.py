"""§G8 risk grade, §G10 documents for Customs and §G11 records."""

from __future__ import annotations

from collections.abc import Sequence

from desk.domain.goods.model import WEAPONS_WMD_ITEMS, GoodsLine, Shipment
from desk.rules.goods.answer import LineAnswer, Records
from desk.rules.goods.facts import Env
from desk.rules.goods.ruleset import GoodsRuleSet
from desk.rules.goods.verdict import LineVerdict

NOT_LISTED = ("below_threshold", "not_on_list")


def line_risk(line: GoodsLine, verdict: LineVerdict, env: Env) -> str:
    outcome = verdict.outcome
    flagged = env.un_or_concern or env.list_hit
    weapons = line.classification.item_number in WEAPONS_WMD_ITEMS
    if outcome == "NOT_APPLICABLE":
        if flagged or env.declared:
            return "R2"
        return "R0" if env.strictest == "A" else "R1"
    if outcome == "NOT_LISTED_NO_TRIGGER":
        cleared = any(r.code.endswith("_cleared") for r in verdict.reasons)
        return "R2" if cleared or flagged or env.declared else "R1"
    if outcome == "EXEMPT":
        return "R2" if flagged or weapons else "R1"
    if outcome == "HOLD":
        return "R2"
    if outcome == "LICENSE_REQUIRED":
        return "R4" if weapons or env.list_hit or verdict.t_holds else "R3"
    return "R4"


def documents(shipment: Shipment, lines: Sequence[tuple[GoodsLine, LineAnswer]]) -> tuple[str, ...]:
    outcomes = {a.outcome for _, a in lines}
    out = []
    if outcomes & {"LICENSE_REQUIRED", "LICENSE_REQUIRED_CATCHALL"}:
        out.append("export_licence")
    if any(
        g.classification.status in NOT_LISTED
        and a.outcome in ("NOT_APPLICABLE", "NOT_LISTED_NO_TRIGGER")
        for g, a in lines
    ):
        out.append("non_applicability_certificate")
    if "EXEMPT" in outcomes:
        out.append("exception_declaration")
    if shipment.shipment.mode == "hand_carry" and outcomes & {
        "EXEMPT",
        "LICENSE_REQUIRED",
        "LICENSE_REQUIRED_CATCHALL",
    }:
        out.append("hand_carry_declaration")
    return tuple(out)


def records(shipment: Shipment, rs: GoodsRuleSet) -> Records:
    customs = shipment.shipment.mode in rs.customs_modes
    return Records(
        customs_article_94=customs,
        customs_years=rs.customs_years if customs else None,
        institution_years=max(rs.institution_years, rs.customs_years),
    )
