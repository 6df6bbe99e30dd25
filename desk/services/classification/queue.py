"""The re-classification queue: classifications citing an item that a later revision of the
rules changed.

Where the changes come from:
- the goods rule set's ``ordinance_revisions`` (輸出令・貨物等省令 revisions, each with the
  items it changes and the day it takes effect);
- two consecutive revisions of the same rule set (``jp-fefta``, ``jp-fefta-goods``):
  the items whose treatment differs (:func:`ruleset_item_table`, compared with
  :func:`desk.domain.classification.changed_items`).

A classification is queued when it cites one of the changed 項 and was made under an earlier
revision than the change (its ``ordinance_revision``, else the day it was classified). It
leaves the queue when it is re-classified under the new revision (edited with an ordinance
revision on or after the change). The queue is computed, never stored, so it is never out of
date.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desk.domain import classification as dc
from desk.rules.ruleset import rulesets_dir
from desk.services.context import ServiceContext
from desk.storage import models as m


@dataclass(frozen=True)
class RuleChange:
    """A revision that changes items: the 項 it changes, from when, and why (its source)."""

    items: frozenset[str]
    effective: dt.date
    source: str

    def to_json(self) -> dict[str, Any]:
        return {
            "items": sorted(self.items),
            "effective": self.effective.isoformat(),
            "source": self.source,
        }


@dataclass(frozen=True)
class QueueEntry:
    classification_id: int
    subject: str
    subject_id: int
    subject_name: str
    item: str  # 「外為令別表の7の項(1)」
    classified_under: dt.date | None
    change: RuleChange

    def to_json(self) -> dict[str, Any]:
        return {
            "classification": self.classification_id,
            "subject": self.subject,
            "subject_id": self.subject_id,
            "subject_name": self.subject_name,
            "item": self.item,
            "classified_under": (
                self.classified_under.isoformat() if self.classified_under else None
            ),
            "change": self.change.to_json(),
        }


def ruleset_item_table(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Each item a rule-set document treats specially, with how (for comparing revisions)."""
    table: dict[str, dict[str, Any]] = {}

    def mark(items: Iterable[Any], what: str, value: Any = True) -> None:
        for item in items:
            table.setdefault(str(item), {})[what] = value

    mark(doc.get("wmd_items") or (), "wmd_item")
    small = doc.get("small_value") or {}
    mark(small.get("items") or (), "small_value", small.get("limit_jpy"))
    mark(small.get("always_table_3_3_items") or (), "table_3_3")
    free = doc.get("free_temporary") or {}
    mark(free.get("excluded_items") or (), "free_temporary_excluded")
    return table


def _dates(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def rule_changes(directory: str | Path | None = None) -> list[RuleChange]:
    """Every item change the rule-set files of ``directory`` (default: desk's) declare or show."""
    folder = Path(directory) if directory is not None else rulesets_dir()
    docs: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # the rule-set loader reports unreadable files; the queue skips them
        if isinstance(doc, dict) and doc.get("id") and _dates(doc.get("effective")):
            docs.append(doc)
    changes: list[RuleChange] = []
    for doc in docs:
        for rev in doc.get("ordinance_revisions") or ():
            effective = _dates(rev.get("effective"))
            items = frozenset(
                i.number
                for i in (dc.item_from_code(str(x)) for x in rev.get("items_changed") or ())
                if i is not None
            )
            if effective and items:
                changes.append(RuleChange(items, effective, str(rev.get("source") or "")))
    by_id: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        by_id.setdefault(str(doc["id"]), []).append(doc)
    for revisions in by_id.values():
        revisions.sort(key=lambda d: str(d["effective"]))
        for old, new in itertools.pairwise(revisions):
            items = dc.changed_items(ruleset_item_table(old), ruleset_item_table(new))
            effective = _dates(new["effective"])
            if items and effective:
                changes.append(
                    RuleChange(frozenset(items), effective, f"{new['id']} {new.get('version', '')}")
                )
    return sorted(changes, key=lambda c: (c.effective, c.source))


def reclassification_queue(
    ctx: ServiceContext, changes: Sequence[RuleChange] | None = None
) -> list[QueueEntry]:
    """The classifications to do again, oldest change first (``changes``: default, those of
    desk's rule-set files)."""
    found = rule_changes() if changes is None else list(changes)
    out: list[QueueEntry] = []
    with ctx.reading() as s:
        rows = s.scalars(
            select(m.Classification)
            .where(m.Classification.item_number.is_not(None))
            .order_by(m.Classification.id)
        )
        for row in rows:
            assert row.item_number is not None
            under = row.ordinance_revision or row.classified_on
            for change in found:
                if row.item_number in change.items and (under is None or under < change.effective):
                    if row.technical_item is not None:
                        subject, sid = "technical_item", row.technical_item.id
                        name = row.technical_item.title or ""
                    else:
                        assert row.goods_item is not None
                        subject, sid, name = "goods_item", row.goods_item.id, row.goods_item.name
                    item = dc.item_cite(
                        row.control_table, dc.ControlItem(row.item_number, row.item_sub)
                    )
                    out.append(QueueEntry(row.id, subject, sid, name, item, under, change))
                    break
    return out
