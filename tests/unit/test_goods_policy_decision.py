"""goods-policy.md §G4 steps 2–6 (scope, listed goods, catch-all, recorded technology),
§G6–§G8 (outcome, unknowns, risk), §G10 documents and §G11 records, from the policy's text."""

from __future__ import annotations

import pytest
from goods_support import codes, document, hand_carry, judge, line, listed, party

US = {"destination": "US", "consignee": party("MIT-like University", "US")}
CN = {"destination": "CN", "consignee": party("Huaiyang University", "CN")}


# --------------------------------------------------------------------------- §G4.2 scope


@pytest.mark.parametrize(
    ("hs", "inside"),
    [("1006.10", False), ("2501", True), ("4011", True), ("4101", False), ("5402", True),
     ("6001", False), ("6307", True), ("6401", False), ("6802", True), ("9306", True),
     ("9401", False), ("9503", True), ("9701", False)],
)  # fmt: skip
def test_item_16_covers_the_chapters_of_the_ordinance(hs, inside):
    a = judge(document(line(hs=hs), **CN))
    if inside:
        assert a.outcome == "NOT_LISTED_NO_TRIGGER" and "scope.item16" in codes(a)
    else:
        assert a.outcome == "NOT_APPLICABLE" and codes(a, 1) == ["scope.outside_item16"]
        assert a.lines[0].scope == "outside"


def test_exception_claims_on_unlisted_goods_are_reported_and_ignored():
    a = judge(document(line(hs="1006.10", exceptions=[{"basis": "small_value"}]), **CN))
    assert "exception.not_for_catchall" in codes(a)
    assert a.lines[0].exceptions[0].status == "not_evaluated"
    assert "exception_declaration" not in a.documents


def test_missing_hs_code_defaults_inside_item_16_and_holds_only_if_it_matters():
    quiet = judge(document(line(hs=None), **CN))
    assert quiet.outcome == "NOT_LISTED_NO_TRIGGER" and "scope.hs_unknown" in codes(quiet)
    assert "unknown.hold" not in codes(quiet) and quiet.lines[0].scope == "item16_2"
    loud = judge(document(line(hs=None), known_end_use="wmd", **CN))
    assert loud.outcome == "HOLD" and "unknown.hold" in codes(loud)


# --------------------------------------------------------------------------- §G4.3 listed


def test_listed_goods_need_a_licence_even_for_group_a():
    a = judge(document(listed("6"), **US))
    assert a.outcome == "LICENSE_REQUIRED" and "list.licence" in codes(a)
    assert a.risk == "R3" and a.documents == ("export_licence",)


def test_weapons_and_wmd_items_raise_the_licence_risk():
    assert judge(document(listed("3:(2)"), **US)).risk == "R4"
    assert judge(document(listed("3-2:(1)"), **US)).risk == "R4"


def test_a_trigger_sets_accepted_claims_aside():
    a = judge(document(listed("6", exceptions=[{"basis": "small_value"}]), inform="conventional"))
    assert a.outcome == "LICENSE_REQUIRED"
    assert codes(a, 1) == ["exception.set_aside", "list.licence"]
    assert a.lines[0].exceptions[0].status == "set_aside" and a.risk == "R4"


def test_a_rejected_claim_stays_rejected_under_a_trigger():
    big = listed("6", value=2_000_000, exceptions=[{"basis": "small_value"}])
    a = judge(document(big, inform="wmd"))
    assert a.lines[0].exceptions[0].status == "rejected"
    assert "exception.small_value.rejected" in codes(a)


def test_unknown_end_user_outside_group_a_holds_an_accepted_claim():
    doc = document(listed("6", exceptions=[{"basis": "small_value"}]), end_user=...)
    a = judge(doc)
    assert a.outcome == "HOLD" and "exception.end_user_unknown" in codes(a)
    group_a = judge(
        document(listed("6", exceptions=[{"basis": "small_value"}]), end_user=..., **US)
    )
    assert group_a.outcome == "EXEMPT"


def test_only_unsettled_claims_are_held_as_an_unknown():
    claim = {
        "basis": "free_temporary",
        "purpose": "exhibition_abroad",
        "exported_free_of_charge": True,
        "ownership_unchanged": True,
    }
    a = judge(
        document(listed("6", exceptions=[claim]), return_planned=True, return_by="2027-01-31")
    )
    assert a.outcome == "HOLD"
    assert {"exception.unsettled", "unknown.hold"} <= set(codes(a, 1))
    assert a.lines[0].exceptions[0].status == "unsettled"


# --------------------------------------------------------------------------- §G4.4 catch-all


def test_inform_requires_a_licence_everywhere_with_its_track():
    a = judge(document(line(hs="8471.30"), inform="conventional", **US))
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL" and a.lines[0].catch_all_track == "conventional"
    both = judge(document(line(hs="8471.30"), inform=["conventional", "wmd"], **US))
    assert both.lines[0].catch_all_track == "wmd"


def test_group_a_has_no_catch_all_besides_inform():
    a = judge(document(line(hs="8471.30"), known_end_use="wmd", **US))
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and "catchall.group_a" in codes(a)
    assert a.risk == "R2"  # a catch-all fact is declared


def test_countries_widening_the_scope_are_named():
    a = judge(
        document(
            line(hs="8507.60"),
            destination="TH",
            onward_countries=["LB"],
            known_end_use="conventional",
        )
    )
    assert "scope.countries_widened" in codes(a)
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL" and "catchall.cw_end_use" in codes(a)


def test_known_wmd_end_use():
    a = judge(document(line(hs="8414.10"), known_end_use="wmd", **CN))
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL" and a.lines[0].catch_all_track == "wmd"


def test_wmd_end_user_cleared_only_when_clear_and_unrelated():
    cleared = judge(
        document(
            line(hs="9027.50"),
            known_end_user=["N"],
            clear_finding={"documented": True, "rationale": "teaching"},
            **CN,
        )
    )
    assert cleared.outcome == "NOT_LISTED_NO_TRIGGER" and "catchall.wmd_end_user_cleared" in codes(
        cleared
    )
    assert cleared.risk == "R2"
    related = judge(
        document(
            line(hs="9027.50", concern_relevance=["N"]),
            known_end_user=["N"],
            clear_finding={"documented": True, "rationale": "x"},
            **CN,
        )
    )
    assert related.outcome == "LICENSE_REQUIRED_CATCHALL" and "catchall.wmd_end_user" in codes(
        related
    )
    unclear = judge(document(line(hs="9027.50"), known_end_user=["N"], **CN))
    assert unclear.outcome == "LICENSE_REQUIRED_CATCHALL"


def test_conventional_track_under_general_only_for_16_1():
    assert (
        judge(document(line(hs="8471.30"), known_end_use="conventional", **CN)).outcome
        == "NOT_LISTED_NO_TRIGGER"
    )
    a = judge(document(line(hs="8542.31"), known_end_use="conventional", **CN))
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL" and "catchall.cw_end_use" in codes(a)
    assert a.lines[0].scope == "item16_1"


def test_undecidable_16_1_is_an_unknown_where_it_matters():
    a = judge(document(line(hs="8542"), known_end_use="conventional", **CN))
    assert a.outcome == "HOLD" and "unknown.hold" in codes(a) and a.lines[0].scope == "item16_2"


def test_cw_end_user_under_embargo_cannot_be_cleared_for_16_1_or_cw_goods():
    clear = {"documented": True, "rationale": "x"}
    a = judge(
        document(
            line(hs="8542.31"),
            destination="LY",
            consignee=party(country="LY"),
            known_end_user=["CW"],
            clear_finding=clear,
        )
    )
    assert {"catchall.cw_end_user", "catchall.cw_not_clearable"} <= set(codes(a))
    b = judge(
        document(
            line(hs="8471.30"),
            destination="LY",
            consignee=party(country="LY"),
            known_end_user=["CW"],
            clear_finding=clear,
        )
    )
    assert b.outcome == "NOT_LISTED_NO_TRIGGER" and "catchall.cw_end_user_cleared" in codes(b)
    c = judge(
        document(
            line(hs="8471.30"),
            destination="LY",
            consignee=party(country="LY"),
            known_end_user=["CW"],
        )
    )
    assert c.outcome == "LICENSE_REQUIRED_CATCHALL" and "catchall.cw_not_clearable" not in codes(c)


def test_unknown_end_user_holds_an_item_16_line():
    a = judge(document(line(hs="9027.50"), end_user=..., **CN))
    assert a.outcome == "HOLD" and "catchall.end_user_unknown" in codes(a)


# --------------------------------------------------------------------------- §G4.6 technology


def test_recorded_technology_needs_its_case():
    a = judge(document(line(hs="8471.30", carries_technology=True), **US))
    assert a.outcome == "HOLD" and "tech.related_case_missing" in codes(a)
    ok = judge(document(line(hs="8471.30", carries_technology=True), related_cases=["T-1"], **US))
    assert ok.outcome == "NOT_LISTED_NO_TRIGGER" and "tech.related_case" in codes(ok)
    licence = judge(document(listed("6", carries_technology=True), **US))
    assert licence.outcome == "LICENSE_REQUIRED" and "tech.related_case_missing" in codes(licence)


# --------------------------------------------------------------------------- §G6, §G8


def test_the_shipment_takes_the_worst_line_and_the_highest_risk():
    a = judge(document(line(hs="1006.10"), listed("6"), line(hs="9027.50"), **CN))
    assert [ln.outcome for ln in a.lines] == [
        "NOT_APPLICABLE",
        "LICENSE_REQUIRED",
        "NOT_LISTED_NO_TRIGGER",
    ]
    assert a.outcome == "LICENSE_REQUIRED" and a.risk == "R3"
    assert [r.line for r in a.reasons] == sorted(r.line for r in a.reasons)


def test_not_applicable_risk_grades():
    assert judge(document(line(hs="1006.10"), **US)).risk == "R0"
    assert judge(document(line(hs="1006.10"), **CN)).risk == "R1"
    assert judge(document(line(hs="1006.10"), known_end_use="conventional", **CN)).risk == "R2"
    assert (
        judge(document(line(hs="1006.10"), destination="IQ", consignee=party(country="IQ"))).risk
        == "R2"
    )


def test_exempt_risk_grades():
    assert judge(document(listed("6", exceptions=[{"basis": "small_value"}]))).risk == "R1"
    claim = {
        "basis": "free_return",
        "purpose": "exhibition_in_japan",
        "imported_free_of_charge": True,
        "exported_free_of_charge": True,
        "ownership_unchanged": True,
        "imported_on": "2026-10-01",
    }
    a = judge(document(listed("2:(1)", exceptions=[claim]), is_return=True, **US))
    assert a.outcome == "EXEMPT" and a.risk == "R2"  # a weapons/WMD item


# --------------------------------------------------------------------------- §G10, §G11


def test_documents():
    a = judge(
        hand_carry(
            listed("5:(1)", exceptions=[{"basis": "small_value"}]),
            line(hs="8471.30"),
            destination="SG",
        )
    )
    assert set(a.documents) == {
        "exception_declaration",
        "hand_carry_declaration",
        "non_applicability_certificate",
    }
    held = judge(document(line("undetermined"), **US))
    assert held.documents == ()
    catchall = judge(hand_carry(line(hs="8471.30"), destination="SG", inform="wmd"))
    assert set(catchall.documents) == {"export_licence", "hand_carry_declaration"}


@pytest.mark.parametrize(
    ("mode", "customs"),
    [("courier", True), ("freight", True), ("post", False), ("hand_carry", False)],
)
def test_records(mode, customs):
    extra = (
        {"traveller": {"name": "A"}, "consignee": ..., "end_user": ...}
        if mode == "hand_carry"
        else {}
    )
    a = judge(document(line(hs="1006.10"), mode=mode, **extra))
    assert a.records.customs_article_94 is customs
    assert a.records.customs_years == (5 if customs else None)
    assert a.records.institution_years == 7
