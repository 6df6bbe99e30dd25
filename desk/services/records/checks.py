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
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, _
from desk.reports.data import CLEAR_CHECKLIST, RED_FLAGS
from desk.services.cases import case_row, latest_assessments
from desk.services.context import Changes, ServiceContext
from desk.services.permissions import RECORD_ROLES, require_role
from desk.services.records.gathered import TransactionFacts
from desk.storage import models as m

_TEXT_LIMIT = 2000


@dataclass(frozen=True)
class TransactionReview:
    """What the 取引審査 form shows: the stored facts and, for each red-flag question, the
    answer desk derives from the registered facts (None: it cannot be derived), with the
    end user the register names — the form is pre-filled with these where nothing is stored."""

    ref: str
    facts: TransactionFacts
    derived_red_flags: Mapping[str, bool | None]
    registered_end_user: str | None
    registered_end_use: str | None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.ref,
            **self.facts.to_json(),
            "derived_red_flags": dict(self.derived_red_flags),
            "registered_end_user": self.registered_end_user,
            "registered_end_use": self.registered_end_use,
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
        dict(row.red_flags or {}),
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


def _registered_end_user(row: m.Case) -> str | None:
    """The recipient and the affiliations the case names: 「氏名（所属、国・地域）」."""
    from desk.storage.casemap import load_case

    rec = load_case(row).recipient
    where = [a.name for a in rec.affiliations if a.name]
    if not rec.name:
        return None
    return f"{rec.name}（{'、'.join(where)}）" if where else rec.name


def transaction_review(ctx: ServiceContext, ref: str) -> TransactionReview:
    """Case ``ref``'s 取引審査 facts with what desk derives from the registered facts."""
    from desk.reports.data import RECORD_FORMAT_VERSION, derived_red_flags
    from desk.services.records.facts import _record_data

    with ctx.reading() as session:
        row = case_row(session, ref)
        facts = stored_check(session, row.id)
        derived: dict[str, bool | None] = dict.fromkeys(RED_FLAGS)
        assessment = latest_assessments(session, [row.id]).get(row.id)
        if assessment is not None:
            data = _record_data(
                row,
                assessment,
                kind="precheck",
                lang="ja",
                number="",
                generated_at=assessment.assessed_at,
                institution=None,
                zone=None,
                format_version=RECORD_FORMAT_VERSION,
                check_id=0,
            )
            for code, (answer, _derived) in derived_red_flags(data).items():
                derived[code] = answer
        project = row.technical_item.project
        return TransactionReview(
            row.ref,
            facts,
            derived,
            _registered_end_user(row),
            project.title if project is not None else None,
        )


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
    red_flags: Mapping[str, bool | None] | None = None,
) -> Changes:
    """Record (or change) case ``ref``'s 取引審査 facts; what is not given stays as it was.
    ``red_flags``: code → the office's answer, None clearing it (unanswered again)."""
    for code in red_flags or {}:
        if code not in RED_FLAGS:
            raise InvalidInput(
                _("Unknown red-flag question {code}; expected one of {codes}").format(
                    code=code, codes=", ".join(RED_FLAGS)
                ),
                where="--red-flag",
            )
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
        flags = dict(before.red_flags)
        for code, answer in (red_flags or {}).items():
            if answer is None:
                flags.pop(code, None)
            else:
                flags[code] = bool(answer)
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
            red_flags=flags,
        )
        session.add(new)
        session.flush()
        facts = stored_check(session, row.id)
        ctx.audit(
            session, "case.transaction_check", "case", row.id, {"ref": row.ref, **facts.to_json()}
        )
    return Changes(frozenset({"transaction_checks", "audit_events"}))
