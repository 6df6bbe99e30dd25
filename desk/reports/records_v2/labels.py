"""Printed labels, each written in Japanese and English side by side.

Field labels are printed in both languages on every record (Japanese first,
English beneath), whatever the report language, so they are kept as pairs here
rather than as catalogue entries; values (outcomes, answers, reasons) are printed
in the report language with :func:`text`.
"""

from __future__ import annotations

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
    "ruleset": ("適用規則版", "Rule set"),
    "lists": ("リスト版", "Lists"),
    "fingerprint": ("内容指紋 (SHA-256)", "Content fingerprint (SHA-256)"),
    "page": ("頁", "Page"),
    "institution": ("機関", "Institution"),
    "as_of": ("判断基準日", "Judged as of"),
    # sections
    "s_applicant": ("申請者", "Applicant"),
    "s_activity": ("活動の種類", "Type of activity"),
    "s_counterpart": ("相手方", "Counterpart"),
    "s_residency": ("居住性", "Residency"),
    "s_declaration": ("特定類型の申告", "Specific-category declaration"),
    "s_technology": ("提供する技術", "Technology"),
    "s_exemptions": ("例外の主張", "Exemptions claimed"),
    "s_red_flags": ("懸念確認事項", "Red-flag questions"),
    "s_certification": ("申請者の確認", "Certification"),
    "s_classification": ("該非判定", "Classification"),
    "s_evidence": ("根拠資料", "Evidence documents"),
    "s_signatures": ("判定者・確認者", "Classified and reviewed by"),
    "s_outline": ("案件概要", "Case outline"),
    "s_carried": ("該非判定結果（転記）", "Classification carried over"),
    "s_recipient": ("提供先", "Recipient"),
    "s_list_screening": ("リスト照合結果", "List screening"),
    "s_catch_all": ("キャッチオール確認", "Catch-all checks"),
    "s_engine": ("判定エンジンの結論", "Engine outcome"),
    "s_reasons": ("理由と根拠", "Reasons and citations"),
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
    "location": ("現在の所在", "Location"),
    "entered_japan_on": ("入国日", "Entered Japan on"),
    "employment": ("国内での雇用", "Employment in Japan"),
    "resident": ("居住者", "Resident"),
    "deemed_countries": ("みなし仕向国", "Deemed countries"),
    "review_on": ("再確認日", "Review on"),
    "declared_on": ("申告日", "Declared on"),
    "declared_types": ("申告類型", "Declared categories"),
    "specific_categories": ("特定類型（判定）", "Specific categories (engine)"),
    "ties": ("外国との関係", "Foreign ties"),
    "technology": ("技術", "Technology"),
    "classification": ("該非", "Classification"),
    "item": ("外為令別表 項番", "Control list item"),
    "specific_item_16_1": ("16項(1) 特定品目", "Item 16(1) specified goods"),
    "concern_relevance": ("懸念用途の関連", "Concern relevance"),
    "related_goods": ("関連貨物", "Related goods"),
    "basis": ("判定根拠", "Basis"),
    "classified_by": ("判定者", "Classified by"),
    "reviewed_by": ("確認者", "Reviewed by"),
    "date": ("日付", "Date"),
    "version": ("版", "Version"),
    "title": ("名称", "Title"),
    "exemption_basis": ("例外条項", "Basis"),
    "exemption_facts": ("事実", "Facts"),
    "exemption_result": ("結果", "Result"),
    "exemption_reason": ("不成立の理由", "Failed fact"),
    "question": ("質問", "Question"),
    "answer": ("回答", "Answer"),
    "certified_by": ("確認者（申請者）", "Certified by"),
    "certification_text": ("確認文", "Statement"),
    "provision_place": ("提供場所", "Place of provision"),
    "channels": ("提供方法", "Channels"),
    "provision_date": ("提供予定日", "Planned date"),
    "list": ("リスト", "List"),
    "entry": ("登録番号", "Entry"),
    "listed_name": ("登録名称", "Listed name"),
    "score": ("一致度", "Score"),
    "categories": ("懸念区分", "Concern categories"),
    "cleared": ("審査済みの一致", "Cleared hits"),
    "screened_on": ("照合日", "Screened on"),
    "check": ("確認項目", "Check"),
    "result": ("結果", "Result"),
    "outcome": ("結論", "Outcome"),
    "risk": ("リスク", "Risk"),
    "controlled_because": ("規制の理由", "Controlled because"),
    "reason": ("理由", "Reason"),
    "citation": ("根拠", "Citation"),
    "decision": ("決定", "Decision"),
    "level": ("審査段階", "Level"),
    "reviewer": ("審査者", "Reviewer"),
    "comment": ("所見", "Comment"),
    "signature": ("署名", "Signature"),
    "status": ("状態", "Status"),
    # audit
    "fiscal_year": ("年度", "Fiscal year"),
    "period_covered": ("対象期間", "Period covered"),
    "s_summary": ("概要", "Summary"),
    "s_by_outcome": ("結論別件数", "Cases by outcome"),
    "s_by_risk": ("リスク別件数", "Cases by risk"),
    "s_by_department": ("部局別件数", "Cases by department"),
    "s_by_country": ("国・地域別件数", "Cases by country"),
    "s_shipments_by_outcome": ("貨物の輸出：結論別件数", "Shipments of goods by outcome"),
    "s_licences": ("許可申請要・許可取得案件", "Licence-required and licensed cases"),
    "s_overdue": ("期限超過の再確認", "Overdue reviews"),
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
    "NOT_APPLICABLE": ("規制対象外（許可不要）", "Not controlled (no licence needed)"),
    "NOT_LISTED_NO_TRIGGER": (
        "非該当・キャッチオール非該当（許可不要）",
        "Not listed, no catch-all trigger (no licence needed)",
    ),
    "EXEMPT": ("例外適用（許可不要）", "Exemption applies (no licence needed)"),
    "LICENSE_REQUIRED": ("許可申請要（リスト規制）", "Licence required (list control)"),
    "LICENSE_REQUIRED_CATCHALL": ("許可申請要（キャッチオール）", "Licence required (catch-all)"),
    "CONDITIONAL": ("条件付承認", "Approved with conditions"),
    "HOLD": ("要確認・保留", "On hold: information needed"),
    "STOP": ("不承認・取引中止", "Refused: do not proceed"),
    # a reviewer's decision, not an engine outcome (desk.services.workflow)
    "REFER_TO_METI": ("経済産業省へ相談・許可申請", "Referred to METI (consultation or licence)"),
    "COMMITTEE": ("委員会へ付議", "Referred to the committee"),
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
    "public_domain": ("公知（貿易外省令9条2項9号）", "Public domain (Art. 9(2)(ix))"),
    "publication": ("公知化目的（9条2項9号）", "For publication (Art. 9(2)(ix))"),
    "fundamental_research": (
        "基礎科学分野の研究（9条2項10号）",
        "Fundamental research (Art. 9(2)(x))",
    ),
    "patent_filing": ("工業所有権の出願（9条2項11号）", "Patent filing (Art. 9(2)(xi))"),
    "minimum_use_technology": ("必要最小限の使用技術", "Minimum use technology"),
    "commercial_software": ("市販プログラム", "Commercial software"),
}
CONTROLLED_BECAUSE: dict[str, Pair] = {
    "place_abroad": ("外国での提供", "Provided abroad"),
    "non_resident": ("非居住者への提供", "Recipient is a non-resident"),
    "specific_category_1": ("特定類型①", "Specific category 1"),
    "specific_category_2": ("特定類型②", "Specific category 2"),
    "specific_category_3": ("特定類型③", "Specific category 3"),
    "re_provision": ("非居住者への再提供", "Re-provision to a non-resident"),
    "media_abroad": ("記録媒体の持ち出し", "Media carried abroad"),
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
    "concern_country": (
        "国籍・出身国は懸念国（イラン・イラク・北朝鮮）又は国連武器禁輸国ですか。",
        "Is the nationality or home country a country of concern or under a UN arms embargo?",
    ),
    "purpose_unclear": (
        "目的や派遣元が不明確ですか。",
        "Is the purpose or the sending organisation unclear?",
    ),
    "military_tie": (
        "軍・兵器製造者との関係がありますか。",
        "Is there a military or weapons-maker connection?",
    ),
    "other_concern": ("その他の懸念情報がありますか。", "Is there any other concern information?"),
}
CATCH_ALL: dict[str, Pair] = {
    "end_use": ("用途要件", "End use"),
    "end_user": ("需要者要件", "End user"),
    "inform": ("インフォーム", "Inform notice"),
    "clear_finding": ("明らかガイドライン", "'Clearly absent' guideline"),
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
    "accepted": ("成立", "Accepted"),
    "rejected": ("不成立", "Rejected"),
    "japan": ("日本国内", "In Japan"),
    "abroad": ("外国", "Abroad"),
    "person": ("個人", "Person"),
    "organization": ("組織", "Organization"),
    "triggered": ("該当", "Triggered"),
    "not_triggered": ("非該当", "Not triggered"),
    "documented": ("記録あり", "Documented"),
    "no_hits": ("一致なし", "No matches"),
    "pending": ("未了", "Pending"),
    "certification": (
        "上記の記載内容は事実に相違ありません。内容に変更が生じた場合は速やかに届け出ます。",
        "I certify that the above is true and will report any change promptly.",
    ),
    "group": ("グループ", "Group"),
    "wmd": ("大量破壊兵器", "WMD"),
    "conventional": ("通常兵器", "conventional weapons"),
    "not_decided": ("未決定", "Not decided"),
    "not_reviewed": ("未審査", "Not reviewed"),
    "held": ("取得済", "held"),
    "applied": ("申請中", "applied"),
    "audit_intro": (
        "本報告書は、当該年度に判定した案件を集計し、内部監査のための抽出を行ったものである。",
        "This report summarises the cases judged in the fiscal year and draws a sample for internal audit.",  # noqa: E501
    ),
    "other": ("その他", "Other"),
}


def text(pair: Pair, lang: str) -> str:
    return pair[0] if lang == "ja" else pair[1]


def enum_text(table: dict[str, Pair], code: str | None, lang: str) -> str:
    if code is None:
        return "—"
    pair = table.get(code)
    return text(pair, lang) if pair else code


def country_text(code: str | None, lang: str, groups: dict[str, str] | None = None) -> str:
    if not code:
        return "—"
    name = (COUNTRY_JA.get(code) if lang == "ja" else None) or country_name(code) or code
    group = (groups or {}).get(code)
    suffix = f" [{text(WORDS['group'], lang)} {group}]" if group else ""
    return f"{code} {name}{suffix}"
