"""What the CLI does, from the app: import, assess, issue records, audit report, export,
review.

:class:`AppActions` holds the handlers of the File and Case menu entries declared in
:mod:`desk.ui.actions.declared`: the File menu's in :mod:`desk.ui.actions.file_menu`, the
Case menu's in :mod:`desk.ui.actions.case_menu`, what they share in
:mod:`desk.ui.actions.base`. Each handler asks what it needs (a small dialog; every file or
folder question is one ``ask_*`` method, which tests replace), runs the service as an
operation off the UI thread (:class:`desk.ui.operations.OperationRunner`: busy
indicator after 400 ms), then says what happened and reads the affected registries
again. A :class:`DeskError` (an invalid case file, a list CSV with a bad row) becomes a
message box naming the file and key; the services store nothing in that case.

Services are imported inside the worker functions, as elsewhere in ``desk.ui``, so the
database stack is never imported on the UI thread for its own sake.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from desk.ui.actions.case_menu import CaseMenuActions
from desk.ui.actions.file_menu import FileMenuActions
from desk.ui.actions.keeping_menu import KeepingMenuActions


class AppActions(FileMenuActions, CaseMenuActions, KeepingMenuActions):
    """The handlers of the import / assess / issue / audit / export / review actions."""

    def connect_actions(self, actions: dict[str, Any]) -> None:
        handlers: Sequence[tuple[str, Callable[[], None]]] = (
            ("file.import_cases", self.import_cases),
            ("file.import_list", self.import_list),
            ("file.audit_report", self.audit_report),
            ("file.internal_audit", self.internal_audit),
            ("file.export_cases", self.export_cases),
            ("file.backup", self.backup),
            ("file.restore", self.restore),
            ("file.retention", self.retention),
            ("file.audit_log", self.audit_log),
            ("file.verify_record", self.verify_record),
            ("case.new", self.new_case),
            ("case.wizard", self.new_self_assessment),
            ("case.edit", self.edit_case),
            ("case.assess", self.assess_case),
            ("case.issue_record", self.issue_record),
            ("case.transaction", self.transaction_review),
            ("case.review", self.review_case),
            ("case.link_shipment", self.link_shipment),
        )
        for action_id, handler in handlers:
            actions[action_id].triggered.connect(lambda _checked=False, h=handler: h())
