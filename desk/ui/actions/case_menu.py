"""The Case menu's handlers: New case…, Edit case… (the self-assessment form), Assess
again, Issue record…, Review case…, Link cleared shipment… (:class:`CaseMenuActions`).

Each acts on the case selected in the Cases registry, except New case…; after a change
the Cases registry is read again with the case selected.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from desk.domain.i18n import _, pick
from desk.ui.actions.base import ActionsBase
from desk.ui.errors import show_error


class CaseMenuActions(ActionsBase):
    # --- assess the selected case again -------------------------------------------
    def assess_case(self) -> None:
        selected = self._selected_case()
        if selected is None:
            return
        _view, ref = selected
        ctx = self.window.context

        def work() -> Any:
            from desk.services.cases import assess_cases

            return assess_cases(ctx, [ref])

        def done(run: Any) -> None:
            summary = run.assessments[0]
            self.window.statusBar().showMessage(
                _("Case {ref} assessed again.").format(ref=summary.ref), 8000
            )
            self.refresh(run.changes.tables)

        self._run("case.assess", work, _("Assessing…"), done)

    # --- issue a record for the selected case -------------------------------------
    def issue_record(self) -> None:
        selected = self._selected_case()
        if selected is None:
            return
        _view, ref = selected
        from desk.ui.dialogs.records import IssueRecordDialog

        dialog = IssueRecordDialog(
            ref, self.folder, self._lang(), self.ask_record_path, self.window
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(
            lambda: self._issue(
                ref, dialog.kind.currentData(), dialog.language.currentData(), dialog.out.text()
            )
        )
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _issue(self, ref: str, kind: str, lang: str, out: str) -> None:
        ctx = self.window.context
        path = Path(out)
        self.folder = path.parent

        def work() -> Any:
            from desk.services.records import issue_record

            return issue_record(ctx, ref, kind, lang, path)

        def done(info: Any) -> None:
            self.refresh({"issued_records"})
            self._offer_folder(
                _("Issue record"),
                _("Record {number} for case {ref} was written to {file}.").format(
                    number=info.document_number, ref=info.case_ref, file=info.path
                ),
                Path(info.path).parent,
            )

        self._run("case.issue_record", work, _("Issuing the record…"), done)

    # --- the 取引審査 facts of the selected case ----------------------------------------
    def transaction_review(self) -> None:
        """Open the transaction-review form of the selected case, filled with what is stored
        and, where nothing is, with what desk derives from the registered facts."""
        selected = self._selected_case()
        if selected is None:
            return
        _view, ref = selected
        ctx = self.window.context

        def work() -> Any:
            from desk.services.records import transaction_review

            return transaction_review(ctx, ref)

        self.window.runner.run(
            work, success=lambda review: self._transaction_form(review), label=_("Loading…")
        )

    def _transaction_form(self, review: Any) -> Any:
        from desk.ui.dialogs.register_form import RegisterForm

        dialog = RegisterForm("transaction", transaction_values(review), self.window, record_id=0)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.setWindowTitle(f"{dialog.windowTitle()} — {review.ref}")
        ctx = self.window.context

        def save(values: dict[str, Any]) -> None:
            def work() -> Any:
                from desk.services.records import record_transaction_check

                return record_transaction_check(ctx, review.ref, **transaction_arguments(values))

            def success(result: Any) -> None:
                dialog.saved()
                self.window.statusBar().showMessage(_("Saved."), 5000)
                self.finished.emit("case.transaction", result)

            def failure(exc: BaseException) -> None:
                from desk.domain.errors import InvalidInput

                dialog.save_failed(exc)
                if not isinstance(exc, InvalidInput):
                    show_error(exc, self.window)
                self.failed.emit("case.transaction", exc)

            self.window.runner.run(work, success=success, failure=failure, label=_("Saving…"))

        dialog.save = save
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    # --- the cleared shipment a minimum-use-technology exemption relies on --------------
    def link_shipment(self) -> None:
        """Open the dialog that links the selected case to a cleared shipment (or removes
        the link), with the shipments the office cleared to pick from."""
        selected = self._selected_case()
        if selected is None:
            return
        _view, ref = selected
        ctx = self.window.context

        def work() -> Any:
            from desk.services.goods import case_shipment_link, cleared_shipments

            return case_shipment_link(ctx, ref), cleared_shipments(ctx)

        self.window.runner.run(
            work, success=lambda got: self._link_dialog(*got), label=_("Loading…")
        )

    def _link_dialog(self, info: Any, cleared: Any) -> Any:
        from desk.ui.dialogs.case_shipment_link import CaseShipmentLinkDialog

        dialog = CaseShipmentLinkDialog(info, cleared, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        ctx = self.window.context
        ref = info.case_ref

        def save(shipment: str | None) -> None:
            def work() -> Any:
                from desk.services.goods import link_case_shipment

                return link_case_shipment(ctx, ref, shipment)

            def success(result: Any) -> None:
                dialog.saved()
                if result.shipment_ref is None:
                    text = _("Case {ref} no longer names a shipment.").format(ref=ref)
                else:
                    text = _("Case {ref} now relies on shipment {shipment}.").format(
                        ref=ref, shipment=result.shipment_ref
                    )
                self.window.statusBar().showMessage(text, 8000)
                self.refresh(result.changes.tables)
                self.finished.emit("case.link_shipment", result)

            def failure(exc: BaseException) -> None:
                from desk.domain.errors import DeskError

                try:
                    dialog.save_failed(exc)
                except RuntimeError:  # the dialog was closed meanwhile
                    pass
                if not isinstance(exc, DeskError):
                    show_error(exc, self.window)
                self.failed.emit("case.link_shipment", exc)

            self.window.runner.run(work, success=success, failure=failure, label=_("Saving…"))

        dialog.save = save
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    # --- new case / edit case (the self-assessment form) ---------------------------
    def new_case(self) -> None:
        """Open the case form for a new case (the stored ids are read first, for a free id);
        a researcher gets the questionnaire wizard instead (the form is the office's)."""
        ctx = self.window.context
        if ctx is None:
            return
        if self.prefers_wizard():
            self.new_self_assessment()
            return

        def work() -> Any:
            from desk.services.cases import list_cases

            return [c.ref for c in list_cases(ctx)]

        self.window.runner.run(
            work, success=lambda refs: self._open_form(None, refs), label=_("Loading…")
        )

    def edit_case(self) -> None:
        """Open the case form filled from the selected stored case."""
        selected = self._selected_case()
        if selected is None:
            return
        _view, ref = selected
        ctx = self.window.context

        def work() -> Any:
            from desk.services.cases import get_case

            return get_case(ctx, ref)

        self.window.runner.run(
            work, success=lambda case: self._open_form(case, ()), label=_("Loading…")
        )

    def _open_form(self, case: Any, refs: Iterable[str]) -> None:
        from desk.ui.dialogs.case_form import CaseForm

        dialog = CaseForm(today=self._today(), existing=refs, case=case, parent=self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        new = case is None
        # the case as opened: saving refuses it if someone else saved in between
        dialog.save = lambda valid: self._save_case(dialog, valid, new, base=case)
        dialog.lookup_declaration = lambda pid, day: self._lookup_declaration(dialog, pid, day)
        dialog.open()
        self._offer_register(dialog)
        self.dialog_opened.emit(dialog)

    def _offer_register(self, dialog: Any) -> None:
        """Give the case form the register's people, organizations and technical data to
        pick from (read off the UI thread; the form is usable meanwhile)."""
        ctx = self.window.context
        if ctx is None:
            return

        def work() -> Any:
            from desk.services.registers import register_choices

            return register_choices(ctx)

        def done(choices: Any) -> None:
            try:
                dialog.offer_register(choices.recipients, choices.technical)
            except RuntimeError:  # the form was closed meanwhile
                pass

        self.window.runner.run(work, success=done, label=_("Loading…"))

    def _lookup_declaration(self, dialog: Any, person_id: int, day: Any) -> None:
        """The picked person's declaration from the register: the one in force on the
        provision ``day`` (desk.services.registers.declaration_on), else the latest
        received, which the form then says does not count."""
        ctx = self.window.context
        if ctx is None:
            return

        def work() -> Any:
            from desk.services.registers import declaration_on, list_documents

            in_force = declaration_on(ctx, person_id, day)
            latest = None
            if in_force is None:
                docs = list_documents(ctx, person_id=person_id, kind="declaration")
                later = [d for d in docs if d.status == "received" and d.received_on]
                if later:
                    d = max(later, key=lambda x: (x.received_on, x.id))
                    latest = {"declared_on": d.received_on.isoformat(), "types": list(d.types)}
                    if d.basis and d.basis != "self_declaration":
                        latest["basis"] = d.basis
            return in_force, latest

        def done(found: Any) -> None:
            try:
                dialog.show_register_declaration(*found)
            except RuntimeError:  # the form was closed meanwhile
                pass

        self.window.runner.run(work, success=done, label=_("Loading…"))

    def _save_case(self, dialog: Any, case: Any, new: bool, base: Any = None) -> None:
        """Store the form's case, then assess it; the form closes once the case is stored."""
        from desk.domain.errors import DeskError

        ctx = self.window.context
        action_id = "case.new" if new else "case.edit"

        def work() -> Any:
            from desk.services.cases import assess_cases, save_case

            save_case(
                ctx,
                case,
                source=_("case form"),
                must_be_new=new,
                action="case.create" if new else "case.edit",
                base=base,
            )
            try:
                return assess_cases(ctx, [case.id]), None
            except DeskError as exc:  # stored, but not assessed: still show the case
                return None, exc

        def success(result: Any) -> None:
            run, problem = result
            dialog.saved()
            if problem is not None:
                show_error(problem, self.window)
            else:
                summary = run.assessments[0]
                from desk.reports.labels import OUTCOMES

                outcome = OUTCOMES.get(summary.outcome)
                self.window.statusBar().showMessage(
                    _("Case {ref} saved and assessed: {outcome}.").format(
                        ref=summary.ref,
                        outcome=pick(*outcome) if outcome else summary.outcome,
                    ),
                    8000,
                )
            self.show_case(case.id)
            self.finished.emit(action_id, run)

        def failure(exc: BaseException) -> None:
            dialog.save_failed(exc)
            if not isinstance(exc, DeskError):  # a refusal is said in the form, input kept
                show_error(exc, self.window)
            self.failed.emit(action_id, exc)

        self.window.runner.run(
            work, success=success, failure=failure, label=_("Saving and assessing…")
        )

    def show_case(self, ref: str) -> None:
        """Show the Cases registry read again, with case ``ref`` selected and its
        current assessment on screen."""
        from desk.services.registers import CaseCol

        view = self.window.view("cases")

        def reselect(_loaded: int, _total: int) -> None:
            view.model.loaded.disconnect(reselect)
            for r in range(view.model.rowCount()):
                if view.model.index(r, CaseCol.REF).data() == ref:
                    view.detail_shown.connect(show_assessment)
                    view.select_row(r)
                    break

        def show_assessment() -> None:
            view.detail_shown.disconnect(show_assessment)
            view.detail.show_sections_tab()

        self.window.show_registry("cases")
        view.model.loaded.connect(reselect)
        view.refresh()

    # --- the researcher's questionnaire (wizard) --------------------------------------
    def prefers_wizard(self) -> bool:
        """The acting user is a researcher and not one of the office's roles."""
        from desk.services.permissions import ALL_CASES_ROLES

        roles = set(self.user_roles)
        return "researcher" in roles and not roles & set(ALL_CASES_ROLES)

    def new_self_assessment(self) -> None:
        """Open the questionnaire: a new case, or the draft selected in Cases (resumed)."""
        ctx = self.window.context
        if ctx is None:
            return
        draft: str | None = None
        from desk.services.registers import CaseCol

        view = self.window.current_view()
        row = view.selected_row()
        if view.registry == "cases" and row is not None:
            draft = row.cells[CaseCol.REF]

        def work() -> Any:
            from desk.services.cases import get_case, list_cases

            cases = list_cases(ctx)
            resumed = None
            if draft is not None and any(c.ref == draft and c.status == "draft" for c in cases):
                resumed = get_case(ctx, draft)
            return [c.ref for c in cases], resumed

        self.window.runner.run(
            work, success=lambda got: self._open_wizard(*got), label=_("Loading…")
        )

    def _open_wizard(self, refs: Iterable[str], case: Any) -> None:
        from desk.ui.dialogs.questionnaire import QuestionnaireWizard

        wizard = QuestionnaireWizard(
            today=self._today(), existing=refs, case=case, parent=self.window
        )
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        wizard.save_draft = lambda c, new: self._store_questionnaire(wizard, c, new, False)
        wizard.submit = lambda c, new: self._store_questionnaire(wizard, c, new, True)
        wizard.open()
        self._offer_technical(wizard)
        self.dialog_opened.emit(wizard)

    def _offer_technical(self, wizard: Any) -> None:
        ctx = self.window.context

        def work() -> Any:
            from desk.services.registers import register_choices

            return register_choices(ctx).technical

        def done(technical: Any) -> None:
            try:
                wizard.offer_register(technical)
            except RuntimeError:  # closed meanwhile
                pass

        self.window.runner.run(work, success=done, label=_("Loading…"))

    def _store_questionnaire(self, wizard: Any, case: Any, new: bool, submit: bool) -> None:
        """Store the questionnaire's case as a draft; with ``submit`` also assess it, submit
        it for review and explain the assessment on the wizard's last page."""
        from desk.domain.errors import DeskError

        ctx = self.window.context
        lang = self._lang()
        stored: list[bool] = []  # set once the case is stored (a retry then replaces it)

        def work() -> Any:
            from desk.services.cases import assess_cases, save_case
            from desk.services.registers import assessment_sections
            from desk.services.reviews import submit_case

            save_case(
                ctx,
                case,
                source=_("self-assessment wizard"),
                must_be_new=new,
                action="case.create" if new else "case.edit",
            )
            stored.append(True)
            if not submit:
                return None
            s = assess_cases(ctx, [case.id]).assessments[0]
            submit_case(ctx, case.id)
            return assessment_sections(
                s.result,
                outcome=s.outcome,
                risk=s.risk,
                review_on=s.review_on,
                ruleset=s.ruleset,
                lists=s.lists,
                lang=lang,
            )

        def success(sections: Any) -> None:
            if submit:
                wizard.submitted(sections)
                self.window.statusBar().showMessage(
                    _("Case {ref} submitted for review.").format(ref=case.id), 8000
                )
            else:
                wizard.draft_saved()
            self.show_case(case.id)
            self.finished.emit("case.wizard", sections)

        def failure(exc: BaseException) -> None:
            if stored:
                wizard.stored = True
            message = (
                getattr(exc, "detail", None) or str(exc)
                if isinstance(exc, DeskError)
                else _("It could not be saved.")
            )
            wizard.submit_failed(message)
            if not isinstance(exc, DeskError):
                show_error(exc, self.window)
            self.failed.emit("case.wizard", exc)

        self.window.runner.run(
            work,
            success=success,
            failure=failure,
            label=_("Submitting…") if submit else _("Saving…"),
        )

    # --- review case -------------------------------------------------------------
    def review_case(self) -> None:
        """Open the review dialog for the selected case (its state is read off the UI thread)."""
        from desk.services.registers import CaseCol
        from desk.ui.dialogs.review import ReviewDialog

        view = self.window.current_view()
        row = view.selected_row()
        if view.registry != "cases" or row is None or self.window.context is None:
            return
        ctx, ref, row_id = self.window.context, row.cells[CaseCol.REF], row.id

        def work() -> Any:
            from desk.services import reviews as workflow

            return workflow.review_state(ctx, ref)

        def opened(state: Any) -> None:
            dialog = ReviewDialog(state, self.window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.save = lambda request: self._store_review(request, view, row_id, dialog)
            dialog.open()
            self.review_dialog_opened.emit(dialog)

        self.window.runner.run(work, success=opened, label=_("Loading…"))

    def _store_review(self, request: Any, view: Any, row_id: int, dialog: Any = None) -> None:
        from desk.services.reviews import STATUS_LABELS
        from desk.ui.dialogs.review import run_request
        from desk.ui.models.registry_table import Role

        ctx = self.window.context

        def reselect(_loaded: int, _total: int) -> None:
            view.model.loaded.disconnect(reselect)
            for r in range(view.model.rowCount()):
                found = view.model.index(r, 0).data(Role.ROW_ID)
                if found == row_id:
                    view.select_row(r)
                    break

        def done(state: Any) -> None:
            if dialog is not None:
                dialog.saved()
            self.window.statusBar().showMessage(
                _("Case {ref} is now {status}.").format(
                    ref=state.ref, status=_(STATUS_LABELS[state.status])
                ),
                5000,
            )
            view.model.loaded.connect(reselect)
            view.refresh()
            self.review_done.emit(state)

        def failed(exc: BaseException) -> None:
            from desk.domain.errors import DeskError

            # a refusal (a role, a conflict, the workflow) is said in the dialog, which keeps
            # what was entered; anything else is the crash dialog as usual
            if dialog is not None and isinstance(exc, DeskError):
                self.failed.emit("case.review", exc)
                try:
                    dialog.save_failed(exc)
                    return
                except RuntimeError:  # the dialog was closed meanwhile
                    pass
            show_error(exc, self.window)

        self.window.runner.run(
            lambda: run_request(ctx, request), success=done, failure=failed, label=_("Saving…")
        )


_ANSWER = {True: "yes", False: "no"}


def transaction_values(review: Any) -> dict[str, Any]:
    """The form's values: the stored facts; where a red-flag question has no stored answer,
    the answer desk derives from the registered facts; the registered end user and purpose
    where the office recorded none."""
    facts = review.facts
    values: dict[str, Any] = {
        "end_use": facts.end_use or review.registered_end_use or "",
        "end_user": facts.end_user or review.registered_end_user or "",
        "documents_checked": list(facts.documents_checked),
        "cancelled_on": facts.cancelled_on.isoformat() if facts.cancelled_on else "",
    }
    for code, done in facts.clear_checklist.items():
        values[f"clear.{code}"] = _ANSWER[bool(done)]
    for code, derived in review.derived_red_flags.items():
        answer = facts.red_flags.get(code, derived)
        values[f"flag.{code}"] = _ANSWER.get(answer, "")
    return values


def transaction_arguments(values: dict[str, Any]) -> dict[str, Any]:
    """The form's values as ``record_transaction_check`` takes them."""
    import datetime as dt

    from desk.domain.errors import InvalidInput

    cancelled = None
    text = str(values.get("cancelled_on") or "").strip()
    if text:
        try:
            cancelled = dt.date.fromisoformat(text)
        except ValueError:
            raise InvalidInput(
                _("not a date YYYY-MM-DD: {text}").format(text=text), where="cancelled_on"
            ) from None
    answers = {k: v for k, v in values.items() if k.startswith(("clear.", "flag."))}
    return {
        "end_use": values.get("end_use", ""),
        "end_user": values.get("end_user", ""),
        "documents": list(values.get("documents_checked") or []),
        "confirmed": [k[6:] for k, v in answers.items() if k.startswith("clear.") and v == "yes"],
        "not_confirmed": [
            k[6:] for k, v in answers.items() if k.startswith("clear.") and v == "no"
        ],
        "red_flags": {
            k[5:]: {"yes": True, "no": False}.get(v) for k, v in answers.items() if k[:5] == "flag."
        },
        "cancelled_on": cancelled,
    }
