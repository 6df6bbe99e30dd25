"""What the review has kept for a case, read back: its steps, licences and evidence.

:func:`review_state` for the app and the CLI; :func:`review_cutoff` and
:func:`review_facts` for the records (what the review said up to an issued record);
:func:`history_fields` for the cases detail pane.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.domain.i18n import N_, _, pick
from desk.domain.localtime import local_date, shown
from desk.services.cases import case_row, latest_assessments
from desk.services.context import Changes, ServiceContext
from desk.services.permissions import require_case_access
from desk.services.reviews.facts import (
    EvidenceInfo,
    LicenceInfo,
    ReviewCutoff,
    ReviewFacts,
    ReviewStepInfo,
    condition_lines,
    facts_from,
)
from desk.services.reviews.guards import Seen
from desk.services.reviews.status import (
    DECISION_LABELS,
    LEVEL_LABELS,
    needs_second_level,
)
from desk.storage import models as m
from desk.storage.casemap import case_fingerprint, load_case

# --------------------------------------------------------------------------- review: results


@dataclass(frozen=True)
class UserInfo:
    login: str
    display_name: str
    email: str | None
    roles: tuple[str, ...]


@dataclass(frozen=True)
class ReviewState:
    """A case's review as it stands: every step (oldest first), licences and evidence."""

    ref: str
    title: str | None
    status: str
    activity: str | None
    assessment_id: int | None  # the current assessment
    outcome: str | None
    risk: str | None
    stale: bool
    second_level_required: bool
    steps: tuple[ReviewStepInfo, ...]
    licences: tuple[LicenceInfo, ...]
    evidence: tuple[EvidenceInfo, ...]
    changes: Changes = field(default_factory=Changes)
    # what the reader saw: pass it back to decide_case/submit_case (seen=state.seen), which
    # refuse when the case was changed or re-assessed in between
    case_version: int = 0

    @property
    def seen(self) -> Seen:
        return Seen(self.case_version, self.assessment_id)

    @property
    def round(self) -> tuple[ReviewStepInfo, ...]:
        """The steps since the newest submission (a return for information starts anew)."""
        start = max((i for i, s in enumerate(self.steps) if s.level == "self"), default=0)
        return self.steps[start:]

    @property
    def decision(self) -> ReviewStepInfo | None:
        """The step that decided the case in the current round, if the case stands decided
        (a decided case reopened by new facts, or moved back, is under review again)."""
        if self.status not in ("decided", "closed"):
            return None
        return next((s for s in reversed(self.round) if s.final), None)


def _step_info(step: m.ReviewStep) -> ReviewStepInfo:
    a = step.assessment
    return ReviewStepInfo(
        level=step.level,
        decision=step.decision,
        reviewer=step.reviewer.login,
        reviewer_name=step.reviewer.display_name,
        decided_at=m.as_utc(step.decided_at) or step.decided_at,
        assessment_id=step.assessment_id,
        outcome=a.outcome,
        risk=a.risk,
        ruleset=f"{a.ruleset_id} {a.ruleset_version}",
        conditions=condition_lines(step.conditions),
        comment=step.comment,
        final=step.final,
    )


def _steps(session: Session, case_id: int, upto: int | None = None) -> list[m.ReviewStep]:
    query = select(m.ReviewStep).where(m.ReviewStep.case_id == case_id)
    if upto is not None:
        query = query.where(m.ReviewStep.id <= upto)
    return list(session.scalars(query.order_by(m.ReviewStep.id)))


def _licences(session: Session, case_id: int, upto: int | None = None) -> list[LicenceInfo]:
    query = (
        select(m.Licence, m.User.login)
        .outerjoin(m.User, m.User.id == m.Licence.recorded_by_id)
        .where(m.Licence.case_id == case_id)
        .where(m.Licence.number.is_not(None), m.Licence.granted_on.is_not(None))
    )
    if upto is not None:
        query = query.where(m.Licence.id <= upto)
    rows = session.execute(query.order_by(m.Licence.granted_on, m.Licence.id))
    return [
        LicenceInfo(
            str(lic.number),
            lic.granted_on or dt.date.min,  # filtered above: a case's licences are granted
            lic.valid_until,
            lic.conditions,
            login,
            m.as_utc(lic.recorded_at) or lic.recorded_at,
        )
        for lic, login in rows
    ]


def _evidence(session: Session, case_id: int, upto: int | None = None) -> list[EvidenceInfo]:
    query = select(m.CaseDocument).where(m.CaseDocument.case_id == case_id)
    if upto is not None:
        query = query.where(m.CaseDocument.id <= upto)
    docs = session.scalars(query.order_by(m.CaseDocument.id))
    return [
        EvidenceInfo(
            d.title,
            d.version,
            d.attachment.filename if d.attachment else None,
            d.attachment.sha256 if d.attachment else None,
            m.as_utc(d.added_at) or d.added_at,
        )
        for d in docs
    ]


def _state(
    session: Session,
    row: m.Case,
    changes: Changes | None = None,
    current: m.Assessment | None = None,
) -> ReviewState:
    """``current``: the assessment the caller has just checked is current (saves a rebuild)."""
    latest = current or latest_assessments(session, [row.id]).get(row.id)
    stale = (
        current is None
        and latest is not None
        and latest.case_sha256 != case_fingerprint(load_case(row))
    )
    return ReviewState(
        ref=row.ref,
        title=row.title,
        status=row.status,
        activity=row.activity,
        assessment_id=latest.id if latest else None,
        outcome=latest.outcome if latest else None,
        risk=latest.risk if latest else None,
        stale=stale,
        second_level_required=needs_second_level(latest.risk if latest else None),
        steps=tuple(_step_info(s) for s in _steps(session, row.id)),
        licences=tuple(_licences(session, row.id)),
        evidence=tuple(_evidence(session, row.id)),
        changes=changes or Changes(),
        case_version=row.version,
    )


def review_state(ctx: ServiceContext, ref: str) -> ReviewState:
    """Case ``ref``'s review history, licences and evidence (a researcher: their own cases)."""
    with ctx.reading() as session:
        row = case_row(session, ref)
        require_case_access(session, ctx.user(session), row)
        return _state(session, row)


def review_cutoff(session: Session, case_id: int) -> ReviewCutoff:
    def newest(column: Any, case_column: Any) -> Any:
        return select(func.max(column)).where(case_column == case_id).scalar_subquery()

    item = select(m.Case.technical_item_id).where(m.Case.id == case_id).scalar_subquery()
    step, licence, evidence, classification = session.execute(
        select(
            newest(m.ReviewStep.id, m.ReviewStep.case_id),
            newest(m.Licence.id, m.Licence.case_id),
            newest(m.CaseDocument.id, m.CaseDocument.case_id),
            select(func.max(m.ClassificationSnapshot.id))
            .where(m.ClassificationSnapshot.technical_item_id == item)
            .scalar_subquery(),
        )
    ).one()
    return ReviewCutoff(
        int(step or 0), int(licence or 0), int(evidence or 0), int(classification or 0)
    )


def review_facts(session: Session, row: m.Case, cutoff: ReviewCutoff | None = None) -> ReviewFacts:
    """The review as a record issued with ``cutoff`` saw it (everything when ``None``)."""
    steps = _steps(session, row.id, cutoff.step if cutoff else None)
    return facts_from(
        row.activity,
        [_step_info(s) for s in steps],
        _licences(session, row.id, cutoff.licence if cutoff else None),
        _evidence(session, row.id, cutoff.evidence if cutoff else None),
    )


def decisions_by_case(session: Session, rows: Sequence[m.Case]) -> dict[int, ReviewFacts]:
    """``review_facts`` for many cases (the audit report); cases never reviewed are left out."""
    ids = [r.id for r in rows]
    reviewed = set(
        session.scalars(select(m.ReviewStep.case_id).where(m.ReviewStep.case_id.in_(ids)))
    ) | set(session.scalars(select(m.Licence.case_id).where(m.Licence.case_id.in_(ids))))
    return {r.id: review_facts(session, r) for r in rows if r.id in reviewed}


def _outcome_risk(outcome: str | None, risk: str | None) -> str:
    """The outcome and risk in words (「許可不要、R1 低」), not their codes."""
    from desk.domain.i18n import current_language
    from desk.reports.labels import OUTCOMES, RISKS

    side = 0 if current_language() == "ja" else 1

    def word(table: dict[str, tuple[str, str]], code: str | None) -> str:
        return table[code][side] if code in table else (code or "—")

    return _("{outcome}, {risk}").format(outcome=word(OUTCOMES, outcome), risk=word(RISKS, risk))


def history_fields(session: Session, case_id: int) -> list[tuple[str, str]]:
    """(untranslated label, display text) for a case's review steps and licences, oldest
    first — the Cases detail pane shows them under the case's own fields."""
    out: list[tuple[str, str]] = []
    for step in _steps(session, case_id):
        s = _step_info(step)
        text = (
            f"{shown(local_date(s.decided_at))} {s.reviewer_name}: "
            f"{_(DECISION_LABELS[s.decision])}"
            f" ({_outcome_risk(s.outcome, s.risk)})"
        )
        if s.conditions:
            text += " — " + "; ".join(s.conditions)
        if s.comment:
            text += f" — {s.comment}"
        out.append((LEVEL_LABELS[s.level], text))
    for lic in _licences(session, case_id):
        text = f"{lic.number} ({shown(lic.granted_on)}"
        text += f" – {shown(lic.valid_until)})" if lic.valid_until else ")"
        out.append((N_("Licence"), text))
    return out


def activity_label(code: str) -> str:
    """An activity in the records' wording, in the current language."""
    from desk.reports.labels import ACTIVITIES as ACTIVITY_PAIRS

    pair = ACTIVITY_PAIRS.get(code)
    return pick(*pair) if pair else code
