"""The stored list versions above the Lists registry's entries, with the age warning.

One small table (a handful of versions: a ``QTableWidget`` is fine here) with each
version's list, version, publication date, row count, SHA-256 prefix and whether it is
the one in use, and a warning banner when a list in use was published more than 12
months ago (:func:`desk.services.screening.list_overview`, read off the UI thread).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.domain.i18n import N_, _
from desk.domain.localtime import shown
from desk.ui.operations import OperationRunner

COLUMNS = (
    N_("List"),
    N_("Version"),
    N_("Published"),
    N_("Rows"),
    N_("SHA-256"),
    N_("In use"),
)
MAX_ROWS_SHOWN = 4  # more versions scroll inside the small table
SHA_PREFIX = 12  # characters of the SHA-256 shown (the tooltip has all 64)
WARNING_STYLE = (
    "QLabel { background: #fff3cd; color: #664d03; border: 1px solid #ffe69c; padding: 4px; }"
)


class ListVersionsPanel(QWidget):
    loaded = Signal(object)  # the ListOverview on screen

    def __init__(
        self,
        runner: OperationRunner,
        context_getter: Callable[[], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("listVersions")
        self._runner = runner
        self._ctx = context_getter
        self.overview: Any = None
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.warning = QLabel(self)
        self.warning.setObjectName("listWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.hide()
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("listVersionsTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((120, 100, 110, 70, 130)):
            self.table.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.warning)
        layout.addWidget(self.table)
        self.retranslate()

    def reload(self) -> None:
        ctx = self._ctx()
        if ctx is None:
            return

        def work() -> Any:
            from desk.services.screening import list_overview

            return list_overview(ctx)

        def done(overview: Any) -> None:
            self.overview = overview
            self._show()
            self.loaded.emit(overview)

        self._runner.run(work, success=done, label=_("Loading…"))

    def _show(self) -> None:
        overview = self.overview
        if overview is None:
            return
        if overview.warnings:
            self.warning.setText("⚠ " + "\n".join(overview.warnings))
            self.warning.show()
        else:
            self.warning.hide()
        versions = overview.versions
        self.table.setRowCount(len(versions))
        for row, v in enumerate(versions):
            values = (
                v.source,
                v.version,
                shown(v.published_on) if v.published_on else "—",
                f"{v.row_count:,}",
                v.sha256[:SHA_PREFIX] + "…",
                _("Yes") if v.current else "",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == 4:
                    item.setToolTip(v.sha256)
                self.table.setItem(row, column, item)
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as its rows (up to MAX_ROWS_SHOWN), so the entries below keep the room."""
        shown = max(1, min(self.table.rowCount(), MAX_ROWS_SHOWN))
        height = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(shown))
        if self.table.rowCount() > MAX_ROWS_SHOWN:
            height += self.table.horizontalScrollBar().sizeHint().height()
        self.table.setFixedHeight(height)

    def retranslate(self) -> None:
        self.title.setText(_("Stored list versions"))
        self.table.setAccessibleName(_("Stored list versions"))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        if self.overview is not None:
            self.reload()  # the warning text is in the language of the moment it was made

    def row_texts(self) -> list[tuple[str, ...]]:
        return [
            tuple(
                (self.table.item(r, c).text() if self.table.item(r, c) else "")
                for c in range(self.table.columnCount())
            )
            for r in range(self.table.rowCount())
        ]
