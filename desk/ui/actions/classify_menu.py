"""Classification, licences and inform notices in the app (declared in
:mod:`desk.ui.actions.declared`): Classify… on the selected technical data opens its
classification (該非判定) in :class:`desk.ui.dialogs.register_form.RegisterForm`; the licence
register, the inform notices and the re-classification queue open as
:class:`desk.ui.dialogs.record_list.RecordListDialog`. Services run off the UI thread; a
refusal naming a field is shown next to it, with the input kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Qt, Signal

from desk.domain.i18n import N_, _
from desk.ui.errors import show_error

if TYPE_CHECKING:
    from desk.ui.actions.context import ActionContext
    from desk.ui.dialogs.record_list import RecordListDialog
    from desk.ui.dialogs.register_form import RegisterForm


def _day(value: Any) -> str:
    return value.isoformat() if value else "—"


def classification_values(info: Any) -> dict[str, Any]:
    """A classification as the form shows it."""
    data = info.to_json()
    values = {k: data.get(k) for k in ("result", "ruleset_version", "hs_code", "basis")}
    values |= {
        "item": info.item_number,
        "sub": info.item_sub,
        "article": info.article,
        "paragraph": info.paragraph,
        "article_number": info.article_number,
        "ordinance_revision": data["ordinance_revision"],
        "related_goods": info.related_goods,
        "in_item16_chapters": {True: "yes", False: "no"}.get(info.in_item16_chapters, ""),
        "parameters": [
            "|".join(
                [
                    p.parameter,
                    p.control_value,
                    p.item_value,
                    {True: _("yes"), False: _("no"), None: _("unknown")}[p.meets],
                ]
            )
            for p in info.parameters
        ],
    }
    return values


def licence_values(record: Any) -> dict[str, Any]:
    data = record.to_json()
    values = {k: v for k, v in data.items() if k not in ("id", "version", "case")}
    for key in ("technical_item", "person", "organization"):
        values[key] = data[key]["id"] if data[key] else ""
    return values


class ClassifyActions(QObject):
    dialog_opened = Signal(object)
    finished = Signal(str, object)  # action id, the service's result
    failed = Signal(str, object)

    def __init__(self, window: ActionContext):
        super().__init__(cast(Any, window))
        self.window = window

    def connect_actions(self, actions: dict[str, Any]) -> None:
        handlers: tuple[tuple[str, Callable[[], None]], ...] = (
            ("classify.item", self.classify_selected),
            ("classify.queue", self.open_queue),
            ("licences.register", self.open_licences),
            ("informs.register", self.open_informs),
        )
        for action_id, handler in handlers:
            actions[action_id].triggered.connect(lambda _checked=False, h=handler: h())

    # --- helpers --------------------------------------------------------------------------
    def _form(self, kind: str, values: dict[str, Any] | None, record_id: int | None) -> Any:
        from desk.ui.dialogs.register_form import RegisterForm

        dialog = RegisterForm(kind, values, cast(Any, self.window), record_id=record_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        return dialog

    def _save(
        self,
        dialog: RegisterForm,
        action_id: str,
        work: Callable[[], Any],
        then: Callable[[Any], None] | None = None,
    ) -> None:
        def success(result: Any) -> None:
            dialog.saved()
            self.window.statusBar().showMessage(_("Saved."), 5000)
            if then is not None:
                then(result)
            self.finished.emit(action_id, result)

        def failure(exc: BaseException) -> None:
            from desk.domain.errors import InvalidInput

            dialog.save_failed(exc)
            if not isinstance(exc, InvalidInput):
                show_error(exc, cast(Any, self.window))
            self.failed.emit(action_id, exc)

        self.window.runner.run(work, success=success, failure=failure, label=_("Saving…"))

    def _list(
        self, name: str, title: str, headers: list[str], buttons: list[tuple[str, str]]
    ) -> Any:
        from desk.ui.dialogs.record_list import RecordListDialog

        dialog = RecordListDialog(name, title, headers, buttons, cast(Any, self.window))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        if self.window.read_only:  # an auditor reads the register; every button writes
            why = self.window.refusal(("office",), N_("change anything")) or ""
            for button in dialog.buttons.values():
                button.setEnabled(False)
                button.setToolTip(why)
        return dialog

    # --- Classify… ----------------------------------------------------------------------
    def classify_selected(self) -> None:
        view = self.window.current_view()
        row = view.selected_row()
        ctx = self.window.context
        if view.registry != "technical_items" or row is None or ctx is None:
            return
        item_id = row.id

        def work() -> Any:
            from desk.services.classification import classification_of

            return classification_of(ctx, technical_item=item_id)

        self.window.runner.run(
            work,
            success=lambda info: self.open_classification(item_id, info),
            label=_("Loading…"),
        )

    def open_classification(self, item_id: int | None, info: Any) -> RegisterForm:
        """The classification form of technical item ``item_id`` (``info``: its current one)."""
        ctx = self.window.context
        values = classification_values(info) if info is not None else None
        dialog = self._form("classification", values, info.id if info is not None else None)
        if info is not None:
            who = _("Classified by {name} on {day}").format(
                name=info.classified_by, day=_day(info.classified_on)
            )
            if info.confirmed:
                who += "; " + _("confirmed by {name} on {day}").format(
                    name=info.confirmed_by, day=_day(info.confirmed_on)
                )
            dialog.setToolTip(who)

        def save(values: dict[str, Any]) -> None:
            from desk.services.classification import parse_parameter_text

            values = dict(values)
            values["parameters"] = [
                parse_parameter_text(line, "parameters") for line in values.get("parameters", [])
            ]

            def work() -> Any:
                from desk.services.classification import add_classification, edit_classification

                if info is None:
                    return add_classification(ctx, values, technical_item=item_id)
                return edit_classification(ctx, info.id, values, expected_version=info.version)

            self._save(dialog, "classify.item", work)

        def guarded(values: dict[str, Any]) -> None:
            from desk.domain.errors import InvalidInput

            try:
                save(values)
            except InvalidInput as exc:  # a parameter line the form could not read
                dialog.save_failed(exc)

        dialog.save = guarded
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    # --- the re-classification queue --------------------------------------------------------
    def open_queue(self) -> None:
        ctx = self.window.context
        if ctx is None:
            return
        dialog = self._list(
            "classificationQueue",
            _("Re-classification queue"),
            [_("Classification"), _("Technical data"), _("Item"), _("Classified under"),
             _("Changed from"), _("Source")],
            [("edit", _("Classify again…"))],
        )  # fmt: skip

        def load() -> None:
            def work() -> Any:
                from desk.services.classification import reclassification_queue

                return reclassification_queue(ctx)

            def show(rows: Any) -> None:
                dialog.set_rows(
                    [
                        (
                            q.classification_id,
                            [str(q.classification_id), q.subject_name, q.item,
                             _day(q.classified_under), _day(q.change.effective), q.change.source],
                        )
                        for q in rows
                    ],
                    "" if rows else _("No classification needs to be done again."),
                )  # fmt: skip
                self.finished.emit("classify.queue", rows)

            self.window.runner.run(work, success=show, label=_("Loading…"))

        def requested(_key: str, row_id: Any) -> None:
            if row_id is None:
                return

            def work() -> Any:
                from desk.services.classification import show_classification

                return show_classification(ctx, int(row_id))

            def opened(info: Any) -> None:
                form = self.open_classification(info.subject_id, info)
                form.accepted.connect(load)

            self.window.runner.run(work, success=opened, label=_("Loading…"))

        dialog.requested.connect(requested)
        dialog.open()
        load()
        self.dialog_opened.emit(dialog)

    # --- the licence register ---------------------------------------------------------------
    def open_licences(self) -> RecordListDialog:
        ctx = self.window.context
        dialog = self._list(
            "licenceRegister",
            _("Licence register"),
            [_("Id"), _("Status"), _("Licence number"), _("Technical data"), _("Recipient"),
             _("Valid")],
            [("new", _("New licence…")), ("edit", _("Edit licence…"))],
        )  # fmt: skip

        def load() -> None:
            def work() -> Any:
                from desk.services.reviews import licences_expiring, list_licences

                return list_licences(ctx), licences_expiring(ctx, 60)

            def show(result: Any) -> None:
                rows, expiring = result
                notice = "\n".join(
                    _("Licence {number} expires on {day} ({n} days left)").format(
                        number=e.licence.number, day=_day(e.licence.valid_until), n=e.days_left
                    )
                    for e in expiring
                )
                dialog.set_rows(
                    [
                        (
                            r.id,
                            [str(r.id), r.status_label, r.number or "—",
                             r.technical_item[1] if r.technical_item else (r.case_ref or "—"),
                             r.recipient or "—",
                             f"{_day(r.valid_from or r.granted_on)} – {_day(r.valid_until)}"],
                        )
                        for r in rows
                    ],
                    notice,
                )  # fmt: skip
                self.finished.emit("licences.register", rows)

            self.window.runner.run(work, success=show, label=_("Loading…"))

        def requested(key: str, row_id: Any) -> None:
            if key == "new":
                self._licence_form(None, load)
                return
            if row_id is None:
                return

            def work() -> Any:
                from desk.services.reviews import show_licence

                return show_licence(ctx, int(row_id))

            self.window.runner.run(
                work, success=lambda r: self._licence_form(r, load), label=_("Loading…")
            )

        dialog.requested.connect(requested)
        dialog.open()
        load()
        self.dialog_opened.emit(dialog)
        return dialog

    def _licence_form(self, record: Any, reload: Callable[[], None]) -> RegisterForm:
        ctx = self.window.context
        values = licence_values(record) if record is not None else {"status": "consultation"}
        dialog = self._form("licence", values, record.id if record is not None else None)

        def save(values: dict[str, Any]) -> None:
            values = dict(values)

            def work() -> Any:
                from desk.services.reviews import add_licence, edit_licence, set_licence_status

                if record is None:
                    return add_licence(ctx, values)
                status = values.pop("status", record.status)
                done = edit_licence(ctx, record.id, values, expected_version=record.version)
                if status != record.status:
                    done = set_licence_status(ctx, record.id, status)
                return done

            self._save(dialog, "licence.save", work, lambda _r: reload())

        dialog.save = save
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    # --- inform notices ---------------------------------------------------------------------
    def open_informs(self) -> RecordListDialog:
        ctx = self.window.context
        dialog = self._list(
            "informRegister",
            _("Inform notices"),
            [_("Id"), _("Notice number"), _("Notified on"), _("Kind"), _("Technical data"),
             _("Recipient"), _("Affected cases")],
            [("new", _("New inform notice…"))],
        )  # fmt: skip

        def load() -> None:
            def work() -> Any:
                from desk.services.reviews import list_informs

                return list_informs(ctx)

            def show(rows: Any) -> None:
                dialog.set_rows(
                    [
                        (
                            r.id,
                            [str(r.id), r.number, _day(r.notified_on), r.kind_label,
                             r.technical_item[1] if r.technical_item else "—",
                             (r.person or r.organization or (0, "—"))[1], "、".join(r.cases)],
                        )
                        for r in rows
                    ]
                )  # fmt: skip
                self.finished.emit("informs.register", rows)

            self.window.runner.run(work, success=show, label=_("Loading…"))

        def requested(key: str, _row_id: Any) -> None:
            if key != "new":
                return
            form = self._form("inform", None, None)

            def save(values: dict[str, Any]) -> None:
                def work() -> Any:
                    from desk.services.reviews import add_inform

                    return add_inform(ctx, values)

                def applied(record: Any) -> None:
                    if record.applied:
                        self.window.statusBar().showMessage(
                            _("Applied to: {refs}").format(refs="、".join(record.applied)), 8000
                        )
                    load()

                self._save(form, "inform.save", work, applied)

            form.save = save
            form.open()
            self.dialog_opened.emit(form)

        dialog.requested.connect(requested)
        dialog.open()
        load()
        self.dialog_opened.emit(dialog)
        return dialog
