"""goods-policy.md §G5 Exceptions (輸出令第4条第1項 特例): each claim's facts, from the text."""

from __future__ import annotations

import datetime as dt

import pytest
from goods_support import codes, document, hand_carry, judge, listed, party

from desk.rules.goods.exceptions import one_year_end

SMALL = [{"basis": "small_value"}]


def status(a, n=1, i=0):
    return a.lines[n - 1].exceptions[i].status


# --------------------------------------------------------------------------- small_value


@pytest.mark.parametrize(
    ("item", "ok"),
    [("4", False), ("5", True), ("13", True), ("14", False), ("15", True), ("1", False)],
)
def test_small_value_items(item, ok):
    a = judge(document(listed(item, value=10_000, exceptions=SMALL)))
    assert status(a) == ("accepted" if ok else "rejected")


def test_small_value_limit_is_inclusive_and_exact():
    at = judge(document(listed("6", value=1_000_000, exceptions=SMALL)))
    assert at.outcome == "EXEMPT" and "exception.small_value.accepted" in codes(at)
    over = judge(
        document(
            listed("6", value=6666.67, currency="USD", exceptions=SMALL), fx_rates={"USD": 150.0}
        )
    )
    assert over.outcome == "LICENSE_REQUIRED"
    assert "¥1,000,000.5 exceeds ¥1,000,000" in next(
        r.text_en for r in over.reasons if r.code.endswith("rejected")
    )


def test_table_3_3_goods_and_item_15_have_the_lower_limit():
    assert judge(document(listed("15", value=50_000, exceptions=SMALL))).outcome == "EXEMPT"
    assert (
        judge(document(listed("15", value=50_001, exceptions=SMALL))).outcome == "LICENSE_REQUIRED"
    )
    t33 = listed("6", value=60_000, exceptions=SMALL, classification={"table_3_3": True})
    assert judge(document(t33)).outcome == "LICENSE_REQUIRED"


def test_table_3_3_unknown_is_judged_both_ways():
    u2 = listed("6", value=60_000, exceptions=SMALL, classification={"table_3_3": None})
    a = judge(document(u2))
    assert a.outcome == "HOLD" and "unknown.hold" in codes(a)
    assert status(a) == "rejected"  # the default (true) combination's status
    small = listed("6", value=40_000, exceptions=SMALL, classification={"table_3_3": None})
    assert judge(document(small)).outcome == "EXEMPT"  # within both limits: nothing to hold


def test_bracket_total_adds_same_bracket_lines_and_other_shipments_of_the_contract():
    a = judge(
        document(listed("6:(1)", value=600_000, exceptions=SMALL), listed("6", value=500_000))
    )
    assert status(a) == "rejected"  # 6:(1) counts plain 6 too
    b = judge(
        document(listed("6:(1)", value=600_000, exceptions=SMALL), listed("6:(2)", value=500_000))
    )
    assert status(b) == "accepted"  # another bracket
    c = judge(
        document(listed("6", value=600_000, exceptions=SMALL), listed("6:(2)", value=500_000))
    )
    assert status(c) == "rejected"  # plain 6 counts every 6
    d = judge(
        document(
            listed("6:(1)", value=600_000, exceptions=SMALL),
            contract={"other_shipments_value_jpy": {"6": 400_001}},
        )
    )
    assert status(d) == "rejected"
    e = judge(
        document(
            listed("6:(1)", value=600_000, exceptions=SMALL),
            contract={"other_shipments_value_jpy": {"7": 900_000}},
        )
    )
    assert status(e) == "accepted"


def test_small_value_rejected_with_a_table_4_country():
    a = judge(
        document(
            listed("6", value=1000, exceptions=SMALL),
            destination="IQ",
            consignee=party(country="IQ"),
        )
    )
    assert status(a) == "rejected" and a.outcome == "LICENSE_REQUIRED"


# --------------------------------------------------------------------------- free_return


def ret(purpose="repaired_in_japan", **facts):
    claim = {
        "basis": "free_return",
        "purpose": purpose,
        "imported_free_of_charge": True,
        "exported_free_of_charge": True,
        "ownership_unchanged": True,
        "imported_on": "2026-09-01",
    }
    if purpose == "repaired_in_japan":
        claim["originally_exported_from_japan"] = True
    claim.update(facts)
    return [claim]


def test_free_return_of_a_repaired_instrument_even_item_1():
    a = judge(document(listed("1", exceptions=ret()), is_return=True))
    assert a.outcome == "EXEMPT" and "exception.free_return.accepted" in codes(a)


@pytest.mark.parametrize(
    ("facts", "shipment"),
    [
        ({}, {"is_return": False}),
        ({"imported_free_of_charge": False}, {}),
        ({"ownership_unchanged": False}, {}),
        ({"imported_on": "2026-12-01"}, {}),  # after the export date
        ({"originally_exported_from_japan": False}, {}),
        ({}, {"onward_countries": ["LB"]}),  # 別表第3の2
    ],
)
def test_free_return_rejected(facts, shipment):
    a = judge(document(listed("6", exceptions=ret(**facts)), **{"is_return": True, **shipment}))
    assert status(a) == "rejected" and a.outcome in ("LICENSE_REQUIRED", "HOLD")


def test_visitor_own_goods_need_a_visiting_hand_carrier():
    visitor = {
        "name": "Prof. X",
        "role": "visitor",
        "affiliation": party("Chulalongkorn-like", "TH"),
    }
    a = judge(
        hand_carry(
            listed("6", exceptions=ret("visitor_own_goods")), traveller=visitor, is_return=True
        )
    )
    assert a.outcome == "EXEMPT"
    b = judge(document(listed("6", exceptions=ret("visitor_own_goods")), is_return=True))
    assert status(b) == "rejected"


def test_free_return_other_purpose_is_unsettled():
    a = judge(document(listed("6", exceptions=ret("other")), is_return=True))
    assert status(a) == "unsettled" and a.outcome == "HOLD"


# --------------------------------------------------------------------------- free_temporary


def tmp(purpose="own_use_hand_carry", **facts):
    claim = {
        "basis": "free_temporary",
        "purpose": purpose,
        "exported_free_of_charge": True,
        "ownership_unchanged": True,
    }
    if purpose == "own_use_hand_carry":
        claim.update(own_use=True, stays_with_traveller=True)
    claim.update(facts)
    return [claim]


def carry(claims, item="5:(2)", return_by="2027-03-01", **extra):
    return hand_carry(
        listed(item, exceptions=claims),
        destination="SG",
        return_planned=True,
        return_by=return_by,
        **extra,
    )


def test_own_use_hand_carry_accepted():
    a = judge(carry(tmp()))
    assert a.outcome == "EXEMPT" and "exception.free_temporary.accepted" in codes(a)
    assert set(a.documents) == {"exception_declaration", "hand_carry_declaration"}


@pytest.mark.parametrize(
    ("exported", "back_by"),
    [
        ("2028-02-29", "2029-02-28"),
        ("2027-02-28", "2028-02-29"),
        ("2027-03-10", "2028-03-10"),
        ("2026-11-20", "2027-11-20"),
    ],
)
def test_one_year_horizon_as_the_civil_code_counts(exported, back_by):
    assert one_year_end(dt.date.fromisoformat(exported)) == dt.date.fromisoformat(back_by)
    day_after = (dt.date.fromisoformat(back_by) + dt.timedelta(days=1)).isoformat()
    assert judge(carry(tmp(), date=exported, return_by=back_by)).outcome == "EXEMPT"
    assert status(judge(carry(tmp(), date=exported, return_by=day_after))) == "rejected"


@pytest.mark.parametrize(
    ("claims", "item", "extra"),
    [
        (tmp(own_use=False), "5:(2)", {}),
        (tmp(stays_with_traveller=False), "5:(2)", {}),
        (tmp(exported_free_of_charge=False), "5:(2)", {}),
        (tmp(), "1", {}),  # not for item 1
        (tmp(), "5:(2)", {"onward_countries": ["IR"]}),
    ],
)
def test_own_use_hand_carry_rejected(claims, item, extra):
    a = judge(carry(claims, item=item, **extra))
    assert status(a) in ("rejected", "not_evaluated")
    assert a.outcome != "EXEMPT"


def test_free_temporary_needs_a_planned_return_not_before_export():
    no_return = hand_carry(listed("5:(2)", exceptions=tmp()), destination="SG")
    assert status(judge(no_return)) == "rejected"
    past = carry(tmp(), return_by="2026-11-19")
    assert status(judge(past)) == "rejected"


def test_own_use_needs_hand_carry():
    a = judge(
        document(
            listed("5:(2)", exceptions=tmp()),
            destination="SG",
            return_planned=True,
            return_by="2027-01-31",
        )
    )
    assert status(a) == "rejected"


@pytest.mark.parametrize("purpose", ["exhibition_abroad", "repair_abroad", "other"])
def test_other_temporary_purposes_are_unsettled_with_the_common_facts(purpose):
    a = judge(
        document(
            listed("6", exceptions=tmp(purpose)),
            destination="SG",
            return_planned=True,
            return_by="2027-01-31",
        )
    )
    assert status(a) == "unsettled" and a.outcome == "HOLD"
    b = judge(
        document(
            listed("6", exceptions=tmp(purpose, ownership_unchanged=False)),
            destination="SG",
            return_planned=True,
            return_by="2027-01-31",
        )
    )
    assert status(b) == "rejected" and b.outcome == "LICENSE_REQUIRED"


def test_an_accepted_claim_wins_over_an_unsettled_one():
    claims = [*SMALL, *tmp("exhibition_abroad")]
    a = judge(
        document(
            listed("6", value=1000, exceptions=claims), return_planned=True, return_by="2027-01-31"
        )
    )
    assert a.outcome == "EXEMPT" and [e.status for e in a.lines[0].exceptions] == [
        "accepted",
        "unsettled",
    ]
