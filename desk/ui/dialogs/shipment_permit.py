"""The "Record export permit…" dialog: a decided shipment's Customs export permit number
(輸出許可書番号) and date (輸出許可年月日), kept for the 関税法94条 book entry. The dialog
only collects them; the Goods menu's handler stores them through
``desk.services.reviews.record_permit`` off the UI thread, and a refusal is said under the
form, which keeps what was entered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desk.domain.i18n import _


class PermitDialog(QDialog):
    def __init__(self, state: Any, today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("permitDialog")
        self.state = state
        self.setWindowTitle(_("Export permit of shipment {ref}").format(ref=state.ref))
        self.number = QLineEdit(self)
        self.number.setObjectName("permitNumber")
        self.number.setMaxLength(100)
        self.number.setText(state.permit_number or "")
        self.date = QDateEdit(self)
        self.date.setObjectName("permitDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        day = state.permit_date or today
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.clear = QCheckBox(_("Remove the recorded permit"), self)
        self.clear.setObjectName("permitClear")
        self.clear.setVisible(bool(state.permit_number))
        self.clear.toggled.connect(
            lambda on: (self.number.setEnabled(not on), self.date.setEnabled(not on))
        )
        form = QFormLayout(self)
        form.addRow(_("Export permit number:"), self.number)
        form.addRow(_("Permit date:"), self.date)
        form.addRow(self.clear)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        # stores (number, date) off the UI thread, then calls saved() or save_failed()
        self.save: Callable[[str | None, dt.date | None], None] | None = None

    def values(self) -> tuple[str | None, dt.date | None]:
        if self.clear.isChecked():
            return None, None
        q = self.date.date()
        return self.number.text().strip() or None, dt.date(q.year(), q.month(), q.day())

    def _ok(self) -> None:
        if self.save is None:
            self.accept()
            return
        self.problem.hide()
        self.buttons.setEnabled(False)
        self.save(*self.values())

    def saved(self) -> None:
        self.accept()

    def save_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.problem.setText(str(exc))
        self.problem.show()
