"""Case → Issue record… and File → Annual audit report…: which record or year, in which
language, into which file (the file name follows the choices until a person types one)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget

from desk.domain.i18n import N_, _
from desk.ui.dialogs.forms import FormDialog, PathRow, language_box

RECORD_KINDS: tuple[tuple[str, str], ...] = (
    ("precheck", N_("Pre-check sheet (self-assessment)")),
    ("classification", N_("Classification sheet")),
    ("screening", N_("Transaction screening sheet")),
)


def safe_file_stem(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text).strip("._") or "record"


class IssueRecordDialog(FormDialog):
    """Which record of the selected case, in which language, into which file."""

    def __init__(
        self,
        ref: str,
        folder: Path,
        lang: str,
        ask_file: Callable[[str], str | None],
        parent: QWidget,
    ):
        super().__init__(
            _("Issue record for case {ref}").format(ref=ref), "issueRecordDialog", parent
        )
        self.ref = ref
        self.folder = folder
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        for code, label in RECORD_KINDS:
            self.kind.addItem(_(label), code)
        self.language = language_box(self, lang)
        self.out = PathRow(str(folder / self.default_name()), ask_file, self)
        self.form.addRow(_("Record"), self.kind)
        self.form.addRow(_("Language"), self.language)
        self.form.addRow(_("Save as"), self.out)
        self._suggested = self.out.text()
        self.kind.currentIndexChanged.connect(self._suggest)
        self.language.currentIndexChanged.connect(self._suggest)

    def default_name(self) -> str:
        kind, lang = self.kind.currentData(), self.language.currentData()
        return f"{safe_file_stem(self.ref)}_{kind}_{lang}.pdf"

    def _suggest(self) -> None:
        # follow the choices until a person typed or picked their own file name
        if self.out.text() == self._suggested:
            current = Path(self._suggested).parent if self._suggested else self.folder
            self._suggested = str(current / self.default_name())
            self.out.edit.setText(self._suggested)

    def missing(self) -> str | None:
        return None if self.out.text() else _("Choose the file to write.")


class AuditReportDialog(FormDialog):
    """Fiscal year, language and file of the annual internal-audit report."""

    def __init__(
        self,
        fiscal_year: int,
        folder: Path,
        lang: str,
        ask_file: Callable[[str], str | None],
        parent: QWidget,
    ):
        super().__init__(_("Annual audit report"), "auditReportDialog", parent)
        self.folder = folder
        self.year = QSpinBox(self)
        self.year.setObjectName("fiscalYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(fiscal_year)
        self.year.setToolTip(_("The Japanese fiscal year: April to the following March"))
        self.language = language_box(self, lang)
        self.out = PathRow(str(folder / self.default_name()), ask_file, self)
        self.form.addRow(_("Fiscal year (April–March)"), self.year)
        self.form.addRow(_("Language"), self.language)
        self.form.addRow(_("Save as"), self.out)
        self._suggested = self.out.text()
        self.year.valueChanged.connect(self._suggest)
        self.language.currentIndexChanged.connect(self._suggest)

    def default_name(self) -> str:
        return f"audit-report_FY{self.year.value()}_{self.language.currentData()}.pdf"

    def _suggest(self) -> None:
        if self.out.text() == self._suggested:
            self._suggested = str(Path(self._suggested).parent / self.default_name())
            self.out.edit.setText(self._suggested)

    def missing(self) -> str | None:
        return None if self.out.text() else _("Choose the file to write.")
