"""The campaigns dialog (Edit → Declaration campaigns…): every campaign that asked a cohort
for a declaration or pledge, how many were asked and have answered, and — for the
selected campaign — the people who have not yet submitted (the reminders list).
"New campaign…" asks :class:`desk.ui.actions.intake_menu.IntakeActions` for the form.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.domain.i18n import N_, _

KIND_LABELS = {
    "declaration": N_("specific-category declaration"),
    "pledge": N_("pledge"),
    "exit_pledge": N_("exit pledge"),
    "change_report": N_("change report"),
}
CAMPAIGN_COLUMNS = (
    N_("Title"),
    N_("Document"),
    N_("Requested on"),
    N_("Due on"),
    N_("Asked"),
    N_("Answered"),
)
OUTSTANDING_COLUMNS = (N_("Person"), N_("Requested on"), N_("Due on"))


def _day(value: Any) -> str:
    return value.isoformat() if value is not None else "—"


def _table(parent: QWidget, name: str, columns: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels([_(c) for c in columns])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


class CampaignsDialog(QDialog):
    new_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("campaignsDialog")
        self.setWindowTitle(_("Declaration campaigns"))
        self.campaigns: list[Any] = []
        self.table = _table(self, "campaigns", CAMPAIGN_COLUMNS)
        self.table.setAccessibleName(_("Campaigns"))
        self.outstanding_label = QLabel(_("Not yet submitted"), self)
        self.outstanding = _table(self, "outstanding", OUTSTANDING_COLUMNS)
        self.outstanding.setAccessibleName(_("Not yet submitted"))
        self.outstanding_label.setBuddy(self.outstanding)
        self.new_button = QPushButton(_("&New campaign…"), self)
        self.new_button.setObjectName("newCampaign")
        self.new_button.clicked.connect(self.new_requested)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.outstanding_label)
        layout.addWidget(self.outstanding, 3)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._show_outstanding)
        self.resize(760, 520)

    def allow_new(self, refusal: str | None) -> None:
        """Enable "New campaign…" for those who may change the registers; say why not."""
        self.new_button.setEnabled(refusal is None)
        self.new_button.setToolTip(refusal or "")

    def show_campaigns(self, campaigns: Sequence[Any], select_id: int | None = None) -> None:
        self.campaigns = list(campaigns)
        self.table.setRowCount(len(self.campaigns))
        for r, c in enumerate(self.campaigns):
            kind = KIND_LABELS.get(c.kind)
            cells = (
                c.title,
                _(kind) if kind else c.kind,
                _day(c.requested_on),
                _day(c.due_on),
                str(c.asked),
                str(c.answered),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, c.id)
                self.table.setItem(r, col, item)
        chosen = next(
            (r for r, c in enumerate(self.campaigns) if c.id == select_id),
            len(self.campaigns) - 1,
        )
        if chosen >= 0:
            self.table.selectRow(chosen)
        self._show_outstanding()

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.campaigns[rows[0].row()] if rows else None

    def _show_outstanding(self) -> None:
        campaign = self.selected()
        people = list(campaign.outstanding) if campaign is not None else []
        self.outstanding.setRowCount(len(people))
        for r, d in enumerate(people):
            for col, text in enumerate((d.person_name, _day(d.requested_on), _day(d.due_on))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, d.person_id)
                self.outstanding.setItem(r, col, item)
        self.outstanding_label.setText(
            _("Not yet submitted: {count}").format(count=len(people))
            if campaign is not None
            else _("Not yet submitted")
        )

    def outstanding_names(self) -> list[str]:
        return [self.outstanding.item(r, 0).text() for r in range(self.outstanding.rowCount())]
