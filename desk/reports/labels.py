"""Printed labels, each written in Japanese and English side by side.

Field labels are printed in both languages on every record (Japanese first,
English beneath), whatever the report language, so they are kept as pairs here
rather than as catalogue entries; values (outcomes, answers, reasons) are printed
in the report language with :func:`text`.
"""

from __future__ import annotations

import datetime as dt
import re

from desk.domain.countries import COUNTRY_JA, country_name

Pair = tuple[str, str]

TITLES: dict[str, Pair] = {
    "precheck": ("事前確認シート", "Pre-check sheet (self-assessment)"),
    "classification": ("該非判定票", "Classification sheet"),
    "screening": ("取引審査票", "Transaction screening sheet"),
    "audit": ("輸出管理内部監査報告書", "Export-control internal audit report"),
}

L: dict[str, Pair] = {
    # common
    "document_number": ("文書番号", "Document number"),
    "generated_at": ("作成日時", "Generated"),
    "case_id": ("案件番号", "Case ID"),
    "case_title": ("案件名", "Case title"),
    "ruleset": ("判定ルールセット（版）", "Rule set"),
    "lists": ("照合リスト（版）", "Lists"),
    "fingerprint": ("記載内容のハッシュ値（SHA-256）", "Content fingerprint (SHA-256)"),
    "page": ("頁", "Page"),
    "institution": ("機関", "Institution"),
    "as_of": ("判定基準日", "Judged as of"),
    # sections
    "s_applicant": ("申請者", "Applicant"),
    "s_activity": ("活動の種類", "Type of activity"),
    "s_counterpart": ("相手方", "Counterpart"),
    "s_residency": ("居住性", "Residency"),
    "s_declaration": ("特定類型の申告", "Specific-category declaration"),
    "s_technology": ("提供する技術", "Technology"),
    "s_exemptions": ("適用を求める例外", "Exemptions claimed"),
    "s_red_flags": ("懸念確認事項", "Red-flag questions"),
    "s_certification": ("申請者の確認", "Certification"),
    "s_classification": ("該非判定", "Classification"),
    "s_evidence": ("根拠資料", "Evidence documents"),
    "s_signatures": ("判定者・確認者", "Classified and reviewed by"),
    "s_outline": ("案件概要", "Case outline"),
    "s_carried": ("該非判定結果（転記）", "Classification carried over"),
    "s_recipient": ("提供先", "Recipient"),
    "s_list_screening": ("リスト照合結果", "List screening"),
    "s_catch_all": ("キャッチオール規制の確認", "Catch-all checks"),
    "s_engine": ("システムによる判定結果", "Engine outcome"),
    "s_reasons": ("判定理由と根拠法令等", "Reasons and citations"),
    "s_decision": ("決定", "Decision"),
    "s_conditions": ("条件", "Conditions"),
    "s_signoff": ("審査", "Sign-off"),
    # fields
    "name": ("氏名", "Name"),
    "name_latin": ("ローマ字表記", "Name (Latin)"),
    "department": ("所属部局", "Department"),
    "position": ("職名", "Position"),
    "contact": ("連絡先", "Contact"),
    "activity": ("活動", "Activity"),
    "purpose": ("目的", "Purpose"),
    "funding": ("資金源", "Source of funding"),
    "period": ("期間", "Period"),
    "value": ("金額", "Value"),
    "kind": ("種別", "Kind"),
    "nationality": ("国籍", "Nationality"),
    "affiliation": ("所属機関", "Affiliation"),
    "country": ("国・地域", "Country"),
    "country_group": ("国グループ", "Country group"),
    "location": ("所在", "Location"),
    "entered_japan_on": ("入国日", "Entered Japan on"),
    "employment": ("国内での雇用", "Employment in Japan"),
    "resident": ("居住者", "Resident"),
    "residency": ("居住性", "Residency"),
    "deemed_countries": ("仕向地とみなす国・地域", "Deemed countries"),
    "review_on": ("再確認日", "Review on"),
    "declared_on": ("申告日", "Declared on"),
    "declared_types": ("申告した類型", "Declared categories"),
    "specific_categories": ("特定類型（判定）", "Specific categories (engine)"),
    "ties": ("外国政府等・外国法人等との関係", "Foreign ties"),
    "technology": ("技術", "Technology"),
    "classification": ("該非判定結果", "Classification"),
    "item": ("項番（外為令別表）", "Control list item"),
    "specific_item_16_1": ("16項(1)特定品目に係る技術", "Item 16(1) specified goods"),
    "concern_relevance": ("関連する懸念区分", "Concern relevance"),
    "related_goods": ("関連貨物", "Related goods"),
    "basis": ("判定根拠", "Basis"),
    "classified_by": ("判定者", "Classified by"),
    "reviewed_by": ("確認者", "Reviewed by"),
    "date": ("日付", "Date"),
    "version": ("版", "Version"),
    "title": ("名称", "Title"),
    "exemption_basis": ("例外（根拠条項）", "Basis"),
    "exemption_facts": ("確認した事実", "Facts"),
    "exemption_result": ("結果", "Result"),
    "exemption_reason": ("適用不可の理由", "Failed fact"),
    "question": ("質問", "Question"),
    "answer": ("回答", "Answer"),
    "certified_by": ("確認者（申請者）", "Certified by"),
    "certification_text": ("確認文", "Statement"),
    "provision_place": ("提供場所", "Place of provision"),
    "channels": ("提供方法", "Channels"),
    "provision_date": ("提供予定日", "Planned date"),
    "list": ("リスト", "List"),
    "entry": ("掲載番号", "Entry"),
    "listed_name": ("掲載名称", "Listed name"),
    "score": ("一致度", "Score"),
    "categories": ("懸念区分", "Concern categories"),
    "cleared": ("同一でないと判断した候補", "Cleared hits"),
    "screened_on": ("照合日", "Screened on"),
    "check": ("確認項目", "Check"),
    "result": ("結果", "Result"),
    "outcome": ("判定結果", "Outcome"),
    "risk": ("リスク", "Risk"),
    "controlled_because": ("規制対象となる理由", "Controlled because"),
    "reason": ("判定理由", "Reason"),
    "citation": ("根拠法令等", "Citation"),
    "decision": ("決定", "Decision"),
    "level": ("審査段階", "Level"),
    "reviewer": ("審査者", "Reviewer"),
    "comment": ("所見", "Comment"),
    "signature": ("署名", "Signature"),
    "status": ("状態", "Status"),
    # from record format 3 on
    "ordinance_article": ("貨物等省令の該当条項", "Ordinance article"),
    "ordinance_revision": ("判定に用いた省令の版", "Ordinance revision"),
    "s_references": ("関連する記録（文書番号）", "Related records (document numbers)"),
    "s_end_use": ("用途確認・需要者確認", "End-use and end-user check"),
    "end_use": ("用途（申告された最終用途）", "Stated end use"),
    "end_user": ("需要者", "End user"),
    "documents_checked": ("確認した書類", "Documents checked"),
    "s_clear_checklist": (
        "明らかガイドラインによる確認（チェックリスト）",
        "'Clearly absent' guideline checklist",
    ),
    "track": ("キャッチオール規制の区分", "Catch-all track"),
    "cancelled": ("輸出取りやめ", "Cancelled"),
    "copies_kept": ("記録の保管場所", "Copies kept at"),
    "ref_code": ("参照コード", "Ref. code"),
    "audit_head": ("発行時の監査ログ先頭ハッシュ値", "Audit trail head when issued"),
    "s_abbreviations": ("略称一覧", "Abbreviations"),
    # audit
    "fiscal_year": ("年度", "Fiscal year"),
    "period_covered": ("対象期間", "Period covered"),
    "s_summary": ("概要", "Summary"),
    "s_by_outcome": ("判定結果別件数", "Cases by outcome"),
    "s_by_risk": ("リスク別件数", "Cases by risk"),
    "s_by_department": ("部局別件数", "Cases by department"),
    "s_by_country": ("国・地域別件数", "Cases by country"),
    "s_shipments_by_outcome": ("貨物の輸出：判定結果別件数", "Shipments of goods by outcome"),
    "s_licences": ("許可申請要・許可取得案件", "Licence-required and licensed cases"),
    "s_overdue": ("再確認日を過ぎた案件", "Overdue reviews"),
    "s_screening_stats": ("リスト照合の統計", "Screening statistics"),
    "s_sample": ("監査用無作為抽出", "Random sample for the auditor"),
    "count": ("件数", "Cases"),
    "share": ("割合", "Share"),
    "total": ("合計", "Total"),
    "licence": ("許可", "Licence"),
    "days_overdue": ("超過日数", "Days overdue"),
    "seed": ("抽出シード", "Sample seed"),
    "metric": ("項目", "Metric"),
}

OUTCOMES: dict[str, Pair] = {
    "NOT_APPLICABLE": (
        "許可不要（規制対象の提供に当たらない）",
        "Not controlled (no licence needed)",
    ),
    "NOT_LISTED_NO_TRIGGER": (
        "許可不要（リスト規制非該当・キャッチオール要件なし）",
        "Not listed, no catch-all trigger (no licence needed)",
    ),
    "EXEMPT": ("許可不要（例外適用）", "Exemption applies (no licence needed)"),
    "LICENSE_REQUIRED": ("許可申請要（リスト規制）", "Licence required (list control)"),
    "LICENSE_REQUIRED_CATCHALL": (
        "許可申請要（キャッチオール規制）",
        "Licence required (catch-all)",
    ),
    "HOLD": ("保留（確認事項あり）", "On hold: information needed"),
    "STOP": ("提供不可（制裁措置等）", "Prohibited (sanctions)"),
    # a reviewer's decisions, not engine outcomes (desk.services.reviews)
    "CONDITIONAL": ("条件付承認", "Approved with conditions"),
    "REJECTED": ("不承認", "Refused by the reviewer"),
    "RETURNED": ("差戻し（情報不足）", "Returned for information"),
    "REFER_TO_METI": ("経済産業省へ事前相談", "Referred to METI (prior consultation)"),
    "COMMITTEE": ("委員会へ付議", "Referred to the committee"),
}
# the catch-all outcome with its track (engine reasons catchall.wmd_* / catchall.cw_*)
CATCHALL_TRACKS: dict[str, Pair] = {
    "wmd": (
        "許可申請要（キャッチオール規制・大量破壊兵器等）",
        "Licence required (catch-all, weapons of mass destruction)",
    ),
    "cw": (
        "許可申請要（キャッチオール規制・通常兵器）",
        "Licence required (catch-all, conventional weapons)",
    ),
}
RISKS: dict[str, Pair] = {
    "R0": ("R0 なし", "R0 none"),
    "R1": ("R1 低", "R1 low"),
    "R2": ("R2 中", "R2 medium"),
    "R3": ("R3 高", "R3 high"),
    "R4": ("R4 重大", "R4 critical"),
}
CLASSIFICATIONS: dict[str, Pair] = {
    "listed": ("該当", "Listed"),
    "below_threshold": ("非該当", "Below threshold (not listed)"),
    "not_on_list": ("対象外（16項）", "Not on the list (item 16)"),
    "undetermined": ("不明・疑義", "Undetermined"),
}
EXEMPTIONS: dict[str, Pair] = {
    "public_domain": ("公知の技術（貿易外省令第9条第2項第9号）", "Public domain (Art. 9(2)(ix))"),
    "publication": (
        "技術を公知とするための提供（貿易外省令第9条第2項第9号）",
        "For publication (Art. 9(2)(ix))",
    ),
    "fundamental_research": (
        "基礎科学分野の研究活動（貿易外省令第9条第2項第10号）",
        "Fundamental research (Art. 9(2)(x))",
    ),
    "patent_filing": (
        "工業所有権の出願又は登録（貿易外省令第9条第2項第11号）",
        "Patent filing (Art. 9(2)(xi))",
    ),
    "minimum_use_technology": (
        "貨物の使用に必要な最小限の技術（貿易外省令第9条第2項）",
        "Minimum use technology (Art. 9(2))",
    ),
    "commercial_software": (
        "市販プログラム（貿易外省令第9条第2項）",
        "Commercial software (Art. 9(2))",
    ),
}
CONTROLLED_BECAUSE: dict[str, Pair] = {
    "place_abroad": ("外国での提供", "Provided abroad"),
    "non_resident": ("非居住者への提供", "Recipient is a non-resident"),
    "specific_category_1": ("特定類型①", "Specific category 1"),
    "specific_category_2": ("特定類型②", "Specific category 2"),
    "specific_category_3": ("特定類型③", "Specific category 3"),
    "re_provision": (
        "非居住者への再提供が明らかな居住者への提供",
        "Re-provision to a non-resident",
    ),
    "media_abroad": ("記録媒体の外国への持出し", "Media carried abroad"),
}
ACTIVITIES: dict[str, Pair] = {
    "hosting": ("留学生・研究者の受入れ", "Hosting a student or researcher"),
    "joint_research": ("共同研究", "Joint research"),
    "business_trip": ("外国出張", "Business trip abroad"),
    "shipment": ("貨物の輸出", "Shipment of goods"),
    "lecture_meeting": ("講義・会議", "Lecture or meeting"),
    "email_cloud": ("電子メール・クラウド共有", "E-mail or cloud sharing"),
    "other": ("その他", "Other"),
}
CHANNELS: dict[str, Pair] = {
    "oral": ("口頭", "oral"),
    "lab_access": ("研究室への立入り", "lab access"),
    "email": ("電子メール", "e-mail"),
    "cloud": ("クラウド", "cloud"),
    "document": ("文書", "document"),
    "presentation": ("発表", "presentation"),
    "media_carried_abroad": ("記録媒体の持出し", "media carried abroad"),
}
RED_FLAGS: dict[str, Pair] = {
    "eul_affiliation": (
        "所属機関は外国ユーザーリストに掲載されていますか。",
        "Is the affiliation on the End User List?",
    ),
    "sending_institution": (
        "派遣元・所属機関は外国ユーザーリストに掲載されている団体、又は外国の軍・政府機関・兵器製造業者若しくはこれらと密接な関係のある機関ですか。",
        "Is the sending or employing institution on the End User List, or a foreign military, "
        "government or weapons body (or closely connected with one)?",
    ),
    "concern_country": (
        "国籍・出身国が懸念国（輸出令別表第4）又は国連武器禁輸国・地域（輸出令別表第3の2）に該当しますか。",
        "Is the nationality or home country a country of concern or under a UN arms embargo?",
    ),
    "un_embargo_country": (
        "国籍、居住する国・地域、所属機関の国・地域、提供先又は経由地のいずれかが国連武器禁輸国・地域（輸出令別表第3の2）に該当しますか。",
        "Is a UN arms-embargo country (Export Trade Control Order, Appended Table 3-2) named in "
        "the case: nationality, country of residence, affiliation, destination or transit?",
    ),
    "purpose_unclear": (
        "目的や派遣元が不明確ですか。",
        "Is the purpose or the sending organisation unclear?",
    ),
    "military_tie": (
        "外国の軍・兵器製造業者又はこれらと密接な関係のある機関との関係がありますか。",
        "Is there a military or weapons-maker connection?",
    ),
    "other_concern": ("その他の懸念情報がありますか。", "Is there any other concern information?"),
}
CATCH_ALL: dict[str, Pair] = {
    "end_use": ("用途要件", "End use"),
    "end_user": ("需要者要件", "End user"),
    "inform": ("インフォーム要件", "Inform notice"),
    "clear_finding": ("明らかガイドラインによる確認", "'Clearly absent' guideline"),
}
# the facts of an exemption claim (the case form's labels, glossary §3.2)
CLAIM_FACTS: dict[str, Pair] = {
    "covers_all_content": ("提供内容の全部が対象", "Covers all content"),
    "audience": ("公開の範囲", "Audience"),
    "aims_at_natural_principles": (
        "現象に関する原理の究明が主目的",
        "Aims at natural principles",
    ),
    "aims_at_specific_product": ("特定の製品の設計又は製造が目的", "Aims at a specific product"),
    "includes_use_technology": ("使用に係る技術を含む", "Includes use technology"),
    "minimum_necessary": ("使用に必要な最小限", "Minimum necessary"),
    "goods_export_cleared": ("貨物の輸出が許可済み又は許可不要", "Goods export cleared"),
    "sold_to_public": ("一般に販売されている（市販）", "Sold to the public"),
    "not_custom_made": ("特注品ではない", "Not custom-made"),
    "evidence": ("根拠資料", "Evidence"),
    "note": ("備考", "Note"),
}
AUDIENCES: dict[str, Pair] = {
    "open": ("不特定多数", "open"),
    "restricted": ("特定の者", "restricted"),
}
EMPLOYMENT_FORMS: dict[str, Pair] = {
    "full_time": ("常勤", "full-time"),
    "part_time": ("非常勤", "part-time"),
    "research_assistant": ("RA（リサーチ・アシスタント）", "research assistant"),
    "teaching_assistant": ("TA（ティーチング・アシスタント）", "teaching assistant"),
}
TIE_TYPES: dict[str, Pair] = {
    "employment": ("雇用", "employment"),
    "mandate": ("委任", "mandate"),
    "appointment": ("任用", "appointment"),
    "contract_other": ("その他の契約", "other contract"),
    "funding": ("金銭その他の利益の受領", "funding"),
    "instruction": ("指示・依頼", "instruction"),
}
COUNTERPARTY_KINDS: dict[str, Pair] = {
    "foreign_government": ("外国政府等", "foreign government"),
    "foreign_entity": ("外国法人等", "foreign entity"),
    "foreign_group_company": (
        "外国のグループ会社（議決権50%以上の親子会社）",
        "foreign group company",
    ),
    "japanese_entity": ("本邦法人", "Japanese entity"),
}
CONCERNS: dict[str, Pair] = {
    "N": ("核兵器", "nuclear"),
    "B": ("生物兵器", "biological"),
    "C": ("化学兵器", "chemical"),
    "M": ("ミサイル", "missile"),
    "CW": ("通常兵器", "conventional weapons"),
}
CIRCLED = {1: "①", 2: "②", 3: "③"}
CLEAR_CHECKLIST: dict[str, Pair] = {
    "end_use_explained": (
        "需要者から用途・使用場所について説明を受け、確認した",
        "The end user explained the end use and the place of use",
    ),
    "end_use_not_concern": (
        "技術が大量破壊兵器等又は通常兵器の開発等以外の用途に用いられることを確認した",
        "The technology is used for purposes other than weapons development",
    ),
    "terms_normal": (
        "取引の条件・形態に懸念がない（用途・取引条件・形態のチェックリストの各項目に該当しない）",
        "No concern in the terms and form of the transaction (checklist)",
    ),
}
STATUSES: dict[str, Pair] = {
    "draft": ("作成中", "Draft"),
    "submitted": ("提出済み（一次審査待ち）", "Submitted (awaiting first review)"),
    "first_done": ("一次審査済み（二次審査待ち）", "First review done"),
    "second_done": ("二次審査済み", "Second review done"),
    "decided": ("決定済み", "Decided"),
    "cancelled": ("輸出取りやめ", "Cancelled"),
}
AFFILIATION_KINDS: dict[str, Pair] = {
    "university": ("大学", "university"),
    "company": ("企業", "company"),
    "government": ("政府機関", "government"),
    "research_institute": ("研究機関", "research institute"),
    "other": ("その他", "other"),
}
LEVELS: dict[str, Pair] = {
    "first": ("一次審査（部局責任者）", "First review (department)"),
    "second": ("二次審査（統括責任者）", "Second review (chief officer)"),
    "committee": ("委員会審議", "Committee decision"),
}
WORDS: dict[str, Pair] = {
    "yes": ("はい", "Yes"),
    "no": ("いいえ", "No"),
    "unanswered": ("未回答", "Not answered"),
    "unknown": ("不明", "Unknown"),
    "none": ("なし", "None"),
    "accepted": ("適用可", "Accepted"),
    "rejected": ("適用不可", "Rejected"),
    "japan": ("日本国内", "In Japan"),
    "abroad": ("外国", "Abroad"),
    "person": ("個人", "Person"),
    "organization": ("組織", "Organization"),
    "triggered": ("該当", "Triggered"),
    "not_triggered": ("非該当", "Not triggered"),
    "documented": ("記録あり", "Documented"),
    "no_hits": ("該当候補なし", "No matches"),
    "pending": ("未了", "Pending"),
    "certification": (
        "上記の記載内容は事実に相違ありません。内容に変更が生じた場合は速やかに届け出ます。",
        "I certify that the above is true and will report any change promptly.",
    ),
    "group": ("グループ", "Group"),
    "wmd": ("大量破壊兵器等", "WMD"),
    "conventional": ("通常兵器", "conventional weapons"),
    "not_decided": ("未決定", "Not decided"),
    "not_reviewed": ("未審査", "Not reviewed"),
    "held": ("取得済み", "held"),
    "applied": ("申請中", "applied"),
    "audit_intro": (
        "本報告書は、当該年度に判定した案件を集計し、内部監査のための抽出を行ったものである。",
        "This report summarises the cases judged in the fiscal year and draws a sample for internal audit.",  # noqa: E501
    ),
    "other": ("その他", "Other"),
    # from record format 3 on
    "resident": ("居住者", "Resident"),
    "non_resident": ("非居住者", "Non-resident"),
    "no_deemed": ("なし（居住者への提供）", "None (provision to a resident)"),
    "not_issued": ("未発行", "Not issued"),
    "derived": ("登録情報から判断", "from the registered facts"),
    "cleared_by_guideline": (
        "明らかガイドラインにより懸念用途に用いられないことが明らかと確認済み",
        "cleared by a documented 'clearly absent' finding",
    ),
    "not_required_listed": (
        "—（リスト規制該当のため確認不要）",
        "— (list-controlled: not required)",
    ),
    "not_cancelled": ("なし", "No"),
    "confirmed": ("確認済み", "Confirmed"),
    "not_confirmed": ("未確認", "Not confirmed"),
}


def text(pair: Pair, lang: str) -> str:
    return pair[0] if lang == "ja" else pair[1]


def enum_text(table: dict[str, Pair], code: str | None, lang: str) -> str:
    if code is None:
        return "—"
    pair = table.get(code)
    return text(pair, lang) if pair else code


# country groups as records print them (glossary §2.2); where the rule set loads no Group B,
# a country outside Group A and the 別表第3の2/第4 lists is a 一般国 (groups B and C); where it
# does, B or C (group D is printed as its table: 別表第3の2 or 第4)
GROUPS: dict[str, Pair] = {
    "A": ("グループA", "Group A"),
    "B": ("グループB", "Group B"),
    "C": ("グループC", "Group C"),
    "un": ("国連武器禁輸国・地域", "UN arms embargo"),
    "concern": ("懸念国", "country of concern"),
    "general": ("一般国", "general country"),
}
GROUP_TABLES: dict[str, Pair] = {
    "A": ("グループA（輸出令別表第3）", "Group A (Export Trade Control Order, Appended Table 3)"),
    "B": ("グループB", "Group B"),
    "C": ("グループC（グループA・B・D以外）", "Group C (outside groups A, B and D)"),
    "un": (
        "国連武器禁輸国・地域（輸出令別表第3の2）",
        "UN arms-embargo country (Appended Table 3-2)",
    ),
    "concern": ("懸念国（輸出令別表第4）", "Country of concern (Appended Table 4)"),
    "general": ("一般国（グループA・懸念国・国連武器禁輸国・地域以外）", "General country"),
}


# restricted-party lists by their names (glossary §2.6: never the list ID alone)
LIST_NAMES: dict[str, Pair] = {
    "jp-eul": ("外国ユーザーリスト", "End User List (METI)"),
}


def list_name(list_id: str | None, lang: str) -> str:
    pair = LIST_NAMES.get(list_id or "")
    return text(pair, lang) if pair else str(list_id or "—")


_ARTICLE = re.compile(
    r"(外為法|外為令|輸出令|貨物等省令|貿易外省令|民法) ?第?(\d+)条(?:第?(\d+)項)?(?:第?(\d+)号)?"
)
_TABLE_ITEM = re.compile(r"外為令別表 ?(\d+(?:-\d+)?)項")
_LIST_VERSION = re.compile(r"jp-eul ?(\d{4})-(\d{2})-(\d{2})")


def citation(text: str | None, lang: str) -> str:
    """An engine citation as a Japanese record prints it (glossary §2.1, §2.6): 「外為法第25条
    第1項」, 「外為令別表の16の項」, joined with 「、」, 「機関の方針」 for an unsettled point;
    stored answers of older desks are normalised the same way. English: as cited."""
    if not text:
        return ""
    if lang != "ja":
        return text
    out = text.replace("institutional policy", "機関の方針")
    out = _LIST_VERSION.sub(
        lambda m: f"外国ユーザーリスト（{int(m[1])}年{int(m[2])}月{int(m[3])}日公表）", out
    )
    out = out.replace("jp-eul", "外国ユーザーリスト")

    def article(m: re.Match[str]) -> str:
        law, art, para, num = m.groups()
        return law + f"第{art}条" + (f"第{para}項" if para else "") + (f"第{num}号" if num else "")

    out = _ARTICLE.sub(article, out)
    out = re.sub(r"第(\d+)条第(\d+)項第(\d+)号・(\d+)号", r"第\1条第\2項第\3号・第\4号", out)
    out = _TABLE_ITEM.sub(lambda m: f"外為令別表の{m[1].replace('-', 'の')}の項", out)
    out = out.replace("役務通達 ", "役務通達").replace("キャッチオール通達 ", "キャッチオール通達")
    out = re.sub(r"条・(\d+)条", r"条・第\1条", out)
    out = out.replace(" (", "（").replace("(", "（").replace(")", "）")
    out = re.sub(r"（(\d+)）", r"(\1)", out)  # legal sub-items stay half-width: 1(3)
    return out.replace("; ", "、").replace(";", "、")


def join(items: list[str], lang: str) -> str:
    """A list in running text: 「、」 in Japanese, ", " in English."""
    return ("、" if lang == "ja" else ", ").join(items)


def date_text(value: dt.date | str | None, lang: str) -> str | None:
    """A date as records print it: 「2026年10月2日」 in Japanese (glossary §2.3), ISO in English."""
    if value is None or value == "":
        return None
    day = value if isinstance(value, dt.date) else _parse_date(value)
    if day is None:
        return str(value)
    if lang == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def item_text(item: str | None, lang: str) -> str | None:
    """A control-list item as records print it: ``7:(1)`` → 「外為令別表の7の項(1)」,
    ``3-2`` → 「外為令別表の3の2の項」 (glossary §2.1)."""
    if not item:
        return None
    head, _sep, sub = item.partition(":")
    head = head.strip()
    sub = sub.strip()
    if lang == "ja":
        return f"外為令別表の{head.replace('-', 'の')}の項{sub}"
    return f"Foreign Exchange Order, Appended Table, item {head}{sub}"


def country_text(code: str | None, lang: str, groups: dict[str, str] | None = None) -> str:
    if not code:
        return "—"
    name = (COUNTRY_JA.get(code) if lang == "ja" else None) or country_name(code) or code
    group = (groups or {}).get(code)
    pair = GROUPS.get(group) if group else None
    if pair is None:
        return f"{code} {name}"
    return f"{code} {name}（{pair[0]}）" if lang == "ja" else f"{code} {name} ({pair[1]})"
