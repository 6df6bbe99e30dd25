"""File → Import roster…: the roster file, the column mapping (recognised from the headers,
each field overridable), a preview of what the import would do (a dry run), progress,
then the import; and Edit → Review doubtful pairs…: the roster's doubtful pairs, accepted
(merged) or rejected (two people).

The dialogs do not call the services: they say what the user asked (``preview_requested``,
``import_requested``, ``decided``) and show what comes back (:meth:`show_result`,
:meth:`show_problem`, :meth:`set_progress`); :mod:`desk.ui.actions.register_menu` runs the
services off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.domain.i18n import N_, _
from desk.ui.dialogs.forms import PathRow

# the roster fields the mapping shows, with their labels
FIELD_LABELS: dict[str, str] = {
    "name": N_("Name"),
    "name_latin": N_("Name in Latin letters"),
    "reading": N_("Reading"),
    "born_on": N_("Date of birth"),
    "nationalities": N_("Nationalities"),
    "affiliation": N_("Affiliation"),
    "role": N_("Role"),
    "department": N_("Department"),
    "roster_id": N_("University number"),
    "email": N_("E-mail"),
    "visa_status": N_("Status of residence"),
    "stay_from": N_("Stay from"),
    "stay_until": N_("Stay until"),
    "host": N_("Host faculty member"),
    "country": N_("Country of residence"),
    "notes": N_("Notes"),
}
ACTION_LABELS = {
    "new": N_("new"),
    "matched": N_("matched"),
    "review": N_("to review"),
    "in_review": N_("already on the review list"),
}


class RosterImportDialog(QDialog):
    preview_requested = Signal()
    import_requested = Signal()

    def __init__(self, ask_file: Callable[[str], str | None], parent: QWidget):
        super().__init__(parent)
        self.setObjectName("rosterImportDialog")
        self.setWindowTitle(_("Import roster"))
        self.file = PathRow("", ask_file, self)
        self.sheet = QLineEdit(self)
        self.sheet.setObjectName("sheet")
        self.sheet.setPlaceholderText(_("the first sheet"))
        form = QFormLayout()
        form.addRow(_("Roster (Excel or CSV)"), self.file)
        form.addRow(_("Sheet"), self.sheet)
        box = QGroupBox(_("Columns (empty: recognised from the headers)"), self)
        mapping = QFormLayout(box)
        self.columns: dict[str, QLineEdit] = {}
        for field, label in FIELD_LABELS.items():
            edit = QLineEdit(box)
            edit.setObjectName(f"column_{field}")
            self.columns[field] = edit
            mapping.addRow(_(label), edit)
        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("previewTable")
        self.table.setHorizontalHeaderLabels(
            [_("Row"), _("Name"), _("What happens"), _("Person"), _("May be"), _("Changes")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.hide()
        self.preview_button = QPushButton(_("Preview"), self)
        self.preview_button.setObjectName("previewButton")
        self.import_button = QPushButton(_("Import"), self)
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(box)
        right = QVBoxLayout()
        right.addWidget(self.table, 1)
        right.addWidget(self.summary)
        top = QHBoxLayout()
        top.addLayout(left)
        top.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.resize(1100, 640)
        self.preview_button.clicked.connect(self._preview)
        self.import_button.clicked.connect(self._import)
        self.file.edit.textChanged.connect(lambda _t: self.import_button.setEnabled(False))
        for edit in self.columns.values():
            edit.textChanged.connect(lambda _t: self.import_button.setEnabled(False))
        self.imported = False

    # --- what the user asked ----------------------------------------------------------
    def path(self) -> str:
        return self.file.text()

    def sheet_name(self) -> str | None:
        return self.sheet.text().strip() or None

    def mapping(self) -> dict[str, str]:
        """The fields the user named a column for (the rest are recognised)."""
        return {f: e.text().strip() for f, e in self.columns.items() if e.text().strip()}

    def _preview(self) -> None:
        if not self.path():
            self.show_problem(_("Choose the roster file."))
            return
        self.problem.hide()
        self.busy(True)
        self.preview_requested.emit()

    def _import(self) -> None:
        self.problem.hide()
        self.busy(True)
        self.import_requested.emit()

    # --- what came back ---------------------------------------------------------------
    def busy(self, on: bool) -> None:
        self.preview_button.setEnabled(not on)
        self.import_button.setEnabled(False)
        self.progress.setVisible(on)
        if on:
            self.progress.setRange(0, 0)

    def set_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def show_problem(self, message: str) -> None:
        self.busy(False)
        self.problem.setText(message)
        self.problem.show()

    def show_result(self, result: Any) -> None:
        """A preview (then Import is offered) or the import's result."""
        self.busy(False)
        for field, header in result.mapping.items():
            if field in self.columns and not self.columns[field].text().strip():
                self.columns[field].blockSignals(True)
                self.columns[field].setPlaceholderText(header)
                self.columns[field].blockSignals(False)
        self.table.setRowCount(len(result.rows))
        for i, r in enumerate(result.rows):
            cells = (
                str(r.row),
                r.name,
                _(ACTION_LABELS[r.action]),
                "" if r.person_id is None or not result.applied else str(r.person_id),
                ", ".join(str(c) for c in r.candidates),
                ", ".join(r.changes),
            )
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        text = _(
            "{created} new, {updated} updated, {unchanged} unchanged, {review} to review, "
            "{orgs} organizations registered."
        ).format(
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            review=result.review,
            orgs=result.organizations_created,
        )
        if result.applied:
            self.imported = True
            self.summary.setText(_("Imported: {summary}").format(summary=text))
        else:
            self.summary.setText(_("Preview (nothing stored yet): {summary}").format(summary=text))
            self.import_button.setEnabled(True)


class RosterReviewDialog(QDialog):
    """The doubtful pairs: the row's person beside the registered one, Accept or Reject."""

    decided = Signal(int, bool)  # review id, accepted

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("rosterReviewDialog")
        self.setWindowTitle(_("Review doubtful pairs"))
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("pairsTable")
        self.table.setHorizontalHeaderLabels(
            [_("Roster row"), _("Registered as"), _("May be"), _("Why"), _("From")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.accept_button = QPushButton(_("Same person: merge"), self)
        self.accept_button.setObjectName("acceptButton")
        self.reject_button = QPushButton(_("Two people"), self)
        self.reject_button.setObjectName("rejectButton")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        self.empty = QLabel(_("No pairs to review."), self)
        self.empty.setObjectName("empty")
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        self.resize(900, 420)
        self.ids: list[int] = []
        self.accept_button.clicked.connect(lambda: self._decide(True))
        self.reject_button.clicked.connect(lambda: self._decide(False))
        self.table.itemSelectionChanged.connect(self._enable)
        self._enable()

    @staticmethod
    def _who(p: Mapping[str, Any] | None) -> str:
        if p is None:
            return "—"
        facts: Sequence[Any] = (
            p.get("name_latin"),
            p.get("born_on"),
            ",".join(p.get("nationalities") or ()),
            "; ".join(p.get("affiliations") or ()),
        )
        extra = ", ".join(str(x) for x in facts if x)
        return f"{p['id']} {p['name']}" + (f" ({extra})" if extra else "")

    def show_items(self, items: Sequence[Any]) -> None:
        self.ids = [i.id for i in items]
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            cells = (
                item.source.rsplit(": ", 1)[-1],
                self._who(item.person),
                self._who(item.candidate),
                "; ".join(item.reasons),
                item.source.rsplit(": ", 1)[0],
            )
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not items)
        if items:
            self.table.selectRow(0)
        self._enable()

    def _enable(self) -> None:
        chosen = bool(self.table.selectionModel().selectedRows())
        self.accept_button.setEnabled(chosen)
        self.reject_button.setEnabled(chosen)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.ids[rows[0].row()] if rows else None

    def _decide(self, accepted: bool) -> None:
        chosen = self.selected_id()
        if chosen is not None:
            self.accept_button.setEnabled(False)
            self.reject_button.setEnabled(False)
            self.decided.emit(chosen, accepted)
