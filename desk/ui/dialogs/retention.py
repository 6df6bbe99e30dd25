"""File ▸ Retention…: the records whose retention period has ended (the disposal list the
office approves), legal holds put and released, and the approved disposal — each through
``desk.services.retention``, which checks the role and writes the audit events."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.domain.i18n import N_, _
from desk.ui.errors import show_error

COLUMNS = (N_("Record"), N_("Type"), N_("From"), N_("Due"), N_("Legal hold"))


class RetentionDialog(QDialog):
    # the table was filled (the number of rows)
    loaded = Signal(int)

    def __init__(self, runner: Any, context: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("retentionDialog")
        self.setWindowTitle(_("Retention"))
        self.runner = runner
        self.context = context
        self.candidates: tuple[Any, ...] = ()
        self.ask_reason = self._ask_reason
        self.confirm_disposal = self._confirm_disposal
        self.policies = QLabel(self)
        self.policies.setObjectName("retentionPolicies")
        self.message = QLabel(self)
        self.message.setObjectName("retentionMessage")
        self.message.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("retentionTable")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.hold_button = QPushButton(_("Legal &hold…"), self)
        self.hold_button.setObjectName("retentionHold")
        self.release_button = QPushButton(_("&Release hold"), self)
        self.release_button.setObjectName("retentionRelease")
        self.dispose_button = QPushButton(_("&Dispose of the due records…"), self)
        self.dispose_button.setObjectName("retentionDispose")
        self.hold_button.clicked.connect(self.hold_selected)
        self.release_button.clicked.connect(self.release_selected)
        self.dispose_button.clicked.connect(self.dispose_due)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for b in (self.hold_button, self.release_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.dispose_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.policies)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(760, 480)
        self.reload()

    def _run(self, work: Any, done: Any) -> None:
        def failed(exc: BaseException) -> None:
            from desk.domain.errors import DeskError

            if isinstance(exc, DeskError):
                self.message.setText(str(exc))
            else:
                show_error(exc, self)

        self.runner.run(work, success=done, failure=failed, label=_("Loading…"))

    def reload(self) -> None:
        ctx = self.context

        def work() -> Any:
            from desk.services.retention import disposal_candidates, retention_policies

            return retention_policies(ctx), disposal_candidates(ctx)

        self._run(work, self._fill)

    def _fill(self, result: Any) -> None:
        from desk.services.retention import TYPE_LABELS

        policies, candidates = result
        self.policies.setText(
            "  ".join(
                _("{type}: {years} years").format(type=_(TYPE_LABELS[p.record_type]), years=p.years)
                for p in policies
            )
        )
        self.candidates = candidates
        self.table.setRowCount(len(candidates))
        for r, c in enumerate(candidates):
            cells = (
                c.ref,
                _(TYPE_LABELS[c.record_type]),
                c.starts_on.isoformat(),
                c.due_on.isoformat(),
                c.hold_reason or "",
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(r, col, item)
        self.table.resizeColumnsToContents()
        if not candidates:
            self.message.setText(_("No record is due for disposal."))
        self.loaded.emit(len(candidates))

    def _selected(self) -> Any:
        row = self.table.currentRow()
        return self.candidates[row] if 0 <= row < len(self.candidates) else None

    def _ask_reason(self, ref: str) -> str | None:
        text, ok = QInputDialog.getText(
            self, _("Legal hold"), _("Why is {ref} held?").format(ref=ref)
        )
        return text if ok and text.strip() else None

    def hold_selected(self) -> None:
        c = self._selected()
        if c is None:
            return
        reason = self.ask_reason(c.ref)
        if not reason:
            return
        ctx = self.context

        def work() -> Any:
            from desk.services.retention import hold

            return hold(ctx, c.entity, c.ref, reason)

        self._run(work, lambda _r: self.reload())

    def release_selected(self) -> None:
        c = self._selected()
        if c is None or not c.held:
            return
        ctx = self.context

        def work() -> Any:
            from desk.services.retention import release

            return release(ctx, c.entity, c.ref)

        self._run(work, lambda _r: self.reload())

    def _confirm_disposal(self, count: int) -> bool:
        answer = QMessageBox.question(
            self,
            _("Dispose of records"),
            _(
                "Dispose of {n} records whose retention period has ended? They are removed "
                "from the database for good (the audit trail keeps that they were)."
            ).format(n=count),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def dispose_due(self) -> None:
        due = [c for c in self.candidates if not c.held]
        if not due or not self.confirm_disposal(len(due)):
            return
        ctx = self.context
        refs = [c.ref for c in due]

        def work() -> Any:
            from desk.services.retention import dispose

            return dispose(ctx, refs, approve=True)

        def done(result: Any) -> None:
            self.reload()
            self.message.setText(_("{n} records disposed of").format(n=len(result.disposed)))

        self._run(work, done)
