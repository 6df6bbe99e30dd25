"""The registry views' New… / Edit… / Merge… / Retire actions (declared in
:mod:`desk.ui.actions.declared`): open :class:`desk.ui.dialogs.register_form.RegisterForm`, run
the register services off the UI thread, then show the registry read again with the new
or changed record selected. Questions the user answers are ``ask_*`` methods (tests
replace them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from desk.domain.i18n import _
from desk.ui.actions.base import show_selected
from desk.ui.errors import show_error

if TYPE_CHECKING:
    from desk.ui.actions.context import ActionContext

# registry key → register kind
REGISTER_KINDS = {
    "people": "person",
    "organizations": "organization",
    "projects": "project",
    "technical_items": "technical_item",
    "goods_items": "goods_item",
}


def _form_values(record: Any) -> dict[str, Any]:
    values = dict(record.fields)
    links = record.links
    if record.kind == "person":
        values["affiliations"] = [a["id"] for a in links.get("affiliations", [])]
    if record.kind == "project":
        values["partners"] = [p["id"] for p in links.get("partners", [])]
    return values


class RegisterActions(QObject):
    dialog_opened = Signal(object)
    finished = Signal(str, object)  # action id, the service's result
    failed = Signal(str, object)

    def __init__(self, window: ActionContext):
        super().__init__(cast(Any, window))
        self.window = window

    def connect_actions(self, actions: dict[str, Any]) -> None:
        handlers: tuple[tuple[str, Callable[[], None]], ...] = (
            ("register.new", self.new_record),
            ("register.edit", self.edit_record),
            ("register.merge", self.merge_record),
            ("register.retire", self.retire_record),
            ("register.import_roster", self.import_roster),
            ("register.review_pairs", self.review_pairs),
            ("register.export", self.export_register),
        )
        for action_id, handler in handlers:
            actions[action_id].triggered.connect(lambda _checked=False, h=handler: h())

    # --- questions (tests replace these) ------------------------------------------------
    def ask_merge_source(self, name: str) -> int | None:
        number, ok = QInputDialog.getInt(
            cast(Any, self.window),
            _("Merge records"),
            _("Id of the record to merge into {name} (it is removed):").format(name=name),
            1,
            1,
        )
        return number if ok else None

    def ask_retire(self, name: str) -> bool:
        answer = QMessageBox.question(
            cast(Any, self.window),
            _("Retire record"),
            _("Retire {name}? It is kept but no longer offered or matched.").format(name=name),
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_roster_file(self, current: str = "") -> str | None:
        path, _filter = QFileDialog.getOpenFileName(
            cast(Any, self.window),
            _("Import roster"),
            current,
            _("Rosters (*.xlsx *.csv)"),
        )
        return path or None

    def ask_export_path(self, suggested: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(
            cast(Any, self.window),
            _("Export register"),
            suggested,
            _("Excel (*.xlsx);;CSV (*.csv);;JSON (*.json)"),
        )
        return path or None

    # --- helpers --------------------------------------------------------------------------
    def _kind(self) -> str | None:
        return REGISTER_KINDS.get(self.window.current_view().registry)

    def _selected(self) -> tuple[str, int, str] | None:
        kind = self._kind()
        row = self.window.current_view().selected_row()
        if kind is None or row is None or self.window.context is None:
            return None
        return kind, row.id, row.cells[0] if row.cells else str(row.id)

    def _run(self, action_id: str, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        def success(result: Any) -> None:
            done(result)
            self.finished.emit(action_id, result)

        def failure(exc: BaseException) -> None:
            show_error(exc, cast(Any, self.window))
            self.failed.emit(action_id, exc)

        self.window.runner.run(work, success=success, failure=failure, label=_("Saving…"))

    def show_record(self, kind: str, record_id: int) -> None:
        """The registry of ``kind`` read again, with record ``record_id`` selected."""
        registry = next(k for k, v in REGISTER_KINDS.items() if v == kind)
        show_selected(self.window, registry, record_id)

    # --- New… / Edit… -----------------------------------------------------------------------
    def new_record(self) -> None:
        kind = self._kind()
        if kind is not None and self.window.context is not None:
            self._open_form(kind, None, None)

    def edit_record(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        kind, record_id, _name = selected
        ctx = self.window.context

        def work() -> Any:
            from desk.services.registers import show

            return show(ctx, kind, record_id)

        self.window.runner.run(
            work,
            # the form keeps the version it showed: a save over someone else's is refused
            success=lambda record: self._open_form(
                kind, _form_values(record), record_id, record.seen
            ),
            label=_("Loading…"),
        )

    def _open_form(
        self,
        kind: str,
        values: dict[str, Any] | None,
        record_id: int | None,
        seen: Any = None,
    ) -> None:
        from desk.ui.dialogs.register_form import RegisterForm

        dialog = RegisterForm(kind, values, cast(Any, self.window), record_id=record_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.save = lambda v: self._save(dialog, kind, record_id, v, seen)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _save(
        self,
        dialog: Any,
        kind: str,
        record_id: int | None,
        values: dict[str, Any],
        seen: Any = None,
    ) -> None:
        ctx = self.window.context
        action_id = "register.new" if record_id is None else "register.edit"

        def work() -> Any:
            from desk.services.registers import add, edit

            if record_id is None:
                return add(ctx, kind, values)
            return edit(ctx, kind, record_id, values, seen=seen)

        def success(record: Any) -> None:
            dialog.saved()
            self.window.statusBar().showMessage(_("Saved {name}.").format(name=record.name), 5000)
            self.show_record(kind, record.id)
            self.finished.emit(action_id, record)

        def failure(exc: BaseException) -> None:
            from desk.domain.errors import DeskError

            dialog.save_failed(exc)
            if not isinstance(exc, DeskError):  # a refusal is said in the form, input kept
                show_error(exc, cast(Any, self.window))
            self.failed.emit(action_id, exc)

        self.window.runner.run(work, success=success, failure=failure, label=_("Saving…"))

    # --- Merge… / Retire ---------------------------------------------------------------------
    def merge_record(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        kind, keep, name = selected
        drop = self.ask_merge_source(name)
        if drop is None:
            return
        ctx = self.window.context

        def work() -> Any:
            from desk.services.registers import merge

            return merge(ctx, kind, keep, drop)

        self._run("register.merge", work, lambda record: self.show_record(kind, record.id))

    def retire_record(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        kind, record_id, name = selected
        if not self.ask_retire(name):
            return
        ctx = self.window.context

        def work() -> Any:
            from desk.services.registers import retire

            return retire(ctx, kind, record_id)

        self._run("register.retire", work, lambda record: self.window.current_view().refresh())

    # --- rosters (File → Import roster…, Edit → Review doubtful pairs…) ----------------------
    def import_roster(self) -> None:
        if self.window.context is None:
            return
        from desk.ui.dialogs.roster import RosterImportDialog

        dialog = RosterImportDialog(self.ask_roster_file, cast(Any, self.window))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.preview_requested.connect(lambda: self._roster(dialog, dry_run=True))
        dialog.import_requested.connect(lambda: self._roster(dialog, dry_run=False))
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _roster(self, dialog: Any, *, dry_run: bool) -> None:
        ctx = self.window.context
        path, mapping, sheet = dialog.path(), dialog.mapping(), dialog.sheet_name()
        progress = _Progress(dialog)
        progress.step.connect(dialog.set_progress)
        action_id = "register.import_roster"

        def work() -> Any:
            from desk.services.registers import import_roster

            return import_roster(
                ctx,
                path,
                mapping or None,
                sheet=sheet,
                dry_run=dry_run,
                progress=progress.step.emit,
            )

        def success(result: Any) -> None:
            dialog.show_result(result)
            if result.applied:
                self.window.current_view().refresh()
                self.window.statusBar().showMessage(dialog.summary.text(), 8000)
            self.finished.emit(action_id, result)

        def failure(exc: BaseException) -> None:
            from desk.domain.errors import DeskError

            if isinstance(exc, DeskError):
                dialog.show_problem(str(exc))
            else:
                dialog.show_problem(_("The roster could not be imported."))
                show_error(exc, cast(Any, self.window))
            self.failed.emit(action_id, exc)

        label = _("Reading the roster…") if dry_run else _("Importing the roster…")
        self.window.runner.run(work, success=success, failure=failure, label=label)

    def review_pairs(self) -> None:
        if self.window.context is None:
            return
        from desk.ui.dialogs.roster import RosterReviewDialog

        dialog = RosterReviewDialog(cast(Any, self.window))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.decided.connect(lambda rid, accepted: self._decide(dialog, rid, accepted))
        self._load_pairs(dialog)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _load_pairs(self, dialog: Any) -> None:
        ctx = self.window.context

        def work() -> Any:
            from desk.services.registers import roster_reviews

            return roster_reviews(ctx)

        self.window.runner.run(work, success=dialog.show_items, label=_("Loading…"))

    def _decide(self, dialog: Any, review_id: int, accepted: bool) -> None:
        ctx = self.window.context

        def work() -> Any:
            from desk.services.registers import accept_review, reject_review

            return (accept_review if accepted else reject_review)(ctx, review_id)

        def done(_item: Any) -> None:
            self._load_pairs(dialog)
            self.window.current_view().refresh()

        self._run("register.review_pairs", work, done)

    # --- File → Export register… -----------------------------------------------------------
    def export_register(self) -> None:
        view = self.window.current_view()
        kind = REGISTER_KINDS.get(view.registry)
        ctx = self.window.context
        if kind is None or ctx is None:
            return
        path = self.ask_export_path(f"{view.registry}.xlsx")
        if not path:
            return
        text = view.model.search_text
        include_retired = view.model.include_retired

        def work() -> Any:
            from desk.services.registers import export_registry

            # the save dialog asked before replacing a file
            return export_registry(
                ctx, kind, path, text=text, include_retired=include_retired, force=True
            )

        def done(result: Any) -> None:
            self.window.statusBar().showMessage(
                _("Exported {rows} records to {path} ({format}).").format(
                    rows=result.rows, path=result.path, format=result.format
                ),
                8000,
            )

        self._run("register.export", work, done)


class _Progress(QObject):
    """Carries a worker's progress to the dialog (a queued signal into the UI thread)."""

    step = Signal(int, int)
