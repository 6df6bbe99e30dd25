"""The Add/Edit form of a register record (person, organization, project, technical data,
goods item).

The fields of each form are declared as data (:data:`FORMS`): the service field, its
label, the widget. The form checks that required fields are filled, then hands the
values to ``save`` (set by :class:`desk.ui.register_actions.RegisterActions`), which runs
the service off the UI thread; a refusal (:class:`InvalidInput` naming the service
field) is shown next to the field by its label, with the input kept. Closing a form with
changes asks first (``confirm_discard``; tests replace it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, _


@dataclass(frozen=True)
class FormField:
    key: str  # the service's field name
    label: str  # msgid
    widget: str = "text"  # text | list (comma-separated) | choice | bool | lines (one a line)
    choices: tuple[str, ...] = ()
    required: bool = False
    choice_labels: tuple[str, ...] = ()  # msgids shown for ``choices`` (default: the codes)
    blank: bool = False  # a required choice that starts empty (the user must pick one)


FORMS: dict[str, tuple[FormField, ...]] = {
    "person": (
        FormField("name", N_("Name"), required=True),
        FormField("name_latin", N_("Name (Latin)")),
        FormField("reading", N_("Reading")),
        FormField("born_on", N_("Date of birth")),
        FormField("nationalities", N_("Nationalities"), "list"),
        FormField(
            "role",
            N_("Role"),
            "choice",
            ("student", "researcher", "staff", "visitor", "foreign_collaborator"),
        ),
        FormField("department", N_("Department")),
        FormField("host", N_("Host faculty member")),
        FormField("visa_status", N_("Status of residence")),
        FormField("stay_from", N_("Stay from")),
        FormField("stay_until", N_("Stay until")),
        FormField("email", N_("Email")),
        FormField("affiliations", N_("Affiliations (organization ids)"), "list"),
        FormField("notes", N_("Notes")),
    ),
    "organization": (
        FormField("name", N_("Name"), required=True),
        FormField("name_latin", N_("Name (Latin)")),
        FormField("local_names", N_("Local names"), "list"),
        FormField("aliases", N_("Aliases"), "list"),
        FormField("country", N_("Country")),
        FormField(
            "kind",
            N_("Kind"),
            "choice",
            ("university", "company", "government", "research_institute", "other"),
        ),
    ),
    "project": (
        FormField("title", N_("Title"), required=True),
        FormField("pi_name", N_("Principal investigator")),
        FormField("department", N_("Department")),
        FormField(
            "status",
            N_("Status"),
            "choice",
            ("active", "planned", "closed"),
            required=True,
            choice_labels=(N_("Active"), N_("Planned"), N_("Closed")),
        ),
        FormField("starts_on", N_("Starts on")),
        FormField("ends_on", N_("Ends on")),
        FormField("technology_fields", N_("Technology fields"), "list"),
        FormField("partners", N_("Partners (organization ids)"), "list"),
    ),
    "goods_item": (
        FormField("name", N_("Name"), required=True),
        FormField("model", N_("Model")),
        FormField("maker", N_("Maker")),
        FormField("hs_code", N_("HS code")),
        FormField("unit_value", N_("Unit value")),
        FormField("currency", N_("Currency")),
        FormField(
            "classification",
            N_("Classification"),
            "choice",
            ("not_on_list", "below_threshold", "listed", "undetermined"),
            required=True,
            choice_labels=(
                N_("Not on the list (非該当)"),
                N_("Below the threshold"),
                N_("Listed"),
                N_("Undetermined"),
            ),
        ),
        FormField("item", N_("Item")),
        FormField("article", N_("Article of the ordinance")),
        FormField("basis", N_("Basis documents (KIND,ISSUER,DATE,REF — one a line)"), "lines"),
        FormField("determined_by", N_("Classified by")),
        FormField("checked_by", N_("Classification officer")),
        FormField("determined_on", N_("Classified on")),
        FormField("ordinance_version", N_("Ordinance revision applied")),
    ),
    "technical_item": (
        FormField("title", N_("Title"), required=True),
        FormField(
            "classification",
            N_("Classification"),
            "choice",
            ("listed", "below_threshold", "not_on_list", "undetermined"),
            required=True,
        ),
        FormField("item", N_("Item")),
        FormField("specific_item_16_1", N_("Specific item (16-1)"), "bool"),
        FormField("concern_relevance", N_("Concern relevance"), "list"),
        FormField("lab", N_("Lab")),
        FormField("project", N_("Project id"), "list"),
    ),
}
# the classify branch's forms: a classification (該非判定) of a technical item, a licence of
# the licence register, an inform notice (desk.ui.actions.classify_menu opens them)
FORMS["classification"] = (
    FormField(
        "result",
        N_("Classification result"),
        "choice",
        ("listed", "not_listed", "out_of_scope", "undetermined"),
        required=True,
        choice_labels=(
            N_("listed (controlled item)"),
            N_("not listed"),
            N_("outside items 1-15 (item 16)"),
            N_("undetermined or in doubt"),
        ),
    ),
    FormField("item", N_("Item (for example 7)")),
    FormField("sub", N_("Sub-item (for example 1)")),
    FormField("article", N_("Article of the goods and technology ordinance")),
    FormField("paragraph", N_("Paragraph")),
    FormField("article_number", N_("Item number of the article")),
    FormField("ordinance_revision", N_("Ordinance revision used (YYYY-MM-DD)")),
    FormField("ruleset_version", N_("Rule set version")),
    FormField("hs_code", N_("HS code")),
    FormField(
        "in_item16_chapters",
        N_("HS chapter is one of item 16's"),
        "choice",
        ("yes", "no"),
        choice_labels=(N_("yes"), N_("no")),
    ),
    FormField(
        "parameters",
        N_("Parameter comparison (PARAMETER|CONTROL VALUE|ITEM VALUE|yes/no, one a line)"),
        "lines",
    ),
    FormField("basis", N_("Basis")),
    FormField("related_goods", N_("Related goods")),
)
FORMS["licence"] = (
    FormField("title", N_("Title")),
    FormField(
        "status",
        N_("Status"),
        "choice",
        ("consultation", "applied", "granted", "refused", "withdrawn"),
        required=True,
        choice_labels=(
            N_("prior consultation"),
            N_("licence applied for"),
            N_("granted"),
            N_("refused"),
            N_("withdrawn"),
        ),
    ),
    FormField("number", N_("Licence number")),
    FormField("consulted_on", N_("Prior consultation on")),
    FormField("applied_on", N_("Applied on")),
    FormField("granted_on", N_("Granted on")),
    FormField("decided_on", N_("Refused or withdrawn on")),
    FormField("valid_from", N_("Valid from")),
    FormField("valid_until", N_("Valid until")),
    FormField("technical_item", N_("Technical data id")),
    FormField("person", N_("Person id")),
    FormField("organization", N_("Organization id")),
    FormField("conditions", N_("Conditions")),
    FormField("reprovision_consent", N_("Prior consent needed for re-provision"), "bool"),
    FormField("notes", N_("Notes")),
)
FORMS["inform"] = (
    FormField("number", N_("Notice number"), required=True),
    FormField("notified_on", N_("Notified on (YYYY-MM-DD)"), required=True),
    FormField(
        "kind",
        N_("Kind"),
        "choice",
        ("wmd", "conventional"),
        required=True,
        choice_labels=(N_("weapons of mass destruction"), N_("conventional weapons")),
    ),
    FormField("summary", N_("What it covers")),
    FormField("technical_item", N_("Technical data id")),
    FormField("person", N_("Person id")),
    FormField("organization", N_("Organization id")),
)

# the 取引審査 facts of a case (Case ▸ Transaction review…, desk.ui.actions.case_menu): the
# same facts ``desk report transaction`` records; each checklist item and red-flag question a
# choice, empty meaning not answered; the keys match desk.reports.data CLEAR_CHECKLIST and
# RED_FLAGS after the prefix
_CONFIRMED = (N_("confirmed (checklist)"), N_("not confirmed (checklist)"))
_YES_NO = (N_("yes"), N_("no"))
FORMS["transaction"] = (
    FormField("end_use", N_("Stated end use")),
    FormField("end_user", N_("End user (as confirmed)")),
    FormField("documents_checked", N_("Documents checked (one a line)"), "lines"),
    FormField(
        "clear.end_use_explained",
        N_("The end user explained the end use and the place of use"),
        "choice",
        ("yes", "no"),
        choice_labels=_CONFIRMED,
    ),
    FormField(
        "clear.end_use_not_concern",
        N_("The technology is used for purposes other than weapons development"),
        "choice",
        ("yes", "no"),
        choice_labels=_CONFIRMED,
    ),
    FormField(
        "clear.terms_normal",
        N_("No concern in the terms and form of the transaction (checklist)"),
        "choice",
        ("yes", "no"),
        choice_labels=_CONFIRMED,
    ),
    FormField(
        "flag.eul_affiliation",
        N_("Is the affiliation on the End User List?"),
        "choice",
        ("yes", "no"),
        choice_labels=_YES_NO,
    ),
    FormField(
        "flag.sending_institution",
        N_(
            "Is the sending or employing institution on the End User List, or a foreign "
            "military, government or weapons body (or closely connected with one)?"
        ),
        "choice",
        ("yes", "no"),
        choice_labels=_YES_NO,
    ),
    FormField(
        "flag.concern_country",
        N_("Is the nationality or home country a country of concern or under a UN arms embargo?"),
        "choice",
        ("yes", "no"),
        choice_labels=_YES_NO,
    ),
    FormField(
        "flag.un_embargo_country",
        N_(
            "Is a UN arms-embargo country (Appended Table 3-2) named in the case: nationality, "
            "country of residence, affiliation, destination or transit?"
        ),
        "choice",
        ("yes", "no"),
        choice_labels=_YES_NO,
    ),
    FormField(
        "flag.purpose_unclear",
        N_("Is the purpose or the sending organisation unclear?"),
        "choice",
        ("yes", "no"),
        choice_labels=_YES_NO,
    ),
    FormField(
        "flag.military_tie",
        N_("Is there a military or weapons-maker connection?"),
        "choice",
        ("yes", "no"),
        choice_labels=_YES_NO,
    ),
    FormField(
        "flag.other_concern",
        N_("Is there any other concern information?"),
        "choice",
        ("yes", "no"),
        choice_labels=_YES_NO,
    ),
    FormField("cancelled_on", N_("Provision cancelled on (YYYY-MM-DD)")),
)
# a person's declarations and pledges, intake reviews and campaigns (desk.ui.actions.intake_menu)
FORMS["declaration"] = (
    FormField(
        "kind",
        N_("Document"),
        "choice",
        ("declaration", "pledge", "exit_pledge", "change_report"),
        required=True,
        choice_labels=(
            N_("specific-category declaration"),
            N_("pledge"),
            N_("exit pledge"),
            N_("change report"),
        ),
    ),
    FormField("received_on", N_("Received on (YYYY-MM-DD)"), required=True),
    FormField("valid_until", N_("Valid until (YYYY-MM-DD)")),
    FormField(
        "basis",
        N_("Basis of the declaration"),
        "choice",
        ("self_declaration", "information_obtained"),
        choice_labels=(
            N_("the person's own declaration"),
            N_("information normally obtained (no pledge)"),
        ),
    ),
    FormField("types", N_("Specific categories declared (1, 2, 3)"), "list"),
    FormField("document", N_("Document or file reference")),
    FormField("note", N_("Note")),
)
FORMS["intake_review"] = (
    FormField(
        "occasion",
        N_("Occasion"),
        "choice",
        ("admission", "hiring", "visit", "status_change", "other"),
        required=True,
        choice_labels=(
            N_("admission"),
            N_("hiring"),
            N_("visit"),
            N_("status change"),
            N_("other"),
        ),
        blank=True,
    ),
    FormField(
        "outcome",
        N_("Outcome"),
        "choice",
        ("cleared", "conditions", "refused", "pending"),
        required=True,
        choice_labels=(
            N_("no concern"),
            N_("cleared with conditions"),
            N_("refused"),
            N_("pending"),
        ),
        blank=True,
    ),
    FormField("on", N_("Reviewed on (YYYY-MM-DD)")),
    FormField("notes", N_("Notes")),
)
FORMS["campaign"] = (
    FormField("title", N_("Title"), required=True),
    FormField(
        "kind",
        N_("Document"),
        "choice",
        ("declaration", "pledge", "exit_pledge", "change_report"),
        required=True,
        choice_labels=(
            N_("specific-category declaration"),
            N_("pledge"),
            N_("exit pledge"),
            N_("change report"),
        ),
    ),
    FormField(
        "role",
        N_("Role"),
        "choice",
        ("student", "researcher", "staff", "visitor", "foreign_collaborator"),
        choice_labels=(
            N_("student"),
            N_("researcher"),
            N_("staff"),
            N_("visitor"),
            N_("foreign collaborator"),
        ),
    ),
    FormField("department", N_("Department")),
    FormField("foreign", N_("Foreign nationals only"), "bool"),
    FormField("since", N_("Starting on or after (YYYY-MM-DD)")),
    FormField("due_on", N_("Due on (YYYY-MM-DD)")),
    FormField("person_ids", N_("People (ids)"), "list"),
)
# what a refusal may name that is no field of the form
EXTRA_LABELS: dict[str, dict[str, str]] = {
    "campaign": {"cohort": N_("Who is asked")},
    "declaration": {"person": N_("Person"), "ID": N_("Person")},
    "intake_review": {"person": N_("Person"), "ID": N_("Person")},
}

TITLES = {
    "transaction": (N_("Transaction review"), N_("Transaction review")),
    "classification": (N_("Classify technical data"), N_("Edit classification")),
    "licence": (N_("New licence"), N_("Edit licence")),
    "inform": (N_("New inform notice"), N_("Edit inform notice")),
    "person": (N_("New person"), N_("Edit person")),
    "organization": (N_("New organization"), N_("Edit organization")),
    "project": (N_("New project"), N_("Edit project")),
    "technical_item": (N_("New technical data"), N_("Edit technical data")),
    "declaration": (N_("Record a declaration or pledge"), N_("Record a declaration or pledge")),
    "intake_review": (N_("Intake review"), N_("Intake review")),
    "campaign": (N_("New campaign"), N_("New campaign")),
    "goods_item": (N_("New goods item"), N_("Edit goods item")),
}


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_as_text(v) for v in value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


class RegisterForm(QDialog):
    """Add or edit one register record; ``values`` fill the form when editing."""

    def __init__(
        self,
        kind: str,
        values: Mapping[str, Any] | None = None,
        parent: QWidget | None = None,
        record_id: int | None = None,
    ):
        super().__init__(parent)
        self.kind = kind
        self.record_id = record_id
        self.setObjectName(f"registerForm_{kind}")
        self.setWindowTitle(_(TITLES[kind][0 if record_id is None else 1]))
        self.save: Callable[[dict[str, Any]], None] | None = None
        self.confirm_discard: Callable[[], bool] = self._ask_discard
        self.widgets: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        for field in FORMS[kind]:
            widget = self._widget(field)
            widget.setObjectName(field.key)
            widget.setAccessibleName(_(field.label))
            self.widgets[field.key] = widget
            label = _(field.label) + (" *" if field.required else "")
            form.addRow(label, widget)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._fill(values or {})
        self._initial = self.current()

    def _widget(self, field: FormField) -> QWidget:
        if field.widget == "choice":
            box = QComboBox(self)
            if not field.required or field.blank:
                box.addItem("", "")
            labels = field.choice_labels or field.choices
            for choice, label in zip(field.choices, labels, strict=True):
                box.addItem(_(label) if field.choice_labels else label, choice)
            return box
        if field.widget == "bool":
            return QCheckBox(self)
        if field.widget == "lines":
            edit = QPlainTextEdit(self)
            edit.setTabChangesFocus(True)
            return edit
        return QLineEdit(self)

    def _fill(self, values: Mapping[str, Any]) -> None:
        for field in FORMS[self.kind]:
            widget, value = self.widgets[field.key], values.get(field.key)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value or "")))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QLineEdit):
                widget.setText(_as_text(value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText("\n".join(_as_text(v) for v in value or ()))

    def current(self) -> dict[str, Any]:
        """The values as the service takes them (``""`` empties a field when editing)."""
        out: dict[str, Any] = {}
        for field in FORMS[self.kind]:
            widget = self.widgets[field.key]
            if isinstance(widget, QComboBox):
                out[field.key] = widget.currentData() or ""
            elif isinstance(widget, QCheckBox):
                out[field.key] = widget.isChecked()
            elif isinstance(widget, QLineEdit):
                text = widget.text().strip()
                if field.widget == "list":
                    out[field.key] = [p.strip() for p in text.split(",") if p.strip()]
                else:
                    out[field.key] = text
            elif isinstance(widget, QPlainTextEdit):
                lines = widget.toPlainText().splitlines()
                out[field.key] = [line.strip() for line in lines if line.strip()]
        return out

    def values(self) -> dict[str, Any]:
        """What to send: adding, the filled fields; editing, every field."""
        current = self.current()
        if self.record_id is not None:
            return current
        return {k: v for k, v in current.items() if v not in ("", [], False)}

    @property
    def modified(self) -> bool:
        return self.current() != self._initial

    def label_of(self, key: str | None) -> str:
        for field in FORMS[self.kind]:
            if field.key == key:
                return _(field.label)
        extra = EXTRA_LABELS.get(self.kind, {}).get(key or "")
        return _(extra) if extra else key or ""

    def set_intro(self, text: str) -> QLabel:
        """A paragraph above the fields (what the form is about, the facts as they stand)."""
        label = self.findChild(QLabel, "intro")
        if label is None:
            label = QLabel(self)
            label.setObjectName("intro")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            cast(QVBoxLayout, self.layout()).insertWidget(0, label)
        label.setText(text)
        return label

    def show_problem(self, exc: InvalidInput) -> None:
        """Say what is wrong, naming the field by its label, and put the focus there."""
        where = self.label_of(exc.where)
        self.problem.setText(f"{where}: {exc.detail}" if where else exc.detail)
        self.problem.show()
        widget = self.widgets.get(exc.where or "")
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _accept_if_valid(self) -> None:
        values = self.current()
        for field in FORMS[self.kind]:
            if field.required and values.get(field.key) in ("", [], None):
                self.show_problem(InvalidInput(_("this field is required"), where=field.key))
                return
        self.problem.hide()
        if self.save is None:
            self.accept()
            return
        self.buttons.setEnabled(False)
        self.save(self.values())

    def saved(self) -> None:
        self._initial = self.current()
        self.accept()

    def save_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, InvalidInput):
            self.show_problem(exc)
        else:  # a refusal (a role, a conflict): said here, the input kept
            self.problem.setText(str(exc))
            self.problem.show()

    def _ask_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            _("Unsaved changes"),
            _("Discard the changes to this record?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        if self.modified and not self.confirm_discard():
            return
        super().reject()
