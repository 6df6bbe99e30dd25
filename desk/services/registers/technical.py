"""The technical data register: a reusable item per lab or project with its
classification (該非判定), so that a case picks an existing item instead of retyping it
(case import links to it: :mod:`desk.storage.caselinks`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain.case import CLASSIFICATIONS, CONCERNS
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.services.context import Changes, ServiceContext
from desk.services.registers import fields as f
from desk.services.registers.records import (
    RecordSeen,
    RegisterRecord,
    RegisterSummary,
    audit_change,
    changed,
    edit_row,
    get_row,
    retire_row,
    row_version,
    rows_by_id,
)
from desk.storage import models as m

TECHNICAL_FIELDS: dict[str, f.Field] = {
    "title": f.Field(required=True, limit=500),
    "classification": f.Field("choice", required=True, allowed=CLASSIFICATIONS),
    "item": f.Field(limit=40),
    "specific_item_16_1": f.Field("bool"),
    "concern_relevance": f.Field("names"),
    "lab": f.Field(limit=200),
    "project": f.Field("ids"),
}
_COLUMNS = ("title", "classification", "item", "specific_item_16_1", "concern_relevance", "lab")


def _apply(s: Session, item: m.TechnicalItem, values: Mapping[str, Any]) -> None:
    for key in _COLUMNS:
        if key not in values:
            continue
        value = values[key]
        if key == "classification" and value is None:
            raise InvalidInput(_("this field is required"), where=key)
        if key == "concern_relevance":
            value = value or []
            bad = [c for c in value if c not in CONCERNS]
            if bad:
                raise InvalidInput(
                    _("{value!r} is not one of: {allowed}").format(
                        value=bad[0], allowed=", ".join(CONCERNS)
                    ),
                    where=key,
                )
        if key == "specific_item_16_1":
            value = bool(value)
        setattr(item, key, value)
    if "project" in values:
        ids = values["project"] or []
        if len(ids) > 1:
            raise InvalidInput(_("give one project"), where="project")
        item.project = rows_by_id(s, "project", ids, "project")[0] if ids else None


def add_technical_item(ctx: ServiceContext, values: Mapping[str, Any]) -> RegisterRecord:
    """Register technical data (``title`` and ``classification`` required)."""
    clean = f.clean(values, TECHNICAL_FIELDS, adding=True)
    with ctx.transaction() as s:
        item = m.TechnicalItem(
            classification=clean["classification"], concern_relevance=[], given_keys=[]
        )
        _apply(s, item, clean)
        # what a case file would give for this item, so that a linked case exports the same
        item.given_keys = sorted(
            k
            for k, v in (
                ("title", item.title),
                ("item", item.item),
                ("specific_item_16_1", item.specific_item_16_1 or None),
                ("concern_relevance", item.concern_relevance or None),
            )
            if v
        )
        s.add(item)
        s.flush()
        audit_change(ctx, s, "technical_item", "add", item.id, clean)
        iid = item.id
    return show_technical_item(ctx, iid, _changes=True)


def edit_technical_item(
    ctx: ServiceContext,
    item_id: int,
    values: Mapping[str, Any],
    *,
    seen: RecordSeen | None = None,
) -> RegisterRecord:
    clean = f.clean(values, TECHNICAL_FIELDS, adding=False)
    edit_row(ctx, "technical_item", item_id, clean, _apply, seen)
    return show_technical_item(ctx, item_id, _changes=True)


def retire_technical_item(
    ctx: ServiceContext, item_id: int, *, retired: bool = True
) -> RegisterRecord:
    retire_row(ctx, "technical_item", item_id, retired)
    return show_technical_item(ctx, item_id, _changes=True)


def show_technical_item(
    ctx: ServiceContext, item_id: int, *, _changes: bool = False
) -> RegisterRecord:
    with ctx.reading() as s:
        item = get_row(s, "technical_item", item_id)
        fields = {key: getattr(item, key) for key in _COLUMNS}
        fields["project"] = item.project_id
        links: dict[str, Any] = {
            "project": {"id": item.project_id, "title": item.project.title}
            if item.project
            else None,
            "cases": list(
                s.scalars(
                    select(m.Case.ref)
                    .where(m.Case.technical_item_id == item.id)
                    .order_by(m.Case.ref)
                )
            ),
            "exemptions": [e.basis for e in item.exemptions],
        }
        title, retired = item.title or "", item.retired
    return RegisterRecord(
        "technical_item",
        item_id,
        title,
        retired,
        fields,
        links,
        (),
        changed("technical_item", item_id) if _changes else Changes(),
        version=row_version(ctx, "technical_item", item_id),
    )


def list_technical_items(
    ctx: ServiceContext,
    text: str | None = None,
    *,
    include_retired: bool = False,
    limit: int | None = None,
) -> list[RegisterSummary]:
    with ctx.reading() as s:
        query = select(m.TechnicalItem)
        if text and text.strip():
            query = query.where(m.TechnicalItem.search_title.contains(m.search_key(text)))
        if not include_retired:
            query = query.where(m.TechnicalItem.retired.is_(False))
        query = query.order_by(m.TechnicalItem.title, m.TechnicalItem.id)
        if limit:
            query = query.limit(limit)
        return [
            RegisterSummary(
                "technical_item",
                t.id,
                t.title or "",
                " / ".join(x for x in (t.classification, t.item, t.lab) if x),
                t.retired,
            )
            for t in s.scalars(query)
        ]
