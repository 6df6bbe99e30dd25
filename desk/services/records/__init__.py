"""Records: the PDF documents the office issues and keeps.

Use cases: the office's settings printed on records (:mod:`.settings`); issue a review
record for a case, or for every decided case (:mod:`.issue`); the goods records of a
shipment — 取引審査票 and 関税法94条 book entry (:mod:`.goods_records`);
verify an issued record's file against the database (:mod:`.verify`); write the annual
audit report for a fiscal year (:mod:`.annual_report`). What a record says is built from
the database in one place (:mod:`.facts`), so that verifying renders what issuing did.

Other subpackages, ``desk.demo``, ``desk.cli`` and ``desk.ui`` import from here only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk._lazy import lazy_exports

if TYPE_CHECKING:
    from desk.services.records.annual_report import (
        AuditReportInfo,
        audit_report,
    )
    from desk.services.records.checks import (
        TransactionReview,
        record_transaction_check,
        transaction_facts,
        transaction_review,
    )
    from desk.services.records.core_path import issue_record_fast
    from desk.services.records.gathered import TransactionFacts
    from desk.services.records.goods_records import (
        GoodsRecordInfo,
        issue_goods_record,
    )
    from desk.services.records.issue import (
        IssueRun,
        Progress,
        committed_files,
        issue_all,
        issue_record,
    )
    from desk.services.records.issuing import (
        IssuedRecordInfo,
        PendingFiles,
        output_file,
        record_now,
    )
    from desk.services.records.settings import (
        GroupTable,
        OfficeSettings,
        clear_group_table,
        group_table,
        load_group_table,
        office_settings,
        set_office_setting,
    )
    from desk.services.records.signing import (
        KeyInfo,
        generate_keys,
        key_info,
        show_fingerprint,
    )
    from desk.services.records.verify import (
        Verification,
        verify_record,
    )
else:  # each name's submodule is imported when the name is first used
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "annual_report": (
                "AuditReportInfo",
                "audit_report",
            ),
            "checks": (
                "TransactionReview",
                "record_transaction_check",
                "transaction_facts",
                "transaction_review",
            ),
            "goods_records": (
                "GoodsRecordInfo",
                "issue_goods_record",
            ),
            "core_path": ("issue_record_fast",),
            "gathered": ("TransactionFacts",),
            "issue": (
                "IssueRun",
                "Progress",
                "committed_files",
                "issue_all",
                "issue_record",
            ),
            "issuing": ("IssuedRecordInfo", "PendingFiles", "output_file", "record_now"),
            "settings": (
                "GroupTable",
                "OfficeSettings",
                "clear_group_table",
                "group_table",
                "load_group_table",
                "office_settings",
                "set_office_setting",
            ),
            "signing": (
                "KeyInfo",
                "generate_keys",
                "key_info",
                "show_fingerprint",
            ),
            "verify": (
                "Verification",
                "verify_record",
            ),
        },
    )

__all__ = [
    "AuditReportInfo",
    "GoodsRecordInfo",
    "GroupTable",
    "IssueRun",
    "IssuedRecordInfo",
    "KeyInfo",
    "OfficeSettings",
    "PendingFiles",
    "Progress",
    "TransactionFacts",
    "TransactionReview",
    "Verification",
    "audit_report",
    "clear_group_table",
    "committed_files",
    "generate_keys",
    "group_table",
    "issue_all",
    "issue_goods_record",
    "issue_record",
    "issue_record_fast",
    "key_info",
    "load_group_table",
    "office_settings",
    "output_file",
    "record_now",
    "record_transaction_check",
    "set_office_setting",
    "show_fingerprint",
    "transaction_facts",
    "transaction_review",
    "verify_record",
]
