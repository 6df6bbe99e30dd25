"""The internal audit (内部監査) kept in the database.

An audit has a plan, scope, auditors and a date; a checklist copied from a template
(``resources/internal_audit/``: CISTEC's university checklist structure), each item
answered 適 / 不適 / 該当なし with notes; findings (指摘事項); corrective actions
(是正措置) with an owner, a due date and follow-up; and a sign-off. The auditor writes the
audit and its findings (auditors write nothing else in desk); the office owns the
corrective actions. Every change is an audit event (``internal_audit.*``) in the same
transaction. The annual audit report (:mod:`desk.services.records`) prints it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk._lazy import lazy_exports

if TYPE_CHECKING:
    from desk.services.internal_audit.audits import (
        RESULT_WORDS,
        UNCHANGED,
        ActionView,
        AuditSummary,
        AuditView,
        CheckView,
        FindingView,
        add_action,
        add_finding,
        close_action,
        create_audit,
        get_audit,
        list_audits,
        report_facts,
        set_check,
        sign_off,
        update_audit,
    )
    from desk.services.internal_audit.checklists import Checklist, load_checklist
else:  # each name's submodule is imported when the name is first used
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "audits": (
                "RESULT_WORDS",
                "UNCHANGED",
                "ActionView",
                "AuditSummary",
                "AuditView",
                "CheckView",
                "FindingView",
                "add_action",
                "add_finding",
                "close_action",
                "create_audit",
                "get_audit",
                "list_audits",
                "report_facts",
                "set_check",
                "sign_off",
                "update_audit",
            ),
            "checklists": ("Checklist", "load_checklist"),
        },
    )

__all__ = [
    "RESULT_WORDS",
    "UNCHANGED",
    "ActionView",
    "AuditSummary",
    "AuditView",
    "CheckView",
    "Checklist",
    "FindingView",
    "add_action",
    "add_finding",
    "close_action",
    "create_audit",
    "get_audit",
    "list_audits",
    "load_checklist",
    "report_facts",
    "set_check",
    "sign_off",
    "update_audit",
]
