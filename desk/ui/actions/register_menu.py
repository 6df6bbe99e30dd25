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
from PySide6.QtWidgets import QInputDialog, QMessageBox

from desk.domain.i18n import _
from desk.ui.errors import show_error
from desk.ui.models.registry_table import Role

if TYPE_CHECKING:
    from desk.ui.actions.context import ActionContext

# registry key → register kind
REGISTER_KINDS = {
    "people": "person",
    "organizations": "organization",
    "projects": "project",
    "technical_items": "technical_item",
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
        view = self.window.view(registry)

        def reselect(_loaded: int, _total: int) -> None:
            view.model.loaded.disconnect(reselect)
            for r in range(view.model.rowCount()):
                if view.model.index(r, 0).data(Role.ROW_ID) == record_id:
                    view.select_row(r)
                    break

        self.window.show_registry(registry)
        view.model.loaded.connect(reselect)
        view.refresh()

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
            success=lambda record: self._open_form(kind, _form_values(record), record_id),
            label=_("Loading…"),
        )

    def _open_form(self, kind: str, values: dict[str, Any] | None, record_id: int | None) -> None:
        from desk.ui.dialogs.register_form import RegisterForm

        dialog = RegisterForm(kind, values, cast(Any, self.window), record_id=record_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.save = lambda v: self._save(dialog, kind, record_id, v)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _save(self, dialog: Any, kind: str, record_id: int | None, values: dict[str, Any]) -> None:
        ctx = self.window.context
        action_id = "register.new" if record_id is None else "register.edit"

        def work() -> Any:
            from desk.services.registers import add, edit

            if record_id is None:
                return add(ctx, kind, values)
            return edit(ctx, kind, record_id, values)

        def success(record: Any) -> None:
            dialog.saved()
            self.window.statusBar().showMessage(_("Saved {name}.").format(name=record.name), 5000)
            self.show_record(kind, record.id)
            self.finished.emit(action_id, record)

        def failure(exc: BaseException) -> None:
            from desk.domain.errors import InvalidInput

            dialog.save_failed(exc)
            if not isinstance(exc, InvalidInput):
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
