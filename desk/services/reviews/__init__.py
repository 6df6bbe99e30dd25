"""Reviews: a case's way through the office, and what the reviewers keep with it.

Use cases: move a case between statuses (the office's manual step; :mod:`.status`, which
also holds the routing by risk and the roles each step needs); submit a case, decide it
at the first or second level, add and list users with their roles (:mod:`.steps`); record
a licence, add evidence (:mod:`.licences`); conflicts, separation of duties and who moves a
case where (:mod:`.guards`); a case's review state and history, and what
the review said up to an issued record (:mod:`.state`).

Other subpackages, ``desk.demo``, ``desk.cli`` and ``desk.ui`` import from here only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk._lazy import lazy_exports

if TYPE_CHECKING:
    from desk.services.reviews.guards import MOVE_ROLES, Seen
    from desk.services.reviews.licences import (
        add_evidence,
        record_licence,
    )
    from desk.services.reviews.shipment_status import move_shipment
    from desk.services.reviews.state import (
        EvidenceInfo,
        LicenceInfo,
        ReviewCutoff,
        ReviewFacts,
        ReviewState,
        ReviewStepInfo,
        UserInfo,
        activity_label,
        decisions_by_case,
        history_fields,
        review_cutoff,
        review_facts,
        review_state,
    )
    from desk.services.reviews.status import (
        ACTIVITIES,
        DECIDE_ROLES,
        DECISION_LABELS,
        DECISIONS,
        EVIDENCE_ROLES,
        LEVEL_LABELS,
        LEVELS,
        LICENCE_ROLES,
        ROLES,
        SECOND_LEVEL_RISKS,
        STATUS_LABELS,
        STATUSES,
        SUBMIT_ROLES,
        TRANSITIONS,
        USER_ADMIN_ROLES,
        move_case,
        needs_second_level,
        next_statuses,
    )
    from desk.services.reviews.steps import (
        add_user,
        decide_case,
        list_users,
        submit_case,
    )
else:  # each name's submodule is imported when the name is first used
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "guards": (
                "MOVE_ROLES",
                "Seen",
            ),
            "licences": (
                "add_evidence",
                "record_licence",
            ),
            "shipment_status": ("move_shipment",),
            "state": (
                "EvidenceInfo",
                "LicenceInfo",
                "ReviewCutoff",
                "ReviewFacts",
                "ReviewState",
                "ReviewStepInfo",
                "UserInfo",
                "activity_label",
                "decisions_by_case",
                "history_fields",
                "review_cutoff",
                "review_facts",
                "review_state",
            ),
            "status": (
                "ACTIVITIES",
                "DECIDE_ROLES",
                "DECISION_LABELS",
                "DECISIONS",
                "EVIDENCE_ROLES",
                "LEVEL_LABELS",
                "LEVELS",
                "LICENCE_ROLES",
                "ROLES",
                "SECOND_LEVEL_RISKS",
                "STATUS_LABELS",
                "STATUSES",
                "SUBMIT_ROLES",
                "TRANSITIONS",
                "USER_ADMIN_ROLES",
                "move_case",
                "needs_second_level",
                "next_statuses",
            ),
            "steps": (
                "add_user",
                "decide_case",
                "list_users",
                "submit_case",
            ),
        },
    )

__all__ = [
    "ACTIVITIES",
    "DECIDE_ROLES",
    "DECISIONS",
    "DECISION_LABELS",
    "EVIDENCE_ROLES",
    "LEVELS",
    "LEVEL_LABELS",
    "LICENCE_ROLES",
    "MOVE_ROLES",
    "ROLES",
    "SECOND_LEVEL_RISKS",
    "STATUSES",
    "STATUS_LABELS",
    "SUBMIT_ROLES",
    "TRANSITIONS",
    "USER_ADMIN_ROLES",
    "EvidenceInfo",
    "LicenceInfo",
    "ReviewCutoff",
    "ReviewFacts",
    "ReviewState",
    "ReviewStepInfo",
    "Seen",
    "UserInfo",
    "activity_label",
    "add_evidence",
    "add_user",
    "decide_case",
    "decisions_by_case",
    "history_fields",
    "list_users",
    "move_case",
    "move_shipment",
    "needs_second_level",
    "next_statuses",
    "record_licence",
    "review_cutoff",
    "review_facts",
    "review_state",
    "submit_case",
]
