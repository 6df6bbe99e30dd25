"""Bilingual labels of the audit report that no case record prints (Japanese per
../shared/domain/glossary-ja.md: verdict first, 判定 for the engine, 決定 for a reviewer)."""

from __future__ import annotations

from desk.reports.labels import Pair

L: dict[str, Pair] = {
    "report_date": ("報告日", "Report date"),
    "chain_head": ("監査証跡の先頭（発行時）", "Audit trail head at issue"),
    "s_audit": ("内部監査の計画と実施", "The internal audit: plan and conduct"),
    "audit_ref": ("監査番号", "Audit"),
    "plan": ("監査計画", "Plan"),
    "scope": ("監査範囲", "Scope"),
    "auditors": ("監査人", "Auditor(s)"),
    "audit_on": ("監査実施日", "Audit date"),
    "checklist_source": ("チェックリストの出典", "Checklist source"),
    "s_checklist": ("監査チェックリスト", "Audit checklist"),
    "item_no": ("番号", "No."),
    "check_item": ("確認項目", "Item"),
    "check_result": ("評価", "Result"),
    "notes": ("備考", "Notes"),
    "s_findings": ("指摘事項と是正措置", "Findings and corrective actions"),
    "finding": ("指摘事項", "Finding"),
    "severity": ("区分", "Severity"),
    "action": ("是正措置", "Corrective action"),
    "owner": ("担当", "Owner"),
    "due_on": ("期限", "Due"),
    "follow_up": ("フォローアップ", "Follow-up"),
    "s_sign_off": ("監査の承認", "Sign-off"),
    "signed_off_by": ("承認者", "Signed off by"),
    "signed_off_on": ("承認日", "Signed off on"),
    "comment": ("所見", "Comment"),
    "s_by_outcome": (
        "判定結果別件数（システムによる判定）",
        "Cases by outcome (the engine's judgement)",
    ),
    "s_by_decision": ("決定別件数（審査者による決定）", "Cases by decision (the reviewers')"),
    "s_catchall": ("キャッチオール規制の区分別件数", "Catch-all cases by track"),
    "cleared": ("同一でないと判断した候補", "Hits judged not the same"),
    "decision": ("決定", "Decision"),
    "s_overdue": ("再確認日を過ぎた案件", "Cases past their review date"),
}

CATCHALL_OUTCOMES: dict[str, Pair] = {
    "LICENSE_REQUIRED_CATCHALL:wmd": (
        "許可申請要（キャッチオール規制・大量破壊兵器等）",
        "Licence required (catch-all: WMD)",
    ),
    "LICENSE_REQUIRED_CATCHALL:conventional": (
        "許可申請要（キャッチオール規制・通常兵器）",
        "Licence required (catch-all: conventional weapons)",
    ),
}

TRACKS: dict[str, Pair] = {
    "wmd": ("大量破壊兵器等", "WMD"),
    "conventional": ("通常兵器", "Conventional weapons"),
    "unknown": ("区分の記録なし", "Track not recorded"),
}

DECISIONS: dict[str, Pair] = {
    "approve": ("承認", "Approved"),
    "approve_with_conditions": ("条件付承認", "Approved with conditions"),
    "reject": ("不承認", "Refused"),
    "return_for_information": ("差戻し（情報不足）", "Returned for information"),
    "refer_to_meti": ("経済産業省へ事前相談", "Referred to METI"),
    "escalate": ("委員会へ付議", "Referred to the committee"),
    "undecided": ("未決定", "Not decided"),
}

RESULTS: dict[str, Pair] = {
    "conform": ("適", "Conforms"),
    "nonconform": ("不適", "Does not conform"),
    "na": ("該当なし", "Not applicable"),
    "unchecked": ("未評価", "Not assessed"),
}

SEVERITIES: dict[str, Pair] = {
    "major": ("重大", "Major"),
    "minor": ("軽微", "Minor"),
    "observation": ("改善提案", "Observation"),
}

ACTION_STATUSES: dict[str, Pair] = {
    "open": ("未完了", "Open"),
    "closed": ("完了", "Closed"),
}

WORDS: dict[str, Pair] = {
    "no_audit": (
        "この年度の内部監査は記録されていない。",
        "No internal audit is recorded for this fiscal year.",
    ),
    "not_signed_off": ("未承認", "Not signed off"),
    "no_findings": ("指摘事項なし", "No findings"),
    "no_cases": ("該当する案件なし", "No cases"),
    "intro": (
        "本報告書は、当該年度の内部監査の計画、チェックリスト、指摘事項及び是正措置を記録し、"
        "当該年度に判定した案件（報告日までに判定したものに限る。）を集計して、"
        "内部監査のための抽出を行ったものである。システムによる判定結果と審査者による決定は"
        "別々に集計する。",
        "This report records the fiscal year's internal audit (plan, checklist, findings and "
        "corrective actions), counts the cases judged in the year up to the report's date and "
        "draws a sample for the auditor. The engine's outcomes and the reviewers' decisions "
        "are counted separately.",
    ),
}
