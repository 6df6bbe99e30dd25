"""What a record prints beyond the case's own rows, gathered as plain data: the review up to
the record, the classification snapshot it cites and the 取引審査 facts it names.

The ORM path reads these through its session (:func:`.facts._record_data` without
``gathered``); the fast path (:mod:`.core_path`) reads the same rows with SQLAlchemy Core
and passes them in — one builder, two readers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from desk.services.classification import ClassificationInfo
from desk.services.reviews import ReviewFacts


@dataclass(frozen=True)
class TransactionFacts:
    end_use: str | None = None
    end_user: str | None = None
    documents_checked: tuple[str, ...] = ()
    clear_checklist: Mapping[str, bool] = field(default_factory=dict)
    cancelled_on: dt.date | None = None
    check_id: int = 0  # the row these facts come from (0: none recorded)
    # red-flag code → the office's answer (True: a concern); a code left out is unanswered
    red_flags: Mapping[str, bool] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "end_use": self.end_use,
            "end_user": self.end_user,
            "documents_checked": list(self.documents_checked),
            "clear_checklist": dict(self.clear_checklist),
            "red_flags": dict(self.red_flags),
            "cancelled_on": self.cancelled_on.isoformat() if self.cancelled_on else None,
        }


@dataclass(frozen=True)
class Gathered:
    """The review (as of the record's cutoff), the classification snapshot (None: none) and
    the 取引審査 facts (read for record formats 3 on)."""

    review: ReviewFacts
    classification: ClassificationInfo | None
    check: TransactionFacts
