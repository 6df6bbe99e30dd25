"""Properties the engine must keep for every case (hypothesis)."""

from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rules_support import document, fixture_list

from desk.domain.case import loads_case
from desk.rules import assess

COUNTRIES = ["JP", "CN", "US", "KR", "IR", "RU", "LY", "IQ", "DE", "VN", "HK", "KP", "BY", "IN"]
NOT_KP = [c for c in COUNTRIES if c != "KP"]
DATES = st.dates(
    min_value=__import__("datetime").date(2020, 1, 1),
    max_value=__import__("datetime").date(2027, 12, 31),
)
LIST = fixture_list()
NAMES = [
    "Xinhai Aerospace Polytechnic University",
    "XAPU",
    "Kita-Kanto Institute",
    "Alborz Advanced Propulsion Institute",
    "Some University",
    "Harbourline Electronics Trading Ltd.",
]

iso = DATES.map(lambda d: d.isoformat())
cc = st.sampled_from(COUNTRIES)

tie_st = st.one_of(
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(["employment", "mandate", "appointment", "contract_other"]),
            "counterparty": st.sampled_from(NAMES),
            "counterparty_kind": st.sampled_from(
                ["foreign_government", "foreign_entity", "foreign_group_company", "japanese_entity"]
            ),
            "country": cc,
            "follows_directions": st.booleans(),
            "priority_agreement": st.booleans(),
        }
    ),
    st.fixed_dictionaries(
        {
            "type": st.just("funding"),
            "counterparty": st.sampled_from(NAMES),
            "counterparty_kind": st.sampled_from(
                ["foreign_government", "foreign_entity", "japanese_entity"]
            ),
            "country": cc,
            "paid_to": st.sampled_from(["person", "institution"]),
            "share_of_income": st.one_of(st.none(), st.floats(0, 1)),
            "timing": st.sampled_from(["current", "before_employment"]),
            "repayment_waived": st.booleans(),
        }
    ),
    st.fixed_dictionaries(
        {
            "type": st.just("instruction"),
            "counterparty_kind": st.sampled_from(["foreign_government", "foreign_entity"]),
            "country": cc,
        }
    ),
)
aff_st = st.fixed_dictionaries({"name": st.sampled_from(NAMES), "country": cc})
claim_st = st.one_of(
    st.fixed_dictionaries(
        {
            "basis": st.just("public_domain"),
            "evidence": st.just("paper"),
            "covers_all_content": st.booleans(),
        }
    ),
    st.fixed_dictionaries(
        {
            "basis": st.just("publication"),
            "audience": st.sampled_from(["open", "restricted"]),
            "covers_all_content": st.booleans(),
        }
    ),
    st.fixed_dictionaries(
        {
            "basis": st.just("fundamental_research"),
            "aims_at_natural_principles": st.booleans(),
            "aims_at_specific_product": st.booleans(),
            "covers_all_content": st.booleans(),
            "includes_use_technology": st.booleans(),
        }
    ),
    st.fixed_dictionaries({"basis": st.just("patent_filing"), "minimum_necessary": st.booleans()}),
    st.fixed_dictionaries(
        {
            "basis": st.just("commercial_software"),
            "sold_to_public": st.booleans(),
            "not_custom_made": st.booleans(),
        }
    ),
)
tech_st = st.one_of(
    st.fixed_dictionaries(
        {
            "classification": st.just("listed"),
            "item": st.sampled_from(["1", "4:(2)", "7", "9", "11"]),
        },
        optional={
            "concern_relevance": st.lists(st.sampled_from(["B", "C", "M", "N", "CW"]), unique=True),
            "exemptions": st.lists(claim_st, max_size=3),
        },
    ),
    st.fixed_dictionaries(
        {"classification": st.sampled_from(["not_on_list", "below_threshold", "undetermined"])},
        optional={
            "specific_item_16_1": st.booleans(),
            "concern_relevance": st.lists(st.sampled_from(["B", "C", "M", "N", "CW"]), unique=True),
            "exemptions": st.lists(claim_st, max_size=3),
        },
    ),
)
person_st = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["王 子涵", "Test Person", "XAPU"]),
        "nationalities": st.lists(cc, unique=True, max_size=2),
    },
    optional={
        "entered_japan_on": iso,
        "employment_in_japan": st.fixed_dictionaries(
            {
                "since": iso,
                "form": st.sampled_from(
                    ["full_time", "part_time", "research_assistant", "teaching_assistant"]
                ),
            }
        ),
        "affiliations": st.lists(aff_st, max_size=3),
        "ties": st.lists(tie_st, max_size=3),
        "declaration": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {"declared_on": iso, "types": st.lists(st.sampled_from([1, 2, 3]), unique=True)}
            ),
        ),
        "official_status": st.sampled_from(["foreign_official", "diplomatic_consular"]),
    },
)
prov_st = st.fixed_dictionaries(
    {},
    optional={
        "place": st.just("abroad"),
        "re_provision_evident": st.booleans(),
        "re_provision_country": cc,
        "known_end_use": st.sampled_from(["wmd", "conventional"]),
        "known_end_user": st.lists(st.sampled_from(["B", "C", "M", "N", "CW"]), unique=True),
        "clear_finding": st.just({"documented": True}),
        "channels": st.lists(
            st.sampled_from(["oral", "email", "media_carried_abroad"]), unique=True
        ),
    },
)


def build(tech, rec, prov, as_of="2026-09-01"):
    prov = dict(prov)
    if prov.get("place") == "abroad":
        prov["country"] = "CN"
    return loads_case(json.dumps(document(tech, rec, prov, as_of=as_of), ensure_ascii=False))


def run(case):
    return assess(case, lists=[LIST])


def decision(a):
    j = a.to_json()
    return (
        j["outcome"],
        j["risk"],
        j["recipient_status"],
        j["controlled_because"],
        j["review_on"],
        sorted((e["basis"], e["accepted"]) for e in j["exemptions"]),
        sorted(h["entry"] for h in j["list_hits"]),
    )


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(tech_st, person_st, prov_st, st.randoms(use_true_random=False))
def test_order_of_ties_affiliations_and_exemptions_is_irrelevant(tech, rec, prov, rnd):
    first = run(build(tech, rec, prov))
    tech2, rec2 = copy.deepcopy(tech), copy.deepcopy(rec)
    for seq in (tech2.get("exemptions"), rec2.get("ties"), rec2.get("affiliations")):
        if seq:
            rnd.shuffle(seq)
    assert decision(run(build(tech2, rec2, prov))) == decision(first)


@SETTINGS
@given(
    tech_st,
    st.lists(
        st.fixed_dictionaries({"name": st.sampled_from(NAMES[1:]), "country": st.just("JP")}),
        max_size=2,
    ),
    st.lists(
        st.fixed_dictionaries(
            {
                "type": st.sampled_from(["employment", "funding", "instruction"]),
                "counterparty": st.just("Japanese Co."),
                "counterparty_kind": st.just("japanese_entity"),
                "country": st.just("JP"),
                "follows_directions": st.just(True),
                "paid_to": st.just("person"),
            }
        ),
        max_size=2,
    ),
    st.one_of(st.none(), st.just({"declared_on": "2026-01-01", "types": []})),
)
def test_japanese_resident_without_foreign_ties_is_never_controlled(tech, affs, ties, decl):
    for t in ties:
        if t["type"] != "funding":
            t.pop("paid_to")
        if t["type"] not in ("employment",):
            t.pop("follows_directions")
    rec = {
        "name": "佐藤 花子",
        "nationalities": ["JP"],
        "affiliations": affs,
        "ties": ties,
        "declaration": decl,
    }
    a = run(build(tech, rec, {"channels": ["oral", "lab_access"]}))
    assert a.controlled_because == ()
    assert a.outcome in ("NOT_APPLICABLE", "HOLD", "EXEMPT")


@SETTINGS
@given(tech_st, person_st, prov_st)
def test_a_valid_public_domain_claim_never_yields_a_licence(tech, rec, prov):
    tech = dict(
        tech,
        exemptions=[
            *tech.get("exemptions", []),
            {"basis": "public_domain", "evidence": "paper", "covers_all_content": True},
        ],
    )
    a = run(build(tech, rec, prov))
    assert a.outcome not in ("LICENSE_REQUIRED", "LICENSE_REQUIRED_CATCHALL")


@SETTINGS
@given(
    st.sampled_from(["1", "7", "3-2", "15"]),
    st.lists(claim_st, max_size=2),
    st.lists(st.sampled_from(NOT_KP), min_size=1, max_size=2, unique=True),
    st.one_of(st.none(), iso),
)
def test_listed_technology_to_a_non_resident_without_valid_exemption_is_never_free(
    item, claims, nats, entered
):
    rec = {"name": "Visitor", "nationalities": nats}
    if entered:
        rec["entered_japan_on"] = entered
    a = run(build({"classification": "listed", "item": item, "exemptions": claims}, rec, {}))
    if a.recipient_status.resident or any(e.accepted for e in a.exemptions):
        return
    assert a.outcome not in ("NOT_APPLICABLE", "NOT_LISTED_NO_TRIGGER")


@SETTINGS
@given(
    tech_st,
    st.one_of(
        person_st,
        st.fixed_dictionaries(
            {
                "kind": st.just("organization"),
                "name": st.sampled_from(NAMES),
                "country": st.sampled_from(NOT_KP),
                "location": st.just("abroad"),
            }
        ).filter(lambda r: r["country"] != "JP"),
    ),
    prov_st,
    st.sampled_from(["wmd", "conventional"]),
)
def test_adding_an_inform_never_lowers_the_risk(tech, rec, prov, kind):
    before = run(build(tech, rec, prov))
    after = run(build(tech, rec, dict(prov, inform=kind)))
    assert after.risk >= before.risk


@SETTINGS
@given(tech_st, person_st, prov_st, iso)
def test_every_generated_case_gets_a_complete_answer(tech, rec, prov, as_of):
    a = run(build(tech, rec, prov, as_of=as_of))
    j = a.to_json()
    assert j["outcome"] in (
        "NOT_APPLICABLE",
        "NOT_LISTED_NO_TRIGGER",
        "EXEMPT",
        "LICENSE_REQUIRED",
        "LICENSE_REQUIRED_CATCHALL",
        "HOLD",
        "STOP",
    )
    assert j["risk"] in ("R0", "R1", "R2", "R3", "R4")
    assert "JP" not in j["recipient_status"]["deemed_countries"]
    assert j["reasons"]
    if j["review_on"] is not None:
        assert j["review_on"] > as_of
    if j["outcome"] == "HOLD":
        assert j["risk"] == "R2"
