"""Policy §4, Is the provision controlled? (外為法 25条), and the end of §3 (status unknown).

:func:`establish` gives ``controlled_because``, the deemed countries (``JP`` never is
one), the catch-all scope of the strictest deemed country and why the destination is
unknown; :func:`explain` adds its reasons. :func:`not_controlled` ends a judgement
whose provision nothing controls: ``NOT_APPLICABLE``, except for a resident person
whose specific-category status is unknown (§3).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desk.rules.answer import ListHit
from desk.rules.categories import Specific
from desk.rules.exemptions import CheckedClaim, exemption_applies
from desk.rules.facts import ITEM16, Facts, Verdict
from desk.rules.reasons import reason
from desk.rules.ruleset import RuleSet

SCOPE_LABELS = {
    "un": ("国連武器禁輸国（輸出令別表第3の2）", "UN arms-embargo country"),
    "general": ("一般国", "general country"),
    "group_a": ("グループA（輸出令別表第3）", "Group A"),
}


def scope_of(deemed: Iterable[str], rs: RuleSet) -> str:
    """The catch-all scope of the strictest deemed country: un > general > group_a."""
    countries = set(deemed)
    if countries & rs.un_arms_embargo:
        return "un"
    if countries - rs.group_a:
        return "general"
    return "group_a"


@dataclass(frozen=True)
class Control:
    because: list[str]
    deemed: set[str]
    unknown_why: list[tuple[str, str]]  # (ja, en): why the destination is unknown
    scope: str | None  # None when no country is deemed


def establish(f: Facts, sp: Specific, *, resident: bool, matches: Sequence[ListHit]) -> Control:
    rec, prov = f.case.recipient, f.case.provision
    person = rec.kind == "person"
    because: list[str] = []
    abroad = prov.place == "abroad" or rec.effective_location == "abroad"
    if abroad:
        because.append("place_abroad")
    if not resident:
        because.append("non_resident")
    because += [f"specific_category_{t}" for t in sp.types]
    if prov.re_provision_evident:
        because.append("re_provision")
    if "media_carried_abroad" in prov.channels:
        because.append("media_abroad")

    deemed: set[str] = set()
    if prov.place == "abroad" and prov.country:
        deemed.add(prov.country)
    if (rec.effective_location == "abroad" or not person) and rec.country:
        deemed.add(rec.country)
    if person and not resident:
        deemed.update(rec.nationalities)
    deemed.update(a.country for a in rec.affiliations if a.country)
    deemed.update(h.country for h in matches)
    deemed.update(sp.influencing)
    if prov.re_provision_country:
        deemed.add(prov.re_provision_country)
    deemed.discard("JP")
    unknown_why: list[tuple[str, str]] = []
    if not deemed:
        unknown_why.append(("仕向地とみなす国がない", "no deemed country"))
    if sp.types and sp.unknown_influence:
        unknown_why.append(
            (
                "特定類型に係る影響を及ぼす外国政府等の国・地域が記録されていない",
                "the influencing country of a specific category is not recorded",
            )
        )
    if prov.re_provision_evident and not prov.re_provision_country:
        unknown_why.append(
            ("再提供先の国が記録されていない", "the re-provision country is not recorded")
        )
    scope = scope_of(deemed, f.rs) if deemed else None
    return Control(because, deemed, unknown_why, scope)


def not_controlled(
    v: Verdict, f: Facts, sp: Specific, *, resident_person: bool, valid: Sequence[CheckedClaim]
) -> Verdict:
    """Nothing in §4 holds: NOT_APPLICABLE, unless §3's status is unknown."""
    v.reasons.append(reason("controlled.none"))
    v.reasons.extend(e.reason for e in f.exemptions)
    if resident_person and sp.status_unknown:
        if f.case.technology.classification in ("listed", "undetermined"):
            if valid:
                v.reasons.append(exemption_applies(v.valid_bases))
                v.outcome = "EXEMPT"
                return v
            v.reasons.append(reason("status_unknown.hold"))
            v.outcome = "HOLD"
            return v
        v.reasons.append(reason("status_unknown.item16"))
    v.outcome = "NOT_APPLICABLE"
    return v


def explain(v: Verdict, ctl: Control, f: Facts) -> None:
    """The reasons of a controlled provision: why, the deemed countries, unknown destination."""
    for code in ctl.because:
        if code.startswith("specific_category_"):
            continue
        v.reasons.append(reason(f"controlled.{code}"))
    if v.types:
        v.reasons.append(reason("controlled.specific_category", types=list(v.types)))
    if ctl.deemed:
        s_ja = s_en = ""
        if f.case.technology.classification in ITEM16:
            label_ja, label_en = SCOPE_LABELS[ctl.scope or "general"]
            s_ja = f"キャッチオールの判定は最も厳しい区分（{label_ja}）による。"
            s_en = f" The catch-all uses the strictest: {label_en}."
        v.reasons.append(
            reason("deemed.countries", countries=v.deemed, scope_ja=s_ja, scope_en=s_en)
        )
    if v.destination_unknown:
        v.reasons.append(
            reason(
                "deemed.unknown",
                why_ja="、".join(w[0] for w in ctl.unknown_why),
                why_en="; ".join(w[1] for w in ctl.unknown_why),
            )
        )
