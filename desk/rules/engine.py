"""The assessment engine: runs the steps of engine-policy.md in order, one answer per case.

Each step lives in its own module, named after the policy's section (``docs/rules.md``
has the table): screening §1 :mod:`~desk.rules.listhits`, residency §2
:mod:`~desk.rules.residency`, specific categories §3 :mod:`~desk.rules.categories`,
controlled? §4 :mod:`~desk.rules.controlled`, then the order of decision §5:
nationality overlays §5.0 :mod:`~desk.rules.overlays`, exemptions §5.1
:mod:`~desk.rules.exemptions`, sanctions §5.2 :mod:`~desk.rules.sanctions`,
classification §5.3–§5.4 :mod:`~desk.rules.classification`, catch-all §5.5
:mod:`~desk.rules.catchall`, unknowns §5.6 :mod:`~desk.rules.unknowns`; risk grade §6
:mod:`~desk.rules.risk`; reasons §7 :mod:`~desk.rules.reasons` and the answer
:mod:`~desk.rules.answer`. This module only gathers the facts, calls the steps in that
order and puts the reasons together. Pure: no I/O beyond the rule-set file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from desk.domain.case import Case
from desk.rules import controlled
from desk.rules import residency as res
from desk.rules.answer import Assessment, ExemptionResult, RecipientStatus
from desk.rules.catchall import catchall
from desk.rules.categories import Specific, category_reasons, specific_categories
from desk.rules.classification import by_classification
from desk.rules.exemptions import check_claim, claim_key, exemption_applies, valid_claims
from desk.rules.facts import Facts, Verdict
from desk.rules.listhits import match_reasons, matcher_for, review_reasons, screen_case
from desk.rules.overlays import nationality_overlay
from desk.rules.reasons import Reason, reason
from desk.rules.residency import residency_reason
from desk.rules.risk import risk_grade
from desk.rules.ruleset import RuleSet, select_ruleset
from desk.rules.sanctions import sanctions_overlay
from desk.rules.unknowns import rejudge
from desk.screening import ScreeningList

# --------------------------------------------------------------------------- §4–§5.5


def judge(
    f: Facts,
    *,
    residency: str,
    matched: frozenset[tuple[str, str]],
    accepted_unsettled: frozenset[int],
) -> Verdict:
    """One judgement (§4, §5.0–§5.5) with these values of the unsettled facts (§5.6)."""
    rec = f.case.recipient
    resident = residency == res.RESIDENT
    person = rec.kind == "person"
    sp = f.specific if (resident and person) else Specific()
    matches = [s.hit for s in f.hits if (s.hit.list, s.hit.entry) in matched]
    ctl = controlled.establish(f, sp, resident=resident, matches=matches)  # §4
    v = Verdict(
        "",
        ctl.because,
        sp.types,
        sorted(ctl.deemed),
        bool(ctl.unknown_why),
        [],
        has_match=bool(matches),
    )
    v.reasons += match_reasons(matches)  # §1
    if resident and person:
        v.reasons += category_reasons(sp)  # §3

    if nationality_overlay(v, f):  # §5.0, first, whatever else holds
        return v
    valid = valid_claims(f.exemptions, accepted_unsettled)
    v.valid_bases = tuple(dict.fromkeys(e.claim.basis for e in valid))
    if not ctl.because:
        return controlled.not_controlled(v, f, sp, resident_person=person and resident, valid=valid)
    controlled.explain(v, ctl, f)

    v.reasons.extend(e.reason for e in f.exemptions)  # §5.1
    if valid:
        v.reasons.append(exemption_applies(v.valid_bases))
        v.outcome = "EXEMPT"
        return v
    if sanctions_overlay(v, f):  # §5.2
        return v
    if by_classification(v, f):  # §5.3, §5.4
        return v
    return catchall(v, f, ctl.scope, matches, ctl.unknown_why)  # §5.5


# --------------------------------------------------------------------------- public API


def assess(
    case: Case,
    *,
    lists: Sequence[ScreeningList],
    ruleset: RuleSet | None = None,
    today: dt.date | None = None,
) -> Assessment:
    """Judge ``case`` on its ``as_of`` (``today`` when the case leaves it open)."""
    as_of = case.judged_on(today)
    rs = ruleset or select_ruleset(as_of)
    matcher = matcher_for(lists)
    hits, cleared = screen_case(case, matcher)
    residency = res.residency_on(case.recipient, as_of, rs)
    f = Facts(
        case=case,
        as_of=as_of,
        rs=rs,
        residency=residency,
        specific=specific_categories(case, rs, as_of),
        hits=hits,
        cleared=cleared,
        exemptions=[
            check_claim(c, case) for c in sorted(case.technology.exemptions, key=claim_key)
        ],
        lists={lst.id: lst.version for lst in matcher.lists},
    )
    matched = frozenset((s.hit.list, s.hit.entry) for s in hits if s.hit.band == "match")
    base = judge(f, residency=residency.state, matched=matched, accepted_unsettled=frozenset())
    outcome, extra = rejudge(f, base.outcome, matched=matched, judge=judge)

    risk = "R2" if outcome == "HOLD" else risk_grade(outcome, base, f)
    review_day = res.review_on(case.recipient, as_of, rs)

    reasons: list[Reason] = []
    if not rs.effective <= as_of:
        reasons.append(
            reason("ruleset.not_in_force", as_of=as_of, version=rs.version, effective=rs.effective)
        )
    reasons.append(residency_reason(residency))
    reasons += review_reasons(hits)
    reasons += cleared
    reasons += base.reasons
    reasons += [e.reason for e in f.exemptions if e.reason not in reasons]
    reasons += extra
    if review_day is not None:
        reasons.append(reason("residency.review_on", date=review_day))
        if case.provision.date is not None and case.provision.date > review_day:
            reasons.append(
                reason("provision.after_review_on", date=case.provision.date, review_on=review_day)
            )

    resident = residency.state == res.RESIDENT
    status = RecipientStatus(
        resident=resident,
        residency=residency.state,
        specific_categories=base.types,
        treated_as_non_resident=(not resident) or bool(base.types),
        deemed_countries=tuple(base.deemed),
        destination_unknown=base.destination_unknown,
    )
    return Assessment(
        id=case.id,
        as_of=as_of,
        outcome=outcome,
        risk=risk,
        recipient_status=status,
        controlled_because=tuple(base.because),
        exemptions=tuple(
            ExemptionResult(
                basis=e.claim.basis,
                accepted=e.state == "accepted",
                state=e.state,
                reason_en=e.reason.text_en,
                reason_ja=e.reason.text_ja,
            )
            for e in f.exemptions
        ),
        list_hits=tuple(s.hit for s in hits),
        review_on=review_day,
        reasons=tuple(reasons),
        ruleset=(rs.id, rs.version),
        lists=tuple((lst.id, lst.version) for lst in matcher.lists),
    )


def review_date(
    case: Case, *, ruleset: RuleSet | None = None, today: dt.date | None = None
) -> dt.date | None:
    """The first day after the case's ``as_of`` on "
    "which the recipient's residency changes by itself."""
    as_of = case.judged_on(today)
    rs = ruleset or select_ruleset(as_of)
    return res.review_on(case.recipient, as_of, rs)


def is_due(
    case: Case, on: dt.date, *, ruleset: RuleSet | None = None, today: dt.date | None = None
) -> bool:
    """Whether residency changes by itself between the case's ``as_of`` and ``on`` (inclusive)."""
    day = review_date(case, ruleset=ruleset, today=today)
    return day is not None and day <= on
