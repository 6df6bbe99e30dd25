"""Cases: the case documents and their assessments.

Use cases: import and export ``desk-case/1`` files (one transaction for many files), list,
look up and save stored cases, cases due for review (:mod:`.stored`); assess stored cases,
find and re-assess stale ones, an assessment's history (:mod:`.assessments`).

Other subpackages, ``desk.demo``, ``desk.cli`` and ``desk.ui`` import from here only.
"""

from __future__ import annotations

from desk.services.cases.assessments import (
    AssessmentSummary,
    AssessRun,
    assess_case,
    assess_cases,
    assess_stale,
    assessment_history,
    lists_for_assessment,
    stale_cases,
    stored_lists,
)
from desk.services.cases.stored import (
    CaseSummary,
    ExportResult,
    ImportResult,
    case_json,
    case_row,
    due_cases,
    export_cases,
    file_name_for,
    get_case,
    import_case_documents,
    import_cases,
    latest_assessments,
    list_cases,
    read_case_files,
    save_case,
    summarize,
)

__all__ = [
    "AssessRun",
    "AssessmentSummary",
    "CaseSummary",
    "ExportResult",
    "ImportResult",
    "assess_case",
    "assess_cases",
    "assess_stale",
    "assessment_history",
    "case_json",
    "case_row",
    "due_cases",
    "export_cases",
    "file_name_for",
    "get_case",
    "import_case_documents",
    "import_cases",
    "latest_assessments",
    "list_cases",
    "lists_for_assessment",
    "read_case_files",
    "save_case",
    "stale_cases",
    "stored_lists",
    "summarize",
]
