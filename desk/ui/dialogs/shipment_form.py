"""The shipment form (貨物の輸出): a new or stored shipment, its lines, and its judgment.

The form edits a ``desk-shipment/1`` document: the header (id, title, mode, export
date, destination, consignee, end user, purpose, traveller for hand carry) and one table
row per goods line (goods item, quantity, unit, unit value in yen, HS code,
classification, 別表第1 item). Keys the form does not show (basis documents, exceptions
claimed, contract, …) are kept as they were when a stored shipment is edited.

The form checks what it can itself, naming the field by its label (and the line);
``save`` (set by :class:`desk.ui.actions.shipment_menu.ShipmentActions`) then runs
:func:`desk.services.goods.save_shipment` off the UI thread, which checks the document
with the files' loader, stores it and judges it. A refusal is shown next to the form by
the field's label with the input kept; a success shows the engine's answer explained as
the CLI prints it (per line, the worst line, reasons and citations), and the
"Issue certificate…" button writes the 非該当証明書 where the CLI can.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, _

MODES = (
    ("courier", N_("Courier")),
    ("post", N_("Post")),
    ("freight", N_("Freight")),
    ("hand_carry", N_("Hand carry")),
)
CLASSIFICATIONS = (
    ("not_on_list", N_("Not on the list (非該当)")),
    ("listed", N_("Listed")),
    ("below_threshold", N_("Below the threshold")),
    ("undetermined", N_("Undetermined")),
)
# header fields: document key path → label (msgid)
HEADER: tuple[tuple[str, str], ...] = (
    ("id", N_("Reference")),
    ("title", N_("Title")),
    ("shipment.mode", N_("Mode")),
    ("shipment.date", N_("Export date")),
    ("shipment.destination", N_("Destination (country code)")),
    ("shipment.consignee", N_("Consignee")),
    ("shipment.consignee.country", N_("Consignee's country")),
    ("shipment.end_user", N_("End user (empty: the consignee)")),
    ("shipment.stated_end_use", N_("Purpose (stated end use)")),
    ("shipment.traveller", N_("Traveller (hand carry)")),
    ("shipment.certificate_issuer.department", N_("Certificate: issuing department")),
    ("shipment.certificate_issuer.contact", N_("Certificate: contact")),
)
REQUIRED = frozenset({"id", "shipment.mode", "shipment.destination"})
# line columns: document key → label (msgid)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", N_("Goods item")),
    ("quantity", N_("Quantity")),
    ("unit", N_("Unit")),
    ("unit_value", N_("Unit value (yen)")),
    ("hs_code", N_("HS code")),
    ("classification", N_("Classification")),
    ("classification.item", N_("Item (別表第1)")),
    ("classification.ordinance_version", N_("Ordinance revision classified against")),
    ("classification.checked_by", N_("Checked by (responsible person)")),
)
COL = {key: i for i, (key, _label) in enumerate(COLUMNS)}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
HS_RE = re.compile(r"^(\d{2,4}|\d{4}\.?\d{1,2}|\d{4}\.?\d{2}\.?\d{1,4})$")
STATUSES = (
    ("submitted", N_("Submitted")),
    ("first_review", N_("First review")),
    ("second_review", N_("Second review")),
    ("decided", N_("Decided")),
    ("closed", N_("Closed")),
    ("draft", N_("Draft")),
)
LINE_PATH = re.compile(r"^goods\[(\d+)\]\.?(.*)$")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _party_name(value: Any) -> str:
    if isinstance(value, Mapping):
        return str(value.get("name") or "")
    return "" if value in (None, "consignee") else str(value)


class ShipmentForm(QDialog):
    """New or stored shipment: fields, lines, the judgment and the certificate."""

    # the shipment was stored and judged (the service's SavedShipment)
    saved_shipment = Signal(object)

    def __init__(
        self,
        document: Mapping[str, Any] | None = None,
        parent: QWidget | None = None,
        *,
        editing: str | None = None,
        status: str = "",
    ):
        super().__init__(parent)
        self.setObjectName("shipmentForm")
        self.editing = editing
        self.original: dict[str, Any] = copy.deepcopy(dict(document or {}))
        self.save: Callable[[dict[str, Any], str | None], None] | None = None
        self.issue_certificate: Callable[[str], None] | None = None
        self.confirm_discard: Callable[[], bool] = self._ask_discard
        self.result: Any = None  # the last SavedShipment
        self.setWindowTitle(_("Edit shipment") if editing else _("New shipment"))
        self.resize(960, 720)

        self.widgets: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        for key, label in HEADER:
            widget: QWidget
            if key == "shipment.mode":
                box = QComboBox(self)
                for code, text in MODES:
                    box.addItem(_(text), code)
                widget = box
            else:
                widget = QLineEdit(self)
            widget.setObjectName(key.replace(".", "_"))
            widget.setAccessibleName(_(label))
            self.widgets[key] = widget
            form.addRow(_(label) + (" *" if key in REQUIRED else ""), widget)

        self.lines = QTableWidget(0, len(COLUMNS), self)
        self.lines.setObjectName("lines")
        self.lines.setHorizontalHeaderLabels([_(label) for _key, label in COLUMNS])
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines.setAccessibleName(_("Goods lines"))
        self.lines.horizontalHeader().setStretchLastSection(True)
        self.lines.setColumnWidth(COL["name"], 260)
        layout.addWidget(QLabel(_("Goods lines") + " *", self))
        layout.addWidget(self.lines, 1)
        line_buttons = QHBoxLayout()
        self.add_line_button = QPushButton(_("&Add line"), self)
        self.add_line_button.setObjectName("addLine")
        self.add_line_button.clicked.connect(lambda: self.add_line())
        self.remove_line_button = QPushButton(_("&Remove line"), self)
        self.remove_line_button.setObjectName("removeLine")
        self.remove_line_button.clicked.connect(self.remove_line)
        line_buttons.addWidget(self.add_line_button)
        line_buttons.addWidget(self.remove_line_button)
        line_buttons.addStretch(1)
        layout.addLayout(line_buttons)

        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)

        self.judgment = QPlainTextEdit(self)
        self.judgment.setObjectName("judgment")
        self.judgment.setReadOnly(True)
        self.judgment.setAccessibleName(_("Judgment"))
        self.judgment.setPlaceholderText(_("Save to judge the shipment; the answer is shown here."))
        layout.addWidget(self.judgment, 1)

        # the office's way: move the stored shipment on (the service checks role and step)
        status_row = QHBoxLayout()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusLabel")
        self.move_to = QComboBox(self)
        self.move_to.setObjectName("moveTo")
        self.move_to.setAccessibleName(_("Move to"))
        for code, label in STATUSES:
            self.move_to.addItem(_(label), code)
        self.move_note = QLineEdit(self)
        self.move_note.setObjectName("moveNote")
        self.move_note.setPlaceholderText(_("Note (why)"))
        self.move_note.setAccessibleName(_("Note (why)"))
        self.move_button = QPushButton(_("&Move"), self)
        self.move_button.setObjectName("moveButton")
        self.move_button.clicked.connect(self._move)
        status_row.addWidget(self.status_label)
        status_row.addWidget(QLabel(_("Move to"), self))
        status_row.addWidget(self.move_to)
        status_row.addWidget(self.move_note, 1)
        status_row.addWidget(self.move_button)
        layout.addLayout(status_row)
        self.move_status: Callable[[str, str, str], None] | None = None
        self.set_status(status)

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            _("&Save and assess"), QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.save_button.setObjectName("saveButton")
        self.save_button.clicked.connect(self._save_if_valid)
        self.certificate_button = self.buttons.addButton(
            _("Issue &certificate…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.certificate_button.setObjectName("certificateButton")
        self.certificate_button.setToolTip(_("Write the non-applicability certificate (PDF)"))
        self.certificate_button.clicked.connect(self._certificate)
        self.certificate_button.setEnabled(editing is not None)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

        self._fill(self.original)
        if not self.original.get("goods"):
            self.add_line()
        self._initial = self.current()

    # --- filling -------------------------------------------------------------------------
    def _set(self, key: str, value: str) -> None:
        widget = self.widgets[key]
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif isinstance(widget, QLineEdit):
            widget.setText(value)

    def _fill(self, doc: Mapping[str, Any]) -> None:
        info: Mapping[str, Any] = doc.get("shipment") or {}
        consignee = info.get("consignee")
        traveller = info.get("traveller")
        self._set("id", _text(doc.get("id")))
        self._set("title", _text(doc.get("title")))
        self._set("shipment.mode", _text(info.get("mode") or "courier"))
        self._set("shipment.date", _text(info.get("date")))
        self._set("shipment.destination", _text(info.get("destination")))
        self._set("shipment.consignee", _party_name(consignee))
        country = consignee.get("country") if isinstance(consignee, Mapping) else None
        self._set("shipment.consignee.country", _text(country))
        self._set("shipment.end_user", _party_name(info.get("end_user")))
        self._set("shipment.stated_end_use", _text(info.get("stated_end_use")))
        name = traveller.get("name") if isinstance(traveller, Mapping) else None
        self._set("shipment.traveller", _text(name))
        issuer = info.get("certificate_issuer")
        for part in ("department", "contact"):
            value = issuer.get(part) if isinstance(issuer, Mapping) else None
            self._set(f"shipment.certificate_issuer.{part}", _text(value))
        if self.editing is not None:
            id_box = self.widgets["id"]
            assert isinstance(id_box, QLineEdit)
            id_box.setReadOnly(True)
        for line in doc.get("goods") or ():
            self.add_line(line)

    def add_line(self, line: Mapping[str, Any] | None = None) -> int:
        """Append a goods line (empty, or ``line`` of the document); returns its row."""
        line = line or {}
        cls: Mapping[str, Any] = line.get("classification") or {}
        row = self.lines.rowCount()
        self.lines.insertRow(row)
        values = {
            "name": _text(line.get("name")),
            "quantity": _text(line.get("quantity")),
            "unit": _text(line.get("unit") or _("pcs")),
            "unit_value": _text(line.get("unit_value")),
            "hs_code": _text(line.get("hs_code")),
            "classification.item": _text(cls.get("item")),
            "classification.ordinance_version": _text(cls.get("ordinance_version")),
            "classification.checked_by": _text(cls.get("checked_by")),
        }
        for key, text in values.items():
            self.lines.setItem(row, COL[key], QTableWidgetItem(text))
        box = QComboBox(self.lines)
        box.setObjectName(f"classification_{row}")
        for code, label in CLASSIFICATIONS:
            box.addItem(_(label), code)
        box.setCurrentIndex(max(0, box.findData(cls.get("status") or "not_on_list")))
        self.lines.setCellWidget(row, COL["classification"], box)
        return row

    def remove_line(self) -> None:
        row = self.lines.currentRow()
        if row >= 0:
            self.lines.removeRow(row)

    def set_cell(self, row: int, key: str, text: str) -> None:
        """Put ``text`` in line ``row``'s ``key`` column (the classification by its code)."""
        if key == "classification":
            box = self.lines.cellWidget(row, COL[key])
            assert isinstance(box, QComboBox)
            box.setCurrentIndex(max(0, box.findData(text)))
            return
        self.lines.setItem(row, COL[key], QTableWidgetItem(text))

    # --- reading ---------------------------------------------------------------------------
    def _value(self, key: str) -> str:
        widget = self.widgets[key]
        if isinstance(widget, QComboBox):
            return str(widget.currentData() or "")
        assert isinstance(widget, QLineEdit)
        return widget.text().strip()

    def _cell(self, row: int, key: str) -> str:
        if key == "classification":
            box = self.lines.cellWidget(row, COL[key])
            return str(box.currentData()) if isinstance(box, QComboBox) else ""
        item = self.lines.item(row, COL[key])
        return item.text().strip() if item is not None else ""

    def current(self) -> dict[str, Any]:
        """The form's text as it stands (for "unsaved changes")."""
        header = {key: self._value(key) for key, _label in HEADER}
        lines = [
            {key: self._cell(r, key) for key, _label in COLUMNS}
            for r in range(self.lines.rowCount())
        ]
        return {"header": header, "lines": lines}

    @property
    def modified(self) -> bool:
        return self.current() != self._initial

    def label_of(self, where: str | None) -> str:
        """The label of a document key path (``goods[0].hs_code`` → "Line 1, HS code")."""
        if not where:
            return ""
        found = LINE_PATH.match(where)
        if found:
            n, rest = int(found.group(1)) + 1, found.group(2)
            for key, label in sorted(COLUMNS, key=lambda kv: -len(kv[0])):
                if rest == key or (rest.startswith(key + ".") and key != "classification"):
                    return _("Line {n}, {field}").format(n=n, field=_(label))
            if rest.startswith("classification"):
                return _("Line {n}, {field}").format(n=n, field=_("Classification"))
            return _("Line {n}").format(n=n)
        for key, label in sorted(HEADER, key=lambda kv: -len(kv[0])):
            if where == key or where.startswith(key + "."):
                return _(label)
        return where

    def _number(self, text: str, where: str, *, positive: bool) -> Decimal:
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise InvalidInput(_("not a number: {text}").format(text=text), where=where) from None
        if not number.is_finite() or number < 0 or (positive and number == 0):
            raise InvalidInput(
                _("must be greater than 0") if positive else _("must not be negative"),
                where=where,
            )
        return number

    def document(self) -> dict[str, Any]:
        """The ``desk-shipment/1`` document the form holds; raises InvalidInput (key path)."""
        doc = copy.deepcopy(self.original)
        doc.pop("expected", None)
        doc["format"] = "desk-shipment/1"
        for key, _label in HEADER:  # in the form's order
            if key in REQUIRED and not self._value(key):
                raise InvalidInput(_("this field is required"), where=key)
        doc["id"] = self._value("id")
        title = self._value("title")
        if title:
            doc["title"] = title
        else:
            doc.pop("title", None)
        info: dict[str, Any] = dict(doc.get("shipment") or {})
        mode = self._value("shipment.mode")
        info["mode"] = mode
        day = self._value("shipment.date")
        if day and not DATE_RE.match(day):
            raise InvalidInput(_("a date is written YYYY-MM-DD"), where="shipment.date")
        self._put(info, "date", day)
        destination = self._value("shipment.destination").upper()
        if not COUNTRY_RE.match(destination):
            raise InvalidInput(
                _("a country is its two-letter code (e.g. US)"), where="shipment.destination"
            )
        info["destination"] = destination
        hand = mode == "hand_carry"
        traveller = self._value("shipment.traveller")
        if hand:
            if not traveller:
                raise InvalidInput(
                    _("required when the goods are carried by hand"), where="shipment.traveller"
                )
            old = info.get("traveller")
            info["traveller"] = {**(old if isinstance(old, Mapping) else {}), "name": traveller}
        else:
            info.pop("traveller", None)
        consignee = self._value("shipment.consignee")
        country = self._value("shipment.consignee.country").upper() or destination
        if consignee:
            if not COUNTRY_RE.match(country):
                raise InvalidInput(
                    _("a country is its two-letter code (e.g. US)"),
                    where="shipment.consignee.country",
                )
            old = info.get("consignee")
            kept = old if isinstance(old, Mapping) and old.get("name") == consignee else {}
            info["consignee"] = {**kept, "name": consignee, "country": country}
        elif hand:
            info.pop("consignee", None)
        else:
            raise InvalidInput(_("this field is required"), where="shipment.consignee")
        end_user = self._value("shipment.end_user")
        if end_user and end_user != consignee:
            old = info.get("end_user")
            kept = old if isinstance(old, Mapping) and old.get("name") == end_user else {}
            info["end_user"] = {"country": country, **kept, "name": end_user}
        elif consignee:
            info["end_user"] = "consignee"
        self._put(info, "stated_end_use", self._value("shipment.stated_end_use"))
        department = self._value("shipment.certificate_issuer.department")
        contact = self._value("shipment.certificate_issuer.contact")
        if department or contact:
            for key, value in (("department", department), ("contact", contact)):
                if not value:
                    raise InvalidInput(
                        _("the certificate needs both the department and the contact"),
                        where=f"shipment.certificate_issuer.{key}",
                    )
            info["certificate_issuer"] = {"department": department, "contact": contact}
        else:
            info.pop("certificate_issuer", None)
        doc["shipment"] = info
        doc["goods"] = self._goods()
        return doc

    @staticmethod
    def _put(target: dict[str, Any], key: str, value: str) -> None:
        if value:
            target[key] = value
        else:
            target.pop(key, None)

    def _goods(self) -> list[dict[str, Any]]:
        old_lines = list(self.original.get("goods") or ())
        goods: list[dict[str, Any]] = []
        for r in range(self.lines.rowCount()):
            where = f"goods[{r}]."
            name = self._cell(r, "name")
            if not name:
                raise InvalidInput(_("this field is required"), where=where + "name")
            old = dict(old_lines[r]) if r < len(old_lines) else {}
            line = {**old, "name": name}
            line["quantity"] = self._number(
                self._cell(r, "quantity"), where + "quantity", positive=True
            )
            line["unit"] = self._cell(r, "unit") or "pcs"
            line["unit_value"] = self._number(
                self._cell(r, "unit_value"), where + "unit_value", positive=False
            )
            if old.get("currency") not in (None, "JPY"):
                line.pop("currency")  # the form's values are in yen
            hs = self._cell(r, "hs_code")
            if hs and not HS_RE.match(hs):
                raise InvalidInput(
                    _('not an HS code (2 to 10 digits, e.g. "9027.50")'), where=where + "hs_code"
                )
            self._put(line, "hs_code", hs)
            status = self._cell(r, "classification")
            cls = dict(line.get("classification") or {})
            if cls.get("status") != status:
                cls = {k: v for k, v in cls.items() if k not in ("item", "article")}
            cls["status"] = status
            item = self._cell(r, "classification.item")
            if status == "listed" and not item:
                raise InvalidInput(
                    _("required when the goods are listed"), where=where + "classification.item"
                )
            self._put(cls, "item", item if status in ("listed", "below_threshold") else "")
            revision = self._cell(r, "classification.ordinance_version")
            if revision and not DATE_RE.match(revision):
                raise InvalidInput(
                    _("a date is written YYYY-MM-DD"),
                    where=where + "classification.ordinance_version",
                )
            self._put(cls, "ordinance_version", revision)
            self._put(cls, "checked_by", self._cell(r, "classification.checked_by"))
            line["classification"] = cls
            goods.append(line)
        if not goods:
            raise InvalidInput(_("add at least one goods line"), where="goods")
        return goods

    # --- saving ----------------------------------------------------------------------------
    def show_problem(self, exc: InvalidInput) -> None:
        """Say what is wrong, naming the field by its label, and put the focus there."""
        where = self.label_of(exc.where)
        self.problem.setText(f"{where}: {exc.detail}" if where else exc.detail)
        self.problem.show()
        found = LINE_PATH.match(exc.where or "")
        if found:
            row = int(found.group(1))
            rest = found.group(2)
            column = next((COL[k] for k, _l in COLUMNS if rest == k), COL["name"])
            if row < self.lines.rowCount():
                self.lines.setCurrentCell(row, column)
                self.lines.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        for key, _label in sorted(HEADER, key=lambda kv: -len(kv[0])):
            if exc.where and (exc.where == key or exc.where.startswith(key + ".")):
                self.widgets[key].setFocus(Qt.FocusReason.OtherFocusReason)
                return

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
        """The service stored and judged the shipment: show the answer, keep the form open."""
        self.result = result
        self.save_button.setEnabled(True)
        self.editing = result.summary.ref
        self.original = self.document()
        id_box = self.widgets["id"]
        assert isinstance(id_box, QLineEdit)
        id_box.setReadOnly(True)
        self.setWindowTitle(_("Edit shipment"))
        self.judgment.setPlainText(explanation)
        self.certificate_button.setEnabled(True)
        self.set_status(result.summary.status)
        self._initial = self.current()
        self.saved_shipment.emit(result)

    def save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, InvalidInput):
            self.show_problem(exc)

    def set_status(self, status: str) -> None:
        """Show the stored shipment's status (empty: not stored yet, no move possible)."""
        self.status = status
        label = dict(STATUSES).get(status)
        self.status_label.setText(_("Status: {status}").format(status=_(label)) if label else "")
        stored = bool(status)
        for widget in (self.move_to, self.move_note, self.move_button):
            widget.setEnabled(stored)

    def _move(self) -> None:
        if self.editing is None or self.move_status is None:
            return
        self.problem.hide()
        self.move_button.setEnabled(False)
        self.move_status(self.editing, str(self.move_to.currentData()), self.move_note.text())

    def moved(self, status: str) -> None:
        self.move_note.clear()
        self.set_status(status)

    def move_refused(self, exc: BaseException) -> None:
        """The service said no (step or role): say why; the form's input stays as it is."""
        self.move_button.setEnabled(True)
        self.problem.setText(str(exc))
        self.problem.show()

    def _certificate(self) -> None:
        if self.editing is None or self.issue_certificate is None:
            return
        if self.modified:
            self.show_problem(InvalidInput(_("save the changes before issuing the certificate")))
            return
        self.problem.hide()
        self.issue_certificate(self.editing)

    def certificate_refused(self, exc: BaseException) -> None:
        self.problem.setText(str(exc))
        self.problem.show()

    def _ask_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            _("Unsaved changes"),
            _("Discard the changes to this shipment?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        if self.modified and not self.confirm_discard():
            return
        super().reject()
