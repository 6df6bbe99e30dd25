"""Policy §5.1, Exemptions (貿易外省令 9条2項): each claim accepted, rejected with the
failed fact, or unsettled (fundamental research with use technology, item-9 software).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desk.domain.case import Case, ExemptionClaim
from desk.rules.reasons import Reason, reason

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


@dataclass
class CheckedClaim:
    claim: ExemptionClaim
    state: str  # accepted | rejected | unsettled
    reason: Reason


def check_claim(claim: ExemptionClaim, case: Case) -> CheckedClaim:
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
            "提供内容の一部が公知ではない",
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
            "提供内容の一部が公知化の対象ではない",
            "covers_all_content is false",
        )
    elif b == "fundamental_research":
        need(
            claim.aims_at_natural_principles,
            "自然現象の原理の解明を主目的としていない",
            "aims_at_natural_principles is false",
        )
        need(
            claim.aims_at_specific_product is False,
            "特定の製品の設計・製造を目的としている",
            "aims_at_specific_product is true",
        )
        need(
            claim.covers_all_content,
            "提供内容の一部が研究活動の範囲外",
            "covers_all_content is false",
        )
    elif b == "patent_filing":
        need(
            claim.minimum_necessary,
            "出願・登録に必要な最小限を超える",
            "minimum_necessary is false",
        )
    elif b == "minimum_use_technology":
        need(
            claim.goods_export_cleared,
            "貨物の輸出が許可済み又は許可不要と確認されていない",
            "goods_export_cleared is false",
        )
        need(
            claim.minimum_necessary,
            "使用に必要な最小限を超える",
            "minimum_necessary is false",
        )
    elif b == "commercial_software":
        need(
            claim.sold_to_public,
            "一般に販売されていない",
            "sold_to_public is false",
        )
        need(
            claim.not_custom_made,
            "特注品である",
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
        return CheckedClaim(claim, "rejected", r)
    if (
        b == "fundamental_research"
        and claim.includes_use_technology
        and tech.classification == "listed"
    ):
        r = reason(
            "exemption.unsettled",
            why_ja="リスト規制対象の装置の使用に係る技術を含み、"
            "基礎科学分野の例外が及ぶか確定していない（法令上の取扱いが未確定のため、機関の方針により判断）",
            why_en="it includes use technology for listed equipment, "
            "which the exemption may not cover (reference §11.7)",
            **labels,
        )
        return CheckedClaim(claim, "unsettled", r)
    if b == "commercial_software" and tech.item_number == "9":
        r = reason(
            "exemption.unsettled",
            why_ja="暗号（9項）に係るプログラムであり、個別の確認を要する",
            why_en="item-9 (encryption) software needs manual confirmation",
            **labels,
        )
        return CheckedClaim(claim, "unsettled", r)
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
    return CheckedClaim(
        claim,
        "accepted",
        reason("exemption.accepted", facts_ja=facts_ja, facts_en=facts_en, **labels),
    )


def claim_key(claim: ExemptionClaim) -> tuple[str, ...]:
    return (
        claim.basis,
        *(str(getattr(claim, k)) for k in sorted(claim.__dataclass_fields__) if k != "given"),
    )


def valid_claims(
    checked: Sequence[CheckedClaim], accepted_unsettled: frozenset[int]
) -> list[CheckedClaim]:
    """The accepted claims, and the unsettled ones this judgement takes as accepted (§5.6)."""
    return [
        e
        for i, e in enumerate(checked)
        if e.state == "accepted" or (e.state == "unsettled" and i in accepted_unsettled)
    ]


def exemption_applies(bases: Sequence[str]) -> Reason:
    """The reason of an EXEMPT answer: every valid basis named, with its citation."""
    ja = "、".join(BASIS_LABELS[b][0] for b in bases)
    en = ", ".join(BASIS_LABELS[b][1] for b in bases)
    cites = "; ".join(dict.fromkeys(BASIS_LABELS[b][2] for b in bases))
    return reason("exemption.applies", bases_ja=ja, bases_en=en, citation=cites)
