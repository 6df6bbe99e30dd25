"""The インフォーム通知 register: a notice from METI (number, date, 大量破壊兵器等 or 通常兵器)
naming a technical item, a recipient (a person or an organization) or both, applied to every
case it affects.

A case is affected when each thing the notice names matches it: the technical item is the
case's, the person is its recipient, the organization is its recipient or one the recipient
person is affiliated with. Applying sets the case's ``provision.inform`` fact (so the engine
answers 許可申請要（キャッチオール規制）, citing 貿易外省令第9条第2項第7号・第8号 and the
notice) on every open case; a decided or closed case is not changed but listed, to be reopened
by the office. :func:`apply_informs` applies every notice again (after cases were imported).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput, NotFound, WorkflowError
from desk.domain.i18n import N_, _
from desk.services.context import Changes, ServiceContext
from desk.services.permissions import LICENCE_REGISTER_ROLES, require_role
from desk.services.reviews.steps import _text
from desk.storage import models as m

INFORM_KINDS = ("wmd", "conventional")
INFORM_KIND_LABELS = {
    "wmd": N_("weapons of mass destruction"),
    "conventional": N_("conventional weapons"),
}
_LOCKED = ("decided", "closed")
_CHANGES = Changes(frozenset({"informs", "cases", "audit_events"}))


@dataclass(frozen=True)
class InformRecord:
    id: int
    number: str
    notified_on: dt.date
    kind: str
    summary: str | None
    technical_item: tuple[int, str] | None
    person: tuple[int, str] | None
    organization: tuple[int, str] | None
    cases: tuple[str, ...] = ()  # every affected case
    applied: tuple[str, ...] = ()  # the cases this call changed
    locked: tuple[str, ...] = ()  # affected cases decided or closed without the inform fact
    changes: Changes = field(default_factory=Changes)

    @property
    def kind_label(self) -> str:
        return _(INFORM_KIND_LABELS[self.kind])

    def to_json(self) -> dict[str, Any]:
        def ref(value: tuple[int, str] | None) -> dict[str, Any] | None:
            return {"id": value[0], "name": value[1]} if value else None

        return {
            "id": self.id,
            "number": self.number,
            "notified_on": self.notified_on.isoformat(),
            "kind": self.kind,
            "summary": self.summary,
            "technical_item": ref(self.technical_item),
            "person": ref(self.person),
            "organization": ref(self.organization),
            "cases": list(self.cases),
            "applied": list(self.applied),
            "locked": list(self.locked),
        }


def _affected(session: Session, inform: m.Inform) -> list[m.Case]:
    query = select(m.Case)
    if inform.technical_item_id is not None:
        query = query.where(m.Case.technical_item_id == inform.technical_item_id)
    if inform.person_id is not None:
        query = query.where(m.Case.person_id == inform.person_id)
    if inform.organization_id is not None:
        members = select(m.Affiliation.person_id).where(
            m.Affiliation.organization_id == inform.organization_id,
            m.Affiliation.person_id.is_not(None),
        )
        query = query.where(
            or_(
                m.Case.organization_id == inform.organization_id,
                m.Case.person_id.in_(members),
            )
        )
    return list(session.scalars(query.order_by(m.Case.ref)))


def _apply(
    ctx: ServiceContext, session: Session, inform: m.Inform
) -> tuple[list[str], list[str], list[str]]:
    cases = _affected(session, inform)
    applied: list[str] = []
    locked: list[str] = []
    for row in cases:
        if row.inform is not None:
            continue  # already informed (this notice or another): the engine's answer stands
        if row.status in _LOCKED:
            locked.append(row.ref)
            continue
        row.inform = inform.kind
        keys = set(row.provision_given_keys or []) | {"inform"}
        row.provision_given_keys = sorted(keys)
        applied.append(row.ref)
        ctx.audit(
            session,
            "inform.apply",
            "case",
            row.id,
            {"ref": row.ref, "inform": inform.number, "kind": inform.kind},
        )
    return [r.ref for r in cases], applied, locked


def _record(
    row: m.Inform,
    cases: list[str],
    applied: list[str] | None = None,
    locked: list[str] | None = None,
    changes: Changes | None = None,
) -> InformRecord:
    return InformRecord(
        row.id,
        row.number,
        row.notified_on,
        row.kind,
        row.summary,
        (row.technical_item.id, row.technical_item.title or "") if row.technical_item else None,
        (row.person.id, row.person.name) if row.person else None,
        (row.organization.id, row.organization.name) if row.organization else None,
        tuple(cases),
        tuple(applied or ()),
        tuple(locked or ()),
        changes or Changes(),
    )


def _id(value: Any, where: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput(_("{value!r} is not an id").format(value=value), where=where) from None


def add_inform(ctx: ServiceContext, values: Mapping[str, Any]) -> InformRecord:
    """Register an inform notice and apply it to every case it affects (one transaction)."""
    allowed = {"number", "notified_on", "kind", "summary", "technical_item", "person"}
    allowed |= {"organization"}
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise InvalidInput(_("unknown field {key!r}").format(key=unknown[0]), where=unknown[0])
    number = _text(values.get("number"), "number", 100)
    if not number:
        raise InvalidInput(_("an inform notice needs its number"), where="number")
    raw_day = values.get("notified_on")
    if isinstance(raw_day, dt.date):
        day = raw_day
    else:
        try:
            day = dt.date.fromisoformat(str(raw_day or "").strip())
        except ValueError:
            raise InvalidInput(
                _("{value!r} is not a date (YYYY-MM-DD)").format(value=raw_day),
                where="notified_on",
            ) from None
    kind = values.get("kind")
    if kind not in INFORM_KINDS:
        raise InvalidInput(
            _("{value!r} is not one of: {allowed}").format(
                value=kind, allowed=", ".join(INFORM_KINDS)
            ),
            where="kind",
        )
    ids = {k: _id(values.get(k), k) for k in ("technical_item", "person", "organization")}
    if not any(ids.values()):
        raise InvalidInput(
            _("an inform notice names the technical data, the recipient or both"),
            where="technical_item",
        )
    if ids["person"] and ids["organization"]:
        raise InvalidInput(_("name a person or an organization, not both"), where="organization")
    with ctx.transaction() as session:
        user = require_role(
            session, ctx, LICENCE_REGISTER_ROLES, N_("keep the inform register"), write=True
        )
        if session.scalar(select(m.Inform.id).where(m.Inform.number == number)) is not None:
            raise WorkflowError(
                _("Inform notice {number} is already registered").format(number=number)
            )
        row = m.Inform(
            number=number,
            notified_on=day,
            kind=kind,
            summary=_text(values.get("summary"), "summary"),
            recorded_by_id=user.id,
        )
        models = {
            "technical_item": m.TechnicalItem,
            "person": m.Person,
            "organization": m.Organization,
        }
        for key, value in ids.items():
            if value is None:
                continue
            target = session.get(models[key], value)
            if target is None:
                raise NotFound(_("no {kind} with id {id}").format(kind=key, id=value))
            setattr(row, key, target)
        session.add(row)
        session.flush()
        cases, applied, locked = _apply(ctx, session, row)
        ctx.audit(
            session,
            "inform.add",
            "inform",
            row.id,
            {
                "number": number,
                "notified_on": day.isoformat(),
                "kind": kind,
                **{k: v for k, v in ids.items() if v},
                "applied": applied,
                "locked": locked,
            },
        )
        return _record(row, cases, applied, locked, _CHANGES)


def apply_informs(ctx: ServiceContext) -> list[InformRecord]:
    """Apply every registered notice again (cases imported since it was registered)."""
    with ctx.transaction() as session:
        require_role(
            session, ctx, LICENCE_REGISTER_ROLES, N_("keep the inform register"), write=True
        )
        out = []
        for row in session.scalars(select(m.Inform).order_by(m.Inform.id)):
            cases, applied, locked = _apply(ctx, session, row)
            out.append(_record(row, cases, applied, locked, _CHANGES))
        return out


def show_inform(ctx: ServiceContext, inform_id: int) -> InformRecord:
    with ctx.reading() as session:
        row = session.get(m.Inform, inform_id)
        if row is None:
            raise NotFound(_("no inform notice with id {id}").format(id=inform_id))
        cases = _affected(session, row)
        locked = [c.ref for c in cases if c.status in _LOCKED and c.inform is None]
        return _record(row, [c.ref for c in cases], locked=locked)


def list_informs(ctx: ServiceContext) -> list[InformRecord]:
    with ctx.reading() as session:
        rows = session.scalars(select(m.Inform).order_by(m.Inform.notified_on, m.Inform.id))
        return [_record(row, [c.ref for c in _affected(session, row)]) for row in rows]


def informs_for_case(ctx: ServiceContext, ref: str) -> list[InformRecord]:
    """The notices that affect case ``ref`` (its detail pane, the coverage check)."""
    from desk.services.cases import case_row

    with ctx.reading() as session:
        case = case_row(session, ref)
        out = []
        for row in session.scalars(select(m.Inform).order_by(m.Inform.id)):
            if any(c.id == case.id for c in _affected(session, row)):
                out.append(_record(row, [case.ref]))
        return out
