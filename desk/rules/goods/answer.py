"""The goods engine's answer (goods-format.md, "What the engine answers")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from desk.domain.goods.model import FORMAT
from desk.rules.goods.facts import ScreenHit
from desk.rules.goods.reasons import GoodsReason
from desk.rules.goods.verdict import ClaimResult


@dataclass(frozen=True)
class LineAnswer:
    line: int
    name: str
    value_jpy: Decimal
    scope: str
    outcome: str
    risk: str
    catch_all_track: str | None
    exceptions: tuple[ClaimResult, ...]
    reasons: tuple[GoodsReason, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "name": self.name,
            "value_jpy": format(self.value_jpy, "f"),
            "scope": self.scope,
            "outcome": self.outcome,
            "risk": self.risk,
            "catch_all_track": self.catch_all_track,
            "exceptions": [e.to_json() for e in self.exceptions],
        }


@dataclass(frozen=True)
class Records:
    customs_article_94: bool
    customs_years: int | None
    institution_years: int

    def to_json(self) -> dict[str, Any]:
        return {
            "customs_article_94": self.customs_article_94,
            "customs_years": self.customs_years,
            "institution_years": self.institution_years,
        }


@dataclass(frozen=True)
class ShipmentAssessment:
    id: str
    as_of: dt.date
    export_date: dt.date
    outcome: str
    risk: str
    countries: tuple[str, ...]
    strictest: str
    lines: tuple[LineAnswer, ...]
    list_hits: tuple[ScreenHit, ...]
    reasons: tuple[GoodsReason, ...]
    documents: tuple[str, ...]
    records: Records
    ruleset: tuple[str, str]
    lists: tuple[tuple[str, str], ...]

    format = FORMAT

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "format": FORMAT,
            "outcome": self.outcome,
            "risk": self.risk,
            "countries": list(self.countries),
            "strictest": self.strictest,
            "lines": [ln.to_json() for ln in self.lines],
            "list_hits": [h.to_json() for h in self.list_hits],
            "reasons": [r.to_json() for r in self.reasons],
            "documents": list(self.documents),
            "records": self.records.to_json(),
            "ruleset": {"id": self.ruleset[0], "version": self.ruleset[1]},
            "lists": [{"id": i, "version": v} for i, v in self.lists],
        }

    @property
    def reason_codes(self) -> list[str]:
        return [r.code for r in self.reasons]
