"""The audit trail's actions and record kinds in words (Japanese / English), for the
audit-log viewer: 「案件の取り込み」 rather than ``case.import``. A kind not listed here is
shown as stored (the Japanese-UI walk, tests/gui/test_japanese_walk.py, finds it)."""

from __future__ import annotations

from desk.domain.i18n import pick

Pair = tuple[str, str]  # (Japanese, English)

FAMILIES: dict[str, Pair] = {
    "auth": ("サインイン", "sign-in"),
    "campaign": ("一斉確認", "campaigns"),
    "case": ("案件", "cases"),
    "cases": ("案件", "cases"),
    "catchall": ("キャッチオール規制", "catch-all"),
    "classification": ("該非判定", "classifications"),
    "db": ("データベース", "database"),
    "demo": ("デモデータ", "demo data"),
    "inform": ("インフォーム通知", "inform notices"),
    "intake_review": ("受付時の確認", "intake review"),
    "internal_audit": ("内部監査", "internal audit"),
    "licence": ("許可", "licences"),
    "list": ("照合リスト", "lists"),
    "party": ("相手方", "parties"),
    "person": ("人", "people"),
    "organization": ("組織", "organizations"),
    "project": ("研究プロジェクト", "projects"),
    "technical_item": ("技術情報", "technical data"),
    "trip": ("渡航申請", "trips"),
    "trips": ("渡航申請", "trips"),
    "record": ("記録", "records"),
    "register": ("台帳", "registers"),
    "report": ("報告書", "reports"),
    "retention": ("保存期間", "retention"),
    "review": ("審査", "reviews"),
    "roster": ("名簿", "rosters"),
    "screening": ("リスト照合", "screening"),
    "settings": ("設定", "settings"),
    "shipment": ("貨物の輸出", "shipments"),
    "shipments": ("貨物の輸出", "shipments"),
    "user": ("利用者", "users"),
}

VERBS: dict[str, Pair] = {
    "action": ("是正処置", "corrective action"),
    "action_close": ("是正処置の完了", "corrective action closed"),
    "add": ("登録", "added"),
    "apply": ("適用", "applied"),
    "assess": ("判定", "assessed"),
    "attach": ("添付", "attached"),
    "backup": ("バックアップ", "backup"),
    "certificate": ("非該当証明書の発行", "certificate issued"),
    "check": ("確認項目", "checklist item"),
    "confirm": ("確認", "confirmed"),
    "create": ("作成", "created"),
    "decide": ("審査の決定", "decision"),
    "disable": ("無効化", "disabled"),
    "dispose": ("廃棄", "disposed of"),
    "edit": ("編集", "edited"),
    "enable": ("有効化", "enabled"),
    "evidence": ("証拠資料", "evidence"),
    "export": ("書き出し", "exported"),
    "finding": ("指摘事項", "finding"),
    "grant": ("役割の付与", "role granted"),
    "hold": ("保全", "legal hold"),
    "import": ("取り込み", "imported"),
    "issue": ("発行", "issued"),
    "licence": ("許可の記録", "licence recorded"),
    "load": ("読み込み", "loaded"),
    "locked": ("ロック", "locked"),
    "merge": ("統合", "merged"),
    "password": ("パスワード設定", "password set"),
    "policy": ("サインインの方針", "sign-in policy"),
    "print": ("印刷", "printed"),
    "record": ("記録", "recorded"),
    "release": ("保全の解除", "hold released"),
    "reopen": ("再開", "reopened"),
    "restore": ("復元", "restored"),
    "retire": ("使用終了", "retired"),
    "save": ("保存", "saved"),
    "revoke": ("役割の取消し", "role revoked"),
    "screen": ("照合", "screened"),
    "set": ("設定", "set"),
    "setup_roles": ("役割の準備", "roles set up"),
    "sign_in": ("サインイン", "signed in"),
    "sign_in_failed": ("サインインの失敗", "sign-in failed"),
    "sign_off": ("承認", "signed off"),
    "sign_out": ("サインアウト", "signed out"),
    "start": ("開始", "started"),
    "status": ("状態の変更", "status changed"),
    "submit": ("提出", "submitted"),
    "transaction_check": ("取引審査", "transaction check"),
    "unlock": ("ロック解除", "unlocked"),
    "update": ("更新", "updated"),
}

ENTITIES: dict[str, Pair] = {
    "audit_events": ("監査ログ", "audit log"),
    "campaign": ("一斉確認", "campaign"),
    "case": ("案件", "case"),
    "classification": ("該非判定", "classification"),
    "database": ("データベース", "database"),
    "inform": ("インフォーム通知", "inform notice"),
    "internal_audit": ("内部監査", "internal audit"),
    "licence": ("許可", "licence"),
    "list_version": ("リストの版", "list version"),
    "organization": ("組織", "organization"),
    "person": ("人", "person"),
    "project": ("研究プロジェクト", "project"),
    "record": ("記録", "record"),
    "report": ("報告書", "report"),
    "retention": ("保存期間", "retention"),
    "schema": ("データベースの構造", "schema"),
    "screening_record": ("照合の記録", "screening record"),
    "setting": ("設定", "setting"),
    "shipment": ("貨物の輸出", "shipment"),
    "signin_policy": ("サインインの方針", "sign-in policy"),
    "technical_item": ("技術情報", "technical data"),
    "trip": ("渡航申請", "trip"),
    "user": ("利用者", "user"),
}


def family_label(family: str) -> str:
    """``case`` → 「案件」 / "cases"; an unknown family as it is."""
    return pick(*FAMILIES[family]) if family in FAMILIES else family


def action_label(action: str) -> str:
    """``case.import`` → 「案件：取り込み」 / "cases: imported"; unknown parts as they are."""
    family, _dot, verb = action.partition(".")
    if not verb:
        return family_label(family)
    verb_label = pick(*VERBS[verb]) if verb in VERBS else verb
    return pick("{f}：{v}", "{f}: {v}").format(f=family_label(family), v=verb_label)


def entity_label(entity: str, entity_id: str | None) -> str:
    """``case``, ``12`` → 「案件 12」."""
    name = pick(*ENTITIES[entity]) if entity in ENTITIES else entity
    return f"{name} {entity_id or ''}".strip()
