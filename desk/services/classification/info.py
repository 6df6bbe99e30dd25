"""A classification as shown and as a record prints it (:class:`ClassificationInfo`), and a
stored snapshot read back (:func:`info_from_json`): plain data, no database, so that the
fast record path reads a snapshot without the ORM."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desk.domain import classification as dc
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.services.changes import Changes


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(
            _("{value!r} is not a date (YYYY-MM-DD)").format(value=value), where=where
        ) from None


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    kind: str
    title: str
    issued_on: dt.date | None
    doc_version: str | None
    filename: str | None
    size: int | None
    sha256: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "version": self.doc_version,
            "filename": self.filename,
            "size": self.size,
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class ClassificationInfo:
    """A classification as shown (CLI ``--json``, the app's form, the records)."""

    id: int
    version: int
    subject: str  # technical_item | goods_item
    subject_id: int
    subject_name: str
    result: str
    table: str
    item: str | None  # the case format's code: 7:(1)
    item_number: str | None
    item_sub: str | None
    article: str | None
    paragraph: str | None
    article_number: str | None
    ordinance_revision: dt.date | None
    ruleset_version: str | None
    hs_code: str | None
    in_item16_chapters: bool | None
    parameters: tuple[dc.ParameterRow, ...]
    basis: str | None
    related_goods: str | None
    classified_by: str
    classified_on: dt.date
    confirmed_by: str | None
    confirmed_on: dt.date | None
    documents: tuple[DocumentInfo, ...] = ()
    cases: tuple[str, ...] = ()
    changes: Changes = field(default_factory=Changes)

    @property
    def control_item(self) -> dc.ControlItem | None:
        return dc.ControlItem(self.item_number, self.item_sub) if self.item_number else None

    @property
    def item_display(self) -> str | None:
        """「外為令別表の7の項(1)」."""
        ci = self.control_item
        return dc.item_cite(self.table, ci) if ci else None

    @property
    def article_display(self) -> str:
        return dc.article_cite(self.article, self.paragraph, self.article_number)

    @property
    def result_ja(self) -> str:
        return dc.RESULT_JA[self.result]

    @property
    def confirmed(self) -> bool:
        return self.confirmed_on is not None

    def basis_text(self) -> str:
        """判定根拠 as a record prints it: item, article, the office's words (「、」-joined)."""
        parts = [p for p in (self.item_display, self.article_display) if p]
        if self.result == "out_of_scope" and self.hs_code:
            parts.append(f"HSコード{self.hs_code}")
        if self.basis:
            parts.append(self.basis)
        return "、".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "subject": self.subject,
            "subject_id": self.subject_id,
            "subject_name": self.subject_name,
            "result": self.result,
            "result_ja": self.result_ja,
            "table": self.table,
            "item": self.item,
            "item_number": self.item_number,
            "item_sub": self.item_sub,
            "item_display": self.item_display,
            "article": self.article,
            "paragraph": self.paragraph,
            "article_number": self.article_number,
            "article_display": self.article_display or None,
            "ordinance_revision": (
                self.ordinance_revision.isoformat() if self.ordinance_revision else None
            ),
            "ruleset_version": self.ruleset_version,
            "hs_code": self.hs_code,
            "in_item16_chapters": self.in_item16_chapters,
            "parameters": [p.to_json() for p in self.parameters],
            "basis": self.basis,
            "related_goods": self.related_goods,
            "classified_by": self.classified_by,
            "classified_on": self.classified_on.isoformat(),
            "confirmed_by": self.confirmed_by,
            "confirmed_on": self.confirmed_on.isoformat() if self.confirmed_on else None,
            "documents": [d.to_json() for d in self.documents],
            "cases": list(self.cases),
        }


def info_from_json(data: Mapping[str, Any]) -> ClassificationInfo:
    """A snapshot's data back as :class:`ClassificationInfo` (records)."""
    return ClassificationInfo(
        id=int(data["id"]),
        version=int(data["version"]),
        subject=str(data["subject"]),
        subject_id=int(data["subject_id"]),
        subject_name=str(data.get("subject_name") or ""),
        result=str(data["result"]),
        table=str(data["table"]),
        item=data.get("item"),
        item_number=data.get("item_number"),
        item_sub=data.get("item_sub"),
        article=data.get("article"),
        paragraph=data.get("paragraph"),
        article_number=data.get("article_number"),
        ordinance_revision=_date(data.get("ordinance_revision"), "ordinance_revision"),
        ruleset_version=data.get("ruleset_version"),
        hs_code=data.get("hs_code"),
        in_item16_chapters=data.get("in_item16_chapters"),
        parameters=dc.parse_parameters(data.get("parameters") or ()),
        basis=data.get("basis"),
        related_goods=data.get("related_goods"),
        classified_by=str(data["classified_by"]),
        classified_on=dt.date.fromisoformat(str(data["classified_on"])),
        confirmed_by=data.get("confirmed_by"),
        confirmed_on=_date(data.get("confirmed_on"), "confirmed_on"),
        documents=tuple(
            DocumentInfo(
                int(d["id"]),
                str(d["kind"]),
                str(d["title"]),
                _date(d.get("issued_on"), "issued_on"),
                d.get("version"),
                d.get("filename"),
                d.get("size"),
                d.get("sha256"),
            )
            for d in data.get("documents") or ()
        ),
    )
