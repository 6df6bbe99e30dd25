"""The trip form (渡航申請): a new or stored trip, picked from the registers, and its decision.

The traveller is picked from the people register, the technology cases from the stored
cases and the goods in the luggage from the stored hand-carry shipments (check boxes);
dates and destinations (country codes, as ``SG, MY``) are typed. ``save`` (set by
:class:`desk.ui.actions.trip_menu.TripActions`) stores the trip and judges it off the UI
thread; a refusal is shown by the field's label with the input kept, a success shows the
decision view: the worst outcome, then each case and shipment with its reasons and
citations. The records (the hand-carry declaration, the trip's bundle) are written from
the buttons below once the trip is stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, _

# field → label (msgid), in the form's order
FIELDS: tuple[tuple[str, str], ...] = (
    ("id", N_("Reference")),
    ("title", N_("Title")),
    ("traveller", N_("Traveller")),
    ("departs_on", N_("Departure")),
    ("returns_on", N_("Return")),
    ("destinations", N_("Destinations (country codes)")),
    ("purpose", N_("Purpose")),
    ("cases", N_("Technology cases")),
    ("shipments", N_("Goods carried by hand")),
)
REQUIRED = frozenset({"id", "traveller", "departs_on", "returns_on", "destinations"})
_PATH = re.compile(r"^(\w+)(?:\[(\d+)\])?")


class TripForm(QDialog):
    def __init__(
        self,
        choices: Any,
        document: Mapping[str, Any] | None = None,
        parent: QWidget | None = None,
        *,
        editing: str | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("tripForm")
        self.editing = editing
        self.save: Callable[[dict[str, Any], str | None], None] | None = None
        self.issue_record: Callable[[str, str], None] | None = None
        self.result: Any = None
        self.setWindowTitle(_("Edit trip") if editing else _("New trip"))
        self.resize(900, 760)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.widgets: dict[str, QWidget] = {}

        self.ref = QLineEdit(self)
        self.title_edit = QLineEdit(self)
        self.traveller = QComboBox(self)
        self.traveller.addItem("", None)
        for pid, name in choices.people:
            self.traveller.addItem(name, pid)
        today = QDate.currentDate()
        self.departs = QDateEdit(today, self)
        self.returns = QDateEdit(today, self)
        for box in (self.departs, self.returns):
            box.setCalendarPopup(True)
            box.setDisplayFormat("yyyy-MM-dd")
        self.destinations = QLineEdit(self)
        self.purpose = QLineEdit(self)
        self.cases = self._checklist(choices.cases)
        self.shipments = self._checklist(choices.shipments)
        widgets: dict[str, QWidget] = {
            "id": self.ref,
            "title": self.title_edit,
            "traveller": self.traveller,
            "departs_on": self.departs,
            "returns_on": self.returns,
            "destinations": self.destinations,
            "purpose": self.purpose,
            "cases": self.cases,
            "shipments": self.shipments,
        }
        for key, label in FIELDS:
            widget = widgets[key]
            widget.setObjectName(key)
            widget.setAccessibleName(_(label))
            self.widgets[key] = widget
            text = _(label) + (" *" if key in REQUIRED else "")
            caption = QLabel(text, self)
            caption.setBuddy(widget)
            form.addRow(caption, widget)

        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.decision = QPlainTextEdit(self)
        self.decision.setObjectName("decision")
        self.decision.setReadOnly(True)
        self.decision.setAccessibleName(_("Decision"))
        self.decision.setPlaceholderText(_("The decision appears here once the trip is saved."))
        layout.addWidget(self.decision, 1)

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            _("&Save and assess"), QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.save_button.setObjectName("saveButton")
        self.save_button.clicked.connect(self._save_if_valid)
        self.declaration_button: QPushButton = self.buttons.addButton(
            _("Hand-carry &declaration…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.declaration_button.setObjectName("declarationButton")
        self.declaration_button.clicked.connect(lambda: self._record("hand_carry"))
        self.bundle_button: QPushButton = self.buttons.addButton(
            _("Trip &record…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.bundle_button.setObjectName("bundleButton")
        self.bundle_button.clicked.connect(lambda: self._record("bundle"))
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self._fill(document or {})
        self._set_stored(editing is not None)

    def _checklist(self, items: Any) -> QListWidget:
        box = QListWidget(self)
        box.setMaximumHeight(110)
        for ref, title in items:
            item = QListWidgetItem(f"{ref}  {title}".rstrip(), box)
            item.setData(Qt.ItemDataRole.UserRole, ref)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        return box

    @staticmethod
    def _checked(box: QListWidget) -> list[str]:
        return [
            str(box.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(box.count())
            if box.item(i).checkState() == Qt.CheckState.Checked
        ]

    @staticmethod
    def check(box: QListWidget, refs: Any) -> None:
        wanted = set(refs)
        for i in range(box.count()):
            item = box.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _fill(self, doc: Mapping[str, Any]) -> None:
        self.ref.setText(doc.get("id") or "")
        self.ref.setReadOnly(self.editing is not None)
        self.title_edit.setText(doc.get("title") or "")
        at = self.traveller.findData(doc.get("traveller"))
        self.traveller.setCurrentIndex(max(at, 0))
        for box, key in ((self.departs, "departs_on"), (self.returns, "returns_on")):
            if doc.get(key):
                box.setDate(QDate.fromString(doc[key], "yyyy-MM-dd"))
        self.destinations.setText(", ".join(doc.get("destinations") or ()))
        self.purpose.setText(doc.get("purpose") or "")
        self.check(self.cases, doc.get("cases") or ())
        self.check(self.shipments, doc.get("shipments") or ())

    def document(self) -> dict[str, Any]:
        """The trip as the service takes it; the form's own checks name the field."""
        ref = self.ref.text().strip()
        if not ref:
            raise InvalidInput(_("required"), where="id")
        traveller = self.traveller.currentData()
        if traveller is None:
            raise InvalidInput(_("pick the traveller from the people register"), where="traveller")
        codes = [c.strip().upper() for c in re.split(r"[,\s、]+", self.destinations.text())]
        return {
            "id": ref,
            "title": self.title_edit.text().strip() or None,
            "traveller": int(traveller),
            "departs_on": self.departs.date().toString("yyyy-MM-dd"),
            "returns_on": self.returns.date().toString("yyyy-MM-dd"),
            "destinations": [c for c in codes if c],
            "purpose": self.purpose.text().strip() or None,
            "cases": self._checked(self.cases),
            "shipments": self._checked(self.shipments),
        }

    def label_of(self, where: str | None) -> str:
        found = _PATH.match(where or "")
        labels = dict(FIELDS)
        if not found or found.group(1) not in labels:
            return ""
        return _(labels[found.group(1)])

    def show_problem(self, exc: InvalidInput) -> None:
        where = self.label_of(exc.where)
        self.problem.setText(f"{where}: {exc.detail}" if where else exc.detail)
        self.problem.show()
        found = _PATH.match(exc.where or "")
        if found and found.group(1) in self.widgets:
            self.widgets[found.group(1)].setFocus(Qt.FocusReason.OtherFocusReason)

    def _save_if_valid(self) -> None:
        try:
            doc = self.document()
        except InvalidInput as exc:
            self.show_problem(exc)
            return
        self.problem.hide()
        if self.save is None:
            return
        self.save_button.setEnabled(False)
        self.save(doc, self.editing)

    def saved(self, result: Any, explanation: str) -> None:
        """Stored and judged: show the decision; the trip is now edited in place."""
        self.result = result
        self.save_button.setEnabled(True)
        self.editing = result.ref
        self.ref.setReadOnly(True)
        self.setWindowTitle(_("Edit trip"))
        self.decision.setPlainText(explanation)
        self._set_stored(True)

    def save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, InvalidInput):
            self.show_problem(exc)
        else:
            self.problem.setText(str(exc))
            self.problem.show()

    def show_decision(self, explanation: str) -> None:
        self.decision.setPlainText(explanation)

    def _set_stored(self, stored: bool) -> None:
        self.declaration_button.setEnabled(stored)
        self.bundle_button.setEnabled(stored)

    def _record(self, kind: str) -> None:
        if self.editing is None or self.issue_record is None:
            return
        self.problem.hide()
        self.issue_record(self.editing, kind)

    def record_refused(self, exc: BaseException) -> None:
        self.problem.setText(str(exc))
        self.problem.show()
