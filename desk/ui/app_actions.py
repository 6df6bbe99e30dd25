"""What the CLI does, from the app: import, assess, issue records, audit report, export.

:class:`AppActions` holds the handlers of the File and Case menu entries declared in
:mod:`desk.ui.actions`. Each handler asks what it needs (a small dialog; every file or
folder question is one ``ask_*`` method, which tests replace), runs the service as an
operation off the UI thread (:class:`desk.ui.operations.OperationRunner`: busy
indicator after 400 ms), then says what happened and reads the affected registries
again. A :class:`DeskError` (an invalid case file, a list CSV with a bad row) becomes a
message box naming the file and key; the services store nothing in that case.

Services are imported inside the worker functions, as elsewhere in ``desk.ui``, so the
database stack is never imported on the UI thread for its own sake.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk.domain.i18n import N_, _, ngettext, pick
from desk.ui.errors import show_error

if TYPE_CHECKING:
    from desk.ui.main_window import MainWindow

RECORD_KINDS: tuple[tuple[str, str], ...] = (
    ("precheck", N_("Pre-check sheet (self-assessment)")),
    ("classification", N_("Classification sheet")),
    ("screening", N_("Transaction screening sheet")),
)
REPORT_LANGUAGES: tuple[tuple[str, str], ...] = (("ja", N_("Japanese")), ("en", N_("English")))

# which registries show rows of which tables (what to read again after a change)
TABLE_REGISTRIES: dict[str, tuple[str, ...]] = {
    "cases": ("cases",),
    "assessments": ("cases",),
    "issued_records": ("cases",),
    "review_steps": ("cases",),
    "technical_items": ("technical_items", "cases"),
    "people": ("people",),
    "organizations": ("organizations",),
    "projects": ("projects",),
    "lists": ("lists",),
    "list_versions": ("lists",),
    "list_entries": ("lists",),
    "screening_results": ("people", "organizations", "cases"),
}


def fiscal_year_of(day: dt.date) -> int:
    """The Japanese fiscal year (April–March) ``day`` belongs to: 2027-03-31 is FY2026."""
    return day.year if day.month >= 4 else day.year - 1


def registries_for(tables: Iterable[str]) -> list[str]:
    """The registries whose rows the changed ``tables`` appear in (in a stable order)."""
    out: list[str] = []
    for table in sorted(tables):
        for registry in TABLE_REGISTRIES.get(table, ()):
            if registry not in out:
                out.append(registry)
    return out


def safe_file_stem(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text).strip("._") or "record"


def _date_in_name(path: str) -> dt.date | None:
    found = re.search(r"(\d{4}-\d{2}-\d{2})", Path(path).name)
    if found:
        try:
            return dt.date.fromisoformat(found.group(1))
        except ValueError:
            return None
    return None


def _language_box(parent: QWidget, lang: str) -> QComboBox:
    box = QComboBox(parent)
    box.setObjectName("language")
    for code, label in REPORT_LANGUAGES:
        box.addItem(_(label), code)
    box.setCurrentIndex(max(0, box.findData(lang)))
    return box


class _PathRow(QWidget):
    """A file or folder path: a line edit and a "Browse…" button asking ``ask``."""

    def __init__(self, text: str, ask: Callable[[str], str | None], parent: QWidget):
        super().__init__(parent)
        self.edit = QLineEdit(text, self)
        self.edit.setObjectName("path")
        self.browse = QPushButton(_("Browse…"), self)
        self.browse.setObjectName("browse")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.browse)

        def pick() -> None:
            chosen = ask(self.edit.text())
            if chosen:
                self.edit.setText(chosen)

        self.browse.clicked.connect(pick)

    def text(self) -> str:
        return self.edit.text().strip()


class _FormDialog(QDialog):
    def __init__(self, title: str, object_name: str, parent: QWidget):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept_if_complete)
        self.buttons.rejected.connect(self.reject)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def missing(self) -> str | None:
        """What must still be filled in (shown under the form), or None."""
        return None

    def _accept_if_complete(self) -> None:
        problem = self.missing()
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            return
        self.accept()


class ImportListDialog(_FormDialog):
    """A list CSV, its source id and its publication date."""

    def __init__(self, ask_file: Callable[[str], str | None], today: dt.date, parent: QWidget):
        super().__init__(_("Import list version"), "importListDialog", parent)
        self.file = _PathRow("", ask_file, self)
        self.source = QLineEdit("jp-eul", self)
        self.source.setObjectName("source")
        self.published = QDateEdit(self)
        self.published.setObjectName("published")
        self.published.setCalendarPopup(True)
        self.published.setDisplayFormat("yyyy-MM-dd")
        self.published.setDate(QDate(today.year, today.month, today.day))
        self.form.addRow(_("List file (CSV)"), self.file)
        self.form.addRow(_("List source"), self.source)
        self.form.addRow(_("Publication date"), self.published)
        # a date in the file's name (jp-eul-2025-09-29.csv) is the publication date
        self.file.edit.textChanged.connect(self._date_from_name)

    def _date_from_name(self, path: str) -> None:
        day = _date_in_name(path)
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


class IssueRecordDialog(_FormDialog):
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
        self.language = _language_box(self, lang)
        self.out = _PathRow(str(folder / self.default_name()), ask_file, self)
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


class AuditReportDialog(_FormDialog):
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
        self.language = _language_box(self, lang)
        self.out = _PathRow(str(folder / self.default_name()), ask_file, self)
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


class AppActions(QObject):
    """The handlers of the import / assess / issue / audit / export actions."""

    # a dialog of one of these actions is open (the dialog)
    dialog_opened = Signal(object)
    # (action id, what the service returned) once the result is shown
    finished = Signal(str, object)
    # (action id, the exception) after its message box is shown
    failed = Signal(str, object)

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.folder = Path.home()  # where the next file question starts
        self.user_roles: tuple[str, ...] = ()

    # --- questions about paths (one QFileDialog call each; tests replace them) -------
    def ask_case_files(self) -> list[str]:
        paths, _filter = QFileDialog.getOpenFileNames(
            self.window,
            _("Import case files"),
            str(self.folder),
            _("desk case files (*.json)"),
        )
        return list(paths)

    def ask_list_file(self, current: str = "") -> str | None:
        path, _filter = QFileDialog.getOpenFileName(
            self.window,
            _("Import list version"),
            current or str(self.folder),
            _("List files (*.csv)"),
        )
        return path or None

    def ask_record_path(self, suggested: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("Issue record"), suggested, _("PDF files (*.pdf)")
        )
        return path or None

    def ask_audit_path(self, suggested: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("Annual audit report"), suggested, _("PDF files (*.pdf)")
        )
        return path or None

    def ask_export_dir(self) -> str | None:
        path = QFileDialog.getExistingDirectory(
            self.window, _("Export case files"), str(self.folder)
        )
        return path or None

    def open_folder(self, folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # --- state ---------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        """The acting user is an auditor: they may read and report, not change."""
        return "auditor" in self.user_roles

    def load_roles(self) -> None:
        """Read the acting user's roles (off the UI thread), then update the actions."""
        ctx = self.window.context
        if ctx is None:
            return

        def work() -> tuple[str, ...]:
            from desk.services.reviews import list_users

            for user in list_users(ctx):
                if user.login == ctx.actor:
                    return user.roles
            return ()

        def done(roles: tuple[str, ...]) -> None:
            self.user_roles = tuple(roles)
            self.window._update_actions()

        self.window.runner.run(work, success=done, label=_("Loading…"))

    def _lang(self) -> str:
        from desk.domain.i18n import current_language

        return current_language()

    def _today(self) -> dt.date:
        ctx = self.window.context
        return ctx.today() if ctx is not None and hasattr(ctx, "today") else dt.date.today()

    def _selected_case(self) -> tuple[Any, str] | None:
        from desk.services.registers import CaseCol

        view = self.window.current_view()
        row = view.selected_row()
        if view.registry != "cases" or row is None or self.window.context is None:
            return None
        return view, row.cells[CaseCol.REF]

    def _run(
        self,
        action_id: str,
        work: Callable[[], Any],
        label: str,
        done: Callable[[Any], None],
    ) -> None:
        def success(result: Any) -> None:
            done(result)
            self.finished.emit(action_id, result)

        def failure(exc: BaseException) -> None:
            show_error(exc, self.window)
            self.failed.emit(action_id, exc)

        self.window.runner.run(work, success=success, failure=failure, label=label)

    def _tell(self, title: str, text: str, object_name: str = "actionResult") -> QMessageBox:
        box = QMessageBox(self.window)
        box.setObjectName(object_name)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(title)
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()
        return box

    def refresh(self, tables: Iterable[str], *, keep_selection: bool = True) -> None:
        """Read the registries showing ``tables`` again (those already built)."""
        for key in registries_for(tables):
            view = self.window.views.get(key)
            if view is None or not view.model.has_loaded:
                continue  # read fresh when first shown
            if keep_selection:
                view.reload_keeping_selection()
                if view.versions is not None:  # the Lists registry's stored versions
                    view.versions.reload()
            else:
                view.refresh()

    # --- 1. import case files --------------------------------------------------------
    def import_cases(self) -> None:
        ctx = self.window.context
        if ctx is None:
            return
        paths = self.ask_case_files()
        if not paths:
            return
        self.folder = Path(paths[0]).parent

        def work() -> Any:
            from desk.services.cases import import_cases

            return import_cases(ctx, paths)

        def done(result: Any) -> None:
            text = ngettext(
                "Imported {count} case ({new} new, {updated} updated).",
                "Imported {count} cases ({new} new, {updated} updated).",
                len(result.cases),
            ).format(count=len(result.cases), new=len(result.created), updated=len(result.updated))
            self.window.statusBar().showMessage(text, 8000)
            self.refresh(result.changes.tables)
            self._tell(_("Import case files"), text)

        self._run("file.import_cases", work, _("Importing case files…"), done)

    # --- 2. import a list version ----------------------------------------------------
    def import_list(self) -> None:
        if self.window.context is None:
            return
        dialog = ImportListDialog(self.ask_list_file, self._today(), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(
            lambda: self._store_list(
                dialog.file.text(), dialog.source.text(), dialog.published_on()
            )
        )
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _store_list(self, path: str, source: str, published: dt.date) -> None:
        ctx = self.window.context
        self.folder = Path(path).parent

        def work() -> Any:
            from desk.services.screening import import_list

            return import_list(ctx, path, source=source, published=published)

        def done(result: Any) -> None:
            self.refresh(result.changes.tables)
            dialog = ImpactDialog(result, self.window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            dialog.open()
            self.dialog_opened.emit(dialog)

        self._run("file.import_list", work, _("Importing the list and screening again…"), done)

    # --- 3. assess the selected case again -------------------------------------------
    def assess_case(self) -> None:
        selected = self._selected_case()
        if selected is None:
            return
        _view, ref = selected
        ctx = self.window.context

        def work() -> Any:
            from desk.services.cases import assess_cases

            return assess_cases(ctx, [ref])

        def done(run: Any) -> None:
            summary = run.assessments[0]
            self.window.statusBar().showMessage(
                _("Case {ref} assessed again.").format(ref=summary.ref), 8000
            )
            self.refresh(run.changes.tables)

        self._run("case.assess", work, _("Assessing…"), done)

    # --- 4. issue a record for the selected case -------------------------------------
    def issue_record(self) -> None:
        selected = self._selected_case()
        if selected is None:
            return
        _view, ref = selected
        dialog = IssueRecordDialog(
            ref, self.folder, self._lang(), self.ask_record_path, self.window
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(
            lambda: self._issue(
                ref, dialog.kind.currentData(), dialog.language.currentData(), dialog.out.text()
            )
        )
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _issue(self, ref: str, kind: str, lang: str, out: str) -> None:
        ctx = self.window.context
        path = Path(out)
        self.folder = path.parent

        def work() -> Any:
            from desk.services.records import issue_record

            return issue_record(ctx, ref, kind, lang, path)

        def done(info: Any) -> None:
            self.refresh({"issued_records"})
            self._offer_folder(
                _("Issue record"),
                _("Record {number} for case {ref} was written to {file}.").format(
                    number=info.document_number, ref=info.case_ref, file=info.path
                ),
                Path(info.path).parent,
            )

        self._run("case.issue_record", work, _("Issuing the record…"), done)

    def _offer_folder(self, title: str, text: str, folder: Path) -> QMessageBox:
        box = QMessageBox(self.window)
        box.setObjectName("openFolderQuestion")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(title)
        box.setText(text)
        box.setInformativeText(_("Open the folder?"))
        box.setStandardButtons(QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close)
        box.setDefaultButton(QMessageBox.StandardButton.Close)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

        def answered(button: int) -> None:
            if button == QMessageBox.StandardButton.Open:
                self.open_folder(folder)

        box.finished.connect(answered)
        box.open()
        return box

    # --- 5. annual audit report ------------------------------------------------------
    def audit_report(self) -> None:
        if self.window.context is None:
            return
        dialog = AuditReportDialog(
            fiscal_year_of(self._today()),
            self.folder,
            self._lang(),
            self.ask_audit_path,
            self.window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(
            lambda: self._audit(
                dialog.year.value(), dialog.language.currentData(), dialog.out.text()
            )
        )
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _audit(self, year: int, lang: str, out: str) -> None:
        ctx = self.window.context
        path = Path(out)
        self.folder = path.parent

        def work() -> Any:
            from desk.services.records import audit_report

            return audit_report(ctx, year, path, lang=lang)

        def done(info: Any) -> None:
            self._offer_folder(
                _("Annual audit report"),
                _(
                    "Audit report {number} for FY{year} ({cases} cases) was written to {file}."
                ).format(
                    number=info.document_number, year=info.fiscal_year, cases=info.cases, file=path
                ),
                path.parent,
            )

        self._run("file.audit_report", work, _("Writing the audit report…"), done)

    # --- 6. export case files --------------------------------------------------------
    def export_cases(self) -> None:
        ctx = self.window.context
        if ctx is None:
            return
        folder = self.ask_export_dir()
        if not folder:
            return
        self.folder = Path(folder)

        def work() -> Any:
            from desk.services.cases import export_cases

            return export_cases(ctx, folder)

        def done(result: Any) -> None:
            self._offer_folder(
                _("Export case files"),
                ngettext(
                    "Exported {count} case file to {folder}.",
                    "Exported {count} case files to {folder}.",
                    len(result.files),
                ).format(count=len(result.files), folder=folder),
                Path(folder),
            )

        self._run("file.export_cases", work, _("Exporting case files…"), done)

    # --- 7. new case / edit case (the self-assessment form) ---------------------------
    def new_case(self) -> None:
        """Open the case form for a new case (the stored ids are read first, for a free id)."""
        ctx = self.window.context
        if ctx is None:
            return

        def work() -> Any:
            from desk.services.cases import list_cases

            return [c.ref for c in list_cases(ctx)]

        self.window.runner.run(
            work, success=lambda refs: self._open_form(None, refs), label=_("Loading…")
        )

    def edit_case(self) -> None:
        """Open the case form filled from the selected stored case."""
        selected = self._selected_case()
        if selected is None:
            return
        _view, ref = selected
        ctx = self.window.context

        def work() -> Any:
            from desk.services.cases import get_case

            return get_case(ctx, ref)

        self.window.runner.run(
            work, success=lambda case: self._open_form(case, ()), label=_("Loading…")
        )

    def _open_form(self, case: Any, refs: Iterable[str]) -> None:
        from desk.ui.case_form import CaseForm

        dialog = CaseForm(today=self._today(), existing=refs, case=case, parent=self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        new = case is None
        dialog.save = lambda valid: self._save_case(dialog, valid, new)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _save_case(self, dialog: Any, case: Any, new: bool) -> None:
        """Store the form's case, then assess it; the form closes once the case is stored."""
        from desk.domain.errors import DeskError, InvalidInput

        ctx = self.window.context
        action_id = "case.new" if new else "case.edit"

        def work() -> Any:
            from desk.services.cases import assess_cases, save_case

            save_case(
                ctx,
                case,
                source=_("case form"),
                must_be_new=new,
                action="case.create" if new else "case.edit",
            )
            try:
                return assess_cases(ctx, [case.id]), None
            except DeskError as exc:  # stored, but not assessed: still show the case
                return None, exc

        def success(result: Any) -> None:
            run, problem = result
            dialog.saved()
            if problem is not None:
                show_error(problem, self.window)
            else:
                summary = run.assessments[0]
                from desk.reports.labels import OUTCOMES

                outcome = OUTCOMES.get(summary.outcome)
                self.window.statusBar().showMessage(
                    _("Case {ref} saved and assessed: {outcome}.").format(
                        ref=summary.ref,
                        outcome=pick(*outcome) if outcome else summary.outcome,
                    ),
                    8000,
                )
            self.show_case(case.id)
            self.finished.emit(action_id, run)

        def failure(exc: BaseException) -> None:
            dialog.save_failed(exc)
            if not isinstance(exc, InvalidInput):  # an invalid entry is shown in the form
                show_error(exc, self.window)
            self.failed.emit(action_id, exc)

        self.window.runner.run(
            work, success=success, failure=failure, label=_("Saving and assessing…")
        )

    def show_case(self, ref: str) -> None:
        """Show the Cases registry read again, with case ``ref`` selected and its
        current assessment on screen."""
        from desk.services.registers import CaseCol

        view = self.window.view("cases")

        def reselect(_loaded: int, _total: int) -> None:
            view.model.loaded.disconnect(reselect)
            for r in range(view.model.rowCount()):
                if view.model.index(r, CaseCol.REF).data() == ref:
                    view.detail_shown.connect(show_assessment)
                    view.select_row(r)
                    break

        def show_assessment() -> None:
            view.detail_shown.disconnect(show_assessment)
            view.detail.show_sections_tab()

        self.window.show_registry("cases")
        view.model.loaded.connect(reselect)
        view.refresh()

    def connect_actions(self, actions: dict[str, Any]) -> None:
        handlers: Sequence[tuple[str, Callable[[], None]]] = (
            ("file.import_cases", self.import_cases),
            ("file.import_list", self.import_list),
            ("file.audit_report", self.audit_report),
            ("file.export_cases", self.export_cases),
            ("case.new", self.new_case),
            ("case.edit", self.edit_case),
            ("case.assess", self.assess_case),
            ("case.issue_record", self.issue_record),
        )
        for action_id, handler in handlers:
            actions[action_id].triggered.connect(lambda _checked=False, h=handler: h())
