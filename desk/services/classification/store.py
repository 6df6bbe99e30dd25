"""Classifications (該非判定) as records of their own: add, edit (optimistic locking on
``version``), confirm by the 該非確認責任者 (another person), attach basis documents (SHA-256
kept), show and list. A classification belongs to one technical item or one goods item; the
item's own classification columns follow it, so every case and shipment of the item uses it.

Every save keeps a :class:`~desk.storage.models.ClassificationSnapshot`; records cite the
snapshot they printed (:func:`classification_as_of`), so re-creating them later gives the
same bytes after the classification changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain import classification as dc
from desk.domain.errors import ConflictError, InvalidInput, NotFound, WorkflowError
from desk.domain.i18n import N_, _
from desk.services.classification.info import (
    ClassificationInfo,
    DocumentInfo,
    _date,
    info_from_json,
)
from desk.services.context import Changes, ServiceContext
from desk.services.permissions import (
    CLASSIFICATION_CONFIRM_ROLES,
    CLASSIFY_ROLES,
    require_role,
)
from desk.storage import models as m

# a basis document is kept in the database with the classification (attachments.content):
# a maker's sheet, a catalogue or a specification, not a design archive
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

FIELDS = (
    "result",
    "table",
    "item",
    "sub",
    "article",
    "paragraph",
    "article_number",
    "ordinance_revision",
    "ruleset_version",
    "hs_code",
    "in_item16_chapters",
    "parameters",
    "basis",
    "related_goods",
    "classified_on",
)
_CHANGES = Changes(
    frozenset(
        {
            "classifications",
            "classification_snapshots",
            "technical_items",
            "goods_items",
            "audit_events",
        }
    )
)


# --------------------------------------------------------------------------- input


def _text(value: Any, where: str, limit: int | None = None) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if limit is not None and len(text) > limit:
        raise InvalidInput(_("at most {n} characters").format(n=limit), where=where)
    return text or None


def _bool(value: Any, where: str) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "true", "1", "y", "はい", "○", "該当"):
        return True
    if text in ("no", "false", "0", "n", "いいえ", "×", "非該当"):
        return False
    raise InvalidInput(_("{value!r} is not yes or no").format(value=value), where=where)


def parse_parameter_text(text: str, where: str = "--param") -> dict[str, Any]:
    """``パラメータ|規制値|該当品の値|yes`` (the CLI's ``--param``) → a row mapping."""
    parts = [p.strip() for p in text.split("|")]
    if len(parts) != 4:
        raise InvalidInput(
            _("a parameter row is PARAMETER|CONTROL VALUE|ITEM VALUE|yes/no/unknown"), where=where
        )
    unknown = ("", "unknown", "?", "不明", _("unknown").lower())
    meets = None if parts[3].lower() in unknown else _bool(parts[3], where)
    return {
        "parameter": parts[0],
        "control_value": parts[1],
        "item_value": parts[2],
        "meets": meets,
    }


def _clean(values: Mapping[str, Any], *, adding: bool) -> dict[str, Any]:
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise InvalidInput(_("unknown field {key!r}").format(key=unknown[0]), where=unknown[0])
    out: dict[str, Any] = {}
    if "result" in values or adding:
        result = values.get("result")
        if result not in dc.RESULTS:
            raise InvalidInput(
                _("{value!r} is not one of: {allowed}").format(
                    value=result, allowed=", ".join(dc.RESULTS)
                ),
                where="result",
            )
        out["result"] = result
    if "table" in values and values["table"] is not None:
        if values["table"] not in dc.TABLES:
            raise InvalidInput(
                _("{value!r} is not one of: {allowed}").format(
                    value=values["table"], allowed=", ".join(dc.TABLES)
                ),
                where="table",
            )
        out["table"] = values["table"]
    if "item" in values or "sub" in values:
        item = _text(values.get("item"), "item", 20)
        out["item"] = (
            dc.parse_item(item, _text(values.get("sub"), "sub", 40), where="item") if item else None
        )
    for key in ("article", "paragraph", "article_number"):
        if key in values:
            out[key] = dc.parse_article(_text(values[key], key, 20), where=key)
    for key in ("ordinance_revision", "classified_on"):
        if key in values:
            out[key] = _date(values[key], key)
    if "ruleset_version" in values:
        out["ruleset_version"] = _text(values["ruleset_version"], "ruleset_version", 50)
    if "hs_code" in values:
        hs = _text(values["hs_code"], "hs_code", 20)
        if hs is not None and not hs.replace(".", "").isdigit():
            raise InvalidInput(
                _("{value!r} is not an HS code (digits)").format(value=hs), where="hs_code"
            )
        out["hs_code"] = hs.replace(".", "") if hs else None
    if "in_item16_chapters" in values:
        out["in_item16_chapters"] = _bool(values["in_item16_chapters"], "in_item16_chapters")
    if "parameters" in values:
        out["parameters"] = dc.parse_parameters(values["parameters"] or ())
    for key in ("basis", "related_goods"):
        if key in values:
            out[key] = _text(values[key], key, 4000)
    return out


def _default_article(row: m.Classification) -> None:
    """A listed item's 貨物等省令 technology article, from the rule set the classification
    names (else the one in force), when the classifier gave none; left empty where the rule
    set has no sourced article for the item (docs/rules.md)."""
    if row.result != "listed" or row.article or not row.item_number:
        return
    from desk.rules.ruleset import select_ruleset

    try:
        ruleset = select_ruleset(version=row.ruleset_version) if row.ruleset_version else None
    except InvalidInput:
        ruleset = None
    ruleset = ruleset or select_ruleset()
    article = ruleset.technology_article(row.item_number)
    if article:
        row.article = dc.parse_article(article, where="article")


def _check_whole(row: m.Classification) -> None:
    """What a classification must say, whatever was changed."""
    if row.result == "listed" and not row.item_number:
        raise InvalidInput(
            _("a listed classification names its item (for example 7 and sub-item 1)"),
            where="item",
        )
    if row.item_number and row.item_number.split("-")[0] == "16" and row.result == "listed":
        raise InvalidInput(
            _("item 16 is the catch-all item, not a listed item; classify it as outside 1-15"),
            where="item",
        )
    if row.result == "out_of_scope" and row.in_item16_chapters is None:
        raise InvalidInput(
            _(
                "outside items 1-15: answer the item-16 question "
                "(is its HS chapter one of item 16's?)"
            ),
            where="in_item16_chapters",
        )


def _apply(row: m.Classification, clean: Mapping[str, Any]) -> None:
    for key, value in clean.items():
        if key == "item":
            row.item_number = value.number if value else None
            row.item_sub = value.sub if value else None
        elif key == "table":
            row.control_table = value
        elif key == "parameters":
            row.parameters = [p.to_json() for p in value]
        else:
            setattr(row, key, value)


_SAID = (
    "result",
    "control_table",
    "item_number",
    "item_sub",
    "article",
    "paragraph",
    "article_number",
    "ordinance_revision",
    "ruleset_version",
    "hs_code",
    "in_item16_chapters",
    "parameters",
    "basis",
    "related_goods",
    "classified_on",
)


def _said(row: m.Classification) -> tuple[Any, ...]:
    """What a classification says (a change of it needs a new confirmation)."""
    return tuple(getattr(row, key) for key in _SAID)


def _sync_subject(row: m.Classification) -> None:
    """The item's own columns follow its classification (cases and shipments read them)."""
    code = (
        dc.ControlItem(row.item_number, row.item_sub).code()
        if row.item_number and row.result == "listed"
        else None
    )
    value = dc.CASE_CLASSIFICATION[row.result]
    if row.technical_item is not None:
        tech = row.technical_item
        if tech.classification != value:
            tech.classification = value
        if tech.item != code:
            tech.item = code
        keys = set(tech.given_keys or [])
        keys.discard("item")
        if code:
            keys.add("item")
        if sorted(keys) != list(tech.given_keys or []):
            tech.given_keys = sorted(keys)
    if row.goods_item is not None:
        goods = row.goods_item
        goods.classification = value
        goods.item = code
        goods.article = dc.article_cite(row.article, row.paragraph, row.article_number) or None
        goods.determined_by = row.classified_by.display_name if row.classified_by else None
        goods.checked_by = row.confirmed_by.display_name if row.confirmed_by else None
        goods.determined_on = row.classified_on
        goods.ordinance_version = row.ordinance_revision
        if row.hs_code:
            goods.hs_code = row.hs_code


# --------------------------------------------------------------------------- reading


def _subject(row: m.Classification) -> tuple[str, int, str]:
    if row.technical_item is not None:
        return "technical_item", row.technical_item.id, row.technical_item.title or ""
    assert row.goods_item is not None
    g = row.goods_item
    return "goods_item", g.id, " ".join(x for x in (g.name, g.model, g.maker) if x)


def _info(s: Session, row: m.Classification, changes: Changes | None = None) -> ClassificationInfo:
    subject, subject_id, name = _subject(row)
    cases: tuple[str, ...] = ()
    if row.technical_item_id is not None:
        cases = tuple(
            s.scalars(
                select(m.Case.ref)
                .where(m.Case.technical_item_id == row.technical_item_id)
                .order_by(m.Case.ref)
            )
        )
    elif row.goods_item_id is not None:
        cases = tuple(
            s.scalars(
                select(m.Shipment.ref)
                .join(m.ShipmentLine)
                .where(m.ShipmentLine.goods_item_id == row.goods_item_id)
                .distinct()
                .order_by(m.Shipment.ref)
            )
        )
    docs = tuple(
        DocumentInfo(
            d.id,
            d.kind,
            d.title,
            d.issued_on,
            d.doc_version,
            d.attachment.filename if d.attachment else None,
            d.attachment.size if d.attachment else None,
            d.attachment.sha256 if d.attachment else None,
        )
        for d in row.documents
    )
    return ClassificationInfo(
        id=row.id,
        version=row.version,
        subject=subject,
        subject_id=subject_id,
        subject_name=name,
        result=row.result,
        table=row.control_table,
        item=dc.ControlItem(row.item_number, row.item_sub).code() if row.item_number else None,
        item_number=row.item_number,
        item_sub=row.item_sub,
        article=row.article,
        paragraph=row.paragraph,
        article_number=row.article_number,
        ordinance_revision=row.ordinance_revision,
        ruleset_version=row.ruleset_version,
        hs_code=row.hs_code,
        in_item16_chapters=row.in_item16_chapters,
        parameters=dc.parse_parameters(row.parameters or ()),
        basis=row.basis,
        related_goods=row.related_goods,
        classified_by=row.classified_by.display_name,
        classified_on=row.classified_on,
        confirmed_by=row.confirmed_by.display_name if row.confirmed_by else None,
        confirmed_on=row.confirmed_on,
        documents=docs,
        cases=cases,
        changes=changes or Changes(),
    )


def _snapshot(s: Session, row: m.Classification) -> None:
    s.flush()
    data = _info(s, row).to_json()
    data.pop("cases", None)  # which cases share the item is not part of the classification
    s.add(
        m.ClassificationSnapshot(
            classification_id=row.id,
            technical_item_id=row.technical_item_id,
            goods_item_id=row.goods_item_id,
            version=row.version,
            data=data,
        )
    )


def _row(s: Session, classification_id: int) -> m.Classification:
    row = s.get(m.Classification, classification_id)
    if row is None:
        raise NotFound(_("no classification with id {id}").format(id=classification_id))
    return row


def _check_version(row: m.Classification, expected: int | None) -> None:
    if expected is not None and row.version != expected:
        raise ConflictError(
            _(
                "Classification {id} was changed by someone else (version {now}, you had "
                "{had}); nothing was saved. Show it again, then repeat your change."
            ).format(id=row.id, now=row.version, had=expected)
        )


# --------------------------------------------------------------------------- use cases


def add_classification(
    ctx: ServiceContext,
    values: Mapping[str, Any],
    *,
    technical_item: int | None = None,
    goods_item: int | None = None,
) -> ClassificationInfo:
    """Classify a technical item or a goods item (one of the two); the acting user classifies."""
    if (technical_item is None) == (goods_item is None):
        raise InvalidInput(
            _("give either a technical item or a goods item"), where="--tech/--goods"
        )
    clean = _clean(values, adding=True)
    with ctx.transaction() as s:
        user = require_role(s, ctx, CLASSIFY_ROLES, N_("classify items"), write=True)
        row = m.Classification(
            result=clean["result"],
            control_table="fefta_order" if technical_item is not None else "export_order",
            parameters=[],
            classified_by=user,
            classified_on=ctx.today(),
        )
        if technical_item is not None:
            tech = s.get(m.TechnicalItem, technical_item)
            if tech is None:
                raise NotFound(_("no technical data with id {id}").format(id=technical_item))
            row.technical_item = tech
            where: tuple[str, int] = ("technical_item_id", technical_item)
        else:
            goods = s.get(m.GoodsItem, goods_item)
            if goods is None:
                raise NotFound(_("no goods item with id {id}").format(id=goods_item))
            row.goods_item = goods
            where = ("goods_item_id", int(goods.id))
        existing = s.scalar(
            select(m.Classification.id).where(getattr(m.Classification, where[0]) == where[1])
        )
        if existing is not None:
            raise WorkflowError(
                _(
                    "This item is already classified (classification {id}); "
                    "edit that one instead: desk classify edit {id}"
                ).format(id=existing)
            )
        _apply(row, clean)
        _default_article(row)
        _check_whole(row)
        s.add(row)
        _sync_subject(row)
        s.flush()
        _snapshot(s, row)
        ctx.audit(
            s,
            "classification.add",
            "classification",
            row.id,
            {"subject": where[0], "subject_id": where[1], "fields": _audit_values(clean)},
        )
        return _info(s, row, _CHANGES)


def _audit_values(clean: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in clean.items():
        if isinstance(value, dc.ControlItem):
            value = value.code()
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = [p.to_json() for p in value]
        out[key] = value
    return out


def edit_classification(
    ctx: ServiceContext,
    classification_id: int,
    values: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> ClassificationInfo:
    """Change a classification. A change of what it says withdraws the confirmation (the
    該非確認責任者 confirms again) and makes the acting user the classifier, today; saving
    the same values changes nothing. ``expected_version`` refuses a change made unseen."""
    clean = _clean(values, adding=False)
    with ctx.transaction() as s:
        user = require_role(s, ctx, CLASSIFY_ROLES, N_("classify items"), write=True)
        row = _row(s, classification_id)
        _check_version(row, expected_version)
        before = _said(row)
        _apply(row, clean)
        _default_article(row)
        _check_whole(row)
        changed = _said(row) != before
        withdrawn = row.confirmed_on is not None and changed
        if withdrawn:
            row.confirmed_by = None
            row.confirmed_on = None
        if changed and "classified_on" not in clean:
            row.classified_by = user
            row.classified_on = ctx.today()
        _sync_subject(row)
        s.flush()
        _snapshot(s, row)
        ctx.audit(
            s,
            "classification.edit",
            "classification",
            row.id,
            {"fields": _audit_values(clean), "confirmation_withdrawn": withdrawn},
        )
        return _info(s, row, _CHANGES)


def confirm_classification(
    ctx: ServiceContext,
    classification_id: int,
    *,
    on: dt.date | None = None,
    expected_version: int | None = None,
) -> ClassificationInfo:
    """The 該非確認責任者 confirms a classification: someone other than who classified it."""
    with ctx.transaction() as s:
        user = require_role(
            s, ctx, CLASSIFICATION_CONFIRM_ROLES, N_("confirm classifications"), write=True
        )
        row = _row(s, classification_id)
        _check_version(row, expected_version)
        if row.classified_by_id == user.id:
            raise WorkflowError(
                _(
                    "{user} classified this item and cannot also confirm it: the "
                    "classification officer is another person"
                ).format(user=user.login)
            )
        day = on or ctx.today()
        if day < row.classified_on:
            raise InvalidInput(
                _(
                    "the confirmation ({on}) cannot come before the classification ({classified})"
                ).format(on=day.isoformat(), classified=row.classified_on.isoformat()),
                where="--on",
            )
        if row.result == "undetermined":
            raise WorkflowError(
                _("An undetermined classification cannot be confirmed; classify it first")
            )
        row.confirmed_by = user
        row.confirmed_on = day
        _sync_subject(row)
        s.flush()
        _snapshot(s, row)
        ctx.audit(
            s,
            "classification.confirm",
            "classification",
            row.id,
            {"confirmed_on": day.isoformat(), "version": row.version},
        )
        return _info(s, row, _CHANGES)


def attach_document(
    ctx: ServiceContext,
    classification_id: int,
    *,
    kind: str,
    title: str,
    issued_on: dt.date | str | None = None,
    doc_version: str | None = None,
    path: str | Path | None = None,
) -> ClassificationInfo:
    """Keep a basis document (maker's 該非判定書, catalogue, specification) with its file."""
    if kind not in dc.DOCUMENT_KINDS:
        raise InvalidInput(
            _("{value!r} is not one of: {allowed}").format(
                value=kind, allowed=", ".join(dc.DOCUMENT_KINDS)
            ),
            where="--kind",
        )
    name = _text(title, "--title", 500)
    if not name:
        raise InvalidInput(_("a document needs a title"), where="--title")
    day = _date(issued_on, "--issued-on")
    ver = _text(doc_version, "--doc-version", 100)
    content: bytes | None = None
    file = Path(path) if path is not None else None
    if file is not None:
        try:
            if file.stat().st_size > MAX_DOCUMENT_BYTES:
                raise InvalidInput(
                    _("{file} is larger than {mb} MB; attach a smaller file or a reference").format(
                        file=file, mb=MAX_DOCUMENT_BYTES // (1024 * 1024)
                    ),
                    where="--file",
                )
            content = file.read_bytes()
        except OSError as exc:
            raise InvalidInput(
                _("Cannot read {file}: {error}").format(file=file, error=exc.strerror),
                where="--file",
            ) from exc
    with ctx.transaction() as s:
        user = require_role(s, ctx, CLASSIFY_ROLES, N_("classify items"), write=True)
        row = _row(s, classification_id)
        attachment = None
        if file is not None and content is not None:
            attachment = m.Attachment(
                filename=file.name[:300],
                media_type=mimetypes.guess_type(file.name)[0] or "application/octet-stream",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
                created_by_id=user.id,
            )
            s.add(attachment)
            s.flush()
        row.documents.append(
            m.ClassificationDocument(
                kind=kind,
                title=name,
                issued_on=day,
                doc_version=ver,
                attachment=attachment,
                added_by_id=user.id,
            )
        )
        s.flush()
        _snapshot(s, row)
        ctx.audit(
            s,
            "classification.attach",
            "classification",
            row.id,
            {
                "kind": kind,
                "title": name,
                "issued_on": day.isoformat() if day else None,
                "version": ver,
                "sha256": attachment.sha256 if attachment else None,
            },
        )
        return _info(s, row, _CHANGES)


def show_classification(ctx: ServiceContext, classification_id: int) -> ClassificationInfo:
    with ctx.reading() as s:
        return _info(s, _row(s, classification_id))


def classification_of(
    ctx: ServiceContext, *, technical_item: int | None = None, goods_item: int | None = None
) -> ClassificationInfo | None:
    """The classification of an item, or None when it has none yet."""
    with ctx.reading() as s:
        query = select(m.Classification)
        if technical_item is not None:
            query = query.where(m.Classification.technical_item_id == technical_item)
        else:
            query = query.where(m.Classification.goods_item_id == goods_item)
        row = s.scalars(query).first()
        return _info(s, row) if row is not None else None


def list_classifications(
    ctx: ServiceContext, *, result: str | None = None, unconfirmed: bool = False
) -> list[ClassificationInfo]:
    with ctx.reading() as s:
        query = select(m.Classification).order_by(m.Classification.id)
        if result is not None:
            query = query.where(m.Classification.result == result)
        if unconfirmed:
            query = query.where(m.Classification.confirmed_on.is_(None))
        return [_info(s, row) for row in s.scalars(query)]


def document_content(ctx: ServiceContext, document_id: int) -> tuple[str, bytes]:
    """A basis document's file (name, bytes), to open or save it."""
    with ctx.reading() as s:
        doc = s.get(m.ClassificationDocument, document_id)
        if doc is None or doc.attachment is None:
            raise NotFound(_("no file kept for document {id}").format(id=document_id))
        return doc.attachment.filename, doc.attachment.content


# --------------------------------------------------------------------------- for the records


def classification_as_of(
    session: Session, technical_item_id: int, upto: int | None = None
) -> ClassificationInfo | None:
    """The item's classification as the newest snapshot up to id ``upto`` (None: the newest)
    saved it — what a record issued then printed."""
    query = (
        select(m.ClassificationSnapshot.data)
        .where(m.ClassificationSnapshot.technical_item_id == technical_item_id)
        .order_by(m.ClassificationSnapshot.id.desc())
        .limit(1)
    )
    if upto is not None:
        query = query.where(m.ClassificationSnapshot.id <= upto)
    data = session.scalar(query)
    return info_from_json(data) if data else None


def snapshot_cutoff(session: Session, technical_item_id: int) -> int:
    """The newest snapshot id of the item's classification (0: none), for a record's cutoff."""
    query = select(m.ClassificationSnapshot.id).where(
        m.ClassificationSnapshot.technical_item_id == technical_item_id
    )
    return int(session.scalar(query.order_by(m.ClassificationSnapshot.id.desc()).limit(1)) or 0)
