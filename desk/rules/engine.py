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
from dataclasses import dataclass, field
from typing import Any

from desk.domain.case import WMD_CONCERNS, Case, ExemptionClaim, Recipient
from desk.rules import residency as res
from desk.rules.reasons import Reason, reason
from desk.rules.ruleset import RuleSet, select_ruleset
from desk.screening import Hit, Matcher, ScreeningList

OUTCOMES = (
    "NOT_APPLICABLE",
    "NOT_LISTED_NO_TRIGGER",
    "EXEMPT",
    "HOLD",
    "LICENSE_REQUIRED",
    "LICENSE_REQUIRED_CATCHALL",
    "STOP",
)
SEVERE = frozenset({"LICENSE_REQUIRED", "LICENSE_REQUIRED_CATCHALL", "STOP"})
SEVERITY = {o: i for i, o in enumerate(OUTCOMES)}
ITEM16 = ("below_threshold", "not_on_list")
CONTRACT_TIES = ("employment", "mandate", "appointment", "contract_other")
FOREIGN_PRINCIPALS = ("foreign_government", "foreign_entity")
MAX_VARIANTS = 256

BASIS_LABELS = {
    "public_domain": ("公知の技術", "public-domain", "貿易外省令 9条2項9号"),
    "publication": ("公知化を目的とする提供", "publication", "貿易外省令 9条2項9号"),
    "fundamental_research": (
        "基礎科学分野の研究活動",
        "fundamental-research",
        "貿易外省令 9条2項10号",
    ),
    "patent_filing": ("工業所有権の出願・登録", "patent-filing", "貿易外省令 9条2項11号"),
    "minimum_use_technology": (
        "貨物の使用に必要な最小限の技術",
        "minimum use-technology",
        "貿易外省令 9条2項",
    ),
    "commercial_software": ("市販プログラム", "commercial-software", "貿易外省令 9条2項"),
}
FORM_LABELS = {
    "full_time": ("常勤", "full-time employee"),
    "part_time": ("非常勤", "part-time employee"),
    "research_assistant": ("RA（リサーチ・アシスタント）", "research assistant"),
    "teaching_assistant": ("TA（ティーチング・アシスタント）", "teaching assistant"),
}
TIE_LABELS = {
    "employment": ("雇用", "employment"),
    "mandate": ("委任", "mandate"),
    "appointment": ("任用", "appointment"),
    "contract_other": ("請負その他の", "other"),
}
WHY_ABROAD = {
    "work": ("外国の事務所に勤務する目的で出国した", "left Japan to work abroad"),
    "intended_stay": (
        "2年以上外国に滞在する目的で出国した",
        "intends to stay abroad two years or more",
    ),
    "two_years": ("出国から2年以上経過した", "has been abroad two years or more"),
}


# --------------------------------------------------------------------------- the answer


@dataclass(frozen=True)
class ExemptionResult:
    basis: str
    accepted: bool
    state: str  # "accepted" | "rejected" | "unsettled"
    reason_en: str
    reason_ja: str

    def to_json(self) -> dict[str, Any]:
        return {"basis": self.basis, "accepted": self.accepted, "reason": self.reason_en}


@dataclass(frozen=True)
class ListHit:
    list: str
    entry: str
    name: str
    score: float
    categories: tuple[str, ...]
    band: str  # "match" | "review"
    country: str
    query: str
    list_version: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "list": self.list,
            "entry": self.entry,
            "name": self.name,
            "score": round(self.score, 4),
            "categories": list(self.categories),
        }


@dataclass(frozen=True)
class RecipientStatus:
    resident: bool
    residency: str  # resident | non_resident | unknown | unsettled
    specific_categories: tuple[int, ...]
    treated_as_non_resident: bool
    deemed_countries: tuple[str, ...]
    destination_unknown: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "resident": self.resident,
            "specific_categories": list(self.specific_categories),
            "treated_as_non_resident": self.treated_as_non_resident,
            "deemed_countries": list(self.deemed_countries),
        }


@dataclass(frozen=True)
class Assessment:
    id: str
    as_of: dt.date
    outcome: str
    risk: str
    recipient_status: RecipientStatus
    controlled_because: tuple[str, ...]
    exemptions: tuple[ExemptionResult, ...]
    list_hits: tuple[ListHit, ...]
    review_on: dt.date | None
    reasons: tuple[Reason, ...]
    ruleset: tuple[str, str]
    lists: tuple[tuple[str, str], ...]

    def to_json(self) -> dict[str, Any]:
        """The answer as case-format.md "What the engine answers" spells it."""
        return {
            "id": self.id,
            "outcome": self.outcome,
            "risk": self.risk,
            "recipient_status": self.recipient_status.to_json(),
            "controlled_because": list(self.controlled_because),
            "exemptions": [e.to_json() for e in self.exemptions],
            "list_hits": [h.to_json() for h in self.list_hits],
            "review_on": self.review_on.isoformat() if self.review_on else None,
            "reasons": [r.to_json() for r in self.reasons],
            "ruleset": {"id": self.ruleset[0], "version": self.ruleset[1]},
            "lists": [{"id": i, "version": v} for i, v in self.lists],
        }

    @property
    def reason_codes(self) -> list[str]:
        return [r.code for r in self.reasons]


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class _Screened:
    """One list entry hit by one or more of the case's names (best score kept)."""

    hit: ListHit
    relevant: bool  # a review-band hit that counts in §5.6


@dataclass
class _Specific:
    """What the ties and the declaration say (policy §3), for a resident person."""

    types: tuple[int, ...] = ()
    tie_reasons: list[Reason] = field(default_factory=list)
    influencing: set[str] = field(default_factory=set)
    unknown_influence: bool = False
    status_unknown: bool = False
    other_reasons: list[Reason] = field(default_factory=list)


@dataclass
class _Exemption:
    claim: ExemptionClaim
    state: str  # accepted | rejected | unsettled
    reason: Reason


@dataclass
class _Facts:
    case: Case
    as_of: dt.date
    rs: RuleSet
    residency: res.Residency
    specific: _Specific
    hits: list[_Screened]
    cleared: list[Reason]
    exemptions: list[_Exemption]
    lists: dict[str, str]


@dataclass
class _Verdict:
    outcome: str
    because: list[str]
    types: tuple[int, ...]
    deemed: list[str]
    destination_unknown: bool
    reasons: list[Reason]
    clear_finding_used: bool = False
    valid_bases: tuple[str, ...] = ()
    has_match: bool = False


# --------------------------------------------------------------------------- screening


class _CachedMatcher:
    """A Matcher with its answers remembered: the same names recur across cases."""

    def __init__(self, lists: Sequence[ScreeningList]):
        self.lists = tuple(lists)
        self.matcher = Matcher(self.lists)
        self.memo: dict[tuple[str, str | None], list[Hit]] = {}

    def screen(self, name: str, country: str | None) -> list[Hit]:
        key = (name, country)
        found = self.memo.get(key)
        if found is None:
            found = self.matcher.screen(name, country)
            if len(self.memo) > 50_000:
                self.memo.clear()
            self.memo[key] = found
        return found


_MATCHERS: dict[tuple[int, ...], _CachedMatcher] = {}


def matcher_for(lists: Sequence[ScreeningList]) -> _CachedMatcher:
    key = tuple(id(lst) for lst in lists)
    cached = _MATCHERS.get(key)
    if cached is None or cached.lists != tuple(lists):
        if len(_MATCHERS) > 8:
            _MATCHERS.clear()
        cached = _CachedMatcher(lists)
        _MATCHERS[key] = cached
    return cached


def _screened_names(rec: Recipient) -> list[tuple[str, frozenset[str], str | None]]:
    """(name, countries recorded for it, country passed to the matcher)."""
    own = frozenset(rec.nationalities) | ({rec.country} if rec.country else set())
    own_hint = rec.country or (rec.nationalities[0] if len(rec.nationalities) == 1 else None)
    names = [(rec.name, own, own_hint)]
    if rec.name_latin:
        names.append((rec.name_latin, own, own_hint))
    for aff in rec.affiliations:
        names.append(
            (aff.name, frozenset({aff.country}) if aff.country else frozenset(), aff.country)
        )
    for tie in rec.ties:
        if tie.counterparty:
            names.append(
                (
                    tie.counterparty,
                    frozenset({tie.country}) if tie.country else frozenset(),
                    tie.country,
                )
            )
    return [n for n in names if n[0].strip()]


def _screen(case: Case, matcher: _CachedMatcher) -> tuple[list[_Screened], list[Reason]]:
    rec = case.recipient
    cleared_keys = {(c.list, c.entry): c for c in rec.cleared_hits}
    best: dict[tuple[str, str], tuple[ListHit, bool]] = {}
    cleared: dict[tuple[str, str], Reason] = {}
    for name, countries, hint in _screened_names(rec):
        for hit in matcher.screen(name, hint):
            if hit.band not in ("match", "review"):
                continue
            key = (hit.list_id, hit.entry)
            if key in cleared_keys:
                c = cleared_keys[key]
                cleared[key] = reason(
                    "screening.cleared", list=hit.list_id, entry=hit.entry, why=c.reason or "—"
                )
                continue
            relevant = not countries or hit.entry_country in countries
            lh = ListHit(
                list=hit.list_id,
                entry=hit.entry,
                name=hit.entry_name,
                score=float(hit.score),
                categories=tuple(hit.categories),  # empty for lists without categories
                band=hit.band,
                country=hit.entry_country,
                query=name,
                list_version=hit.list_version,
            )
            old = best.get(key)
            if old is None or lh.score > old[0].score:
                best[key] = (lh, relevant or (old is not None and old[1]))
            elif relevant:
                best[key] = (old[0], True)
    out = [_Screened(h, rel) for h, rel in best.values()]
    out.sort(key=lambda s: (-s.hit.score, s.hit.list, s.hit.entry))
    return out, [cleared[k] for k in sorted(cleared)]


# --------------------------------------------------------------------------- specific categories


def _specific(case: Case, rs: RuleSet) -> _Specific:
    rec = case.recipient
    sp = _Specific()
    from_ties: dict[int, list[str | None]] = {}
    for tie in sorted(rec.ties, key=_tie_key):
        t: int | None = None
        params: dict[str, Any] = {
            "counterparty": tie.counterparty or "—",
            "country": tie.country or "—",
        }
        if tie.type in CONTRACT_TIES:
            if (
                tie.counterparty_kind in FOREIGN_PRINCIPALS
                and tie.follows_directions
                and not tie.priority_agreement
            ):
                t = 1
                params.update(tie_ja=TIE_LABELS[tie.type][0], tie_en=TIE_LABELS[tie.type][1])
        elif tie.type == "funding":
            timely = tie.timing == "current" or tie.repayment_waived
            share = tie.share_of_income
            big = share is None or share >= rs.type2_share_of_income
            if (
                tie.counterparty_kind == "foreign_government"
                and tie.paid_to == "person"
                and timely
                and big
            ):
                t = 2
                if share is None:
                    params.update(
                        share_ja="年収に占める割合が不明な額（②として扱う）",
                        share_en="share of income unknown",
                    )
                else:
                    params.update(
                        share_ja=f"年収の{share:.0%}に当たる額",
                        share_en=f"{share:.0%} of annual income",
                    )
        elif tie.type == "instruction" and tie.counterparty_kind == "foreign_government":
            t = 3
        if t is not None:
            from_ties.setdefault(t, []).append(tie.country)
            sp.tie_reasons.append(reason(f"specific.type{t}", **params))
            if tie.country is None:
                sp.unknown_influence = True
                sp.other_reasons.append(
                    reason(
                        "specific.tie_without_country",
                        types=[t],
                        counterparty=tie.counterparty or "—",
                    )
                )
            else:
                sp.influencing.add(tie.country)
    decl = rec.declaration
    declared = set(decl.types) if decl else set()
    sp.types = tuple(sorted(set(from_ties) | declared))
    declared_only = sorted(declared - set(from_ties))
    if declared_only and decl is not None:
        sp.unknown_influence = True
        sp.other_reasons.append(
            reason("specific.declared", types=declared_only, declared_on=decl.declared_on)
        )
    if decl is not None:
        denied = sorted(set(from_ties) - declared)
        if denied:
            sp.other_reasons.append(
                reason("specific.declaration_mismatch", types=denied, declared_on=decl.declared_on)
            )
    if decl is None and not rec.ties:
        sp.status_unknown = True
    return sp


def _tie_key(tie: Any) -> tuple[str, ...]:
    return tuple(
        str(getattr(tie, f)) for f in ("type", "counterparty_kind", "country", "counterparty")
    )


# --------------------------------------------------------------------------- exemptions


def _exemption(claim: ExemptionClaim, case: Case) -> _Exemption:
    tech = case.technology
    fails_ja: list[str] = []
    fails_en: list[str] = []

    def need(ok: bool | None, ja: str, en: str) -> None:
        if not ok:
            fails_ja.append(ja)
            fails_en.append(en)

    b = claim.basis
    if b == "public_domain":
        need(
            claim.covers_all_content,
            "提供内容の一部が公知ではない（covers_all_content が false）",
            "covers_all_content is false: part of the content is not public",
        )
    elif b == "publication":
        need(
            claim.audience == "open",
            "対象者が限定されている（audience が restricted）",
            "audience is restricted, not open to an unspecified public",
        )
        need(
            claim.covers_all_content,
            "提供内容の一部が公知化の対象ではない（covers_all_content が false）",
            "covers_all_content is false",
        )
    elif b == "fundamental_research":
        need(
            claim.aims_at_natural_principles,
            "自然現象の原理の解明を主目的としていない（aims_at_natural_principles が false）",
            "aims_at_natural_principles is false",
        )
        need(
            claim.aims_at_specific_product is False,
            "特定の製品の設計・製造を目的としている（aims_at_specific_product が true）",
            "aims_at_specific_product is true",
        )
        need(
            claim.covers_all_content,
            "提供内容の一部が研究活動の範囲外（covers_all_content が false）",
            "covers_all_content is false",
        )
    elif b == "patent_filing":
        need(
            claim.minimum_necessary,
            "出願・登録に必要な最小限を超える（minimum_necessary が false）",
            "minimum_necessary is false",
        )
    elif b == "minimum_use_technology":
        need(
            claim.goods_export_cleared,
            "貨物の輸出が許可済み又は許可不要と確認されていない（goods_export_cleared が false）",
            "goods_export_cleared is false",
        )
        need(
            claim.minimum_necessary,
            "使用に必要な最小限を超える（minimum_necessary が false）",
            "minimum_necessary is false",
        )
    elif b == "commercial_software":
        need(
            claim.sold_to_public,
            "一般に販売されていない（sold_to_public が false）",
            "sold_to_public is false",
        )
        need(
            claim.not_custom_made,
            "特注品である（not_custom_made が false）",
            "not_custom_made is false",
        )
    basis_ja, basis_en, citation = BASIS_LABELS[b]
    labels = {"basis_ja": basis_ja, "basis_en": basis_en, "citation": citation}
    if fails_en:
        r = reason(
            "exemption.rejected",
            facts_ja="、".join(fails_ja),
            facts_en="; ".join(fails_en),
            **labels,
        )
        return _Exemption(claim, "rejected", r)
    if (
        b == "fundamental_research"
        and claim.includes_use_technology
        and tech.classification == "listed"
    ):
        r = reason(
            "exemption.unsettled",
            why_ja="リスト規制対象の装置の使用に係る技術を含み、"
            "基礎科学分野の例外が及ぶか確定していない（参考資料§11.7）",
            why_en="it includes use technology for listed equipment, "
            "which the exemption may not cover (reference §11.7)",
            **labels,
        )
        return _Exemption(claim, "unsettled", r)
    if b == "commercial_software" and tech.item_number == "9":
        r = reason(
            "exemption.unsettled",
            why_ja="暗号（9項）に係るプログラムであり、個別の確認を要する",
            why_en="item-9 (encryption) software needs manual confirmation",
            **labels,
        )
        return _Exemption(claim, "unsettled", r)
    facts_ja = {
        "public_domain": "提供内容はすべて公知",
        "publication": "不特定多数に公開する目的で、内容のすべてが対象",
        "fundamental_research": "自然現象の原理の解明を目的とし、"
        "特定の製品を目的とせず、内容のすべてが対象",
        "patent_filing": "出願・登録に必要な最小限",
        "minimum_use_technology": "輸出が認められた貨物の使用に必要な最小限",
        "commercial_software": "一般に販売され、特注品ではない",
    }[b]
    facts_en = {
        "public_domain": "all of the content is public",
        "publication": "the audience is open and the claim covers all of the content",
        "fundamental_research": "it aims at natural principles, "
        "not at a specific product, and covers all of the content",
        "patent_filing": "only the minimum necessary for the filing",
        "minimum_use_technology": "the goods' export is "
        "cleared and only the minimum necessary is provided",
        "commercial_software": "sold to the public and not custom-made",
    }[b]
    if claim.evidence:
        facts_en += f" (evidence: {claim.evidence})"
        facts_ja += f"（根拠：{claim.evidence}）"
    return _Exemption(
        claim,
        "accepted",
        reason("exemption.accepted", facts_ja=facts_ja, facts_en=facts_en, **labels),
    )


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


def _catchall(
    v: _Verdict,
    f: _Facts,
    scope: str | None,
    matches: list[ListHit],
    unknown_why: list[tuple[str, str]],
) -> _Verdict:
    case = f.case
    tech, prov = case.technology, case.provision
    reasons = v.reasons
    if prov.inform:
        kind = {
            "wmd": ("大量破壊兵器等", "WMD"),
            "conventional": ("通常兵器", "conventional weapons"),
        }[prov.inform]
        reasons.append(reason("catchall.inform", kind_ja=kind[0], kind_en=kind[1]))
        v.outcome = "LICENSE_REQUIRED_CATCHALL"
        return v
    if v.destination_unknown or scope is None:
        what_ja, what_en = _unknown_what(case, v)
        reasons.append(reason("catchall.destination_unknown", what_ja=what_ja, what_en=what_en))
        v.outcome = "HOLD"
        return v
    if scope == "group_a":
        reasons.append(reason("catchall.group_a"))
        v.outcome = "NOT_LISTED_NO_TRIGGER"
        return v
    if prov.known_end_use == "wmd":
        reasons.append(reason("catchall.wmd_end_use"))
        v.outcome = "LICENSE_REQUIRED_CATCHALL"
        return v
    cleared = prov.clear_finding is not None and prov.clear_finding.documented
    relevance = set(tech.concern_relevance)
    wmd_user = {c for m in matches for c in m.categories if c in WMD_CONCERNS}
    wmd_user |= {c for c in prov.known_end_user if c in WMD_CONCERNS}
    if wmd_user:
        cats = sorted(wmd_user)
        if wmd_user & relevance:
            reasons.append(reason("catchall.wmd_end_user_matching", categories=cats))
            v.outcome = "LICENSE_REQUIRED_CATCHALL"
            return v
        if not cleared:
            reasons.append(reason("catchall.wmd_end_user", categories=cats))
            v.outcome = "LICENSE_REQUIRED_CATCHALL"
            return v
        reasons.append(reason("catchall.wmd_cleared", categories=cats))
        v.clear_finding_used = True
    in_scope = scope == "un" or (scope == "general" and tech.specific_item_16_1)
    cw_user = any("CW" in m.categories for m in matches) or "CW" in prov.known_end_user
    if in_scope:
        if prov.known_end_use == "conventional":
            reasons.append(reason("catchall.cw_end_use"))
            v.outcome = "LICENSE_REQUIRED_CATCHALL"
            return v
        if cw_user:
            unclearable = scope == "un" and (tech.specific_item_16_1 or "CW" in relevance)
            if unclearable or not cleared:
                if unclearable and cleared:
                    why = (
                        "国連武器禁輸国向けで16項(1)の特定品目又は通常兵器のおそれの強い貨物例に関連するため明らかガイドライン⑲により解除できない",
                        "a clear finding cannot clear it for a UN "
                        "arms-embargo country when the technology "
                        "is tied to 16(1) goods or to conventional "
                        "goods of concern (明らかガイドライン ⑲)",
                    )
                else:
                    why = (
                        "明らかガイドラインの確認が記録されていない",
                        "no clear finding is documented",
                    )
                reasons.append(reason("catchall.cw_end_user", why_ja=why[0], why_en=why[1]))
                v.outcome = "LICENSE_REQUIRED_CATCHALL"
                return v
            reasons.append(reason("catchall.cw_cleared"))
            v.clear_finding_used = True
    elif prov.known_end_use == "conventional" or cw_user:
        reasons.append(reason("catchall.cw_out_of_scope"))
    reasons.append(reason("catchall.no_trigger"))
    v.outcome = "NOT_LISTED_NO_TRIGGER"
    return v


def _unknown_what(case: Case, v: _Verdict) -> tuple[str, str]:
    rec, prov = case.recipient, case.provision
    parts: list[tuple[str, str]] = []
    if prov.re_provision_evident and not prov.re_provision_country:
        parts.append(("再提供先", "the re-provision recipient (re_provision_country)"))
    if v.types:
        parts.append(
            ("特定類型の相手先（影響国）", "the specific category's counterparty (ties[].country)")
        )
    if not v.deemed:
        if rec.kind == "organization":
            parts.append(("受領組織", "the recipient organization (recipient.country)"))
        elif prov.place == "abroad":
            parts.append(("提供先", "the provision (provision.country)"))
        else:
            parts.append(("受領者の国籍又は所属", "the recipient's nationality or affiliation"))
    if not parts:
        parts.append(("受領者", "the recipient"))
    return "、".join(p[0] for p in dict.fromkeys(parts)), "; ".join(
        p[1] for p in dict.fromkeys(parts)
    )


# --------------------------------------------------------------------------- risk (§6)


def _risk(outcome: str, v: _Verdict, f: _Facts) -> str:
    case, rs = f.case, f.rs
    rec, tech = case.recipient, case.technology
    un_nat = any(rs.is_un_or_concern(c) for c in rec.nationalities)
    un_deemed = any(rs.is_un_or_concern(c) for c in v.deemed)
    hit = v.has_match
    if outcome == "NOT_APPLICABLE":
        if un_nat or hit:
            return "R2"
        foreign_tie = any(
            t.counterparty_kind != "japanese_entity" or (t.country not in (None, "JP"))
            for t in rec.ties
        )
        foreign_aff = any(a.country != "JP" for a in rec.affiliations)
        if (
            rec.kind == "person"
            and rec.nationalities == ("JP",)
            and not foreign_tie
            and not foreign_aff
        ):
            return "R0"
        return "R1"
    if outcome == "NOT_LISTED_NO_TRIGGER":
        return "R2" if (v.clear_finding_used or un_nat or un_deemed or hit) else "R1"
    if outcome == "EXEMPT":
        fr_only = v.valid_bases == ("fundamental_research",) and tech.classification == "listed"
        return "R2" if (fr_only or un_nat or un_deemed or hit) else "R1"
    if outcome == "HOLD":
        return "R2"
    if outcome == "LICENSE_REQUIRED":
        wmd_item = tech.item_number in rs.wmd_items
        return "R4" if (wmd_item or 3 in v.types or hit) else "R3"
    return "R4"


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


def _claim_key(claim: ExemptionClaim) -> tuple[str, ...]:
    return (
        claim.basis,
        *(str(getattr(claim, k)) for k in sorted(claim.__dataclass_fields__) if k != "given"),
    )


def _residency_reason(r: res.Residency) -> Reason:
    p = dict(r.params)
    if "form" in p:
        p["form_ja"], p["form_en"] = FORM_LABELS[p["form"]]
    if "why" in p:
        p["why_ja"], p["why_en"] = WHY_ABROAD[p["why"]]
    return reason(r.code, **p)


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
