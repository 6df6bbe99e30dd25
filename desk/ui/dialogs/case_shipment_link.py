"""The "Link cleared shipment…" dialog: the cleared shipment (承認済みの輸出案件) that the
selected case's minimum-use-technology exemption (貨物の使用に必要な最小限の技術) relies
on, picked from the shipments the office cleared, or the link removed. The dialog only
collects the choice; the Case menu's handler stores it through
``desk.services.goods.link_case_shipment`` off the UI thread, and a refusal is said under
the form, which keeps the choice."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from desk.domain.i18n import _
from desk.domain.localtime import shown


class CaseShipmentLinkDialog(QDialog):
    def __init__(
        self,
        info: Any,
        cleared: Sequence[Any],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("caseShipmentLinkDialog")
        self.info = info
        self.setWindowTitle(_("Cleared shipment of case {ref}").format(ref=info.case_ref))
        self.current = QLabel(self)
        self.current.setObjectName("current")
        self.current.setWordWrap(True)
        if info.shipment_ref is not None:
            self.current.setText(
                _("Now linked to shipment {shipment}.").format(shipment=info.shipment_ref)
            )
        else:
            self.current.setText(_("No shipment is linked yet."))
        self.shipment = QComboBox(self)
        self.shipment.setObjectName("shipment")
        for s in cleared:
            text = _("{ref}  {title}  (approved on {date})").format(
                ref=s.ref, title=s.title or "", date=shown(s.decided_on)
            )
            self.shipment.addItem(text, s.ref)
        if info.shipment_ref is not None:
            at = self.shipment.findData(info.shipment_ref)
            if at >= 0:
                self.shipment.setCurrentIndex(at)
        self.clear = QCheckBox(_("&Remove the link"), self)
        self.clear.setObjectName("clear")
        self.clear.setVisible(info.shipment_ref is not None)
        self.clear.toggled.connect(lambda on: self.shipment.setEnabled(not on))
        form = QFormLayout(self)
        form.addRow(self.current)
        self._warning: QLabel | None = None
        if info.warning:
            self._warning = QLabel(info.warning, self)
            self._warning.setObjectName("warning")
            self._warning.setWordWrap(True)
            form.addRow(self._warning)
        label = QLabel(_("Cleared &shipment:"), self)
        label.setBuddy(self.shipment)
        form.addRow(label, self.shipment)
        if not cleared:
            form.addRow(QLabel(_("No shipment has been cleared yet."), self))
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
        self.shipment.setFocus()
        # stores the choice (a shipment id, or None to remove) off the UI thread, then
        # calls saved() or save_failed()
        self.save: Callable[[str | None], None] | None = None

    def warning_label(self) -> QLabel | None:
        """The warning that the case's claim lacks a cleared shipment, if shown."""
        return self._warning

    def choice(self) -> str | None:
        if self.clear.isChecked():
            return None
        ref = self.shipment.currentData()
        return str(ref) if ref is not None else ""

    def _ok(self) -> None:
        if self.save is None:
            self.accept()
            return
        self.problem.hide()
        self.buttons.setEnabled(False)
        self.save(self.choice())

    def saved(self) -> None:
        self.accept()

    def save_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.problem.setText(str(exc))
        self.problem.show()
