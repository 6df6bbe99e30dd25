"""The engine's reasons: stable codes, citations and the sentence in Japanese and English.

A reviewer reads the reasons alone in the review record, so each sentence names the
facts it rests on. Codes are stable (tests, stored assessments and reports key on
them); wording may improve. Where the law is unsettled the citation is
"institutional policy" (engine policy, preamble).

One piece, past 400 lines: almost all of it is ``TEMPLATES``, one entry per reason code
in the policy's order. One table lets a reviewer check the Japanese wording against the
glossary, the citations, and that no code is used twice, in one place; the steps only
name codes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from desk.domain.countries import COUNTRY_JA

POLICY = "institutional policy"
RESIDENCY_CITE = "外国為替法令の解釈及び運用について 6-1-5"
ENTITY_CITE = "外国為替法令の解釈及び運用について 6-1-6"
COUNTING_CITE = "外国為替法令の解釈及び運用について 6-1-5; 民法140条・143条"
SPECIFIC_CITE = "役務通達 1(3)サ"
ART25 = "外為法 25条1項"
CATCHALL_WMD = "外為令別表16項; 貿易外省令 9条2項7号; 核兵器等開発等省令"
CATCHALL_CW = "外為令別表16項; 貿易外省令 9条2項7号; 通常兵器開発等省令"
CLEAR_GUIDE = "キャッチオール通達 1.(6) 明らかガイドライン"


@dataclass(frozen=True)
class Reason:
    code: str
    citation: str
    text_ja: str
    text_en: str

    def to_json(self) -> dict[str, str]:
        return {
            "code": self.code,
            "citation": self.citation,
            "text_ja": self.text_ja,
            "text_en": self.text_en,
        }

    def text(self, lang: str) -> str:
        return self.text_ja if lang == "ja" else self.text_en


# code → (citation, Japanese, English); {placeholders} are filled by :func:`reason`.
TEMPLATES: dict[str, tuple[str, str, str]] = {
    # -- rule set
    "ruleset.not_in_force": (
        POLICY,
        "判定日{as_of}に施行されているルールセットがないため、最も古いルールセット（{version}、{effective}施行）で判定した。",
        "No rule set was in force on {as_of}; the oldest "
        "one ({version}, in force {effective}) was used.",
    ),
    # -- residency (policy §2)
    "residency.japanese_national": (
        RESIDENCY_CITE,
        "日本国籍を有し本邦内にいるため、居住者。",
        "A Japanese national in Japan: resident.",
    ),
    "residency.returned_non_resident": (
        COUNTING_CITE,
        "外国滞在中に非居住者であった（{why_ja}）日本人で、{returned}に一時帰国。帰国後6か月を経過する{until}まで非居住者。",
        "A Japanese national who was a non-resident abroad "
        "({why_en}), back in Japan since {returned}: "
        "a non-resident until six months have passed, on {until}.",
    ),
    "residency.returned_resident": (
        COUNTING_CITE,
        "外国滞在中に非居住者であった日本人だが、{returned}の帰国から6か月を経過した（{until}）ため、居住者。",
        "A Japanese national who was a non-resident abroad, "
        "back since {returned}: six months passed on {until}, "
        "so resident.",
    ),
    "residency.foreign_official": (
        RESIDENCY_CITE,
        "外国政府・国際機関の公務に従事する者又は外交官・領事官であるため、滞在期間にかかわらず非居住者。",
        "On official duty for a foreign government or "
        "international organization, or a diplomat or consular "
        "officer: a non-resident however long the stay.",
    ),
    "residency.employed": (
        RESIDENCY_CITE,
        "本邦内の事務所に勤務している（{since}から、{form_ja}）ため、入国後の期間にかかわらず居住者。",
        "Employed at an office in Japan (since {since}, "
        "{form_en}): resident, whatever the length of stay.",
    ),
    "residency.six_months": (
        COUNTING_CITE,
        "{entered}の入国から6か月を経過した（{from}から居住者）ため、居住者。",
        "Six months have passed since entry on {entered} (resident from {from}): resident.",
    ),
    "residency.under_six_months": (
        COUNTING_CITE,
        "{entered}の入国から6か月を経過しておらず、本邦内の事務所での勤務もないため、非居住者（{from}から居住者）。",
        "Entered on {entered}, six months have not passed and there is no employment in Japan: "
        "a non-resident until {from}.",
    ),
    "residency.assistant_unsettled": (
        POLICY,
        "学生としての{form_ja}雇用（{since}から）のみで入国後6か月未満の者の居住性は未確定（法令上の取扱いが未確定のため、機関の方針により判断）。"
        "非居住者として扱う。",
        "Employment as a {form_en} (since {since}) of a person "
        "enrolled as a student, before six months in Japan: "
        "residency is unsettled (reference §11.3); treated as a non-resident.",
    ),
    "residency.unknown": (
        POLICY,
        "入国日も本邦内での雇用も記録されていないため、居住性は不明。非居住者として扱う。",
        "Neither an entry date nor employment in Japan is "
        "recorded: residency unknown, treated as a non-resident.",
    ),
    "residency.abroad_japanese_non_resident": (
        RESIDENCY_CITE,
        "外国にいる日本人で、{why_ja}ため、非居住者。",
        "A Japanese national abroad who {why_en}: non-resident.",
    ),
    "residency.abroad_japanese_resident": (
        RESIDENCY_CITE,
        "外国にいる日本人だが、勤務目的でも2年以上の滞在予定でもなく、出国から2年を経過していないため、居住者。",
        "A Japanese national abroad, not for work, not "
        "intending two years or more, and not yet two years "
        "since departure: resident.",
    ),
    "residency.japanese_mission": (
        RESIDENCY_CITE,
        "在外公館に勤務する日本人であるため、居住者。",
        "Staff of a Japanese mission abroad: resident.",
    ),
    "residency.abroad_foreign": (
        RESIDENCY_CITE,
        "外国にいる外国人であるため、非居住者。",
        "A foreign national abroad: non-resident.",
    ),
    "residency.organization_japan": (
        ENTITY_CITE,
        "本邦内にある法人等であるため、居住者。",
        "An organization in Japan: resident.",
    ),
    "residency.organization_official": (
        ENTITY_CITE,
        "外国政府の在本邦公館・事務所又は国際機関の事務所であるため、非居住者。",
        "A foreign government's mission or office, or an "
        "international organization's office: non-resident.",
    ),
    "residency.organization_abroad": (
        ENTITY_CITE,
        "外国にある法人等であるため、非居住者。",
        "An organization abroad: non-resident.",
    ),
    "residency.review_on": (
        COUNTING_CITE,
        "居住性は{date}に変わる。その日に改めて判定すること。",
        "Residency changes on {date}: judge the case again then.",
    ),
    "provision.after_review_on": (
        POLICY,
        "提供予定日{date}は居住性が変わる{review_on}より後である。提供予定日について改めて判定すること。",
        "The planned provision date {date} lies after {review_on}, when residency changes: "
        "judge again on the provision date.",
    ),
    # -- specific categories (policy §3)
    "specific.type1": (
        SPECIFIC_CITE + "①",
        "{counterparty}（{country}）との{tie_ja}契約に基づきその指揮命令に服する（優先合意なし）ため、特定類型①に該当。",
        "A {tie_en} contract with {counterparty} ({country}) "
        "under whose directions the person works, with no "
        "priority agreement: specific category 1.",
    ),
    "specific.type2": (
        SPECIFIC_CITE + "②",
        "外国政府等（{counterparty}、{country}）から本人に{share_ja}の金銭等を受領しているため、特定類型②に該当。",
        "Money from a foreign government ({counterparty}, "
        "{country}) paid to the person, {share_en}: "
        "specific category 2.",
    ),
    "specific.type3": (
        SPECIFIC_CITE + "③",
        "外国政府等（{counterparty}、{country}）の指示又は依頼の下で行動しているため、特定類型③に該当。",
        "Acting on the instructions or requests of a "
        "foreign government ({counterparty}, {country}): "
        "specific category 3.",
    ),
    "specific.declared": (
        SPECIFIC_CITE,
        "本人の申告（{declared_on}）により特定類型{types_ja}に該当。裏付けとなる相手先が記録されていないため、影響を及ぼす外国政府等の国・地域は不明。",
        "Declared on {declared_on}: specific category {types}. "
        "No counterparty is recorded behind it, so the "
        "influencing country is unknown.",
    ),
    "specific.tie_without_country": (
        SPECIFIC_CITE,
        "特定類型{types_ja}の相手先（{counterparty}）の国が記録されていないため、影響を及ぼす外国政府等の国・地域は不明。",
        "The counterparty behind specific category "
        "{types} ({counterparty}) has no country recorded: "
        "the influencing country is unknown.",
    ),
    "specific.declaration_mismatch": (
        SPECIFIC_CITE,
        "記録された関係からは特定類型{types_ja}に該当するが、本人の申告（{declared_on}）はこれを否定している。申告を確認すること。",
        "The recorded ties give specific category {types}, "
        "which the declaration of {declared_on} denies: "
        "check the declaration.",
    ),
    "specific.declaration_after_provision": (
        SPECIFIC_CITE,
        "特定類型の申告（{declared_on}）は提供日（{date}）より後のため、"
        "提供の時点では申告がなかったものとして扱う。",
        "The specific-category declaration of {declared_on} is dated after the provision "
        "({date}): it is treated as absent at the time of the provision.",
    ),
    "specific.information_obtained": (
        SPECIFIC_CITE,
        "大学の指揮命令下にない者のため、本人の申告に代えて、"
        "通常の活動で得た情報により特定類型の該当性を確認した（{declared_on}、役務通達 別紙1-3）。",
        "Not under the university's direction: the specific-category status was checked on "
        "{declared_on} from the information normally obtained in the activity, instead of "
        "the person's own declaration.",
    ),
    "specific.none": (
        SPECIFIC_CITE,
        "記録された関係と申告からは、特定類型に該当しない。",
        "The recorded ties and the declaration give no specific category.",
    ),
    "specific.status_unknown": (
        SPECIFIC_CITE,
        "特定類型の申告がなく、関係も記録されていないため、特定類型の該当性は不明。",
        "No specific-category declaration on file and no "
        "ties recorded: specific-category status unknown.",
    ),
    # -- screening (policy §1)
    "screening.match": (
        "{list_cite}",
        "「{query}」は{list_ja}掲載番号{entry}「{name}」（{country_ja}、"
        "懸念区分：{categories_ja}）に該当（一致度{score}）。",
        "{query!r} matches {list} entry {entry} {name!r} "
        "({country}, categories {categories}; score {score}).",
    ),
    "screening.review": (
        "{list_cite}",
        "「{query}」は{list_ja}掲載番号{entry}「{name}」（{country_ja}）に類似（一致度{score}）。同一か確認すること。",
        "{query!r} may be {list} entry {entry} {name!r} "
        "({country}; score {score}): confirm whether it is the same.",
    ),
    "screening.review_other_country": (
        "{list_cite}",
        "「{query}」は{list_ja}掲載番号{entry}「{name}」（{country_ja}）に類似（一致度{score}）するが、記録された国・地域が異なるため参考情報とする。",
        "{query!r} resembles {list} entry {entry} {name!r} "
        "({country}; score {score}) but the recorded country "
        "differs: reported for information.",
    ),
    "screening.cleared": (
        POLICY,
        "{list_ja}掲載番号{entry}とは同一でないと審査で判断済み（{why}）。",
        "The hit on {list} entry {entry} was cleared in review ({why}).",
    ),
    # -- controlled? (policy §4)
    "controlled.place_abroad": (
        ART25,
        "外国において提供される（又は受領者が外国にいる）ため、規制対象の提供。",
        "Provided abroad, or the recipient is abroad: a controlled provision.",
    ),
    "controlled.non_resident": (
        ART25,
        "非居住者への提供であるため、規制対象の提供。",
        "Provided to a non-resident: a controlled provision.",
    ),
    "controlled.specific_category": (
        SPECIFIC_CITE,
        "特定類型{types_ja}に該当する居住者への提供は、非居住者への提供とみなされる。",
        "A resident in specific category {types} is "
        "treated as a non-resident: a controlled provision.",
    ),
    "controlled.re_provision": (
        "役務通達 1(3)",
        "非居住者への再提供が明らかな居住者への提供であるため、規制対象の提供。",
        "The recipient will evidently pass the technology "
        "on to a non-resident: a controlled provision.",
    ),
    "controlled.media_abroad": (
        "外為法 25条3項",
        "技術を記録した媒体を外国へ持ち出すため、規制対象。",
        "Media carrying the technology are taken abroad: controlled.",
    ),
    "controlled.none": (
        ART25,
        "本邦内で特定類型に該当しない居住者に提供し、再提供も媒体の持出しもないため、規制対象外。",
        "Provided in Japan to a resident in no specific "
        "category, with no re-provision and no media taken "
        "abroad: not a controlled provision.",
    ),
    "deemed.countries": (
        POLICY,
        "仕向地とみなす国：{countries}。{scope_ja}",
        "Deemed destination countries: {countries}.{scope_en}",
    ),
    "deemed.unknown": (
        POLICY,
        "仕向地が不明（{why_ja}）。",
        "The destination is unknown ({why_en}).",
    ),
    # -- status unknown (policy §3)
    "status_unknown.hold": (
        POLICY,
        "特定類型の該当性が不明であり、リスト規制技術又は該非未確定の技術であるため保留。本人の特定類型申告（誓約書・確認書）を取得すること。",
        "Specific-category status is unknown and the "
        "technology is listed or undetermined: hold and obtain "
        "the person's specific-category declaration.",
    ),
    "status_unknown.item16": (
        POLICY,
        "特定類型の該当性は不明だが、16項技術であるため規制対象外として扱う。申告の取得を推奨。",
        "Specific-category status is unknown, but the "
        "technology is item-16: not applicable. Obtaining the "
        "declaration is recommended.",
    ),
    # -- overlays (policy §5.0, §5.2)
    "overlay.nationality_stop": (
        "{table}; UNSCR 2270 ¶17, 2321 ¶10; " + POLICY,
        "{country}の国籍又は仕向地が関係するため、提供を中止する。",
        "{country} is a nationality or a deemed country: stop.",
    ),
    "overlay.specialised_teaching_stop": (
        "{table}; UNSCR 1737 ¶17; " + POLICY,
        "{country}国籍で、技術が懸念用途（{concerns}）に関連し、{country}が仕向地でもあるため、提供を中止する。",
        "A {country} national, technology relevant to "
        "{concerns}, and {country} is also a deemed country: stop.",
    ),
    "overlay.specialised_teaching_hold": (
        "{table}; UNSCR 1737 ¶17; " + POLICY,
        "{country}国籍で、技術が懸念用途（{concerns}）に関連するため、専門教育の禁止に当たらないか確認するまで保留。",
        "A {country} national and technology relevant to "
        "{concerns}: hold for the specialised-teaching check.",
    ),
    "sanctions.stop": (
        "{table}; " + POLICY + "{notice}",
        "{country}が仕向地であり、{what_ja}であるため、制裁措置により提供を中止する。",
        "{country} is a deemed country and {what_en}: stop under the sanctions overlay.",
    ),
    "sanctions.hold": (
        "{table}; " + POLICY + "{notice}",
        "{country}が仕向地であり、{what_ja}であるため保留。禁止貨物群及び特定団体に当たらないか確認すること。",
        "{country} is a deemed country and {what_en}: hold "
        "and check the Russia/Belarus banned goods groups "
        "and specified entities.",
    ),
    # -- exemptions (policy §5.1)
    "exemption.accepted": (
        "{citation}",
        "例外「{basis_ja}」の要件を満たす：{facts_ja}。",
        "The {basis_en} exemption holds: {facts_en}.",
    ),
    "exemption.rejected": (
        "{citation}",
        "例外「{basis_ja}」は適用できない：{facts_ja}。",
        "The {basis_en} exemption is rejected: {facts_en}.",
    ),
    "exemption.unsettled": (
        POLICY,
        "例外「{basis_ja}」は{why_ja}ため未確定であり、適用していない。",
        "The {basis_en} exemption is not accepted because {why_en}.",
    ),
    "exemption.applies": (
        "{citation}",
        "例外（{bases_ja}）が適用されるため、許可不要。",
        "Exemption ({bases_en}) applies: no licence needed.",
    ),
    # -- classification and list control (policy §5.3, §5.4)
    "classification.undetermined": (
        POLICY,
        "該非判定が未了であるため保留。該非判定を完了すること。",
        "The classification is not yet determined: hold until it is.",
    ),
    "listed.license_required": (
        ART25 + "; 外為令別表{item}項",
        "外為令別表{item}項に該当する技術の規制対象の提供であり、仕向地にかかわらず許可が必要。",
        "Listed technology (item {item}) in a controlled "
        "provision: a licence is needed for every destination.",
    ),
    # -- catch-all (policy §5.5)
    "catchall.inform": (
        "貿易外省令 9条2項7号・8号 (インフォーム要件)",
        "経済産業省のインフォーム通知（{kind_ja}）の対象であるため、許可が必要。",
        "A METI inform notice ({kind_en}) covers this provision: a licence is needed.",
    ),
    "catchall.destination_unknown": (
        POLICY,
        "仕向地が不明であるためキャッチオールの判定ができず保留。{what_ja}の国を記録すること。",
        "Destination unknown: hold and record the country of {what_en}.",
    ),
    "catchall.group_a": (
        "貿易外省令 9条2項8号",
        "16項技術で、仕向地がすべてグループA（輸出令別表第3）であり、インフォームもないため、許可不要。",
        "Item-16 technology, every deemed country is in "
        "Group A and no inform notice: no licence needed.",
    ),
    "catchall.wmd_end_use": (
        CATCHALL_WMD,
        "提供する技術が大量破壊兵器等の開発等に用いられるおそれがあることを把握している（用途要件）ため、許可申請が必要。",
        "The provider knows of a WMD end use: a licence is needed.",
    ),
    "catchall.wmd_end_user_matching": (
        CATCHALL_WMD + "; " + CLEAR_GUIDE,
        "需要者が大量破壊兵器等の懸念活動（{categories_ja}）を行っており、技術の懸念区分と一致するため、許可申請が必要。",
        "The end user carries out WMD concern activities "
        "({categories}) matching the technology's relevance: "
        "a licence is needed whatever else is documented.",
    ),
    "catchall.wmd_end_user": (
        CATCHALL_WMD + "; " + CLEAR_GUIDE,
        "需要者が大量破壊兵器等の懸念活動（{categories_ja}）を行っており、明らかガイドラインによる確認が記録されていないため、許可申請が必要。",
        "The end user carries out WMD concern activities "
        "({categories}) and no clear finding is documented: "
        "a licence is needed.",
    ),
    "catchall.wmd_cleared": (
        CLEAR_GUIDE,
        "需要者要件（{categories_ja}）は、明らかガイドラインにより懸念用途に用いられないことが明らかと記録されているため解除。",
        "The WMD end-user trigger ({categories}) is cleared by a documented clear finding.",
    ),
    "catchall.cw_end_use": (
        CATCHALL_CW,
        "提供する技術が通常兵器の開発等に用いられるおそれがあることを把握している（用途要件）ため、許可申請が必要。",
        "The provider knows of a conventional-weapons end use: a licence is needed.",
    ),
    "catchall.cw_end_user": (
        CATCHALL_CW + "; " + CLEAR_GUIDE,
        "需要者が通常兵器の懸念活動を行っており、{why_ja}ため、許可が必要。",
        "The end user carries out conventional-weapons "
        "concern activities and {why_en}: a licence is needed.",
    ),
    "catchall.cw_cleared": (
        CLEAR_GUIDE,
        "通常兵器の需要者要件は、明らかガイドラインにより懸念用途に用いられないことが明らかと記録されているため解除。",
        "The conventional-weapons end-user trigger is cleared by a documented clear finding.",
    ),
    "catchall.cw_out_of_scope": (
        CATCHALL_CW,
        "仕向地が一般国であり、16項(1)の特定品目に関する技術ではないため、通常兵器キャッチオールの客観要件は適用されない。",
        "The strictest deemed country is a general country "
        "and the technology is not tied to 16(1) goods: "
        "the conventional-weapons objective requirements do not apply.",
    ),
    "catchall.no_trigger": (
        "貿易外省令 9条2項7号",
        "16項技術で、用途・需要者・インフォームのいずれの要件にも該当しないため、許可不要。",
        "Item-16 technology with no end-use, end-user or inform trigger: no licence needed.",
    ),
    # -- unknowns (policy §5.6)
    "unknowns.hold": (
        POLICY,
        "未確定の事実（{what_ja}）によって結論が変わり（{outcomes}）、最も厳しい場合は{worst}となるため保留。確認すること。",
        "The answer depends on unsettled facts ({what_en}): "
        "it would be {outcomes}, the worst {worst}. "
        "Hold until they are settled.",
    ),
}


def _show(value: Any, lang: str) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_show(v, lang) for v in value]
        return (
            ("、" if lang == "ja" else ", ").join(items)
            if items
            else ("なし" if lang == "ja" else "none")
        )
    if value is None:
        return "—"
    return str(value)


class _Params(dict[str, Any]):
    def __init__(self, params: dict[str, Any], lang: str):
        super().__init__({k: _show(v, lang) for k, v in params.items()})

    def __missing__(self, key: str) -> str:  # a missing parameter shows, never crashes
        return "{" + key + "}"


CIRCLED = {1: "①", 2: "②", 3: "③"}
CONCERN_JA = {"N": "核兵器", "B": "生物兵器", "C": "化学兵器", "M": "ミサイル", "CW": "通常兵器"}
LIST_JA = {"jp-eul": "外国ユーザーリスト"}


def reason(code: str, **params: Any) -> Reason:
    citation, ja, en = TEMPLATES[code]
    if "types" in params:
        params["types_ja"] = "".join(CIRCLED.get(t, str(t)) for t in params["types"])
    # names, not codes, in the Japanese sentence (glossary-ja §2.6)
    if "categories" in params:
        params["categories_ja"] = (
            "・".join(CONCERN_JA.get(c, c) for c in params["categories"]) or "なし"
        )
    if "list" in params:
        params["list_ja"] = LIST_JA.get(str(params["list"]), str(params["list"]))
    if "country" in params:
        iso = str(params["country"] or "")
        params["country_ja"] = COUNTRY_JA.get(iso) or iso or "—"
    p_ja, p_en = _Params(params, "ja"), _Params(params, "en")
    return Reason(
        code=code,
        citation=citation.format_map(p_en),
        text_ja=ja.format_map(p_ja),
        text_en=en.format_map(p_en),
    )


def codes(reasons: Iterable[Reason]) -> list[str]:
    return [r.code for r in reasons]
