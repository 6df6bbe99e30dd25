"""Reasons of the goods engine: stable codes, citations, Japanese and English sentences.

One table (goods-policy.md §G9) keyed by code; a reviewer reads the reasons alone, so
each sentence names the facts it rests on. Codes are stable; wording may improve. The
templates are one piece with the table of citations they follow, hence one module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from desk.domain.countries import COUNTRY_JA, country_name

POLICY = "institutional policy"  # as the case engine; shown as 機関の方針 in Japanese
SANCTION_CITE = "外為法第48条第3項"
KP_CITE = f"{SANCTION_CITE}、輸出令第2条第1項第1号の2、附則第3項"
RU_ENTITY_CITE = f"{SANCTION_CITE}、輸出令第2条第1項第1号の6〜第1号の8、別表第2の4"
RU_BY_CITE = f"{SANCTION_CITE}、輸出令第2条第1項第1号の3・第1号の4、別表第2の3"
SCOPE_CITE = "輸出令別表第1の16の項、関税定率法別表"
LIST_CITE = "外為法第48条第1項、輸出令第1条第1項、輸出令別表第1の{item_cite}"
SMALL_CITE = "輸出令第4条第1項第5号（改正前第4号）、別表第3の3、別表第4"
RETURN_CITE = "輸出令第4条第1項第2号ホ、無償告示第1号"
TEMPORARY_CITE = f"輸出令第4条第1項第2号ヘ、無償告示第2号、{POLICY}（1年）"
QA_CITE = f"少額特例Q&A A1・A2、{POLICY}"
CATCHALL_CITE = "輸出令第4条第1項第3号・第4号、第1条第3項、第4条第2項"
WMD_CITE = "核兵器等開発等省令第1号〜第3号、キャッチオール通達1.(6)"
CW_CITE = "通常兵器開発等省令第1号〜第3号、明らかガイドライン⑰ロ・⑲"
SCREEN_CITE = "外国ユーザーリスト、判定方針§1"
TECH_CITE = "外為法第25条第3項、判定方針§4"


@dataclass(frozen=True)
class Bi:
    """A parameter shown differently in Japanese and English."""

    ja: str
    en: str


@dataclass(frozen=True)
class GoodsReason:
    code: str
    line: int | None
    citation: str
    text_ja: str
    text_en: str

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "line": self.line,
            "citation": self.citation,
            "text_ja": self.text_ja,
            "text_en": self.text_en,
        }

    def text(self, lang: str) -> str:
        return self.text_ja if lang == "ja" else self.text_en

    def on_line(self, line: int | None) -> GoodsReason:
        return GoodsReason(self.code, line, self.citation, self.text_ja, self.text_en)


# code → (citation, Japanese, English)
TEMPLATES: dict[str, tuple[str, str, str]] = {
    "ruleset.not_in_force": (
        POLICY,
        "判定日{as_of}に施行されている貨物のルールセットがないため、最も古いルールセット（{version}）で判定した。",
        "No goods rule set was in force on {as_of}; the oldest one ({version}) was used.",
    ),
    "screen.match": (
        SCREEN_CITE,
        "{party}「{query}」は{list}（{version}）掲載番号{entry}「{name}」（{country}、懸念区分：{categories}）に該当（一致度{score}）。",
        "{party_en} {query!r} matches {list} ({version}) entry {entry} {name!r} "
        "({country}, categories {categories}; score {score}).",
    ),
    "screen.review": (
        SCREEN_CITE,
        "{party}「{query}」は{list}（{version}）掲載番号{entry}「{name}」（{country}）に類似（一致度{score}）。{counts_ja}",
        "{party_en} {query!r} may be {list} ({version}) entry {entry} {name!r} "
        "({country}; score {score}). {counts_en}",
    ),
    "sanction.kp_total_ban": (
        KP_CITE,
        "北朝鮮が仕向地・経由地・関係者の国に含まれるため、北朝鮮向けの全貨物の輸出禁止により取引不可。",
        "North Korea is among the shipment's countries: every good destined for North Korea "
        "is banned; the export cannot proceed.",
    ),
    "sanction.ru_specified_entity": (
        RU_ENTITY_CITE,
        "{party}「{name}」がロシア関連措置の特定団体に指定されているため、貨物の種類にかかわらず取引不可。",
        "{party_en} {name!r} is a specified entity under the Russia-related measures: no good "
        "may be exported to it.",
    ),
    "sanction.iran": (
        POLICY,
        "イランが仕向地・経由地・関係者の国に含まれ、{what_ja}ため、イラン向け大量破壊兵器等関連貨物の制裁措置により取引不可。",
        "Iran is among the shipment's countries and {what_en}: the sanctions on WMD-related "
        "goods for Iran forbid the export.",
    ),
    "sanction.ru_by_listed": (
        RU_BY_CITE,
        "{countries}が仕向地・経由地・関係者の国に含まれ、輸出令別表第1の{item_cite}に該当する貨物であるため、ロシア・ベラルーシ向け輸出禁止措置により取引不可。",
        "{countries_en} among the shipment's countries and the goods are listed "
        "(item {item}): exports of items 1–15 to Russia and Belarus are banned.",
    ),
    "sanction.ru_by_check": (
        RU_BY_CITE,
        "{countries}が仕向地・経由地・関係者の国に含まれるため、別表第2の3第1号の2〜第3号の対象貨物及び特定団体への該当を確認するまで保留。",
        "{countries_en} among the shipment's countries: hold until the goods are checked "
        "against 別表第2の3 items 1-2 to 3 and the specified entities.",
    ),
    "sanction.table_expired": (
        f"{SANCTION_CITE}、{POLICY}",
        "制裁措置の表（{table}）は{valid_to}で有効期限が切れているため保留。更新されたルールセットを取り込むこと。",
        "The sanctions table {table} was valid to {valid_to}: hold and load the renewed rule "
        "set (a lapse of data never drops a ban).",
    ),
    "class.undetermined": (
        POLICY,
        "該非判定が不明・疑義（判定中）のため保留。該非判定を完了すること。",
        "The classification is undetermined: hold until it is finished.",
    ),
    "class.revision_outdated": (
        f"輸出令・貨物等省令の改正（{{revisions}}）、{POLICY}",
        "該非判定は{version}の輸出令・貨物等省令によるが、その後の改正（{revisions}）が輸出日に施行されているため、改正後の規定で再判定すること。{effect_ja}",
        "The classification applied the ordinance of {version}; the revisions since "
        "({revisions}) are in force on the export date: re-classify. {effect_en}",
    ),
    "scope.item16": (
        SCOPE_CITE,
        "HSコード{hs}（関税定率法別表第{chapter}類）の貨物であるため、輸出令別表第1の16の項{sub}に該当する。",
        "HS code {hs} (chapter {chapter}): the goods fall under item 16{sub_en} of "
        "輸出令別表第1 (catch-all).",
    ),
    "scope.outside_item16": (
        SCOPE_CITE,
        "HSコード{hs}（関税定率法別表第{chapter}類）は16の項の対象外であり、リスト規制にも該当しないため、許可不要（規制対象外）。",
        "HS code {hs} (chapter {chapter}) is outside item 16 and the goods are not listed: "
        "outside 別表第1, no licence under 外為法48条1項.",
    ),
    "scope.hs_unknown": (
        SCOPE_CITE,
        "HSコードが記録されていないため、16の項に該当するものとして判定した（不明な事実）。HSコードを記録すること。",
        "No HS code is recorded: judged as inside item 16 (an unknown fact); record the code.",
    ),
    "scope.countries_widened": (
        POLICY,
        "仕向地の区分は{own}だが、{countries}が含まれるため、{strictest}として判定した。",
        "The destination alone is {own_en}, but {countries_en} widen the check to {strictest_en}.",
    ),
    "list.licence": (
        LIST_CITE,
        "輸出令別表第1の{item_cite}に該当する貨物であり、適用できる例外がないため、仕向地にかかわらず許可申請が必要。",
        "The goods are listed (輸出令別表第1 item {item}) and no exception applies: a licence "
        "is required for every destination.",
    ),
    "exception.small_value.accepted": (
        SMALL_CITE,
        "同一契約・同一項の価額合計{total}が限度額{limit}以下のため、少額特例を適用する。",
        "The bracket total {total_en} is within the limit {limit_en}: the small-value "
        "exception applies.",
    ),
    "exception.small_value.rejected": (
        SMALL_CITE,
        "{failed_ja}ため、少額特例は適用できない。",
        "The small-value exception does not apply: {failed_en}.",
    ),
    "exception.free_return.accepted": (
        RETURN_CITE,
        "無償で輸入された貨物を無償で返送し（{purpose_ja}）、条件を満たすため、無償特例を適用する。",
        "Goods imported free of charge are returned free of charge ({purpose_en}) and every "
        "fact holds: the free-return exception applies.",
    ),
    "exception.free_return.rejected": (
        RETURN_CITE,
        "{failed_ja}ため、無償特例（返送）は適用できない。",
        "The free-return exception does not apply: {failed_en}.",
    ),
    "exception.free_temporary.accepted": (
        TEMPORARY_CITE,
        "本人が自ら使用し常に携行する貨物を無償で一時持出しし、{return_by}（1年以内）までに持ち帰るため、無償特例を適用する。",
        "The traveller's own goods for own use, kept with the traveller and brought back by "
        "{return_by} (within one year): the temporary-export exception applies.",
    ),
    "exception.free_temporary.rejected": (
        TEMPORARY_CITE,
        "{failed_ja}ため、無償特例（一時持出し）は適用できない。",
        "The temporary-export exception does not apply: {failed_en}.",
    ),
    "exception.unsettled": (
        POLICY,
        "{claims_ja}は告示の対象か確認できない（未確定）ため、適用しないものとして許可申請が必要と判定した。",
        "{claims_en}: coverage is not confirmed (unsettled); judged as not applying, so a "
        "licence is required.",
    ),
    "exception.set_aside": (
        QA_CITE,
        "キャッチオールの要件（{trigger_ja}）に当たるため、例外（{claims_ja}）は適用しない。",
        "A catch-all trigger holds ({trigger_en}): the exceptions claimed ({claims_en}) are "
        "set aside.",
    ),
    "exception.end_user_unknown": (
        POLICY,
        "仕向地等がグループA以外を含み需要者が不明なため、例外を適用する前に需要者を確認すること。保留。",
        "Countries outside Group A are involved and the end user is unknown: hold until the "
        "end user is known before an exception is applied.",
    ),
    "exception.not_evaluated": (
        POLICY,
        "判定が例外の確認前に決まった（{why_ja}）ため、例外（{claims_ja}）は確認していない。",
        "The line was decided before its claims were checked ({why_en}): {claims_en} not "
        "evaluated.",
    ),
    "exception.not_for_catchall": (
        QA_CITE,
        "リスト規制に該当しない貨物であるため、例外（{claims_ja}）は適用の対象にならない（キャッチオール規制には例外がない）。",
        "The goods are not listed: the exceptions claimed ({claims_en}) relieve list control "
        "only and are ignored.",
    ),
    "catchall.inform": (
        CATCHALL_CITE,
        "経済産業省からインフォーム通知（{kinds_ja}）を受けているため、キャッチオール規制により許可申請が必要。",
        "A METI inform notice ({kinds_en}) covers the shipment: a catch-all licence is required.",
    ),
    "catchall.group_a": (
        CATCHALL_CITE,
        "仕向地等がすべてグループA（輸出令別表第3）の国であるため、キャッチオール規制の対象外。",
        "Every country of the shipment is in Group A (輸出令別表第3): outside the catch-all.",
    ),
    "catchall.no_trigger": (
        CATCHALL_CITE,
        "用途要件・需要者要件・インフォーム要件のいずれにも当たらないため、許可不要。",
        "No end-use, end-user or inform trigger: no licence is needed.",
    ),
    "catchall.wmd_end_use": (
        WMD_CITE,
        "大量破壊兵器等の開発等に用いられることを知っているため（用途要件）、許可申請が必要。",
        "The university knows of a WMD end use: a catch-all licence (WMD) is required.",
    ),
    "catchall.wmd_end_user": (
        WMD_CITE,
        "需要者が大量破壊兵器等の開発等を行う（行った）ことを知っている（懸念区分：{concerns}）{why_ja}ため（需要者要件）、許可申請が必要。",
        "The end user is known for WMD activities ({concerns}){why_en}: a catch-all licence "
        "(WMD) is required.",
    ),
    "catchall.wmd_end_user_cleared": (
        WMD_CITE,
        "需要者に懸念（{concerns}）があるが、貨物の懸念用途と重ならず、明らかガイドラインによる確認が文書化されているため、大量破壊兵器等の需要者要件に当たらない。",
        "The end user carries WMD concerns ({concerns}) unrelated to the goods, and a "
        "documented clear finding rules the use out: no WMD end-user trigger.",
    ),
    "catchall.cw_end_use": (
        CW_CITE,
        "通常兵器の開発等に用いられることを知っているため（用途要件）、許可申請が必要。",
        "The university knows of a conventional-weapons end use: a catch-all licence "
        "(conventional) is required.",
    ),
    "catchall.cw_end_user": (
        CW_CITE,
        "需要者が通常兵器の開発等を行う（行った）ことを知っているため（需要者要件）、許可申請が必要。",
        "The end user is known for conventional-weapons activities: a catch-all licence "
        "(conventional) is required.",
    ),
    "catchall.cw_not_clearable": (
        CW_CITE,
        "国連武器禁輸国（輸出令別表第3の2）向けで、16の項(1)の貨物又は通常兵器に関連する貨物であるため、明らかガイドラインによる確認は用いられない。",
        "A UN arms-embargo destination with 16(1) or conventional-weapons-relevant goods: a "
        "clear finding cannot lift the trigger.",
    ),
    "catchall.cw_end_user_cleared": (
        CW_CITE,
        "需要者に通常兵器の懸念があるが、明らかガイドラインによる確認が文書化されているため、通常兵器の需要者要件に当たらない。",
        "The end user carries a conventional-weapons concern, and a documented clear finding "
        "rules the use out: no conventional end-user trigger.",
    ),
    "catchall.end_user_unknown": (
        POLICY,
        "需要者が不明なため、需要者の確認を記録できるまで保留。",
        "The end user is unknown: hold until the end user is known and checked.",
    ),
    "tech.related_case": (
        TECH_CITE,
        "貨物に記録された技術は、関連する技術の案件（{cases}）で判定する。",
        "The technology recorded on the goods is judged in the related case(s) {cases}.",
    ),
    "tech.related_case_missing": (
        TECH_CITE,
        "貨物に技術（データ・プログラム等）が記録されているが、関連する技術の案件がないため保留。技術の提供として案件を登録すること。",
        "The goods carry recorded technology but no related case is given: hold until the "
        "technology is judged as a case.",
    ),
    "unknown.hold": (
        POLICY,
        "不明な事実（{unknowns_ja}）によって判定が変わり、許可申請が必要となる場合があるため保留。",
        "The answer depends on unknown facts ({unknowns_en}) and could require a licence: hold "
        "until they are settled.",
    ),
}


def yen(value: Decimal) -> str:
    """¥1,000,001 (exact; trailing zeros of a fraction dropped)."""
    text = format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))
    whole, _, frac = text.partition(".")
    return "¥" + f"{int(whole):,}" + (f".{frac}" if frac else "")


def item_cite(item: str | None) -> str:
    """``"7:(4)"`` → ``7の項(4)``; ``"3-2"`` → ``3の2の項``."""
    if item is None:
        return "—"
    number, _, sub = item.partition(":")
    return number.replace("-", "の") + "の項" + sub


def countries_text(codes: Iterable[str], lang: str) -> str:
    codes = sorted(codes)
    if lang == "ja":
        return "・".join(COUNTRY_JA.get(c, country_name(c)) for c in codes)
    return ", ".join(country_name(c) for c in codes)


def _show(value: Any, lang: str) -> str:
    if isinstance(value, Bi):
        return value.ja if lang == "ja" else value.en
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return yen(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_show(v, lang) for v in value]
        return ("、" if lang == "ja" else ", ").join(items) or ("なし" if lang == "ja" else "none")
    if value is None:
        return "—"
    return str(value)


class _Params(dict[str, str]):
    def __init__(self, params: dict[str, Any], lang: str):
        super().__init__({k: _show(v, lang) for k, v in params.items()})

    def __missing__(self, key: str) -> str:
        if key.endswith("_en") and key[:-3] in self:
            return self[key[:-3]]
        return "{" + key + "}"


def reason(code: str, line: int | None = None, **params: Any) -> GoodsReason:
    citation, ja, en = TEMPLATES[code]
    p_ja, p_en = _Params(params, "ja"), _Params(params, "en")
    return GoodsReason(
        code=code,
        line=line,
        citation=citation.format_map(p_ja),
        text_ja=ja.format_map(p_ja),
        text_en=en.format_map(p_en),
    )
