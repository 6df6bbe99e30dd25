"""One registry on screen: search box, lazy table, read-only detail pane."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk.domain.i18n import _, ngettext
from desk.services import registers as registries
from desk.ui.list_versions import ListVersionsPanel
from desk.ui.operations import OperationRunner
from desk.ui.table_model import RegistryTableModel, Role

# Typing pauses this long (ms) before the query runs, so each keystroke does not
# start a query of its own.
SEARCH_DEBOUNCE_MS = 250
ROW_HEIGHT = 24


class DetailPane(QWidget):
    """The selected row's labelled fields, read-only (selectable text).

    A record with sections (a case: its current assessment and the reasons) gets a
    second tab for them; the tab bar is hidden otherwise. The tab a person chose stays
    chosen as they move from row to row (the assessment tab is the first choice).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.title = QLabel()
        self.title.setObjectName("detailTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self._form = QFormLayout()
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._fields_page = self._scroll_page(self._form)
        self._sections_box = QVBoxLayout()
        self._sections_page = self._scroll_page(self._sections_box)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("detailTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabBarAutoHide(True)
        self.tabs.addTab(self._fields_page, "")
        self.tabs.currentChanged.connect(self._on_tab)
        self._rebuilding = False
        self.prefer_sections = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        self.sections: list[QGroupBox] = []
        self.detail: registries.Detail | None = None
        self.retranslate()
        self.show_placeholder()

    def _scroll_page(self, content: QFormLayout | QVBoxLayout) -> QScrollArea:
        # parented from the start, so that Qt, not the Python wrapper, owns the pages while
        # they move in and out of the tab widget
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(area)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(0, 4, 4, 4)
        outer.addLayout(content)
        outer.addStretch(1)
        area.setWidget(body)
        area.hide()  # shown by the tab widget once added as a page
        return area

    def _on_tab(self, index: int) -> None:
        if not self._rebuilding and self.tabs.count() > 1:
            self.prefer_sections = index == 1

    def retranslate(self) -> None:
        self.tabs.setTabText(0, _("Details"))

    def show_placeholder(self) -> None:
        self.detail = None
        self._clear()
        self.title.setText(_("Select a row to see its details."))

    def _clear(self) -> None:
        self._rebuilding = True
        while self._form.rowCount():
            self._form.removeRow(0)
        for box in self.sections:
            self._sections_box.removeWidget(box)
            box.deleteLater()
        self.sections = []
        if self.tabs.count() > 1:
            self.tabs.removeTab(1)
        self._rebuilding = False

    @staticmethod
    def _value_label(value: str) -> QLabel:
        text = QLabel(value or "—")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return text

    def show_detail(self, detail: registries.Detail) -> None:
        self.detail = detail
        self._clear()
        self.title.setText(detail.title)
        for label, value in detail.fields:
            self._form.addRow(f"{label}:", self._value_label(value))
        if not detail.sections:
            return
        for section in detail.sections:
            box = QGroupBox(section.title)
            box.setObjectName("detailSection")
            form = QFormLayout(box)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            for label, value in section.fields:
                form.addRow(f"{label}:", self._value_label(value))
            self._sections_box.addWidget(box)
            self.sections.append(box)
        self._rebuilding = True
        self.tabs.addTab(self._sections_page, detail.sections[0].title)
        self.tabs.setCurrentIndex(1 if self.prefer_sections else 0)
        self._rebuilding = False

    def show_sections_tab(self) -> None:
        if self.tabs.count() > 1:
            self.tabs.setCurrentIndex(1)

    def field_texts(self) -> dict[str, str]:
        """Label → shown value (what a person reads in the pane)."""
        return self._form_texts(self._form)

    def section_texts(self) -> dict[str, dict[str, str]]:
        """Section title → (label → shown value), for the groups below the fields."""
        out: dict[str, dict[str, str]] = {}
        for box in self.sections:
            form = box.layout()
            assert isinstance(form, QFormLayout)
            out[box.title()] = self._form_texts(form)
        return out

    @staticmethod
    def _form_texts(form: QFormLayout) -> dict[str, str]:
        out: dict[str, str] = {}
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label and field and label.widget() and field.widget():
                out[label.widget().text().rstrip(":")] = field.widget().text()
        return out


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
    ):
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
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self.apply_search)

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

        self.detail = DetailPane(self)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        # the Lists registry shows its stored versions (and the age warning) above the entries
        self.versions: ListVersionsPanel | None = None
        if registry == "lists":
            self.versions = ListVersionsPanel(runner, context_getter, left)
            left_layout.addWidget(self.versions)
        left_layout.addLayout(top)
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
            self.model.reload()
            if self.versions is not None:
                self.versions.reload()

    def apply_search(self) -> None:
        self._debounce.stop()
        self.model.set_search(self.search.text())

    def refresh(self) -> None:
        self.model.reload()
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
        if self.model.search_text:
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

    def select_row(self, row: int) -> None:
        index: QModelIndex = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search (Ctrl+F)…"))
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
