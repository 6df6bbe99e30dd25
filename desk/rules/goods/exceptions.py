"""§G5 Exceptions (輸出令第4条第1項 特例): every claim's facts checked.

A claim is ``accepted``, ``rejected`` (naming the failed facts) or ``unsettled``. The
少額特例 limit reads ``table_3_3``, an unknown fact (U2) when null on a 5–13 line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from desk.domain.goods.model import Claim, GoodsLine, Shipment, item_number
from desk.rules.goods.facts import Env
from desk.rules.goods.reasons import Bi, GoodsReason, countries_text, reason, yen
from desk.rules.goods.ruleset import GoodsRuleSet
from desk.rules.goods.verdict import Probe

RETURN_PURPOSES = {
    "repaired_in_japan": Bi("本邦で修理した貨物の返送", "repaired in Japan"),
    "exhibition_in_japan": Bi("本邦での展示会の後の返送", "after an exhibition in Japan"),
    "visitor_own_goods": Bi("来訪者が持ち込んだ自己の貨物", "a visitor's own goods"),
    "other": Bi("その他", "other"),
}


@dataclass(frozen=True)
class Checked:
    claim: Claim
    state: str  # accepted | rejected | unsettled
    reason: GoodsReason


def one_year_end(day: dt.date, years: int = 1) -> dt.date:
    """The last day of ``years`` counted from ``day`` (民法140条・143条: the day itself not
    counted; the period ends the day before the corresponding day, or on the last day of
    a month that has none)."""
    start = day + dt.timedelta(days=1)
    try:
        return start.replace(year=start.year + years) - dt.timedelta(days=1)
    except ValueError:  # 29 February with no counterpart: the last day of that February
        return dt.date(start.year + years, 3, 1) - dt.timedelta(days=1)


def bracket_total(shipment: Shipment, line: GoodsLine) -> Decimal:
    """§G5 少額特例: one contract, one 別表第1 bracket (splitting does not help)."""
    item = line.classification.item or ""
    number = item_number(item)
    exact = ":" in item

    def same(other: str) -> bool:
        return other in (item, number) if exact else item_number(other) == number

    total = sum(
        (
            shipment.line_value_jpy(g)
            for g in shipment.goods
            if g.classification.status == "listed" and same(g.classification.item or "")
        ),
        Decimal(0),
    )
    for key, value in shipment.shipment.contract.other_shipments_value_jpy.items():
        if same(key):
            total += value
    return total


def _fail(ja: str, en: str) -> Bi:
    return Bi(ja, en)


def small_value(
    claim: Claim,
    line: GoodsLine,
    n: int,
    shipment: Shipment,
    env: Env,
    rs: GoodsRuleSet,
    probe: Probe,
) -> Checked:
    failed: list[Bi] = []
    number = line.classification.item_number or ""
    if number not in rs.small_value_items:
        failed.append(
            _fail(f"{number}の項の貨物は対象外", f"item {number} is not eligible (5–13 or 15)")
        )
    concern = sorted(env.countries & rs.concern_countries)
    if concern:
        failed.append(
            _fail(
                f"別表第4の国（{countries_text(concern, 'ja')}）が含まれる",
                f"a 別表第4 country ({countries_text(concern, 'en')}) is involved",
            )
        )
    total = bracket_total(shipment, line)
    if number in rs.always_table_3_3_items or line.classification.table_3_3 is True:
        limit = rs.table_3_3_limit
    elif line.classification.table_3_3 is False:
        limit = rs.small_value_limit
    elif failed or total <= rs.table_3_3_limit or total > rs.small_value_limit:
        limit = rs.table_3_3_limit  # the unknown cannot change the answer: not asked
    else:
        u2 = probe.ask(
            f"U2:{n}",
            Bi(f"{n}行目の別表第3の3該当性", f"whether line {n} is 別表第3の3 goods"),
        )
        limit = rs.small_value_limit if u2 else rs.table_3_3_limit
    if total > limit:
        failed.append(
            _fail(
                f"同一契約・同一項の価額合計{yen(total)}が限度額{yen(limit)}を超える",
                f"bracket total {yen(total)} exceeds {yen(limit)}",
            )
        )
    if failed:
        return Checked(claim, "rejected", _rejected("small_value", n, failed))
    return Checked(
        claim, "accepted", reason("exception.small_value.accepted", n, total=total, limit=limit)
    )


def _rejected(basis: str, n: int, failed: list[Bi]) -> GoodsReason:
    text = Bi("、".join(f.ja for f in failed), "; ".join(f.en for f in failed))
    return reason(f"exception.{basis}.rejected", n, failed_ja=text, failed_en=text)


def _excluded_countries(env: Env, rs: GoodsRuleSet) -> list[Bi]:
    excluded = sorted(env.countries & (rs.un_arms_embargo | rs.concern_countries))
    if not excluded:
        return []
    return [
        Bi(
            f"別表第3の2又は別表第4の国（{countries_text(excluded, 'ja')}）が含まれる",
            f"a 別表第3の2 or 別表第4 country ({countries_text(excluded, 'en')}) is involved",
        )
    ]


def free_return(
    claim: Claim,
    line: GoodsLine,
    n: int,
    shipment: Shipment,
    env: Env,
    rs: GoodsRuleSet,
    day: dt.date,
) -> Checked:
    info = shipment.shipment
    failed: list[Bi] = []
    if not info.is_return:
        failed.append(_fail("返送の輸出ではない", "the shipment is not a return (is_return)"))
    for fact, ja in (
        ("imported_free_of_charge", "無償で輸入されていない"),
        ("exported_free_of_charge", "無償の輸出ではない"),
        ("ownership_unchanged", "所有権が移転している"),
    ):
        if getattr(claim, fact) is not True:
            failed.append(_fail(ja, f"{fact} is false"))
    if claim.imported_on is not None and claim.imported_on > day:
        failed.append(
            _fail(
                f"輸入日{claim.imported_on}が輸出日{day}より後",
                f"imported_on {claim.imported_on} is after the export date {day}",
            )
        )
    purpose = claim.purpose or "other"
    if purpose == "repaired_in_japan" and claim.originally_exported_from_japan is not True:
        failed.append(
            _fail("本邦から輸出された貨物ではない", "originally_exported_from_japan is false")
        )
    if purpose == "visitor_own_goods":
        t = info.traveller
        if info.mode != "hand_carry" or t is None or t.role != "visitor":
            failed.append(
                _fail(
                    "来訪者本人による携帯輸出ではない", "not carried by hand by a visitor traveller"
                )
            )
    failed += _excluded_countries(env, rs)
    if failed:
        return Checked(claim, "rejected", _rejected("free_return", n, failed))
    label = RETURN_PURPOSES[purpose]
    if purpose == "other":
        return Checked(claim, "unsettled", _unsettled(n, [claim]))
    return Checked(
        claim,
        "accepted",
        reason("exception.free_return.accepted", n, purpose_ja=label, purpose_en=label),
    )


def free_temporary(
    claim: Claim,
    line: GoodsLine,
    n: int,
    shipment: Shipment,
    env: Env,
    rs: GoodsRuleSet,
    day: dt.date,
) -> Checked:
    info = shipment.shipment
    failed: list[Bi] = []
    for fact, ja in (
        ("exported_free_of_charge", "無償の輸出ではない"),
        ("ownership_unchanged", "所有権が移転する"),
    ):
        if getattr(claim, fact) is not True:
            failed.append(_fail(ja, f"{fact} is false"))
    if not info.return_planned or info.return_by is None:
        failed.append(_fail("持ち帰りの予定がない", "no return is planned"))
    elif info.return_by < day:
        failed.append(
            _fail(
                f"持帰り期限{info.return_by}が輸出日{day}より前",
                f"return_by {info.return_by} is before the export date {day}",
            )
        )
    number = line.classification.item_number
    if number in rs.free_temporary_excluded_items:
        failed.append(_fail(f"{number}の項の貨物は対象外", f"item {number} goods are excluded"))
    failed += _excluded_countries(env, rs)
    purpose = claim.purpose or "other"
    if purpose == "own_use_hand_carry":
        if info.mode != "hand_carry":
            failed.append(_fail("携帯輸出ではない", "the mode is not hand_carry"))
        if claim.own_use is not True:
            failed.append(_fail("本人が自ら使用する貨物ではない", "own_use is false"))
        if claim.stays_with_traveller is not True:
            failed.append(_fail("常に本人が携行するものではない", "stays_with_traveller is false"))
        limit = one_year_end(day, rs.own_use_horizon_years)
        if info.return_by is not None and info.return_by > limit:
            failed.append(
                _fail(
                    f"持帰り期限{info.return_by}が1年以内（{limit}まで）でない",
                    f"return_by {info.return_by} is later than one year ({limit})",
                )
            )
    if failed:
        return Checked(claim, "rejected", _rejected("free_temporary", n, failed))
    if purpose != "own_use_hand_carry":
        return Checked(claim, "unsettled", _unsettled(n, [claim]))
    return Checked(
        claim, "accepted", reason("exception.free_temporary.accepted", n, return_by=info.return_by)
    )


CLAIM_LABELS = {
    "small_value": Bi("少額特例", "small value"),
    "free_return": Bi("無償特例（返送）", "free return"),
    "free_temporary": Bi("無償特例（一時持出し）", "free temporary export"),
}


def claims_label(claims: list[Claim]) -> Bi:
    ja = [CLAIM_LABELS[c.basis].ja + (f"（{c.purpose}）" if c.purpose else "") for c in claims]
    en = [CLAIM_LABELS[c.basis].en + (f" ({c.purpose})" if c.purpose else "") for c in claims]
    return Bi("、".join(ja), ", ".join(en))


def _unsettled(n: int, claims: list[Claim]) -> GoodsReason:
    label = claims_label(claims)
    return reason("exception.unsettled", n, claims_ja=label, claims_en=label)


def check(
    claim: Claim,
    line: GoodsLine,
    n: int,
    shipment: Shipment,
    env: Env,
    rs: GoodsRuleSet,
    day: dt.date,
    probe: Probe,
) -> Checked:
    if claim.basis == "small_value":
        return small_value(claim, line, n, shipment, env, rs, probe)
    if claim.basis == "free_return":
        return free_return(claim, line, n, shipment, env, rs, day)
    return free_temporary(claim, line, n, shipment, env, rs, day)
