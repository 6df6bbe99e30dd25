"""Stored cases, read: the case list with each case's current assessment, one case's
document, the cases due for review; and the row look-ups the other capabilities share
(:func:`case_row`, :func:`latest_assessments`, :func:`summarize`).

Every function takes a :class:`~desk.services.context.ServiceContext` (or, for the shared
look-ups, the caller's session) and returns frozen data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.domain import case as d
from desk.domain.errors import NotFound
from desk.domain.i18n import _
from desk.services.context import ServiceContext
from desk.services.permissions import require_case_access, visible_cases
from desk.storage import models as m
from desk.storage.casemap import (
    case_fingerprint,
    case_load_options,
    load_case,
    recipient_name,
)


@dataclass(frozen=True)
class CaseSummary:
    """One stored case as lists show it."""

    id: int
    ref: str
    title: str | None
    status: str
    recipient: str
    classification: str
    outcome: str | None  # of the newest assessment; None when never assessed
    risk: str | None
    review_on: dt.date | None
    assessed_at: dt.datetime | None
    stale: bool  # the facts changed after the newest assessment

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.ref,
            "title": self.title,
            "status": self.status,
            "recipient": self.recipient,
            "classification": self.classification,
            "outcome": self.outcome,
            "risk": self.risk,
            "review_on": self.review_on.isoformat() if self.review_on else None,
            "stale": self.stale,
        }


def latest_assessments(
    session: Session, case_ids: Iterable[int] | None = None
) -> dict[int, m.Assessment]:
    """case id → its newest assessment."""
    newest = select(func.max(m.Assessment.id)).group_by(m.Assessment.case_id)
    query = select(m.Assessment).where(m.Assessment.id.in_(newest))
    if case_ids is not None:
        query = query.where(m.Assessment.case_id.in_(list(case_ids)))
    return {a.case_id: a for a in session.scalars(query)}


def summarize(row: m.Case, assessment: m.Assessment | None) -> CaseSummary:
    stale = assessment is not None and assessment.case_sha256 != case_fingerprint(load_case(row))
    return CaseSummary(
        id=row.id,
        ref=row.ref,
        title=row.title,
        status=row.status,
        recipient=recipient_name(row),
        classification=row.technical_item.classification,
        outcome=assessment.outcome if assessment else None,
        risk=assessment.risk if assessment else None,
        review_on=assessment.review_on if assessment else None,
        assessed_at=m.as_utc(assessment.assessed_at) if assessment else None,
        stale=stale,
    )


def _rows(session: Session, refs: Sequence[str] | None = None, *, only: Any = None) -> list[m.Case]:
    query = select(m.Case).options(*case_load_options()).order_by(m.Case.ref)
    if only is not None:
        query = query.where(only)
    if refs is not None:
        query = query.where(m.Case.ref.in_(list(refs)))
    rows = list(session.scalars(query))
    if refs is not None:
        missing = sorted(set(refs) - {r.ref for r in rows})
        if missing:
            raise NotFound(_("No stored case with the id {ids}").format(ids=", ".join(missing)))
    return rows


def case_row(session: Session, ref: str) -> m.Case:
    row = session.scalars(
        select(m.Case).options(*case_load_options()).where(m.Case.ref == ref)
    ).first()
    if row is None:
        raise NotFound(_("No stored case with the id {ids}").format(ids=ref))
    return row


def list_cases(ctx: ServiceContext) -> tuple[CaseSummary, ...]:
    """The stored cases the acting user may see (every case for the office …), by id."""
    with ctx.reading() as session:
        only = visible_cases(session, ctx.user(session))
        rows = _rows(session) if only is None else _rows(session, only=only)
        latest = latest_assessments(session)
        return tuple(summarize(r, latest.get(r.id)) for r in rows)


def get_case(ctx: ServiceContext, ref: str) -> d.Case:
    """The stored case ``ref`` as a ``desk-case/1`` case."""
    with ctx.reading() as session:
        row = case_row(session, ref)
        require_case_access(session, ctx.user(session), row)
        return load_case(row)


def due_cases(ctx: ServiceContext, on: dt.date | None = None) -> tuple[CaseSummary, ...]:
    """Cases whose answer may change by ``on`` (default today), soonest first.

    A case's review date is its current assessment's ``review_on``; for a case never
    assessed, or whose facts changed since, it is worked out from the stored facts
    (:func:`desk.rules.review_date`, the same rule the engine's answer uses).
    """
    from desk.rules import review_date

    day = on or ctx.today()
    summaries: list[CaseSummary] = []
    with ctx.reading() as session:
        latest = latest_assessments(session)
        for row in _rows(session):
            summary = summarize(row, latest.get(row.id))
            review = summary.review_on
            if summary.outcome is None or summary.stale:
                review = review_date(load_case(row), today=ctx.today())
                summary = replace(summary, review_on=review)
            if review is not None and review <= day:
                summaries.append(summary)
    return tuple(sorted(summaries, key=lambda s: (s.review_on or day, s.ref)))


# --------------------------------------------------------------------------- import
