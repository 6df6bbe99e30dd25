"""The Goods menu's actions (declared in :mod:`desk.ui.actions.declared`): a new or stored
shipment in :class:`desk.ui.dialogs.shipment_form.ShipmentForm`, saved and judged through
:func:`desk.services.goods.save_shipment`, and the 非該当証明書 written through
:func:`desk.services.goods.issue_certificate` — both off the UI thread. After a save the
Shipments registry is read again with the shipment selected. The review (submit, first
and second review: the cases' review dialog, :mod:`desk.ui.dialogs.review`), the export
permit (:mod:`desk.ui.dialogs.shipment_permit`) and the goods records (取引審査票, 関税法
94条の帳簿) are the Goods menu's and the table's context menu's too. Questions the user
answers are ``ask_*`` methods (tests replace them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog

from desk.domain.i18n import _, current_language
from desk.ui.actions.base import RecordFormActions
from desk.ui.errors import show_error

REGISTRY = "shipments"


class ShipmentActions(RecordFormActions):
    REGISTRY = REGISTRY
    # form_opened: the ShipmentForm
    dialog_opened = Signal(object)  # the review or permit dialog

    def connect_actions(self, actions: dict[str, Any]) -> None:
        handlers: tuple[tuple[str, Callable[[], None]], ...] = (
            ("shipment.new", self.new_shipment),
            ("shipment.edit", self.edit_shipment),
            ("shipment.review", self.review_shipment),
            ("shipment.permit", self.record_permit),
            ("shipment.record", self.issue_record),
        )
        for action_id, handler in handlers:
            actions[action_id].triggered.connect(lambda _checked=False, h=handler: h())

    # --- questions (tests replace these) ------------------------------------------------
    def ask_certificate_path(self, suggested: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(
            cast(Any, self.window), _("Issue certificate"), suggested, _("PDF files (*.pdf)")
        )
        return path or None

    def ask_record(self, ref: str) -> tuple[str, str] | None:
        """The record to issue (review_sheet | customs_book) and the file to write."""
        kinds = {
            _("Transaction review sheet (取引審査票)"): "review_sheet",
            _("Customs record book entry (関税法94条)"): "customs_book",
        }
        choice, ok = QInputDialog.getItem(
            cast(Any, self.window), _("Issue goods record"), _("Record:"), list(kinds), 0, False
        )
        if not ok:
            return None
        kind = kinds[choice]
        path, _filter = QFileDialog.getSaveFileName(
            cast(Any, self.window),
            _("Issue goods record"),
            f"{ref}-{kind.replace('_', '-')}.pdf",
            _("PDF files (*.pdf)"),
        )
        return (kind, path) if path else None

    # --- helpers --------------------------------------------------------------------------
    def show_shipment(self, row_id: int) -> None:
        """The Shipments registry read again, with shipment ``row_id`` selected."""
        self.show_row(row_id)

    # --- New… / Edit… -----------------------------------------------------------------------
    def new_shipment(self) -> None:
        if self.window.context is not None:
            self._open_form(None, None)

    def edit_shipment(self) -> None:
        ref = self._selected_ref()
        ctx = self.window.context
        if ref is None or ctx is None:
            return

        def work() -> Any:
            from desk.services.goods import shipment_document, shipment_status

            return shipment_document(ctx, ref), shipment_status(ctx, ref)

        self.window.runner.run(
            work, success=lambda got: self._open_form(got[0], ref, got[1]), label=_("Loading…")
        )

    def _open_form(
        self, document: dict[str, Any] | None, ref: str | None, status: str = ""
    ) -> None:
        from desk.ui.dialogs.shipment_form import ShipmentForm

        form = ShipmentForm(document, cast(Any, self.window), editing=ref, status=status)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        form.save = lambda doc, editing: self._save(form, doc, editing)
        form.issue_certificate = lambda r: self.certificate(form, r)
        form.move_status = lambda r, to, note: self.move(form, r, to, note)
        form.open()
        self.form_opened.emit(form)

    def _save(self, form: Any, document: dict[str, Any], editing: str | None) -> None:
        from desk.domain.errors import InvalidInput

        ctx = self.window.context
        lang = current_language()

        def work() -> tuple[Any, str]:
            from desk.rules.goods.explain import explain
            from desk.services.goods import save_shipment

            saved = save_shipment(ctx, document, editing=editing)
            return saved, explain(saved.shipment, saved.answer, lang)

        self._save_form(
            form,
            "shipment.new" if editing is None else "shipment.edit",
            work,
            summary=lambda saved: saved.summary,
            said_in_form=InvalidInput,  # a refusal is the error dialog too
        )

    # --- status ---------------------------------------------------------------------------------
    def move(self, form: Any, ref: str, to: str, note: str) -> None:
        ctx = self.window.context

        def work() -> Any:
            from desk.services.reviews import move_shipment

            return move_shipment(ctx, ref, to, note=note or None)

        def success(summary: Any) -> None:
            form.moved(summary.status)
            self.show_shipment(summary.id)
            self.finished.emit("shipment.status", summary)

        def failure(exc: BaseException) -> None:
            form.move_refused(exc)
            self.failed.emit("shipment.status", exc)

        self.window.runner.run(work, success=success, failure=failure, label=_("Saving…"))

    # --- the 非該当証明書 -----------------------------------------------------------------------
    def certificate(self, form: Any, ref: str) -> None:
        path = self.ask_certificate_path(f"{ref}-certificate.pdf")
        ctx = self.window.context
        if not path or ctx is None:
            return

        def work() -> Any:
            from desk.services.goods import issue_certificate

            return issue_certificate(ctx, ref, path)

        def success(target: Any) -> None:
            self.window.statusBar().showMessage(
                _("Certificate written to {path}.").format(path=target), 8000
            )
            self.finished.emit("shipment.certificate", target)

        def failure(exc: BaseException) -> None:
            form.certificate_refused(exc)
            self.failed.emit("shipment.certificate", exc)

        self.window.runner.run(work, success=success, failure=failure, label=_("Writing…"))

    # --- review, permit, records ------------------------------------------------------------
    def _selected(self) -> tuple[str, int] | None:
        view = self.window.current_view()
        row = view.selected_row()
        if view.registry != REGISTRY or row is None or not row.cells:
            return None
        return row.cells[0], row.id

    def review_shipment(self) -> None:
        """The review dialog for the selected shipment (its state read off the UI thread)."""
        from desk.ui.dialogs.review import ReviewDialog

        picked, ctx = self._selected(), self.window.context
        if picked is None or ctx is None:
            return
        ref, row_id = picked

        def work() -> Any:
            from desk.services.reviews import shipment_review_state

            return shipment_review_state(ctx, ref)

        def opened(state: Any) -> None:
            dialog = ReviewDialog(state, cast(Any, self.window), subject="shipment")
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.save = lambda request: self._store_review(dialog, request, row_id)
            dialog.open()
            self.dialog_opened.emit(dialog)

        self.window.runner.run(work, success=opened, label=_("Loading…"))

    def _store_review(self, dialog: Any, request: Any, row_id: int) -> None:
        from desk.services.reviews import STATUS_LABELS
        from desk.ui.dialogs.review import run_request

        ctx = self.window.context

        def success(state: Any) -> None:
            dialog.saved()
            self.window.statusBar().showMessage(
                _("Shipment {ref} is now {status}.").format(
                    ref=state.ref, status=_(STATUS_LABELS[state.status])
                ),
                5000,
            )
            self.show_shipment(row_id)
            self.finished.emit("shipment.review", state)

        self.window.runner.run(
            lambda: run_request(ctx, request),
            success=success,
            failure=lambda exc: self._refused(dialog, "shipment.review", exc),
            label=_("Saving…"),
        )

    def _refused(self, dialog: Any, action_id: str, exc: BaseException) -> None:
        """A refusal (a role, a conflict, the workflow) is said in the dialog, which keeps
        what was entered; anything else is the error dialog as usual."""
        from desk.domain.errors import DeskError

        self.failed.emit(action_id, exc)
        if isinstance(exc, DeskError):
            try:
                dialog.save_failed(exc)
                return
            except RuntimeError:  # the dialog was closed meanwhile
                pass
        show_error(exc, cast(Any, self.window))

    def record_permit(self) -> None:
        from desk.ui.dialogs.shipment_permit import PermitDialog

        picked, ctx = self._selected(), self.window.context
        if picked is None or ctx is None:
            return
        ref, row_id = picked

        def work() -> Any:
            from desk.services.reviews import shipment_review_state

            return shipment_review_state(ctx, ref), ctx.today()

        def opened(got: Any) -> None:
            state, today = got
            dialog = PermitDialog(state, today, cast(Any, self.window))
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.save = lambda number, on: self._store_permit(
                dialog, ref, row_id, number, on, state.version
            )
            dialog.open()
            self.dialog_opened.emit(dialog)

        self.window.runner.run(work, success=opened, label=_("Loading…"))

    def _store_permit(
        self, dialog: Any, ref: str, row_id: int, number: Any, on: Any, version: int
    ) -> None:
        ctx = self.window.context

        def work() -> Any:
            from desk.services.reviews import record_permit

            return record_permit(ctx, ref, number, on, seen_version=version)

        def success(state: Any) -> None:
            dialog.saved()
            self.window.statusBar().showMessage(
                _("Export permit of {ref} recorded.").format(ref=ref), 5000
            )
            self.show_shipment(row_id)
            self.finished.emit("shipment.permit", state)

        self.window.runner.run(
            work,
            success=success,
            failure=lambda exc: self._refused(dialog, "shipment.permit", exc),
            label=_("Saving…"),
        )

    def issue_record(self) -> None:
        picked, ctx = self._selected(), self.window.context
        if picked is None or ctx is None:
            return
        ref = picked[0]
        asked = self.ask_record(ref)
        if asked is None:
            return
        kind, path = asked

        def work() -> Any:
            from desk.services.records import issue_goods_record

            return issue_goods_record(ctx, ref, kind, path)

        def success(info: Any) -> None:
            self.window.statusBar().showMessage(
                _("Record {number} written to {path}.").format(
                    number=info.document_number, path=info.path
                ),
                8000,
            )
            self.finished.emit("shipment.record", info)

        def failure(exc: BaseException) -> None:
            self.failed.emit("shipment.record", exc)
            show_error(exc, cast(Any, self.window))

        self.window.runner.run(work, success=success, failure=failure, label=_("Writing…"))
