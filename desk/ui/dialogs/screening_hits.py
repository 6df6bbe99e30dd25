"""The "Screening hits" dialog: the hits of the stored screening records (a name screened
with "Record" in the screen dialog, or ``desk screen NAME --record``) and their
dispositions — clear a false positive (with the reason) or confirm a true match (the
record is escalated). The services check the role and write the audit event; the work
runs off the UI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
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

from desk.domain.countries import country_label
from desk.domain.errors import DeskError
from desk.domain.i18n import N_, _, ngettext
from desk.domain.localtime import shown
from desk.ui.errors import show_error
from desk.ui.operations import OperationRunner

COLUMNS = (
    N_("Hit"),
    N_("Status"),
    N_("Score"),
    N_("Screened name"),
    N_("List"),
    N_("No."),
    N_("Listed name"),
    N_("Country"),
    N_("Reason"),
    N_("Found"),
)
HIT, STATUS, SCORE, QUERY, LIST, ENTRY, NAME, COUNTRY, REASON, FOUND = range(len(COLUMNS))
STATUS_LABELS = {"open": N_("open"), "cleared": N_("cleared"), "confirmed": N_("confirmed")}


class HitsDialog(QDialog):
    """The stored hits, newest first; select one, then Clear (with a reason) or Confirm."""

    loaded = Signal(object)  # the hits on screen (tuple of RecordHit)
    decided = Signal(object)  # a decision was stored (the ScreeningRecordInfo)

    def __init__(
        self, runner: OperationRunner, context: Any, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("hitsDialog")
        self._runner = runner
        self._ctx = context
        self.hits: tuple[Any, ...] = ()

        self.only_open = QCheckBox(self)
        self.only_open.setObjectName("hitsOnlyOpen")
        self.only_open.setChecked(True)
        self.only_open.toggled.connect(lambda _on: self.refresh())
        self.summary = QLabel(self)
        self.summary.setObjectName("hitsSummary")
        self.summary.setWordWrap(True)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("hitsTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self._reason_label = QLabel(self)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("hitsReason")
        self.reason.textChanged.connect(lambda _t: self._update_buttons())
        self.clear_button = QPushButton(self)
        self.clear_button.setObjectName("hitsClear")
        self.clear_button.clicked.connect(lambda: self._decide("clear"))
        self.confirm_button = QPushButton(self)
        self.confirm_button.setObjectName("hitsConfirm")
        self.confirm_button.clicked.connect(lambda: self._decide("confirm"))

        top = QHBoxLayout()
        top.addWidget(self.only_open)
        top.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self._reason_label)
        actions.addWidget(self.reason, 1)
        actions.addWidget(self.clear_button)
        actions.addWidget(self.confirm_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.buttons)
        self.resize(1100, 480)
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Screening hits"))
        self.only_open.setText(_("Only hits awaiting a decision"))
        self._reason_label.setText(_("Reason:"))
        self.reason.setPlaceholderText(_("why the hit is (not) the listed party"))
        self.clear_button.setText(_("C&lear as false positive"))
        self.confirm_button.setText(_("Con&firm as true match"))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self._show(self.hits)

    # --- reading ---------------------------------------------------------------------
    def refresh(self) -> None:
        ctx, only_open = self._ctx, self.only_open.isChecked()

        def work() -> Any:
            from desk.services.screening import screening_hits

            return screening_hits(ctx, open_only=only_open)

        def done(hits: Any) -> None:
            self.hits = tuple(hits)
            self._show(self.hits)
            self.loaded.emit(self.hits)

        self._runner.run(work, success=done, failure=lambda e: show_error(e, self))

    def _show(self, hits: tuple[Any, ...]) -> None:
        self.summary.setText(
            ngettext("{count} hit.", "{count} hits.", len(hits)).format(count=len(hits))
            if hits
            else _("No hits to show.")
        )
        self.table.setRowCount(len(hits))
        for row, h in enumerate(hits):
            values = (
                f"#{h.id}",
                _(STATUS_LABELS.get(h.status, h.status)),
                f"{h.score:.2f}",
                h.query,
                f"{h.list_id} {h.list_version}" + (f" ({h.program})" if h.program else ""),
                h.entry,
                h.entry_name,
                country_label(h.entry_country),
                h.reason,
                shown(h.found_at),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column in (SCORE, HIT):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column in (QUERY, LIST, NAME, REASON):
                    item.setToolTip(value)
                self.table.setItem(row, column, item)
        self._update_buttons()

    def selected_hit(self) -> Any:
        rows = {i.row() for i in self.table.selectedItems()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.hits[row] if 0 <= row < len(self.hits) else None

    def select_hit(self, hit_id: int) -> None:
        for row, h in enumerate(self.hits):
            if h.id == hit_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        h = self.selected_hit()
        is_open = h is not None and h.status == "open"
        self.confirm_button.setEnabled(is_open)
        self.clear_button.setEnabled(is_open and bool(self.reason.text().strip()))

    # --- deciding --------------------------------------------------------------------
    def _decide(self, decision: str) -> None:
        h = self.selected_hit()
        if h is None:
            return
        ctx, reason, hit_id = self._ctx, self.reason.text().strip(), h.id

        def work() -> Any:
            from desk.services.screening import clear_hit, confirm_hit

            if decision == "clear":
                return clear_hit(ctx, hit_id, reason)
            return confirm_hit(ctx, hit_id, reason)

        def done(record: Any) -> None:
            self.reason.clear()
            self.summary.setText(
                _("Hit #{id} cleared.").format(id=hit_id)
                if decision == "clear"
                else _("Hit #{id} confirmed as a true match: the record is escalated.").format(
                    id=hit_id
                )
            )
            self.decided.emit(record)
            self.refresh()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, DeskError):  # refused (role, already decided): say so in place
                self.summary.setText("⚠ " + str(exc))
                return
            show_error(exc, self)

        self._runner.run(work, success=done, failure=failed, label=_("Saving the decision…"))
