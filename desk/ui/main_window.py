"""The main window: registry navigation on the left, the chosen registry on the right."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

import desk
from desk.domain.i18n import _
from desk.services.registers import REGISTRIES
from desk.ui.actions import declared as act
from desk.ui.actions.app_actions import AppActions
from desk.ui.errors import show_error
from desk.ui.models.registry_table import Role
from desk.ui.operations import OperationRunner
from desk.ui.settings import Settings
from desk.ui.views.registry import RegistryView


class MainWindow(QMainWindow):
    # the current registry's first page is on screen
    ready = Signal()
    language_changed = Signal(str)
    # the review dialog is open (the dialog); a review step was stored (the ReviewState)
    review_dialog_opened = Signal(object)
    review_done = Signal(object)
    # the database could not be opened (the exception)
    open_failed = Signal(object)

    def __init__(
        self,
        context: Any,
        database_label: str,
        settings: Settings,
        apply_language: Callable[[str], str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.context = context
        self.database_label = database_label
        self.settings = settings
        self.keep_geometry = True  # False: closing does not save the window's geometry
        self._apply_language = apply_language
        self.runner = OperationRunner(self, on_error=lambda exc: show_error(exc, self))
        self.screen_dialog: Any = None  # the open "Screen a name" dialog, if any
        # import, assess, issue records, audit report, export (desk.ui.actions.app_actions)
        self.app_actions = AppActions(self)

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(16, 16))
        for key in REGISTRIES:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.nav.setMaximumWidth(220)

        self.stack = QStackedWidget(self)
        # registry views are built when first shown: start-up builds only the first
        self.views: dict[str, RegistryView] = {}

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 1000])
        self.setCentralWidget(splitter)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.setRange(0, 0)  # busy indicator: operations do not report steps
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self.runner.long_work.connect(self._show_progress)
        self.runner.busy_changed.connect(self._on_busy)

        self.actions_by_id = act.build_actions(self)
        self._menus: dict[str, QMenu] = {}
        for title in act.MENUS:
            self._menus[title] = self.menuBar().addMenu("")
        for spec in act.ACTIONS:
            self._menus[spec.menu].addAction(self.actions_by_id[spec.id])
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for spec in act.ACTIONS:
            if spec.toolbar:
                self.toolbar.addAction(self.actions_by_id[spec.id])
        self.addToolBar(self.toolbar)
        self._connect_actions()

        self.nav.currentRowChanged.connect(self._switch_to)
        geometry = settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1200, 720)
        self.nav.setCurrentRow(0)
        self.retranslate()
        if context is not None:  # opened before the window (tests, benchmarks)
            self.app_actions.load_roles()

    # --- actions -----------------------------------------------------------------
    def _connect_actions(self) -> None:
        a = self.actions_by_id
        a["file.settings"].triggered.connect(self.open_settings)
        a["file.quit"].triggered.connect(self.close)
        a["edit.find"].triggered.connect(self.focus_search)
        a["edit.copy_row"].triggered.connect(self.copy_row)
        a["view.refresh"].triggered.connect(lambda: self.current_view().refresh())
        a["help.about"].triggered.connect(self.about)
        a["case.review"].triggered.connect(self.review_case)
        a["screen.name"].triggered.connect(self.screen_name)
        self.app_actions.connect_actions(a)
        for key in REGISTRIES:
            a[f"view.registry.{key}"].triggered.connect(
                lambda _checked=False, k=key: self.show_registry(k)
            )

    def _update_actions(self) -> None:
        act.update_enabled(self, self.actions_by_id)

    def _table_context_menu(self, pos: Any) -> None:
        view = self.current_view()
        menu = QMenu(self)
        for spec in act.ACTIONS:
            if spec.context_menu:
                menu.addAction(self.actions_by_id[spec.id])
        menu.popup(view.table.viewport().mapToGlobal(pos))

    def view(self, key: str) -> RegistryView:
        """The view of registry ``key``, built on first use."""
        view = self.views.get(key)
        if view is None:
            view = RegistryView(key, self.runner, lambda: self.context, self.stack)
            view.selection_changed.connect(self._update_actions)
            view.model.loaded.connect(self._on_model_loaded)
            view.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.table.customContextMenuRequested.connect(self._table_context_menu)
            self.views[key] = view
            self.stack.addWidget(view)
        return view

    def current_view(self) -> RegistryView:
        widget = self.stack.currentWidget()
        assert isinstance(widget, RegistryView)
        return widget

    def show_registry(self, key: str) -> None:
        self.nav.setCurrentRow(REGISTRIES.index(key))

    def _switch_to(self, row: int) -> None:
        if row < 0:
            return
        view = self.view(REGISTRIES[row])
        self.stack.setCurrentWidget(view)
        if self.context is not None:
            view.ensure_loaded()
        self._update_actions()

    def open_database(self, url: str | None) -> None:
        """Open (and migrate) the database off the UI thread, then show the first rows.

        The window is already on screen meanwhile: importing the database stack and
        checking migrations takes longer than drawing the window (bench/startup.py).
        """
        from desk.ui.app import open_context

        def opened(context: Any) -> None:
            self.attach_context(context)

        def failed(exc: BaseException) -> None:
            self.statusBar().clearMessage()
            self.open_failed.emit(exc)

        self.statusBar().showMessage(_("Opening the database…"))
        self.runner.run(
            lambda: open_context(url),
            success=opened,
            failure=failed,
            label=_("Opening the database…"),
        )

    def attach_context(self, context: Any) -> None:
        from desk.ui.app import database_label

        self.context = context
        url = getattr(context, "url", None)
        if url:  # the database actually opened (the default one has no URL before)
            self.database_label = database_label(url)
            self._retitle()
        self.statusBar().clearMessage()
        self.current_view().ensure_loaded()
        self.app_actions.load_roles()
        self._update_actions()

    def focus_search(self) -> None:
        search = self.current_view().search
        search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        search.selectAll()

    def copy_row(self) -> None:
        row = self.current_view().selected_row()
        if row is not None:
            QApplication.clipboard().setText("\t".join(row.cells))
            self.statusBar().showMessage(_("Row copied."), 3000)

    def review_case(self) -> None:
        """Open the review dialog for the selected case (its state is read off the UI thread)."""
        from desk.services.registers import CaseCol
        from desk.ui.dialogs.review import ReviewDialog

        view = self.current_view()
        row = view.selected_row()
        if view.registry != "cases" or row is None or self.context is None:
            return
        ctx, ref, row_id = self.context, row.cells[CaseCol.REF], row.id

        def work() -> Any:
            from desk.services import reviews as workflow

            return workflow.review_state(ctx, ref)

        def opened(state: Any) -> None:
            dialog = ReviewDialog(state, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self._store_review(dialog.request(), view, row_id))
            dialog.open()
            self.review_dialog_opened.emit(dialog)

        self.runner.run(work, success=opened, label=_("Loading…"))

    def _store_review(self, request: Any, view: RegistryView, row_id: int) -> None:
        from desk.services.reviews import STATUS_LABELS
        from desk.ui.dialogs.review import run_request

        ctx = self.context

        def reselect(_loaded: int, _total: int) -> None:
            view.model.loaded.disconnect(reselect)
            for r in range(view.model.rowCount()):
                found = view.model.index(r, 0).data(Role.ROW_ID)
                if found == row_id:
                    view.select_row(r)
                    break

        def done(state: Any) -> None:
            self.statusBar().showMessage(
                _("Case {ref} is now {status}.").format(
                    ref=state.ref, status=_(STATUS_LABELS[state.status])
                ),
                5000,
            )
            view.model.loaded.connect(reselect)
            view.refresh()
            self.review_done.emit(state)

        self.runner.run(lambda: run_request(ctx, request), success=done, label=_("Saving…"))

    def screen_name(self) -> None:
        """Open the "Screen a name" dialog (one at a time; non-modal, so a person can
        look at the registries meanwhile)."""
        from desk.ui.dialogs.screen_name import ScreenDialog

        if self.context is None:
            return
        dialog = self.screen_dialog
        if dialog is None:
            dialog = ScreenDialog(self.runner, self.context, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(lambda: setattr(self, "screen_dialog", None))
            self.screen_dialog = dialog
            dialog.show()
        else:  # already open: bring it to the front
            dialog.raise_()
            dialog.activateWindow()
        dialog.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def about(self) -> None:
        QMessageBox.about(
            self,
            _("About desk"),
            _("desk {version}: deemed-export screening and review records.").format(
                version=desk.__version__
            ),
        )

    def open_settings(self) -> None:
        from desk.ui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.settings.language, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.set_language_choice(dialog.language()))
        dialog.open()

    def set_language_choice(self, choice: str) -> None:
        self.settings.language = choice
        self.settings.sync()
        lang = self._apply_language(choice)
        self.retranslate()
        self.language_changed.emit(lang)

    # --- state -------------------------------------------------------------------
    def _on_model_loaded(self, loaded: int, total: int) -> None:
        self._update_actions()
        if self.sender() is self.current_view().model:
            self.ready.emit()

    def _show_progress(self, label: str) -> None:
        self.progress.setToolTip(label)
        self.progress.show()
        self.statusBar().showMessage(label)

    def _on_busy(self, busy: bool) -> None:
        if not busy:
            self.progress.hide()
            # clear the progress label only: a result said meanwhile stays readable
            if self.statusBar().currentMessage() == self.progress.toolTip():
                self.statusBar().clearMessage()
        self._update_actions()

    def _retitle(self) -> None:
        self.setWindowTitle(_("desk — {database}").format(database=self.database_label))

    def retranslate(self) -> None:
        self._retitle()
        act.retranslate_actions(self.actions_by_id)
        for title, menu in self._menus.items():
            menu.setTitle(_(title))
        self.toolbar.setWindowTitle(_("Toolbar"))
        for i, key in enumerate(REGISTRIES):
            item = self.nav.item(i)
            shortcut = QKeySequence(f"Ctrl+{i + 1}").toString(
                QKeySequence.SequenceFormat.NativeText
            )
            item.setText(_(act.REGISTRY_TITLES[key]))
            item.setToolTip(shortcut)
        for view in self.views.values():
            view.retranslate()
        if self.screen_dialog is not None:
            self.screen_dialog.retranslate()
        self._update_actions()

    def close_database(self) -> None:
        self.runner.wait_idle(5000)
        if self.context is not None:
            self.context.close()
            self.context = None

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.keep_geometry:
            self.settings.geometry = self.saveGeometry()
            self.settings.sync()
        self.runner.wait_idle(5000)
        super().closeEvent(event)
