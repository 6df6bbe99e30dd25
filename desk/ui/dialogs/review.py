"""The "Review case…" dialog: submit a case, or record a first or second review decision;
the same dialog reviews a shipment (``subject="shipment"``, the Goods menu's "Review
shipment…": no activity to choose, ``desk.services.reviews.submit_shipment`` and
``decide_shipment`` behind it).

The dialog only collects what the person chose (:meth:`ReviewDialog.request`); the Case
menu's handler (:mod:`desk.ui.actions.case_menu`) runs the service
(``desk.services.reviews``) as an operation off the UI thread, and a refusal (wrong role,
stale assessment, R2–R4 at the first level) comes back as the service's own message.
Opened when the database is already open, so importing the reviews service here costs
nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desk.domain.i18n import N_, _
from desk.ui.dialogs.forms import UnsavedChangesGuard

STEP_LABELS = {
    "submit": N_("Submit the self-assessment"),
    "first": N_("First review (department)"),
    "second": N_("Second review (export control director)"),
    "committee": N_("Committee decision"),
}


@dataclass(frozen=True)
class ReviewRequest:
    ref: str
    step: str  # submit | first | second | committee
    decision: str | None
    activity: str | None
    conditions: str | None
    comment: str | None
    seen: Any = None  # the case version and assessment shown: a change since is a conflict
    subject: str = "case"  # case | shipment


def default_step(status: str) -> str:
    if status == "committee":
        return "committee"
    if status == "second_review":
        return "second"
    if status in ("submitted", "first_review"):
        return "first"
    return "submit"


class ReviewDialog(UnsavedChangesGuard, QDialog):
    """Submit a case or record a review decision. OK hands the request to ``save`` (the
    window stores it off the UI thread) and stays open until ``saved()``; a refusal
    (``save_failed``) is said under the form, which keeps what was entered."""

    def __init__(self, state: Any, parent: QWidget | None = None, *, subject: str = "case"):
        from desk.services import reviews as wf

        super().__init__(parent)
        self.setObjectName("reviewDialog")
        self.state = state
        self.subject = subject
        self.setWindowTitle(
            _("Review shipment {ref}").format(ref=state.ref)
            if subject == "shipment"
            else _("Review case {ref}").format(ref=state.ref)
        )
        summary = _("{status}; risk {risk}, outcome {outcome}").format(
            status=_(wf.STATUS_LABELS[state.status]),
            risk=state.risk or "—",
            outcome=state.outcome or "—",
        )
        if state.second_level_required:
            summary += "\n" + _("R2–R4: decided at the second level")
        if state.status == "committee":
            summary += "\n" + _("Referred to the committee: only the committee decides it")
        if state.stale:
            summary += "\n" + _("(stale: assess it again)")
        self.summary = QLabel(summary, self)
        self.summary.setObjectName("reviewSummary")
        self.summary.setWordWrap(True)

        self.step_box = QComboBox(self)
        self.step_box.setObjectName("stepBox")
        for key, label in STEP_LABELS.items():
            if key == "committee" and subject == "shipment":
                continue  # shipments have no committee step
            if key == "submit" and subject == "shipment":
                label = N_("Submit the shipment for review")
            self.step_box.addItem(_(label), key)
        self.step_box.setCurrentIndex(self.step_box.findData(default_step(state.status)))
        self.decision_box = QComboBox(self)
        self.decision_box.setObjectName("decisionBox")
        for key in wf.DECISIONS:
            self.decision_box.addItem(_(wf.DECISION_LABELS[key]), key)
        self.activity_box = QComboBox(self)
        self.activity_box.setObjectName("activityBox")
        self.activity_box.addItem("—", None)
        for key in wf.ACTIVITIES:
            self.activity_box.addItem(wf.activity_label(key), key)
        if state.activity:
            self.activity_box.setCurrentIndex(self.activity_box.findData(state.activity))
        self.conditions = QPlainTextEdit(self)
        self.conditions.setObjectName("conditionsEdit")
        self.conditions.setPlaceholderText(_("conditions, one a line"))
        self.conditions.setMaximumHeight(90)
        self.comment = QLineEdit(self)
        self.comment.setObjectName("commentEdit")

        form = QFormLayout(self)
        form.addRow(self.summary)
        form.addRow(_("Step:"), self.step_box)
        if subject == "case":  # a shipment has no activity to choose
            form.addRow(_("Activity:"), self.activity_box)
        else:
            self.activity_box.hide()
        form.addRow(_("Decision:"), self.decision_box)
        form.addRow(_("Conditions:"), self.conditions)
        form.addRow(_("Comment:"), self.comment)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form.addRow(self.problem)
        form.addRow(self.buttons)
        # stores the request (off the UI thread), then calls saved() or save_failed();
        # None: OK just accepts the dialog
        self.save: Callable[[ReviewRequest], None] | None = None
        self.step_box.currentIndexChanged.connect(self._update)
        self.decision_box.currentIndexChanged.connect(self._update)
        self._update()

    def _ok(self) -> None:
        if self.save is None:
            self.accept()
            return
        self.problem.hide()
        self.buttons.setEnabled(False)
        self.save(self.request())

    def saved(self) -> None:
        self.accept()

    def save_failed(self, exc: BaseException) -> None:
        """Say why it was refused, in the dialog; the choices and texts stay as entered."""
        self.buttons.setEnabled(True)
        self.problem.setText(str(exc))
        self.problem.show()

    def _update(self) -> None:
        step = self.step_box.currentData()
        submitting = step == "submit"
        # only a case's second review refers it to the committee (shipments have none)
        escalate = self.decision_box.findData("escalate")
        item = self.decision_box.model().item(escalate)  # type: ignore[attr-defined]
        may_escalate = step == "second" and self.subject == "case"
        item.setEnabled(may_escalate)
        if not may_escalate and self.decision_box.currentIndex() == escalate:
            self.decision_box.setCurrentIndex(0)
        self.activity_box.setEnabled(submitting and self.subject == "case")
        self.decision_box.setEnabled(not submitting)
        self.conditions.setEnabled(
            not submitting and self.decision_box.currentData() == "approve_with_conditions"
        )

    def request(self) -> ReviewRequest:
        step = str(self.step_box.currentData())
        submitting = step == "submit"
        conditions = self.conditions.toPlainText().strip()
        comment = self.comment.text().strip()
        return ReviewRequest(
            ref=self.state.ref,
            step=step,
            decision=None if submitting else str(self.decision_box.currentData()),
            activity=self.activity_box.currentData()
            if submitting and self.subject == "case"
            else None,
            conditions=conditions if self.conditions.isEnabled() and conditions else None,
            comment=comment or None,
            seen=getattr(self.state, "seen", None),
            subject=self.subject,
        )


def run_request(ctx: Any, request: ReviewRequest) -> Any:
    """The service call for ``request`` (runs off the UI thread); returns the ReviewState."""
    from desk.services import reviews as wf

    if request.subject == "shipment":
        if request.step == "submit":
            return wf.submit_shipment(ctx, request.ref, comment=request.comment, seen=request.seen)
        assert request.decision is not None
        return wf.decide_shipment(
            ctx,
            request.ref,
            level=request.step,
            decision=request.decision,
            conditions=request.conditions,
            comment=request.comment,
            seen=request.seen,
        )
    if request.step == "submit":
        return wf.submit_case(
            ctx,
            request.ref,
            activity=request.activity,
            comment=request.comment,
            seen=request.seen,
        )
    assert request.decision is not None
    return wf.decide_case(
        ctx,
        request.ref,
        level=request.step,
        decision=request.decision,
        conditions=request.conditions,
        comment=request.comment,
        seen=request.seen,
    )
