"""A lazy table model over one registry, filtered and sorted in SQL.

The model holds only the rows fetched so far. It asks the services layer for pages of
:data:`PAGE_SIZE` rows through the operation runner (off the UI thread) and inserts
them when they arrive; the view asks for more through ``canFetchMore``/``fetchMore``
as the user scrolls. Changing the search text or the sort column starts a new query;
answers to superseded queries are dropped (``_generation``).

No proxy model, no ``QStandardItemModel``: at 100,000 rows they cost seconds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desk.domain.i18n import _
from desk.services import registers as registries
from desk.ui.operations import OperationRunner

log = logging.getLogger(__name__)

PAGE_SIZE = 200

_Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    """Custom data roles, beyond Qt's display roles."""

    ROW_ID = Qt.ItemDataRole.UserRole + 1  # database id of the row (int)
    ROW = Qt.ItemDataRole.UserRole + 2  # the whole browse.Row
    COLUMN_KEY = Qt.ItemDataRole.UserRole + 3  # the column's key (str)


_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_ROW_ID = Role.ROW_ID.value
_ROW = Role.ROW.value
_COLUMN_KEY = Role.COLUMN_KEY.value
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class RegistryTableModel(QAbstractTableModel):
    # emitted after each answer arrives: (rows loaded, total matching)
    loaded = Signal(int, int)
    # emitted when a new query starts (search or sort changed)
    query_started = Signal()

    def __init__(
        self,
        registry: str,
        runner: OperationRunner,
        context_getter: Callable[[], Any],
        parent: Any = None,
    ):
        super().__init__(parent)
        self.registry = registry
        self.columns = registries.columns(registry)
        self._runner = runner
        self._ctx = context_getter
        self._rows: list[registries.Row] = []
        self._total = 0
        self._search = ""
        self._include_retired = False
        self._filters: dict[str, str] = {}  # filter key → value (desk.services.registers.filters)
        self._sort_column = 0
        self._descending = False
        self._generation = 0
        self._fetching = False
        self.has_loaded = False

    # --- query state -------------------------------------------------------------
    @property
    def search_text(self) -> str:
        return self._search

    @property
    def total(self) -> int:
        return self._total

    def set_search(self, text: str) -> None:
        text = text.strip()
        if text == self._search and self.has_loaded:
            return
        self._search = text
        self.reload()

    @property
    def include_retired(self) -> bool:
        return self._include_retired

    def set_include_retired(self, on: bool) -> None:
        """Show retired records too (the registers hide them by default)."""
        if on == self._include_retired and self.has_loaded:
            return
        self._include_retired = on
        self.reload()

    @property
    def filters(self) -> dict[str, str]:
        return dict(self._filters)

    def preset(self, search: str, filters: dict[str, str]) -> None:
        """The search and filters the first read uses (a restored query; nothing is read)."""
        self._search = search.strip()
        self._filters = {k: v for k, v in filters.items() if v}

    def set_filters(self, filters: dict[str, str]) -> None:
        chosen = {k: v for k, v in filters.items() if v}
        if chosen == self._filters and self.has_loaded:
            return
        self._filters = chosen
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._sort_column, self._descending) and self.has_loaded:
            return
        self._sort_column, self._descending = column, descending
        self.reload()

    def reload(self) -> None:
        """Start a fresh query (first page + total) for the current search and sort."""
        if self._ctx() is None:
            return  # the database is still opening; the window reloads once it is open
        self._generation += 1
        generation = self._generation
        self._fetching = True
        registry, search, filters = self.registry, self._search, dict(self._filters)
        include_retired = self._include_retired
        sort_key, descending = self.columns[self._sort_column].key, self._descending
        ctx = self._ctx()
        self.query_started.emit()

        def work() -> registries.Page:
            from desk.services import (
                registers as browse,  # the database stack loads off the UI thread
            )

            return browse.browse(
                ctx,
                registry,
                search=search,
                include_retired=include_retired,
                sort=sort_key,
                descending=descending,
                offset=0,
                limit=PAGE_SIZE,
                filters=filters,
            )

        def done(page: registries.Page) -> None:
            if generation != self._generation:
                return  # superseded by a newer search or sort
            self.beginResetModel()
            self._rows = list(page.rows)
            self._total = page.total
            self._fetching = False
            self.has_loaded = True
            self.endResetModel()
            self.loaded.emit(len(self._rows), self._total)

        self._runner.run(work, success=done, failure=self._failure(generation), label=_("Loading…"))

    def _failure(self, generation: int) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._fetching = False
            from desk.ui.errors import show_error

            show_error(exc)

        return failed

    # --- lazy loading ------------------------------------------------------------
    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        return self.has_loaded and not self._fetching and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation = self._generation
        registry, search, offset = self.registry, self._search, len(self._rows)
        include_retired = self._include_retired
        filters = dict(self._filters)
        sort_key, descending = self.columns[self._sort_column].key, self._descending
        ctx = self._ctx()

        def work() -> registries.Page:
            from desk.services import (
                registers as browse,  # the database stack loads off the UI thread
            )

            return browse.browse(
                ctx,
                registry,
                search=search,
                include_retired=include_retired,
                sort=sort_key,
                descending=descending,
                offset=offset,
                limit=PAGE_SIZE,
                with_total=False,
                filters=filters,
            )

        def done(page: registries.Page) -> None:
            if generation != self._generation:
                return
            self._fetching = False
            if not page.rows:
                self._total = len(self._rows)  # the table shrank meanwhile
                return
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
            self.loaded.emit(len(self._rows), self._total)

        self._runner.run(work, success=done, failure=self._failure(generation), label=_("Loading…"))

    # --- Qt model interface ------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        # called for every visible cell on every paint: plain int comparisons, no enums
        if not index.isValid():
            return None
        if role == _DISPLAY:
            return self._rows[index.row()].cells[index.column()]
        row = self._rows[index.row()]
        if role == _TOOLTIP:
            text = row.cells[index.column()]
            return text if len(text) > 40 else None
        if role == _ROW_ID:
            return row.id
        if role == _ROW:
            return row
        if role == _COLUMN_KEY:
            return self.columns[index.column()].key
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(self.columns[section].label)
            if role == Role.COLUMN_KEY:
                return self.columns[section].key
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def row_at(self, row: int) -> registries.Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def retranslate(self) -> None:
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
