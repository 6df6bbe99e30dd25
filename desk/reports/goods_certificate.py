"""The 非該当証明書 / 該非判定書 a courier or Customs asks for (goods-policy.md §G10).

:func:`render_certificate` is a pure function of :class:`CertificateData`: no clock, no
database, no settings, so the same data gives the same bytes, and the content's SHA-256
is printed on every page. It states, per line, that the goods are not listed (items
1–15), what was compared, the 16項 position, the basis and the ordinance revision
applied; it never states a catch-all clearance, and it is never issued for listed or
undetermined goods, for a line classified under an outdated revision, or without the
issuing department and its contact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from reportlab.platypus import Paragraph
from reportlab.platypus.flowables import Flowable

from desk.domain.errors import InvalidInput
from desk.domain.goods import GoodsLine, Shipment, dumps_shipment
from desk.reports.layout import BODY, PageInfo, build, fields_table, gap, grid_table, heading, para
from desk.rules.goods.classification import revisions_since
from desk.rules.goods.facts import UNDECIDABLE, YES, item16_1_status
from desk.rules.goods.reasons import item_cite
from desk.rules.goods.ruleset import GoodsRuleSet

TITLE = ("非該当証明書（該非判定書）", "Certificate of non-applicability (classification)")
NOT_LISTED = "輸出貿易管理令別表第1の1から15までの項に該当しない"
NOT_LISTED_EN = "Not covered by items 1 to 15 of Appended Table 1 of the Export Trade Control Order"
BASIS_KINDS = {
    "maker_determination": ("メーカー該非判定書", "maker's classification"),
    "parameter_sheet": ("パラメータシート", "parameter sheet"),
    "item_comparison": ("項目別対比表", "item comparison table"),
    "catalogue": ("カタログ", "catalogue"),
    "own_determination": ("自社判定", "own determination"),
    "other": ("その他", "other"),
}


@dataclass(frozen=True)
class CertificateData:
    shipment: Shipment
    institution: tuple[str, str]  # the university (Japanese, English)
    issued_on: dt.date
    document_number: str
    generated_at: dt.datetime
    ruleset: GoodsRuleSet


def certified_lines(shipment: Shipment) -> list[tuple[int, GoodsLine]]:
    """The lines a certificate covers: goods not listed (非該当・対象外)."""
    return [
        (n, g)
        for n, g in enumerate(shipment.goods, start=1)
        if g.classification.status in ("below_threshold", "not_on_list")
    ]


def check_certifiable(data: CertificateData) -> list[tuple[int, GoodsLine]]:
    """The lines to certify; InvalidInput naming the shipment and the key otherwise."""
    s = data.shipment
    source = f"shipment {s.id}"
    if s.shipment.certificate_issuer is None:
        raise InvalidInput(
            "the issuing department and its contact are needed to print a certificate",
            source=source,
            where="shipment.certificate_issuer",
        )
    lines = certified_lines(s)
    if not lines:
        raise InvalidInput(
            "no line is 非該当 or 対象外: a certificate is never issued for listed or "
            "undetermined goods",
            source=source,
            where="goods",
        )
    day = s.export_date(data.issued_on)
    for n, g in lines:
        where = f"goods[{n - 1}]"
        if revisions_since(g, data.ruleset, day):
            raise InvalidInput(
                "classified under an outdated ordinance revision: re-check it against the "
                "revisions since before a certificate is issued",
                source=source,
                where=f"{where}.classification.ordinance_version",
            )
        if g.hs_code is None:
            raise InvalidInput(
                "the HS code is needed to state the 16項 position",
                source=source,
                where=f"{where}.hs_code",
            )
        if (
            g.hs_digits is not None
            and g.hs_digits[:2] in data.ruleset.item16_chapters
            and item16_1_status(g, data.ruleset) == UNDECIDABLE
        ):
            raise InvalidInput(
                "16(1) or 16(2) cannot be told from this HS code: record the full code or "
                "the 16(1) flag",
                source=source,
                where=f"{where}.hs_code",
            )
    return lines


def fingerprint(data: CertificateData) -> str:
    canonical = {
        "shipment": dumps_shipment(data.shipment, include_expected=False),
        "institution": list(data.institution),
        "issued_on": data.issued_on.isoformat(),
        "document_number": data.document_number,
        "ruleset": [data.ruleset.id, data.ruleset.version],
    }
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def position_16(g: GoodsLine, rs: GoodsRuleSet) -> tuple[str, str]:
    hs = g.hs_digits or ""
    if hs[:2] not in rs.item16_chapters:
        return "16の項にも該当しない", "not covered by item 16 either"
    sub = "(1)" if item16_1_status(g, rs) == YES else "(2)"
    return (
        f"16の項に該当（関税定率法別表第{int(hs[:2])}類、16項{sub}）",
        f"item 16 (chapter {hs[:2]} of the Customs Tariff, 16{sub})",
    )


def _compared(g: GoodsLine) -> tuple[str, str]:
    c = g.classification
    if c.status == "not_on_list":
        return "該当項なし（対象外）", "no item covers the goods (not on the list)"
    what = f"輸出令別表第1の{item_cite(c.item)}" if c.item else "—"
    article = c.article or "—"
    return (
        f"非該当（比較した項: {what}、{article}）",
        f"below the specification ({c.item or '—'}, {article})",
    )


def _basis(g: GoodsLine) -> str:
    parts = []
    for b in g.classification.basis:
        ja, _en = BASIS_KINDS[b.kind]
        extra = "、".join(x for x in (b.issuer, b.date.isoformat() if b.date else None, b.ref) if x)
        parts.append(f"{ja}（{extra}）" if extra else ja)
    return "；".join(parts) or "—"


def render_certificate(data: CertificateData) -> bytes:
    lines = check_certifiable(data)
    s = data.shipment
    issuer = s.shipment.certificate_issuer
    assert issuer is not None  # checked above
    en = s.shipment.destination
    story: list[Flowable] = [
        fields_table(
            [
                (
                    ("発行者", "Issuer"),
                    para(f"{data.institution[0]} {issuer.department}", field="issuer"),
                ),
                (
                    ("発行者（英文）", "Issuer in English"),
                    para(data.institution[1], field="issuer"),
                ),
                (("連絡先", "Contact"), para(issuer.contact, field="contact")),
                (("発行日", "Issued on"), para(data.issued_on.isoformat(), field="date")),
                (
                    ("輸出案件", "Shipment"),
                    para(f"{s.id} {s.title or ''}".strip(), field="shipment"),
                ),
                (("仕向地", "Destination"), para(en, field="destination")),
            ]
        ),
        gap(),
        heading(("貨物", "Goods")),
    ]
    rows: list[list[Flowable | str]] = []
    for n, g in lines:
        pos = position_16(g, data.ruleset)
        compared = _compared(g)
        c = g.classification
        revision = c.ordinance_version.isoformat() if c.ordinance_version else "—"
        rows.append(
            [
                para(str(n), field="line"),
                para(
                    "\n".join(x for x in (g.name, g.model, g.maker) if x),
                    field="goods",
                ),
                para(g.hs_code, field="hs"),
                para(
                    f"{NOT_LISTED}\n{compared[0]}\n{pos[0]}\n{compared[1]}; {pos[1]}",
                    field="finding",
                ),
                para(f"{_basis(g)}\n改正版 revision {revision}", field="basis"),
            ]
        )
    story.append(
        grid_table(
            [
                ("行", "Line"),
                ("品名・型番・メーカー", "Goods, model, maker"),
                ("HSコード", "HS code"),
                ("判定", "Finding"),
                ("根拠・適用した改正", "Basis, revision applied"),
            ],
            rows,
            [8, 48, 20, 70, 44],
        )
    )
    story += [
        gap(),
        Paragraph(f"{NOT_LISTED_EN}.", BODY),
        gap(6),
        fields_table(
            [
                (
                    ("該非確認責任者", "Classification officer"),
                    para(
                        "、".join(sorted({g.classification.checked_by or "—" for _n, g in lines})),
                        field="officer",
                    ),
                ),
                (("署名", "Signature"), para(" ", field="signature")),
            ]
        ),
    ]
    info = PageInfo(
        title=TITLE,
        document_number=data.document_number,
        generated_at=data.generated_at,
        versions=f"{data.ruleset.id} {data.ruleset.version}",
        fingerprint=fingerprint(data),
        lang="ja",
        keywords=f"desk-goods {data.document_number} {s.id}",
    )
    return build(info, story)
