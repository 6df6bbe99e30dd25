"""Policy §3: a declaration counts only when it is on file at the provision —
``declared_on`` on or before ``provision.date`` (else ``as_of``); a later one is treated as
absent with its reason. ``basis: information_obtained`` counts, and the reasons say so."""

from __future__ import annotations

import pytest

from desk.domain.case import case_to_dict
from tests.unit.rules_support import AS_OF, jp_resident, judge, listed, make


def test_a_declaration_dated_after_the_provision_is_treated_as_absent() -> None:
    rec = jp_resident(declaration={"declared_on": "2026-06-02", "types": []})
    a = judge(listed(), rec, provision={"date": "2026-06-01"})
    assert a.outcome == "HOLD"
    assert "specific.declaration_after_provision" in a.reason_codes
    assert "status_unknown.hold" in a.reason_codes
    why = next(r for r in a.reasons if r.code == "specific.declaration_after_provision")
    assert "2026-06-02" in why.text_en and "2026-06-01" in why.text_en
    assert why.citation == "役務通達 1(3)サ"


@pytest.mark.parametrize("declared_on", ["2026-06-01", "2026-05-31"])
def test_a_declaration_on_or_before_the_provision_counts(declared_on: str) -> None:
    rec = jp_resident(declaration={"declared_on": declared_on, "types": []})
    a = judge(listed(), rec, provision={"date": "2026-06-01"})
    assert a.outcome == "NOT_APPLICABLE"
    assert "specific.declaration_after_provision" not in a.reason_codes


def test_without_a_provision_date_the_day_judged_decides() -> None:
    later = jp_resident(declaration={"declared_on": "2026-09-02", "types": []})
    assert "specific.declaration_after_provision" in judge(listed(), later).reason_codes
    same_day = jp_resident(declaration={"declared_on": AS_OF, "types": []})
    assert judge(listed(), same_day).outcome == "NOT_APPLICABLE"


def test_a_late_declaration_of_a_type_gives_no_type() -> None:
    rec = jp_resident(declaration={"declared_on": "2026-07-01", "types": [1]})
    a = judge(listed(), rec, provision={"date": "2026-06-01"})
    assert a.recipient_status.specific_categories == ()


def test_information_obtained_counts_and_is_named() -> None:
    decl = {"declared_on": "2026-04-01", "types": [], "basis": "information_obtained"}
    a = judge(listed(), jp_resident(declaration={**decl, "note": "company profile checked"}))
    assert a.outcome == "NOT_APPLICABLE"
    assert "specific.information_obtained" in a.reason_codes
    own = judge(listed(), jp_resident(declaration={"declared_on": "2026-04-01", "types": []}))
    assert "specific.information_obtained" not in own.reason_codes


def test_the_basis_round_trips_and_is_written_only_when_given() -> None:
    decl = {"declared_on": "2026-04-01", "types": [], "basis": "information_obtained", "note": "x"}
    case = make(listed(), jp_resident(declaration=decl))
    assert case_to_dict(case)["recipient"]["declaration"] == decl
    plain = make(listed(), jp_resident())
    assert "basis" not in case_to_dict(plain)["recipient"]["declaration"]


def test_an_unknown_basis_is_refused() -> None:
    from desk.domain.errors import InvalidInput

    with pytest.raises(InvalidInput, match="basis"):
        make(
            listed(),
            jp_resident(declaration={"declared_on": "2026-04-01", "types": [], "basis": "oral"}),
        )
