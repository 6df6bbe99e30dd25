"""The office's 取引審査 facts for a case (printed on the 取引審査票): the positive record of
用途確認 and 需要者確認 (stated end use, end user, documents checked), the 明らかガイドライン
checklist and 輸出取りやめ.

Each change is a new ``transaction_checks`` row carrying the earlier values forward; a record
names the row it printed (in its ``record.issue`` audit event), so verifying it later
re-creates it with that row even after the facts changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, _
from desk.reports.data import CLEAR_CHECKLIST
from desk.services.cases import case_row
from desk.services.context import Changes, ServiceContext
from desk.services.permissions import RECORD_ROLES, require_role
from desk.storage import models as m

_TEXT_LIMIT = 2000


@dataclass(frozen=True)
class TransactionFacts:
    end_use: str | None = None
    end_user: str | None = None
    documents_checked: tuple[str, ...] = ()
    clear_checklist: Mapping[str, bool] = field(default_factory=dict)
    cancelled_on: dt.date | None = None
    check_id: int = 0  # the row these facts come from (0: none recorded)

    def to_json(self) -> dict[str, object]:
        return {
            "end_use": self.end_use,
            "end_user": self.end_user,
            "documents_checked": list(self.documents_checked),
            "clear_checklist": dict(self.clear_checklist),
            "cancelled_on": self.cancelled_on.isoformat() if self.cancelled_on else None,
        }


def stored_check(session: Session, case_id: int, upto: int | None = None) -> TransactionFacts:
    """The newest row for the case (with an id up to ``upto`` when given)."""
    query = select(m.TransactionCheck).where(m.TransactionCheck.case_id == case_id)
    if upto is not None:
        query = query.where(m.TransactionCheck.id <= upto)
    row = session.scalars(query.order_by(m.TransactionCheck.id.desc()).limit(1)).first()
    if row is None:
        return TransactionFacts()
    return TransactionFacts(
        row.end_use,
        row.end_user,
        tuple(row.documents_checked or ()),
        dict(row.clear_checklist or {}),
        row.cancelled_on,
        row.id,
    )


def _text(value: str | None, where: str) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if len(value) > _TEXT_LIMIT:
        raise InvalidInput(
            _("{field} is longer than {limit} characters").format(field=where, limit=_TEXT_LIMIT),
            where=where,
        )
    return value or None


def transaction_facts(ctx: ServiceContext, ref: str) -> TransactionFacts:
    with ctx.reading() as session:
        row = case_row(session, ref)
        return stored_check(session, row.id)


def record_transaction_check(
    ctx: ServiceContext,
    ref: str,
    *,
    end_use: str | None = None,
    end_user: str | None = None,
    documents: Sequence[str] | None = None,
    confirmed: Sequence[str] = (),
    not_confirmed: Sequence[str] = (),
    cancelled_on: dt.date | None = None,
) -> Changes:
    """Record (or change) case ``ref``'s 取引審査 facts; what is not given stays as it was."""
    for item in (*confirmed, *not_confirmed):
        if item not in CLEAR_CHECKLIST:
            raise InvalidInput(
                _("Unknown checklist item {item}; expected one of {items}").format(
                    item=item, items=", ".join(CLEAR_CHECKLIST)
                ),
                where="--confirm",
            )
    with ctx.transaction() as session:
        row = case_row(session, ref)
        require_role(session, ctx, RECORD_ROLES, N_("record the transaction review"), write=True)
        before = stored_check(session, row.id)
        checklist = dict(before.clear_checklist)
        checklist.update({item: True for item in confirmed})
        checklist.update({item: False for item in not_confirmed})
        docs = before.documents_checked
        if documents is not None:
            docs = tuple(d for d in (_text(x, "--document") for x in documents) if d)
        new = m.TransactionCheck(
            case_id=row.id,
            end_use=_text(end_use, "--end-use") if end_use is not None else before.end_use,
            end_user=_text(end_user, "--end-user") if end_user is not None else before.end_user,
            documents_checked=list(docs),
            clear_checklist=checklist,
            cancelled_on=cancelled_on or before.cancelled_on,
            recorded_by=ctx.actor,
        )
        session.add(new)
        session.flush()
        facts = stored_check(session, row.id)
        ctx.audit(
            session, "case.transaction_check", "case", row.id, {"ref": row.ref, **facts.to_json()}
        )
    return Changes(frozenset({"transaction_checks", "audit_events"}))
