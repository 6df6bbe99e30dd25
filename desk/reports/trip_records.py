"""The records of a trip (渡航申請): the hand-carry declaration (携行品申告書) and the trip's
bundle (渡航審査記録: the decision with every part's reasons and citations).

:func:`render_trip_record` is a pure function of :class:`TripRecordData` — the trip's stored
answer (``trip_assessments.result``), the number, language, institution and generation
time — so the same data gives the same bytes and ``desk report verify`` can re-create a
record from the database. Labels are bilingual (Japanese, English beneath); the values
(reasons, outcome names) are in the record's language. The fonts are embedded
(:mod:`desk.reports.fonts`) and the content's SHA-256 is printed on every page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import KeepTogether
from reportlab.platypus.flowables import Flowable

from desk.domain.countries import country_name
from desk.domain.errors import InvalidInput
from desk.domain.i18n import citation_text
from desk.reports import labels as lb
from desk.reports.layout import PageInfo, build, fields_table, gap, grid_table, heading, para

KINDS = ("hand_carry", "bundle")
KIND_CODES = {"hand_carry": "HCD", "bundle": "TRP"}
TITLES: dict[str, tuple[str, str]] = {
    "hand_carry": ("携行品申告書（貨物の携帯輸出）", "Hand-carry declaration (goods in luggage)"),
    "bundle": ("渡航申請 審査記録", "Trip application: decision record"),
}
L: dict[str, tuple[str, str]] = {
    "institution": ("機関", "Institution"),
    "trip": ("渡航申請", "Trip"),
    "traveller": ("渡航者", "Traveller"),
    "department": ("所属", "Department"),
    "period": ("渡航期間", "Period"),
    "destinations": ("渡航先", "Destinations"),
    "purpose": ("目的", "Purpose"),
    "judged_on": ("判定日", "Judged on"),
    "outcome": ("判定", "Outcome"),
    "risk": ("リスク", "Risk"),
    "decided_by": ("判定を決めた項目", "Decided by"),
    "goods": ("携行する貨物", "Goods carried"),
    "line": ("行", "Line"),
    "item": ("品名・型番・メーカー", "Goods, model, maker"),
    "quantity": ("数量", "Quantity"),
    "value": ("価格（円）", "Value (JPY)"),
    "classification": ("該非", "Classification"),
    "exception": ("適用する特例", "Exception relied on"),
    "shipment": ("携帯輸出", "Hand carry"),
    "export_date": ("出国日", "Departure"),
    "return_by": ("帰国・持帰り期限", "Back by"),
    "documents": ("税関で必要な書類", "Documents for Customs"),
    "declaration": ("申告", "Declaration"),
    "signature": ("署名", "Signature"),
    "date": ("日付", "Date"),
    "checked": ("事務局確認", "Checked by the office"),
    "parts": ("判定の内訳", "Parts of the decision"),
    "reasons": ("理由", "Reasons"),
    "citation": ("根拠", "Citation"),
    "case": ("技術提供", "Technology"),
    "rulesets": ("判定ルールセット", "Rule sets"),
    "none": ("なし", "none"),
}
KIND_PART: dict[str, tuple[str, str]] = {
    "case": ("技術提供（案件）", "technology case"),
    "shipment": ("貨物の携帯輸出", "goods carried by hand"),
}
EXCEPTIONS: dict[str, tuple[str, str]] = {
    "small_value": ("少額特例", "small-value exception"),
    "free_return": ("無償特例（返送）", "free return"),
    "free_temporary": ("無償特例（一時持出し）", "free temporary export"),
}
PURPOSES: dict[str, tuple[str, str]] = {
    "own_use_hand_carry": ("本人使用の携行品", "own use, carried by the traveller"),
    "exhibition_abroad": ("海外での展示", "exhibition abroad"),
    "repair_abroad": ("海外での修理", "repair abroad"),
    "repaired_in_japan": ("国内で修理した貨物の返送", "repaired in Japan, sent back"),
    "exhibition_in_japan": ("国内展示品の返送", "exhibited in Japan, sent back"),
    "visitor_own_goods": ("来訪者の持込品の持出し", "a visitor's own goods"),
    "other": ("その他", "other"),
}
DOCUMENTS: dict[str, tuple[str, str]] = {
    "export_licence": ("輸出許可証", "export licence"),
    "non_applicability_certificate": ("非該当証明書", "non-applicability certificate"),
    "exception_declaration": (
        "輸出申告での特例の明記",
        "exception stated in the export declaration",
    ),
    "hand_carry_declaration": (
        "携帯品・別送品の輸出申告（税関様式C-5340）",
        "hand-carry export declaration (Customs form C-5340)",
    ),
}
STATEMENT = (
    "上記の貨物を本人が携行して輸出し、申告した条件（適用する特例の条件を含む）を守ります。"
    "特例を適用する貨物は、他者に譲渡・貸与せず、期限までに持ち帰ります。",
    "I carry the goods above myself and will keep to the conditions stated, including those "
    "of the exceptions relied on: goods under an exception are not handed over, lent or left "
    "abroad, and come back by the date given.",
)
NOT_CARRIED = ("HOLD", "STOP")


@dataclass(frozen=True)
class TripRecordData:
    kind: str
    lang: str
    document_number: str
    generated_at: dt.datetime
    institution: tuple[str, str]
    answer: Mapping[str, Any] = field(default_factory=dict)  # trip_assessments.result


def fingerprint(data: TripRecordData) -> str:
    canonical = {
        "kind": data.kind,
        "lang": data.lang,
        "document_number": data.document_number,
        "generated_at": data.generated_at.astimezone(dt.UTC).isoformat(),
        "institution": list(data.institution),
        "answer": data.answer,
    }
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def goods_parts(answer: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [p for p in answer.get("parts") or () if p.get("kind") == "shipment"]


def check_printable(data: TripRecordData) -> None:
    """InvalidInput naming the field when the record cannot be issued."""
    if data.kind not in KINDS:
        raise InvalidInput(
            f"unknown trip record kind {data.kind!r}; expected one of {', '.join(KINDS)}",
            where="kind",
        )
    if data.lang not in ("ja", "en"):
        raise InvalidInput(f"unknown language {data.lang!r}; expected ja or en", where="lang")
    if data.kind != "hand_carry":
        return
    parts = goods_parts(data.answer)
    if not parts:
        raise InvalidInput(
            "the trip carries no goods by hand: there is nothing to declare", where="shipments"
        )
    for i, p in enumerate(parts):
        held = [ln for ln in p.get("lines") or () if ln.get("outcome") in NOT_CARRIED]
        if held:
            raise InvalidInput(
                "shipment {id} line {n} is {outcome}: the goods may not be carried until it "
                "is settled".format(id=p["id"], n=held[0]["line"], outcome=held[0]["outcome"]),
                where=f"shipments[{i}]",
            )


class _Text:
    def __init__(self, lang: str):
        self.lang = lang

    def pick(self, pair: Sequence[str]) -> str:
        return pair[0] if self.lang == "ja" else pair[1]

    def day(self, iso: str | None) -> str:
        if not iso:
            return "—"
        d = dt.date.fromisoformat(iso)
        return f"{d.year}年{d.month}月{d.day}日" if self.lang == "ja" else d.isoformat()

    def countries(self, codes: Sequence[str]) -> str:
        sep = "、" if self.lang == "ja" else ", "
        return sep.join(f"{country_name(c, self.lang)} ({c})" for c in codes) or "—"

    def outcome(self, code: str | None) -> str:
        return self.pick(lb.OUTCOMES.get(code or "", (code or "—", code or "—")))

    def risk(self, code: str | None) -> str:
        return self.pick(lb.RISKS.get(code or "", (code or "—", code or "—")))

    def classification(self, status: str | None, item: str | None) -> str:
        text = self.pick(lb.CLASSIFICATIONS.get(status or "", (status or "—", status or "—")))
        return f"{text} {item}" if item else text


def _trip_rows(t: _Text, a: Mapping[str, Any], institution: str) -> list[Any]:
    traveller = a.get("traveller") or {}
    who = traveller.get("name") or "—"
    if traveller.get("name_latin"):
        who += f" ({traveller['name_latin']})"
    return [
        (L["institution"], para(institution, field="institution")),
        (L["trip"], para(f"{a.get('id')} {a.get('title') or ''}".strip(), field="trip")),
        (L["traveller"], para(who, field="traveller")),
        (L["department"], para(traveller.get("department"), field="department")),
        (
            L["period"],
            para(f"{t.day(a.get('departs_on'))} – {t.day(a.get('returns_on'))}", field="period"),
        ),
        (L["destinations"], para(t.countries(a.get("destinations") or ()), field="destinations")),
        (L["purpose"], para(a.get("purpose"), field="purpose")),
    ]


def _exception_text(t: _Text, line: Mapping[str, Any]) -> str:
    relied = [e for e in line.get("exceptions") or () if e.get("status") == "accepted"]
    if not relied:
        return t.pick(L["none"])
    out = []
    for e in relied:
        text = t.pick(EXCEPTIONS.get(e["basis"], (e["basis"], e["basis"])))
        if e.get("purpose"):
            purpose = t.pick(PURPOSES.get(e["purpose"], (e["purpose"], e["purpose"])))
            text += f"：{purpose}" if t.lang == "ja" else f": {purpose}"
        if e.get("citation"):
            text += f"\n[{citation_text(e['citation'], t.lang)}]"
        out.append(text)
    return "\n".join(out)


def _documents(t: _Text, codes: Sequence[str]) -> str:
    sep = "\n"
    return sep.join(t.pick(DOCUMENTS.get(c, (c, c))) for c in codes) or t.pick(L["none"])


def _hand_carry_story(data: TripRecordData, t: _Text) -> list[Flowable]:
    a = data.answer
    story: list[Flowable] = [
        fields_table(_trip_rows(t, a, t.pick(data.institution))),
        gap(),
        heading(L["goods"]),
    ]
    rows: list[list[Flowable | str]] = []
    documents: list[str] = []
    for p in goods_parts(a):
        for d in p.get("documents") or ():
            if d not in documents:
                documents.append(d)
        for ln in p.get("lines") or ():
            goods = "\n".join(x for x in (ln.get("name"), ln.get("model"), ln.get("maker")) if x)
            rows.append(
                [
                    para(f"{p['id']}-{ln['line']}", field="line"),
                    para(goods, field="goods"),
                    para(f"{ln.get('quantity')} {ln.get('unit') or ''}".strip(), field="qty"),
                    para(ln.get("value_jpy"), field="value"),
                    para(t.classification(ln.get("classification"), ln.get("item")), field="cls"),
                    para(_exception_text(t, ln), field="exception"),
                ]
            )
    story.append(
        grid_table(
            [L["line"], L["item"], L["quantity"], L["value"], L["classification"], L["exception"]],
            rows,
            [14, 52, 16, 18, 24, 46],
        )
    )

    def carried_line(p: Mapping[str, Any]) -> str:
        countries = [str(p.get("destination")), *(p.get("onward_countries") or ())]
        text = f"{p['id']}: {t.day(p.get('export_date'))} → {t.countries(countries)}"
        if p.get("return_by"):
            text += f"; {t.pick(L['return_by'])} {t.day(p['return_by'])}"
        return text

    carried = [
        (
            L["shipment"],
            para("\n".join(carried_line(p) for p in goods_parts(a)), field="shipments"),
        ),
        (L["documents"], para(_documents(t, documents), field="documents")),
    ]
    story += [gap(), fields_table(carried), gap()]
    story.append(
        KeepTogether(
            [
                heading(L["declaration"]),
                fields_table(
                    [
                        (L["declaration"], para(t.pick(STATEMENT), field="statement")),
                        (L["signature"], para(" ", field="signature")),
                        (L["date"], para(" ", field="signed_on")),
                        (L["checked"], para(" ", field="checked")),
                    ]
                ),
            ]
        )
    )
    return story


def _bundle_story(data: TripRecordData, t: _Text) -> list[Flowable]:
    a = data.answer
    decided = ", ".join(f"{d['id']}" for d in a.get("decided_by") or ()) or "—"
    rows = [
        *_trip_rows(t, a, t.pick(data.institution)),
        (L["judged_on"], para(t.day(a.get("judged_on")), field="judged_on")),
        (L["outcome"], para(t.outcome(a.get("outcome")), field="outcome", bold=True)),
        (L["risk"], para(t.risk(a.get("risk")), field="risk")),
        (L["decided_by"], para(decided, field="decided_by")),
        (L["documents"], para(_documents(t, a.get("documents") or ()), field="documents")),
    ]
    story: list[Flowable] = [fields_table(rows), gap(), heading(L["parts"])]
    for i, p in enumerate(a.get("parts") or ()):
        kind = t.pick(KIND_PART.get(p["kind"], (p["kind"], p["kind"])))
        part_rows: list[Any] = [
            (
                L["case"] if p["kind"] == "case" else L["shipment"],
                para(f"{p['id']} {p.get('title') or ''} ({kind})".strip(), field=f"parts[{i}].id"),
            ),
            (
                L["outcome"],
                para(t.outcome(p.get("outcome")), field=f"parts[{i}].outcome", bold=True),
            ),
            (L["risk"], para(t.risk(p.get("risk")), field=f"parts[{i}].risk")),
        ]
        if p["kind"] == "shipment":
            lines = "\n".join(
                f"{ln['line']}. {ln.get('name')}: {t.outcome(ln.get('outcome'))}"
                + (
                    f" — {_exception_text(t, ln)}"
                    if any(e.get("status") == "accepted" for e in ln.get("exceptions") or ())
                    else ""
                )
                for ln in p.get("lines") or ()
            )
            part_rows.append((L["goods"], para(lines, field=f"parts[{i}].lines")))
        story += [gap(2), fields_table(part_rows)]
        reasons = [
            [
                para(r.get("text_ja") if t.lang == "ja" else r.get("text_en"), field="reason"),
                para(citation_text(r.get("citation"), t.lang), field="citation"),
            ]
            for r in p.get("reasons") or ()
        ]
        if reasons:
            story.append(grid_table([L["reasons"], L["citation"]], reasons, [3, 1]))
    return story


def _versions(a: Mapping[str, Any]) -> str:
    seen: list[str] = []
    for p in a.get("parts") or ():
        rs = p.get("ruleset") or {}
        text = f"{rs.get('id')} {rs.get('version')}"
        if rs and text not in seen:
            seen.append(text)
    return "判定ルールセット Rule sets " + (" · ".join(seen) or "—")


def render_trip_record(data: TripRecordData) -> bytes:
    """The record as PDF bytes; InvalidInput (naming the field) when it cannot be issued."""
    check_printable(data)
    t = _Text(data.lang)
    story = (_hand_carry_story if data.kind == "hand_carry" else _bundle_story)(data, t)
    digest = fingerprint(data)
    fp = lb.L["fingerprint"]
    info = PageInfo(
        title=TITLES[data.kind],
        document_number=data.document_number,
        generated_at=data.generated_at,
        versions=_versions(data.answer),
        fingerprint=digest,
        lang=data.lang,
        keywords=f"desk-record {data.document_number} trip-{data.kind} {data.lang} sha256={digest}",
        zone="Asia/Tokyo",
        fingerprint_label=f"{fp[0]} {fp[1]}:",
        japanese_time=True,
    )
    return build(info, story)
