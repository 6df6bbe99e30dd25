"""One registry on screen: search box, lazy table, read-only detail pane.

The view does not import the other views: the main window hands it the detail pane
(:class:`desk.ui.views.detail.DetailPane`) and, for the Lists registry, the panel above
the table (:class:`desk.ui.views.list_versions.ListVersionsPanel`) as factories that
build them with this view as their parent (parented from the start: a parentless widget
adopted later can be freed twice by the garbage collector, see docs/ui.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QDate, QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.domain.i18n import _, ngettext
from desk.services import registers as registries
from desk.ui.models.registry_table import RegistryTableModel, Role
from desk.ui.operations import OperationRunner

# Typing pauses this long (ms) before the query runs, so each keystroke does not
# start a query of its own.
SEARCH_DEBOUNCE_MS = 250
ROW_HEIGHT = 24


class Detail(Protocol):
    """The pane beside the table (``desk.ui.views.detail.DetailPane``), a QWidget."""

    def show_placeholder(self) -> None: ...

    def show_detail(self, detail: registries.Detail) -> None: ...

    def retranslate(self) -> None: ...


class Header(Protocol):
    """A panel above the search box (``desk.ui.views.list_versions.ListVersionsPanel``),
    a QWidget, read again with the table."""

    def reload(self) -> None: ...

    def retranslate(self) -> None: ...


NO_DATE = QDate(2000, 1, 1)  # a date box at its minimum shows "—": no limit


class FilterBar(QWidget):
    """The queues and filters a registry offers (``desk.services.registers.filters``):
    a combo box per choice (the first entry: all), the departments once read, and date
    boxes each right beside its label. ``changed`` carries key → value ("" = any)."""

    changed = Signal(dict)
    PER_ROW = 4

    def __init__(self, registry: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.specs = registries.filters(registry)
        self.boxes: dict[str, QComboBox | QDateEdit] = {}
        self.labels: dict[str, QLabel] = {}
        # up to PER_ROW label+box pairs a row: the bar never widens the window (1366×768)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(10)
        for n, spec in enumerate(self.specs):
            label = QLabel(self)
            box: QComboBox | QDateEdit
            if spec.kind == "date":
                box = QDateEdit(self)
                box.setCalendarPopup(True)
                box.setDisplayFormat("yyyy-MM-dd")
                box.setMinimumDate(NO_DATE)
                box.setSpecialValueText("—")
                box.setDate(NO_DATE)
                box.dateChanged.connect(self._emit)
            else:
                box = QComboBox(self)
                # as narrow as 8 characters when space is short; the open list is wider
                box.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                )
                box.setMinimumContentsLength(8)
                box.currentIndexChanged.connect(self._emit)
            box.setObjectName(f"filter_{spec.key}")
            label.setBuddy(box)
            self.boxes[spec.key] = box
            self.labels[spec.key] = label
            pair = QHBoxLayout()  # the label right beside its box
            pair.setSpacing(4)
            pair.addWidget(label)
            pair.addWidget(box, 1)
            layout.addLayout(pair, n // self.PER_ROW, n % self.PER_ROW)
        self._departments: tuple[tuple[int, str], ...] = ()
        self._pending: dict[str, str] = {}  # restored choices not offered yet (departments)
        self.retranslate()

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, box in self.boxes.items():
            if isinstance(box, QDateEdit):
                out[key] = "" if box.date() == NO_DATE else box.date().toString("yyyy-MM-dd")
            else:
                out[key] = str(box.currentData() or "")
        return out

    def set_value(self, key: str, value: str) -> None:
        box = self.boxes[key]
        if isinstance(box, QDateEdit):
            box.setDate(QDate.fromString(value, "yyyy-MM-dd") if value else NO_DATE)
        else:
            box.setCurrentIndex(max(0, box.findData(value)))

    def restore(self, values: dict[str, str]) -> None:
        """Choose ``values`` (as :meth:`values` gave them) without announcing a change; a
        department not read yet is chosen once the departments arrive."""
        self._filling = True
        try:
            for key, value in values.items():
                if key not in self.boxes or not value:
                    continue
                box = self.boxes[key]
                if isinstance(box, QComboBox) and box.findData(value) < 0:
                    self._pending[key] = value
                    continue
                self.set_value(key, value)
        finally:
            self._filling = False

    def set_departments(self, departments: tuple[tuple[int, str], ...]) -> None:
        self._departments = tuple(departments)
        self._fill()

    def _emit(self, *_args: object) -> None:
        if not self._filling:
            self.changed.emit(self.values())

    _filling = False

    def _fill(self) -> None:
        self._filling = True
        try:
            for spec in self.specs:
                box = self.boxes[spec.key]
                if isinstance(box, QDateEdit):
                    continue
                current = box.currentData()
                box.clear()
                box.addItem(_("All"), "")
                if spec.kind == "department":
                    for dept_id, name in self._departments:
                        box.addItem(name, str(dept_id))
                else:
                    for value, label in spec.choices:
                        box.addItem(_(label), value)
                pending = self._pending.get(spec.key)
                if pending is not None and box.findData(pending) >= 0:
                    current = self._pending.pop(spec.key)
                box.setCurrentIndex(max(0, box.findData(current)))
        finally:
            self._filling = False

    def retranslate(self) -> None:
        for spec in self.specs:
            self.labels[spec.key].setText(_("{label}:").format(label=_(spec.label)))
            self.boxes[spec.key].setAccessibleName(_(spec.label))
        self._fill()


class RegistryView(QWidget):
    """Search + table + detail for one registry."""

    selection_changed = Signal()
    detail_shown = Signal()

    def __init__(
        self,
        registry: str,
        runner: OperationRunner,
        context_getter: Callable[[], Any],
        parent: QWidget | None = None,
        *,
        detail: Callable[[QWidget], Detail],
        header: Callable[[QWidget], Header] | None = None,
    ):
        """``detail(parent)`` builds the detail pane; ``header(parent)``, if given, a panel
        shown above the search box (the Lists registry's stored versions)."""
        super().__init__(parent)
        self.registry = registry
        self.setObjectName(f"registry_{registry}")
        self._runner = runner
        self._ctx = context_getter
        self._detail_generation = 0

        self.model = RegistryTableModel(registry, runner, context_getter, self)

        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        # the registers hide retired records unless asked (desk.services.registers.queries)
        self.show_retired: QCheckBox | None = None
        if registry in ("people", "organizations", "projects", "technical_items"):
            self.show_retired = QCheckBox(self)
            self.show_retired.setObjectName("showRetired")
            self.show_retired.toggled.connect(self.model.set_include_retired)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self.apply_search)
        self.filter_bar = FilterBar(registry, self)
        self.filter_bar.changed.connect(self.model.set_filters)
        self.filter_bar.setVisible(bool(self.filter_bar.specs))

        self.table = QTableView(self)
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        # fixed row heights: the view never measures rows (ResizeToContents costs
        # tens of seconds at 100,000 rows)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(ROW_HEIGHT)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        hh.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        hh.setSortIndicatorShown(True)
        hh.setSectionsClickable(True)
        hh.sortIndicatorChanged.connect(self.model.sort)
        for i, column in enumerate(self.model.columns):
            self.table.setColumnWidth(i, column.width)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.model.loaded.connect(self._on_loaded)
        self.model.modelReset.connect(self._on_reset)

        self.detail = detail(self)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        if self.show_retired is not None:
            top.addWidget(self.show_retired)
        top.addWidget(self.count_label)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        # the Lists registry shows its stored versions (and the age warning) above the entries
        self.versions: Header | None = None
        if header is not None:
            self.versions = header(left)
            left_layout.addWidget(self.versions)
        left_layout.addLayout(top)
        left_layout.addWidget(self.filter_bar)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([700, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self.retranslate()

    def ensure_loaded(self) -> None:
        if not self.model.has_loaded:
            # the departments first: operations run in order, so none is left in flight
            # once the rows are on screen (the actions are enabled then)
            self._load_departments()
            self.model.reload()
            if self.versions is not None:
                self.versions.reload()

    def _load_departments(self) -> None:
        if not any(f.kind == "department" for f in self.filter_bar.specs) or self._ctx() is None:
            return
        ctx = self._ctx()

        def work() -> tuple[tuple[int, str], ...]:
            from desk.services import registers as browse

            return browse.filter_departments(ctx)

        self._runner.run(work, success=self.filter_bar.set_departments, label=_("Loading…"))

    def apply_search(self) -> None:
        self._debounce.stop()
        self.model.set_search(self.search.text())

    def refresh(self) -> None:
        """Read the table again (F5), keeping the selected row selected."""
        self.reload_keeping_selection()
        if self.versions is not None:
            self.versions.reload()

    def selected_row(self) -> registries.Row | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].data(Role.ROW)
        return row if isinstance(row, registries.Row) else None

    def _on_reset(self) -> None:
        self.detail.show_placeholder()
        self.selection_changed.emit()

    def _on_loaded(self, loaded: int, total: int) -> None:
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.total
        if self.model.search_text or self.model.filters:
            self.count_label.setText(_("{count} matching").format(count=f"{total:,}"))
        else:
            self.count_label.setText(
                ngettext("{count} row", "{count} rows", total).format(count=f"{total:,}")
            )

    def _on_selection(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self.selection_changed.emit()
        row = self.selected_row()
        if row is None:
            self.detail.show_placeholder()
            return
        self.load_detail(row.id)

    def load_detail(self, row_id: int) -> None:
        self._detail_generation += 1
        generation = self._detail_generation
        ctx, registry = self._ctx(), self.registry

        def done(detail: registries.Detail) -> None:
            if generation == self._detail_generation:
                self.detail.show_detail(detail)
                self.detail_shown.emit()

        def work() -> registries.Detail:
            from desk.services import registers as browse

            return browse.detail(ctx, registry, row_id)

        self._runner.run(work, success=done, label=_("Loading…"))

    # --- columns: widths that fit, remembered by the window ---------------------------
    MIN_COLUMN = 72

    def fit_columns(self) -> None:
        """Narrow the starting widths so that every column is on screen (at 1366×768 too):
        the first column (the name or id a person looks for) keeps its width, the others
        give up what they have beyond :data:`MIN_COLUMN`, the widest most; long texts are
        elided (…) and shown whole in their tooltip."""
        available = self.table.viewport().width() - 2
        widths = [c.width for c in self.model.columns]
        excess = sum(widths) - available
        if available > 0 and excess > 0:
            floors = [widths[0]] + [min(w, self.MIN_COLUMN) for w in widths[1:]]
            slack = sum(w - f for w, f in zip(widths, floors, strict=True))
            if slack > 0:
                cut = min(1.0, excess / slack)
                widths = [int(w - (w - f) * cut) for w, f in zip(widths, floors, strict=True)]
        for i, w in enumerate(widths):
            self.table.setColumnWidth(i, w)

    def header_state(self) -> Any:
        return self.table.horizontalHeader().saveState()

    def query_state(self) -> tuple[str, dict[str, str]]:
        """The search and the filters in use (kept across restarts, desk.ui.settings)."""
        return self.model.search_text, self.model.filters

    def restore_query(self, search: str, filters: dict[str, str]) -> None:
        """Search for ``search`` with ``filters`` chosen, before the first page is read."""
        self.search.blockSignals(True)
        self.search.setText(search)
        self.search.blockSignals(False)
        known = {k: v for k, v in filters.items() if k in self.filter_bar.boxes}
        self.filter_bar.restore(known)
        self.model.preset(search, self.filter_bar.values() | known)

    def restore_header(self, state: Any) -> bool:
        """Column widths and order as the person left them (False: none kept)."""
        self._restored = bool(state) and self.table.horizontalHeader().restoreState(state)
        return self._restored

    _restored = False
    _fitted = False

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._restored and not self._fitted:
            self._fitted = True
            QTimer.singleShot(0, self.fit_columns)  # once laid out at the window's size

    def select_row(self, row: int) -> None:
        index: QModelIndex = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search (Ctrl+F)…"))
        if self.show_retired is not None:
            self.show_retired.setText(_("Show retired"))
        self.search.setAccessibleName(_("Search"))
        self.filter_bar.retranslate()
        if self.model.has_loaded:
            self._load_departments()  # their names in the new language
        self.detail.retranslate()
        self.model.retranslate()
        if self.versions is not None:
            self.versions.retranslate()
        if self.model.has_loaded:
            self._update_count()
            # cells hold display text (statuses, kinds, country names): read them again
            # in the new language, keeping the selected row selected
            self.reload_keeping_selection()
            return
        row = self.selected_row()
        if row is not None:
            self.load_detail(row.id)
        else:
            self.detail.show_placeholder()

    def reload_keeping_selection(self) -> None:
        """Read the table again; the row selected before is selected again if it is on
        the first page (which also shows its detail again)."""
        row = self.selected_row()
        if row is None:
            self.model.reload()
            return
        row_id = row.id

        def reselect(_loaded: int, _total: int) -> None:
            self.model.loaded.disconnect(reselect)
            for r in range(self.model.rowCount()):
                if self.model.index(r, 0).data(Role.ROW_ID) == row_id:
                    self.select_row(r)
                    break

        self.model.loaded.connect(reselect)
        self.model.reload()
