"""Cases: the case documents and their assessments.

Use cases: list and look up stored cases, cases due for review (:mod:`.stored`); import
and export ``desk-case/1`` files (one transaction for many files), save a case from the
app's form (:mod:`.files`); assess stored cases, find and re-assess stale ones, an
assessment's history (:mod:`.assessments`).

Other subpackages, ``desk.demo``, ``desk.cli`` and ``desk.ui`` import from here only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk._lazy import lazy_exports

if TYPE_CHECKING:
    from desk.services.cases.assessments import (
        AssessmentSummary,
        AssessRun,
        assess_case,
        assess_cases,
        assess_rows,
        assess_stale,
        assessment_history,
        lists_for_assessment,
        stale_cases,
        stored_lists,
    )
    from desk.services.cases.files import (
        ExportResult,
        ImportResult,
        case_json,
        export_cases,
        file_name_for,
        import_case_documents,
        import_cases,
        read_case_files,
        save_case,
    )
    from desk.services.cases.stored import (
        CaseSummary,
        case_row,
        due_cases,
        get_case,
        latest_assessments,
        list_cases,
        summarize,
    )
else:  # each name's submodule is imported when the name is first used
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "assessments": (
                "AssessmentSummary",
                "AssessRun",
                "assess_case",
                "assess_cases",
                "assess_rows",
                "assess_stale",
                "assessment_history",
                "lists_for_assessment",
                "stale_cases",
                "stored_lists",
            ),
            "files": (
                "ExportResult",
                "ImportResult",
                "case_json",
                "export_cases",
                "file_name_for",
                "import_case_documents",
                "import_cases",
                "read_case_files",
                "save_case",
            ),
            "stored": (
                "CaseSummary",
                "case_row",
                "due_cases",
                "get_case",
                "latest_assessments",
                "list_cases",
                "summarize",
            ),
        },
    )

__all__ = [
    "AssessRun",
    "AssessmentSummary",
    "CaseSummary",
    "ExportResult",
    "ImportResult",
    "assess_case",
    "assess_cases",
    "assess_rows",
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
