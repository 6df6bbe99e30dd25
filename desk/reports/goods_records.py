"""The goods records of a shipment (goods-policy.md §G11), bilingual (Japanese first, English
under it), as the case records are:

- the **取引審査票** (transaction review sheet): the shipment, consignee, end user and end
  use, the list screening with the list versions, each line's judgment, the shipment's
  outcome and risk with the documents it needs, and the review — who submitted, who
  reviewed at each level, the decision — with the export permit once recorded;
- the **関税法94条の帳簿** entry (record book under Article 94 of the Customs Act, 施行令83
  条): per line 品名, 数量, 価格, and 仕向人, 輸出許可年月日 and 許可書番号, with the period it
  is kept (5 years from the day after the permit date). Only for courier and freight
  shipments (hand carry and post are outside Article 94) with a recorded permit.

The renderers are pure functions of :class:`GoodsRecordData`: no clock, no database, no
settings — the same data gives the same bytes, and the content's SHA-256 is printed on
every page, so ``desk report verify`` renders a record again and compares bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportlab.platypus.flowables import Flowable

from desk.domain.errors import InvalidInput
from desk.domain.goods import Party, Shipment, dumps_shipment
from desk.domain.localtime import local_date
from desk.reports.layout import PageInfo, build, fields_table, gap, grid_table, heading, para

KINDS = ("review_sheet", "customs_book")
KIND_CODES = {"review_sheet": "GRS", "customs_book": "GCB"}
TITLES = {
    "review_sheet": ("取引審査票（貨物）", "Transaction review sheet (goods)"),
    "customs_book": ("関税法第94条 帳簿記載事項", "Record book entry under Customs Act Art. 94"),
}
KEYWORD = "desk-goods"
CUSTOMS_YEARS = 5
MODES = {
    "courier": ("国際宅配便", "courier"),
    "freight": ("貨物輸送", "freight"),
    "hand_carry": ("携行", "hand carry"),
    "post": ("郵便", "post"),
}
OUTCOMES = {
    "NOT_APPLICABLE": ("非該当", "not applicable"),
    "NOT_LISTED_NO_TRIGGER": ("リスト規制非該当・キャッチオール要件なし", "not listed, no trigger"),
    "EXEMPT": ("特例適用", "exempt"),
    "LICENSE_REQUIRED": ("許可要", "licence required"),
    "LICENSE_REQUIRED_CATCHALL": ("許可要（キャッチオール）", "licence required (catch-all)"),
    "HOLD": ("保留", "hold"),
    "STOP": ("中止", "stop"),
}
DOCUMENTS = {
    "export_licence": ("輸出許可証", "export licence"),
    "non_applicability_certificate": ("非該当証明書", "certificate of non-applicability"),
    "exception_declaration": ("特例適用の申告", "declaration of the exception"),
    "hand_carry_declaration": ("携帯品の輸出申告", "hand-carry export declaration"),
}
LEVELS = {
    "self": ("申請（事前確認）", "submission"),
    "first": ("一次審査（部局責任者）", "first review (department head)"),
    "second": ("二次審査（統括責任者）", "second review (export control director)"),
}
DECISIONS = {
    "submit": ("申請", "submitted"),
    "approve": ("承認", "approved"),
    "approve_with_conditions": ("条件付承認", "approved with conditions"),
    "reject": ("不承認", "rejected"),
    "refer_to_meti": ("経済産業省へ相談", "referred to METI"),
    "return_for_information": ("差戻し", "returned for information"),
}
STATUSES = {
    "draft": ("下書き", "draft"),
    "submitted": ("申請済み", "submitted"),
    "first_review": ("一次審査中", "first review"),
    "second_review": ("二次審査中", "second review"),
    "decided": ("決定済み", "decided"),
    "closed": ("完了", "closed"),
}


@dataclass(frozen=True)
class StepLine:
    level: str  # self | first | second
    decision: str
    reviewer: str  # the reviewer's name
    decided_at: dt.datetime
    outcome: str
    risk: str
    conditions: tuple[str, ...] = ()
    comment: str | None = None
    final: bool = False


@dataclass(frozen=True)
class GoodsRecordData:
    kind: str  # KINDS
    document_number: str
    generated_at: dt.datetime
    institution: str
    shipment: Shipment
    status: str
    result: Mapping[str, Any] | None  # the stored assessment's answer (engine JSON)
    assessment_id: int | None
    steps: tuple[StepLine, ...] = ()
    permit_number: str | None = None
    permit_date: dt.date | None = None
    zone: str = "Asia/Tokyo"


def fingerprint(data: GoodsRecordData) -> str:
    canonical = {
        "kind": data.kind,
        "document_number": data.document_number,
        "generated_at": data.generated_at.isoformat(),
        "institution": data.institution,
        "shipment": dumps_shipment(data.shipment, include_expected=False),
        "status": data.status,
        "result": data.result,
        "assessment": data.assessment_id,
        "steps": [
            [
                s.level,
                s.decision,
                s.reviewer,
                s.decided_at.isoformat(),
                s.outcome,
                s.risk,
                list(s.conditions),
                s.comment,
                s.final,
            ]
            for s in data.steps
        ],
        "permit": [data.permit_number, data.permit_date.isoformat() if data.permit_date else None],
        "zone": data.zone,
    }
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def keep_until(permit_date: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day the book entry is kept: 5 years from the day after the permit
    date (関税法施行令83条)."""
    start = permit_date + dt.timedelta(days=1)
    try:  # 民法143条: the day before the corresponding day …
        end = start.replace(year=start.year + CUSTOMS_YEARS) - dt.timedelta(days=1)
    except ValueError:  # … or, with none (29 February), the last day of that month
        end = start.replace(year=start.year + CUSTOMS_YEARS, day=28)
    return start, end


def customs_applies(data: GoodsRecordData) -> bool:
    records = (data.result or {}).get("records") or {}
    if "customs_article_94" in records:
        return bool(records["customs_article_94"])
    return data.shipment.shipment.mode in ("courier", "freight")


def check_record(data: GoodsRecordData) -> None:
    """InvalidInput naming the shipment and the key when the record cannot be issued."""
    source = f"shipment {data.shipment.id}"
    if data.kind not in KINDS:
        raise InvalidInput(f"unknown record kind {data.kind}", where="kind")
    if data.result is None:
        raise InvalidInput(
            "the shipment has no assessment: assess it first", source=source, where="assessment"
        )
    if data.kind == "customs_book":
        if not customs_applies(data):
            raise InvalidInput(
                "関税法94条 applies to courier and freight shipments only (hand carry and "
                "post are outside it)",
                source=source,
                where="shipment.mode",
            )
        if data.permit_number is None or data.permit_date is None:
            raise InvalidInput(
                "the export permit number and date are not recorded (desk shipments permit)",
                source=source,
                where="permit",
            )


# --------------------------------------------------------------------------- helpers


def _pair(pairs: Mapping[str, tuple[str, str]], key: str | None) -> str:
    if key is None:
        return "—"
    ja, en = pairs.get(key, (key, key))
    return f"{ja} / {en}"


def _party(value: Party | str | None, consignee: Party | str | None = None) -> str:
    if value is None:
        return "不明 / unknown"
    if value == "consignee":
        return "荷受人と同じ / same as the consignee" + (
            f"（{_party(consignee)}）" if isinstance(consignee, Party) else ""
        )
    if value == "traveller":
        return "携行者本人 / the traveller"
    if value == "unknown":
        return "不明 / unknown"
    if isinstance(value, str):
        return value
    latin = f" ({value.name_latin})" if value.name_latin else ""
    return f"{value.name}{latin} [{value.country}]"


def _money(value: Decimal, currency: str) -> str:
    return f"{value:,f} {currency}"


def _when(at: dt.datetime, zone: str) -> str:
    return local_date(at, zone).isoformat()


# --------------------------------------------------------------------------- review sheet


def _review_sheet(data: GoodsRecordData) -> list[Flowable]:
    s = data.shipment
    info = s.shipment
    result = data.result or {}
    countries = ", ".join([info.destination, *info.onward_countries])
    story: list[Flowable] = [
        fields_table(
            [
                (("機関", "Institution"), para(data.institution, field="institution")),
                (("輸出案件", "Shipment"), para(f"{s.id} {s.title or ''}".strip(), field="id")),
                (("輸送方法", "Mode"), para(_pair(MODES, info.mode), field="mode")),
                (("仕向地", "Destination"), para(countries, field="destination")),
                (
                    ("輸出予定日", "Export date"),
                    para(info.date.isoformat() if info.date else "—", field="date"),
                ),
                (("荷受人", "Consignee"), para(_party(info.consignee), field="consignee")),
                (
                    ("最終需要者", "End user"),
                    para(_party(info.end_user, info.consignee), field="end_user"),
                ),
                (("用途", "End use"), para(info.stated_end_use or "—", field="end_use")),
                (("状態", "Status"), para(_pair(STATUSES, data.status), field="status")),
            ]
        ),
        gap(),
        heading(("リスト・スクリーニング", "List screening")),
    ]
    lists = "、".join(f"{x.get('id')} {x.get('version')}" for x in result.get("lists") or [])
    hits = result.get("list_hits") or []
    hit_text = (
        "\n".join(
            f"{h.get('party')}: {h.get('name')} [{h.get('country')}] — {h.get('list')} "
            f"{h.get('entry')} ({h.get('band')}, {h.get('score')})"
            for h in hits
        )
        if hits
        else "該当なし / no hits"
    )
    story += [
        fields_table(
            [
                (("照合したリスト", "Lists screened"), para(lists or "—", field="lists")),
                (("ヒット", "Hits"), para(hit_text, field="hits")),
            ]
        ),
        gap(),
        heading(("貨物ごとの判定", "Judgment per line")),
    ]
    by_line = {ln.get("line"): ln for ln in result.get("lines") or []}
    rows: list[Sequence[Flowable | str]] = []
    for n, g in enumerate(s.goods, start=1):
        judged = by_line.get(n, {})
        c = g.classification
        rows.append(
            [
                para(str(n), field="line"),
                para("\n".join(x for x in (g.name, g.model, g.maker) if x), field="goods"),
                para(
                    f"{g.quantity:f} {g.unit}\n{judged.get('value_jpy', '—')} JPY",
                    field="value",
                ),
                para(
                    f"{c.status}" + (f" {c.item}" if c.item else "") + f"\n{g.hs_code or '—'}",
                    field="classification",
                ),
                para(
                    f"{_pair(OUTCOMES, judged.get('outcome'))}\n{judged.get('risk') or '—'}",
                    field="outcome",
                ),
            ]
        )
    story.append(
        grid_table(
            [
                ("行", "Line"),
                ("品名・型番・メーカー", "Goods, model, maker"),
                ("数量・価格", "Quantity, value"),
                ("該非・HS", "Classification, HS"),
                ("判定", "Outcome"),
            ],
            rows,
            [8, 60, 32, 40, 50],
        )
    )
    documents = "、".join(_pair(DOCUMENTS, d) for d in result.get("documents") or []) or "—"
    ruleset = result.get("ruleset") or {}
    reasons = "\n".join(
        f"{r.get('line') or '—'} {r.get('code')}: {r.get('text_ja')} / {r.get('text_en')}"
        for r in result.get("reasons") or []
    )
    story += [
        gap(),
        heading(("取引の判定", "Judgment of the shipment")),
        fields_table(
            [
                (
                    ("判定", "Outcome"),
                    para(_pair(OUTCOMES, result.get("outcome")), field="outcome"),
                ),
                (("リスク", "Risk"), para(str(result.get("risk") or "—"), field="risk")),
                (("必要書類", "Documents needed"), para(documents, field="documents")),
                (("理由", "Reasons"), para(reasons or "—", field="reasons")),
                (
                    ("規則セット", "Rule set"),
                    para(
                        f"{ruleset.get('id')} {ruleset.get('version')}"
                        f"（判定 assessment {data.assessment_id}）",
                        field="ruleset",
                    ),
                ),
            ]
        ),
        gap(),
        heading(("審査", "Review")),
    ]
    step_rows: list[Sequence[Flowable | str]] = []
    for st in data.steps:
        notes = "\n".join([*st.conditions, *([st.comment] if st.comment else [])])
        step_rows.append(
            [
                para(_pair(LEVELS, st.level), field="level"),
                para(_pair(DECISIONS, st.decision), field="decision"),
                para(st.reviewer, field="reviewer"),
                para(_when(st.decided_at, data.zone), field="date"),
                para(f"{st.outcome} {st.risk}", field="assessment"),
                para(notes or "—", field="notes"),
            ]
        )
    if step_rows:
        story.append(
            grid_table(
                [
                    ("段階", "Step"),
                    ("決定", "Decision"),
                    ("審査者", "Reviewer"),
                    ("日付", "Date"),
                    ("判定", "Judged"),
                    ("条件・所見", "Conditions, comment"),
                ],
                step_rows,
                [34, 30, 30, 22, 26, 48],
            )
        )
    else:
        story.append(para("審査記録なし / not reviewed yet", field="steps"))
    decision = next((st for st in reversed(data.steps) if st.final), None)
    decided = (
        f"{_pair(DECISIONS, decision.decision)} — {decision.reviewer}, "
        f"{_when(decision.decided_at, data.zone)}"
        if decision is not None and data.status in ("decided", "closed")
        else "未決定 / not decided"
    )
    permit = (
        f"{data.permit_number}（{data.permit_date.isoformat()}）"
        if data.permit_number and data.permit_date
        else "—"
    )
    story += [
        gap(),
        fields_table(
            [
                (("決定", "Decision"), para(decided, field="decision")),
                (("輸出許可書番号・許可日", "Export permit, date"), para(permit, field="permit")),
            ]
        ),
    ]
    return story


# --------------------------------------------------------------------------- customs book


def _customs_book(data: GoodsRecordData) -> list[Flowable]:
    s = data.shipment
    assert data.permit_number is not None and data.permit_date is not None  # checked
    start, end = keep_until(data.permit_date)
    by_line = {ln.get("line"): ln for ln in (data.result or {}).get("lines") or []}
    rows: list[Sequence[Flowable | str]] = []
    for n, g in enumerate(s.goods, start=1):
        total = g.quantity * g.unit_value
        jpy = by_line.get(n, {}).get("value_jpy")
        price = _money(total, g.currency) + (
            f"\n({jpy} JPY)" if jpy is not None and g.currency != "JPY" else ""
        )
        rows.append(
            [
                para(str(n), field="line"),
                para("\n".join(x for x in (g.name, g.model) if x), field="goods"),
                para(f"{g.quantity:f} {g.unit}", field="quantity"),
                para(price, field="price"),
            ]
        )
    story: list[Flowable] = [
        fields_table(
            [
                (("輸出者", "Exporter"), para(data.institution, field="institution")),
                (("輸出案件", "Shipment"), para(f"{s.id} {s.title or ''}".strip(), field="id")),
                (
                    ("仕向人の氏名又は名称", "Consignee"),
                    para(_party(s.shipment.consignee), field="consignee"),
                ),
                (("仕向地", "Destination"), para(s.shipment.destination, field="destination")),
                (
                    ("輸出許可年月日", "Export permit date"),
                    para(data.permit_date.isoformat(), field="permit_date"),
                ),
                (
                    ("輸出許可書番号", "Export permit number"),
                    para(data.permit_number, field="permit_number"),
                ),
            ]
        ),
        gap(),
        heading(("品名・数量・価格", "Goods, quantity, price")),
        grid_table(
            [("行", "Line"), ("品名", "Goods"), ("数量", "Quantity"), ("価格", "Price")],
            rows,
            [8, 90, 38, 54],
        ),
        gap(),
        fields_table(
            [
                (
                    ("保存期間", "Kept"),
                    para(
                        f"{start.isoformat()} から5年間（{end.isoformat()} まで）"
                        f"／5 years from {start.isoformat()} (until {end.isoformat()})",
                        field="kept",
                    ),
                ),
                (
                    ("根拠", "Basis"),
                    para(
                        "関税法第94条第2項、関税法施行令第83条 / Customs Act Art. 94(2), "
                        "Order Art. 83",
                        field="basis",
                    ),
                ),
            ]
        ),
    ]
    return story


def render_goods_record(data: GoodsRecordData) -> bytes:
    check_record(data)
    story = _review_sheet(data) if data.kind == "review_sheet" else _customs_book(data)
    ruleset = (data.result or {}).get("ruleset") or {}
    info = PageInfo(
        title=TITLES[data.kind],
        document_number=data.document_number,
        generated_at=data.generated_at,
        versions=f"{ruleset.get('id')} {ruleset.get('version')}",
        fingerprint=fingerprint(data),
        lang="ja",
        keywords=f"{KEYWORD} {data.document_number} {data.shipment.id}",
        zone=data.zone,
        fingerprint_label="内容SHA-256 Content SHA-256",
        japanese_time=True,
    )
    return build(info, story)
