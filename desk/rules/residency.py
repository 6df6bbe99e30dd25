"""Residency (居住性) on a date, and the day it next changes by itself (engine policy §2).

Periods are counted as 民法140条・143条 count them: the first day is not counted, a
period of months ends on the day before the day with the same number in the last
month, and when that month has no such day, at the end of that month. So six months
after an entry on D have passed on the day of the sixth month after D+1 with the
same number as D+1, or on the first day of the following month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from desk.domain.case import Recipient
from desk.rules.reasons import Reason, reason
from desk.rules.ruleset import RuleSet

RESIDENT = "resident"
NON_RESIDENT = "non_resident"
UNKNOWN = "unknown"  # no entry date and no current employment
UNSETTLED = "unsettled"  # RA/TA employment before six months (reference §11.3)
STATES = (RESIDENT, NON_RESIDENT, UNKNOWN, UNSETTLED)

ASSISTANT_FORMS = ("research_assistant", "teaching_assistant")
OFFICIAL_NON_RESIDENT = ("foreign_official", "diplomatic_consular")


def period_passed_on(start: dt.date, *, months: int = 0, years: int = 0) -> dt.date:
    """The first day on which ``months`` + ``years`` "
    "counted from the day after ``start`` have passed."""
    try:
        first = start + dt.timedelta(days=1)
    except OverflowError:
        return dt.date.max
    index = first.year * 12 + (first.month - 1) + months + 12 * years
    year, month0 = divmod(index, 12)
    if year > dt.MAXYEAR:
        return dt.date.max
    try:
        return dt.date(year, month0 + 1, first.day)
    except ValueError:  # no such day in that month: the first day of the next one
        year, month0 = divmod(index + 1, 12)
        if year > dt.MAXYEAR:
            return dt.date.max
        return dt.date(year, month0 + 1, 1)


@dataclass(frozen=True)
class Residency:
    state: str
    code: str  # reason code: which rule decided
    params: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def resident(self) -> bool:
        return self.state == RESIDENT


def is_japanese(recipient: Recipient) -> bool:
    return "JP" in recipient.nationalities


def _employed_on(recipient: Recipient, day: dt.date) -> bool:
    emp = recipient.employment_in_japan
    return emp is not None and emp.since <= day and (emp.until is None or emp.until >= day)


def residency_on(recipient: Recipient, day: dt.date, rs: RuleSet) -> Residency:
    """Residency of ``recipient`` on ``day`` from the recorded facts alone."""
    months, years = rs.residency_months, rs.abroad_years
    if recipient.kind == "organization":
        if recipient.official_status in OFFICIAL_NON_RESIDENT:
            return Residency(NON_RESIDENT, "residency.organization_official")
        if recipient.effective_location == "japan":
            return Residency(RESIDENT, "residency.organization_japan")
        return Residency(NON_RESIDENT, "residency.organization_abroad")

    japanese = is_japanese(recipient)
    if recipient.effective_location == "abroad":
        if not japanese:
            return Residency(NON_RESIDENT, "residency.abroad_foreign")
        if recipient.official_status == "japanese_mission":
            return Residency(RESIDENT, "residency.japanese_mission")
        why = _abroad_non_resident_because(recipient, day, years)
        if why:
            return Residency(NON_RESIDENT, "residency.abroad_japanese_non_resident", {"why": why})
        return Residency(RESIDENT, "residency.abroad_japanese_resident")

    if japanese:
        ret = recipient.returned_on
        if ret is not None:
            why = _abroad_non_resident_because(recipient, ret, years)
            if why:
                until = period_passed_on(ret, months=months)
                params = {"returned": ret, "until": until, "why": why}
                if day < until:
                    return Residency(NON_RESIDENT, "residency.returned_non_resident", params)
                return Residency(RESIDENT, "residency.returned_resident", params)
        return Residency(RESIDENT, "residency.japanese_national")

    # a foreign national, or nationality unknown (treated as foreign)
    if recipient.official_status in OFFICIAL_NON_RESIDENT:
        return Residency(NON_RESIDENT, "residency.foreign_official")
    emp = recipient.employment_in_japan
    employed = _employed_on(recipient, day)
    if employed and emp is not None and emp.form not in ASSISTANT_FORMS:
        return Residency(RESIDENT, "residency.employed", {"since": emp.since, "form": emp.form})
    entered = recipient.entered_japan_on
    if entered is not None:
        resident_from = period_passed_on(entered, months=months)
        params = {"entered": entered, "from": resident_from}
        if day >= resident_from:
            return Residency(RESIDENT, "residency.six_months", params)
        if employed and emp is not None:
            params.update(since=emp.since, form=emp.form)
            return Residency(UNSETTLED, "residency.assistant_unsettled", params)
        return Residency(NON_RESIDENT, "residency.under_six_months", params)
    if employed and emp is not None:
        return Residency(
            UNSETTLED, "residency.assistant_unsettled", {"since": emp.since, "form": emp.form}
        )
    return Residency(UNKNOWN, "residency.unknown")


def _abroad_non_resident_because(recipient: Recipient, day: dt.date, years: int) -> str | None:
    """Why a Japanese national abroad is (was, on ``day``) a non-resident, or None."""
    if recipient.abroad_purpose == "work":
        return "work"
    if recipient.intended_stay_years is not None and recipient.intended_stay_years >= years:
        return "intended_stay"
    left = recipient.left_japan_on
    if left is not None and day >= period_passed_on(left, years=years):
        return "two_years"
    return None


def change_candidates(recipient: Recipient, as_of: dt.date, rs: RuleSet) -> list[dt.date]:
    """The days after ``as_of`` on which residency may change by itself (policy §2)."""
    months, years = rs.residency_months, rs.abroad_years
    days: set[dt.date] = set()
    if recipient.entered_japan_on is not None:
        days.add(period_passed_on(recipient.entered_japan_on, months=months))
    emp = recipient.employment_in_japan
    if emp is not None:
        days.add(emp.since)
        if emp.until is not None and emp.until >= as_of and emp.until < dt.date.max:
            days.add(emp.until + dt.timedelta(days=1))
    if recipient.left_japan_on is not None:
        days.add(period_passed_on(recipient.left_japan_on, years=years))
    if recipient.returned_on is not None:
        days.add(period_passed_on(recipient.returned_on, months=months))
    return sorted(d for d in days if d > as_of)


def review_on(recipient: Recipient, as_of: dt.date, rs: RuleSet) -> dt.date | None:
    """The first day after ``as_of`` on which residency changes by itself; None when none does."""
    now = residency_on(recipient, as_of, rs).state
    for day in change_candidates(recipient, as_of, rs):
        if residency_on(recipient, day, rs).state != now:
            return day
    return None


FORM_LABELS = {
    "full_time": ("常勤", "full-time employee"),
    "part_time": ("非常勤", "part-time employee"),
    "research_assistant": ("RA（リサーチ・アシスタント）", "research assistant"),
    "teaching_assistant": ("TA（ティーチング・アシスタント）", "teaching assistant"),
}
WHY_ABROAD = {
    "work": ("外国の事務所に勤務する目的で出国した", "left Japan to work abroad"),
    "intended_stay": (
        "2年以上外国に滞在する目的で出国した",
        "intends to stay abroad two years or more",
    ),
    "two_years": ("出国から2年以上経過した", "has been abroad two years or more"),
}


def residency_reason(r: Residency) -> Reason:
    p = dict(r.params)
    if "form" in p:
        p["form_ja"], p["form_en"] = FORM_LABELS[p["form"]]
    if "why" in p:
        p["why_ja"], p["why_en"] = WHY_ABROAD[p["why"]]
    return reason(r.code, **p)
