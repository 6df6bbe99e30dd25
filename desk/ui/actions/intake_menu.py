"""A person's declarations and pledges, intake reviews and campaigns in the app (the
actions are declared in :mod:`desk.ui.actions.declared`; on the command line they are
``desk declarations``, ``desk intake`` and ``desk campaigns``).

- Record declaration or pledge… (the selected person): a received 特定類型 declaration,
  pledge (誓約書), exit pledge or change report (変更届), with the date received, validity
  and basis; the form shows the documents already on file.
- Intake review… (the selected person): admission, hiring or visit — the person and their
  affiliations are screened again when it is stored; the form shows the facts as they
  stand and, for a re-review, what changed since the last review.
- Declaration campaigns… / New campaign…: ask a cohort, then the "not yet submitted" list.

The forms are :class:`desk.ui.dialogs.register_form.RegisterForm` (fields named by their
label when refused, unsaved-changes guard); the services run off the UI thread, and a
refusal (a role, a bad date) is said in the form, which keeps the input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Qt, Signal

from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, _
from desk.ui.errors import show_error

if TYPE_CHECKING:
    from desk.ui.actions.context import ActionContext


def _as_text(value: Any) -> str:
    if value in (None, "", [], ()):
        return "—"
    if isinstance(value, Mapping):
        types = ", ".join(_("type {n}").format(n=t) for t in value.get("types") or ()) or "—"
        return _("received on {day}, specific categories: {types}").format(
            day=value.get("received_on") or "—", types=types
        )
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def facts_text(facts: Mapping[str, Any]) -> str:
    """The facts an intake review keeps, one a line, labelled."""
    from desk.services.registers import FACT_LABELS

    lines = []
    for key, label in FACT_LABELS.items():
        value = facts.get(key)
        if key == "role" and value in ROLES:
            value = _(ROLES[value])
        elif key == "nationalities" and value:
            from desk.domain.countries import country_label

            value = [country_label(str(code)) for code in value]
        lines.append(f"{_capital(_(label))}: {_as_text(value)}")
    return "\n".join(lines)


def documents_text(documents: Sequence[Any]) -> str:
    from desk.services.registers import DOCUMENT_KIND_LABELS, DOCUMENT_STATUS_LABELS

    if not documents:
        return _("No declaration or pledge is on file.")
    lines = [_("On file:")]
    for d in documents:
        day = d.received_on or d.requested_on
        lines.append(
            "- {kind} — {status} {day}{until}".format(
                kind=_(DOCUMENT_KIND_LABELS[d.kind]),
                status=_(DOCUMENT_STATUS_LABELS[d.status]),
                day=day.isoformat() if day else "",
                until=(
                    _(" (valid until {day})").format(day=d.valid_until.isoformat())
                    if d.valid_until
                    else ""
                ),
            )
        )
    return "\n".join(lines)


ROLES = {
    "student": N_("student"),
    "researcher": N_("researcher"),
    "staff": N_("staff"),
    "visitor": N_("visitor"),
    "foreign_collaborator": N_("foreign collaborator"),
}
# the outcomes as the intake review form names them ("cleared" alone reads as a screening
# hit's decision)
OUTCOMES = {
    "cleared": N_("no concern"),
    "conditions": N_("cleared with conditions"),
    "refused": N_("refused"),
    "pending": N_("pending"),
}


def _person_ids(values: Sequence[str]) -> list[int]:
    out = []
    for v in values:
        if not str(v).strip().isdigit():
            raise InvalidInput(_("not a record id: {value}").format(value=v), where="person_ids")
        out.append(int(v))
    return out


class IntakeActions(QObject):
    dialog_opened = Signal(object)
    finished = Signal(str, object)  # action id, the service's result
    failed = Signal(str, object)

    def __init__(self, window: ActionContext):
        super().__init__(cast(Any, window))
        self.window = window
        self.campaigns_dialog: Any = None

    def connect_actions(self, actions: dict[str, Any]) -> None:
        handlers: tuple[tuple[str, Callable[[], None]], ...] = (
            ("intake.declaration", self.record_declaration),
            ("intake.review", self.review_person),
            ("intake.campaigns", self.show_campaigns),
            ("intake.new_campaign", self.new_campaign),
        )
        for action_id, handler in handlers:
            actions[action_id].triggered.connect(lambda _checked=False, h=handler: h())

    # --- helpers --------------------------------------------------------------------------
    def _person(self) -> tuple[int, str] | None:
        view = self.window.current_view()
        row = view.selected_row()
        if view.registry != "people" or row is None or self.window.context is None:
            return None
        return row.id, row.cells[0] if row.cells else str(row.id)

    def _open(
        self,
        dialog: Any,
        save: Callable[[dict[str, Any]], Any],
        action_id: str,
        then: Callable[[Any], None],
    ) -> None:
        """Show ``dialog``; Save runs ``save(values)`` off the UI thread, then ``then``."""
        from desk.domain.errors import DeskError

        def run(values: dict[str, Any]) -> None:
            def success(result: Any) -> None:
                dialog.saved()
                then(result)
                self.finished.emit(action_id, result)

            def failure(exc: BaseException) -> None:
                dialog.save_failed(exc)
                if not isinstance(exc, DeskError):  # a refusal is said in the form
                    show_error(exc, cast(Any, self.window))
                self.failed.emit(action_id, exc)

            self.window.runner.run(
                lambda: save(values), success=success, failure=failure, label=_("Saving…")
            )

        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.save = run
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _refresh_person(self) -> None:
        view = self.window.current_view()
        row = view.selected_row()
        if view.registry == "people" and row is not None:
            view.load_detail(row.id)

    # --- Record declaration or pledge… -------------------------------------------------------
    def record_declaration(self) -> None:
        person = self._person()
        if person is None:
            return
        person_id, name = person
        ctx = self.window.context

        def load() -> Any:
            from desk.services.registers import list_documents

            return list_documents(ctx, person_id=person_id)

        self.window.runner.run(
            load,
            success=lambda docs: self.open_declaration_form(person_id, name, docs),
            label=_("Loading…"),
        )

    def open_declaration_form(self, person_id: int, name: str, documents: Sequence[Any]) -> Any:
        from desk.ui.dialogs.register_form import RegisterForm

        ctx = self.window.context
        dialog = RegisterForm("declaration", {"kind": "declaration"}, cast(Any, self.window))
        dialog.setWindowTitle(_("Record a declaration or pledge: {name}").format(name=name))
        dialog.set_intro(
            _(
                "A declaration dated after a provision does not count for it. "
                "For someone not under the university's direction, choose "
                "\u201cinformation normally obtained\u201d as the basis."
            )
            + "\n"
            + documents_text(documents)
        )

        def save(values: dict[str, Any]) -> Any:
            from desk.services.registers import receive_document

            v = dict(values)
            return receive_document(
                ctx, person_id, v.pop("kind", ""), v.pop("received_on", None), **v
            )

        def done(doc: Any) -> None:
            self.window.statusBar().showMessage(
                _("Recorded for {name}.").format(name=doc.person_name), 5000
            )
            self._refresh_person()

        self._open(dialog, save, "intake.declaration", done)
        return dialog

    # --- Intake review… ---------------------------------------------------------------------
    def review_person(self) -> None:
        person = self._person()
        if person is None:
            return
        person_id, _name = person
        ctx = self.window.context

        def load() -> Any:
            from desk.services.registers import review_status

            return review_status(ctx, person_id)

        self.window.runner.run(load, success=self.open_review_form, label=_("Loading…"))

    def open_review_form(self, status: Any) -> Any:
        from desk.services.registers import FACT_LABELS
        from desk.ui.dialogs.register_form import RegisterForm

        ctx = self.window.context
        values: dict[str, Any] = {}
        lines = [
            _(
                "Saving screens the person and their affiliations against the lists in use "
                "and keeps these facts with the review."
            ),
            facts_text(status.facts),
        ]
        if status.last is not None:
            lines.append(
                _("Last reviewed on {day}: {outcome}.").format(
                    day=status.last.reviewed_on.isoformat(),
                    outcome=_(OUTCOMES[status.last.outcome]),
                )
            )
            if status.changed:
                lines.append(
                    _("Changed since: {facts}.").format(
                        facts=", ".join(_(FACT_LABELS[k]) for k in status.changed)
                    )
                )
                values["occasion"] = "status_change"
        dialog = RegisterForm("intake_review", values, cast(Any, self.window))
        dialog.setWindowTitle(_("Intake review: {name}").format(name=status.person_name))
        dialog.set_intro("\n".join(lines))
        person_id = status.person_id

        def save(v: dict[str, Any]) -> Any:
            from desk.services.registers import review_person

            v = dict(v)
            return review_person(ctx, person_id, v.pop("occasion", ""), v.pop("outcome", ""), **v)

        def done(review: Any) -> None:
            self.window.statusBar().showMessage(
                _("Intake review of {name} stored: {outcome}; screening hits: {hits}.").format(
                    name=review.person_name,
                    outcome=_(OUTCOMES[review.outcome]),
                    hits=len(review.hits),
                ),
                8000,
            )
            self._refresh_person()

        self._open(dialog, save, "intake.review", done)
        return dialog

    # --- campaigns ---------------------------------------------------------------------------
    def show_campaigns(self, select_id: int | None = None) -> None:
        if self.window.context is None:
            return
        from desk.ui.dialogs.campaigns import CampaignsDialog

        dialog = self.campaigns_dialog
        if dialog is None:
            dialog = CampaignsDialog(cast(Any, self.window))
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            dialog.new_requested.connect(self.new_campaign)
            dialog.destroyed.connect(lambda *_a: setattr(self, "campaigns_dialog", None))
            self.campaigns_dialog = dialog
            dialog.open()
            self.dialog_opened.emit(dialog)
        from desk.services import permissions as perm

        dialog.allow_new(self.window.refusal(perm.REGISTER_ROLES, "change the registers"))
        ctx = self.window.context

        def load() -> Any:
            from desk.services.registers import list_campaigns

            return list_campaigns(ctx)

        def shown(campaigns: Any) -> None:
            try:
                dialog.show_campaigns(campaigns, select_id)
            except RuntimeError:  # closed meanwhile
                return
            self.finished.emit("intake.campaigns", campaigns)

        self.window.runner.run(load, success=shown, label=_("Loading…"))

    def new_campaign(self) -> Any:
        if self.window.context is None:
            return None
        from desk.ui.dialogs.register_form import RegisterForm

        ctx = self.window.context
        parent = self.campaigns_dialog or self.window
        dialog = RegisterForm("campaign", {"kind": "declaration"}, cast(Any, parent))
        dialog.set_intro(
            _(
                "Everyone registered who matches (and has no such document in force nor an "
                "open request) is asked. For exit pledges at graduation or retirement, "
                "choose the exit pledge and name the people."
            )
        )

        def save(values: dict[str, Any]) -> Any:
            from desk.services.registers import start_campaign

            v = dict(values)
            ids = _person_ids(v.pop("person_ids", []))
            return start_campaign(ctx, v.pop("title", ""), v.pop("kind", ""), person_ids=ids, **v)

        def done(campaign: Any) -> None:
            self.window.statusBar().showMessage(
                _("Campaign {title}: {count} people asked.").format(
                    title=campaign.title, count=campaign.asked
                ),
                8000,
            )
            self.show_campaigns(campaign.id)

        self._open(dialog, save, "intake.new_campaign", done)
        return dialog
