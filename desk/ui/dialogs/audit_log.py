"""File ▸ Audit log…: the audit trail, read-only, filtered by case, user, date range and
kind of event, searched, and exported as CSV.

Every role that may read the trail opens it (office, reviewers, auditors; the service
refuses the others and says why). The newest :data:`LIMIT` matching events are shown, the
oldest first; the CSV holds every matching event. Keyboard: every field has a mnemonic,
Enter applies the filter, the table is reached with Tab.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.domain.i18n import N_, _
from desk.domain.localtime import shown
from desk.ui.errors import show_error

LIMIT = 2000
COLUMNS = (N_("No."), N_("Time"), N_("User"), N_("Event"), N_("Record"), N_("Details"))


class AuditLogDialog(QDialog):
    # the table was filled (the number of rows)
    loaded = Signal(int)
    # the CSV was written (its path)
    exported = Signal(str)

    """The audit-log viewer; ``runner`` runs the reads off the UI thread."""

    def __init__(self, runner: Any, context: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("auditLogDialog")
        self.setWindowTitle(_("Audit log"))
        self.runner = runner
        self.context = context
        self.entries: tuple[Any, ...] = ()
        self.ask_csv_path: Callable[[str], str | None] = self._ask_csv_path

        self.case = QLineEdit(self)
        self.case.setObjectName("auditCase")
        self.user = QLineEdit(self)
        self.user.setObjectName("auditUser")
        self.since = QLineEdit(self)
        self.since.setObjectName("auditSince")
        self.since.setPlaceholderText(_("YYYY-MM-DD"))
        self.until = QLineEdit(self)
        self.until.setObjectName("auditUntil")
        self.until.setPlaceholderText(_("YYYY-MM-DD"))
        self.kind = QComboBox(self)
        self.kind.setObjectName("auditKind")
        self.kind.addItem(_("(every kind)"), "")
        self.search = QLineEdit(self)
        self.search.setObjectName("auditSearch")
        self.search.setPlaceholderText(_("text in the user, event, record or details"))
        for edit in (self.case, self.user, self.since, self.until, self.search):
            edit.returnPressed.connect(self.apply)

        form = QFormLayout()
        dates = QHBoxLayout()
        dates.addWidget(self.since)
        until_label = QLabel(_("&to"), self)
        until_label.setBuddy(self.until)
        dates.addWidget(until_label)
        dates.addWidget(self.until)
        for text, widget, layout in (
            (_("&Case:"), self.case, None),
            (_("&User:"), self.user, None),
            (_("&From:"), self.since, dates),
            (_("&Kind:"), self.kind, None),
            (_("&Search:"), self.search, None),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            if layout is None:
                form.addRow(label, widget)
            else:
                form.addRow(label, layout)

        self.apply_button = QPushButton(_("&Apply"), self)
        self.apply_button.setObjectName("auditApply")
        self.apply_button.clicked.connect(self.apply)
        self.export_button = QPushButton(_("&Export CSV…"), self)
        self.export_button.setObjectName("auditExport")
        self.export_button.clicked.connect(self.export_csv)
        self.count = QLabel(self)
        self.count.setObjectName("auditCount")
        self.message = QLabel(self)
        self.message.setObjectName("auditMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("auditTable")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: keyboard users move on
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.apply_button)
        row.addWidget(self.count, 1)
        row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(980, 600)
        self.apply_button.setDefault(True)
        self._load_kinds()

    # --- reading ------------------------------------------------------------------------
    def filters(self) -> dict[str, Any]:
        """The filter as the service takes it; a bad date raises InvalidInput naming it."""
        from desk.domain.errors import InvalidInput
        from desk.domain.limits import strict_date

        def day(edit: QLineEdit, where: str) -> dt.date | None:
            text = edit.text().strip()
            if not text:
                return None
            try:
                return strict_date(text)
            except ValueError:
                raise InvalidInput(
                    _("not a date YYYY-MM-DD: {text}").format(text=text), where=where
                ) from None

        return {
            "case": self.case.text().strip() or None,
            "user": self.user.text().strip() or None,
            "since": day(self.since, _("From")),
            "until": day(self.until, _("to")),
            "kind": self.kind.currentData() or None,
            "text": self.search.text().strip() or None,
        }

    def _load_kinds(self) -> None:
        ctx = self.context

        def work() -> tuple[str, ...]:
            from desk.services.audit import audit_kinds

            return audit_kinds(ctx)

        def done(kinds: tuple[str, ...]) -> None:
            from desk.services.audit.labels import action_label, family_label

            families = sorted({k.split(".", 1)[0] for k in kinds})
            for family in families:
                self.kind.addItem(_("{family} (all)").format(family=family_label(family)), family)
                for k in kinds:
                    if k.split(".", 1)[0] == family and k != family:
                        self.kind.addItem("    " + action_label(k), k)
            self.apply()

        self.runner.run(work, success=done, failure=self._failed, label=_("Loading…"))

    def apply(self) -> None:
        try:
            filters = self.filters()
        except Exception as exc:
            self._failed(exc)
            return
        ctx = self.context

        def work() -> Any:
            from desk.services.audit import audit_log

            return audit_log(ctx, limit=LIMIT, **filters)

        self.message.hide()
        self.runner.run(work, success=self._fill, failure=self._failed, label=_("Loading…"))

    def _failed(self, exc: BaseException) -> None:
        from desk.domain.errors import DeskError

        if isinstance(exc, DeskError):  # shown in the dialog: the person corrects the filter
            self.message.setText(str(exc))
            self.message.show()
        else:
            show_error(exc, self)

    def _fill(self, entries: tuple[Any, ...]) -> None:
        import json

        from desk.services.audit.labels import action_label, entity_label

        self.entries = entries
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            cells = (
                "" if e.seq is None else str(e.seq),
                shown(e.at),
                e.actor,
                action_label(e.action),
                entity_label(e.entity, e.entity_id),
                json.dumps(e.details, ensure_ascii=False, sort_keys=True),
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
                if c == 3:  # the action as stored (case.import), for the CSV and tests
                    item.setData(Qt.ItemDataRole.UserRole, e.action)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        text = (
            _("{n} events (the newest {limit})").format(n=len(entries), limit=LIMIT)
            if len(entries) >= LIMIT
            else _("{n} events").format(n=len(entries))
        )
        self.count.setText(text)
        self.loaded.emit(len(entries))

    # --- export -------------------------------------------------------------------------
    def _ask_csv_path(self, suggested: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export the audit log"), suggested, _("CSV files (*.csv)")
        )
        return path or None

    def export_csv(self) -> None:
        try:
            filters = self.filters()
        except Exception as exc:
            self._failed(exc)
            return
        path = self.ask_csv_path("audit-log.csv")
        if not path:
            return
        ctx = self.context

        def work() -> str:
            from pathlib import Path

            from desk.services.audit import audit_csv, audit_log

            Path(path).write_text(audit_csv(audit_log(ctx, **filters)), encoding="utf-8-sig")
            return path

        def done(written: str) -> None:
            self.message.setText(_("Written to {file}").format(file=written))
            self.message.show()
            self.exported.emit(written)

        self.runner.run(work, success=done, failure=self._failed, label=_("Exporting…"))
