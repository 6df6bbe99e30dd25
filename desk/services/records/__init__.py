"""Records: the PDF documents the office issues and keeps.

Use cases: issue a review record for a case, or for every decided case; verify an issued
record's file against the database; write the annual audit report for a fiscal year.

Other subpackages, ``desk.demo``, ``desk.cli`` and ``desk.ui`` import from here only.
"""

from __future__ import annotations

from desk.services.records.issue import (
    AuditReportInfo,
    IssuedRecordInfo,
    IssueRun,
    Progress,
    Verification,
    audit_report,
    issue_all,
    issue_record,
    verify_record,
)

__all__ = [
    "AuditReportInfo",
    "IssueRun",
    "IssuedRecordInfo",
    "Progress",
    "Verification",
    "audit_report",
    "issue_all",
    "issue_record",
    "verify_record",
]
