"""Home (ダッシュボード): the first view, what needs doing today.

Reads :func:`desk.services.registers.home_summary` off the UI thread and shows each
section as a titled list with its count: my work queue (by role), what needs attention
(overdue reviews, re-review dates, expiring licences and declarations), the lists in
use with their age, and the recent imports. Activating an item (double click, or Enter
on the keyboard) asks the window to open its case (:attr:`HomeView.open_case`), its
person (:attr:`HomeView.open_person`, a declaration's) or its registry
(:attr:`HomeView.open_registry`; ``"licences"`` is the licence register). The search
box at the top searches the Cases registry.

The main window treats the view like a registry view where it needs to (``registry``,
``search``, ``selected_row()``, ``refresh()``, ``ensure_loaded()``, ``retranslate()``),
and calls :meth:`HomeView.mark_stale` after any change: shown, it reads the summary
again at once; hidden, when it is shown next.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk.domain.i18n import _
from desk.ui.operations import OperationRunner

ITEM_REF = Qt.ItemDataRole.UserRole + 1
ITEM_REGISTRY = Qt.ItemDataRole.UserRole + 2
ITEM_SEARCH = Qt.ItemDataRole.UserRole + 3
QUEUE_KEYS = ("to_file", "first_review", "second_review", "to_record")
# read again this often while on screen (other people's changes)
AUTO_REFRESH_MS = 60_000


class _SectionList(QListWidget):
    """A section's items; Enter opens the current one (like a double click)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.itemActivated.emit(self.currentItem())
            return
        super().keyPressEvent(event)


class HomeView(QWidget):
    """The dashboard (see the module's docstring)."""

    registry = "home"
    loaded = Signal()  # a summary is on screen
    open_case = Signal(str)  # case ref
    open_registry = Signal(str, str)  # registry key, search text
    open_person = Signal(int, str)  # person id, their name (searched for)
    selection_changed = Signal()  # never emitted: Home has no selected row

    def __init__(
        self,
        runner: OperationRunner,
        context_getter: Callable[[], Any],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("home")
        self._runner = runner
        self._ctx = context_getter
        self._generation = 0
        self._stale = False
        self.has_loaded = False
        self.summary: Any = None
        # the database's (desk.services.records.office_settings), read with the summary: the heading
        self.institution = ""
        self.lists: dict[str, QListWidget] = {}  # section key → its list (tests)
        self.boxes: dict[str, QGroupBox] = {}

        self.heading = QLabel(self)
        self.heading.setObjectName("homeHeading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self._search_cases)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.search, 1)

        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        # parented to the scroll area from the start (docs/ui.md: "A trap met here")
        self._body = QWidget(area)
        self._grid = QGridLayout(self._body)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(0, 1)
        self._grid.setColumnStretch(1, 1)
        area.setWidget(self._body)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(area, 1)

        self._timer = QTimer(self)
        self._timer.setInterval(AUTO_REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.retranslate()

    # --- what the window calls (as on a registry view) ----------------------------
    def selected_row(self) -> None:
        return None

    def ensure_loaded(self) -> None:
        if not self.has_loaded or self._stale:
            self.refresh()

    def mark_stale(self) -> None:
        """Something changed: read again now if on screen, else when next shown."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def refresh(self) -> None:
        ctx = self._ctx()
        if ctx is None:
            return
        self._stale = False
        self._generation += 1
        generation = self._generation

        def work() -> Any:
            from desk.services.registers import home_summary

            return home_summary(ctx)

        def done(summary: Any) -> None:
            if generation == self._generation:
                self.show_summary(summary)

        self._runner.run(work, success=done, label=_("Loading…"))

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search cases (Ctrl+F)…"))
        self.search.setAccessibleName(_("Search cases"))
        self._set_heading()
        if self.has_loaded:
            self.refresh()  # the sections' words come from the services

    # --- showing -----------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._timer.start()
        if self._stale:
            self.refresh()

    def hideEvent(self, event: Any) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def _set_heading(self) -> None:
        s = self.summary
        if s is None:
            self.heading.setText(_("Home"))
            return
        from desk.domain.localtime import shown

        text = _("Today, {date}: what needs doing").format(date=shown(s.today))
        self.heading.setText(f"{self.institution} — {text}" if self.institution else text)

    def show_summary(self, summary: Any) -> None:
        self.summary = summary
        self.institution = getattr(summary, "institution", "") or ""
        self.has_loaded = True
        self._set_heading()
        current = self._current_position()
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.lists, self.boxes = {}, {}
        left = [(s.key, s.title, s.count, s.items) for s in summary.queue]
        if not left:
            left = [("queue", _("My work"), 0, ())]
        right = [(s.key, s.title, s.count, s.items) for s in summary.attention]
        for row, (key, title, count, items) in enumerate(left):
            self._grid.addWidget(self._box(key, title, count, items), row, 0)
        for row, (key, title, count, items) in enumerate(right):
            self._grid.addWidget(self._box(key, title, count, items), row, 1)
        bottom = max(len(left), len(right))
        self._grid.addWidget(self._lists_box(summary), bottom, 0)
        self._grid.addWidget(
            self._box("recent_imports", _("Recent imports"), None, summary.recent_imports),
            bottom,
            1,
        )
        self._grid.setRowStretch(bottom + 1, 1)
        self._restore_position(current)
        self.loaded.emit()

    def _box(self, key: str, title: str, count: int | None, items: Any) -> QGroupBox:
        box = QGroupBox(self._body)
        box.setObjectName(f"home_{key}")
        box.setTitle(
            title
            if count is None
            else _("{title} ({count})").format(title=title, count=f"{count:,}")
        )
        layout = QVBoxLayout(box)
        widget = _SectionList(box)
        widget.setObjectName(f"homeList_{key}")
        widget.setAccessibleName(title)
        widget.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        widget.setTextElideMode(Qt.TextElideMode.ElideRight)
        queue = key in QUEUE_KEYS  # the section's title says why; elsewhere the note leads
        for entry in items:
            item = QListWidgetItem(entry.text if queue else f"{entry.note}  —  {entry.text}")
            item.setToolTip(f"{entry.text}\n{entry.note}")
            item.setData(ITEM_REF, entry.ref)
            item.setData(ITEM_REGISTRY, entry.registry)
            item.setData(ITEM_SEARCH, entry.search)
            widget.addItem(item)
        if count is not None and count > len(items):
            more = QListWidgetItem(_("… and {n} more").format(n=f"{count - len(items):,}"))
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            widget.addItem(more)
        if not items:
            empty = QListWidgetItem(_("Nothing here."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            widget.addItem(empty)
        rows = max(1, widget.count())
        widget.setFixedHeight(min(rows, 9) * (widget.fontMetrics().height() + 6) + 8)
        widget.itemActivated.connect(self._activated)
        layout.addWidget(widget)
        self.lists[key] = widget
        self.boxes[key] = box
        return box

    def _lists_box(self, summary: Any) -> QGroupBox:
        box = QGroupBox(_("Lists in use"), self._body)
        box.setObjectName("home_lists")
        layout = QVBoxLayout(box)
        widget = _SectionList(box)
        widget.setObjectName("homeList_lists")
        widget.setAccessibleName(_("Lists in use"))
        from desk.domain.localtime import shown

        for age in summary.lists:
            if age.published_on is not None:
                text = _("{list} {version}: published {date} ({days} days ago)").format(
                    list=age.list, version=age.version, date=shown(age.published_on), days=age.days
                )
            else:
                text = f"{age.list} {age.version}"
            item = QListWidgetItem(("⚠ " if age.warning else "") + text)
            item.setToolTip(age.warning or text)
            item.setData(ITEM_REF, "")
            item.setData(ITEM_REGISTRY, "lists")
            widget.addItem(item)
        if not summary.lists:
            item = QListWidgetItem(
                _("No list version is stored; the built-in End User List is used.")
            )
            item.setData(ITEM_REF, "")
            item.setData(ITEM_REGISTRY, "lists")
            widget.addItem(item)
        widget.setFixedHeight(
            min(max(1, widget.count()), 4) * (widget.fontMetrics().height() + 6) + 8
        )
        widget.itemActivated.connect(self._activated)
        layout.addWidget(widget)
        self.lists["lists"] = widget
        self.boxes["lists"] = box
        return box

    def _activated(self, item: QListWidgetItem) -> None:
        ref = item.data(ITEM_REF) or ""
        registry = item.data(ITEM_REGISTRY) or ""
        if ref and registry == "cases":
            self.open_case.emit(ref)
        elif ref and registry == "people":
            self.open_person.emit(int(ref), item.data(ITEM_SEARCH) or "")
        elif registry:
            self.open_registry.emit(registry, "")

    def _search_cases(self) -> None:
        self.open_registry.emit("cases", self.search.text().strip())

    # --- the place a person was at, kept across reading again ---------------------
    def _current_position(self) -> tuple[str, int] | None:
        for key, widget in self.lists.items():
            if widget.hasFocus():
                return key, widget.currentRow()
        return None

    def _restore_position(self, position: tuple[str, int] | None) -> None:
        if position is None:
            return
        key, row = position
        widget = self.lists.get(key)
        if widget is not None:
            widget.setCurrentRow(min(row, widget.count() - 1))
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def counts(self) -> dict[str, int]:
        """Section key → count as shown (tests)."""
        if self.summary is None:
            return {}
        return dict(self.summary.counts)
