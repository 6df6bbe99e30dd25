"""The goods register (貨物): a good as classified — name, model, maker, HS code, value,
classification (該非) with its item, article and basis documents, who classified it and
the 該非確認責任者 who checked it — reused by every shipment that carries it
(:mod:`desk.services.goods.store` links shipment lines to it by name, model and maker).

``desk goods add|edit|show|list|retire|merge`` and the app's Goods register use these, as
the other registers use theirs. A basis document is written ``KIND[,ISSUER[,DATE[,REF]]]``
(one a line in the form; ``--basis`` repeated on the command line).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput
from desk.domain.goods.model import BASIS_KINDS, CLASSIFICATIONS, LISTED_ITEMS
from desk.domain.goods.parsing import HS_RE
from desk.domain.i18n import _
from desk.services.context import Changes, ServiceContext
from desk.services.registers import fields as f
from desk.services.registers.records import (
    RecordSeen,
    RegisterRecord,
    RegisterSummary,
    add_row,
    changed,
    edit_row,
    get_row,
    retire_row,
    row_version,
)
from desk.storage import models as m

GOODS_FIELDS: dict[str, f.Field] = {
    "name": f.Field(required=True, limit=500),
    "model": f.Field(limit=200),
    "maker": f.Field(limit=300),
    "hs_code": f.Field(limit=20),
    "unit_value": f.Field(limit=40),
    "currency": f.Field(limit=3),
    "classification": f.Field("choice", required=True, allowed=CLASSIFICATIONS),
    "item": f.Field(limit=40),
    "article": f.Field(limit=500),
    "basis": f.Field("names"),
    "determined_by": f.Field(limit=200),
    "checked_by": f.Field(limit=200),
    "determined_on": f.Field("date"),
    "ordinance_version": f.Field("date"),
}
_TEXT = (
    "name",
    "model",
    "maker",
    "classification",
    "item",
    "article",
    "determined_by",
    "checked_by",
    "determined_on",
    "ordinance_version",
)


def _key(name: str | None, model: str | None, maker: str | None) -> str:
    import hashlib
    import json

    parts = [m.search_key(name), m.search_key(model), m.search_key(maker)]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def _hs(value: str | None) -> str | None:
    if not value:
        return None
    if not HS_RE.match(value):
        raise InvalidInput(
            _("not an HS code (2 to 10 digits, dots only after the 4th and 6th, e.g. 9027.50)"),
            where="hs_code",
        )
    return value


def _value(value: str | None) -> str | None:
    if not value:
        return None
    try:
        number = Decimal(value.replace(",", ""))
    except InvalidOperation:
        number = Decimal(-1)
    if not number.is_finite() or number < 0:
        raise InvalidInput(_("not an amount (a number, 0 or more)"), where="unit_value")
    return format(number, "f")


def _currency(value: str | None) -> str | None:
    if not value:
        return None
    value = value.upper()
    if len(value) != 3 or not value.isalpha() or not value.isascii():
        raise InvalidInput(_("not a currency code (three letters, e.g. JPY)"), where="currency")
    return value


def parse_basis(lines: Sequence[str]) -> list[dict[str, Any]]:
    """``KIND[,ISSUER[,DATE[,REF]]]`` per document → the register's JSON."""
    out: list[dict[str, Any]] = []
    for line in lines:
        parts = [p.strip() for p in line.split(",")]
        if not parts or not parts[0]:
            continue
        if parts[0] not in BASIS_KINDS or len(parts) > 4:
            raise InvalidInput(
                _(
                    "a basis document is KIND[,ISSUER[,DATE[,REF]]] with KIND one of: {kinds}"
                ).format(kinds=", ".join(BASIS_KINDS)),
                where="basis",
            )
        parts += [""] * (4 - len(parts))
        day = f.date(parts[2], "basis") if parts[2] else None
        out.append(
            {
                "kind": parts[0],
                "issuer": parts[1] or None,
                "date": day.isoformat() if isinstance(day, dt.date) else None,
                "ref": parts[3] or None,
            }
        )
    return out


def basis_text(basis: Sequence[Mapping[str, Any]]) -> str:
    """The basis documents in words, for the detail pane: 「自社判定（研究室、2026-10-01）」
    (:func:`basis_lines` is the editable form, ``own_determination,研究室,2026-10-01``)."""
    from desk.domain.i18n import pick
    from desk.reports.goods_certificate import BASIS_KINDS as KIND_WORDS

    out = []
    for b in basis or ():
        kind = str(b.get("kind") or "")
        name = pick(*KIND_WORDS[kind]) if kind in KIND_WORDS else kind
        rest = [str(b[k]) for k in ("issuer", "date", "ref") if b.get(k)]
        out.append(name + (pick("（{x}）", " ({x})").format(x=_(", ").join(rest)) if rest else ""))
    return _("; ").join(out)


def basis_lines(basis: Sequence[Mapping[str, Any]]) -> list[str]:
    out = []
    for b in basis or ():
        parts = [
            b.get("kind") or "",
            b.get("issuer") or "",
            b.get("date") or "",
            b.get("ref") or "",
        ]
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        out.append(",".join(parts))
    return out


def _apply(s: Session, item: m.GoodsItem, values: Mapping[str, Any]) -> None:
    for key in _TEXT:
        if key in values:
            if key in ("name", "classification") and values[key] is None:
                raise InvalidInput(_("this field is required"), where=key)
            setattr(item, key, values[key])
    if "hs_code" in values:
        item.hs_code = _hs(values["hs_code"])
    if "unit_value" in values:
        item.unit_value = _value(values["unit_value"])
    if "currency" in values:
        item.currency = _currency(values["currency"])
    if "basis" in values:
        item.basis = parse_basis(values["basis"] or [])
    if item.classification == "listed":
        if item.item not in LISTED_ITEMS:
            raise InvalidInput(
                _("a listed good needs its item (one of: {items})").format(
                    items=", ".join(LISTED_ITEMS)
                ),
                where="item",
            )
    if item.unit_value is not None and item.currency is None:
        item.currency = "JPY"
    key = _key(item.name, item.model, item.maker)
    other = s.scalar(select(m.GoodsItem.id).where(m.GoodsItem.key == key))
    if other is not None and other != item.id:
        raise InvalidInput(
            _("the goods register already has this name, model and maker (id {id})").format(
                id=other
            ),
            where="name",
        )
    item.key = key


def add_goods_item(ctx: ServiceContext, values: Mapping[str, Any]) -> RegisterRecord:
    """Register a good (``name`` and ``classification`` required)."""
    clean = f.clean(values, GOODS_FIELDS, adding=True)
    item = m.GoodsItem(name=clean["name"], classification=clean["classification"], basis=[])
    iid = add_row(ctx, "goods_item", item, clean, _apply)
    return show_goods_item(ctx, iid, _changes=True)


def edit_goods_item(
    ctx: ServiceContext,
    item_id: int,
    values: Mapping[str, Any],
    *,
    seen: RecordSeen | None = None,
) -> RegisterRecord:
    clean = f.clean(values, GOODS_FIELDS, adding=False)
    edit_row(ctx, "goods_item", item_id, clean, _apply, seen)
    return show_goods_item(ctx, item_id, _changes=True)


def retire_goods_item(ctx: ServiceContext, item_id: int, *, retired: bool = True) -> RegisterRecord:
    retire_row(ctx, "goods_item", item_id, retired)
    return show_goods_item(ctx, item_id, _changes=True)


def show_goods_item(ctx: ServiceContext, item_id: int, *, _changes: bool = False) -> RegisterRecord:
    with ctx.reading() as s:
        item = get_row(s, "goods_item", item_id)
        fields: dict[str, Any] = {
            key: getattr(item, key)
            for key in (
                "name",
                "model",
                "maker",
                "hs_code",
                "unit_value",
                "currency",
                "classification",
                "item",
                "article",
                "determined_by",
                "checked_by",
                "determined_on",
                "ordinance_version",
            )
        }
        fields["basis"] = basis_lines(item.basis or [])
        shipments = list(
            s.scalars(
                select(m.Shipment.ref)
                .join(m.ShipmentLine, m.ShipmentLine.shipment_id == m.Shipment.id)
                .where(m.ShipmentLine.goods_item_id == item.id)
                .distinct()
                .order_by(m.Shipment.ref)
            )
        )
        name, retired = item.name, item.retired
    return RegisterRecord(
        "goods_item",
        item_id,
        name,
        retired,
        fields,
        {"shipments": shipments},
        (),
        changed("goods_item", item_id) if _changes else Changes(),
        version=row_version(ctx, "goods_item", item_id),
    )


def list_goods_register(
    ctx: ServiceContext,
    text: str | None = None,
    *,
    include_retired: bool = False,
    limit: int | None = None,
) -> list[RegisterSummary]:
    with ctx.reading() as s:
        query = select(m.GoodsItem)
        if text and text.strip():
            word = f"%{text.strip().lower()}%"
            query = query.where(
                func.lower(m.GoodsItem.name).like(word)
                | func.lower(func.coalesce(m.GoodsItem.model, "")).like(word)
                | func.lower(func.coalesce(m.GoodsItem.maker, "")).like(word)
            )
        if not include_retired:
            query = query.where(m.GoodsItem.retired.is_(False))
        query = query.order_by(m.GoodsItem.name, m.GoodsItem.id)
        if limit:
            query = query.limit(limit)
        return [
            RegisterSummary(
                "goods_item",
                g.id,
                g.name,
                " / ".join(x for x in (g.model, g.maker, g.hs_code, g.classification, g.item) if x),
                g.retired,
            )
            for g in s.scalars(query)
        ]
