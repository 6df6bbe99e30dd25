"""The main window: registry navigation on the left, the chosen registry on the right.

It composes the rest of the UI and nothing imports it but the start-up
(:mod:`desk.ui.app`): it builds the actions declared in :mod:`desk.ui.actions.declared`
into menus and toolbar, hands itself to their handlers as an
:class:`desk.ui.actions.context.ActionContext`, builds the registry views with their
detail panes (:mod:`desk.ui.views`) and keeps the commands that are about the window
itself (find, copy row, refresh, switch registry, settings, about, "Screen a name…").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
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
from desk.ui import database
from desk.ui.actions import declared as act
from desk.ui.actions.app_actions import AppActions
from desk.ui.actions.classify_menu import ClassifyActions
from desk.ui.actions.declared import REGISTRIES
from desk.ui.actions.intake_menu import IntakeActions
from desk.ui.actions.register_menu import RegisterActions
from desk.ui.actions.shipment_menu import ShipmentActions
from desk.ui.actions.trip_menu import TripActions
from desk.ui.errors import show_error
from desk.ui.idle import IdleWatcher
from desk.ui.operations import OperationRunner
from desk.ui.settings import Settings
from desk.ui.views.home import HomeView

if TYPE_CHECKING:
    # built when first needed: the window shows Home first (bench/startup.py)
    from desk.ui.dialogs.sign_in import SignInDialog
    from desk.ui.views.list_versions import ListVersionsPanel
    from desk.ui.views.registry import RegistryView

# what the navigation lists: Home first, then the registries
NAV: tuple[str, ...] = ("home", *REGISTRIES)


# registry → the action Enter or a double click on one of its rows triggers
ROW_ACTIONS: dict[str, str] = {"shipments": "shipment.edit"}

# start-up opens the database once the window is painted, or after this long (ms) if it is
# not (a window started minimised)
FIRST_PAINT_WAIT_MS = 300


class _AfterFirstPaint(QObject):
    """Calls ``then()`` (once, from the event loop) after the window's first paint, or
    after :data:`FIRST_PAINT_WAIT_MS`; then stops watching the window's events."""

    def __init__(self, window: QWidget, then: Callable[[], None]):
        super().__init__(window)
        self._then: Callable[[], None] | None = then
        window.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, self._fire)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            QTimer.singleShot(0, self._fire)
        return False

    def _fire(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            parent = self.parent()
            if isinstance(parent, QObject):
                parent.removeEventFilter(self)
            then()


class MainWindow(QMainWindow):
    # the current registry's first page is on screen
    ready = Signal()
    language_changed = Signal(str)
    # the review dialog is open (the dialog); a review step was stored (the ReviewState);
    # passed on from the Case menu's handler (desk.ui.actions.case_menu)
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
        self.auto_backup = True  # False: no dated automatic copy when the database opens
        self._apply_language = apply_language
        self.runner = OperationRunner(self, on_error=lambda exc: show_error(exc, self))
        self.screen_dialog: Any = None  # the open "Screen a name" dialog, if any
        self.hits_dialog: Any = None  # the open "Screening hits" dialog, if any
        self.manual: Any = None  # the open manual (Help ▸ Manual, F1), if any
        # import, assess, issue records, audit report, export (desk.ui.actions.app_actions)
        self.app_actions = AppActions(self)
        self.app_actions.review_dialog_opened.connect(self.review_dialog_opened)
        self.app_actions.review_done.connect(self.review_done)
        # New… / Edit… / Merge… / Retire in the registers (desk.ui.actions.register_menu)
        self.register_actions = RegisterActions(self)
        # declarations and pledges, intake reviews, campaigns (desk.ui.actions.intake_menu)
        self.intake_actions = IntakeActions(self)
        # Classify…, the licence register, inform notices (desk.ui.actions.classify_menu)
        self.classify_actions = ClassifyActions(self)
        # New shipment… / Open shipment… in the Goods menu (desk.ui.actions.shipment_menu)
        self.shipment_actions = ShipmentActions(self)
        # New trip… / Open trip… in the Goods menu (desk.ui.actions.trip_menu)
        self.trip_actions = TripActions(self)

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(16, 16))
        for key in NAV:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.nav.setMaximumWidth(220)

        self.stack = QStackedWidget(self)
        # Home, the first view (desk.ui.views.home)
        settings.apply_time()  # Japan time unless the settings say otherwise
        self.home = HomeView(self.runner, lambda: self.context, self.stack)
        self.home.loaded.connect(self._on_home_loaded)
        self.home.open_case.connect(self.open_case)
        self.home.open_registry.connect(self.open_registry)
        self.home.open_person.connect(self.open_person)
        self.stack.addWidget(self.home)
        for source in (
            self.app_actions.finished,
            self.register_actions.finished,
            self.intake_actions.finished,
        ):
            source.connect(lambda *_args: self.home.mark_stale())
        self.app_actions.review_done.connect(lambda *_args: self.home.mark_stale())
        # registry views are built when first shown
        self.views: dict[str, RegistryView] = {}

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 1000])
        self.splitter = splitter
        self.setCentralWidget(splitter)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.setRange(0, 0)  # busy indicator: operations do not report steps
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)
        # who is acting and their roles (desk.services.users.acting)
        self.user_label = QLabel("", self)
        self.user_label.setObjectName("userLabel")
        self.statusBar().addPermanentWidget(self.user_label)
        self.app_actions.acting_changed.connect(self._show_acting)
        self.sign_in_dialog: Any = None  # the open sign-in dialog, if any
        self.idle = IdleWatcher(self)
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
        # names for screen readers in every dialog opened over the window
        from desk.ui.accessibility import name_windows_as_they_come

        name_windows_as_they_come(self)

        self.nav.currentRowChanged.connect(self._switch_to)
        geometry = settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1200, 720)
        layout = settings.splitter_state("main")
        if layout is not None:
            splitter.restoreState(layout)
        self.nav.setCurrentRow(0)
        self.retranslate()
        if context is not None:  # opened before the window (tests, benchmarks)
            if self._sign_in_required():
                self.ask_sign_in()
            else:
                self.app_actions.load_roles()

    # --- actions -----------------------------------------------------------------
    def _connect_actions(self) -> None:
        a = self.actions_by_id
        a["file.settings"].triggered.connect(self.open_settings)
        a["file.quit"].triggered.connect(self.close)
        a["file.switch_user"].triggered.connect(self.switch_user)
        a["edit.find"].triggered.connect(self.focus_search)
        a["edit.copy_row"].triggered.connect(self.copy_row)
        a["view.refresh"].triggered.connect(lambda: self.current_view().refresh())
        a["help.about"].triggered.connect(self.about)
        a["help.manual"].triggered.connect(self.open_manual)
        a["screen.name"].triggered.connect(self.screen_name)
        a["screen.hits"].triggered.connect(self.screening_hits)
        a["view.home"].triggered.connect(lambda: self.show_registry("home"))
        self.app_actions.connect_actions(a)
        self.register_actions.connect_actions(a)
        self.intake_actions.connect_actions(a)
        self.classify_actions.connect_actions(a)
        self.shipment_actions.connect_actions(a)
        self.trip_actions.connect_actions(a)
        for key in REGISTRIES:
            a[f"view.registry.{key}"].triggered.connect(
                lambda _checked=False, k=key: self.show_registry(k)
            )

    def _row_activated(self, key: str) -> None:
        action = self.actions_by_id.get(ROW_ACTIONS.get(key, ""))
        if action is not None:
            self.update_actions()
            if action.isEnabled():
                action.trigger()

    def update_actions(self) -> None:
        act.update_enabled(self, self.actions_by_id)

    _update_actions = update_actions  # the name tests and older code use

    def refusal(self, roles: tuple[str, ...], what: str) -> str | None:
        return self.app_actions.refusal(roles, what)

    @property
    def acting_known(self) -> bool:
        app_actions = getattr(self, "app_actions", None)
        return app_actions is not None and app_actions.acting is not None

    @property
    def read_only(self) -> bool:
        """The acting user is an auditor (known once the database is open)."""
        app_actions = getattr(self, "app_actions", None)
        return app_actions is not None and app_actions.read_only

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
            from desk.ui.views.detail import DetailPane
            from desk.ui.views.registry import RegistryView

            view = RegistryView(
                key,
                self.runner,
                lambda: self.context,
                self.stack,
                detail=DetailPane,
                header=self._list_versions if key == "lists" else None,
            )
            view.restore_header(self.settings.header_state(key))
            self._name_view(key, view)
            view.restore_query(*self.settings.registry_query(key))
            view.selection_changed.connect(self.update_actions)
            view.model.loaded.connect(self._on_model_loaded)
            view.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.table.customContextMenuRequested.connect(self._table_context_menu)
            # Enter or a double click on a row opens it (the registries with a form of it)
            view.table.activated.connect(lambda _index, k=key: self._row_activated(k))
            self.views[key] = view
            self.stack.addWidget(view)
        return view

    @staticmethod
    def _name_view(key: str, view: RegistryView) -> None:
        """What a screen reader calls the registry's table (it has no label of its own)."""
        view.table.setAccessibleName(_(act.REGISTRY_TITLES[key]))

    def _list_versions(self, parent: QWidget) -> ListVersionsPanel:
        from desk.ui.views.list_versions import ListVersionsPanel

        return ListVersionsPanel(self.runner, lambda: self.context, parent)

    def current_view(self) -> Any:
        """The view on screen: a :class:`RegistryView`, or Home (which has no rows)."""
        return self.stack.currentWidget()

    def show_registry(self, key: str) -> None:
        """Show registry ``key`` (or ``"home"``)."""
        self.nav.setCurrentRow(NAV.index(key))

    def open_case(self, ref: str) -> None:
        """Show case ``ref`` selected in the Cases registry (searched for by its id)."""
        from desk.services.registers import CaseCol

        view = self.view("cases")

        def reselect(_loaded: int, _total: int) -> None:
            if view.model.search_text != ref:
                return  # an earlier answer: wait for the search
            view.model.loaded.disconnect(reselect)
            for r in range(view.model.rowCount()):
                if view.model.index(r, CaseCol.REF).data() == ref:
                    view.select_row(r)
                    view.table.setFocus(Qt.FocusReason.OtherFocusReason)
                    break

        view.model.loaded.connect(reselect)
        self.open_registry("cases", ref)

    def open_review(self) -> None:
        """Case ▸ Review case… on the selected case (the review dialog, as a screenshot
        pictures it)."""
        self.app_actions.review_case()

    def open_person(self, person_id: int, name: str) -> None:
        """Show person ``person_id`` selected in the People registry (searched for by name)."""
        from desk.ui.models.registry_table import Role

        view = self.view("people")

        def reselect(_loaded: int, _total: int) -> None:
            if view.model.search_text != name.strip():
                return  # an earlier answer: wait for the search
            view.model.loaded.disconnect(reselect)
            for r in range(view.model.rowCount()):
                if view.model.index(r, 0).data(Role.ROW_ID) == person_id:
                    view.select_row(r)
                    view.table.setFocus(Qt.FocusReason.OtherFocusReason)
                    break

        view.model.loaded.connect(reselect)
        self.open_registry("people", name)

    def open_registry(self, key: str, search: str = "") -> None:
        """Show registry ``key`` searched for ``search`` (``"licences"``: the licence
        register's window)."""
        if key == "licences":
            if self.context is not None:
                self.classify_actions.open_licences()
            return
        view = self.view(key)
        view.search.blockSignals(True)
        view.search.setText(search)
        view.search.blockSignals(False)
        if view.model.search_text == search.strip() and view.model.has_loaded:
            view.model.reload()
        elif self.context is not None:
            view.model.set_search(search)
        self.show_registry(key)

    def _on_home_loaded(self) -> None:
        self.update_actions()
        if self.current_view() is not self.home:
            return
        if not self.runner.in_flight:
            self.ready.emit()
            return

        # what started with Home (the user's roles) finishes first: "ready" means the
        # actions are enabled as they will stay
        def idle() -> None:
            self.runner.idle.disconnect(idle)
            self.update_actions()
            self.ready.emit()

        self.runner.idle.connect(idle)

    def _switch_to(self, row: int) -> None:
        if row < 0:
            return
        key = NAV[row]
        view = self.home if key == "home" else self.view(key)
        self.stack.setCurrentWidget(view)
        if self.context is not None:
            view.ensure_loaded()
        self.update_actions()

    def open_database(self, url: str | None) -> None:
        """Open (and migrate) the database off the UI thread, then show the first rows.

        The window is already on screen meanwhile: importing the database stack and
        checking migrations takes longer than drawing the window (bench/startup.py).
        """

        def opened(context: Any) -> None:
            self.attach_context(context)

        def failed(exc: BaseException) -> None:
            self.statusBar().clearMessage()
            self.open_failed.emit(exc)

        self.statusBar().showMessage(_("Opening the database…"))
        self.runner.run(
            lambda: database.open_context(url),
            success=opened,
            failure=failed,
            label=_("Opening the database…"),
        )

    def open_database_when_painted(self, url: str | None) -> None:
        """:meth:`open_database` once the window is on screen (start-up).

        The worker's first task imports the database stack, holding Python's interpreter
        lock for most of it; drawing the window calls into Python (its widgets are Python
        classes) and would wait for the lock at every turn. Painted first, the window
        appears as fast as a bare one would; the rows follow as before.
        """
        _AfterFirstPaint(self, lambda: self.open_database(url))

    def attach_context(self, context: Any) -> None:
        self.context = context
        url = getattr(context, "url", None)
        if url:  # the database actually opened (the default one has no URL before)
            self.database_label = database.database_label(url)
            self._retitle()
        self.statusBar().clearMessage()
        if self._sign_in_required():
            self.ask_sign_in()
            return
        self._show_data()

    def _show_data(self) -> None:
        self.centralWidget().show()
        self.current_view().ensure_loaded()
        self.app_actions.load_roles()
        self.update_actions()
        url = getattr(self.context, "url", None)
        if url and self.auto_backup:  # the day's copy of a single-PC database (settings)
            self.app_actions.automatic_backup()

    # --- who is acting --------------------------------------------------------------
    def _sign_in_required(self) -> bool:
        ctx = self.context
        if ctx is None or getattr(ctx, "signed_in", True) or not hasattr(ctx, "db"):
            return False
        from desk.services.users import sign_in_required

        return bool(sign_in_required(ctx))

    def ask_sign_in(self, reason: str = "", *, switching: bool = False) -> SignInDialog:
        """Ask who is there; the window shows nothing until someone signs in (cancelled:
        desk closes, or — when switching user — the user before stays signed in)."""
        from desk.services.context import sign_in, sign_out
        from desk.ui.dialogs.sign_in import SignInDialog

        before = self.context
        if not switching:  # nothing is shown or done until someone signs in
            self.centralWidget().hide()
            self.context = None

        def check(login: str, password: str) -> Any:  # in the worker: argon2id is slow
            ctx = sign_in(before, login, password)
            if switching and getattr(before, "signed_in", False):
                sign_out(before, reason="switch")
            return ctx

        def finish(ctx: Any) -> None:
            self.context = ctx

        dialog = SignInDialog(check, finish, self.runner, reason=reason, parent=self)
        dialog.accepted.connect(self._signed_in)
        dialog.rejected.connect(lambda: self._sign_in_cancelled(switching))
        self.sign_in_dialog = dialog
        self.update_actions()
        dialog.open()
        return dialog

    def _signed_in(self) -> None:
        self.sign_in_dialog = None
        self.idle.touch()
        for view in self.views.values():  # another person may see other rows
            if view.model.has_loaded:
                view.refresh()
        if self.home.has_loaded:
            self.home.mark_stale()  # and has another queue
        self._show_data()

    def _sign_in_cancelled(self, switching: bool) -> None:
        self.sign_in_dialog = None
        if not switching:
            self.close()

    def switch_user(self) -> None:
        """Sign in as someone else (File ▸ Switch user…, Ctrl+Shift+U)."""
        if self.context is None:
            return
        if (
            getattr(self.context, "db", None) is not None
            and self.context.db.dialect == "postgresql"
        ):
            self.ask_postgres_login()
            return
        from desk.services.users import sign_in_required

        if not sign_in_required(self.context):
            self.statusBar().showMessage(
                _(
                    "No one has a sign-in password yet: an administrator sets one with "
                    "desk users passwd LOGIN"
                ),
                10000,
            )
            return
        self.ask_sign_in(switching=True)

    def ask_postgres_login(self) -> SignInDialog:
        """Shared mode: connect again as another PostgreSQL login (File ▸ Switch user…).

        PostgreSQL checks the login and password (or whatever ``pg_hba.conf`` asks for);
        the new connection opens in the worker, and only once it works is the one before
        closed — refused or cancelled, the user before stays connected. The password
        lives only in the open connection's address, in memory."""
        from desk.services.context import connect_as
        from desk.ui.dialogs.sign_in import SignInDialog

        before = self.context

        def check(login: str, password: str) -> Any:  # in the worker
            return connect_as(before, login, password)

        def finish(ctx: Any) -> None:
            old, self.context = self.context, ctx
            if old is not None:
                old.close()

        dialog = SignInDialog(
            check,
            finish,
            self.runner,
            reason=_(
                "In shared mode desk acts as a PostgreSQL login: connect as another login "
                "with its password."
            ),
            parent=self,
        )
        dialog.accepted.connect(self._signed_in)
        dialog.rejected.connect(lambda: self._sign_in_cancelled(True))
        self.sign_in_dialog = dialog
        self.update_actions()
        dialog.open()
        return dialog

    def sign_out_idle(self) -> None:
        """Signed out after the policy's idle minutes: ask again before showing anything."""
        from desk.services.context import sign_out

        ctx = self.context
        if ctx is None or not getattr(ctx, "signed_in", False) or self.sign_in_dialog is not None:
            return
        if ctx.db.dialect == "postgresql":
            return
        self.context = sign_out(ctx, reason="idle")
        minutes = self.app_actions.acting.idle_minutes if self.app_actions.acting else 0
        self.ask_sign_in(
            _("You were signed out after {n} minutes without activity.").format(n=minutes)
        )

    def _show_acting(self, acting: Any) -> None:
        from desk.services.permissions import role_list

        if acting.roles:
            text = _("Signed in: {name} ({login}) — {roles}").format(
                name=acting.display_name, login=acting.login, roles=role_list(acting.roles)
            )
        elif acting.roles_in_use:
            text = _("Signed in: {name} ({login}) — no role").format(
                name=acting.display_name, login=acting.login
            )
        else:
            text = _("{login} (roles are not in use yet)").format(login=acting.login)
        self.user_label.setText(text)
        self.user_label.setToolTip(text)
        self.idle.minutes = acting.idle_minutes if acting.signed_in else 0
        self._retitle()

    def focus_search(self) -> None:
        search = self.current_view().search
        search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        search.selectAll()

    def copy_row(self) -> None:
        row = self.current_view().selected_row()
        if row is not None:
            QApplication.clipboard().setText("\t".join(row.cells))
            self.statusBar().showMessage(_("Row copied."), 3000)

    def screening_hits(self) -> None:
        """Open the "Screening hits" dialog (one at a time, non-modal) and read the hits."""
        from desk.ui.dialogs.screening_hits import HitsDialog

        if self.context is None:
            return
        dialog = self.hits_dialog
        if dialog is None:
            dialog = HitsDialog(self.runner, self.context, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(lambda: setattr(self, "hits_dialog", None))
            self.hits_dialog = dialog
            dialog.show()
        else:
            dialog.raise_()
            dialog.activateWindow()
        dialog.refresh()

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

    def open_manual(self) -> None:
        """Help ▸ Manual (F1): the manual in the app's language (one window, not modal)."""
        from desk.ui.dialogs.manual import ManualWindow

        if self.manual is None:
            manual = ManualWindow(self)
            manual.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            manual.destroyed.connect(lambda: setattr(self, "manual", None))
            self.manual = manual
            manual.show()
        else:
            self.manual.raise_()
            self.manual.activateWindow()

    def about(self) -> None:
        QMessageBox.about(
            self,
            _("About desk"),
            _("desk {version}: deemed-export screening and review records.").format(
                version=desk.__version__
            ),
        )

    def open_settings(self) -> None:
        from desk.services.local_config import load_config
        from desk.ui.dialogs.settings import SettingsDialog

        s = self.settings
        dialog = SettingsDialog(
            s.language, self, local=load_config(), timezone=s.timezone, calendar=s.calendar
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._settings_accepted(dialog))
        dialog.open()
        self.settings_dialog = dialog  # tests
        ctx = self.context
        if ctx is not None:
            from desk.services import records

            def loaded(stored: Any) -> None:
                try:
                    dialog.set_institution(stored.institution)
                except RuntimeError:  # the dialog was closed before the database answered
                    pass

            self.runner.run(lambda: records.office_settings(ctx), success=loaded)

    def _settings_accepted(self, dialog: Any) -> None:
        institution = dialog.institution_change()
        ctx = self.context
        if institution is not None and ctx is not None:
            from desk.services import records

            self.home.institution = institution

            def stored(_changes: Any) -> None:
                self.statusBar().showMessage(
                    _("The institution's name is stored; records issued from now on print it."),
                    5000,
                )
                self.home.mark_stale()

            self.runner.run(
                lambda: records.set_office_setting(ctx, "institution", institution),
                success=stored,
            )
        self._save_settings(dialog)

    def _save_settings(self, dialog: Any) -> None:
        from desk.services.local_config import save_config

        local = dialog.local_settings()
        if local is not None:
            try:
                save_config(local)
            except Exception as exc:
                show_error(exc, self)
        s = self.settings
        s.timezone = dialog.timezone()
        s.calendar = dialog.calendar()
        s.apply_time()
        # the language last: it retranslates the window and reads the tables again, which
        # shows the dates in the zone and calendar just chosen
        self.set_language_choice(dialog.language())

    def set_language_choice(self, choice: str) -> None:
        self.settings.language = choice
        self.settings.sync()
        lang = self._apply_language(choice)
        self.retranslate()
        self.language_changed.emit(lang)

    # --- state -------------------------------------------------------------------
    def _on_model_loaded(self, loaded: int, total: int) -> None:
        self.update_actions()
        if self.sender() is getattr(self.current_view(), "model", None):
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
        self.update_actions()

    def _retitle(self) -> None:
        acting = self.app_actions.acting
        if acting is not None and self.context is not None:
            self.setWindowTitle(
                _("desk — {database} — {login}").format(
                    database=self.database_label, login=acting.login
                )
            )
            return
        self.setWindowTitle(_("desk — {database}").format(database=self.database_label))

    def retranslate(self) -> None:
        self._retitle()
        act.retranslate_actions(self.actions_by_id)
        for title, menu in self._menus.items():
            menu.setTitle(_(title))
        self.toolbar.setWindowTitle(_("Toolbar"))
        for i, key in enumerate(NAV):
            item = self.nav.item(i)
            shortcut = QKeySequence(f"Ctrl+{i}").toString(QKeySequence.SequenceFormat.NativeText)
            title = act.HOME_TITLE if key == "home" else act.REGISTRY_TITLES[key]
            item.setText(_(title))
            item.setToolTip(shortcut)
        self.nav.setAccessibleName(_("Navigation"))
        self.home.retranslate()
        for key, view in self.views.items():
            self._name_view(key, view)
            view.retranslate()
        if self.screen_dialog is not None:
            self.screen_dialog.retranslate()
        if self.hits_dialog is not None:
            self.hits_dialog.retranslate()
        if self.manual is not None:
            self.manual.retranslate()
        self.update_actions()

    def close_database(self) -> None:
        self.runner.wait_idle(5000)
        if self.context is not None:
            self.context.close()
            self.context = None

    def save_layout(self) -> None:
        """Window geometry, the navigation's width, each table's columns and each
        registry's search and filters (QSettings)."""
        self.settings.geometry = self.saveGeometry()
        self.settings.set_splitter_state("main", self.splitter.saveState())
        for key, view in self.views.items():
            self.settings.set_header_state(key, view.header_state())
            self.settings.set_registry_query(key, *view.query_state())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle.stop()
        if self.keep_geometry:
            self.save_layout()
        self.runner.wait_idle(5000)
        super().closeEvent(event)
