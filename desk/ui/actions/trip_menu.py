"""The Goods menu's trip actions: a new or stored trip (渡航申請) in
:class:`desk.ui.dialogs.trip_form.TripForm`, saved through
:func:`desk.services.trips.save_trip` and judged through
:func:`desk.services.trips.assess_trips` — off the UI thread — and the trip's records
written through :func:`desk.services.trips.issue_trip_record`. After a save the Trips
registry is read again with the trip selected. ``ask_record_path`` is replaced by tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog

from desk.domain.i18n import _, current_language
from desk.ui.errors import show_error
from desk.ui.models.registry_table import Role

if TYPE_CHECKING:
    from desk.ui.actions.context import ActionContext

REGISTRY = "trips"


class TripActions(QObject):
    form_opened = Signal(object)  # the TripForm
    finished = Signal(str, object)  # action id, the service's result
    failed = Signal(str, object)

    def __init__(self, window: ActionContext):
        super().__init__(cast(Any, window))
        self.window = window

    def connect_actions(self, actions: dict[str, Any]) -> None:
        handlers: tuple[tuple[str, Callable[[], None]], ...] = (
            ("trip.new", self.new_trip),
            ("trip.edit", self.edit_trip),
        )
        for action_id, handler in handlers:
            actions[action_id].triggered.connect(lambda _checked=False, h=handler: h())

    def ask_record_path(self, suggested: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(
            cast(Any, self.window), _("Issue record"), suggested, _("PDF files (*.pdf)")
        )
        return path or None

    def _selected_ref(self) -> str | None:
        view = self.window.current_view()
        row = view.selected_row()
        if view.registry != REGISTRY or row is None or not row.cells:
            return None
        return row.cells[0]

    def show_trip(self, row_id: int) -> None:
        view = self.window.view(REGISTRY)

        def reselect(_loaded: int, _total: int) -> None:
            view.model.loaded.disconnect(reselect)
            for r in range(view.model.rowCount()):
                if view.model.index(r, 0).data(Role.ROW_ID) == row_id:
                    view.select_row(r)
                    break

        self.window.show_registry(REGISTRY)
        view.model.loaded.connect(reselect)
        view.refresh()

    def new_trip(self) -> None:
        ctx = self.window.context
        if ctx is None:
            return

        def work() -> Any:
            from desk.services.trips import trip_choices

            return trip_choices(ctx)

        self.window.runner.run(
            work, success=lambda c: self._open_form(c, None, None, None), label=_("Loading…")
        )

    def edit_trip(self) -> None:
        ref = self._selected_ref()
        ctx = self.window.context
        if ref is None or ctx is None:
            return
        lang = current_language()

        def work() -> Any:
            from desk.services.trips import get_trip, trip_choices
            from desk.services.trips.explain import explain_trip

            view = get_trip(ctx, ref)
            text = explain_trip(view.answer, lang) if view.answer else ""
            return trip_choices(ctx), view.document, text

        self.window.runner.run(
            work,
            success=lambda got: self._open_form(got[0], got[1], ref, got[2]),
            label=_("Loading…"),
        )

    def _open_form(
        self, choices: Any, document: dict[str, Any] | None, ref: str | None, text: str | None
    ) -> None:
        from desk.ui.dialogs.trip_form import TripForm

        form = TripForm(choices, document, cast(Any, self.window), editing=ref)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        if text:
            form.show_decision(text)
        form.save = lambda doc, editing: self._save(form, doc, editing)
        form.issue_record = lambda r, kind: self.record(form, r, kind)
        form.open()
        self.form_opened.emit(form)

    def _save(self, form: Any, document: dict[str, Any], editing: str | None) -> None:
        ctx = self.window.context
        action_id = "trip.new" if editing is None else "trip.edit"
        lang = current_language()

        def work() -> Any:
            from desk.services.trips import assess_trips, list_trips, save_trip
            from desk.services.trips.explain import explain_trip

            saved = save_trip(ctx, document, editing=editing)
            run = assess_trips(ctx, [saved.ref])
            summary = next(s for s in list_trips(ctx) if s.ref == saved.ref)
            return summary, explain_trip(run.results[0], lang)

        def success(result: Any) -> None:
            summary, text = result
            form.saved(summary, text)
            self.window.statusBar().showMessage(
                _("Saved and assessed {ref}.").format(ref=summary.ref), 5000
            )
            self.show_trip(summary.id)
            self.finished.emit(action_id, summary)

        def failure(exc: BaseException) -> None:
            from desk.domain.errors import DeskError

            form.save_failed(exc)
            if not isinstance(exc, DeskError):
                show_error(exc, cast(Any, self.window))
            self.failed.emit(action_id, exc)

        self.window.runner.run(work, success=success, failure=failure, label=_("Saving…"))

    def record(self, form: Any, ref: str, kind: str) -> None:
        suffix = "hand-carry" if kind == "hand_carry" else "trip"
        path = self.ask_record_path(f"{ref}-{suffix}.pdf")
        ctx = self.window.context
        if not path or ctx is None:
            return
        lang = current_language()

        def work() -> Any:
            from desk.services.trips import issue_trip_record

            return issue_trip_record(ctx, ref, kind, path, lang=lang)

        def success(info: Any) -> None:
            self.window.statusBar().showMessage(
                _("Record {number} written to {path}.").format(
                    number=info.document_number, path=info.path
                ),
                8000,
            )
            self.finished.emit("trip.record", info)

        def failure(exc: BaseException) -> None:
            form.record_refused(exc)
            self.failed.emit("trip.record", exc)

        self.window.runner.run(work, success=success, failure=failure, label=_("Writing…"))
