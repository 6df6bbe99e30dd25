"""File → Import list version…: the list file, source and date asked for, and the impact
report shown after the import (what the new version changed, and for whom)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desk.domain.i18n import _
from desk.ui.dialogs.forms import FormDialog, PathRow


def date_in_name(path: str) -> dt.date | None:
    found = re.search(r"(\d{4}-\d{2}-\d{2})", Path(path).name)
    if found:
        try:
            return dt.date.fromisoformat(found.group(1))
        except ValueError:
            return None
    return None


class ImportListDialog(FormDialog):
    """A list CSV, its source id and its publication date."""

    def __init__(self, ask_file: Callable[[str], str | None], today: dt.date, parent: QWidget):
        super().__init__(_("Import list version"), "importListDialog", parent)
        self.file = PathRow("", ask_file, self)
        self.source = QLineEdit("jp-eul", self)
        self.source.setObjectName("source")
        self._suggested = "jp-eul"
        self.published = QDateEdit(self)
        self.published.setObjectName("published")
        self.published.setCalendarPopup(True)
        self.published.setDisplayFormat("yyyy-MM-dd")
        self.published.setDate(QDate(today.year, today.month, today.day))
        self.form.addRow(_("List file"), self.file)
        self.form.addRow(_("List source"), self.source)
        self.form.addRow(_("Publication date"), self.published)
        # a date in the file's name (jp-eul-2025-09-29.csv) is the publication date
        self.file.edit.textChanged.connect(self._date_from_name)

    def _date_from_name(self, path: str) -> None:
        # the list's own source for a UN, US or MOF file (desk.screening.adapters), unless
        # the person wrote another one
        from desk.services.screening import suggested_source

        suggested, carried = suggested_source(path) if path else (None, None)
        if suggested and self.source.text().strip() in ("", "jp-eul", self._suggested):
            self.source.setText(suggested)
            self._suggested = suggested
        day = carried or date_in_name(path)
        if day is not None:
            self.published.setDate(QDate(day.year, day.month, day.day))

    def published_on(self) -> dt.date:
        d = self.published.date()
        return dt.date(d.year(), d.month(), d.day())

    def missing(self) -> str | None:
        if not self.file.text():
            return _("Choose the list file.")
        if not self.source.text().strip():
            return _("Give the list's source id (e.g. jp-eul).")
        return None


def impact_text(result: Any) -> str:
    """A list import's outcome in words (the same content as ``desk lists import``)."""
    from desk.services.screening import import_summary

    return "\n".join(import_summary(result))


class ImpactDialog(QDialog):
    """What a new list version changed: hits, and who and what they concern."""

    def __init__(self, result: Any, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("impactReport")
        v = result.version
        self.setWindowTitle(
            _("Impact of {source} {version}").format(source=v.source, version=v.version)
        )
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("impactText")
        self.text.setReadOnly(True)
        self.text.setPlainText(impact_text(result))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(680, 420)
