"""Use cases for shipments of goods: import, list, assess, export, and the goods register.

Each writing use case runs in one unit of work and writes its audit event in the same
transaction; every file is read and checked before anything is stored, so invalid input
stores nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desk.domain.classification import CASE_CLASSIFICATION, ControlItem, article_cite
from desk.domain.errors import InvalidInput, NotFound, StorageError
from desk.domain.goods import Shipment, load_shipment_file
from desk.domain.i18n import N_, _
from desk.rules.goods import ShipmentAssessment, assess_shipment
from desk.screening import ScreeningList, builtin_list
from desk.services.context import Changes, ServiceContext
from desk.services.goods.store import (
    check_lengths,
    document_text,
    load_shipment,
    store_shipment,
)
from desk.services.permissions import ASSESS_ROLES, RECORD_ROLES, SHIPMENT_ROLES, require_role
from desk.services.screening import current_lists_in
from desk.storage import models as m


@dataclass(frozen=True)
class ShipmentSummary:
    id: int
    ref: str
    title: str | None
    mode: str
    destination: str
    export_date: dt.date | None
    lines: int
    status: str
    outcome: str | None
    risk: str | None
    stale: bool  # the document changed since its last assessment

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.ref,
            "title": self.title,
            "mode": self.mode,
            "destination": self.destination,
            "export_date": self.export_date.isoformat() if self.export_date else None,
            "lines": self.lines,
            "status": self.status,
            "outcome": self.outcome,
            "risk": self.risk,
            "stale": self.stale,
        }


@dataclass(frozen=True)
class GoodsItemSummary:
    id: int
    name: str
    model: str | None
    maker: str | None
    hs_code: str | None
    classification: str
    item: str | None
    checked_by: str | None
    shipments: int

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "id"}


@dataclass(frozen=True)
class ShipmentImport:
    shipments: tuple[ShipmentSummary, ...]
    created: tuple[str, ...]
    updated: tuple[str, ...]
    changes: Changes


@dataclass(frozen=True)
class ShipmentAssessRun:
    results: tuple[dict[str, Any], ...]  # the engine's JSON answers, in the order asked
    changes: Changes
    answers: tuple[ShipmentAssessment, ...] = ()  # the same answers, as the engine gave them


@dataclass(frozen=True)
class ShipmentExport:
    files: tuple[Path, ...]


TABLES = frozenset({"shipments", "shipment_lines", "goods_items", "audit_events"})


def _rows(session: Session, refs: Sequence[str] | None = None) -> list[m.Shipment]:
    query = select(m.Shipment).options(
        selectinload(m.Shipment.lines), selectinload(m.Shipment.assessments)
    )
    if refs is None:
        return list(session.scalars(query.order_by(m.Shipment.ref)))
    found = {r.ref: r for r in session.scalars(query.where(m.Shipment.ref.in_(list(refs))))}
    missing = [ref for ref in refs if ref not in found]
    if missing:
        raise NotFound(_("No shipment with the id {id}").format(id=", ".join(missing)))
    return [found[ref] for ref in refs]


def summarize_shipment(row: m.Shipment) -> ShipmentSummary:
    """A stored shipment's summary (its lines and assessments loaded)."""
    last = row.assessments[-1] if row.assessments else None
    return ShipmentSummary(
        id=row.id,
        ref=row.ref,
        title=row.title,
        mode=row.mode,
        destination=row.destination,
        export_date=row.export_date,
        lines=len(row.lines),
        status=row.status,
        outcome=last.outcome if last else None,
        risk=last.risk if last else None,
        stale=last is not None and last.document_sha256 != row.document_sha256,
    )


# --------------------------------------------------------------------------- queries


def list_shipments(ctx: ServiceContext) -> tuple[ShipmentSummary, ...]:
    with ctx.reading() as session:
        return tuple(summarize_shipment(r) for r in _rows(session))


def get_shipment(ctx: ServiceContext, ref: str) -> Shipment:
    with ctx.reading() as session:
        return load_shipment(_rows(session, [ref])[0])


def list_goods_items(ctx: ServiceContext) -> tuple[GoodsItemSummary, ...]:
    """The goods register: each classified good once, with the shipments it travelled in."""
    with ctx.reading() as session:
        items = list(
            session.scalars(select(m.GoodsItem).order_by(m.GoodsItem.name, m.GoodsItem.id))
        )
        counts: dict[int, set[int]] = {}
        for line in session.scalars(select(m.ShipmentLine)):
            counts.setdefault(line.goods_item_id, set()).add(line.shipment_id)
        return tuple(
            GoodsItemSummary(
                id=i.id,
                name=i.name,
                model=i.model,
                maker=i.maker,
                hs_code=i.hs_code,
                classification=i.classification,
                item=i.item,
                checked_by=i.checked_by,
                shipments=len(counts.get(i.id, ())),
            )
            for i in items
        )


# --------------------------------------------------------------------------- import


def read_shipment_files(paths: Sequence[str | Path]) -> list[tuple[str, Shipment]]:
    """Load and check every file first; raises InvalidInput naming the file and key."""
    if not paths:
        raise InvalidInput(_("No shipment files given"))
    loaded: list[tuple[str, Shipment]] = []
    seen: dict[str, str] = {}
    for path in paths:
        shipment = load_shipment_file(path)
        source = str(path)
        if shipment.id in seen:
            raise InvalidInput(
                _("the shipment id {id} is also used by {other}").format(
                    id=shipment.id, other=seen[shipment.id]
                ),
                source=source,
                where="id",
            )
        seen[shipment.id] = source
        loaded.append((source, shipment))
    return loaded


def import_shipments(ctx: ServiceContext, paths: Sequence[str | Path]) -> ShipmentImport:
    """Store the shipments in ``paths`` (new ids added, known ids replaced), all or nothing."""
    return import_shipment_documents(ctx, read_shipment_files(paths))


def import_shipment_documents(
    ctx: ServiceContext, documents: Sequence[tuple[str, Shipment]]
) -> ShipmentImport:
    """Store already-loaded shipments (source name, shipment) in one transaction."""
    created: list[str] = []
    updated: list[str] = []
    with ctx.transaction() as session:
        user = require_role(session, ctx, SHIPMENT_ROLES, N_("enter shipments"), write=True)
        stored = {r.ref: r for r in _rows_in(session, [s.id for _src, s in documents])}
        known: dict[str, m.GoodsItem] = {}
        rows: list[tuple[str, m.Shipment, bool]] = []
        for source, shipment in documents:
            existing = stored.get(shipment.id)
            row = store_shipment(session, shipment, existing, known, user.id)
            check_lengths([row, *row.lines, *(ln.goods_item for ln in row.lines)], source)
            (created if existing is None else updated).append(shipment.id)
            rows.append((source, row, existing is None))
        session.flush()
        for source, row, new in rows:
            ctx.audit(
                session,
                "shipment.import",
                "shipment",
                row.id,
                {"ref": row.ref, "source": source, "created": new, "sha256": row.document_sha256},
            )
        summaries = tuple(summarize_shipment(r) for _s, r, _n in rows)
    return ShipmentImport(
        shipments=summaries,
        created=tuple(created),
        updated=tuple(updated),
        changes=Changes(TABLES, {"shipments": tuple(s.id for s in summaries)}),
    )


def _rows_in(session: Session, refs: Sequence[str]) -> list[m.Shipment]:
    out: list[m.Shipment] = []
    for start in range(0, len(refs), 500):  # bounded IN lists
        query = select(m.Shipment).options(
            selectinload(m.Shipment.lines), selectinload(m.Shipment.assessments)
        )
        out += session.scalars(query.where(m.Shipment.ref.in_(refs[start : start + 500])))
    return out


# --------------------------------------------------------------------------- assess


def _lists(session: Session, lists: Sequence[ScreeningList] | None) -> list[ScreeningList]:
    """The caller's lists, else the newest stored version of every active list, else the
    built-in End User List (the choice the case assessments make)."""
    if lists is not None:
        return list(lists)
    return current_lists_in(session) or [builtin_list()]


def assess_shipments(
    ctx: ServiceContext,
    refs: Sequence[str] | None = None,
    *,
    lists: Sequence[ScreeningList] | None = None,
) -> ShipmentAssessRun:
    """Judge stored shipments (all when ``refs`` is None) and keep the answers."""
    with ctx.transaction() as session:
        require_role(session, ctx, ASSESS_ROLES, N_("assess shipments"), write=True)
        rows = _rows(session, refs)
        answers = judge_shipment_rows(ctx, session, rows, _lists(session, lists))
        results = [a.to_json() for a in answers]
        ids = tuple(r.id for r in rows)
    tables = frozenset({"shipments", "shipment_assessments", "audit_events"})
    return ShipmentAssessRun(
        results=tuple(results),
        changes=Changes(tables, {"shipments": ids}),
        answers=tuple(answers),
    )


def judge_shipment_rows(
    ctx: ServiceContext,
    session: Session,
    rows: Sequence[m.Shipment],
    lists: Sequence[ScreeningList],
) -> list[ShipmentAssessment]:
    """Judge ``rows`` in the caller's transaction: keep each answer and its audit event
    (``shipment.assess``); the answers in the order of ``rows``."""
    answers = []
    for row in rows:
        shipment = with_classification_records(session, row, load_shipment(row))
        answer = assess_shipment(shipment, lists=lists, today=ctx.today())
        doc = answer.to_json()
        row.assessments.append(
            m.ShipmentAssessment(
                outcome=answer.outcome,
                risk=answer.risk,
                ruleset_id=answer.ruleset[0],
                ruleset_version=answer.ruleset[1],
                list_versions=[{"id": i, "version": v} for i, v in answer.lists],
                result=doc,
                document_sha256=row.document_sha256,
                judged_on=answer.as_of,
            )
        )
        answers.append(answer)
    session.flush()
    for row, answer in zip(rows, answers, strict=True):
        ctx.audit(
            session,
            "shipment.assess",
            "shipment",
            row.id,
            {"ref": row.ref, "outcome": answer.outcome, "risk": answer.risk},
        )
    return answers


def with_classification_records(session: Session, row: m.Shipment, doc: Shipment) -> Shipment:
    """The shipment with each line's classification taken from its goods item's
    classification record (該非判定, desk classify) where one exists: the register's
    classification, shared by every shipment of the good, is the one judged."""
    by_position = {line.position: line.goods_item_id for line in row.lines}
    records = {
        c.goods_item_id: c
        for c in session.scalars(
            select(m.Classification).where(
                m.Classification.goods_item_id.in_(set(by_position.values()))
            )
        )
    }
    if not records:
        return doc
    goods = []
    for i, line in enumerate(doc.goods, 1):
        c = records.get(by_position.get(i, -1))
        if c is None:
            goods.append(line)
            continue
        listed = c.result == "listed" and c.item_number is not None
        item = ControlItem(c.item_number, c.item_sub).code() if listed and c.item_number else None
        classification = dataclasses.replace(
            line.classification,
            status=CASE_CLASSIFICATION[c.result],
            item=item,
            article=article_cite(c.article, c.paragraph, c.article_number) or None,
            determined_by=c.classified_by.display_name,
            checked_by=c.confirmed_by.display_name if c.confirmed_by else None,
            determined_on=c.classified_on,
            ordinance_version=c.ordinance_revision,
        )
        goods.append(
            dataclasses.replace(
                line, classification=classification, hs_code=c.hs_code or line.hs_code
            )
        )
    return dataclasses.replace(doc, goods=tuple(goods))


# --------------------------------------------------------------------------- export

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def export_shipments(
    ctx: ServiceContext, out_dir: str | Path, refs: Sequence[str] | None = None
) -> ShipmentExport:
    """Write one ``<id>.json`` per stored shipment (or per ``refs``) into ``out_dir``."""
    with ctx.reading() as session:
        require_role(session, ctx, RECORD_ROLES, N_("export shipments"))
        documents = [(r.ref, document_text(load_shipment(r))) for r in _rows(session, refs)]
    out = Path(out_dir)
    used: set[str] = set()
    written: list[Path] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for ref, text in documents:
            stem = _UNSAFE.sub("_", ref).strip().rstrip(".") or "_"
            name, n = f"{stem}.json", 2
            while name.lower() in used:
                name, n = f"{stem}-{n}.json", n + 1
            used.add(name.lower())
            target = out / name
            target.write_text(text, encoding="utf-8")
            written.append(target)
    except OSError as exc:
        raise StorageError(
            _("Cannot write the shipment files to {dir}: {error}").format(
                dir=out, error=exc.strerror or exc
            )
        ) from None
    with ctx.transaction() as session:
        ctx.audit(
            session, "shipments.export", "shipment", None, {"count": len(written), "dir": str(out)}
        )
    return ShipmentExport(files=tuple(written))
