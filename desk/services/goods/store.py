"""Shipments to rows and back: the document kept as written, lines pointing to the register."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput
from desk.domain.goods import GoodsLine, Shipment, dumps_shipment, loads_shipment
from desk.domain.i18n import _
from desk.storage import models as m


def document_text(shipment: Shipment) -> str:
    """The stored document: the shipment as its file says, without test expectations."""
    return dumps_shipment(shipment, include_expected=False)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def item_key(line: GoodsLine) -> str:
    """One register row per (name, model, maker), compared after NFKC and case folding."""
    parts = [m.search_key(line.name), m.search_key(line.model), m.search_key(line.maker)]
    return sha256(json.dumps(parts, ensure_ascii=False))


def goods_item(session: Session, line: GoodsLine, known: dict[str, m.GoodsItem]) -> m.GoodsItem:
    """The register's row for ``line`` (created, or updated to this classification)."""
    key = item_key(line)
    row = known.get(key)
    if row is None:
        row = session.scalars(select(m.GoodsItem).where(m.GoodsItem.key == key)).first()
    if row is None:
        row = m.GoodsItem(key=key, name=line.name)
        session.add(row)
    known[key] = row
    c = line.classification
    row.model, row.maker = line.model, line.maker
    row.hs_code = line.hs_code
    row.classification, row.item, row.article = c.status, c.item, c.article
    row.table_3_3, row.specific_item_16_1 = c.table_3_3, c.specific_item_16_1
    row.basis = [
        {
            "kind": b.kind,
            "issuer": b.issuer,
            "date": b.date.isoformat() if b.date else None,
            "ref": b.ref,
        }
        for b in c.basis
    ]
    row.determined_by, row.checked_by = c.determined_by, c.checked_by
    row.determined_on, row.ordinance_version = c.determined_on, c.ordinance_version
    row.unit_value, row.currency = format(line.unit_value, "f"), line.currency  # the latest
    return row


def store_shipment(
    session: Session,
    shipment: Shipment,
    existing: m.Shipment | None,
    known: dict[str, m.GoodsItem],
    filed_by_id: int | None = None,
) -> m.Shipment:
    """Store ``shipment`` (replacing ``existing``); a new one is filed by ``filed_by_id``
    (as a case: who filed it — in shared mode, who sees it)."""
    text = document_text(shipment)
    row = existing or m.Shipment(ref=shipment.id, filed_by_id=filed_by_id)
    if existing is None:
        session.add(row)
    row.title = shipment.title
    row.mode = shipment.shipment.mode
    row.destination = shipment.shipment.destination
    row.export_date = shipment.shipment.date
    row.as_of = shipment.as_of
    row.document = text
    row.document_sha256 = sha256(text)
    row.lines.clear()
    for n, line in enumerate(shipment.goods, start=1):
        row.lines.append(
            m.ShipmentLine(
                position=n,
                goods_item=goods_item(session, line, known),
                quantity=format(line.quantity, "f"),
                unit=line.unit,
                unit_value=format(line.unit_value, "f"),
                currency=line.currency,
            )
        )
    return row


def load_shipment(row: m.Shipment) -> Shipment:
    return loads_shipment(row.document, source=_("stored shipment {id}").format(id=row.ref))


def check_lengths(objects: Iterable[m.Base], source: str) -> None:
    """Refuse text the database would refuse, the same way on SQLite and PostgreSQL."""
    for obj in objects:
        table = getattr(obj, "__table__", None)
        if table is None:
            continue
        for column in table.columns:
            value = getattr(obj, column.key, None)
            if not isinstance(value, str):
                continue
            field = f"{table.name}.{column.key}"
            if "\x00" in value:
                raise InvalidInput(
                    _("{field} contains a NUL character").format(field=field), source=source
                )
            limit = getattr(column.type, "length", None)
            if limit and len(value) > limit:
                raise InvalidInput(
                    _("{field} is longer than {limit} characters").format(field=field, limit=limit),
                    source=source,
                )
