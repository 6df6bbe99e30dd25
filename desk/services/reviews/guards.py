"""What keeps a review honest when people act at once and hold several roles.

- **Conflicts.** Every step updates the case row, whose ``version`` SQLAlchemy checks
  (optimistic locking): of two reviewers deciding at the same moment, the second flush
  finds the version moved on and gets :class:`ConflictError` (:func:`flush_or_conflict`),
  nothing stored. A step may also name what its reviewer had in front of them
  (:class:`Seen`: the case version and assessment); a case changed or re-assessed since is
  refused (:func:`check_seen`).
- **Separation of duties** over the whole life of a case, every round included (a case
  moved back keeps its history): no one reviews it at two different levels
  (:func:`separate_duties`). (A submitter who also holds the reviewer role may still give
  the first review: the app's own review dialog test does it; the submitter never moves
  the case to decided, though.)
- **Who moves a case where** (:data:`MOVE_ROLES`): each status names the roles that may
  move a case to it; the submitter never moves it to decided (:func:`submitted_by`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desk.domain.errors import ConflictError, WorkflowError
from desk.domain.i18n import N_, _
from desk.storage import models as m

REVIEW_LEVELS = ("first", "second", "committee")

# who may move a case to each status (move_case); an auditor never writes
MOVE_ROLES: dict[str, tuple[str, ...]] = {
    "draft": ("office", "dept_head", "chief", "committee"),
    "submitted": ("researcher", "office"),
    "first_review": ("office", "dept_head"),
    "second_review": ("office", "dept_head", "chief", "committee"),
    "committee": ("office", "chief"),
    "decided": ("dept_head", "chief", "committee"),
    "closed": ("office", "chief"),
}
MOVE_WHAT = {
    "draft": N_("send cases back to draft"),
    "submitted": N_("submit cases"),
    "first_review": N_("move cases to the first review"),
    "second_review": N_("move cases to the second review"),
    "committee": N_("refer cases to the committee"),
    "decided": N_("decide cases"),
    "closed": N_("close cases"),
}


@dataclass(frozen=True)
class Seen:
    """The case version and assessment a reviewer had in front of them."""

    case_version: int
    assessment_id: int | None


def check_seen(row: m.Case, current: m.Assessment, seen: Seen | None, status_label: str) -> None:
    """Refuse a step taken on a case that changed after the reviewer opened it."""
    if seen is None:
        return
    if seen.assessment_id is not None and seen.assessment_id != current.id:
        raise ConflictError(
            _(
                "Case {ref} was assessed again after you opened it (assessment {seen} → "
                "{now}, outcome {outcome}); nothing was saved. Open it again and review "
                "the new answer."
            ).format(ref=row.ref, seen=seen.assessment_id, now=current.id, outcome=current.outcome)
        )
    if seen.case_version and seen.case_version != row.version:
        raise ConflictError(
            _(
                "Case {ref} was changed after you opened it (version {seen} → {now}, now "
                "{status}); nothing was saved. Open it again to see the change."
            ).format(ref=row.ref, seen=seen.case_version, now=row.version, status=status_label)
        )


# the conflict a flush meets, by what the row is (a case, a shipment)
_CHANGED_AT_ONCE = {
    "case": N_(
        "Case {ref} was changed by someone else at the same moment (another review "
        "or edit was saved first); nothing was saved. Open it again to see it."
    ),
    "shipment": N_(
        "Shipment {ref} was changed by someone else at the same moment (another "
        "review or edit was saved first); nothing was saved. Open it again to see it."
    ),
}


def flush_or_conflict(session: Session, ref: str, subject: str = "case") -> None:
    """Flush; a concurrent writer that got there first becomes a clear conflict about the
    ``subject`` (``case`` or ``shipment``) ``ref``."""
    try:
        session.flush()
    except StaleDataError:
        raise ConflictError(_(_CHANGED_AT_ONCE[subject]).format(ref=ref)) from None


def separate_duties(steps: Sequence[m.ReviewStep], user: m.User, level: str, ref: str) -> None:
    mine = [s for s in steps if s.reviewer_id == user.id]
    other = next((s for s in mine if s.level in REVIEW_LEVELS and s.level != level), None)
    if other is None:
        return
    if other.level == "committee" or level == "committee":
        raise WorkflowError(
            _(
                "{user} reviewed case {ref} at another level; the committee's decision and "
                "the reviews before it are made by different people"
            ).format(user=user.login, ref=ref)
        )
    if other.level == "first":
        raise WorkflowError(
            _(
                "{user} made the first review of case {ref}; the second review must be "
                "made by someone else"
            ).format(user=user.login, ref=ref)
        )
    raise WorkflowError(
        _(
            "{user} made the second review of case {ref}; the first review must be made by "
            "someone else"
        ).format(user=user.login, ref=ref)
    )


def submitted_by(session: Session, row: m.Case, user: m.User) -> bool:
    if row.filed_by_id == user.id:
        return True
    return (
        session.scalar(
            select(m.ReviewStep.id)
            .where(m.ReviewStep.case_id == row.id)
            .where(m.ReviewStep.level == "self")
            .where(m.ReviewStep.reviewer_id == user.id)
            .limit(1)
        )
        is not None
    )
