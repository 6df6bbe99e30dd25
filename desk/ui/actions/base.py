"""What the handlers share.

:class:`ActionsBase`, for the File and Case menus: the signals tests and the window listen
to, the questions about paths (one ``QFileDialog`` call each, so tests replace them on the
instance), the acting user's roles, and the steps each handler repeats: run a service off
the UI thread and report failures, say what happened, offer to open a folder, read the
changed registries again. The handlers themselves are in :mod:`desk.ui.actions.file_menu`
and :mod:`desk.ui.actions.case_menu`.

:class:`RecordFormActions`, for a registry whose records open in a form of their own
(shipments, trips): the selected record, the form's save run off the UI thread, and the
registry read again with the saved record selected (:func:`show_selected`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desk.domain.i18n import _
from desk.ui.errors import show_error

if TYPE_CHECKING:
    from desk.ui.actions.context import ActionContext

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
    "shipments": ("shipments", "goods_items"),
    "shipment_assessments": ("shipments", "trips"),
    "shipment_review_steps": ("shipments",),
    "goods_items": ("goods_items", "shipments"),
    "trips": ("trips",),
    "trip_cases": ("trips",),
    "trip_shipments": ("trips",),
    "trip_assessments": ("trips",),
    "trip_records": ("trips",),
    "case_shipment_links": ("cases",),
}


def show_selected(window: ActionContext, registry: str, row_id: int) -> None:
    """Show ``registry`` read again, with row ``row_id`` selected once its rows arrive."""
    from desk.ui.models.registry_table import Role

    view = window.view(registry)

    def reselect(_loaded: int, _total: int) -> None:
        view.model.loaded.disconnect(reselect)
        for r in range(view.model.rowCount()):
            if view.model.index(r, 0).data(Role.ROW_ID) == row_id:
                view.select_row(r)
                break

    window.show_registry(registry)
    view.model.loaded.connect(reselect)
    view.refresh()


def registries_for(tables: Iterable[str]) -> list[str]:
    """The registries whose rows the changed ``tables`` appear in (in a stable order)."""
    out: list[str] = []
    for table in sorted(tables):
        for registry in TABLE_REGISTRIES.get(table, ()):
            if registry not in out:
                out.append(registry)
    return out


class ActionsBase(QObject):
    """The state and the shared steps of the import / assess / issue / audit / export
    handlers (see :class:`desk.ui.actions.app_actions.AppActions`)."""

    # a dialog of one of these actions is open (the dialog)
    dialog_opened = Signal(object)
    # (action id, what the service returned) once the result is shown
    finished = Signal(str, object)
    # (action id, the exception) after its message box is shown
    failed = Signal(str, object)
    # the review dialog is open (the dialog); a review step was stored (the ReviewState)
    review_dialog_opened = Signal(object)
    review_done = Signal(object)
    # who is acting was read again (the desk.services.users.Acting)
    acting_changed = Signal(object)

    def __init__(self, window: ActionContext):
        # the window is also the QWidget the dialogs are parented to
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.folder = Path.home()  # where the next file question starts
        self.user_roles: tuple[str, ...] = ()
        self.acting: Any = None  # desk.services.users.Acting, once read

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
            _("List files (*.csv *.xml *.json *.xlsx)"),
        )
        return path or None

    def ask_record_path(self, suggested: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("Issue record"), suggested, _("PDF files (*.pdf)")
        )
        return path or None

    def ask_record_file(self) -> str | None:
        path, _filter = QFileDialog.getOpenFileName(
            self.window, _("Verify a record"), str(self.folder), _("PDF files (*.pdf)")
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
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # --- state ---------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        """The acting user holds only read-only roles (auditor, president): they read and
        report, they do not change."""
        if not self.user_roles:  # nobody known yet: the database stack is not imported
            return False
        from desk.services.permissions import READ_ONLY_ROLES

        return set(self.user_roles) <= set(READ_ONLY_ROLES)

    def refusal(self, roles: tuple[str, ...], what: str) -> str | None:
        """The sentence the service would refuse ``what`` with (None: allowed)."""
        from desk.services.permissions import refusal

        acting = self.acting
        if acting is None or not acting.roles_in_use:
            return None
        return refusal(acting.login, self.user_roles, roles, what, write=True)

    def load_roles(self) -> None:
        """Read who is acting and their roles (off the UI thread), then update the actions."""
        ctx = self.window.context
        if ctx is None:
            return

        def work() -> Any:
            from desk.services.users import acting

            return acting(ctx)

        def done(acting: Any) -> None:
            self.acting = acting
            self.user_roles = tuple(acting.roles)
            self.acting_changed.emit(acting)
            self.window.update_actions()

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


class RecordFormActions(QObject):
    """The actions of a registry whose records open in a form (:attr:`REGISTRY`; the
    first column of its rows is the record's reference): a new or stored record is
    edited in the form, saved and judged off the UI thread (:meth:`_save_form`), and the
    registry is read again with it selected."""

    REGISTRY: ClassVar[str]

    form_opened = Signal(object)  # the form
    finished = Signal(str, object)  # action id, the service's result
    failed = Signal(str, object)  # action id, the exception

    def __init__(self, window: ActionContext):
        # the window is also the QWidget the forms are parented to
        super().__init__(cast(Any, window))
        self.window = window

    def _selected_ref(self) -> str | None:
        """The reference of the record selected in :attr:`REGISTRY` (None: none is)."""
        view = self.window.current_view()
        row = view.selected_row()
        if view.registry != self.REGISTRY or row is None or not row.cells:
            return None
        return row.cells[0]

    def show_row(self, row_id: int) -> None:
        """:attr:`REGISTRY` read again, with record ``row_id`` selected."""
        show_selected(self.window, self.REGISTRY, row_id)

    def _save_form(
        self,
        form: Any,
        action_id: str,
        work: Callable[[], tuple[Any, str]],
        *,
        summary: Callable[[Any], Any] = lambda result: result,
        said_in_form: type[BaseException] = Exception,
    ) -> None:
        """Run the form's save: ``work()`` (in the worker) stores and judges the record
        and returns (what was saved, the decision explained). Then the form shows the
        decision, the status bar says so, and the registry is read again with the record
        selected (``summary(saved)`` has its ``ref`` and ``id``). A failure is said in the
        form (which keeps what was entered); one that is not a ``said_in_form`` is the
        error dialog too."""

        def success(result: tuple[Any, str]) -> None:
            saved, text = result
            form.saved(saved, text)
            row = summary(saved)
            self.window.statusBar().showMessage(
                _("Saved and assessed {ref}.").format(ref=row.ref), 5000
            )
            self.show_row(row.id)
            self.finished.emit(action_id, saved)

        def failure(exc: BaseException) -> None:
            form.save_failed(exc)
            if not isinstance(exc, said_in_form):
                show_error(exc, cast(Any, self.window))
            self.failed.emit(action_id, exc)

        self.window.runner.run(work, success=success, failure=failure, label=_("Saving…"))
