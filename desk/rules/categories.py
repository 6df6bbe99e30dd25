"""Policy §3, Specific categories (特定類型, 役務通達 1(3)サ): types 1–3 from the ties
and the declaration, the influencing countries, and status unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from desk.domain.case import Case
from desk.rules.reasons import Reason, reason
from desk.rules.ruleset import RuleSet

CONTRACT_TIES = ("employment", "mandate", "appointment", "contract_other")
FOREIGN_PRINCIPALS = ("foreign_government", "foreign_entity")
TIE_LABELS = {
    "employment": ("雇用", "employment"),
    "mandate": ("委任", "mandate"),
    "appointment": ("任用", "appointment"),
    "contract_other": ("請負その他の", "other"),
}


@dataclass
class Specific:
    """What the ties and the declaration say (policy §3), for a resident person."""

    types: tuple[int, ...] = ()
    tie_reasons: list[Reason] = field(default_factory=list)
    influencing: set[str] = field(default_factory=set)
    unknown_influence: bool = False
    status_unknown: bool = False
    other_reasons: list[Reason] = field(default_factory=list)


def declaration_on_file(case: Case, as_of: dt.date | None = None) -> tuple[Any, list[Reason]]:
    """The recipient's declaration if it counts (policy §3): ``declared_on`` on or before the
    provision date (``provision.date``, else the day judged); a later one is treated as
    absent, with the reason. The basis is named when it is not the person's own signature."""
    decl = case.recipient.declaration
    if decl is None:
        return None, []
    provision = case.provision.date or as_of or case.as_of
    if provision is not None and decl.declared_on > provision:
        return None, [
            reason(
                "specific.declaration_after_provision",
                declared_on=decl.declared_on,
                date=provision,
            )
        ]
    if decl.basis == "information_obtained":
        return decl, [reason("specific.information_obtained", declared_on=decl.declared_on)]
    return decl, []


def specific_categories(case: Case, rs: RuleSet, as_of: dt.date | None = None) -> Specific:
    rec = case.recipient
    sp = Specific()
    from_ties: dict[int, list[str | None]] = {}
    for tie in sorted(rec.ties, key=_tie_key):
        t: int | None = None
        params: dict[str, Any] = {
            "counterparty": tie.counterparty or "—",
            "country": tie.country or "—",
        }
        if tie.type in CONTRACT_TIES:
            if (
                tie.counterparty_kind in FOREIGN_PRINCIPALS
                and tie.follows_directions
                and not tie.priority_agreement
            ):
                t = 1
                params.update(tie_ja=TIE_LABELS[tie.type][0], tie_en=TIE_LABELS[tie.type][1])
        elif tie.type == "funding":
            timely = tie.timing == "current" or tie.repayment_waived
            share = tie.share_of_income
            big = share is None or share >= rs.type2_share_of_income
            if (
                tie.counterparty_kind == "foreign_government"
                and tie.paid_to == "person"
                and timely
                and big
            ):
                t = 2
                if share is None:
                    params.update(
                        share_ja="年収に占める割合が不明な額（②として扱う）",
                        share_en="share of income unknown",
                    )
                else:
                    params.update(
                        share_ja=f"年収の{share:.0%}に当たる額",
                        share_en=f"{share:.0%} of annual income",
                    )
        elif tie.type == "instruction" and tie.counterparty_kind == "foreign_government":
            t = 3
        if t is not None:
            from_ties.setdefault(t, []).append(tie.country)
            sp.tie_reasons.append(reason(f"specific.type{t}", **params))
            if tie.country is None:
                sp.unknown_influence = True
                sp.other_reasons.append(
                    reason(
                        "specific.tie_without_country",
                        types=[t],
                        counterparty=tie.counterparty or "—",
                    )
                )
            else:
                sp.influencing.add(tie.country)
    decl, about_declaration = declaration_on_file(case, as_of)
    sp.other_reasons += about_declaration
    declared = set(decl.types) if decl else set()
    sp.types = tuple(sorted(set(from_ties) | declared))
    declared_only = sorted(declared - set(from_ties))
    if declared_only and decl is not None:
        sp.unknown_influence = True
        sp.other_reasons.append(
            reason("specific.declared", types=declared_only, declared_on=decl.declared_on)
        )
    if decl is not None:
        denied = sorted(set(from_ties) - declared)
        if denied:
            sp.other_reasons.append(
                reason("specific.declaration_mismatch", types=denied, declared_on=decl.declared_on)
            )
    if decl is None and not rec.ties:
        sp.status_unknown = True
    return sp


def _tie_key(tie: Any) -> tuple[str, ...]:
    return tuple(
        str(getattr(tie, f)) for f in ("type", "counterparty_kind", "country", "counterparty")
    )


def category_reasons(sp: Specific) -> list[Reason]:
    """The reasons §3 gives for a resident person: the ties, the declaration, the status."""
    out = [*sp.tie_reasons, *sp.other_reasons]
    if sp.status_unknown:
        out.append(reason("specific.status_unknown"))
    elif not sp.types:
        out.append(reason("specific.none"))
    return out
