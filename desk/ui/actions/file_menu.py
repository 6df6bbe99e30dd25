"""The File menu's handlers: import case files, import a list version, the annual audit
report, export case files (:class:`FileMenuActions`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from desk.domain.i18n import _, ngettext
from desk.ui.actions.base import ActionsBase


def fiscal_year_of(day: dt.date) -> int:
    """The Japanese fiscal year (April–March) ``day`` belongs to: 2027-03-31 is FY2026."""
    return day.year if day.month >= 4 else day.year - 1


class FileMenuActions(ActionsBase):
    # --- import case files --------------------------------------------------------
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

    # --- import a list version ----------------------------------------------------
    def import_list(self) -> None:
        if self.window.context is None:
            return
        from desk.ui.dialogs.import_list import ImportListDialog

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
            from desk.ui.dialogs.import_list import ImpactDialog

            self.refresh(result.changes.tables)
            dialog = ImpactDialog(result, self.window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            dialog.open()
            self.dialog_opened.emit(dialog)

        self._run("file.import_list", work, _("Importing the list and screening again…"), done)

    # --- annual audit report ------------------------------------------------------
    def audit_report(self) -> None:
        if self.window.context is None:
            return
        from desk.ui.dialogs.records import AuditReportDialog

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

    # --- internal audit -----------------------------------------------------------
    def internal_audit(self) -> None:
        """Open this fiscal year's internal audit (its newest), or a new one to plan."""
        ctx = self.window.context
        if ctx is None:
            return
        year = fiscal_year_of(self._today())

        def work() -> Any:
            from desk.services.internal_audit import get_audit, list_audits

            rows = list_audits(ctx, year)
            return get_audit(ctx, rows[-1].ref) if rows else None

        def run(step: Any, done: Any) -> None:
            self._run(
                "file.internal_audit", lambda: step(ctx), _("Saving the internal audit…"), done
            )

        def done(view: Any) -> None:
            from desk.ui.dialogs.internal_audit import InternalAuditDialog

            dialog = InternalAuditDialog(view, year, run, self.window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            dialog.open()
            self.dialog_opened.emit(dialog)

        self._run("file.internal_audit", work, _("Reading the internal audit…"), done)

    # --- verify an issued record ----------------------------------------------------
    def verify_record(self) -> None:
        """File ▸ Verify a record…: re-create the record a PDF names from the database and
        compare (``desk report verify``); the answer is said in a message box."""
        ctx = self.window.context
        if ctx is None:
            return
        path = self.ask_record_file()
        if not path:
            return
        self.folder = Path(path).parent

        def work() -> Any:
            from desk.services.records import verify_record

            return verify_record(ctx, path)

        def done(result: Any) -> None:
            box = self._tell(_("Verify a record"), result.message, "verifyResult")
            if not result.ok:
                from PySide6.QtWidgets import QMessageBox

                box.setIcon(QMessageBox.Icon.Warning)

        self._run("file.verify_record", work, _("Verifying the record…"), done)

    # --- export case files --------------------------------------------------------
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
