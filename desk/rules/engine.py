"""The assessment engine: one answer per case, by the procedure of engine-policy.md.

``assess(case, lists=...)`` screens the names, works out residency, specific
categories and whether the provision is controlled, then decides in the policy's
order (§5.0 overlays, §5.1 exemptions, §5.2 sanctions, §5.3–§5.5 classification and
catch-all), re-judges with each unsettled fact set the other way (§5.6), grades the
risk (§6) and explains every step (§7). Pure: no I/O beyond the rule-set file.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from desk.domain.case import Case
from desk.rules import residency as res
from desk.rules.answer import (
    SEVERE,
    SEVERITY,
    Assessment,
    ExemptionResult,
    RecipientStatus,
)
from desk.rules.catchall import _catchall
from desk.rules.categories import _Specific, _specific
from desk.rules.exemptions import BASIS_LABELS, _claim_key, _exemption
from desk.rules.facts import ITEM16, _Facts, _Verdict
from desk.rules.listhits import _screen, matcher_for
from desk.rules.reasons import Reason, reason
from desk.rules.residency import _residency_reason
from desk.rules.risk import _risk
from desk.rules.ruleset import RuleSet, select_ruleset
from desk.screening import ScreeningList

MAX_VARIANTS = 256


# --------------------------------------------------------------------------- judging


def _scope(deemed: Iterable[str], rs: RuleSet) -> str:
    countries = set(deemed)
    if countries & rs.un_arms_embargo:
        return "un"
    if countries - rs.group_a:
        return "general"
    return "group_a"


SCOPE_LABELS = {
    "un": ("国連武器禁輸国（輸出令別表第3の2）", "UN arms-embargo country"),
    "general": ("一般国", "general country"),
    "group_a": ("グループA（輸出令別表第3）", "Group A"),
}


def _judge(
    f: _Facts,
    *,
    residency: str,
    matched: frozenset[tuple[str, str]],
    accepted_unsettled: frozenset[int],
) -> _Verdict:
    case, rs = f.case, f.rs
    rec, tech, prov = case.recipient, case.technology, case.provision
    reasons: list[Reason] = []
    resident = residency == res.RESIDENT
    person = rec.kind == "person"
    sp = f.specific if (resident and person) else _Specific()
    types = sp.types

    # §4 controlled?
    because: list[str] = []
    abroad = prov.place == "abroad" or rec.effective_location == "abroad"
    if abroad:
        because.append("place_abroad")
    if not resident:
        because.append("non_resident")
    because += [f"specific_category_{t}" for t in types]
    if prov.re_provision_evident:
        because.append("re_provision")
    if "media_carried_abroad" in prov.channels:
        because.append("media_abroad")

    matches = [s.hit for s in f.hits if (s.hit.list, s.hit.entry) in matched]
    deemed: set[str] = set()
    if prov.place == "abroad" and prov.country:
        deemed.add(prov.country)
    if (rec.effective_location == "abroad" or not person) and rec.country:
        deemed.add(rec.country)
    if person and not resident:
        deemed.update(rec.nationalities)
    deemed.update(a.country for a in rec.affiliations if a.country)
    deemed.update(h.country for h in matches)
    deemed.update(sp.influencing)
    if prov.re_provision_country:
        deemed.add(prov.re_provision_country)
    deemed.discard("JP")
    deemed_list = sorted(deemed)
    unknown_why: list[tuple[str, str]] = []
    if not deemed:
        unknown_why.append(("仕向地とみなす国がない", "no deemed country"))
    if types and sp.unknown_influence:
        unknown_why.append(
            (
                "特定類型の影響国が記録されていない",
                "the influencing country of a specific category is not recorded",
            )
        )
    if prov.re_provision_evident and not prov.re_provision_country:
        unknown_why.append(
            ("再提供先の国が記録されていない", "the re-provision country is not recorded")
        )
    destination_unknown = bool(unknown_why)

    v = _Verdict(
        "", because, types, deemed_list, destination_unknown, reasons, has_match=bool(matches)
    )

    for m in matches:
        reasons.append(
            reason(
                "screening.match",
                list_cite=f"{m.list} {m.list_version}".strip(),
                query=m.query,
                list=m.list,
                entry=m.entry,
                name=m.name,
                country=m.country,
                categories=list(m.categories),
                score=f"{m.score:.2f}",
            )
        )
    if resident and person:
        reasons += sp.tie_reasons
        reasons += sp.other_reasons
        if sp.status_unknown:
            reasons.append(reason("specific.status_unknown"))
        elif not types:
            reasons.append(reason("specific.none"))

    # §5.0 nationality overlays: first, whatever else holds
    nationalities = set(rec.nationalities)
    for country in sorted((nationalities | deemed) & rs.nationality_stop):
        reasons.append(
            reason(
                "overlay.nationality_stop",
                table=f"rule set {rs.id} {rs.version}: {rs.nationality_table}",
                country=country,
            )
        )
        v.outcome = "STOP"
        return v
    for teach in rs.specialised_teaching:
        overlap = teach.concern_relevance_any & set(tech.concern_relevance)
        if teach.country in nationalities and overlap:
            code = (
                "overlay.specialised_teaching_stop"
                if teach.country in deemed
                else "overlay.specialised_teaching_hold"
            )
            reasons.append(
                reason(
                    code,
                    table=f"rule set {rs.id} {rs.version}: {rs.nationality_table}",
                    country=teach.country,
                    concerns=sorted(overlap),
                )
            )
            v.outcome = "STOP" if teach.country in deemed else "HOLD"
            return v

    valid = [
        e
        for i, e in enumerate(f.exemptions)
        if e.state == "accepted" or (e.state == "unsettled" and i in accepted_unsettled)
    ]
    v.valid_bases = tuple(dict.fromkeys(e.claim.basis for e in valid))

    def exempt() -> _Verdict:
        ja = "、".join(BASIS_LABELS[b][0] for b in v.valid_bases)
        en = ", ".join(BASIS_LABELS[b][1] for b in v.valid_bases)
        cites = "; ".join(dict.fromkeys(BASIS_LABELS[b][2] for b in v.valid_bases))
        reasons.append(reason("exemption.applies", bases_ja=ja, bases_en=en, citation=cites))
        v.outcome = "EXEMPT"
        return v

    if not because:
        reasons.append(reason("controlled.none"))
        reasons.extend(e.reason for e in f.exemptions)
        if person and resident and sp.status_unknown:
            if tech.classification in ("listed", "undetermined"):
                if valid:
                    return exempt()
                reasons.append(reason("status_unknown.hold"))
                v.outcome = "HOLD"
                return v
            reasons.append(reason("status_unknown.item16"))
        v.outcome = "NOT_APPLICABLE"
        return v

    for code in because:
        if code.startswith("specific_category_"):
            continue
        reasons.append(reason(f"controlled.{code}"))
    if types:
        reasons.append(reason("controlled.specific_category", types=list(types)))
    scope = _scope(deemed, rs) if deemed else None
    if deemed:
        s_ja = s_en = ""
        if tech.classification in ITEM16:
            label_ja, label_en = SCOPE_LABELS[scope or "general"]
            s_ja = f"キャッチオールの判定は最も厳しい区分（{label_ja}）による。"
            s_en = f" The catch-all uses the strictest: {label_en}."
        reasons.append(
            reason("deemed.countries", countries=deemed_list, scope_ja=s_ja, scope_en=s_en)
        )
    if destination_unknown:
        reasons.append(
            reason(
                "deemed.unknown",
                why_ja="、".join(w[0] for w in unknown_why),
                why_en="; ".join(w[1] for w in unknown_why),
            )
        )

    # §5.1 exemptions
    reasons.extend(e.reason for e in f.exemptions)
    if valid:
        return exempt()

    # §5.2 sanctions overlays
    item16 = tech.classification in ITEM16
    listed = tech.classification == "listed"
    relevance = set(tech.concern_relevance)
    worst: tuple[str, Reason] | None = None
    for ov in rs.sanctions:
        if ov.country not in deemed:
            continue
        for rule in ov.rules:
            tech_ok = (
                rule.technology == "any"
                or (rule.technology == "listed" and listed)
                or (rule.technology == "item16" and item16)
            )
            concern_ok = not rule.concern_relevance_any or bool(
                rule.concern_relevance_any & relevance
            )
            if not (tech_ok and concern_ok):
                continue
            if listed and rule.technology != "item16":
                what = ("リスト規制技術", "the technology is listed")
            elif rule.concern_relevance_any:
                shared = sorted(rule.concern_relevance_any & relevance)
                what = (
                    f"技術が懸念用途（{'、'.join(shared)}）に関連する",
                    f"the technology is relevant to {', '.join(shared)}",
                )
            else:
                what = ("16項技術", "the technology is item-16")
            notice = f"; {ov.notice}" if ov.notice else ""
            code = "sanctions.stop" if rule.outcome == "STOP" else "sanctions.hold"
            r = reason(
                code,
                table=f"rule set {rs.id} {rs.version}: {rs.sanctions_table}",
                notice=notice,
                country=ov.country,
                what_ja=what[0],
                what_en=what[1],
            )
            if worst is None or SEVERITY[rule.outcome] > SEVERITY[worst[0]]:
                worst = (rule.outcome, r)
    if worst is not None:
        reasons.append(worst[1])
        v.outcome = worst[0]
        return v

    # §5.3 undetermined
    if tech.classification == "undetermined":
        reasons.append(reason("classification.undetermined"))
        v.outcome = "HOLD"
        return v

    # §5.4 listed
    if listed:
        reasons.append(reason("listed.license_required", item=tech.item))
        v.outcome = "LICENSE_REQUIRED"
        return v

    # §5.5 catch-all
    return _catchall(v, f, scope, matches, unknown_why)


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
    hits, cleared = _screen(case, matcher)
    residency = res.residency_on(case.recipient, as_of, rs)
    f = _Facts(
        case=case,
        as_of=as_of,
        rs=rs,
        residency=residency,
        specific=_specific(case, rs),
        hits=hits,
        cleared=cleared,
        exemptions=[
            _exemption(c, case) for c in sorted(case.technology.exemptions, key=_claim_key)
        ],
        lists={lst.id: lst.version for lst in matcher.lists},
    )
    matched = frozenset((s.hit.list, s.hit.entry) for s in hits if s.hit.band == "match")
    base = _judge(f, residency=residency.state, matched=matched, accepted_unsettled=frozenset())
    outcome = base.outcome
    extra: list[Reason] = []

    # §5.6 unknowns: judge again with each unsettled fact set the other way
    # (kind, what_ja, what_en, alternatives); the kind, never the label, says what is
    # flipped: a screened name may contain any word ("… exemption office").
    factors: list[tuple[str, str, str, list[Any]]] = []
    if residency.state in (res.UNKNOWN, res.UNSETTLED):
        factors.append(("residency", "居住性", "residency", [residency.state, res.RESIDENT]))
    review = [s.hit for s in hits if s.hit.band == "review" and s.relevant]
    for h in review:
        factors.append(
            (
                "review_hit",
                f"{h.list} {h.entry}番との同一性",
                f"whether {h.query!r} is {h.list} entry {h.entry}",
                [frozenset(), frozenset({(h.list, h.entry)})],
            )
        )
    unsettled = [i for i, e in enumerate(f.exemptions) if e.state == "unsettled"]
    for i in unsettled:
        basis = f.exemptions[i].claim.basis
        factors.append(
            (
                "exemption",
                f"例外「{BASIS_LABELS[basis][0]}」の適用",
                f"whether the {BASIS_LABELS[basis][1]} exemption applies",
                [frozenset(), frozenset({i})],
            )
        )
    if (
        len(factors) > 8
    ):  # keep the re-judging bounded: flip the review hits and the claims together
        all_review = frozenset((h.list, h.entry) for h in review)
        grouped: list[tuple[str, str, str, list[Any]]] = [x for x in factors if x[0] == "residency"]
        if review:
            grouped.append(
                (
                    "review_hit",
                    "類似ヒットとの同一性",
                    "whether the review-band hits are the listed entities",
                    [frozenset(), all_review],
                )
            )
        if unsettled:
            grouped.append(
                (
                    "exemption",
                    "未確定の例外の適用",
                    "whether the unsettled exemptions apply",
                    [frozenset(), frozenset(unsettled)],
                )
            )
        factors = grouped
    if factors:
        answers = {outcome}
        by_combo: dict[tuple[int, ...], str] = {}
        choices = [range(len(alts)) for _, _, _, alts in factors]
        for combo in itertools.product(*choices):
            if not any(combo):  # every fact as recorded: the base judgement
                by_combo[combo] = outcome
                continue
            r_state = residency.state
            extra_matches: set[tuple[str, str]] = set()
            accepted: set[int] = set()
            for (kind, _, _, alts), pick in zip(factors, combo, strict=True):
                value = alts[pick]
                if kind == "residency":
                    r_state = value
                elif kind == "exemption":
                    accepted |= value
                else:
                    extra_matches |= value
            variant = _judge(
                f,
                residency=r_state,
                matched=matched | extra_matches,
                accepted_unsettled=frozenset(accepted),
            )
            by_combo[combo] = variant.outcome
            answers.add(variant.outcome)
        if len(answers) > 1 and answers & SEVERE:
            worst = max(answers, key=SEVERITY.__getitem__)
            ordered = sorted(answers, key=SEVERITY.__getitem__)
            # name what is missing: the facts whose other value changes an answer
            missing = [
                x
                for i, x in enumerate(factors)
                if any(by_combo[c] != by_combo[(*c[:i], 1 - c[i], *c[i + 1 :])] for c in by_combo)
            ] or factors
            extra.append(
                reason(
                    "unknowns.hold",
                    what_ja="、".join(x[1] for x in missing),
                    what_en="; ".join(x[2] for x in missing),
                    outcomes=ordered,
                    worst=worst,
                )
            )
            outcome = "HOLD"

    risk = "R2" if outcome == "HOLD" else _risk(outcome, base, f)
    review_day = res.review_on(case.recipient, as_of, rs)

    reasons: list[Reason] = []
    if not rs.effective <= as_of:
        reasons.append(
            reason("ruleset.not_in_force", as_of=as_of, version=rs.version, effective=rs.effective)
        )
    reasons.append(_residency_reason(residency))
    for s in hits:
        if s.hit.band == "review":
            code = "screening.review" if s.relevant else "screening.review_other_country"
            reasons.append(
                reason(
                    code,
                    list_cite=f"{s.hit.list} {s.hit.list_version}".strip(),
                    query=s.hit.query,
                    list=s.hit.list,
                    entry=s.hit.entry,
                    name=s.hit.name,
                    country=s.hit.country,
                    score=f"{s.hit.score:.2f}",
                )
            )
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
