"""Retention of records: periods per record type, the disposal list the office approves,
legal holds and the audited disposal (``desk retention``, the app's Retention… dialog)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk._lazy import lazy_exports

if TYPE_CHECKING:
    from desk.services.retention.policy import (
        DEFAULT_YEARS,
        RECORD_TYPES,
        TYPE_LABELS,
        Candidate,
        Disposal,
        HoldInfo,
        Policy,
        disposal_candidates,
        dispose,
        hold,
        legal_holds,
        release,
        retention_policies,
        set_retention,
    )
else:
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "policy": (
                "DEFAULT_YEARS",
                "RECORD_TYPES",
                "TYPE_LABELS",
                "Candidate",
                "Disposal",
                "HoldInfo",
                "Policy",
                "disposal_candidates",
                "dispose",
                "hold",
                "legal_holds",
                "release",
                "retention_policies",
                "set_retention",
            )
        },
    )

__all__ = [
    "DEFAULT_YEARS",
    "RECORD_TYPES",
    "TYPE_LABELS",
    "Candidate",
    "Disposal",
    "HoldInfo",
    "Policy",
    "disposal_candidates",
    "dispose",
    "hold",
    "legal_holds",
    "release",
    "retention_policies",
    "set_retention",
]
