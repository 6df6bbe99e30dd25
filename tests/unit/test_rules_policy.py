"""The engine policy rule by rule: specific categories (§3), controlled (§4), decision order (§5),
unknowns (§5.6), risk grades (§6) and reasons (§7)."""

from __future__ import annotations

import pytest
from rules_support import (
    KITA,
    foreign_resident,
    item16,
    jp_resident,
    judge,
    listed,
    org_abroad,
    scripted_hits,
    visitor,
)


def tie(**kw):
    base = {
        "type": "employment",
        "counterparty": "Foreign Univ",
        "counterparty_kind": "foreign_entity",
        "country": "CN",
        "follows_directions": True,
    }
    base.update(kw)
    return base


def funding(**kw):
    base = {
        "type": "funding",
        "counterparty": "Scholarship Council",
        "counterparty_kind": "foreign_government",
        "country": "CN",
        "paid_to": "person",
        "share_of_income": 0.5,
    }
    base.update(kw)
    return base


# --------------------------------------------------------------------------- §3 specific categories


@pytest.mark.parametrize("kind", ["employment", "mandate", "appointment", "contract_other"])
@pytest.mark.parametrize("party", ["foreign_entity", "foreign_government"])
def test_type1_from_every_contract_with_a_foreign_principal(kind, party):
    a = judge(listed(), jp_resident(ties=[tie(type=kind, counterparty_kind=party)]))
    assert a.recipient_status.specific_categories == (1,)
    assert a.controlled_because == ("specific_category_1",)
    assert a.outcome == "LICENSE_REQUIRED" and a.risk == "R3"
    assert a.recipient_status.deemed_countries == ("CN",)


@pytest.mark.parametrize(
    "change",
    [
        {"priority_agreement": True},
        {"follows_directions": False},
        {"counterparty_kind": "foreign_group_company"},
        {"counterparty_kind": "japanese_entity", "country": "JP"},
    ],
)
def test_type1_negatives(change):
    a = judge(listed(), jp_resident(ties=[tie(**change)]))
    assert a.recipient_status.specific_categories == ()
    assert a.outcome == "NOT_APPLICABLE"


@pytest.mark.parametrize(
    ("change", "is_type2"),
    [
        ({}, True),
        ({"share_of_income": 0.25}, True),
        ({"share_of_income": 0.2499}, False),
        ({"share_of_income": None}, True),
        ({"paid_to": "institution"}, False),
        ({"counterparty_kind": "foreign_entity"}, False),
        ({"timing": "before_employment"}, False),
        ({"timing": "before_employment", "repayment_waived": True}, True),
        ({"timing": "current"}, True),
    ],
)
def test_type2(change, is_type2):
    a = judge(listed(), foreign_resident(ties=[funding(**change)]))
    assert a.recipient_status.specific_categories == ((2,) if is_type2 else ())
    assert a.outcome == ("LICENSE_REQUIRED" if is_type2 else "NOT_APPLICABLE")


def test_type2_share_unknown_key_missing_counts_as_type2():
    t = funding()
    del t["share_of_income"]
    assert judge(listed(), foreign_resident(ties=[t])).recipient_status.specific_categories == (2,)


def test_type3_only_from_a_foreign_government():
    gov = {
        "type": "instruction",
        "counterparty": "consulate",
        "counterparty_kind": "foreign_government",
        "country": "VN",
    }
    a = judge(listed(), jp_resident(ties=[gov]))
    assert a.recipient_status.specific_categories == (3,)
    assert a.outcome == "LICENSE_REQUIRED" and a.risk == "R4"
    firm = dict(gov, counterparty_kind="foreign_entity")
    assert judge(listed(), jp_resident(ties=[firm])).outcome == "NOT_APPLICABLE"


def test_specific_categories_only_for_residents():
    a = judge(listed(), visitor(ties=[tie()]))
    assert a.recipient_status.specific_categories == ()
    assert a.controlled_because == ("non_resident",)


def test_declared_type_without_tie_has_unknown_destination():
    rec = jp_resident(declaration={"declared_on": "2026-04-01", "types": [2]})
    a = judge(item16(), rec)
    assert a.recipient_status.specific_categories == (2,)
    assert a.outcome == "HOLD" and "catchall.destination_unknown" in a.reason_codes
    assert judge(listed(), rec).outcome == "LICENSE_REQUIRED"


def test_declared_type_without_tie_is_unknown_even_when_other_countries_are_known():
    rec = jp_resident(
        declaration={"declared_on": "2026-04-01", "types": [1, 2]}, ties=[tie(country="US")]
    )
    a = judge(item16(), rec)
    assert a.recipient_status.deemed_countries == ("US",)
    assert a.outcome == "HOLD"


def test_influencing_country_decides_the_catch_all():
    assert judge(item16(), jp_resident(ties=[tie(country="US")])).outcome == "NOT_LISTED_NO_TRIGGER"
    a = judge(
        item16(known_end_use_dummy=None) if False else item16(),
        jp_resident(ties=[tie(country="CN")]),
        provision={"known_end_use": "wmd"},
    )
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL"


def test_declaration_mismatch_is_reported():
    a = judge(listed(), jp_resident(ties=[tie()]))  # the declaration on file says none
    assert "specific.declaration_mismatch" in a.reason_codes
    r = next(r for r in a.reasons if r.code == "specific.declaration_mismatch")
    assert "1" in r.text_en and "申告" in r.text_ja


@pytest.mark.parametrize(
    ("tech", "outcome"),
    [
        (listed(), "HOLD"),
        ({"classification": "undetermined"}, "HOLD"),
        (item16(), "NOT_APPLICABLE"),
    ],
)
def test_status_unknown(tech, outcome):
    rec = jp_resident(declaration=None)
    a = judge(tech, rec)
    assert a.outcome == outcome
    if outcome == "HOLD":
        assert "status_unknown.hold" in a.reason_codes
        assert any("declaration" in r.text_en for r in a.reasons)


def test_status_unknown_with_valid_exemption_is_exempt():
    tech = listed(
        exemptions=[{"basis": "public_domain", "evidence": "paper", "covers_all_content": True}]
    )
    a = judge(tech, jp_resident(declaration=None))
    assert a.outcome == "EXEMPT" and a.risk == "R1"


def test_status_unknown_does_not_override_another_control_reason():
    a = judge(
        listed(),
        jp_resident(declaration=None),
        provision={"re_provision_evident": True, "re_provision_country": "CN"},
    )
    assert a.outcome == "LICENSE_REQUIRED" and a.controlled_because == ("re_provision",)


# --------------------------------------------------------------------------- §4 controlled


def test_place_abroad_for_a_resident():
    a = judge(
        listed(),
        jp_resident(),
        provision={"place": "abroad", "country": "US", "channels": ["presentation"]},
    )
    assert a.controlled_because == ("place_abroad",)
    assert a.outcome == "LICENSE_REQUIRED" and a.recipient_status.deemed_countries == ("US",)


def test_media_abroad_and_re_provision():
    a = judge(listed(), jp_resident(), provision={"channels": ["media_carried_abroad"]})
    assert a.controlled_because == ("media_abroad",)
    a = judge(item16(), jp_resident(), provision={"re_provision_evident": True})
    assert a.controlled_because == ("re_provision",)
    assert a.outcome == "HOLD"  # re-provision country missing → destination unknown


def test_jp_is_never_a_deemed_country():
    a = judge(
        item16(), org_abroad("US", affiliations=[KITA]), provision={"re_provision_country": "JP"}
    )
    assert "JP" not in a.recipient_status.deemed_countries


# ------------------------------------------------------------------ §5.0 nationality overlays


def test_north_korean_national_stops_even_when_not_controlled():
    a = judge(item16(), foreign_resident("KP"))
    assert a.controlled_because == ()
    assert a.outcome == "STOP" and a.risk == "R4"


def test_north_korea_as_deemed_country_stops_whatever_exemption():
    tech = listed(
        exemptions=[{"basis": "public_domain", "evidence": "paper", "covers_all_content": True}]
    )
    a = judge(tech, jp_resident(affiliations=[{"name": "Pyongyang Lab", "country": "KP"}]))
    assert a.outcome == "STOP"


def test_iranian_national_with_wmd_relevant_technology():
    resident = foreign_resident("IR")
    assert judge(item16(concern_relevance=["N"]), resident).outcome == "HOLD"
    assert judge(item16(concern_relevance=["CW"]), resident).outcome == "NOT_APPLICABLE"
    assert judge(item16(concern_relevance=["N"]), visitor("IR")).outcome == "STOP"
    pd = [{"basis": "public_domain", "evidence": "paper", "covers_all_content": True}]
    a = judge(listed(concern_relevance=["B"], exemptions=pd), resident)
    assert a.outcome == "HOLD" and "overlay.specialised_teaching_hold" in a.reason_codes


# --------------------------------------------------------------------------- §5.1 exemptions

PD = {"basis": "public_domain", "evidence": "journal article", "covers_all_content": True}
PUB = {"basis": "publication", "audience": "open", "covers_all_content": True}
FR = {
    "basis": "fundamental_research",
    "aims_at_natural_principles": True,
    "aims_at_specific_product": False,
    "covers_all_content": True,
}
PAT = {"basis": "patent_filing", "minimum_necessary": True}
USE = {"basis": "minimum_use_technology", "goods_export_cleared": True, "minimum_necessary": True}
SW = {"basis": "commercial_software", "sold_to_public": True, "not_custom_made": True}


@pytest.mark.parametrize("claim", [PD, PUB, FR, PAT, USE, SW], ids=lambda c: c["basis"])
def test_each_valid_exemption(claim):
    a = judge(listed(exemptions=[claim]), visitor())
    assert a.outcome == "EXEMPT"
    assert a.exemptions[0].accepted is True
    assert "exemption.applies" in a.reason_codes


@pytest.mark.parametrize(
    ("claim", "fact"),
    [
        (dict(PD, covers_all_content=False), "covers_all_content"),
        (dict(PUB, audience="restricted"), "audience"),
        (dict(PUB, covers_all_content=False), "covers_all_content"),
        (dict(FR, aims_at_natural_principles=False), "aims_at_natural_principles"),
        (dict(FR, aims_at_specific_product=True), "aims_at_specific_product"),
        (dict(FR, covers_all_content=False), "covers_all_content"),
        (dict(PAT, minimum_necessary=False), "minimum_necessary"),
        (dict(USE, goods_export_cleared=False), "goods_export_cleared"),
        (dict(USE, minimum_necessary=False), "minimum_necessary"),
        (dict(SW, sold_to_public=False), "sold_to_public"),
        (dict(SW, not_custom_made=False), "not_custom_made"),
    ],
)
def test_each_invalid_exemption_names_the_failed_fact(claim, fact):
    a = judge(listed(exemptions=[claim]), visitor())
    assert a.outcome == "LICENSE_REQUIRED"
    assert a.exemptions[0].accepted is False
    assert fact in a.exemptions[0].reason_en
    assert fact in a.to_json()["exemptions"][0]["reason"]
    r = next(r for r in a.reasons if r.code == "exemption.rejected")
    assert fact in r.text_en and "適用できない" in r.text_ja


def test_every_valid_basis_is_named():
    a = judge(listed(exemptions=[PD, dict(PAT, minimum_necessary=False), FR]), visitor())
    assert a.outcome == "EXEMPT"
    applies = next(r for r in a.reasons if r.code == "exemption.applies")
    assert "public-domain" in applies.text_en and "fundamental-research" in applies.text_en
    assert [e.accepted for e in a.exemptions].count(True) == 2


def test_fundamental_research_with_use_technology():
    fr_use = dict(FR, includes_use_technology=True)
    a = judge(listed(exemptions=[fr_use]), visitor())
    assert a.outcome == "HOLD" and a.exemptions[0].accepted is False
    assert "exemption.unsettled" in a.reason_codes and "unknowns.hold" in a.reason_codes
    # for item-16 technology the claim is simply valid
    b = judge({"classification": "below_threshold", "item": "6", "exemptions": [fr_use]}, visitor())
    assert b.outcome == "EXEMPT"


def test_commercial_software_for_encryption_needs_confirmation():
    a = judge(listed("9", exemptions=[SW]), visitor())
    assert a.outcome == "HOLD" and "exemption.unsettled" in a.reason_codes
    assert judge(listed("9:(1)", exemptions=[SW]), visitor()).outcome == "HOLD"


def test_exemption_comes_before_sanctions():
    a = judge(listed(exemptions=[PD]), visitor("RU"))
    assert a.outcome == "EXEMPT"


# --------------------------------------------------------------------------- §5.2 sanctions


@pytest.mark.parametrize(
    ("country", "tech", "outcome"),
    [
        ("RU", listed(), "STOP"),
        ("BY", listed(), "STOP"),
        ("RU", item16(), "HOLD"),
        ("BY", item16(), "HOLD"),
        ("IR", listed(), "STOP"),
    ],
)
def test_sanctions_overlays(country, tech, outcome):
    a = judge(tech, visitor(country))
    assert a.outcome == outcome
    code = "sanctions.stop" if outcome == "STOP" else "sanctions.hold"
    r = next(r for r in a.reasons if r.code == code)
    assert "institutional policy" in r.citation and "sanctions" in r.citation


def test_iran_deemed_with_wmd_relevance_stops_but_known_end_user_does_not():
    rec = visitor("CN", affiliations=[{"name": "Tehran partner", "country": "IR"}])
    assert judge(item16(concern_relevance=["N"]), rec).outcome == "STOP"
    a = judge(item16(), rec, provision={"known_end_user": ["N"]})
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL"
    assert judge(item16(), rec).outcome == "NOT_LISTED_NO_TRIGGER"


# --------------------------------------------------------------------------- §5.3–5.4


def test_undetermined_is_hold_and_listed_needs_licence_even_for_group_a():
    assert judge({"classification": "undetermined"}, visitor("US")).outcome == "HOLD"
    a = judge(listed(), visitor("US"))
    assert a.outcome == "LICENSE_REQUIRED" and a.risk == "R3"


# --------------------------------------------------------------------------- §5.5 catch-all


def test_inform_applies_even_in_group_a():
    a = judge(item16(), org_abroad("CA"), provision={"inform": "conventional"})
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL" and a.risk == "R4"


def test_group_a_has_no_objective_requirements():
    a = judge(item16(), org_abroad("DE"), provision={"known_end_use": "wmd"})
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and a.risk == "R1"


def test_strictest_deemed_country_wins():
    rec = visitor("US", affiliations=[{"name": "Partner", "country": "CN"}])
    assert (
        judge(item16(), rec, provision={"known_end_use": "wmd"}).outcome
        == "LICENSE_REQUIRED_CATCHALL"
    )


def test_wmd_end_use_in_a_general_country():
    assert (
        judge(item16(), org_abroad("CN"), provision={"known_end_use": "wmd"}).outcome
        == "LICENSE_REQUIRED_CATCHALL"
    )


def test_wmd_end_user_cleared_only_when_categories_do_not_match():
    cf = {"documented": True, "rationale": "civil use only, checked per guideline"}
    a = judge(item16(), org_abroad("CN"), provision={"known_end_user": ["N"], "clear_finding": cf})
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and a.risk == "R2"
    assert "catchall.wmd_cleared" in a.reason_codes
    a = judge(item16(), org_abroad("CN"), provision={"known_end_user": ["N"]})
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL"
    a = judge(
        item16(concern_relevance=["N"]),
        org_abroad("CN"),
        provision={"known_end_user": ["N"], "clear_finding": cf},
    )
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL"


def test_listed_end_user_counts_as_knowing():
    xapu = org_abroad("CN", name="Xinhai Aerospace Polytechnic University")
    a = judge(item16(), xapu)
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL" and a.risk == "R4"
    assert [h.entry for h in a.list_hits] == ["9001"]


def test_conventional_scope():
    ly = org_abroad("LY")  # UN arms-embargo
    assert (
        judge(item16(), ly, provision={"known_end_use": "conventional"}).outcome
        == "LICENSE_REQUIRED_CATCHALL"
    )
    cn = org_abroad("CN")  # general country: only 16(1) goods
    a = judge(item16(), cn, provision={"known_end_use": "conventional"})
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and "catchall.cw_out_of_scope" in a.reason_codes
    a = judge(item16(specific_item_16_1=True), cn, provision={"known_end_use": "conventional"})
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL"


def test_conventional_end_user_and_clear_finding():
    cf = {"documented": True}
    cn, ly = org_abroad("CN"), org_abroad("LY")
    a = judge(
        item16(specific_item_16_1=True),
        cn,
        provision={"known_end_user": ["CW"], "clear_finding": cf},
    )
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and a.risk == "R2"
    a = judge(item16(), ly, provision={"known_end_user": ["CW"], "clear_finding": cf})
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and a.risk == "R2"
    for tech in (item16(specific_item_16_1=True), item16(concern_relevance=["CW"])):
        a = judge(tech, ly, provision={"known_end_user": ["CW"], "clear_finding": cf})
        assert a.outcome == "LICENSE_REQUIRED_CATCHALL", tech
        assert "⑲" in next(r for r in a.reasons if r.code == "catchall.cw_end_user").text_en
    a = judge(item16(), ly, provision={"known_end_user": ["CW"]})
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL"


def test_clear_finding_never_clears_end_use_or_inform():
    cf = {"documented": True}
    assert (
        judge(
            item16(), org_abroad("CN"), provision={"known_end_use": "wmd", "clear_finding": cf}
        ).outcome
        == "LICENSE_REQUIRED_CATCHALL"
    )
    assert (
        judge(item16(), org_abroad("CN"), provision={"inform": "wmd", "clear_finding": cf}).outcome
        == "LICENSE_REQUIRED_CATCHALL"
    )


def test_un_country_without_trigger():
    a = judge(item16(), org_abroad("LY"))
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and a.risk == "R2"


# --------------------------------------------------------------------------- §6 risk rows


def test_not_applicable_grades():
    assert judge(listed(), jp_resident()).risk == "R0"
    assert (
        judge(listed(), jp_resident(affiliations=[{"name": "Foreign U", "country": "US"}])).risk
        == "R1"
    )
    assert judge(listed(), jp_resident(ties=[tie(follows_directions=False)])).risk == "R1"
    assert judge(listed(), foreign_resident("VN")).risk == "R1"
    assert judge(listed(), foreign_resident("IQ")).risk == "R2"
    listed_aff = jp_resident(affiliations=[{"name": "XAPU", "country": "CN"}])
    a = judge(listed(), listed_aff)
    assert a.outcome == "NOT_APPLICABLE" and a.risk == "R2"


def test_not_listed_grades():
    assert judge(item16(), org_abroad("US")).risk == "R1"
    hk = org_abroad(
        "HK", name="Harbourline Electronics Trading Ltd."
    )  # CW entry, general country, not 16(1)
    a = judge(item16(), hk)
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and a.risk == "R2"


def test_exempt_grades():
    assert judge(listed(exemptions=[PD]), visitor()).risk == "R1"
    assert judge(listed(exemptions=[FR]), visitor()).risk == "R2"
    assert judge(listed(exemptions=[FR, PD]), visitor()).risk == "R1"
    assert judge(item16(exemptions=[FR]), visitor()).risk == "R1"
    assert judge(listed(exemptions=[PD]), visitor("IQ")).risk == "R2"
    assert (
        judge(
            listed(exemptions=[PD]), visitor("CN", affiliations=[{"name": "XAPU", "country": "CN"}])
        ).risk
        == "R2"
    )


@pytest.mark.parametrize(
    ("item", "risk"),
    [
        ("7", "R3"),
        ("1", "R4"),
        ("2", "R4"),
        ("3", "R4"),
        ("3-2", "R4"),
        ("4", "R4"),
        ("4:(2)", "R4"),
        ("5", "R3"),
    ],
)
def test_licence_grades_by_item(item, risk):
    assert judge(listed(item), visitor()).risk == risk


def test_licence_with_list_hit_is_r4():
    a = judge(listed(), org_abroad("CN", name="Xinhai Aerospace Polytechnic University"))
    assert a.outcome == "LICENSE_REQUIRED" and a.risk == "R4"


# ------------------------------------------------------------ §1 screening and §5.6 unknowns


def test_review_band_hit_with_matching_country_makes_hold(monkeypatch):
    rec = visitor("CN", affiliations=[{"name": "Maybe Listed Univ", "country": "CN"}])
    with scripted_hits(monkeypatch, {"Maybe Listed Univ": [("jp-eul", "77", 0.8, ("M",), "CN")]}):
        a = judge(item16(concern_relevance=["M"]), rec, lists=[])
    assert a.outcome == "HOLD" and a.risk == "R2"
    assert "unknowns.hold" in a.reason_codes and "screening.review" in a.reason_codes
    assert [h.entry for h in a.list_hits] == ["77"]


def test_review_band_hit_in_another_country_is_reported_only(monkeypatch):
    rec = visitor("CN", affiliations=[{"name": "Maybe Listed Univ", "country": "CN"}])
    with scripted_hits(monkeypatch, {"Maybe Listed Univ": [("jp-eul", "77", 0.8, ("M",), "IR")]}):
        a = judge(item16(concern_relevance=["M"]), rec, lists=[])
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and a.risk == "R1"
    assert "screening.review_other_country" in a.reason_codes


def test_review_band_hit_without_recorded_country_counts(monkeypatch):
    rec = visitor("CN", affiliations=[{"name": "Maybe Listed Univ"}])
    with scripted_hits(monkeypatch, {"Maybe Listed Univ": [("jp-eul", "77", 0.75, ("N",), "PK")]}):
        assert judge(item16(), rec, lists=[]).outcome == "HOLD"


def test_review_band_hit_that_changes_nothing_keeps_the_answer(monkeypatch):
    with scripted_hits(monkeypatch, {"Test Visitor": [("jp-eul", "5", 0.8, ("M",), "CN")]}):
        a = judge(listed(), visitor("CN"), lists=[])
    assert a.outcome == "LICENSE_REQUIRED" and a.risk == "R3"  # a review hit never raises the grade


def test_weak_scores_are_not_hits(monkeypatch):
    with scripted_hits(monkeypatch, {"Test Visitor": [("jp-eul", "5", 0.5, ("M",), "CN")]}):
        a = judge(item16(concern_relevance=["M"]), visitor("CN"), lists=[])
    assert a.list_hits == () and a.outcome == "NOT_LISTED_NO_TRIGGER"


def test_cleared_hit_is_neither_match_nor_review():
    rec = org_abroad(
        "CN",
        name="Xinhai Aerospace Polytechnic University",
        cleared_hits=[{"list": "jp-eul", "entry": "9001", "reason": "different legal entity"}],
    )
    a = judge(item16(concern_relevance=["M"]), rec)
    assert a.list_hits == () and a.outcome == "NOT_LISTED_NO_TRIGGER"
    assert "screening.cleared" in a.reason_codes


def test_tie_counterparty_is_screened():
    t = {
        "type": "funding",
        "counterparty": "XAPU",
        "counterparty_kind": "foreign_entity",
        "country": "CN",
        "paid_to": "institution",
    }
    a = judge(item16(concern_relevance=["M"]), visitor("CN", ties=[t]))
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL"


def test_unknown_residency_with_group_a_item16_stays():
    rec = foreign_resident("US", affiliations=[{"name": "Lakeshore", "country": "US"}])
    del rec["entered_japan_on"]
    a = judge(item16(), rec)
    assert a.outcome == "NOT_LISTED_NO_TRIGGER"  # resident → NOT_APPLICABLE; neither is severe


# --------------------------------------------------------------------------- §7 reasons


def test_every_reason_is_bilingual_with_a_citation():
    for rec, tech in [
        (visitor("RU"), listed()),
        (jp_resident(ties=[tie()]), listed()),
        (org_abroad("LY"), item16()),
    ]:
        a = judge(tech, rec)
        for r in a.reasons:
            assert r.code and r.citation and r.text_en
            assert any(
                "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in r.text_ja
            ), r
            assert "{" not in r.text_en and "{" not in r.text_ja, r
