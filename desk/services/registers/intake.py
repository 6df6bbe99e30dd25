"""Intake reviews: a review of a person at admission, hiring or a visit, separate from any
technology case — the person and their affiliations screened again, the residency and
特定類型 facts as they stand kept with the review, and the office's outcome.

A person is due for a review when never reviewed, or when the facts a review looked at
changed since the last one (学部→修士→博士, a new employer or affiliation, a new 在留資格,
a foreign-government funding line on one of their projects, a new declaration):
:func:`reviews_due` names the facts that changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain.i18n import N_, _
from desk.services.context import ServiceContext
from desk.services.registers import fields as f
from desk.services.registers.records import get_row, jsonable, may_change
from desk.services.screening import PartyRef, screen_party
from desk.storage import models as m

OCCASION_LABELS = {
    "admission": N_("admission"),
    "hiring": N_("hiring"),
    "visit": N_("visit"),
    "status_change": N_("status change"),
    "other": N_("other"),
}
OUTCOME_LABELS = {
    "cleared": N_("cleared"),
    "conditions": N_("cleared with conditions"),
    "refused": N_("refused"),
    "pending": N_("pending"),
}
FACT_LABELS = {
    "role": N_("role"),
    "department": N_("department"),
    "visa_status": N_("status of residence"),
    "stay_until": N_("stay until"),
    "nationalities": N_("nationalities"),
    "affiliations": N_("affiliations"),
    "ties": N_("ties"),
    "foreign_government_funding": N_("foreign government funding"),
    "declaration": N_("declaration"),
}


@dataclass(frozen=True)
class IntakeReviewInfo:
    id: int
    person_id: int
    person_name: str
    occasion: str
    reviewed_on: dt.date
    outcome: str
    facts: dict[str, Any]
    hits: tuple[dict[str, Any], ...]
    notes: str | None
    reviewer: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "person_id": self.person_id,
            "person_name": self.person_name,
            "occasion": self.occasion,
            "reviewed_on": self.reviewed_on.isoformat(),
            "outcome": self.outcome,
            "facts": jsonable(self.facts),
            "hits": jsonable(list(self.hits)),
            "notes": self.notes,
            "reviewer": self.reviewer,
        }


@dataclass(frozen=True)
class ReviewDue:
    person_id: int
    person_name: str
    last_review: int | None
    changed: tuple[str, ...]  # the facts that changed (empty: never reviewed)

    def to_json(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            "person_name": self.person_name,
            "last_review": self.last_review,
            "changed": list(self.changed),
        }


def person_facts(s: Session, p: m.Person) -> dict[str, Any]:
    """The facts an intake review looks at, as they stand (JSON-ready, comparable)."""
    funders = s.execute(
        select(m.ProjectFunding.funder, m.ProjectFunding.country)
        .join(m.ProjectMember, m.ProjectMember.project_id == m.ProjectFunding.project_id)
        .where(m.ProjectMember.person_id == p.id, m.ProjectFunding.foreign_government.is_(True))
    ).all()
    declaration = s.execute(
        select(m.IntakeDocument.received_on, m.IntakeDocument.types)
        .where(
            m.IntakeDocument.person_id == p.id,
            m.IntakeDocument.kind == "declaration",
            m.IntakeDocument.status == "received",
        )
        .order_by(m.IntakeDocument.received_on.desc(), m.IntakeDocument.id.desc())
        .limit(1)
    ).first()
    facts: dict[str, Any] = jsonable(
        {
            "role": p.role,
            "department": p.department.name if p.department else None,
            "visa_status": p.visa_status,
            "stay_until": p.stay_until,
            "nationalities": sorted(p.nationalities or ()),
            "affiliations": sorted(a.organization.name for a in p.affiliations),
            "ties": sorted(
                f"{t.type}:{t.counterparty_kind or ''}:{t.country or ''}:{t.counterparty or ''}"
                for t in p.ties
            ),
            "foreign_government_funding": sorted(f"{n} ({c or '—'})" for n, c in funders),
            "declaration": (
                {"received_on": declaration[0], "types": sorted(declaration[1] or ())}
                if declaration
                else None
            ),
        }
    )
    return facts


def _info(r: m.IntakeReview, name: str) -> IntakeReviewInfo:
    return IntakeReviewInfo(
        id=r.id,
        person_id=r.person_id,
        person_name=name,
        occasion=r.occasion,
        reviewed_on=r.reviewed_on,
        outcome=r.outcome,
        facts=dict(r.facts or {}),
        hits=tuple(r.hits or ()),
        notes=r.notes,
        reviewer=r.reviewer,
    )


def review_person(
    ctx: ServiceContext,
    person_id: int,
    occasion: str,
    outcome: str,
    *,
    on: str | dt.date | None = None,
    notes: str | None = None,
) -> IntakeReviewInfo:
    """Review a person: screen them and their affiliations against the lists in use,
    keep the facts as they stand and the office's outcome (one audit event)."""
    kind = f.choice(occasion, "occasion", m.INTAKE_OCCASIONS) or "other"
    result = f.choice(outcome, "outcome", m.INTAKE_OUTCOMES)
    if result is None:
        from desk.domain.errors import InvalidInput

        raise InvalidInput(_("this field is required"), where="outcome")
    day = f.date(on, "on") or ctx.today()
    text = f.text(notes, "notes", limit=20000)
    with ctx.reading() as s:
        p = get_row(s, "person", person_id)
        orgs = [a.organization_id for a in p.affiliations]
    # screening first, each its own unit of work (as when an organization is added)
    screen_party(ctx, PartyRef("person", person_id))
    for oid in orgs:
        screen_party(ctx, PartyRef("organization", oid))
    from desk.services.registers.people import show_person

    hits = [dict(h) for h in show_person(ctx, person_id).hits]
    with ctx.transaction() as s:
        may_change(ctx, s)
        p = get_row(s, "person", person_id)
        review = m.IntakeReview(
            person_id=p.id,
            occasion=kind,
            reviewed_on=day,
            outcome=result,
            facts=person_facts(s, p),
            hits=jsonable(hits),
            notes=text,
            reviewer=ctx.actor,
        )
        s.add(review)
        s.flush()
        ctx.audit(
            s,
            "intake_review.add",
            "person",
            p.id,
            {"review": review.id, "occasion": kind, "outcome": result, "hits": len(hits)},
        )
        return _info(review, p.name)


def intake_reviews(ctx: ServiceContext, person_id: int | None = None) -> list[IntakeReviewInfo]:
    with ctx.reading() as s:
        query = select(m.IntakeReview, m.Person.name).join(
            m.Person, m.Person.id == m.IntakeReview.person_id
        )
        if person_id is not None:
            query = query.where(m.IntakeReview.person_id == person_id)
        return [_info(r, n) for r, n in s.execute(query.order_by(m.IntakeReview.id))]


def reviews_due(ctx: ServiceContext, *, changed_only: bool = False) -> list[ReviewDue]:
    """People (not retired) never reviewed, or whose reviewed facts changed since."""
    with ctx.reading() as s:
        latest: dict[int, m.IntakeReview] = {}
        for r in s.scalars(select(m.IntakeReview).order_by(m.IntakeReview.id)):
            latest[r.person_id] = r
        out: list[ReviewDue] = []
        for p in s.scalars(
            select(m.Person).where(m.Person.retired.is_(False)).order_by(m.Person.id)
        ):
            last = latest.get(p.id)
            if last is None:
                if not changed_only:
                    out.append(ReviewDue(p.id, p.name, None, ()))
                continue
            now = person_facts(s, p)
            was = last.facts or {}
            changed = tuple(k for k in now if now.get(k) != was.get(k))
            if changed:
                out.append(ReviewDue(p.id, p.name, last.id, changed))
        return out


@dataclass(frozen=True)
class ReviewStatus:
    """What an intake review of one person starts from: the facts as they stand, the
    person's latest review (if any) and the facts changed since it."""

    person_id: int
    person_name: str
    facts: dict[str, Any]
    last: IntakeReviewInfo | None
    changed: tuple[str, ...]


def review_status(ctx: ServiceContext, person_id: int) -> ReviewStatus:
    with ctx.reading() as s:
        p = get_row(s, "person", person_id)
        now = person_facts(s, p)
        last = s.scalars(
            select(m.IntakeReview)
            .where(m.IntakeReview.person_id == p.id)
            .order_by(m.IntakeReview.id.desc())
            .limit(1)
        ).first()
        if last is None:
            return ReviewStatus(p.id, p.name, now, None, ())
        was = last.facts or {}
        changed = tuple(k for k in now if now.get(k) != was.get(k))
        return ReviewStatus(p.id, p.name, now, _info(last, p.name), changed)
