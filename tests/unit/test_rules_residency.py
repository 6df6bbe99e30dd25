"""Residency on the as-of date and review_on (engine policy §2), with 民法 period counting."""

from __future__ import annotations

import datetime as dt

import pytest
from rules_support import (
    KITA,
    NO_TYPES,
    foreign_resident,
    item16,
    jp_resident,
    judge,
    listed,
    make,
    org_abroad,
)

from desk.rules import is_due, period_passed_on, review_date

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("start", "months", "years", "passed_on"),
    [
        ("2026-04-01", 6, 0, "2026-10-02"),  # policy example
        (
            "2026-08-31",
            6,
            0,
            "2027-03-01",
        ),  # policy example: no 2027-02-31 → next month's first day
        ("2026-08-27", 6, 0, "2027-02-28"),  # policy example
        ("2026-08-29", 6, 0, "2027-03-01"),  # D+1 = 08-30, no 02-30
        ("2026-08-30", 6, 0, "2027-03-01"),
        ("2027-08-28", 6, 0, "2028-02-29"),  # leap year: 02-29 exists
        ("2026-12-31", 6, 0, "2027-07-01"),  # D+1 crosses the year
        ("2026-03-30", 6, 0, "2026-10-01"),  # D+1 = 03-31, no 09-31
        ("2024-04-01", 0, 2, "2026-04-02"),
        ("2024-02-28", 0, 2, "2026-03-01"),  # D+1 = 2024-02-29, no 2026-02-29
    ],
)
def test_period_counting(start, months, years, passed_on):
    assert period_passed_on(D(start), months=months, years=years) == D(passed_on)


def status(case_result):
    return case_result.to_json()["recipient_status"]


@pytest.mark.parametrize(("as_of", "resident"), [("2026-10-01", False), ("2026-10-02", True)])
def test_six_months_flip_on_the_exact_day(as_of, resident):
    rec = foreign_resident(entered_japan_on="2026-04-01")
    a = judge(listed(), rec, as_of=as_of)
    assert status(a)["resident"] is resident
    assert a.outcome == ("NOT_APPLICABLE" if resident else "LICENSE_REQUIRED")


def test_month_end_entry_becomes_resident_on_the_first_of_march():
    rec = foreign_resident(entered_japan_on="2026-08-31")
    assert judge(listed(), rec, as_of="2027-02-28").outcome == "LICENSE_REQUIRED"
    a = judge(listed(), rec, as_of="2027-02-27")
    assert a.review_on == D("2027-03-01")
    assert judge(listed(), rec, as_of="2027-03-01").outcome == "NOT_APPLICABLE"


def test_employment_makes_a_foreigner_resident_immediately():
    rec = foreign_resident(
        entered_japan_on="2026-08-20",
        employment_in_japan={"employer": "Kita", "since": "2026-08-25", "form": "part_time"},
    )
    a = judge(listed(), rec)
    assert status(a)["resident"] is True and a.outcome == "NOT_APPLICABLE"
    assert a.review_on is None  # six months later changes nothing
    assert "residency.employed" in a.reason_codes


def test_employment_that_ended_no_longer_counts():
    rec = foreign_resident(
        entered_japan_on="2026-08-01",
        employment_in_japan={"since": "2026-08-02", "until": "2026-08-31", "form": "full_time"},
    )
    assert judge(listed(), rec).outcome == "LICENSE_REQUIRED"


def test_employment_until_the_as_of_day_still_counts_and_review_is_the_day_after():
    rec = foreign_resident(
        entered_japan_on="2026-08-01",
        employment_in_japan={"since": "2026-08-02", "until": "2026-09-10", "form": "full_time"},
    )
    a = judge(listed(), rec)
    assert a.outcome == "NOT_APPLICABLE"
    assert a.review_on == D("2026-09-11")


def test_future_employment_is_a_review_candidate():
    rec = foreign_resident(
        entered_japan_on="2026-08-01",
        employment_in_japan={"since": "2026-10-01", "form": "full_time"},
    )
    a = judge(listed(), rec)
    assert a.outcome == "LICENSE_REQUIRED"
    assert a.review_on == D("2026-10-01")


def test_assistant_employment_before_six_months_is_unsettled_hold():
    rec = foreign_resident(
        entered_japan_on="2026-06-01",
        employment_in_japan={"since": "2026-06-10", "form": "teaching_assistant"},
    )
    a = judge(listed(), rec)
    assert a.outcome == "HOLD" and a.risk == "R2"
    assert a.recipient_status.residency == "unsettled"
    assert "unknowns.hold" in a.reason_codes
    assert a.review_on == D("2026-12-02")


def test_assistant_employment_after_six_months_is_resident():
    rec = foreign_resident(
        entered_japan_on="2026-01-01",
        employment_in_japan={"since": "2026-06-10", "form": "research_assistant"},
    )
    assert judge(listed(), rec).outcome == "NOT_APPLICABLE"


def test_no_entry_date_and_no_employment_is_unknown():
    rec = foreign_resident()
    del rec["entered_japan_on"]
    a = judge(listed(), rec)
    assert a.recipient_status.residency == "unknown"
    assert a.outcome == "HOLD"
    assert a.controlled_because == ("non_resident",)
    assert a.review_on is None


def test_unknown_nationality_is_treated_as_foreign():
    rec = foreign_resident(nationalities=[], entered_japan_on="2026-08-01")
    assert judge(listed(), rec).outcome == "LICENSE_REQUIRED"


def test_diplomat_is_non_resident_however_long_the_stay():
    rec = foreign_resident(
        entered_japan_on="2020-01-01",
        official_status="diplomatic_consular",
        employment_in_japan={"since": "2020-01-02", "form": "full_time"},
    )
    a = judge(listed(), rec)
    assert status(a)["resident"] is False and a.outcome == "LICENSE_REQUIRED"
    assert a.review_on is None


def test_dual_national_with_jp_is_japanese_for_residency():
    rec = jp_resident(nationalities=["JP", "US"])
    a = judge(listed(), rec)
    assert a.outcome == "NOT_APPLICABLE" and a.risk == "R1"


def japanese_abroad(**extra):
    rec = jp_resident(location="abroad", country="DE", left_japan_on="2026-03-01", **extra)
    return rec


@pytest.mark.parametrize(
    ("extra", "resident"),
    [
        ({"abroad_purpose": "work"}, False),
        ({"abroad_purpose": "study", "intended_stay_years": 2}, False),
        ({"abroad_purpose": "study", "intended_stay_years": 1}, True),
        ({"abroad_purpose": "other"}, True),
        ({"abroad_purpose": "work", "official_status": "japanese_mission"}, True),
    ],
)
def test_japanese_abroad(extra, resident):
    a = judge(listed(), japanese_abroad(**extra))
    assert status(a)["resident"] is resident
    assert "place_abroad" in a.controlled_because
    assert a.outcome == "LICENSE_REQUIRED"


def test_japanese_abroad_two_years_passes_and_is_the_review_day():
    a = judge(item16(), japanese_abroad(abroad_purpose="study", intended_stay_years=1.5))
    assert status(a)["resident"] is True
    assert a.review_on == D("2028-03-02")
    later = judge(item16(), japanese_abroad(abroad_purpose="study"), as_of="2028-03-02")
    assert later.to_json()["recipient_status"]["resident"] is False


def test_japanese_back_from_work_abroad_is_non_resident_for_six_months():
    rec = jp_resident(left_japan_on="2023-01-10", abroad_purpose="work", returned_on="2026-08-20")
    a = judge(listed(), rec)
    assert a.outcome == "LICENSE_REQUIRED" and a.review_on == D("2027-02-21")
    assert judge(listed(), rec, as_of="2027-02-21").outcome == "NOT_APPLICABLE"


def test_japanese_back_after_a_short_study_stay_is_resident():
    rec = jp_resident(
        left_japan_on="2025-09-01",
        abroad_purpose="study",
        intended_stay_years=1,
        returned_on="2026-08-20",
    )
    a = judge(listed(), rec)
    assert a.outcome == "NOT_APPLICABLE" and a.review_on is None


def test_japanese_back_after_two_years_of_study_is_non_resident():
    rec = jp_resident(left_japan_on="2024-06-01", abroad_purpose="study", returned_on="2026-06-02")
    assert judge(listed(), rec).outcome == "LICENSE_REQUIRED"


def test_organizations():
    in_japan = {"kind": "organization", "name": "Japan Branch KK", "country": "JP"}
    assert judge(listed(), in_japan).outcome == "NOT_APPLICABLE"
    embassy = {
        "kind": "organization",
        "name": "Embassy",
        "country": "FR",
        "location": "japan",
        "official_status": "diplomatic_consular",
    }
    a = judge(listed(), embassy)
    assert a.outcome == "LICENSE_REQUIRED" and a.recipient_status.deemed_countries == ("FR",)
    intl = {
        "kind": "organization",
        "name": "Intl Org Tokyo Office",
        "location": "japan",
        "official_status": "foreign_official",
    }
    a = judge(item16(), intl)
    assert a.outcome == "HOLD" and "catchall.destination_unknown" in a.reason_codes
    assert judge(listed(), org_abroad("KR")).controlled_because == ("place_abroad", "non_resident")


def test_review_date_and_due():
    case = make(listed(), foreign_resident(entered_japan_on="2026-04-01"))
    assert review_date(case) == D("2026-10-02")
    assert not is_due(case, D("2026-10-01"))
    assert is_due(case, D("2026-10-02"))
    settled = make(listed(), foreign_resident())
    assert review_date(settled) is None and not is_due(settled, D("2030-01-01"))


def test_review_on_is_set_even_when_the_outcome_stays():
    rec = foreign_resident(
        nationalities=["US"],
        entered_japan_on="2026-07-15",
        affiliations=[{"name": "Lakeshore State University", "country": "US"}],
    )
    a = judge(item16(), rec)
    assert a.outcome == "NOT_LISTED_NO_TRIGGER" and a.review_on == D("2027-01-16")


def test_provision_date_after_review_on_says_judge_again():
    rec = foreign_resident(entered_japan_on="2026-04-01")
    a = judge(listed(), rec, provision={"date": "2026-11-01"})
    assert "provision.after_review_on" in a.reason_codes
    a = judge(listed(), rec, provision={"date": "2026-09-15"})
    assert "provision.after_review_on" not in a.reason_codes


def test_residency_reason_is_bilingual():
    a = judge(listed(), foreign_resident(entered_japan_on="2026-04-01"))
    r = next(r for r in a.reasons if r.code == "residency.under_six_months")
    assert "2026-10-02" in r.text_ja and "非居住者" in r.text_ja
    assert "2026-10-02" in r.text_en and "6-1-5" in r.citation
    assert KITA and NO_TYPES
