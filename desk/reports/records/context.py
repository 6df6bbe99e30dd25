"""Formatting bound to one record's language, shared by the three record kinds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from reportlab.platypus import Paragraph
from reportlab.platypus.flowables import Flowable

from desk.reports import labels as lb
from desk.reports.data import RecordData
from desk.reports.layout import (
    BODY,
    para,
)

Row = tuple[lb.Pair, Flowable]


class Ctx:
    """Formatting helpers bound to one record's language."""

    def __init__(self, record: RecordData):
        self.r = record
        self.lang = record.lang

    def t(self, pair: lb.Pair) -> str:
        return lb.text(pair, self.lang)

    def p(self, value: Any, field: str, style: Any = BODY) -> Paragraph:
        return para(self.fmt(value), field=field, style=style)

    def fmt(self, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool):
            return self.t(lb.WORDS["yes" if value else "no"])
        if isinstance(value, dt.datetime):
            return lb.date_text(value.date(), self.lang)
        if isinstance(value, dt.date):
            return lb.date_text(value, self.lang)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, (list, tuple)):
            if not value:
                return self.t(lb.WORDS["none"])
            return lb.join([str(self.fmt(v)) for v in value], self.lang)
        return str(value)

    def enum(self, table: dict[str, lb.Pair], code: str | None, field: str) -> Paragraph:
        return para(lb.enum_text(table, code, self.lang), field=field)

    def country(self, code: str | None) -> str:
        return lb.country_text(code, self.lang, dict(self.r.country_groups))

    def countries(self, codes: Iterable[str], empty: str = "unknown") -> str:
        items = [self.country(c) for c in codes]
        return lb.join(items, self.lang) if items else self.t(lb.WORDS[empty])

    def date(self, value: dt.date | str | None) -> str | None:
        return lb.date_text(value, self.lang)

    def join(self, items: Iterable[str]) -> str:
        return lb.join(list(items), self.lang)

    def paren(self, text: str) -> str:
        """``text`` in parentheses: full-width in Japanese (glossary §2.4)."""
        return f"（{text}）" if self.lang == "ja" else f" ({text})"
