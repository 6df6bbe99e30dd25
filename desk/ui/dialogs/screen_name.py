"""The "Screen a name…" dialog: a typed name (any script, optional country) against the
lists in use.

The look-up runs as an operation (off the UI thread) through
:func:`desk.services.screening.screen_name`; the dialog shows each hit's band, score, list
entry and the evidence the matcher gives (which listed name matched, and how). Nothing
is stored unless "Record" is pressed: then the screening (query, list versions, hits) is
kept as a screening record whose hits are decided in the "Screening hits" dialog.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.domain.countries import country_label
from desk.domain.errors import DeskError
from desk.domain.i18n import N_, _, ngettext
from desk.services.registers import BAND_LABELS
from desk.ui.errors import show_error
from desk.ui.operations import OperationRunner

COLUMNS = (
    N_("Band"),
    N_("Score"),
    N_("List"),
    N_("No."),
    N_("Listed name"),
    N_("Country"),
    N_("Why it matched"),
)
BAND, SCORE, LIST, ENTRY, NAME, COUNTRY, EVIDENCE = range(len(COLUMNS))
NAME_KINDS = {"name": N_("name"), "local": N_("local name"), "alias": N_("alias")}
# how the matcher compared the names (desk.screening: NameKey.via, the han/acronym keys)
MATCH_KEYS = {
    "latin": N_("Latin letters"),
    "pinyin": N_("pinyin"),
    "kana": N_("kana reading"),
    "hangul": N_("Hangul"),
    "hanja": N_("Hanja"),
    "translit": N_("transliteration"),
    "han": N_("Chinese characters"),
    "acronym": N_("acronym"),
    "initials": N_("initials"),
}


def _key_text(key: str) -> str:
    return "/".join(_(MATCH_KEYS.get(part, part)) for part in key.split("/") if part)


def evidence_text(evidence: dict[str, Any], entry_name: str = "") -> str:
    """The matcher's evidence in words: which listed name matched, compared how."""
    matched = evidence.get("matched_name")
    key = _key_text(str(evidence.get("key", "")))
    if not matched or matched == entry_name:
        text = _("listed name, by {key}").format(key=key)
    else:
        kind = str(evidence.get("name_kind", ""))
        text = _("{kind} “{name}”, by {key}").format(
            kind=_(NAME_KINDS.get(kind, kind)), name=matched, key=key
        )
    if evidence.get("country"):
        text += "; " + _("country {comparison}").format(comparison=evidence["country"])
    return text


class ScreenDialog(QDialog):
    """Type a name, press Enter (or Screen), read the hits."""

    # a look-up finished and its hits are on screen (the NameScreening)
    screened = Signal(object)
    # the screening was stored as a record (the ScreeningRecordInfo)
    recorded = Signal(object)

    def __init__(
        self, runner: OperationRunner, context: Any, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("screenDialog")
        self._runner = runner
        self._ctx = context
        self._generation = 0
        self.result: Any = None

        self.name = QLineEdit(self)
        self.name.setObjectName("screenName")
        self.country = QLineEdit(self)
        self.country.setObjectName("screenCountry")
        self.country.setMaxLength(2)
        self.country.setMaximumWidth(60)
        self.weak = QCheckBox(self)
        self.weak.setObjectName("screenWeak")
        self.screen_button = QPushButton(self)
        self.screen_button.setObjectName("screenButton")
        self.screen_button.setDefault(True)
        self.screen_button.clicked.connect(self.run_screen)
        self.record_button = QPushButton(self)
        self.record_button.setObjectName("screenRecord")
        self.record_button.clicked.connect(self.run_record)
        self.name.returnPressed.connect(self.run_screen)
        self.country.returnPressed.connect(self.run_screen)

        self.summary = QLabel(self)
        self.summary.setObjectName("screenSummary")
        self.summary.setWordWrap(True)
        self.warning = QLabel(self)
        self.warning.setObjectName("screenWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(
            "QLabel { background: #fff3cd; color: #664d03; border: 1px solid #ffe69c;"
            " padding: 4px; }"
        )
        self.warning.hide()

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("screenHits")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((BAND, 80), (SCORE, 60), (LIST, 140), (ENTRY, 50), (NAME, 260)):
            self.table.setColumnWidth(column, width)
        self.table.setColumnWidth(COUNTRY, 150)

        self._name_label = QLabel(self)
        self._country_label = QLabel(self)
        self._name_label.setBuddy(self.name)  # what a screen reader calls the boxes
        self._country_label.setBuddy(self.country)
        form = QFormLayout()
        form.addRow(self._name_label, self.name)
        country_row = QHBoxLayout()
        country_row.addWidget(self.country)
        country_row.addWidget(self.weak)
        country_row.addStretch(1)
        country_row.addWidget(self.screen_button)
        country_row.addWidget(self.record_button)
        form.addRow(self._country_label, country_row)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(1060, 460)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Screen a name"))
        self._name_label.setText(_("Name (any script):"))
        self._country_label.setText(_("Country (optional):"))
        self.name.setPlaceholderText(_("e.g. 哈尔滨工业大学 or Harbin Institute of Technology"))
        self.country.setPlaceholderText(_("e.g. CN"))
        self.weak.setText(_("Show weak similarities"))
        self.screen_button.setText(_("&Screen"))
        self.record_button.setText(_("&Record"))
        self.record_button.setToolTip(
            _("Screen against every active list and keep the screening as a record")
        )
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        if self.result is None:
            self.summary.setText(_("Type a name and press Enter."))
        else:
            self._show(self.result)

    def run_screen(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.summary.setText(_("Type a name and press Enter."))
            return
        country = self.country.text().strip().upper() or None
        include_weak = self.weak.isChecked()
        ctx = self._ctx
        self._generation += 1
        generation = self._generation
        self.summary.setText(_("Screening…"))
        self.screen_button.setEnabled(False)

        def work() -> Any:
            from desk.services.screening import screen_name

            return screen_name(ctx, name, country, include_weak=include_weak)

        def done(result: Any) -> None:
            if generation != self._generation:
                return
            self.screen_button.setEnabled(True)
            self.result = result
            self._show(result)
            self.screened.emit(result)

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self.screen_button.setEnabled(True)
            if isinstance(exc, DeskError):  # bad input (unknown country): say so in place
                self.summary.setText("⚠ " + str(exc))
                return
            self.summary.setText("")
            show_error(exc, self)

        self._runner.run(work, success=done, failure=failed, label=_("Screening…"))

    def run_record(self) -> None:
        """Screen the name against every active list and store the screening record."""
        name = self.name.text().strip()
        if not name:
            self.summary.setText(_("Type a name and press Enter."))
            return
        country = self.country.text().strip().upper() or None
        ctx = self._ctx
        self.record_button.setEnabled(False)

        def work() -> Any:
            from desk.services.screening import record_screening

            return record_screening(ctx, name, country)

        def done(record: Any) -> None:
            self.record_button.setEnabled(True)
            self.summary.setText(
                ngettext(
                    "Recorded as screening record #{id}: {count} hit to decide "
                    "(Edit ▸ Screening hits).",
                    "Recorded as screening record #{id}: {count} hits to decide "
                    "(Edit ▸ Screening hits).",
                    len(record.hits),
                ).format(id=record.id, count=len(record.hits))
            )
            self.recorded.emit(record)

        def failed(exc: BaseException) -> None:
            self.record_button.setEnabled(True)
            if isinstance(exc, DeskError):
                self.summary.setText("⚠ " + str(exc))
                return
            show_error(exc, self)

        self._runner.run(work, success=done, failure=failed, label=_("Screening…"))

    def _show(self, result: Any) -> None:
        screened = result.result
        hits = screened.hits
        lists = ", ".join(f"{lid} {version}" for lid, version in result.lists)
        who = screened.name + (f" ({screened.country})" if screened.country else "")
        if hits:
            self.summary.setText(
                ngettext(
                    "{name}: {count} hit in {lists}.", "{name}: {count} hits in {lists}.", len(hits)
                ).format(name=who, count=len(hits), lists=lists)
            )
        else:
            self.summary.setText(_("{name}: no hits in {lists}.").format(name=who, lists=lists))
        if result.warnings:
            self.warning.setText("⚠ " + "\n".join(result.warnings))
            self.warning.show()
        else:
            self.warning.hide()
        self.table.setRowCount(len(hits))
        for row, h in enumerate(hits):
            band = _(BAND_LABELS.get(h.band, h.band))
            values = (
                band,
                f"{h.score:.2f}",
                f"{h.list_id} {h.list_version}",
                h.entry,
                h.entry_name,
                country_label(h.entry_country),
                evidence_text(h.evidence, h.entry_name),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column in (SCORE, ENTRY):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column in (NAME, COUNTRY, EVIDENCE):
                    item.setToolTip(value)
                self.table.setItem(row, column, item)

    def hit_texts(self) -> list[tuple[str, ...]]:
        """The table as a person reads it, row by row."""
        return [
            tuple(
                (self.table.item(r, c).text() if self.table.item(r, c) else "")
                for c in range(self.table.columnCount())
            )
            for r in range(self.table.rowCount())
        ]
