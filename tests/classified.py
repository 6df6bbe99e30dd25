"""Test set-up for the second review: it decides a case with listed technology only on a
classification the 該非確認責任者 confirmed, so tests that reach it classify first — one
classification officer classifies every listed technical item, another confirms it."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select

from desk.services.context import ServiceContext
from desk.storage import models as m


def confirm_listed_items(
    ctx: ServiceContext, classifier: str = "cls_author", officer: str = "cls_officer"
) -> None:
    """Add the two users (``ctx`` may add users), classify and confirm each listed item."""
    from desk.services.classification import add_classification, confirm_classification
    from desk.services.users import add_user

    add_user(ctx, classifier, ["classification_officer"])
    add_user(ctx, officer, ["classification_officer"])
    with ctx.reading() as s:
        items = [
            (t.id, t.item)
            for t in s.scalars(
                select(m.TechnicalItem).where(m.TechnicalItem.classification == "listed")
            )
        ]
    for item_id, item in items:
        info = add_classification(
            dataclasses.replace(ctx, actor=classifier),
            {"result": "listed", "item": item or "7"},
            technical_item=item_id,
        )
        confirm_classification(dataclasses.replace(ctx, actor=officer), info.id)
