"""The annual internal-audit report (内部監査報告書) for one fiscal year (April–March).

Pure, like the records: :func:`render_audit` is a function of :class:`AuditData`.
The random sample for the auditor is drawn with a seeded generator over the case
IDs in sorted order, so the same data and seed always give the same sample.

Two modules: :mod:`.data` (the year's cases and the sums drawn from them) and
:mod:`.render` (the PDF).
"""

from desk.reports.audit.data import (
    CLOSED_STATUSES,
    LICENCE_OUTCOMES,
    AuditAction,
    AuditCase,
    AuditCheck,
    AuditData,
    AuditFinding,
    AuditShipment,
    InternalAuditFacts,
    audit_fingerprint,
    fiscal_year_of,
    in_year,
    overdue,
    sample,
)
from desk.reports.audit.render import render_audit

__all__ = [
    "CLOSED_STATUSES",
    "LICENCE_OUTCOMES",
    "AuditAction",
    "AuditCase",
    "AuditCheck",
    "AuditData",
    "AuditFinding",
    "AuditShipment",
    "InternalAuditFacts",
    "audit_fingerprint",
    "fiscal_year_of",
    "in_year",
    "overdue",
    "render_audit",
    "sample",
]
