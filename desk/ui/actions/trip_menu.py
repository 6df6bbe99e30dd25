"""The Goods menu's trip actions: a new or stored trip (渡航申請) in
:class:`desk.ui.dialogs.trip_form.TripForm`, saved through
:func:`desk.services.trips.save_trip` and judged through
:func:`desk.services.trips.assess_trips` — off the UI thread — and the trip's records
written through :func:`desk.services.trips.issue_trip_record`. After a save the Trips
registry is read again with the trip selected. ``ask_record_path`` is replaced by tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desk.domain.i18n import _, current_language
from desk.ui.actions.base import RecordFormActions

REGISTRY = "trips"


class TripActions(RecordFormActions):
    REGISTRY = REGISTRY  # form_opened: the TripForm

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

    def show_trip(self, row_id: int) -> None:
        """The Trips registry read again, with trip ``row_id`` selected."""
        self.show_row(row_id)

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
        from desk.domain.errors import DeskError

        ctx = self.window.context
        lang = current_language()

        def work() -> tuple[Any, str]:
            from desk.services.trips import assess_trips, list_trips, save_trip
            from desk.services.trips.explain import explain_trip

            saved = save_trip(ctx, document, editing=editing)
            run = assess_trips(ctx, [saved.ref])
            summary = next(s for s in list_trips(ctx) if s.ref == saved.ref)
            return summary, explain_trip(run.results[0], lang)

        self._save_form(
            form, "trip.new" if editing is None else "trip.edit", work, said_in_form=DeskError
        )

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
