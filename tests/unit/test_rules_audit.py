"""Independent audit of desk.rules against shared/domain/engine-policy.md, clause by clause.

Each test is a desk-case/1 document judged by ``desk.rules.assess`` against a small
fictitious list parsed from an in-memory CSV (the real matcher, no scripting). Its
docstring names the policy clause it checks. The cases were written from the policy
text before reading the engine.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from desk.cli import main as cli_main
from desk.domain.case import loads_case
from desk.rules import Assessment, assess, period_passed_on
from desk.rules import listhits as engine_mod
from desk.screening import Hit, Matcher, ScreeningList, band_for, parse_list_csv

AUDIT_CSV = """no,country,country_name,name,local_names,aliases,wmd,cw
1,CN,China,Xinhai Aerospace Polytechnic University,,,M,CW
2,IR,Iran,Alborz Advanced Propulsion Institute,,,"M,N",
3,HK,Hong Kong,Harbourline Electronic Trading Ltd.,,,,CW
4,RU,Russia,Volga Precision Optics Company,,,,
5,PK,Pakistan,Indus Rotor Dynamics Works,,,B,
"""
XINHAI = "Xinhai Aerospace Polytechnic University"  # a match on entry 1 (CN; M, CW)
ALBORZ = "Alborz Advanced Propulsion Institute"  # entry 2 (IR; M, N)
HARBOUR = "Harbourline Electronic Trading Ltd."  # entry 3 (HK; CW)
VOLGA = "Volga Precision Optics Company"  # entry 4 (RU; no categories)
INDUS = "Indus Rotor Dynamics Works"  # entry 5 (PK; B)

AS_OF = "2026-09-01"
KITA = {"name": "Kita-Kanto Institute of Science and Technology", "country": "JP"}
NONE_DECLARED = {"declared_on": "2026-04-01", "types": []}


def audit_list() -> ScreeningList:
    return parse_list_csv(
        AUDIT_CSV.encode("utf-8"), source="audit.csv", list_id="audit", version="2026-01-01"
    )


LISTS = [audit_list()]


# --------------------------------------------------------------------------- builders


def jp(**extra: Any) -> dict[str, Any]:
    """A Japanese national living in Japan, Japanese affiliation, declared no type."""
    rec: dict[str, Any] = {
        "name": "佐藤 花子",
        "nationalities": ["JP"],
        "affiliations": [KITA],
        "declaration": NONE_DECLARED,
    }
    rec.update(extra)
    return rec


def resident(nat: str = "CN", **extra: Any) -> dict[str, Any]:
    """A foreign national in Japan for more than six months on AS_OF."""
    rec: dict[str, Any] = {
        "name": "Li Wei",
        "nationalities": [nat],
        "entered_japan_on": "2024-04-01",
        "affiliations": [KITA],
        "declaration": NONE_DECLARED,
    }
    rec.update(extra)
    return rec


def visitor(nat: str = "CN", **extra: Any) -> dict[str, Any]:
    """A foreign national who entered one month before AS_OF: non-resident."""
    rec: dict[str, Any] = {
        "name": "Chen Jing",
        "nationalities": [nat],
        "entered_japan_on": "2026-08-01",
        "affiliations": [KITA],
    }
    rec.update(extra)
    return rec


def org(country: str | None, **extra: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {"kind": "organization", "name": "Partner Org", "country": country}
    rec.update(extra)
    return rec


def listed(item: str = "7", **extra: Any) -> dict[str, Any]:
    return {"classification": "listed", "item": item, **extra}


def item16(**extra: Any) -> dict[str, Any]:
    return {"classification": "not_on_list", **extra}


def tie(**kw: Any) -> dict[str, Any]:
    base = {
        "type": "employment",
        "counterparty": "Foreign Body",
        "counterparty_kind": "foreign_entity",
        "country": "CN",
        "follows_directions": True,
    }
    base.update(kw)
    return base


def funding(**kw: Any) -> dict[str, Any]:
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


CLAIMS: dict[str, dict[str, Any]] = {
    "public_domain": {"basis": "public_domain", "evidence": "paper", "covers_all_content": True},
    "publication": {"basis": "publication", "audience": "open", "covers_all_content": True},
    "fundamental_research": {
        "basis": "fundamental_research",
        "aims_at_natural_principles": True,
        "aims_at_specific_product": False,
        "covers_all_content": True,
    },
    "patent_filing": {"basis": "patent_filing", "minimum_necessary": True},
    "minimum_use_technology": {
        "basis": "minimum_use_technology",
        "goods_export_cleared": True,
        "minimum_necessary": True,
    },
    "commercial_software": {
        "basis": "commercial_software",
        "sold_to_public": True,
        "not_custom_made": True,
    },
}


def claim(basis: str, **change: Any) -> dict[str, Any]:
    c = dict(CLAIMS[basis])
    c.update(change)
    return c


def doc(
    technology: dict[str, Any],
    recipient: dict[str, Any],
    provision: dict[str, Any] | None = None,
    as_of: str = AS_OF,
) -> dict[str, Any]:
    d: dict[str, Any] = {
        "format": "desk-case/1",
        "id": "AUDIT",
        "as_of": as_of,
        "technology": copy.deepcopy(technology),
        "recipient": copy.deepcopy(recipient),
    }
    if provision is not None:
        d["provision"] = copy.deepcopy(provision)
    return d


def judge(
    technology: dict[str, Any],
    recipient: dict[str, Any],
    provision: dict[str, Any] | None = None,
    as_of: str = AS_OF,
) -> Assessment:
    case = loads_case(json.dumps(doc(technology, recipient, provision, as_of)), source="a.json")
    return assess(case, lists=LISTS)


def residency(a: Assessment) -> str:
    return a.recipient_status.residency


def codes(a: Assessment) -> list[str]:
    return a.reason_codes


# =========================================================================== §2 counting


@pytest.mark.parametrize(
    ("start", "months", "years", "expected"),
    [
        ("2026-04-01", 6, 0, "2026-10-02"),  # the policy's examples
        ("2026-08-31", 6, 0, "2027-03-01"),
        ("2026-08-27", 6, 0, "2027-02-28"),
        ("2026-08-28", 6, 0, "2027-03-01"),  # 2027-02-29 does not exist
        ("2027-08-28", 6, 0, "2028-02-29"),  # leap year: the day exists
        ("2027-08-29", 6, 0, "2028-03-01"),  # 2028-02-30 does not exist
        ("2026-12-31", 6, 0, "2027-07-01"),  # D+1 = 2027-01-01
        ("2026-03-30", 6, 0, "2026-10-01"),  # 2026-09-31 does not exist
        ("2024-02-29", 0, 2, "2026-03-01"),  # two years, from a leap day
        ("2026-02-27", 0, 2, "2028-02-28"),
        ("2026-02-28", 0, 2, "2028-03-01"),  # D+1 = 03-01
        ("2027-02-28", 0, 2, "2029-03-01"),
        ("2028-02-28", 0, 2, "2030-03-01"),  # D+1 = 2028-02-29; 2030-02-29 does not exist
    ],
)
def test_period_counting_per_minpo(start, months, years, expected):
    """§2 Counting six months (民法140条・143条): day of the sixth month after D+1 with
    D+1's number, else the first of the following month; two years the same way."""
    got = period_passed_on(dt.date.fromisoformat(start), months=months, years=years)
    assert got.isoformat() == expected


@pytest.mark.parametrize(
    ("entered", "day_before", "first_day"),
    [
        ("2026-04-01", "2026-10-01", "2026-10-02"),
        ("2026-08-31", "2027-02-28", "2027-03-01"),
        ("2026-08-27", "2027-02-27", "2027-02-28"),
        ("2027-08-28", "2028-02-28", "2028-02-29"),
    ],
)
def test_six_month_rule_edge_days(entered, day_before, first_day):
    """§2: a foreign national is a non-resident the day before six months pass and a
    resident on the day they pass; review_on is that day."""
    rec = visitor(entered_japan_on=entered, declaration=NONE_DECLARED)
    before = judge(listed(), rec, as_of=day_before)
    assert residency(before) == "non_resident"
    assert before.outcome == "LICENSE_REQUIRED"
    assert before.review_on == dt.date.fromisoformat(first_day)
    after = judge(listed(), rec, as_of=first_day)
    assert residency(after) == "resident"
    assert after.outcome == "NOT_APPLICABLE"
    assert after.review_on is None


# =========================================================================== §2 persons in Japan


def test_dual_national_with_jp_is_japanese_and_resident():
    """§2: JP among nationalities → a Japanese national → resident in Japan, whatever
    else; without an entry date this is not 'unknown'."""
    a = judge(listed(), jp(nationalities=["CN", "JP"]))
    assert residency(a) == "resident"
    assert a.outcome == "NOT_APPLICABLE"
    assert a.risk == "R1"  # nationalities are not exactly ["JP"]


@pytest.mark.parametrize(
    ("facts", "as_of", "expected_state", "review"),
    [
        ({"abroad_purpose": "work"}, "2026-09-01", "non_resident", "2027-03-01"),
        ({"intended_stay_years": 2}, "2026-09-01", "non_resident", "2027-03-01"),
        ({"abroad_purpose": "work"}, "2027-03-01", "resident", None),
        # left 2024-08-01: two years pass on 2026-08-02; returned that day → was non-resident
        (
            {"left_japan_on": "2024-08-01", "abroad_purpose": "study", "returned_on": "2026-08-02"},
            "2026-09-01",
            "non_resident",
            "2027-02-03",
        ),
    ],
)
def test_returned_japanese_national(facts, as_of, expected_state, review):
    """§2: a Japanese national back in Japan who was a non-resident abroad is a
    non-resident until six months have passed since returned_on."""
    rec = jp(**{"returned_on": "2026-08-31", **facts})
    a = judge(listed(), rec, as_of=as_of)
    assert residency(a) == expected_state
    assert a.review_on == (dt.date.fromisoformat(review) if review else None)
    if expected_state == "non_resident":
        assert a.outcome == "LICENSE_REQUIRED"
        assert "non_resident" in a.controlled_because


def test_returned_before_two_years_was_resident_abroad():
    """§2: returned_on one day before two years after left_japan_on, studying → was a
    resident abroad → a resident on return."""
    rec = jp(left_japan_on="2024-08-01", abroad_purpose="study", returned_on="2026-08-01")
    a = judge(listed(), rec)
    assert residency(a) == "resident"
    assert a.outcome == "NOT_APPLICABLE"
    assert a.review_on is None


def test_returned_dual_national_deems_other_nationality_never_jp():
    """§2 + §4: a non-resident dual national (JP, CN): CN is deemed, JP never."""
    rec = jp(nationalities=["JP", "CN"], returned_on="2026-08-31", abroad_purpose="work")
    a = judge(item16(), rec)
    assert a.recipient_status.deemed_countries == ("CN",)
    assert a.outcome == "NOT_LISTED_NO_TRIGGER"


@pytest.mark.parametrize("status", ["foreign_official", "diplomatic_consular"])
def test_foreign_official_is_non_resident_however_long(status):
    """§2: a foreign national on official duty is a non-resident, however long the stay,
    even when employed in Japan."""
    rec = resident(
        "KR",
        official_status=status,
        entered_japan_on="2010-01-01",
        employment_in_japan={"since": "2011-01-01", "form": "full_time"},
    )
    a = judge(listed(), rec)
    assert residency(a) == "non_resident"
    assert a.outcome == "LICENSE_REQUIRED"
    assert a.recipient_status.deemed_countries == ("KR",)


def test_japanese_national_with_official_status_is_still_resident():
    """§2: a Japanese national in Japan is a resident (the official rule is for foreign
    nationals)."""
    a = judge(listed(), jp(official_status="foreign_official"))
    assert residency(a) == "resident"
    assert a.outcome == "NOT_APPLICABLE"


@pytest.mark.parametrize(
    ("employment", "state"),
    [
        ({"since": "2026-09-01", "form": "full_time"}, "resident"),  # since == as_of
        ({"since": "2026-08-15", "until": "2026-09-01", "form": "part_time"}, "resident"),
        ({"since": "2026-08-15", "until": "2026-08-31", "form": "full_time"}, "non_resident"),
        ({"since": "2026-09-02", "form": "full_time"}, "non_resident"),
    ],
)
def test_employment_edges(employment, state):
    """§2: employed at an office in Japan (since ≤ as_of, no until before as_of) →
    resident immediately; otherwise the six-month rule."""
    a = judge(listed(), visitor(employment_in_japan=employment, declaration=NONE_DECLARED))
    assert residency(a) == state


def test_employment_review_on_is_day_after_until():
    """§2 review_on: the day after employment_in_japan.until when it changes residency."""
    rec = visitor(
        employment_in_japan={"since": "2026-08-15", "until": "2026-12-31", "form": "full_time"},
        declaration=NONE_DECLARED,
    )
    a = judge(listed(), rec)
    assert a.outcome == "NOT_APPLICABLE"
    assert a.review_on == dt.date(2027, 1, 1)


def test_candidate_days_that_do_not_change_residency_are_skipped():
    """§2 review_on: the six-month day (2027-02-02) does not change a resident employee's
    residency, nor the day after an until after it: review_on is null."""
    rec = visitor(
        employment_in_japan={"since": "2026-08-15", "until": "2027-06-30", "form": "full_time"},
        declaration=NONE_DECLARED,
    )
    a = judge(listed(), rec)
    assert residency(a) == "resident"
    assert a.review_on is None


def test_future_employment_start_is_a_candidate():
    """§2 review_on: employment_in_japan.since after as_of."""
    rec = visitor(employment_in_japan={"since": "2026-10-01", "form": "full_time"})
    a = judge(listed(), rec)
    assert residency(a) == "non_resident"
    assert a.review_on == dt.date(2026, 10, 1)


def test_review_on_set_even_when_outcome_stays():
    """§2: review_on is set even when the outcome would stay the same (listed to a
    non-resident now, still licence-required with specific category later)."""
    rec = visitor(ties=[tie()], declaration={"declared_on": "2026-08-01", "types": [1]})
    a = judge(listed(), rec)
    assert a.outcome == "LICENSE_REQUIRED"
    assert a.review_on == dt.date(2027, 2, 2)


@pytest.mark.parametrize("form", ["research_assistant", "teaching_assistant"])
def test_assistant_employment_before_six_months_is_unsettled(form):
    """§2 + §5.6: RA/TA employment before six months is unsettled: treated as
    non-resident; flipped to resident the answer differs and the worse is a licence → HOLD."""
    rec = visitor(
        employment_in_japan={"since": "2026-08-10", "form": form}, declaration=NONE_DECLARED
    )
    a = judge(listed(), rec)
    assert residency(a) == "unsettled"
    assert a.outcome == "HOLD" and a.risk == "R2"
    assert "unknowns.hold" in codes(a)
    assert a.review_on == dt.date(2027, 2, 2)  # unsettled → resident by six months


def test_assistant_after_six_months_is_resident():
    """§2: the six-month rule makes an RA a resident."""
    rec = resident(employment_in_japan={"since": "2024-05-01", "form": "research_assistant"})
    a = judge(listed(), rec)
    assert residency(a) == "resident"
    assert a.outcome == "NOT_APPLICABLE"


def test_unknown_residency_listed_holds():
    """§2 + §5.6: no entry date and no employment → unknown, treated as non-resident;
    as resident it is not controlled → HOLD."""
    rec = resident(entered_japan_on=None)
    a = judge(listed(), rec)
    assert residency(a) == "unknown"
    assert a.outcome == "HOLD"
    assert a.controlled_because == ("non_resident",)


def test_unknown_residency_without_severe_alternative_keeps_answer():
    """§5.6: flipping unknown residency gives NOT_APPLICABLE vs NOT_LISTED_NO_TRIGGER:
    neither is severe, so the base answer stands."""
    rec = resident(entered_japan_on=None)
    a = judge(item16(), rec)
    assert a.outcome == "NOT_LISTED_NO_TRIGGER"
    assert a.risk == "R1"


def test_unknown_nationality_is_foreign_and_destination_unknown():
    """§2: empty nationalities = foreign national; non-resident with only a Japanese
    affiliation → no deemed country → item-16 HOLD (§4 (a), §5.5 1a)."""
    rec = visitor(nationalities=[])
    a = judge(item16(), rec)
    assert residency(a) == "non_resident"
    assert a.recipient_status.deemed_countries == ()
    assert a.outcome == "HOLD"
    assert "catchall.destination_unknown" in codes(a)


# =========================================================================== §2 abroad


def test_japanese_abroad_studying_is_resident_until_two_years():
    """§2 persons abroad: study, short stay → a resident abroad (place_abroad controls);
    two years after departure → non-resident; review_on that day."""
    rec = jp(
        location="abroad",
        country="US",
        left_japan_on="2024-09-01",
        abroad_purpose="study",
        intended_stay_years=1,
    )
    a = judge(listed(), rec, as_of="2026-09-01")
    assert residency(a) == "resident"
    assert a.controlled_because == ("place_abroad",)
    assert a.review_on == dt.date(2026, 9, 2)
    later = judge(listed(), rec, as_of="2026-09-02")
    assert residency(later) == "non_resident"
    assert later.controlled_because == ("place_abroad", "non_resident")


def test_japanese_mission_staff_abroad_is_resident():
    """§2: official_status japanese_mission → resident, even abroad for work."""
    rec = jp(
        location="abroad", country="FR", abroad_purpose="work", official_status="japanese_mission"
    )
    a = judge(item16(), rec)
    assert residency(a) == "resident"
    assert a.controlled_because == ("place_abroad",)
    assert a.recipient_status.deemed_countries == ("FR",)
    assert a.outcome == "NOT_LISTED_NO_TRIGGER"


def test_foreign_national_abroad_is_non_resident():
    """§2: a foreign national abroad is a non-resident; place_abroad applies."""
    rec = {"name": "Ana Ruiz", "nationalities": ["ES"], "location": "abroad", "country": "ES"}
    a = judge(listed(), rec)
    assert a.controlled_because == ("place_abroad", "non_resident")
    assert a.outcome == "LICENSE_REQUIRED" and a.risk == "R3"


# =========================================================================== §2 organizations


def test_japanese_company_is_resident():
    """§2 organizations: one in Japan is a resident → not controlled."""
    a = judge(listed(), org("JP"))
    assert residency(a) == "resident"
    assert a.outcome == "NOT_APPLICABLE"
    assert a.risk == "R1"  # R0 needs nationalities exactly ["JP"]


@pytest.mark.parametrize("status", ["diplomatic_consular", "foreign_official"])
def test_embassy_in_japan_is_non_resident_of_sending_state(status):
    """§2: a foreign embassy in Japan carries the sending state, location japan and an
    official status: non-resident; its country is deemed (§4)."""
    a = judge(item16(), org("IQ", location="japan", official_status=status))
    assert residency(a) == "non_resident"
    assert a.recipient_status.deemed_countries == ("IQ",)
    # IQ is a UN arms-embargo country: nothing known → no trigger, but R2 (§6)
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and a.risk == "R2"
    b = judge(
        item16(),
        org("IQ", location="japan", official_status=status),
        {"known_end_use": "conventional"},
    )
    assert b.outcome == "LICENSE_REQUIRED_CATCHALL"


def test_international_organization_office_destination_unknown():
    """§2 + §4 (a): an international-organization office in Japan (country null,
    foreign_official) is a non-resident whose destination is unknown → item-16 HOLD,
    listed LICENSE_REQUIRED."""
    rec = org(None, location="japan", official_status="foreign_official")
    a = judge(item16(), rec)
    assert residency(a) == "non_resident"
    assert a.outcome == "HOLD" and a.risk == "R2"
    b = judge(listed(), rec)
    assert b.outcome == "LICENSE_REQUIRED"


def test_organization_abroad_group_a():
    """§2 organizations abroad → non-resident; §5.5 step 2 Group A → no trigger, R1."""
    a = judge(item16(), org("US"))
    assert a.controlled_because == ("place_abroad", "non_resident")
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and a.risk == "R1"


# =========================================================================== §3


@pytest.mark.parametrize("kind", ["employment", "mandate", "appointment", "contract_other"])
def test_type1_each_contract(kind):
    """§3 type 1: a contract tie with a foreign entity, following its directions."""
    a = judge(listed(), jp(ties=[tie(type=kind)], declaration={"declared_on": AS_OF, "types": [1]}))
    assert a.recipient_status.specific_categories == (1,)
    assert a.outcome == "LICENSE_REQUIRED"


@pytest.mark.parametrize(
    "change",
    [
        {"counterparty_kind": "foreign_group_company"},
        {"counterparty_kind": "japanese_entity"},
        {"priority_agreement": True},
        {"follows_directions": False},
    ],
)
def test_type1_negatives(change):
    """§3 type 1 negatives: group company, japanese_entity, priority agreement, no
    directions → no type."""
    a = judge(listed(), jp(ties=[tie(**change)]))
    assert a.recipient_status.specific_categories == ()
    assert a.outcome == "NOT_APPLICABLE"


@pytest.mark.parametrize(
    ("change", "typed"),
    [
        ({}, True),
        ({"share_of_income": 0.25}, True),  # exactly the threshold
        ({"share_of_income": 0.2499}, False),
        ({"share_of_income": None}, True),  # unknown counts as type 2
        ({"share_of_income": 0}, False),
        ({"paid_to": "institution"}, False),
        ({"counterparty_kind": "foreign_entity"}, False),
        ({"timing": "before_employment"}, False),
        ({"timing": "before_employment", "repayment_waived": True}, True),
        ({"timing": "current", "repayment_waived": True}, True),
    ],
)
def test_type2_rules(change, typed):
    """§3 type 2: foreign-government funding paid to the person, current or waived
    before-employment, share ≥ 0.25 or unknown."""
    f = funding(**change)
    a = judge(
        item16(), jp(ties=[f], declaration={"declared_on": AS_OF, "types": [2] if typed else []})
    )
    assert a.recipient_status.specific_categories == ((2,) if typed else ())
    if typed:
        assert a.controlled_because == ("specific_category_2",)
        assert a.recipient_status.deemed_countries == ("CN",)


def test_type2_share_missing_counts():
    """§3: share_of_income missing = unknown → type 2."""
    f = funding()
    del f["share_of_income"]
    a = judge(item16(), jp(ties=[f]))
    assert a.recipient_status.specific_categories == (2,)


def test_type3_instruction_government_only():
    """§3 type 3: instruction from a foreign government (not a foreign entity); listed →
    LICENSE_REQUIRED R4 (§6 type 3)."""
    gov = tie(type="instruction", counterparty_kind="foreign_government")
    del gov["follows_directions"]
    a = judge(listed(), jp(ties=[gov]))
    assert a.recipient_status.specific_categories == (3,)
    assert a.outcome == "LICENSE_REQUIRED" and a.risk == "R4"
    ent = dict(gov, counterparty_kind="foreign_entity")
    b = judge(listed(), jp(ties=[ent]))
    assert b.recipient_status.specific_categories == ()
    assert b.outcome == "NOT_APPLICABLE"


def test_influencing_country_decides_catchall_scope():
    """§3 influencing countries join the deemed countries: a type-1 tie with a US
    entity → Group A → no trigger."""
    a = judge(
        item16(), jp(ties=[tie(country="US")], declaration={"declared_on": AS_OF, "types": [1]})
    )
    assert a.recipient_status.deemed_countries == ("US",)
    assert a.outcome == "NOT_LISTED_NO_TRIGGER"


def test_declared_type_without_tie_makes_destination_unknown():
    """§3 + §4 (b): a declared type with no tie behind it → unknown influencing
    country → item-16 HOLD, even when another deemed country (US affiliation) is known."""
    rec = jp(
        affiliations=[KITA, {"name": "Some US College", "country": "US"}],
        declaration={"declared_on": AS_OF, "types": [2]},
    )
    a = judge(item16(), rec)
    assert a.recipient_status.specific_categories == (2,)
    assert a.controlled_because == ("specific_category_2",)
    assert a.outcome == "HOLD"
    b = judge(listed(), rec)
    assert b.outcome == "LICENSE_REQUIRED" and b.risk == "R3"


def test_declaration_mismatch_reported():
    """§3: ties give a type the declaration denies → a declaration-mismatch reason; the
    type still applies."""
    a = judge(listed(), jp(ties=[tie()]))
    assert a.recipient_status.specific_categories == (1,)
    assert "specific.declaration_mismatch" in codes(a)
    b = judge(listed(), jp(ties=[tie()], declaration={"declared_on": AS_OF, "types": [1]}))
    assert "specific.declaration_mismatch" not in codes(b)


def test_non_resident_has_no_specific_categories():
    """§3 applies to resident persons only."""
    a = judge(listed(), visitor(ties=[tie()], declaration={"declared_on": AS_OF, "types": [1]}))
    assert a.recipient_status.specific_categories == ()
    assert a.controlled_because == ("non_resident",)


@pytest.mark.parametrize(
    ("technology", "outcome"),
    [
        (listed(), "HOLD"),
        ({"classification": "undetermined"}, "HOLD"),
        (item16(), "NOT_APPLICABLE"),
        (listed(exemptions=[CLAIMS["public_domain"]]), "EXEMPT"),
        ({"classification": "undetermined", "exemptions": [CLAIMS["patent_filing"]]}, "EXEMPT"),
    ],
)
def test_status_unknown(technology, outcome):
    """§3 status unknown (no declaration, no ties): listed/undetermined → HOLD unless a
    valid exemption; item-16 → NOT_APPLICABLE."""
    a = judge(technology, jp(declaration=None))
    assert a.outcome == outcome
    if outcome == "HOLD":
        assert a.risk == "R2"
    if outcome == "EXEMPT":
        assert a.risk == "R1"


def test_status_unknown_controlled_for_another_reason():
    """§3: when §4 makes it controlled for another reason (provision abroad), that
    decides: listed → LICENSE_REQUIRED."""
    a = judge(listed(), jp(declaration=None), {"place": "abroad", "country": "US"})
    assert a.outcome == "LICENSE_REQUIRED"
    assert a.controlled_because == ("place_abroad",)


def test_status_unknown_needs_both_missing():
    """§3: a tie (even one giving no type) on file means the status is not unknown."""
    a = judge(listed(), jp(declaration=None, ties=[tie(counterparty_kind="japanese_entity")]))
    assert a.outcome == "NOT_APPLICABLE"


# =========================================================================== §4


def test_jp_never_deemed_re_provision():
    """§4: JP is never a deemed country; re_provision to JP leaves no deemed country →
    item-16 HOLD."""
    a = judge(item16(), jp(), {"re_provision_evident": True, "re_provision_country": "JP"})
    assert a.controlled_because == ("re_provision",)
    assert a.recipient_status.deemed_countries == ()
    assert a.outcome == "HOLD"


def test_re_provision_country_deemed():
    """§4: re_provision_country is deemed: KR (Group A) → no trigger."""
    a = judge(item16(), jp(), {"re_provision_evident": True, "re_provision_country": "KR"})
    assert a.recipient_status.deemed_countries == ("KR",)
    assert a.outcome == "NOT_LISTED_NO_TRIGGER"


def test_re_provision_without_country_unknown_even_with_other_deemed():
    """§4 (c): re_provision_evident without country → destination unknown even when the
    provision country is known."""
    prov = {"place": "abroad", "country": "US", "re_provision_evident": True}
    a = judge(item16(), jp(), prov)
    assert a.recipient_status.deemed_countries == ("US",)
    assert a.outcome == "HOLD"
    assert judge(listed(), jp(), prov).outcome == "LICENSE_REQUIRED"


def test_media_abroad():
    """§4: channel media_carried_abroad → media_abroad."""
    a = judge(listed(), jp(), {"channels": ["media_carried_abroad"]})
    assert a.controlled_because == ("media_abroad",)
    assert a.outcome == "LICENSE_REQUIRED"


def test_matched_list_entry_country_deemed():
    """§4: the countries of matched list entries are deemed: a US visitor affiliated to
    a matched CN entity → CN deemed; §6 list hit → R4."""
    rec = visitor("US", affiliations=[{"name": XINHAI, "country": "US"}])
    a = judge(listed(), rec)
    assert "CN" in a.recipient_status.deemed_countries
    assert a.outcome == "LICENSE_REQUIRED" and a.risk == "R4"


def test_strictest_deemed_country_decides_scope():
    """§4: strictest deemed country (UN arms-embargo > general > Group A): US
    organization with an AF affiliation, conventional end use known → catch-all."""
    a = judge(
        item16(),
        org("US", affiliations=[{"name": "Kabul Office", "country": "AF"}]),
        {"known_end_use": "conventional"},
    )
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL" and a.risk == "R4"


def test_affiliation_country_deemed_for_resident_with_type():
    """§4: affiliations are deemed countries: a resident with type 1 (US) and an AF
    affiliation → UN scope."""
    rec = jp(
        ties=[tie(country="US")],
        declaration={"declared_on": AS_OF, "types": [1]},
        affiliations=[KITA, {"name": "Kabul Office", "country": "AF"}],
    )
    a = judge(item16(), rec, {"known_end_use": "conventional"})
    assert set(a.recipient_status.deemed_countries) == {"AF", "US"}
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL"


# =========================================================================== §5.0


@pytest.mark.parametrize(
    ("rec", "prov"),
    [
        (resident("KP"), None),  # resident, not controlled
        (jp(affiliations=[{"name": "Pyongyang Univ", "country": "KP"}]), None),
        (jp(), {"place": "abroad", "country": "KP"}),
    ],
)
def test_kp_anywhere_stops(rec, prov):
    """§5.0: KP among nationalities or deemed countries → STOP, controlled or not,
    whatever exemption is claimed."""
    a = judge(listed(exemptions=[CLAIMS["public_domain"]]), rec, prov)
    assert a.outcome == "STOP" and a.risk == "R4"


def test_kp_deemed_stops_item16():
    """§5.0: KP via an affiliation stops item-16 technology too."""
    a = judge(item16(), resident(affiliations=[{"name": "Pyongyang Univ", "country": "KP"}]))
    assert a.outcome == "STOP"


def test_iran_national_resident_with_bcmn_holds():
    """§5.0: IR national + B/C/M/N relevance, IR not deemed (resident) → HOLD, even with
    a valid exemption and though not controlled."""
    a = judge(item16(concern_relevance=["N"], exemptions=[CLAIMS["public_domain"]]), resident("IR"))
    assert a.outcome == "HOLD" and a.risk == "R2"
    assert "overlay.specialised_teaching_hold" in codes(a)


def test_iran_national_non_resident_with_bcmn_stops():
    """§5.0: IR also deemed → STOP."""
    a = judge(item16(concern_relevance=["B"]), visitor("IR"))
    assert a.outcome == "STOP"
    assert "overlay.specialised_teaching_stop" in codes(a)


def test_iran_national_cw_only_no_overlay():
    """§5.0: only B/C/M/N trigger the IR overlay; a resident IR national with CW
    relevance is not controlled."""
    a = judge(item16(concern_relevance=["CW"]), resident("IR"))
    assert a.outcome == "NOT_APPLICABLE" and a.risk == "R2"  # IR nationality: R2


# =========================================================================== §5.1


@pytest.mark.parametrize("basis", sorted(CLAIMS))
def test_each_exemption_valid(basis):
    """§5.1: a claim whose facts hold → EXEMPT, the basis named."""
    a = judge(listed(exemptions=[claim(basis)]), visitor())
    assert a.outcome == "EXEMPT"
    assert [(e.basis, e.accepted) for e in a.exemptions] == [(basis, True)]
    assert a.risk == ("R2" if basis == "fundamental_research" else "R1")


@pytest.mark.parametrize(
    ("basis", "change"),
    [
        ("public_domain", {"covers_all_content": False}),
        ("publication", {"audience": "restricted"}),
        ("publication", {"covers_all_content": False}),
        ("fundamental_research", {"aims_at_natural_principles": False}),
        ("fundamental_research", {"aims_at_specific_product": True}),
        ("fundamental_research", {"covers_all_content": False}),
        ("patent_filing", {"minimum_necessary": False}),
        ("minimum_use_technology", {"goods_export_cleared": False}),
        ("minimum_use_technology", {"minimum_necessary": False}),
        ("commercial_software", {"sold_to_public": False}),
        ("commercial_software", {"not_custom_made": False}),
    ],
)
def test_each_failing_fact_rejects(basis, change):
    """§5.1: a claim whose fact fails is rejected with the failed fact named; the case
    is judged without it."""
    a = judge(listed(exemptions=[claim(basis, **change)]), visitor())
    assert a.outcome == "LICENSE_REQUIRED"
    (e,) = a.exemptions
    assert not e.accepted
    assert next(iter(change)) in e.reason_en


def test_several_valid_claims_all_named():
    """§5.1: every claim whose facts hold is named."""
    a = judge(listed(exemptions=[CLAIMS["patent_filing"], CLAIMS["public_domain"]]), visitor())
    assert a.outcome == "EXEMPT"
    assert sorted(e.basis for e in a.exemptions if e.accepted) == ["patent_filing", "public_domain"]
    (r,) = [r for r in a.reasons if r.code == "exemption.applies"]
    assert "patent" in r.text_en and "public" in r.text_en


def test_fundamental_research_with_use_technology_listed_is_unsettled():
    """§5.1 + §5.6: FR with includes_use_technology on listed technology is not
    accepted; accepted → EXEMPT, rejected → LICENSE_REQUIRED → HOLD."""
    a = judge(
        listed(exemptions=[claim("fundamental_research", includes_use_technology=True)]), visitor()
    )
    assert a.outcome == "HOLD"
    assert a.exemptions[0].state == "unsettled" and not a.exemptions[0].accepted


def test_fundamental_research_with_use_technology_item16_accepted():
    """§5.1: the unsettled point is for listed technology only: item-16 → EXEMPT."""
    a = judge(
        item16(exemptions=[claim("fundamental_research", includes_use_technology=True)]), visitor()
    )
    assert a.outcome == "EXEMPT"
    assert a.exemptions[0].accepted


@pytest.mark.parametrize("item", ["9", "9:(1)"])
def test_commercial_software_item9_needs_confirmation(item):
    """§5.1: commercial_software for item 9 is not accepted without manual confirmation
    → §5.6 HOLD."""
    a = judge(listed(item, exemptions=[CLAIMS["commercial_software"]]), visitor())
    assert a.outcome == "HOLD"
    assert not a.exemptions[0].accepted


def test_unsettled_claim_beside_a_valid_claim():
    """§5.6: an unsettled claim next to a valid one: both ways EXEMPT → EXEMPT."""
    tech = listed("9", exemptions=[CLAIMS["commercial_software"], CLAIMS["public_domain"]])
    a = judge(tech, visitor())
    assert a.outcome == "EXEMPT" and a.risk == "R1"


def test_exempt_risk_un_nationality_and_list_hit():
    """§6 EXEMPT: R2 with a UN/concern nationality or deemed country, or a list hit."""
    a = judge(listed(exemptions=[CLAIMS["public_domain"]]), visitor("IQ"))
    assert a.outcome == "EXEMPT" and a.risk == "R2"
    b = judge(
        listed(exemptions=[CLAIMS["public_domain"]]),
        visitor(affiliations=[{"name": HARBOUR, "country": "HK"}]),
    )
    assert b.outcome == "EXEMPT" and b.risk == "R2"


# =========================================================================== §5.2


def test_iran_deemed_listed_stops_with_notice():
    """§5.2: IR deemed with listed technology → STOP; the reason cites the rule-set
    table, institutional policy and the IR notice."""
    a = judge(listed(), org("IR"))
    assert a.outcome == "STOP" and a.risk == "R4"
    (r,) = [r for r in a.reasons if r.code == "sanctions.stop"]
    assert "institutional policy" in r.citation and "sanctions overlays" in r.citation
    assert "snapback" in r.citation


def test_iran_deemed_item16_bcmn_stops_else_catchall():
    """§5.2: IR deemed with item-16 and B/C/M/N relevance → STOP; without, catch-all
    continues (general, no trigger, R2 for a concern country)."""
    assert judge(item16(concern_relevance=["C"]), org("IR")).outcome == "STOP"
    a = judge(item16(concern_relevance=["CW"]), org("IR"))
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and a.risk == "R2"


def test_iran_list_entry_categories_act_only_in_catchall():
    """§5.2: list-entry categories and known_end_user act only in §5.5: an item-16
    provision with IR deemed via a matched entry (M, N) and no relevance → catch-all
    WMD end user → LICENSE_REQUIRED_CATCHALL, not STOP."""
    rec = org("DE", affiliations=[{"name": ALBORZ, "country": "IR"}])
    a = judge(item16(), rec)
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL"
    b = judge(item16(), org("IR"), {"known_end_user": ["N"]})
    assert b.outcome == "LICENSE_REQUIRED_CATCHALL"


@pytest.mark.parametrize("country", ["RU", "BY"])
def test_russia_belarus(country):
    """§5.2: RU/BY deemed: listed → STOP; item-16 → HOLD; undetermined → §5.3 HOLD; the
    RU/BY reason carries no notice (the rule set names none)."""
    a = judge(listed(), org(country))
    assert a.outcome == "STOP"
    (r,) = [r for r in a.reasons if r.code == "sanctions.stop"]
    assert "snapback" not in r.citation
    b = judge(item16(), org(country))
    assert b.outcome == "HOLD" and b.risk == "R2"
    assert "sanctions.hold" in codes(b)
    c = judge({"classification": "undetermined"}, org(country))
    assert c.outcome == "HOLD"


def test_sanctions_after_exemptions():
    """§5 order: a valid exemption comes before the sanctions overlay."""
    a = judge(listed(exemptions=[CLAIMS["public_domain"]]), org("RU"))
    assert a.outcome == "EXEMPT"


def test_russia_resident_not_controlled():
    """§4 empty → NOT_APPLICABLE: a resident RU national is not controlled."""
    a = judge(listed(), resident("RU"))
    assert a.outcome == "NOT_APPLICABLE"


# =========================================================================== §5.3 – §5.4


def test_undetermined_holds():
    """§5.3: undetermined → HOLD (R2)."""
    a = judge({"classification": "undetermined"}, visitor())
    assert a.outcome == "HOLD" and a.risk == "R2"


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
        ("15", "R3"),
    ],
)
def test_listed_to_group_a_requires_licence(item, risk):
    """§5.4: listed → LICENSE_REQUIRED for every destination, Group A included; §6 R4
    for items 1, 2, 3, 3-2, 4."""
    a = judge(listed(item), org("US"))
    assert a.outcome == "LICENSE_REQUIRED" and a.risk == risk


# =========================================================================== §5.5


def test_inform_first_even_for_group_a_or_unknown_destination():
    """§5.5 step 1: an inform → catch-all licence before Group A and before destination
    unknown."""
    assert judge(item16(), org("US"), {"inform": "wmd"}).outcome == "LICENSE_REQUIRED_CATCHALL"
    rec = org(None, location="japan", official_status="foreign_official")
    assert judge(item16(), rec, {"inform": "conventional"}).outcome == "LICENSE_REQUIRED_CATCHALL"


def test_group_a_before_end_use_and_end_user():
    """§5.5 step 2: strictest deemed country in Group A → no trigger, even with a WMD
    end use known."""
    a = judge(item16(), org("US"), {"known_end_use": "wmd", "known_end_user": ["N"]})
    assert a.outcome == "NOT_LISTED_NO_TRIGGER"


def test_wmd_end_use_not_cleared_by_clear_finding():
    """§5.5 step 3: known WMD end use → catch-all; a clear finding never clears an end use."""
    prov = {"known_end_use": "wmd", "clear_finding": {"documented": True, "rationale": "x"}}
    assert judge(item16(), org("CN"), prov).outcome == "LICENSE_REQUIRED_CATCHALL"


def test_wmd_end_user_sharing_category_with_relevance():
    """§5.5 step 4: a list match carrying M with M relevance → catch-all whatever is
    documented."""
    prov = {"clear_finding": {"documented": True, "rationale": "x"}}
    rec = org("CN", name=XINHAI)
    a = judge(item16(concern_relevance=["M"]), rec, prov)
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL" and a.risk == "R4"


def test_wmd_end_user_cleared_then_cw_out_of_scope():
    """§5.5 step 4: no shared category → cleared by a documented clear finding; step 5:
    CN is a general country, not 16(1) → out of scope → no trigger, R2 (clear finding
    needed, list hit)."""
    prov = {"clear_finding": {"documented": True, "rationale": "x"}}
    rec = org("CN", name=XINHAI)
    a = judge(item16(concern_relevance=["B"]), rec, prov)
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and a.risk == "R2"
    b = judge(item16(concern_relevance=["B"]), rec)
    assert b.outcome == "LICENSE_REQUIRED_CATCHALL"
    c = judge(item16(concern_relevance=["B"]), rec, {"clear_finding": {"documented": False}})
    assert c.outcome == "LICENSE_REQUIRED_CATCHALL"


def test_wmd_end_user_cleared_then_cw_user_in_scope_16_1():
    """§5.5 step 5: general country and specific_item_16_1: the CW category of the same
    list match needs the clear finding too; documented → no trigger."""
    prov = {"clear_finding": {"documented": True, "rationale": "x"}}
    rec = org("CN", name=XINHAI)
    a = judge(item16(specific_item_16_1=True), rec, prov)
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and a.risk == "R2"


def test_known_end_user_wmd_without_clear_finding():
    """§5.5 step 4: known_end_user B with no relevance and no clear finding → catch-all."""
    a = judge(item16(), org("CN"), {"known_end_user": ["B"]})
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL"


@pytest.mark.parametrize(
    ("country", "tech", "prov", "outcome"),
    [
        ("LB", item16(), {"known_end_use": "conventional"}, "LICENSE_REQUIRED_CATCHALL"),
        ("CN", item16(), {"known_end_use": "conventional"}, "NOT_LISTED_NO_TRIGGER"),
        (
            "CN",
            item16(specific_item_16_1=True),
            {"known_end_use": "conventional"},
            "LICENSE_REQUIRED_CATCHALL",
        ),
        ("LB", item16(), {"known_end_user": ["CW"]}, "LICENSE_REQUIRED_CATCHALL"),
        (
            "LB",
            item16(),
            {"known_end_user": ["CW"], "clear_finding": {"documented": True}},
            "NOT_LISTED_NO_TRIGGER",
        ),
        (
            "LB",
            item16(specific_item_16_1=True),
            {"known_end_user": ["CW"], "clear_finding": {"documented": True}},
            "LICENSE_REQUIRED_CATCHALL",
        ),
        (
            "LB",
            item16(concern_relevance=["CW"]),
            {"known_end_user": ["CW"], "clear_finding": {"documented": True}},
            "LICENSE_REQUIRED_CATCHALL",
        ),
        (
            "CN",
            item16(specific_item_16_1=True, concern_relevance=["CW"]),
            {"known_end_user": ["CW"], "clear_finding": {"documented": True}},
            "NOT_LISTED_NO_TRIGGER",
        ),
        (
            "CN",
            item16(specific_item_16_1=True),
            {"known_end_user": ["CW"]},
            "LICENSE_REQUIRED_CATCHALL",
        ),
        ("CN", item16(), {"known_end_user": ["CW"]}, "NOT_LISTED_NO_TRIGGER"),
        (
            "LB",
            item16(),
            {"known_end_use": "conventional", "clear_finding": {"documented": True}},
            "LICENSE_REQUIRED_CATCHALL",
        ),
    ],
)
def test_conventional_weapons_step(country, tech, prov, outcome):
    """§5.5 step 5 and 明らかガイドライン ⑲: scope (UN arms embargo: all item-16;
    general: 16(1) only), end use, CW end user, and when a clear finding can clear it."""
    a = judge(tech, org(country), prov)
    assert a.outcome == outcome


def test_cw_list_match_un_country():
    """§5.5 step 5: a list match carrying CW (HK entry) plus a UN country deemed →
    catch-all without a clear finding."""
    rec = org("LB", affiliations=[{"name": HARBOUR, "country": "HK"}])
    a = judge(item16(), rec)
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL"


def test_item16_general_nothing_known():
    """§5.5 step 6: general country, nothing known → NOT_LISTED_NO_TRIGGER, R1."""
    a = judge(item16(), visitor())
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and a.risk == "R1"


def test_below_threshold_is_item16():
    """§5.5: below_threshold is item-16 technology."""
    a = judge(
        {"classification": "below_threshold", "item": "7"}, org("CN"), {"known_end_use": "wmd"}
    )
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL"


# =========================================================================== §5.6 / §1


class _ReviewBandMatcher:
    """The real matcher, except that names in ``REVIEW_NAMES`` score 0.80 on an entry.

    The policy's review band (0.70 ≤ score < 0.90) is what these tests are about, not
    how the matcher scores a particular spelling, which its engineer may tune.
    """

    def __init__(self, lists: Any):
        self.lists = tuple(lists)
        self.real = Matcher(self.lists)

    def screen(self, name: str, country: str | None = None) -> list[Hit]:
        entry_no = REVIEW_NAMES.get(name)
        if entry_no is None:
            return self.real.screen(name, country)
        (entry,) = [e for lst in self.lists for e in lst.entries if e.no == entry_no]
        lst = self.lists[0]
        return [
            Hit(
                list_id=lst.id,
                list_version=lst.version,
                entry=entry.no,
                entry_name=entry.name,
                entry_country=entry.country,
                categories=tuple(entry.categories),
                score=0.80,
                band=band_for(0.80),
                query=name,
            )
        ]


XINHAI_REVIEW = "Xinhai Aerospace Univ. (review band)"
REVIEW_NAMES = {
    XINHAI_REVIEW: "1",
    # a name with the word "exemption" in it must still be flipped as a hit (§5.6)
    "Xinhai Aerospace University exemption office": "1",
}


@pytest.fixture
def review_band(monkeypatch):
    monkeypatch.setattr(engine_mod, "Matcher", _ReviewBandMatcher)
    engine_mod._MATCHERS.clear()
    yield
    engine_mod._MATCHERS.clear()


def test_review_band_hit_flips_to_hold(review_band):
    """§1 + §5.6: a review-band hit whose entry country equals the affiliation's country:
    as a match (M, CW) with M relevance → catch-all; as no hit → no trigger → HOLD."""
    rec = visitor(affiliations=[{"name": XINHAI_REVIEW, "country": "CN"}])
    a = judge(item16(concern_relevance=["M"]), rec)
    assert [(h.entry, h.band) for h in a.list_hits] == [("1", "review")]
    assert a.outcome == "HOLD" and a.risk == "R2"
    assert "unknowns.hold" in codes(a)


def test_review_band_hit_with_any_name_is_flipped(review_band):
    """§5.6: what is flipped is the hit, whatever words the screened name contains
    (a name containing "exemption" was once taken for an exemption claim)."""
    rec = visitor(
        affiliations=[{"name": "Xinhai Aerospace University exemption office", "country": "CN"}]
    )
    a = judge(item16(concern_relevance=["M"]), rec)
    assert a.outcome == "HOLD"


def test_review_band_hit_without_recorded_country_counts(review_band):
    """§1: no country recorded for the screened name → the review hit counts."""
    rec = visitor(affiliations=[{"name": XINHAI_REVIEW}])
    a = judge(item16(concern_relevance=["M"]), rec)
    assert a.outcome == "HOLD"


def test_review_band_hit_other_country_is_reason_only(review_band):
    """§1: entry country (CN) differs from the affiliation's country (KR) → reason only."""
    rec = visitor("KR", affiliations=[{"name": XINHAI_REVIEW, "country": "KR"}])
    a = judge(item16(concern_relevance=["M"]), rec)
    assert a.outcome == "NOT_LISTED_NO_TRIGGER"
    assert a.risk == "R1"  # a review-band hit never changes the risk grade
    assert "screening.review_other_country" in codes(a)


def test_review_band_hit_on_own_name_with_country(review_band):
    """§1: the recipient's own name, entry country equals the recipient's country → counts."""
    rec = org("CN", name=XINHAI_REVIEW)
    a = judge(item16(concern_relevance=["M"]), rec)
    assert a.outcome == "HOLD"


def test_review_band_hit_on_own_name_other_nationality(review_band):
    """§1: the recipient's own name, entry country (CN) is not a nationality (KR) →
    reason only."""
    rec = visitor("KR", name=XINHAI_REVIEW)
    a = judge(item16(concern_relevance=["M"]), rec)
    assert a.outcome == "NOT_LISTED_NO_TRIGGER"


def test_review_band_hit_that_changes_nothing(review_band):
    """§5.6: treating the hit as a match does not change the outcome → base answer, and
    the risk grade is not raised by the review hit."""
    rec = visitor(affiliations=[{"name": XINHAI_REVIEW, "country": "CN"}])
    a = judge(listed(), rec)
    assert a.outcome == "LICENSE_REQUIRED" and a.risk == "R3"


def test_hold_names_only_the_facts_that_matter(review_band):
    """§5.6 "naming what is missing": unknown residency decides (resident → not
    controlled, non-resident → licence); the review hit changes nothing for listed
    technology, so the HOLD reason names the residency and not the hit."""
    rec = resident(entered_japan_on=None, affiliations=[{"name": XINHAI_REVIEW, "country": "CN"}])
    a = judge(listed(), rec)
    assert a.outcome == "HOLD"
    (r,) = [r for r in a.reasons if r.code == "unknowns.hold"]
    assert "residency" in r.text_en
    assert "entry 1" not in r.text_en


def test_cleared_review_hit_is_not_flipped(review_band):
    """§1: a review-band hit in cleared_hits is neither a match nor a review hit."""
    rec = visitor(
        affiliations=[{"name": XINHAI_REVIEW, "country": "CN"}],
        cleared_hits=[{"list": LISTS[0].id, "entry": "1", "reason": "another body"}],
    )
    a = judge(item16(concern_relevance=["M"]), rec)
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and a.list_hits == ()
    assert "screening.cleared" in codes(a)


def test_cleared_hit_is_neither_match_nor_review():
    """§1: a hit in cleared_hits is neither a match nor a review hit."""
    rec = org("CN", name=XINHAI, cleared_hits=[{"list": "audit", "entry": "1", "reason": "other"}])
    a = judge(item16(concern_relevance=["M"]), rec)
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and a.risk == "R1"
    assert a.list_hits == ()


# =========================================================================== §6


def test_na_r0_only_for_plain_japanese():
    """§6 NOT_APPLICABLE R0: nationalities exactly ["JP"], no foreign tie, no foreign
    affiliation."""
    assert judge(listed(), jp()).risk == "R0"


@pytest.mark.parametrize(
    ("rec", "risk"),
    [
        (jp(affiliations=[KITA, {"name": "Some US College", "country": "US"}]), "R1"),
        (jp(ties=[tie(follows_directions=False)]), "R1"),
        (jp(nationalities=["JP", "US"]), "R1"),
        (resident("US"), "R1"),
        (resident("IQ"), "R2"),
        (resident("AF"), "R2"),
        (jp(affiliations=[KITA, {"name": HARBOUR, "country": "HK"}]), "R2"),  # list hit
    ],
)
def test_na_risk_rows(rec, risk):
    """§6 NOT_APPLICABLE: R1 otherwise; R2 with a UN/concern nationality or a list hit."""
    a = judge(listed(), rec)
    assert a.outcome == "NOT_APPLICABLE"
    assert a.risk == risk


@pytest.mark.parametrize(
    ("rec", "prov", "risk"),
    [
        (org("CN"), None, "R1"),
        (org("IQ"), None, "R2"),  # deemed UN/concern
        (org("US"), None, "R1"),
        (visitor("IR"), None, "R2"),  # nationality concern (no BCMN relevance)
        # a clear finding that was needed (CW end user, 16(1), general country) → R2
        (org("CN"), {"known_end_user": ["CW"], "clear_finding": {"documented": True}}, "R2"),
        # a clear finding on file that nothing needed → R1
        (org("CN"), {"clear_finding": {"documented": True}}, "R1"),
    ],
)
def test_nlnt_risk_rows(rec, prov, risk):
    """§6 NOT_LISTED_NO_TRIGGER: R1; R2 with UN/concern nationality or deemed country,
    a list hit or a needed clear finding."""
    a = judge(item16(specific_item_16_1=True), rec, prov)
    assert a.outcome == "NOT_LISTED_NO_TRIGGER"
    assert a.risk == risk


def test_nlnt_list_hit_is_r2():
    """§6 NOT_LISTED_NO_TRIGGER with a list hit (PK entry, B) and a clear finding → R2."""
    rec = org("CN", affiliations=[{"name": INDUS, "country": "PK"}])
    prov = {"clear_finding": {"documented": True, "rationale": "x"}}
    a = judge(item16(), rec, prov)
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and a.risk == "R2"


def test_provision_date_after_review_on():
    """Preamble: provision.date after review_on → 'judge again on the provision date'."""
    a = judge(listed(), visitor(), {"date": "2027-03-01"})
    assert a.review_on == dt.date(2027, 2, 2)
    assert "provision.after_review_on" in codes(a)
    b = judge(listed(), visitor(), {"date": "2027-02-02"})
    assert "provision.after_review_on" not in codes(b)


# =========================================================================== CLI contract


@pytest.fixture
def only_assess(monkeypatch):
    monkeypatch.setattr(cli_main, "COMMANDS", {"assess": "desk.cli.assess"})


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli_main.main(list(argv))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def write_case(tmp: Path, name: str, d: Any) -> str:
    p = tmp / name
    p.write_text(d if isinstance(d, str) else json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return str(p)


def write_list(tmp: Path) -> str:
    p = tmp / "audit-list.csv"
    p.write_text(AUDIT_CSV, encoding="utf-8")
    return str(p)


def test_cli_json_shape_and_array(tmp_path, only_assess):
    """case-format.md "What the engine answers": keys and types; one object for one
    case, an array for several."""
    one = write_case(tmp_path, "one.json", doc(listed(), visitor()))
    code, out, _ = cli("assess", one, "--json", "--list", write_list(tmp_path))
    assert code == 0
    body = json.loads(out)
    assert set(body) == {
        "id",
        "outcome",
        "risk",
        "recipient_status",
        "controlled_because",
        "exemptions",
        "list_hits",
        "review_on",
        "reasons",
        "ruleset",
        "lists",
    }
    assert set(body["recipient_status"]) == {
        "resident",
        "specific_categories",
        "treated_as_non_resident",
        "deemed_countries",
    }
    assert body["outcome"] == "LICENSE_REQUIRED" and body["review_on"] == "2027-02-02"
    assert len(body["lists"]) == 1  # the given file replaced the built-in list
    assert body["lists"][0]["version"] != "2025-09-29"
    assert set(body["reasons"][0]) == {"code", "citation", "text_ja", "text_en"}
    code, out, _ = cli("assess", one, one, "--json", "--list", write_list(tmp_path))
    assert isinstance(json.loads(out), list) and len(json.loads(out)) == 2


def test_cli_list_default_adds_builtin(tmp_path, only_assess):
    """--list FILE replaces the built-in list; --list default adds it back."""
    one = write_case(tmp_path, "one.json", doc(listed(), visitor()))
    _, out, _ = cli("assess", one, "--json", "--list", write_list(tmp_path), "--list", "default")
    versions = [x["version"] for x in json.loads(out)["lists"]]
    assert len(versions) == 2 and versions[1] == "2025-09-29" and versions[0] != versions[1]
    _, out, _ = cli("assess", one, "--json")
    assert [x["version"] for x in json.loads(out)["lists"]] == ["2025-09-29"]


def test_cli_as_of(tmp_path, only_assess):
    """--as-of judges on that date: resident after six months."""
    one = write_case(tmp_path, "one.json", doc(listed(), visitor(declaration=NONE_DECLARED)))
    _, out, _ = cli(
        "assess", one, "--json", "--as-of", "2027-02-02", "--list", write_list(tmp_path)
    )
    assert json.loads(out)["outcome"] == "NOT_APPLICABLE"


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda d: d["recipient"].update(nationalities=["XX"]), "recipient.nationalities[0]"),
        (lambda d: d["technology"].update(classification="maybe"), "technology.classification"),
        (
            lambda d: d["recipient"].update(
                ties=[{"type": "funding", "counterparty_kind": "foreign_government"}]
            ),
            "recipient.ties[0].paid_to",
        ),
        (lambda d: d.update(as_of="2026-02-30"), "as_of"),
        (
            lambda d: d["technology"].update(exemptions=[{"basis": "patent_filing"}]),
            "technology.exemptions[0].minimum_necessary",
        ),
        (lambda d: d.update(extra=1), "extra"),
    ],
)
def test_cli_invalid_input_exit_2(tmp_path, only_assess, mutate, where):
    """Invalid input: exit 2, `FILE: path.to.key: what is wrong`, nothing on stdout."""
    d = doc(listed(), visitor())
    mutate(d)
    bad = write_case(tmp_path, "bad.json", d)
    good = write_case(tmp_path, "good.json", doc(listed(), visitor()))
    code, out, err = cli("assess", good, bad, "--json", "--list", write_list(tmp_path))
    assert code == 2
    assert out == ""
    assert f"{bad}: {where}: " in err


# ================================================================ readings (docs/rules.md)


def test_reading_tie_without_country_makes_destination_unknown():
    """Reading of §3/§4 (b): a tie that gives a type but records no country leaves the
    influencing country unknown → item-16 HOLD."""
    t = tie()
    del t["country"]
    a = judge(item16(), jp(ties=[t], declaration={"declared_on": AS_OF, "types": [1]}))
    assert a.recipient_status.specific_categories == (1,)
    assert a.outcome == "HOLD"
    assert "specific.tie_without_country" in codes(a)


def test_reading_affiliation_without_country_prevents_r0():
    """Reading of §6: an affiliation without a country may be foreign → R1, not R0."""
    a = judge(listed(), jp(affiliations=[KITA, {"name": "Unnamed Lab"}]))
    assert a.outcome == "NOT_APPLICABLE" and a.risk == "R1"


def test_reading_re_provision_country_deemed_without_evident():
    """Reading of §4: re_provision_country is deemed even when re-provision is not
    evident (LB, UN arms embargo, with a conventional end use → catch-all)."""
    prov = {"re_provision_country": "LB", "known_end_use": "conventional"}
    a = judge(item16(), visitor("KR"), prov)
    assert "LB" in a.recipient_status.deemed_countries
    assert a.outcome == "LICENSE_REQUIRED_CATCHALL"


def test_reading_fundamental_research_use_technology_undetermined_accepted():
    """Reading of §5.1: the use-technology point is unsettled for listed technology
    only; undetermined technology with a valid FR claim → EXEMPT."""
    tech = {
        "classification": "undetermined",
        "exemptions": [claim("fundamental_research", includes_use_technology=True)],
    }
    a = judge(tech, visitor())
    assert a.outcome == "EXEMPT"


def test_reading_step2_hold_is_final():
    """Reading of §5 order: the RU/BY item-16 HOLD (step 2) decides before an inform
    (step 5.1)."""
    a = judge(item16(), org("RU"), {"inform": "wmd"})
    assert a.outcome == "HOLD"
    assert "sanctions.hold" in codes(a)


def test_reading_step0_hold_is_final():
    """Reading of §5 order: the IR specialised-teaching HOLD (step 0) decides before the
    RU sanctions STOP (step 2) for a resident IR national receiving listed technology
    in Russia."""
    a = judge(listed(concern_relevance=["N"]), resident("IR"), {"place": "abroad", "country": "RU"})
    assert a.outcome == "HOLD"
    assert "overlay.specialised_teaching_hold" in codes(a)


def test_reading_stop_against_hold_becomes_hold():
    """Reading of §5.6: an IR national of unknown residency with N relevance: as a
    non-resident STOP (IR deemed), as a resident HOLD (specialised-teaching check) — the
    answers differ and the worse is STOP → HOLD, naming the residency."""
    a = judge(item16(concern_relevance=["N"]), resident("IR", entered_japan_on=None))
    assert a.outcome == "HOLD" and a.risk == "R2"
    (r,) = [r for r in a.reasons if r.code == "unknowns.hold"]
    assert "STOP" in r.text_en and "residency" in r.text_en
