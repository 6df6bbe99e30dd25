"""§G4 step 2 (scope of goods that are not listed) and step 4 (item 16, catch-all)."""

from __future__ import annotations

from desk.domain.goods.model import GoodsLine, Shipment
from desk.rules.goods.exceptions import claims_label
from desk.rules.goods.facts import CATEGORY_JA, UNDECIDABLE, YES, Env, item16_1_status, wmd_trigger
from desk.rules.goods.reasons import Bi, GoodsReason, countries_text, reason
from desk.rules.goods.ruleset import GoodsRuleSet
from desk.rules.goods.verdict import ClaimResult, LineVerdict, Probe

GROUPS = {
    "A": Bi("グループA（輸出令別表第3）", "Group A"),
    "general": Bi("グループA以外", "outside Group A"),
    "embargo": Bi("国連武器禁輸国（輸出令別表第3の2）", "a UN arms-embargo country"),
}


def scope_of(line: GoodsLine, rs: GoodsRuleSet) -> str:
    """The line's ``scope`` in the answer (U1 and U5 at their defaults)."""
    status = line.classification.status
    if status in ("listed", "undetermined"):
        return status
    hs = line.hs_digits
    if hs is not None and hs[:2] not in rs.item16_chapters:
        return "outside"
    return "item16_1" if item16_1_status(line, rs) == YES else "item16_2"


def not_evaluated(line: GoodsLine, n: int) -> list[ClaimResult]:
    return [
        ClaimResult(
            c.basis,
            "not_evaluated",
            reason(
                "exception.not_for_catchall",
                n,
                claims_ja=claims_label([c]),
                claims_en=claims_label([c]),
            ),
        )
        for c in line.exceptions
    ]


def not_listed(
    shipment: Shipment, line: GoodsLine, n: int, env: Env, rs: GoodsRuleSet, probe: Probe
) -> LineVerdict:
    reasons: list[GoodsReason] = []
    claims = not_evaluated(line, n)
    if line.exceptions:
        label = claims_label(list(line.exceptions))
        reasons.append(reason("exception.not_for_catchall", n, claims_ja=label, claims_en=label))
    hs = line.hs_digits
    if hs is None:
        if probe.ask(f"U1:{n}", Bi(f"{n}行目のHSコード", f"line {n}'s HS code")):
            why = reason("scope.outside_item16", n, hs="—", chapter="—")
            return LineVerdict("NOT_APPLICABLE", [*reasons, why], claims)
        reasons.append(reason("scope.hs_unknown", n))
    elif hs[:2] not in rs.item16_chapters:
        why = reason("scope.outside_item16", n, hs=line.hs_code, chapter=hs[:2])
        return LineVerdict("NOT_APPLICABLE", [*reasons, why], claims)
    else:
        status = item16_1_status(line, rs)
        sub = {YES: "(1)", UNDECIDABLE: "（(1)か(2)か未確定）"}.get(status, "(2)")
        sub_en = {YES: "(1)", UNDECIDABLE: " ((1) or (2) undecided)"}.get(status, "(2)")
        reasons.append(
            reason("scope.item16", n, hs=line.hs_code, chapter=hs[:2], sub=sub, sub_en=sub_en)
        )
    verdict = catchall(shipment, line, n, env, rs, probe, reasons)
    verdict.claims = claims
    return verdict


def _is_16_1(line: GoodsLine, n: int, rs: GoodsRuleSet, probe: Probe) -> bool:
    status = item16_1_status(line, rs)
    if status == UNDECIDABLE:
        return probe.ask(f"U5:{n}", Bi(f"{n}行目の16の項(1)該当性", f"whether line {n} is 16(1)"))
    return status == YES


def catchall(
    shipment: Shipment,
    line: GoodsLine,
    n: int,
    env: Env,
    rs: GoodsRuleSet,
    probe: Probe,
    reasons: list[GoodsReason],
) -> LineVerdict:
    info = shipment.shipment

    def required(track: str, *why: GoodsReason) -> LineVerdict:
        return LineVerdict(
            "LICENSE_REQUIRED_CATCHALL", [*reasons, *why], [], track=track, t_holds=True
        )

    if info.inform:
        kinds = Bi(
            "、".join(
                {"wmd": "大量破壊兵器等", "conventional": "通常兵器"}[k] for k in info.inform
            ),
            ", ".join(info.inform),
        )
        track = "wmd" if "wmd" in info.inform else "conventional"
        return required(track, reason("catchall.inform", n, kinds_ja=kinds, kinds_en=kinds))
    if env.strictest == "A":
        return LineVerdict("NOT_LISTED_NO_TRIGGER", [*reasons, reason("catchall.group_a", n)], [])
    if env.widening:
        own, strict = GROUPS[env.own_group], GROUPS[env.strictest]
        names = Bi(countries_text(env.widening, "ja"), countries_text(env.widening, "en"))
        reasons.append(
            reason(
                "scope.countries_widened",
                n,
                own=own,
                own_en=own,
                countries=names,
                countries_en=names,
                strictest=strict,
                strictest_en=strict,
            )
        )
    if info.known_end_use == "wmd":
        return required("wmd", reason("catchall.wmd_end_use", n))
    if env.wmd:
        concerns = Bi(
            "・".join(CATEGORY_JA[c] for c in sorted(env.wmd)), ", ".join(sorted(env.wmd))
        )
        if wmd_trigger(line, env):
            related = sorted(env.wmd & set(line.concern_relevance))
            why = (
                Bi(
                    f"、貨物の懸念用途（{'・'.join(related)}）と重なる",
                    f", relevant to the goods ({', '.join(related)})",
                )
                if related
                else Bi(
                    "、明らかガイドラインによる確認がない", ", with no documented clear finding"
                )
            )
            return required(
                "wmd", reason("catchall.wmd_end_user", n, concerns=concerns, why_ja=why, why_en=why)
            )
        reasons.append(reason("catchall.wmd_end_user_cleared", n, concerns=concerns))
    if env.strictest == "embargo" or _is_16_1(line, n, rs, probe):
        if info.known_end_use == "conventional":
            return required("conventional", reason("catchall.cw_end_use", n))
        if env.cw_concern:
            is_blocked = env.strictest == "embargo" and (
                "CW" in line.concern_relevance or _is_16_1(line, n, rs, probe)
            )
            if is_blocked:
                return required(
                    "conventional",
                    reason("catchall.cw_end_user", n),
                    reason("catchall.cw_not_clearable", n),
                )
            if not env.clear:
                return required("conventional", reason("catchall.cw_end_user", n))
            reasons.append(reason("catchall.cw_end_user_cleared", n))
    if not info.end_user_known:
        return LineVerdict(
            "HOLD",
            [*reasons, reason("catchall.end_user_unknown", n)],
            [],
        )
    return LineVerdict("NOT_LISTED_NO_TRIGGER", [*reasons, reason("catchall.no_trigger", n)], [])
