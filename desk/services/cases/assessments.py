"""Assessing stored cases and keeping the answers (with the rule set and list versions).

An assessment records the SHA-256 of the case document it judged; when the stored facts
change afterwards (a re-import, an edit), the assessment is *stale* and
:func:`assess_stale` judges the case again. Lists: the newest version of every active
list stored in the database, or the built-in End User List when none is stored, unless
the caller passes its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain.case import Case
from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, _
from desk.rules import assess
from desk.screening import ScreeningList, builtin_list
from desk.services.cases.stored import case_row, latest_assessments
from desk.services.context import Changes, ServiceContext
from desk.services.permissions import (
    ASSESS_ROLES,
    may_open_case,
    require_case_access,
    require_role,
)
from desk.storage import models as m
from desk.storage.casemap import case_fingerprint, case_load_options, load_case


@dataclass(frozen=True)
class AssessmentSummary:
    ref: str
    outcome: str
    risk: str
    review_on: dt.date | None
    previous_outcome: str | None  # of the assessment before this one, if any
    ruleset: tuple[str, str]
    lists: tuple[tuple[str, str], ...]
    result: dict[str, Any]  # the engine's full answer

    @property
    def changed(self) -> bool:
        return self.previous_outcome is not None and self.previous_outcome != self.outcome


@dataclass(frozen=True)
class AssessRun:
    assessments: tuple[AssessmentSummary, ...]
    changes: Changes


def stored_lists(session: Session) -> list[ScreeningList]:
    """The newest stored version (by publication date) of every active list; may be empty.

    The same choice screening makes (:func:`desk.services.lists.current_lists_in`).
    """
    from desk.services.screening import current_lists_in

    return current_lists_in(session)


def lists_for_assessment(
    session: Session, lists: Sequence[ScreeningList] | None
) -> list[ScreeningList]:
    if lists is not None:
        return list(lists)
    return stored_lists(session) or [builtin_list()]


def assess_rows(
    ctx: ServiceContext,
    session: Session,
    rows: Sequence[m.Case],
    lists: Sequence[ScreeningList] | None,
) -> AssessRun:
    """Assess ``rows`` in the caller's transaction against ``lists`` (None: the stored
    lists, else the built-in one), each with its ``case.assess`` audit event (a trip
    assesses its parts this way)."""
    chosen = lists_for_assessment(session, lists)
    shas = {(lst.id, lst.version): lst.sha256 for lst in chosen}
    previous = latest_assessments(session, [r.id for r in rows])
    user = ctx.user(session)
    out: list[AssessmentSummary] = []
    for row in rows:
        case: Case = load_case(row)
        answer = assess(case, lists=chosen, today=ctx.today())
        result = answer.to_json()
        list_versions = [
            {"id": i, "version": v, "sha256": shas.get((i, v))} for i, v in answer.lists
        ]
        stored = m.Assessment(
            case=row,
            outcome=answer.outcome,
            risk=answer.risk,
            review_on=answer.review_on,
            ruleset_id=answer.ruleset[0],
            ruleset_version=answer.ruleset[1],
            list_versions=list_versions,
            result=result,
            case_sha256=case_fingerprint(case),
            judged_on=answer.as_of,
            assessed_by=user,
        )
        session.add(stored)
        session.flush()
        before = previous.get(row.id)
        ctx.audit(
            session,
            "case.assess",
            "case",
            row.id,
            {
                "ref": row.ref,
                "assessment": stored.id,
                "outcome": answer.outcome,
                "risk": answer.risk,
                "previous_outcome": before.outcome if before else None,
                "ruleset": result["ruleset"],
                "lists": list_versions,
            },
        )
        out.append(
            AssessmentSummary(
                ref=row.ref,
                outcome=answer.outcome,
                risk=answer.risk,
                review_on=answer.review_on,
                previous_outcome=before.outcome if before else None,
                ruleset=answer.ruleset,
                lists=answer.lists,
                result=result,
            )
        )
    return AssessRun(
        assessments=tuple(out),
        changes=Changes(
            frozenset({"assessments", "audit_events"}), {"cases": tuple(r.id for r in rows)}
        ),
    )


def assess_cases(
    ctx: ServiceContext,
    refs: Sequence[str] | None = None,
    *,
    lists: Sequence[ScreeningList] | None = None,
) -> AssessRun:
    """Assess the stored cases ``refs`` (all when None); store the answers in one transaction.

    A researcher assesses their own cases (all: those of them they may open)."""
    with ctx.transaction() as session:
        user = require_role(session, ctx, ASSESS_ROLES, N_("assess cases"), write=True)
        if refs is None:
            rows = list(
                session.scalars(select(m.Case).options(*case_load_options()).order_by(m.Case.ref))
            )
            rows = [r for r in rows if may_open_case(session, user, r)]
        else:
            if not refs:
                raise InvalidInput(_("No case ids given"))
            rows = [case_row(session, ref) for ref in dict.fromkeys(refs)]
            for row in rows:
                require_case_access(session, user, row)
        return assess_rows(ctx, session, rows, lists)


def assess_case(
    ctx: ServiceContext, ref: str, *, lists: Sequence[ScreeningList] | None = None
) -> AssessmentSummary:
    return assess_cases(ctx, [ref], lists=lists).assessments[0]


def stale_cases(ctx: ServiceContext) -> tuple[str, ...]:
    """Refs of cases never assessed or whose facts changed after their newest assessment."""
    with ctx.reading() as session:
        return tuple(r.ref for r in _stale_rows(session))


def _stale_rows(session: Session) -> list[m.Case]:
    rows = list(session.scalars(select(m.Case).options(*case_load_options()).order_by(m.Case.ref)))
    latest = latest_assessments(session)
    return [
        r
        for r in rows
        if r.id not in latest or latest[r.id].case_sha256 != case_fingerprint(load_case(r))
    ]


def assess_stale(ctx: ServiceContext, *, lists: Sequence[ScreeningList] | None = None) -> AssessRun:
    """Re-assess every case whose facts changed since its newest assessment (or never assessed)."""
    with ctx.transaction() as session:
        return assess_rows(ctx, session, _stale_rows(session), lists)


def assessment_history(ctx: ServiceContext, ref: str) -> tuple[AssessmentSummary, ...]:
    """Every stored assessment of case ``ref``, oldest first."""
    with ctx.reading() as session:
        row = case_row(session, ref)
        items = list(
            session.scalars(
                select(m.Assessment).where(m.Assessment.case_id == row.id).order_by(m.Assessment.id)
            )
        )
        out: list[AssessmentSummary] = []
        before: str | None = None
        for a in items:
            out.append(
                AssessmentSummary(
                    ref=ref,
                    outcome=a.outcome,
                    risk=a.risk,
                    review_on=a.review_on,
                    previous_outcome=before,
                    ruleset=(a.ruleset_id, a.ruleset_version),
                    lists=tuple(
                        (str(x.get("id")), str(x.get("version"))) for x in a.list_versions or ()
                    ),
                    result=dict(a.result or {}),
                )
            )
            before = a.outcome
        return tuple(out)
