"""Policy §6, Risk grade: R0–R4 from the outcome and the facts behind it."""

from __future__ import annotations

from desk.rules.facts import Facts, Verdict


def risk_grade(outcome: str, v: Verdict, f: Facts) -> str:
    case, rs = f.case, f.rs
    rec, tech = case.recipient, case.technology
    un_nat = any(rs.is_un_or_concern(c) for c in rec.nationalities)
    un_deemed = any(rs.is_un_or_concern(c) for c in v.deemed)
    hit = v.has_match
    if outcome == "NOT_APPLICABLE":
        if un_nat or hit:
            return "R2"
        foreign_tie = any(
            t.counterparty_kind != "japanese_entity" or (t.country not in (None, "JP"))
            for t in rec.ties
        )
        foreign_aff = any(a.country != "JP" for a in rec.affiliations)
        if (
            rec.kind == "person"
            and rec.nationalities == ("JP",)
            and not foreign_tie
            and not foreign_aff
        ):
            return "R0"
        return "R1"
    if outcome == "NOT_LISTED_NO_TRIGGER":
        return "R2" if (v.clear_finding_used or un_nat or un_deemed or hit) else "R1"
    if outcome == "EXEMPT":
        fr_only = v.valid_bases == ("fundamental_research",) and tech.classification == "listed"
        return "R2" if (fr_only or un_nat or un_deemed or hit) else "R1"
    if outcome == "HOLD":
        return "R2"
    if outcome == "LICENSE_REQUIRED":
        wmd_item = tech.item_number in rs.wmd_items or tech.item_number in rs.arms_items
        return "R4" if (wmd_item or 3 in v.types or hit) else "R3"
    return "R4"
