"""The case form's field widgets: optional dates, country codes with a completer, combo
boxes over label tables, rows of checkboxes, and small editable tables (Add / Remove)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QDate, QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.domain.countries import COUNTRY_JA, COUNTRY_NAMES, country_label
from desk.domain.i18n import _
from desk.ui.dialogs.case_form.choices import COUNTRY_CODES, NONE, Pair, label
from desk.ui.dialogs.case_form.document import as_text, opt


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def date_edit(parent: QWidget, name: str, day: dt.date) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(qdate(day))
    return edit


class OptionalDate(QWidget):
    """A date, or none: a date field and a checkbox ("not known", "same as the as-of date")."""

    def __init__(self, name: str, none_text: str, default: dt.date, parent: QWidget):
        super().__init__(parent)
        self.setObjectName(name)
        self.edit = date_edit(self, "date", default)
        self.none = QCheckBox(none_text, self)
        self.none.setObjectName("none")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.none)
        layout.addStretch(1)
        # bound methods, not lambdas: a lambda holding self in a connection keeps the
        # widget alive from C++, out of the garbage collector's sight
        self.none.toggled.connect(self._toggled)
        self.none.setChecked(True)

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(not on)

    def value(self) -> dt.date | None:
        return None if self.none.isChecked() else pydate(self.edit.date())

    def set_value(self, day: dt.date | None) -> None:
        if day is not None:
            self.edit.setDate(qdate(day))
        self.none.setChecked(day is None)

    def setFocus(self, *args: Any) -> None:
        (self.none if self.none.isChecked() else self.edit).setFocus(*args)


class CountryCompleter(QCompleter):
    """Completes a country code from its code or its name in either language ("イエメン" →
    "YE"); with ``many``, the last code of a comma-separated list ("CN, K" → "CN, KR")."""

    def __init__(self, parent: QLineEdit, many: bool = False):
        labels = [f"{c} {COUNTRY_JA[c]} · {COUNTRY_NAMES[c]}" for c in COUNTRY_CODES]
        super().__init__(QStringListModel(labels, parent), parent)
        self.many = many
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def splitPath(self, path: str) -> list[str]:
        return [path.split(",")[-1].strip() if self.many else path.strip()]

    def pathFromIndex(self, index: Any) -> str:
        code = str(index.data()).split(" ", 1)[0]
        if not self.many:
            return code
        head = self.widget().text().split(",")[:-1] if self.widget() else []
        return ", ".join([*(h.strip() for h in head if h.strip()), code])


def country_edit(parent: QWidget, name: str, many: bool = False) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setCompleter(CountryCompleter(edit, many))
    edit.setPlaceholderText(_("ISO codes, e.g. CN, KR") if many else _("ISO code, e.g. CN"))
    return edit


def country_cell(code: Any) -> str:
    """A table cell's country: 「KR 韓国」 for a known code, else what was stored."""
    text = as_text(code)
    return country_label(text) if text.upper() in COUNTRY_JA else text


def code_of_cell(text: str) -> str:
    """The code of a country cell: 「KR 韓国」 → ``KR``; typed text as it is (upper-cased
    when it is a code)."""
    text = text.strip()
    head = text.split(" ", 1)[0]
    if head.upper() in COUNTRY_JA:
        return head.upper()
    return text


def country_of(edit: QLineEdit) -> str | None:
    return opt(edit.text().upper())


def codes_of(edit: QLineEdit) -> list[str]:
    return [c.strip().upper() for c in edit.text().split(",") if c.strip()]


def combo(
    parent: QWidget, name: str, table: Mapping[str, Pair] | Sequence[str], none: bool = False
) -> QComboBox:
    box = QComboBox(parent)
    box.setObjectName(name)
    if none:
        box.addItem(NONE, None)
    for code in table:
        box.addItem(label(table, code) if isinstance(table, Mapping) else code, code)
    return box


def set_combo(box: QComboBox, value: Any) -> None:
    index = box.findData(value)
    if index < 0 and value is not None:  # a value the list does not offer: shown as it is
        box.addItem(str(value), value)
        index = box.count() - 1
    box.setCurrentIndex(max(index, 0))


class Checks(QWidget):
    """One checkbox per code (concerns, channels, declaration types)."""

    def __init__(self, name: str, codes: Sequence[Any], labels: Callable[[Any], str], parent: Any):
        super().__init__(parent)
        self.setObjectName(name)
        self.boxes: dict[Any, QCheckBox] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for code in codes:
            box = QCheckBox(labels(code), self)
            box.setObjectName(f"{name}_{code}")
            self.boxes[code] = box
            layout.addWidget(box)
        layout.addStretch(1)

    def value(self) -> list[Any]:
        return [c for c, box in self.boxes.items() if box.isChecked()]

    def set_value(self, codes: Iterable[Any]) -> None:
        chosen = set(codes)
        for code, box in self.boxes.items():
            box.setChecked(code in chosen)

    def setFocus(self, *args: Any) -> None:
        next(iter(self.boxes.values())).setFocus(*args)


class RowTable(QWidget):
    """A small table of objects (exemption claims, affiliations, ties) with Add / Remove.

    ``columns`` are (key, header msgid, kind, choices): kind ``text``, ``check`` or
    ``combo`` (choices: a label table; ``None`` offered first when ``none``).
    """

    def __init__(self, name: str, columns: Sequence[tuple[str, str, str, Any]], parent: Any):
        super().__init__(parent)
        self.setObjectName(name)
        self.columns = list(columns)
        self.keys = [c[0] for c in columns]
        self.origins: list[dict[str, Any] | None] = []  # each row's stored object, if any
        self.table = QTableWidget(0, len(columns), self)
        self.table.setObjectName("table")
        self.table.setHorizontalHeaderLabels([_(c[1]) for c in columns])
        # the few rows of a form's table are cheap to measure: every header is shown whole
        # (a horizontal scroll bar when they do not fit), with its text as a tooltip too
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for c, column in enumerate(columns):
            header = self.table.horizontalHeaderItem(c)
            if header is not None:
                header.setToolTip(_(column[1]))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(110)
        self.add_button = QPushButton(_("Add"), self)
        self.add_button.setObjectName("add")
        self.remove_button = QPushButton(_("Remove"), self)
        self.remove_button.setObjectName("remove")
        self.add_button.clicked.connect(self._add_clicked)
        self.remove_button.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.row_added: Callable[[int], None] | None = None

    def add_row(
        self, values: Mapping[str, Any] | None = None, origin: dict[str, Any] | None = None
    ) -> int:
        values = values or {}
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.origins.append(origin)
        for c, (key, _header, kind, choices) in enumerate(self.columns):
            if kind == "combo":
                table, none = choices
                box = combo(self.table, f"{self.objectName()}_{key}_{r}", table, none)
                set_combo(box, values.get(key))
                self.table.setCellWidget(r, c, box)
            elif kind == "check":
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                on = bool(values.get(key))
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                self.table.setItem(r, c, item)
            elif kind == "country":  # 「KR 韓国」: the code and its name, the code read back
                self.table.setItem(r, c, QTableWidgetItem(country_cell(values.get(key))))
            else:
                self.table.setItem(r, c, QTableWidgetItem(as_text(values.get(key))))
        if self.row_added is not None:
            self.row_added(r)
        return r

    def _add_clicked(self) -> None:
        self.add_row()

    def remove_current(self) -> None:
        r = self.table.currentRow()
        if r >= 0:
            self.table.removeRow(r)
            del self.origins[r]

    def cell(self, r: int, key: str) -> Any:
        c = self.keys.index(key)
        kind = self.columns[c][2]
        if kind == "combo":
            return self.table.cellWidget(r, c).currentData()
        item = self.table.item(r, c)
        if kind == "check":
            return item.checkState() == Qt.CheckState.Checked
        if kind == "country":
            return code_of_cell(item.text()) if item else ""
        return item.text() if item else ""

    def set_cell(self, r: int, key: str, value: Any) -> None:
        c = self.keys.index(key)
        kind = self.columns[c][2]
        if kind == "combo":
            set_combo(self.table.cellWidget(r, c), value)
        elif kind == "check":
            state = Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            self.table.item(r, c).setCheckState(state)
        elif kind == "country":
            self.table.item(r, c).setText(country_cell(value))
        else:
            self.table.item(r, c).setText(as_text(value))

    def combo_at(self, r: int, key: str) -> QComboBox:
        return self.table.cellWidget(r, self.keys.index(key))

    def rows(self) -> int:
        return self.table.rowCount()

    def focus_cell(self, r: int, key: str | None) -> None:
        c = self.keys.index(key) if key in self.keys else 0
        if 0 <= r < self.rows():
            self.table.setCurrentCell(r, c)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)


def scroll_page(parent: QWidget) -> tuple[QScrollArea, QFormLayout]:
    scroll = QScrollArea(parent)
    scroll.setWidgetResizable(True)
    # parented from the start: the C++ side owns it (a parentless QWidget() would be
    # Python's, and the garbage collector could delete it a second time)
    inner = QWidget(scroll)
    form = QFormLayout(inner)
    scroll.setWidget(inner)
    return scroll, form
