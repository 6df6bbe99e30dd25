"""Policy §5.5, Item 16, catch-all (補完的輸出規制): inform, destination unknown,
Group A, WMD end use and end user, conventional weapons.
"""

from __future__ import annotations

from desk.domain.case import WMD_CONCERNS, Case
from desk.rules.answer import ListHit
from desk.rules.facts import Facts, Verdict
from desk.rules.reasons import reason


def catchall(
    v: Verdict,
    f: Facts,
    scope: str | None,
    matches: list[ListHit],
    unknown_why: list[tuple[str, str]],
) -> Verdict:
    case = f.case
    tech, prov = case.technology, case.provision
    reasons = v.reasons
    if prov.inform:
        kind = {
            "wmd": ("大量破壊兵器等", "WMD"),
            "conventional": ("通常兵器", "conventional weapons"),
        }[prov.inform]
        reasons.append(reason("catchall.inform", kind_ja=kind[0], kind_en=kind[1]))
        v.outcome = "LICENSE_REQUIRED_CATCHALL"
        return v
    if v.destination_unknown or scope is None:
        what_ja, what_en = _unknown_what(case, v)
        reasons.append(reason("catchall.destination_unknown", what_ja=what_ja, what_en=what_en))
        v.outcome = "HOLD"
        return v
    if scope == "group_a":
        reasons.append(reason("catchall.group_a"))
        v.outcome = "NOT_LISTED_NO_TRIGGER"
        return v
    if prov.known_end_use == "wmd":
        reasons.append(reason("catchall.wmd_end_use"))
        v.outcome = "LICENSE_REQUIRED_CATCHALL"
        return v
    cleared = prov.clear_finding is not None and prov.clear_finding.documented
    relevance = set(tech.concern_relevance)
    wmd_user = {c for m in matches for c in m.categories if c in WMD_CONCERNS}
    wmd_user |= {c for c in prov.known_end_user if c in WMD_CONCERNS}
    if wmd_user:
        cats = sorted(wmd_user)
        if wmd_user & relevance:
            reasons.append(reason("catchall.wmd_end_user_matching", categories=cats))
            v.outcome = "LICENSE_REQUIRED_CATCHALL"
            return v
        if not cleared:
            reasons.append(reason("catchall.wmd_end_user", categories=cats))
            v.outcome = "LICENSE_REQUIRED_CATCHALL"
            return v
        reasons.append(reason("catchall.wmd_cleared", categories=cats))
        v.clear_finding_used = True
    in_scope = scope == "un" or (scope == "general" and tech.specific_item_16_1)
    cw_user = any("CW" in m.categories for m in matches) or "CW" in prov.known_end_user
    if in_scope:
        if prov.known_end_use == "conventional":
            reasons.append(reason("catchall.cw_end_use"))
            v.outcome = "LICENSE_REQUIRED_CATCHALL"
            return v
        if cw_user:
            unclearable = scope == "un" and (tech.specific_item_16_1 or "CW" in relevance)
            if unclearable or not cleared:
                if unclearable and cleared:
                    why = (
                        "国連武器禁輸国向けで16項(1)の特定品目又は通常兵器のおそれの強い貨物例に関連するため明らかガイドライン⑲により解除できない",
                        "a clear finding cannot clear it for a UN "
                        "arms-embargo country when the technology "
                        "is tied to 16(1) goods or to conventional "
                        "goods of concern (明らかガイドライン ⑲)",
                    )
                else:
                    why = (
                        "明らかガイドラインの確認が記録されていない",
                        "no clear finding is documented",
                    )
                reasons.append(reason("catchall.cw_end_user", why_ja=why[0], why_en=why[1]))
                v.outcome = "LICENSE_REQUIRED_CATCHALL"
                return v
            reasons.append(reason("catchall.cw_cleared"))
            v.clear_finding_used = True
    elif prov.known_end_use == "conventional" or cw_user:
        reasons.append(reason("catchall.cw_out_of_scope"))
    reasons.append(reason("catchall.no_trigger"))
    v.outcome = "NOT_LISTED_NO_TRIGGER"
    return v


def _unknown_what(case: Case, v: Verdict) -> tuple[str, str]:
    rec, prov = case.recipient, case.provision
    parts: list[tuple[str, str]] = []
    if prov.re_provision_evident and not prov.re_provision_country:
        parts.append(("再提供先", "the re-provision recipient (re_provision_country)"))
    if v.types:
        parts.append(
            (
                "特定類型の相手先（影響を及ぼす外国政府等の国・地域）",
                "the specific category's counterparty (ties[].country)",
            )
        )
    if not v.deemed:
        if rec.kind == "organization":
            parts.append(("受領組織", "the recipient organization (recipient.country)"))
        elif prov.place == "abroad":
            parts.append(("提供先", "the provision (provision.country)"))
        else:
            parts.append(("受領者の国籍又は所属", "the recipient's nationality or affiliation"))
    if not parts:
        parts.append(("受領者", "the recipient"))
    return "、".join(p[0] for p in dict.fromkeys(parts)), "; ".join(
        p[1] for p in dict.fromkeys(parts)
    )
