"""Hand-built record data: a preview for the record layouts, the benchmarks and the tests.

Names in several scripts (Chinese, Korean, Japanese, Persian, Cyrillic) exercise the
font chain; the engine answer follows the "What the engine answers" JSON shape.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desk.domain.case import parse_case
from desk.reports.data import CaseFacts, Evidence, Person, RecordData, SignOff, document_number

GENERATED = dt.datetime(2026, 9, 2, 1, 30, tzinfo=dt.UTC)

CASE: dict[str, Any] = {
    "format": "desk-case/1",
    "id": "S02",
    "title": "留学生（入国後5か月）へのリスト規制技術の提供",
    "as_of": "2026-09-01",
    "technology": {
        "title": "28 GHz GaN MMIC 電力増幅器のレイアウト規則とプロセスデータ",
        "classification": "listed",
        "item": "7:(1)",
        "concern_relevance": ["M"],
        "exemptions": [
            {
                "basis": "public_domain",
                "evidence": "IEEE MTT-S 2025 論文",
                "covers_all_content": False,
            },
        ],
    },
    "recipient": {
        "kind": "person",
        "name": "王 子涵",
        "name_latin": "Wang Zihan",
        "nationalities": ["CN"],
        "entered_japan_on": "2026-04-01",
        "affiliations": [
            {"name": "清华大学 电子工程系", "country": "CN", "kind": "university"},
            {"name": "國立臺灣大學", "country": "TW", "kind": "university"},
            {"name": "จุฬาลงกรณ์มหาวิทยาลัย", "country": "TH", "kind": "university"},
        ],
        "declaration": {"declared_on": "2026-04-10", "types": []},
    },
    "provision": {"place": "japan", "channels": ["lab_access", "document"]},
}

ASSESSMENT: dict[str, Any] = {
    "id": "S02",
    "outcome": "LICENSE_REQUIRED",
    "risk": "R3",
    "recipient_status": {
        "resident": False,
        "specific_categories": [],
        "treated_as_non_resident": True,
        "deemed_countries": ["CN"],
    },
    "controlled_because": ["non_resident"],
    "exemptions": [
        {
            "basis": "public_domain",
            "accepted": False,
            "reason": {
                "code": "exemption.public_domain.partial",
                "text_ja": "公知の資料は提供内容の一部しか含まない（covers_all_content が偽）。",
                "text_en": "The public material covers only part of what is provided (covers_all_content is false).",  # noqa: E501
            },
        }
    ],
    "list_hits": [
        {
            "list": "jp-eul",
            "entry": "541",
            "name": "Северный научный институт",
            "score": 0.91,
            "categories": ["M"],
        },
    ],
    "review_on": "2026-10-02",
    "reasons": [
        {
            "code": "residency.six_months",
            "citation": "外国為替法令の解釈及び運用について 6-1-5",
            "text_ja": "入国後6か月未満の外国人は非居住者として扱う（2026-10-02 に居住者となる）。",
            "text_en": "A foreign national less than six months after entry is a non-resident (resident from 2026-10-02).",  # noqa: E501
        },
        {
            "code": "list.item7",
            "citation": "外為令別表 7項; 貨物等省令 第19条",
            "text_ja": "リスト規制技術（7項）を非居住者に提供するため許可が必要。",
            "text_en": "Listed technology (item 7) provided to a non-resident needs a licence.",
        },
    ],
    "ruleset": {"id": "jp-fefta", "version": "2025-10-09"},
    "lists": [{"id": "jp-eul", "version": "2025-09-29"}],
}

FACTS = CaseFacts(
    applicant=Person("山田 太郎", "工学研究科 電気電子工学専攻", "准教授", "yamada@example.ac.jp"),
    activity="hosting",
    purpose="博士課程の研究指導",
    funding="運営費交付金",
    period="2026-10-01 – 2027-03-31",
    value="—",
    related_goods="GaN MMIC 電力増幅器（28 GHz 帯）",
    classification_basis="外為令別表の7の項(1)、貨物等省令第19条第1項第1号：出力・周波数が規定値を超える",
    evidence=(
        Evidence("項目別対比表 7項", "2025-10 版"),
        Evidence("パラメータシート MMIC-28G", "rev. 3"),
    ),
    classified_by="山田 太郎",
    classified_on=dt.date(2026, 8, 20),
    classification_reviewed_by="佐藤 花子",
    classification_reviewed_on=dt.date(2026, 8, 25),
    red_flags={"purpose_unclear": False, "military_tie": False, "other_concern": False},
    certified_by="山田 太郎",
    certified_on=dt.date(2026, 8, 20),
    decision="CONDITIONAL",
    conditions=(
        "許可取得まで当該データへのアクセスを認めない。",
        "2026年10月2日以降に特定類型を再確認する。",
    ),
    reviews=(
        SignOff(
            "first", "김민준", dt.date(2026, 8, 28), "LICENSE_REQUIRED", "部局として許可申請を推奨"
        ),
        SignOff("second", "محمد رضا احمدی", dt.date(2026, 8, 31), "CONDITIONAL", None),
    ),
    status="二次審査済",
)

GROUPS = {"CN": "general", "TW": "general", "TH": "general"}


def sample_record(
    kind: str = "screening", lang: str = "ja", serial: int = 1, **changes: Any
) -> RecordData:
    """One record with every section filled; ``changes`` replace fields of the case JSON."""
    case_json = {**CASE, **changes}
    return RecordData(
        kind=kind,
        document_number=document_number(kind, 2026, serial),
        lang=lang,
        generated_at=GENERATED,
        case=parse_case(case_json),
        assessment=ASSESSMENT,
        facts=FACTS,
        country_groups=GROUPS,
        institution="北関東科学技術大学",
    )


DEPARTMENTS = (
    "工学研究科",
    "理学研究科",
    "医学系研究科",
    "農学研究科",
    "情報科学研究科",
    "人文社会科学研究科",
    "Graduate School of Global Studies",
)
COUNTRIES = ("CN", "KR", "TW", "US", "IR", "RU", "IN", "VN", "DE", "JP", "TH", "ID")
_OUTCOMES = (
    "NOT_APPLICABLE",
    "NOT_LISTED_NO_TRIGGER",
    "EXEMPT",
    "LICENSE_REQUIRED",
    "LICENSE_REQUIRED_CATCHALL",
    "HOLD",
    "STOP",
)


def sample_audit(n: int = 200, fiscal_year: int = 2026, *, lang: str = "ja", seed: int = 7) -> Any:
    """``n`` made-up cases spread over the fiscal year (generated, never stored)."""
    import random

    from desk.reports.audit import AuditCase, AuditData

    rng = random.Random(seed)
    start = dt.date(fiscal_year, 4, 1)
    cases = []
    for i in range(n):
        outcome = rng.choice(_OUTCOMES)
        judged = start + dt.timedelta(days=rng.randrange(365))
        licence = rng.choice(("held", "applied", None)) if outcome.startswith("LICENSE") else None
        cases.append(
            AuditCase(
                case_id=f"C{fiscal_year}-{i + 1:05d}",
                judged_on=judged,
                title=f"研究協力 {i + 1}",
                department=rng.choice(DEPARTMENTS),
                country=rng.choice(COUNTRIES),
                outcome=outcome,
                risk=f"R{rng.randrange(5)}",
                status=rng.choice(("一次審査", "二次審査", "完了")),
                closed=rng.random() < 0.6,
                review_on=judged + dt.timedelta(days=rng.randrange(10, 200))
                if rng.random() < 0.3
                else None,
                licence=licence,
                licence_number=f"METI-{fiscal_year}-{rng.randrange(10**6):06d}"
                if licence == "held"
                else None,
                catchall_track=rng.choice(("wmd", "conventional"))
                if outcome == "LICENSE_REQUIRED_CATCHALL"
                else None,
                review_decision=rng.choice(
                    ("approve", "approve_with_conditions", "reject", "refer_to_meti", None)
                ),
                names_screened=rng.randrange(1, 4),
                list_hits=1 if rng.random() < 0.04 else 0,
                cleared_hits=1 if rng.random() < 0.02 else 0,
            )
        )
    return AuditData(
        fiscal_year=fiscal_year,
        document_number=f"DESK-{fiscal_year}-AUD-000001",
        lang=lang,
        generated_at=dt.datetime(fiscal_year + 1, 4, 15, 0, 0, tzinfo=dt.UTC),
        cases=tuple(cases),
        institution="北関東科学技術大学",
        versions="jp-fefta 2025-10-09 · jp-eul 2025-09-29",
        audit=sample_internal_audit(fiscal_year),
        chain_seq=1234,
        chain_sha256="ab" * 32,
    )


def sample_internal_audit(fiscal_year: int = 2026) -> Any:
    """A made-up internal audit with two checklist items answered and one finding."""
    from desk.reports.audit import AuditAction, AuditCheck, AuditFinding, InternalAuditFacts

    return InternalAuditFacts(
        ref=f"IA-{fiscal_year}-01",
        fiscal_year=fiscal_year,
        plan="全部局の該非判定票及び取引審査票を抽出により確認する。",
        scope="工学研究科、理学研究科、事務局",
        auditors="監査 太郎、検査 花子",
        audit_on=dt.date(fiscal_year + 1, 3, 2),
        checklist_source="CISTEC 大学向けチェックリストの構成に準拠（desk 同梱版）",
        checks=(
            AuditCheck("1-1", "管理体制", "最高責任者が定められているか。", "conform", None),
            AuditCheck(
                "4-2", "取引審査", "取引審査票に二次審査の記録があるか。", "nonconform", "2件欠落"
            ),
        ),
        findings=(
            AuditFinding(
                1,
                "二次審査の署名が欠けた取引審査票がある。",
                check_code="4-2",
                severity="major",
                actions=(
                    AuditAction(
                        "該当する2件の二次審査を実施し記録する。",
                        "輸出管理事務局",
                        dt.date(fiscal_year + 1, 4, 30),
                    ),
                ),
            ),
        ),
    )
