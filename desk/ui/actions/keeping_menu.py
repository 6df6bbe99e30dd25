"""The File menu's data-safety handlers: Back up…, Restore…, Retention… and Audit log…
(:class:`KeepingMenuActions`), and the dated automatic backup after the database opens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desk.domain.i18n import _
from desk.ui.actions.base import ActionsBase
from desk.ui.errors import show_error


class KeepingMenuActions(ActionsBase):
    # --- questions (tests replace them) -------------------------------------------------
    def ask_backup_path(self, suggested: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("Back up the database"), suggested, _("desk backups (*.bak)")
        )
        return path or None

    def ask_restore_file(self) -> str | None:
        path, _filter = QFileDialog.getOpenFileName(
            self.window,
            _("Restore the database"),
            str(self.folder),
            _("desk backups (*.bak *.sqlite3 *.deskdump *.pgdump);;All files (*)"),
        )
        return path or None

    def confirm_restore(self, file: str) -> bool:
        box = QMessageBox(self.window)
        box.setObjectName("restoreConfirm")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Restore the database"))
        box.setText(
            _(
                "Replace the database with the backup {file}? Everything saved after the "
                "backup is replaced (a copy of the current database is kept beside it)."
            ).format(file=file)
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    # --- Back up… -------------------------------------------------------------------
    def backup(self) -> None:
        ctx = self.window.context
        if ctx is None:
            return
        import datetime as dt

        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
        out = self.ask_backup_path(str(self.folder / f"desk-{stamp}.bak"))
        if not out:
            return
        self.folder = Path(out).parent

        def work() -> Any:
            from desk.services.backup import backup_database

            return backup_database(ctx, out)

        def done(result: Any) -> None:
            self._tell(
                _("Back up the database"),
                _(
                    "Backed up and checked: {file} ({rows} rows; the audit trail is intact, "
                    "{events} events)."
                ).format(
                    file=result.path, rows=result.check.rows, events=result.check.audit_events
                ),
            )

        self._run("file.backup", work, _("Backing up…"), done)

    # --- Restore… -------------------------------------------------------------------
    def restore(self) -> None:
        ctx = self.window.context
        if ctx is None:
            return
        file = self.ask_restore_file()
        if not file or not self.confirm_restore(file):
            return
        url, actor = ctx.url, ctx.actor
        self.window.close_database()

        def work() -> Any:
            from desk.services.backup import restore_database

            return restore_database(url, file, actor=actor)

        def done(result: Any) -> None:
            self.window.open_database(url)
            text = _("Restored from {file} ({rows} rows); the audit trail verifies.").format(
                file=file, rows=result.check.rows
            )
            if result.before_copy is not None:
                text += "\n" + _("The database it replaced is kept as {path}").format(
                    path=result.before_copy
                )
            self._tell(_("Restore the database"), text)
            self.finished.emit("file.restore", result)

        def failed(exc: BaseException) -> None:
            self.window.open_database(url)  # the database as it was
            show_error(exc, self.window)
            self.failed.emit("file.restore", exc)

        self.window.runner.run(work, success=done, failure=failed, label=_("Restoring…"))

    # --- Retention… / Audit log… ------------------------------------------------------
    def retention(self) -> None:
        from desk.ui.dialogs.retention import RetentionDialog

        if self.window.context is None:
            return
        dialog = RetentionDialog(self.window.runner, self.window.context, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def audit_log(self) -> None:
        from desk.ui.dialogs.audit_log import AuditLogDialog

        if self.window.context is None:
            return
        dialog = AuditLogDialog(self.window.runner, self.window.context, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()
        self.dialog_opened.emit(dialog)

    # --- the dated automatic copy ------------------------------------------------------
    def automatic_backup(self) -> None:
        """Take the day's copy of a single-PC database in the background (settings: every,
        keep, folder); a failure is told in the status bar, never in the way."""
        ctx = self.window.context
        if ctx is None:
            return

        def work() -> Any:
            from desk.services.backup import auto_backup

            return auto_backup(ctx)

        def done(result: Any) -> None:
            if result is not None:
                self.window.statusBar().showMessage(
                    _("Backed up to {file}").format(file=result.path), 8000
                )

        def failed(exc: BaseException) -> None:
            self.window.statusBar().showMessage(
                _("The automatic backup failed: {error}").format(error=exc), 15000
            )

        self.window.runner.run(work, success=done, failure=failed, label=_("Backing up…"))
