"""A small register shown as a table in a dialog: the licence register, the inform notices,
the re-classification queue. Rows are plain data (an id and display cells); the buttons it
offers (New…, Edit…, and any the caller adds) emit :attr:`RecordListDialog.requested` with
the button's key and the selected row's id, and the caller (an action handler) does the
work and calls :meth:`RecordListDialog.set_rows` again.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.domain.i18n import _


class RecordListDialog(QDialog):
    requested = Signal(str, object)  # button key, the selected row's id (or None)

    def __init__(
        self,
        name: str,
        title: str,
        headers: Sequence[str],
        buttons: Sequence[tuple[str, str]] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.resize(880, 420)
        layout = QVBoxLayout(self)
        self.notice = QLabel(self)
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout.addWidget(self.notice)
        self.table = QTableWidget(0, len(headers), self)
        self.table.setObjectName("table")
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, label in buttons:
            button = QPushButton(label, self)
            button.setObjectName(key)
            button.clicked.connect(lambda _checked=False, k=key: self._request(k))
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        self._ids: list[int] = []

    def set_rows(self, rows: Sequence[tuple[int, Sequence[str]]], notice: str = "") -> None:
        selected = self.selected_id()
        self._ids = [row_id for row_id, _cells in rows]
        self.table.setRowCount(len(rows))
        for r, (_row_id, cells) in enumerate(rows):
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        if selected in self._ids:
            self.table.selectRow(self._ids.index(selected))
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        if not rows:
            self.table.setToolTip(_("Nothing here yet."))

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self._ids):
            return None
        return self._ids[rows[0].row()]

    def select_id(self, row_id: int) -> None:
        if row_id in self._ids:
            self.table.selectRow(self._ids.index(row_id))

    def _request(self, key: str) -> None:
        self.requested.emit(key, self.selected_id())
