"""Declarations and pledges of people as documents with a lifecycle, and campaigns.

A document is a person's 特定類型 declaration (確認書・自己申告書, kind ``declaration``), the
pledge on handling technology and goods (誓約書, ``pledge``), the exit pledge at graduation
or retirement (``exit_pledge``) or a change report (変更届, ``change_report``). It is
``requested`` (a campaign or the office asked), ``received`` (dated, perhaps valid until a
day, with the file or its reference), and ends ``expired`` (past its validity) or
``withdrawn``. A campaign asks a cohort — the people of a role, department, nationality
(foreign) and start date, e.g. all new foreign students of a term — and tracks who has
answered; the rest is the reminders list.

:func:`declarations_expiring` is the query the dashboard shows (received documents whose
validity ends within so many days). Every change is one transaction with its audit event;
only the office changes them (:data:`desk.services.permissions.REGISTER_ROLES`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from desk.domain.case import DECLARATION_BASES
from desk.domain.errors import InvalidInput, NotFound
from desk.domain.i18n import N_, _
from desk.services.context import ServiceContext
from desk.services.registers import fields as f
from desk.services.registers.records import get_row, jsonable, may_change
from desk.storage import models as m

KINDS = m.INTAKE_DOCUMENT_KINDS
STATUSES = m.INTAKE_DOCUMENT_STATUSES
DOCUMENT_KIND_LABELS = {
    "declaration": N_("specific-category declaration"),
    "pledge": N_("pledge"),
    "exit_pledge": N_("exit pledge"),
    "change_report": N_("change report"),
}
DOCUMENT_STATUS_LABELS = {
    "requested": N_("requested"),
    "received": N_("received"),
    "expired": N_("expired"),
    "withdrawn": N_("withdrawn"),
}


@dataclass(frozen=True)
class IntakeDocumentInfo:
    id: int
    person_id: int
    person_name: str
    kind: str
    status: str
    requested_on: dt.date | None
    due_on: dt.date | None
    received_on: dt.date | None
    valid_until: dt.date | None
    ended_on: dt.date | None
    basis: str | None
    types: tuple[int, ...]
    document: str | None
    note: str | None
    campaign_id: int | None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = jsonable(
            {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "types"}
        )
        out["types"] = list(self.types)
        return out


@dataclass(frozen=True)
class CampaignInfo:
    id: int
    title: str
    kind: str
    requested_on: dt.date
    due_on: dt.date | None
    cohort: dict[str, Any]
    asked: int
    answered: int
    outstanding: tuple[IntakeDocumentInfo, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "requested_on": self.requested_on.isoformat(),
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "cohort": jsonable(self.cohort),
            "asked": self.asked,
            "answered": self.answered,
            "outstanding": [d.to_json() for d in self.outstanding],
        }


def _info(d: m.IntakeDocument, name: str) -> IntakeDocumentInfo:
    return IntakeDocumentInfo(
        id=d.id,
        person_id=d.person_id,
        person_name=name,
        kind=d.kind,
        status=d.status,
        requested_on=d.requested_on,
        due_on=d.due_on,
        received_on=d.received_on,
        valid_until=d.valid_until,
        ended_on=d.ended_on,
        basis=d.basis,
        types=tuple(d.types or ()),
        document=d.document,
        note=d.note,
        campaign_id=d.campaign_id,
    )


def _kind(value: str | None) -> str:
    kind = f.choice(value, "kind", KINDS)
    if kind is None:
        raise InvalidInput(_("this field is required"), where="kind")
    return kind


def _types(values: Sequence[int | str] | None) -> list[int]:
    out: list[int] = []
    for v in values or ():
        for part in str(v).replace(";", ",").split(","):
            if not part.strip():
                continue
            if part.strip() not in ("1", "2", "3"):
                raise InvalidInput(
                    _("a specific category is 1, 2 or 3: {value}").format(value=part), where="types"
                )
            if int(part) not in out:
                out.append(int(part))
    return sorted(out)


def _audit(ctx: ServiceContext, s: Session, action: str, d: m.IntakeDocument) -> None:
    ctx.audit(
        s,
        f"intake_document.{action}",
        "person",
        d.person_id,
        {
            "document": d.id,
            "kind": d.kind,
            "status": d.status,
            "received_on": jsonable(d.received_on),
            "valid_until": jsonable(d.valid_until),
            "basis": d.basis,
            "types": list(d.types or ()),
            "file": d.document,
        },
    )


def request_document(
    ctx: ServiceContext,
    person_id: int,
    kind: str,
    *,
    due_on: str | dt.date | None = None,
    note: str | None = None,
) -> IntakeDocumentInfo:
    """Ask a person for a declaration or pledge (status ``requested``)."""
    doc_kind = _kind(kind)
    due = f.date(due_on, "due_on")
    text = f.text(note, "note", limit=2000)
    with ctx.transaction() as s:
        may_change(ctx, s)
        person = get_row(s, "person", person_id)
        d = m.IntakeDocument(
            person_id=person.id,
            kind=doc_kind,
            status="requested",
            requested_on=ctx.today(),
            due_on=due,
            note=text,
            types=[],
        )
        s.add(d)
        s.flush()
        _audit(ctx, s, "request", d)
        return _info(d, person.name)


def receive_document(
    ctx: ServiceContext,
    person_id: int,
    kind: str,
    received_on: str | dt.date | None,
    *,
    valid_until: str | dt.date | None = None,
    basis: str | None = None,
    types: Sequence[int | str] | None = None,
    document: str | None = None,
    note: str | None = None,
) -> IntakeDocumentInfo:
    """Record a received declaration or pledge; the person's open request of that kind (if
    any) becomes it, and an earlier received one of the same kind is superseded (expired)."""
    doc_kind = _kind(kind)
    day = f.date(received_on, "received_on")
    if day is None:
        raise InvalidInput(_("this field is required"), where="received_on")
    until = f.date(valid_until, "valid_until")
    f.period(day, until, "valid_until")
    doc_basis = f.choice(basis, "basis", DECLARATION_BASES)
    if doc_kind == "declaration" and doc_basis is None:
        doc_basis = "self_declaration"
    if doc_kind != "declaration" and (doc_basis or types):
        raise InvalidInput(
            _("only a specific-category declaration has a basis and types"), where="basis"
        )
    declared = _types(types)
    ref = f.text(document, "document", limit=500)
    text = f.text(note, "note", limit=2000)
    with ctx.transaction() as s:
        may_change(ctx, s)
        person = get_row(s, "person", person_id)
        current = list(
            s.scalars(
                select(m.IntakeDocument)
                .where(
                    m.IntakeDocument.person_id == person.id,
                    m.IntakeDocument.kind == doc_kind,
                    m.IntakeDocument.status.in_(("requested", "received")),
                )
                .order_by(m.IntakeDocument.id)
            )
        )
        d = next((x for x in current if x.status == "requested"), None)
        for old in current:
            if old.status == "received" and (old.received_on or day) <= day:
                old.status = "expired"
                old.ended_on = day
                _audit(ctx, s, "supersede", old)
        if d is None:
            d = m.IntakeDocument(person_id=person.id, kind=doc_kind, types=[])
            s.add(d)
        d.status = "received"
        d.received_on = day
        d.valid_until = until
        d.basis = doc_basis
        d.types = declared
        d.document = ref
        if text is not None:
            d.note = text
        s.flush()
        _audit(ctx, s, "receive", d)
        return _info(d, person.name)


def end_document(
    ctx: ServiceContext, document_id: int, status: str, on: str | dt.date | None = None
) -> IntakeDocumentInfo:
    """Withdraw (or mark expired) one document."""
    end = f.choice(status, "status", ("expired", "withdrawn"))
    day = f.date(on, "on") or ctx.today()
    with ctx.transaction() as s:
        may_change(ctx, s)
        d = s.get(m.IntakeDocument, document_id)
        if d is None:
            raise NotFound(_("no document with id {id}").format(id=document_id))
        if d.status in ("expired", "withdrawn"):
            raise InvalidInput(
                _("the document is already {status}").format(
                    status=_(DOCUMENT_STATUS_LABELS[d.status])
                ),
                where="ID",
            )
        d.status = end or "withdrawn"
        d.ended_on = day
        s.flush()
        _audit(ctx, s, d.status, d)
        return _info(d, s.get(m.Person, d.person_id).name)  # type: ignore[union-attr]


def expire_documents(ctx: ServiceContext, on: str | dt.date | None = None) -> int:
    """Mark every received document whose validity ended before ``on`` (today) expired."""
    day = f.date(on, "on") or ctx.today()
    with ctx.transaction() as s:
        may_change(ctx, s)
        rows = list(
            s.scalars(
                select(m.IntakeDocument).where(
                    m.IntakeDocument.status == "received",
                    m.IntakeDocument.valid_until.is_not(None),
                    m.IntakeDocument.valid_until < day,
                )
            )
        )
        for d in rows:
            d.status = "expired"
            d.ended_on = d.valid_until
            _audit(ctx, s, "expire", d)
        return len(rows)


def list_documents(
    ctx: ServiceContext,
    *,
    person_id: int | None = None,
    kind: str | None = None,
    status: str | None = None,
) -> list[IntakeDocumentInfo]:
    doc_kind = f.choice(kind, "kind", KINDS)
    doc_status = f.choice(status, "status", STATUSES)
    with ctx.reading() as s:
        query = select(m.IntakeDocument, m.Person.name).join(
            m.Person, m.Person.id == m.IntakeDocument.person_id
        )
        if person_id is not None:
            query = query.where(m.IntakeDocument.person_id == person_id)
        if doc_kind:
            query = query.where(m.IntakeDocument.kind == doc_kind)
        if doc_status:
            query = query.where(m.IntakeDocument.status == doc_status)
        return [_info(d, name) for d, name in s.execute(query.order_by(m.IntakeDocument.id))]


def declarations_expiring(
    ctx: ServiceContext,
    within_days: int = 30,
    *,
    kinds: Sequence[str] = KINDS,
    today: dt.date | None = None,
) -> list[IntakeDocumentInfo]:
    """Received declarations and pledges whose validity ends between today (``today``,
    else the context's) and ``within_days`` from then (the dashboard's "expiring" list),
    soonest first."""
    if within_days < 0:
        raise InvalidInput(_("must be 0 or more"), where="within_days")
    today = today or ctx.today()
    last = today + dt.timedelta(days=within_days)
    with ctx.reading() as s:
        rows = s.execute(
            select(m.IntakeDocument, m.Person.name)
            .join(m.Person, m.Person.id == m.IntakeDocument.person_id)
            .where(
                m.IntakeDocument.status == "received",
                m.IntakeDocument.kind.in_(tuple(kinds)),
                m.IntakeDocument.valid_until.is_not(None),
                m.IntakeDocument.valid_until >= today,
                m.IntakeDocument.valid_until <= last,
                m.Person.retired.is_(False),
            )
            .order_by(m.IntakeDocument.valid_until, m.IntakeDocument.id)
        )
        return [_info(d, name) for d, name in rows]


def declaration_on(ctx: ServiceContext, person_id: int, on: str | dt.date) -> dict[str, Any] | None:
    """The person's declaration as the case format writes it (``recipient.declaration``),
    from the received declaration in force on ``on`` (a provision date): received on or
    before that day and valid on it. None when there is none — the assessment then says the
    status is unknown."""
    day = f.date(on, "on")
    with ctx.reading() as s:
        rows = s.scalars(
            select(m.IntakeDocument)
            .where(
                m.IntakeDocument.person_id == person_id,
                m.IntakeDocument.kind == "declaration",
                m.IntakeDocument.received_on.is_not(None),
                m.IntakeDocument.received_on <= day,
                or_(
                    m.IntakeDocument.status == "received",
                    and_(m.IntakeDocument.ended_on.is_not(None), m.IntakeDocument.ended_on > day),
                ),
                or_(m.IntakeDocument.valid_until.is_(None), m.IntakeDocument.valid_until >= day),
            )
            .order_by(m.IntakeDocument.received_on.desc(), m.IntakeDocument.id.desc())
        )
        d = rows.first()
        if d is None:
            return None
        out: dict[str, Any] = {"declared_on": d.received_on.isoformat(), "types": list(d.types)}  # type: ignore[union-attr]
        if d.basis and d.basis != "self_declaration":
            out["basis"] = d.basis
        return out


# --------------------------------------------------------------------------- campaigns


def start_campaign(
    ctx: ServiceContext,
    title: str,
    kind: str,
    *,
    role: str | None = None,
    department: str | None = None,
    foreign: bool = False,
    since: str | dt.date | None = None,
    person_ids: Sequence[int] = (),
    due_on: str | dt.date | None = None,
) -> CampaignInfo:
    """Ask a cohort for a declaration or pledge: every registered (not retired) person of
    ``role``, ``department``, not Japanese (``foreign``) and starting on or after ``since``
    (stay from, else registered on) — or the people named — who has no received document
    of that kind in force and no open request."""
    name = f.text(title, "title", required=True, limit=300)
    doc_kind = _kind(kind)
    who = f.choice(role, "role", m.PERSON_ROLES)
    dept = f.text(department, "department", limit=200)
    start = f.date(since, "since")
    due = f.date(due_on, "due_on")
    today = ctx.today()
    with ctx.transaction() as s:
        may_change(ctx, s)
        query = select(m.Person).where(m.Person.retired.is_(False))
        if person_ids:
            query = query.where(m.Person.id.in_(list(person_ids)))
        if who:
            query = query.where(m.Person.role == who)
        if dept:
            query = query.join(m.Department, m.Department.id == m.Person.department_id).where(
                m.Department.name == dept
            )
        cohort = []
        for p in s.scalars(query.order_by(m.Person.id)):
            if foreign and (not p.nationalities or "JP" in p.nationalities):
                continue
            if start is not None:
                began = p.stay_from or (p.created_at.date() if p.created_at else None)
                if began is None or began < start:
                    continue
            cohort.append(p)
        if not cohort:
            raise InvalidInput(_("no registered person is in this cohort"), where="cohort")
        held = set(
            s.scalars(
                select(m.IntakeDocument.person_id).where(
                    m.IntakeDocument.kind == doc_kind,
                    or_(
                        m.IntakeDocument.status == "requested",
                        and_(
                            m.IntakeDocument.status == "received",
                            or_(
                                m.IntakeDocument.valid_until.is_(None),
                                m.IntakeDocument.valid_until >= today,
                            ),
                        ),
                    ),
                )
            )
        )
        spec = {
            "role": who,
            "department": dept,
            "foreign": foreign,
            "since": start,
            "people": list(person_ids),
        }
        campaign = m.DeclarationCampaign(
            title=name,
            kind=doc_kind,
            requested_on=today,
            due_on=due,
            cohort=jsonable({k: v for k, v in spec.items() if v not in (None, False, [])}),
        )
        s.add(campaign)
        s.flush()
        for p in cohort:
            if p.id in held:
                continue
            s.add(
                m.IntakeDocument(
                    person_id=p.id,
                    kind=doc_kind,
                    status="requested",
                    requested_on=today,
                    due_on=due,
                    campaign_id=campaign.id,
                    types=[],
                )
            )
        s.flush()
        asked = [p.id for p in cohort if p.id not in held]
        ctx.audit(
            s,
            "campaign.start",
            "campaign",
            campaign.id,
            {"title": name, "kind": doc_kind, "cohort": campaign.cohort, "asked": asked},
        )
        cid = campaign.id
    return campaign_status(ctx, cid)


def campaign_status(ctx: ServiceContext, campaign_id: int) -> CampaignInfo:
    """Who was asked, who answered, and the not-yet-submitted list (the reminders)."""
    with ctx.reading() as s:
        c = s.get(m.DeclarationCampaign, campaign_id)
        if c is None:
            raise NotFound(_("no campaign with id {id}").format(id=campaign_id))
        rows = list(
            s.execute(
                select(m.IntakeDocument, m.Person.name)
                .join(m.Person, m.Person.id == m.IntakeDocument.person_id)
                .where(m.IntakeDocument.campaign_id == c.id)
                .order_by(m.IntakeDocument.id)
            )
        )
        outstanding = tuple(_info(d, n) for d, n in rows if d.status == "requested")
        return CampaignInfo(
            id=c.id,
            title=c.title,
            kind=c.kind,
            requested_on=c.requested_on,
            due_on=c.due_on,
            cohort=dict(c.cohort or {}),
            asked=len(rows),
            answered=sum(1 for d, _n in rows if d.status == "received"),
            outstanding=outstanding,
        )


def list_campaigns(ctx: ServiceContext) -> list[CampaignInfo]:
    with ctx.reading() as s:
        ids = list(s.scalars(select(m.DeclarationCampaign.id).order_by(m.DeclarationCampaign.id)))
    return [campaign_status(ctx, i) for i in ids]
