"""The "New case…" / "Edit case…" form: a planned provision entered by hand (事前確認).

:class:`CaseForm` shows every fact of a ``desk-case/1`` case on four tabs (case,
technology, recipient, provision). On OK it builds the JSON document
(:meth:`CaseForm.document`) and checks it with :func:`desk.domain.case.parse_case`, the
same loader a case file goes through: an :class:`InvalidInput` is shown under the form
with its key path (``recipient.nationalities[0]: unknown country code …``) and the
offending field gets the focus; the dialog stays open and nothing is stored. Only a
valid case closes the dialog (:meth:`CaseForm.case`); the main window then stores and
assesses it through ``desk.services`` (:mod:`desk.ui.app_actions`).

Editing keeps the document's shape: a key the stored case spelled out is written again
even when it holds the default, and a default the stored case left out stays left out,
so opening a case and pressing OK changes nothing (:func:`prune`). Facts the form has
no field for (``cleared_hits``, facts a claim's basis does not use) are carried over.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import MISSING, fields
from typing import Any

from PySide6.QtCore import QDate, QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk.domain import case as d
from desk.domain.countries import COUNTRY_JA, COUNTRY_NAMES
from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, _, pick
from desk.reports.labels import AFFILIATION_KINDS, CHANNELS, CLASSIFICATIONS, EXEMPTIONS

Pair = tuple[str, str]

KIND_LABELS: dict[str, Pair] = {
    "person": ("個人", "person"),
    "organization": ("組織", "organization"),
}
LOCATION_LABELS: dict[str, Pair] = {"japan": ("日本国内", "in Japan"), "abroad": ("外国", "abroad")}
OFFICIAL_LABELS: dict[str, Pair] = {
    "foreign_official": ("外国政府等の公務", "foreign official on duty"),
    "diplomatic_consular": ("外交官・領事官", "diplomatic or consular"),
    "japanese_mission": ("在外公館の職員", "staff of a Japanese mission"),
}
EMPLOYMENT_LABELS: dict[str, Pair] = {
    "full_time": ("常勤", "full time"),
    "part_time": ("非常勤", "part time"),
    "research_assistant": ("RA（リサーチ・アシスタント）", "research assistant"),
    "teaching_assistant": ("TA（ティーチング・アシスタント）", "teaching assistant"),
}
PURPOSE_LABELS: dict[str, Pair] = {
    "work": ("就労", "work"),
    "study": ("留学", "study"),
    "other": ("その他", "other"),
}
TIE_LABELS: dict[str, Pair] = {
    "employment": ("雇用", "employment"),
    "mandate": ("委任", "mandate"),
    "appointment": ("任命", "appointment"),
    "contract_other": ("その他の契約（請負等）", "other contract"),
    "funding": ("資金・便益の提供", "funding"),
    "instruction": ("指示・依頼", "instruction"),
}
COUNTERPARTY_LABELS: dict[str, Pair] = {
    "foreign_government": ("外国政府等", "foreign government"),
    "foreign_entity": ("外国法人等", "foreign entity"),
    "foreign_group_company": ("外国の関係会社", "foreign group company"),
    "japanese_entity": ("日本の法人等", "Japanese entity"),
}
PAID_TO_LABELS: dict[str, Pair] = {
    "person": ("本人", "the person"),
    "institution": ("機関", "institution"),
}
TIMING_LABELS: dict[str, Pair] = {
    "current": ("現在（約束を含む）", "current"),
    "before_employment": ("雇用前", "before employment"),
}
AUDIENCE_LABELS: dict[str, Pair] = {"open": ("公開", "open"), "restricted": ("限定", "restricted")}
END_USE_LABELS: dict[str, Pair] = {
    "wmd": ("大量破壊兵器等", "weapons of mass destruction"),
    "conventional": ("通常兵器", "conventional weapons"),
}
PLACE_LABELS = LOCATION_LABELS
NONE = "—"

COUNTRY_CODES = sorted(COUNTRY_NAMES)


def label(table: Mapping[str, Pair], code: str) -> str:
    return pick(*table[code]) if code in table else code


def suggest_id(existing: Iterable[str], today: dt.date) -> str:
    """The next free ``EC-YYYY-NNNN`` id of ``today``'s year."""
    prefix = f"EC-{today.year}-"
    taken = {r for r in existing}
    numbers = [int(r[len(prefix) :]) for r in taken if re.fullmatch(rf"{prefix}\d+", r)]
    n = max(numbers, default=0) + 1
    while f"{prefix}{n:04d}" in taken:
        n += 1
    return f"{prefix}{n:04d}"


# --------------------------------------------------------------------------- the document


def _json_default(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value


def prune(
    obj: Mapping[str, Any],
    cls: type,
    origin: Mapping[str, Any] | None,
    keep: Iterable[str] = (),
) -> dict[str, Any]:
    """``obj`` without keys holding their default, unless the ``origin`` document spelled
    them out (or they are in ``keep``, keys the loader requires although they have one)."""
    spelled = set(origin or ()) | set(keep)
    defaults = {f.name: f for f in fields(cls)}
    out: dict[str, Any] = {}
    for key, value in obj.items():
        f = defaults[key]
        required = f.default is MISSING and f.default_factory is MISSING
        if required or key in spelled or value != _json_default(f.default):
            out[key] = value
    return out


def _number_or_text(text: str) -> Any:
    """A number typed in a field; text that is not one is passed on for the loader to name."""
    text = text.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _opt(text: str) -> str | None:
    return text.strip() or None


# --------------------------------------------------------------------------- widgets


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def _date_edit(parent: QWidget, name: str, day: dt.date) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(_qdate(day))
    return edit


class OptionalDate(QWidget):
    """A date, or none: a date field and a checkbox ("not known", "same as the as-of date")."""

    def __init__(self, name: str, none_text: str, default: dt.date, parent: QWidget):
        super().__init__(parent)
        self.setObjectName(name)
        self.edit = _date_edit(self, "date", default)
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
        return None if self.none.isChecked() else _pydate(self.edit.date())

    def set_value(self, day: dt.date | None) -> None:
        if day is not None:
            self.edit.setDate(_qdate(day))
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


def _country(edit: QLineEdit) -> str | None:
    return _opt(edit.text().upper())


def _codes(edit: QLineEdit) -> list[str]:
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
            else:
                self.table.setItem(r, c, QTableWidgetItem(_text(values.get(key))))
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
        return item.text() if item else ""

    def set_cell(self, r: int, key: str, value: Any) -> None:
        c = self.keys.index(key)
        kind = self.columns[c][2]
        if kind == "combo":
            set_combo(self.table.cellWidget(r, c), value)
        elif kind == "check":
            state = Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            self.table.item(r, c).setCheckState(state)
        else:
            self.table.item(r, c).setText(_text(value))

    def combo_at(self, r: int, key: str) -> QComboBox:
        return self.table.cellWidget(r, self.keys.index(key))

    def rows(self) -> int:
        return self.table.rowCount()

    def focus_cell(self, r: int, key: str | None) -> None:
        c = self.keys.index(key) if key in self.keys else 0
        if 0 <= r < self.rows():
            self.table.setCurrentCell(r, c)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)


EXEMPTION_COLUMNS: tuple[tuple[str, str, str, Any], ...] = (
    ("basis", N_("Basis"), "combo", (EXEMPTIONS, False)),
    ("evidence", N_("Evidence"), "text", None),
    ("covers_all_content", N_("Covers all content"), "check", None),
    ("audience", N_("Audience"), "combo", (AUDIENCE_LABELS, True)),
    ("aims_at_natural_principles", N_("Aims at natural principles"), "check", None),
    ("aims_at_specific_product", N_("Aims at a specific product"), "check", None),
    ("includes_use_technology", N_("Includes use technology"), "check", None),
    ("minimum_necessary", N_("Minimum necessary"), "check", None),
    ("goods_export_cleared", N_("Goods export cleared"), "check", None),
    ("sold_to_public", N_("Sold to the public"), "check", None),
    ("not_custom_made", N_("Not custom made"), "check", None),
    ("note", N_("Note"), "text", None),
)
AFFILIATION_COLUMNS: tuple[tuple[str, str, str, Any], ...] = (
    ("name", N_("Name"), "text", None),
    ("country", N_("Country"), "text", None),
    ("kind", N_("Kind"), "combo", (AFFILIATION_KINDS, True)),
)
TIE_COLUMNS: tuple[tuple[str, str, str, Any], ...] = (
    ("type", N_("Type"), "combo", (TIE_LABELS, False)),
    ("counterparty", N_("Counterparty"), "text", None),
    ("counterparty_kind", N_("Counterparty kind"), "combo", (COUNTERPARTY_LABELS, False)),
    ("country", N_("Country"), "text", None),
    ("follows_directions", N_("Follows directions"), "check", None),
    ("priority_agreement", N_("Priority agreement"), "check", None),
    ("paid_to", N_("Paid to"), "combo", (PAID_TO_LABELS, True)),
    ("share_of_income", N_("Share of income (0–1)"), "text", None),
    ("timing", N_("Timing"), "combo", (TIMING_LABELS, False)),
    ("repayment_waived", N_("Repayment waived"), "check", None),
)
# the facts each basis uses, besides evidence and note (EXEMPTION_FACTS, plus the optional one)
BASIS_FACTS: dict[str, tuple[str, ...]] = {
    basis: tuple(f for f in facts if f != "evidence")
    + (("includes_use_technology",) if basis == "fundamental_research" else ())
    for basis, facts in d.EXEMPTION_FACTS.items()
}
FACT_KEYS = tuple(
    k for k, _h, _kind, _c in EXEMPTION_COLUMNS if k not in ("basis", "evidence", "note")
)


def _page(parent: QWidget) -> tuple[QScrollArea, QFormLayout]:
    scroll = QScrollArea(parent)
    scroll.setWidgetResizable(True)
    # parented from the start: the C++ side owns it (a parentless QWidget() would be
    # Python's, and the garbage collector could delete it a second time)
    inner = QWidget(scroll)
    form = QFormLayout(inner)
    scroll.setWidget(inner)
    return scroll, form


# --------------------------------------------------------------------------- the dialog


class CaseForm(QDialog):
    """Enter a new case, or edit ``case`` (then its id cannot change)."""

    def __init__(
        self,
        *,
        today: dt.date,
        existing: Iterable[str] = (),
        case: d.Case | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("caseForm")
        self.today = today
        self.existing = set(existing)
        self.editing = case is not None
        self.origin: dict[str, Any] = (
            d.case_to_dict(case, include_expected=False) if case is not None else {}
        )
        self._case: d.Case | None = None
        # stores a valid case (off the UI thread), then calls saved() or save_failed();
        # None: OK just accepts the dialog
        self.save: Callable[[d.Case], None] | None = None
        self._fields: dict[str, QWidget] = {}  # key path → the widget that holds it
        self.setWindowTitle(
            _("Edit case {ref}").format(ref=case.id) if case is not None else _("New case")
        )
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self._build_case_tab()
        self._build_technology_tab()
        self._build_recipient_tab()
        self._build_provision_tab()
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(860, 640)
        if case is None:
            self.id_edit.setText(suggest_id(self.existing, today))
            self.as_of.set_value(today)
            set_combo(self.classification, "undetermined")  # until someone classifies it
        else:
            self.fill(self.origin)
        self._update()

    def _register(self, path: str, widget: QWidget) -> QWidget:
        self._fields[path] = widget
        return widget

    # --- tabs ------------------------------------------------------------------------
    def _build_case_tab(self) -> None:
        page, form = _page(self)
        self.id_edit = QLineEdit(page)
        self.id_edit.setObjectName("caseId")
        self.id_edit.setReadOnly(self.editing)
        self.title_edit = QLineEdit(page)
        self.title_edit.setObjectName("caseTitle")
        self.as_of = OptionalDate("asOf", _("not set (the day it is assessed)"), self.today, page)
        self.notes = QPlainTextEdit(page)
        self.notes.setObjectName("notes")
        self.notes.setMaximumHeight(120)
        form.addRow(_("Case id"), self._register("id", self.id_edit))
        form.addRow(_("Title"), self._register("title", self.title_edit))
        form.addRow(_("As of"), self._register("as_of", self.as_of))
        form.addRow(_("Notes"), self._register("notes", self.notes))
        self.tabs.addTab(page, _("Case"))

    def _build_technology_tab(self) -> None:
        page, form = _page(self)
        self.tech_title = QLineEdit(page)
        self.tech_title.setObjectName("techTitle")
        self.classification = combo(page, "classification", CLASSIFICATIONS)
        self.item = combo(page, "item", d.LISTED_ITEMS, none=True)
        self.sub_item = QLineEdit(page)
        self.sub_item.setObjectName("subItem")
        self.sub_item.setPlaceholderText(_("sub-item, e.g. (1)"))
        item_row = QWidget(page)
        item_layout = QHBoxLayout(item_row)
        item_layout.setContentsMargins(0, 0, 0, 0)
        item_layout.addWidget(self.item)
        item_layout.addWidget(self.sub_item, 1)
        self.item_16_1 = QCheckBox(_("relates to the specific item 16(1) goods"), page)
        self.item_16_1.setObjectName("item16_1")
        self.concerns = Checks("concernRelevance", d.CONCERNS, str, page)
        self.exemptions = RowTable("exemptions", EXEMPTION_COLUMNS, page)
        self.exemptions.row_added = self._exemption_added
        form.addRow(_("Title"), self._register("technology.title", self.tech_title))
        form.addRow(
            _("Classification"), self._register("technology.classification", self.classification)
        )
        form.addRow(_("Item"), self._register("technology.item", item_row))
        self._fields["technology.item"] = self.item
        form.addRow(
            _("Item 16(1)"), self._register("technology.specific_item_16_1", self.item_16_1)
        )
        form.addRow(
            _("Concern relevance"), self._register("technology.concern_relevance", self.concerns)
        )
        form.addRow(_("Exemption claims"), self._register("technology.exemptions", self.exemptions))
        self.classification.currentIndexChanged.connect(self._update)
        self.tabs.addTab(page, _("Technology"))

    def _exemption_added(self, r: int) -> None:
        box = self.exemptions.combo_at(r, "basis")
        box.currentIndexChanged.connect(self._update_exemptions)
        self._update_exemptions()

    def _update_exemptions(self, *_args: Any) -> None:
        t = self.exemptions
        for r in range(t.rows()):
            facts = BASIS_FACTS.get(t.cell(r, "basis"), ())
            for key in FACT_KEYS:
                c = t.keys.index(key)
                if key == "audience":
                    t.table.cellWidget(r, c).setEnabled(key in facts)
                    continue
                item = t.table.item(r, c)
                flags = Qt.ItemFlag.ItemIsUserCheckable
                if key in facts:
                    flags |= Qt.ItemFlag.ItemIsEnabled
                item.setFlags(flags)

    def _build_recipient_tab(self) -> None:
        page, form = _page(self)
        self.kind = combo(page, "kind", KIND_LABELS)
        self.name = QLineEdit(page)
        self.name.setObjectName("name")
        self.name.setPlaceholderText(_("as written, any script"))
        self.name_latin = QLineEdit(page)
        self.name_latin.setObjectName("nameLatin")
        self.nationalities = country_edit(page, "nationalities", many=True)
        self.country = country_edit(page, "country")
        self.location = combo(page, "location", LOCATION_LABELS)
        self.official = combo(page, "officialStatus", OFFICIAL_LABELS, none=True)
        self.entered = OptionalDate("enteredJapanOn", _("not known"), self.today, page)
        for path, label_text, widget in (
            ("recipient.kind", _("Kind"), self.kind),
            ("recipient.name", _("Name"), self.name),
            ("recipient.name_latin", _("Name (Latin script)"), self.name_latin),
            ("recipient.nationalities", _("Nationalities"), self.nationalities),
            ("recipient.country", _("Country"), self.country),
            ("recipient.location", _("Lives"), self.location),
            ("recipient.official_status", _("Official status"), self.official),
            ("recipient.entered_japan_on", _("Entered Japan on"), self.entered),
        ):
            form.addRow(label_text, self._register(path, widget))

        self.employment = QGroupBox(_("Employment in Japan"), page)
        self.employment.setObjectName("employment")
        self.employment.setCheckable(True)
        self.employment.setChecked(False)
        emp = QFormLayout(self.employment)
        self.employer = QLineEdit(self.employment)
        self.employer.setObjectName("employer")
        self.employment_form = combo(self.employment, "employmentForm", EMPLOYMENT_LABELS)
        self.employed_since = _date_edit(self.employment, "employedSince", self.today)
        self.employed_until = OptionalDate("employedUntil", _("open-ended"), self.today, page)
        p = "recipient.employment_in_japan"
        emp.addRow(_("Employer"), self._register(f"{p}.employer", self.employer))
        emp.addRow(_("Form"), self._register(f"{p}.form", self.employment_form))
        emp.addRow(_("Since"), self._register(f"{p}.since", self.employed_since))
        emp.addRow(_("Until"), self._register(f"{p}.until", self.employed_until))
        form.addRow(self._register(p, self.employment))

        self.departure = QGroupBox(_("Japanese national: departure from Japan"), page)
        self.departure.setObjectName("departure")
        dep = QFormLayout(self.departure)
        self.left_japan = OptionalDate("leftJapanOn", _("not known"), self.today, page)
        self.abroad_purpose = combo(self.departure, "abroadPurpose", PURPOSE_LABELS, none=True)
        self.stay_years = QLineEdit(self.departure)
        self.stay_years.setObjectName("intendedStayYears")
        self.returned = OptionalDate("returnedOn", _("not back"), self.today, page)
        for path, label_text, widget in (
            ("recipient.left_japan_on", _("Left Japan on"), self.left_japan),
            ("recipient.abroad_purpose", _("Purpose abroad"), self.abroad_purpose),
            ("recipient.intended_stay_years", _("Intended stay (years)"), self.stay_years),
            ("recipient.returned_on", _("Returned on"), self.returned),
        ):
            dep.addRow(label_text, self._register(path, widget))
        form.addRow(self.departure)

        self.affiliations = RowTable("affiliations", AFFILIATION_COLUMNS, page)
        self.ties = RowTable("ties", TIE_COLUMNS, page)
        form.addRow(_("Affiliations"), self._register("recipient.affiliations", self.affiliations))
        form.addRow(_("Ties"), self._register("recipient.ties", self.ties))

        self.declaration = QGroupBox(_("Specific-category declaration on file"), page)
        self.declaration.setObjectName("declaration")
        self.declaration.setCheckable(True)
        self.declaration.setChecked(False)
        self.declaration.setToolTip(_("Unchecked: no declaration on file"))
        dec = QFormLayout(self.declaration)
        self.declared_on = _date_edit(self.declaration, "declaredOn", self.today)
        self.declared_types = Checks(
            "declaredTypes",
            (1, 2, 3),
            lambda t: _("type {n}").format(n=t),
            self.declaration,
        )
        p = "recipient.declaration"
        dec.addRow(_("Declared on"), self._register(f"{p}.declared_on", self.declared_on))
        dec.addRow(_("Types declared"), self._register(f"{p}.types", self.declared_types))
        form.addRow(self._register(p, self.declaration))

        self.kind.currentIndexChanged.connect(self._update)
        self.nationalities.textChanged.connect(self._update)
        self.tabs.addTab(page, _("Recipient"))

    def _build_provision_tab(self) -> None:
        page, form = _page(self)
        self.place = combo(page, "place", PLACE_LABELS)
        self.prov_country = country_edit(page, "provisionCountry")
        self.channels = Checks("channels", d.CHANNELS, lambda c: label(CHANNELS, c), page)
        self.prov_date = OptionalDate(
            "provisionDate", _("same as the as-of date"), self.today, page
        )
        self.re_provision = QCheckBox(_("it is clear the recipient will pass it on"), page)
        self.re_provision.setObjectName("reProvision")
        self.re_country = country_edit(page, "reProvisionCountry")
        self.end_use = combo(page, "knownEndUse", END_USE_LABELS, none=True)
        self.end_user = Checks("knownEndUser", d.CONCERNS, str, page)
        self.inform = combo(page, "inform", END_USE_LABELS, none=True)
        self.clear_finding = QGroupBox(_("'Clearly absent' check done"), page)
        self.clear_finding.setObjectName("clearFinding")
        self.clear_finding.setCheckable(True)
        self.clear_finding.setChecked(False)
        cf = QFormLayout(self.clear_finding)
        self.cf_documented = QCheckBox(_("documented"), self.clear_finding)
        self.cf_documented.setObjectName("documented")
        self.cf_rationale = QLineEdit(self.clear_finding)
        self.cf_rationale.setObjectName("rationale")
        p = "provision"
        for path, label_text, widget in (
            (f"{p}.place", _("Place"), self.place),
            (f"{p}.country", _("Country"), self.prov_country),
            (f"{p}.channels", _("Channels"), self.channels),
            (f"{p}.date", _("Date"), self.prov_date),
            (f"{p}.re_provision_evident", _("Re-provision"), self.re_provision),
            (f"{p}.re_provision_country", _("Re-provision country"), self.re_country),
            (f"{p}.known_end_use", _("Known end use"), self.end_use),
            (f"{p}.known_end_user", _("Known end user"), self.end_user),
            (f"{p}.inform", _("Inform notice"), self.inform),
        ):
            form.addRow(label_text, self._register(path, widget))
        cf.addRow(self._register(f"{p}.clear_finding.documented", self.cf_documented))
        cf.addRow(_("Rationale"), self._register(f"{p}.clear_finding.rationale", self.cf_rationale))
        form.addRow(self._register(f"{p}.clear_finding", self.clear_finding))
        self.place.currentIndexChanged.connect(self._update)
        self.re_provision.toggled.connect(self._update)
        self.tabs.addTab(page, _("Provision"))

    def _update(self) -> None:
        self.item.setEnabled(self.classification.currentData() == "listed")
        self.sub_item.setEnabled(self.item.isEnabled())
        self.departure.setVisible("JP" in _codes(self.nationalities))
        self.prov_country.setEnabled(self.place.currentData() == "abroad")
        self.re_country.setEnabled(self.re_provision.isChecked())

    # --- filling from a stored case --------------------------------------------------
    def fill(self, doc: Mapping[str, Any]) -> None:
        self.id_edit.setText(doc["id"])
        self.title_edit.setText(doc.get("title") or "")
        self.as_of.set_value(_date(doc.get("as_of")))
        self.notes.setPlainText(doc.get("notes") or "")
        t = doc["technology"]
        self.tech_title.setText(t.get("title") or "")
        set_combo(self.classification, t["classification"])
        item = t.get("item")
        if t["classification"] == "listed" and item:
            number, _sep, sub = item.partition(":")
            set_combo(self.item, number.strip())
            self.sub_item.setText(sub)
        self.item_16_1.setChecked(bool(t.get("specific_item_16_1")))
        self.concerns.set_value(t.get("concern_relevance", ()))
        for claim in t.get("exemptions", ()):
            self.exemptions.add_row(claim, origin=claim)
        r = doc["recipient"]
        set_combo(self.kind, r.get("kind", "person"))
        self.name.setText(r["name"])
        self.name_latin.setText(r.get("name_latin") or "")
        self.nationalities.setText(", ".join(r.get("nationalities", ())))
        self.country.setText(r.get("country") or "")
        recipient = d.parse_recipient(r, "recipient")
        set_combo(self.location, recipient.effective_location)
        set_combo(self.official, r.get("official_status"))
        self.entered.set_value(_date(r.get("entered_japan_on")))
        emp = r.get("employment_in_japan")
        self.employment.setChecked(emp is not None)
        if emp is not None:
            self.employer.setText(emp.get("employer") or "")
            set_combo(self.employment_form, emp["form"])
            self.employed_since.setDate(_qdate(dt.date.fromisoformat(emp["since"])))
            self.employed_until.set_value(_date(emp.get("until")))
        self.left_japan.set_value(_date(r.get("left_japan_on")))
        set_combo(self.abroad_purpose, r.get("abroad_purpose"))
        self.stay_years.setText(_text(r.get("intended_stay_years")))
        self.returned.set_value(_date(r.get("returned_on")))
        for aff in r.get("affiliations", ()):
            self.affiliations.add_row(aff, origin=aff)
        for tie in r.get("ties", ()):
            self.ties.add_row(tie, origin=tie)
        dec = r.get("declaration")
        self.declaration.setChecked(dec is not None)
        if dec is not None:
            self.declared_on.setDate(_qdate(dt.date.fromisoformat(dec["declared_on"])))
            self.declared_types.set_value(dec.get("types", ()))
        p = doc.get("provision", {})
        set_combo(self.place, p.get("place", "japan"))
        self.prov_country.setText(p.get("country") or "")
        self.channels.set_value(p.get("channels", ()))
        self.prov_date.set_value(_date(p.get("date")))
        self.re_provision.setChecked(bool(p.get("re_provision_evident")))
        self.re_country.setText(p.get("re_provision_country") or "")
        set_combo(self.end_use, p.get("known_end_use"))
        self.end_user.set_value(p.get("known_end_user", ()))
        set_combo(self.inform, p.get("inform"))
        cf = p.get("clear_finding")
        self.clear_finding.setChecked(cf is not None)
        if cf is not None:
            self.cf_documented.setChecked(bool(cf.get("documented")))
            self.cf_rationale.setText(cf.get("rationale") or "")

    # --- the document ----------------------------------------------------------------
    def document(self) -> dict[str, Any]:
        """The ``desk-case/1`` document the form holds (not checked yet)."""
        o = self.origin
        body: dict[str, Any] = {
            "id": self.id_edit.text().strip(),
            "title": _opt(self.title_edit.text()),
            "as_of": _iso(self.as_of.value()),
            "technology": self._technology(o.get("technology")),
            "recipient": self._recipient(o.get("recipient")),
            "provision": self._provision(o.get("provision")),
            "notes": _opt(self.notes.toPlainText()),
        }
        doc = prune(body, d.Case, o)
        if "provision" not in o and not doc["provision"]:
            del doc["provision"]
        return {"format": d.FORMAT, **doc}

    def _technology(self, origin: Mapping[str, Any] | None) -> dict[str, Any]:
        classification = self.classification.currentData()
        item: str | None = None
        if classification == "listed":
            number = self.item.currentData()
            sub = self.sub_item.text()
            if number is not None:
                item = f"{number}:{sub}" if sub.strip() else number
        elif origin and origin.get("classification") == classification:
            item = origin.get("item")  # not shown for other classifications: kept
        exemptions = []
        t = self.exemptions
        for r in range(t.rows()):
            basis = t.cell(r, "basis")
            claim_origin = t.origins[r] or {}
            claim: dict[str, Any] = {
                "basis": basis,
                "evidence": _opt(t.cell(r, "evidence")),
                "note": _opt(t.cell(r, "note")),
            }
            for key in FACT_KEYS:
                if key in BASIS_FACTS[basis]:
                    claim[key] = t.cell(r, key)
                elif key in claim_origin and claim_origin.get("basis") == basis:
                    claim[key] = claim_origin[key]  # a fact the form does not show: kept
            required = d.EXEMPTION_FACTS[basis]
            exemptions.append(prune(claim, d.ExemptionClaim, claim_origin, required))
        tech = {
            "title": _opt(self.tech_title.text()),
            "classification": classification,
            "item": item,
            "specific_item_16_1": self.item_16_1.isChecked(),
            "concern_relevance": self.concerns.value(),
            "exemptions": exemptions,
        }
        return prune(tech, d.Technology, origin)

    def _recipient(self, origin: Mapping[str, Any] | None) -> dict[str, Any]:
        origin = origin or {}
        kind = self.kind.currentData()
        country = _country(self.country)
        location = self.location.currentData()
        default_location = "japan" if kind == "person" or country == "JP" else "abroad"
        japanese = "JP" in _codes(self.nationalities)
        employment = None
        if self.employment.isChecked():
            emp_origin = origin.get("employment_in_japan") or {}
            employment = prune(
                {
                    "employer": _opt(self.employer.text()),
                    "since": _iso(_pydate(self.employed_since.date())),
                    "until": _iso(self.employed_until.value()),
                    "form": self.employment_form.currentData(),
                },
                d.Employment,
                emp_origin,
            )
        affiliations = []
        a = self.affiliations
        for r in range(a.rows()):
            aff = {
                "name": a.cell(r, "name").strip(),
                "country": _opt(a.cell(r, "country").upper()),
                "kind": a.cell(r, "kind"),
            }
            affiliations.append(prune(aff, d.Affiliation, a.origins[r]))
        ties = []
        t = self.ties
        for r in range(t.rows()):
            tie_type = t.cell(r, "type")
            tie = {
                "type": tie_type,
                "counterparty": _opt(t.cell(r, "counterparty")),
                "counterparty_kind": t.cell(r, "counterparty_kind"),
                "country": _opt(t.cell(r, "country").upper()),
                "follows_directions": t.cell(r, "follows_directions"),
                "priority_agreement": t.cell(r, "priority_agreement"),
                "paid_to": t.cell(r, "paid_to"),
                "share_of_income": _number_or_text(t.cell(r, "share_of_income")),
                "timing": t.cell(r, "timing"),
                "repayment_waived": t.cell(r, "repayment_waived"),
            }
            keep = ["counterparty_kind"]
            if tie_type in d.CONTRACT_TIE_TYPES:
                keep.append("follows_directions")
            ties.append(prune(tie, d.Tie, t.origins[r], keep))
        declaration = None
        if self.declaration.isChecked():
            declaration = prune(
                {
                    "declared_on": _iso(_pydate(self.declared_on.date())),
                    "types": self.declared_types.value(),
                },
                d.Declaration,
                origin.get("declaration"),
                ("types",),
            )
        rec: dict[str, Any] = {
            "kind": kind,
            "official_status": self.official.currentData(),
            "name": self.name.text().strip(),
            "name_latin": _opt(self.name_latin.text()),
            "nationalities": _codes(self.nationalities),
            "country": country,
            "location": (
                None if location == default_location and "location" not in origin else location
            ),
            "entered_japan_on": _iso(self.entered.value()),
            "employment_in_japan": employment,
            "left_japan_on": _iso(self.left_japan.value()) if japanese else None,
            "abroad_purpose": self.abroad_purpose.currentData() if japanese else None,
            "intended_stay_years": _number_or_text(self.stay_years.text()) if japanese else None,
            "returned_on": _iso(self.returned.value()) if japanese else None,
            "affiliations": affiliations,
            "ties": ties,
            "cleared_hits": list(origin.get("cleared_hits", ())),  # decided in review: kept
            "declaration": declaration,
        }
        return prune(rec, d.Recipient, origin)

    def _provision(self, origin: Mapping[str, Any] | None) -> dict[str, Any]:
        origin = origin or {}
        clear_finding = None
        if self.clear_finding.isChecked():
            clear_finding = prune(
                {
                    "documented": self.cf_documented.isChecked(),
                    "rationale": _opt(self.cf_rationale.text()),
                },
                d.ClearFinding,
                origin.get("clear_finding"),
            )
        abroad = self.place.currentData() == "abroad"
        prov = {
            "place": self.place.currentData(),
            "country": _country(self.prov_country)
            if abroad
            else origin.get("country"),  # JP or null in Japan: kept as stored
            "channels": self.channels.value(),
            "date": _iso(self.prov_date.value()),
            "re_provision_evident": self.re_provision.isChecked(),
            "re_provision_country": _country(self.re_country)
            if self.re_provision.isChecked()
            else origin.get("re_provision_country"),
            "known_end_use": self.end_use.currentData(),
            "known_end_user": self.end_user.value(),
            "inform": self.inform.currentData(),
            "clear_finding": clear_finding,
        }
        return prune(prov, d.Provision, origin)

    # --- OK ----------------------------------------------------------------------------
    def validate(self) -> d.Case | None:
        """The case the form holds, or None after showing what is wrong and where."""
        doc = self.document()
        try:
            if not self.editing and doc.get("id") in self.existing:
                raise InvalidInput(
                    _("the id {id} is already used by a stored case").format(id=doc["id"]),
                    where="id",
                )
            case = d.parse_case(doc)
        except InvalidInput as exc:
            self.show_problem(exc)
            return None
        self.problem.hide()
        return case

    def show_problem(self, exc: InvalidInput) -> None:
        where = exc.where or ""
        self.problem.setText(f"{where}: {exc.detail}" if where else exc.detail)
        self.problem.show()
        self.focus_path(where)

    def focus_path(self, where: str) -> None:
        """Show the tab holding the field at key path ``where`` and focus it."""
        found = re.fullmatch(r"(.+?)\[(\d+)\](?:\.(\w+))?(?:.*)", where)
        if found and isinstance(self._fields.get(found.group(1)), RowTable):
            table = self._fields[found.group(1)]
            assert isinstance(table, RowTable)
            self._show_tab_of(table)
            table.focus_cell(int(found.group(2)), found.group(3))
            return
        path = re.sub(r"\[\d+\]", "", where)
        while path and path not in self._fields:
            path = path.rpartition(".")[0]
        widget = self._fields.get(path)
        if widget is None:
            return
        self._show_tab_of(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_tab_of(self, widget: QWidget) -> None:
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            if page.isAncestorOf(widget):
                self.tabs.setCurrentIndex(i)
                if isinstance(page, QScrollArea):
                    page.ensureWidgetVisible(widget)
                return

    def focused_path(self) -> str | None:
        """The key path of the field that has the focus (for tests and screen readers)."""
        focus = self.focusWidget()
        for path, widget in self._fields.items():
            if focus is not None and (focus is widget or widget.isAncestorOf(focus)):
                return path
        return None

    def _accept_if_valid(self) -> None:
        case = self.validate()
        if case is None:
            return
        self._case = case
        if self.save is None:
            self.accept()
            return
        # stay open while it is stored: a refusal is shown here, with the input kept
        self.buttons.setEnabled(False)
        self.save(case)

    def saved(self) -> None:
        """The case is stored: close."""
        self.accept()

    def save_failed(self, exc: BaseException) -> None:
        """Storing was refused: say why (an invalid entry next to its field) and stay open."""
        self.buttons.setEnabled(True)
        if isinstance(exc, InvalidInput):
            self.show_problem(exc)

    def case(self) -> d.Case:
        """The valid case (after OK)."""
        assert self._case is not None
        return self._case


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
