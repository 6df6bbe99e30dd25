"""The "New case…" / "Edit case…" form: a planned provision entered by hand (事前確認).

:class:`CaseForm` shows every fact of a ``desk-case/1`` case on four tabs (case,
technology, recipient, provision). On OK it builds the JSON document
(:meth:`CaseForm.document`) and checks it with :func:`desk.domain.case.parse_case`, the
same loader a case file goes through: an :class:`InvalidInput` is shown under the form
with its key path (``recipient.nationalities[0]: unknown country code …``) and the
offending field gets the focus; the dialog stays open and nothing is stored. Only a
valid case closes the dialog (:meth:`CaseForm.case`); the main window then stores and
assesses it through ``desk.services`` (:mod:`desk.ui.actions.app_actions`).

Editing keeps the document's shape: a key the stored case spelled out is written again
even when it holds the default, and a default the stored case left out stays left out,
so opening a case and pressing OK changes nothing (:func:`prune`). Facts the form has
no field for (``cleared_hits``, facts a claim's basis does not use) are carried over.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk.domain import case as d
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.ui.dialogs.case_form.choices import suggest_id
from desk.ui.dialogs.case_form.document import date_or_none, iso, opt, prune
from desk.ui.dialogs.case_form.fields import (
    OptionalDate,
    RowTable,
    codes_of,
    scroll_page,
    set_combo,
)
from desk.ui.dialogs.case_form.provision import ProvisionTab
from desk.ui.dialogs.case_form.recipient import RecipientTab
from desk.ui.dialogs.case_form.technology import TechnologyTab
from desk.ui.dialogs.forms import UnsavedChangesGuard

# --------------------------------------------------------------------------- the dialog


class CaseForm(UnsavedChangesGuard, TechnologyTab, RecipientTab, ProvisionTab, QDialog):
    """Enter a new case, or edit ``case`` (then its id cannot change)."""

    def __init__(
        self,
        *,
        today: dt.date,
        existing: Iterable[str] = (),
        case: d.Case | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("caseForm")
        self.today = today
        self.existing = set(existing)
        self.editing = case is not None
        self.origin: dict[str, Any] = (
            d.case_to_dict(case, include_expected=False) if case is not None else {}
        )
        self._case: d.Case | None = None
        # stores a valid case (off the UI thread), then calls saved() or save_failed();
        # None: OK just accepts the dialog
        self.save: Callable[[d.Case], None] | None = None
        self._fields: dict[str, QWidget] = {}  # key path → the widget that holds it
        # picking a registered person asks for their declaration on the provision day
        # (person id, day); the answer comes back in show_register_declaration
        self.lookup_declaration: Callable[[int, dt.date], None] | None = None
        self.setWindowTitle(
            _("Edit case {ref}").format(ref=case.id) if case is not None else _("New case")
        )
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self._build_case_tab()
        self._build_technology_tab()
        self._build_recipient_tab()
        self._build_provision_tab()
        for day in (self.prov_date, self.as_of):
            day.edit.dateChanged.connect(self._update_declaration_note)
            day.none.toggled.connect(self._update_declaration_note)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(860, 640)
        if case is None:
            self.id_edit.setText(suggest_id(self.existing, today))
            self.as_of.set_value(today)
            set_combo(self.classification, "undetermined")  # until someone classifies it
        else:
            self.fill(self.origin)
        self._update()

    def offer_register(
        self,
        recipients: Mapping[str, Mapping[str, Any]],
        technical: Mapping[str, Mapping[str, Any]],
    ) -> None:
        """Offer registered people and organizations for the recipient's name and technical
        data for the title (as completions); picking one fills what the register knows. A
        name not offered is typed as before: storing the case registers it."""
        self.register_recipients = dict(recipients)
        self.register_technical = dict(technical)
        for edit, names, picked in (
            (self.name, recipients, self._picked_recipient),
            (self.tech_title, technical, self._picked_technical),
        ):
            completer = QCompleter(sorted(names), edit)
            completer.setObjectName("registerCompleter")
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.activated.connect(picked)
            edit.setCompleter(completer)

    def _picked_recipient(self, name: str) -> None:
        facts = self.register_recipients.get(name, {})
        if facts.get("kind"):
            set_combo(self.kind, facts["kind"])
        if facts.get("name_latin") and not self.name_latin.text().strip():
            self.name_latin.setText(facts["name_latin"])
        if facts.get("person_id") is not None and self.lookup_declaration is not None:
            self.lookup_declaration(int(facts["person_id"]), self.provision_day())

    def _picked_technical(self, title: str) -> None:
        facts = self.register_technical.get(title, {})
        if facts.get("classification"):
            set_combo(self.classification, facts["classification"])
        if facts.get("item"):
            set_combo(self.item, facts["item"])

    def _register(self, path: str, widget: QWidget) -> QWidget:
        self._fields[path] = widget
        return widget

    # --- tabs ------------------------------------------------------------------------
    def _build_case_tab(self) -> None:
        page, form = scroll_page(self)
        self.id_edit = QLineEdit(page)
        self.id_edit.setObjectName("caseId")
        self.id_edit.setReadOnly(self.editing)
        self.title_edit = QLineEdit(page)
        self.title_edit.setObjectName("caseTitle")
        self.as_of = OptionalDate("asOf", _("not set (the day it is assessed)"), self.today, page)
        self.notes = QPlainTextEdit(page)
        self.notes.setObjectName("notes")
        self.notes.setMaximumHeight(120)
        form.addRow(_("Case id"), self._register("id", self.id_edit))
        form.addRow(_("Title"), self._register("title", self.title_edit))
        form.addRow(_("As of"), self._register("as_of", self.as_of))
        form.addRow(_("Notes"), self._register("notes", self.notes))
        self.tabs.addTab(page, _("Case"))

    def _update(self) -> None:
        self.item.setEnabled(self.classification.currentData() == "listed")
        self.sub_item.setEnabled(self.item.isEnabled())
        self.departure.setVisible("JP" in codes_of(self.nationalities))
        self.prov_country.setEnabled(self.place.currentData() == "abroad")
        self.re_country.setEnabled(self.re_provision.isChecked())
        self._update_declaration_note()

    # --- filling from a stored case --------------------------------------------------
    def fill(self, doc: Mapping[str, Any]) -> None:
        self.id_edit.setText(doc["id"])
        self.title_edit.setText(doc.get("title") or "")
        self.as_of.set_value(date_or_none(doc.get("as_of")))
        self.notes.setPlainText(doc.get("notes") or "")
        self._fill_technology(doc["technology"])
        self._fill_recipient(doc["recipient"])
        self._fill_provision(doc.get("provision", {}))

    # --- the document ----------------------------------------------------------------
    def document(self) -> dict[str, Any]:
        """The ``desk-case/1`` document the form holds (not checked yet)."""
        o = self.origin
        body: dict[str, Any] = {
            "id": self.id_edit.text().strip(),
            "title": opt(self.title_edit.text()),
            "as_of": iso(self.as_of.value()),
            "technology": self._technology(o.get("technology")),
            "recipient": self._recipient(o.get("recipient")),
            "provision": self._provision(o.get("provision")),
            "notes": opt(self.notes.toPlainText()),
        }
        doc = prune(body, d.Case, o)
        if "provision" not in o and not doc["provision"]:
            del doc["provision"]
        return {"format": d.FORMAT, **doc}

    # --- OK ----------------------------------------------------------------------------
    def validate(self) -> d.Case | None:
        """The case the form holds, or None after showing what is wrong and where."""
        doc = self.document()
        try:
            if not self.editing and doc.get("id") in self.existing:
                raise InvalidInput(
                    _("the id {id} is already used by a stored case").format(id=doc["id"]),
                    where="id",
                )
            case = d.parse_case(doc)
        except InvalidInput as exc:
            self.show_problem(exc)
            return None
        self.problem.hide()
        return case

    def show_problem(self, exc: InvalidInput) -> None:
        where = exc.where or ""
        self.problem.setText(f"{where}: {exc.detail}" if where else exc.detail)
        self.problem.show()
        self.focus_path(where)

    def focus_path(self, where: str) -> None:
        """Show the tab holding the field at key path ``where`` and focus it."""
        found = re.fullmatch(r"(.+?)\[(\d+)\](?:\.(\w+))?(?:.*)", where)
        if found and isinstance(self._fields.get(found.group(1)), RowTable):
            table = self._fields[found.group(1)]
            assert isinstance(table, RowTable)
            self._show_tab_of(table)
            table.focus_cell(int(found.group(2)), found.group(3))
            return
        path = re.sub(r"\[\d+\]", "", where)
        while path and path not in self._fields:
            path = path.rpartition(".")[0]
        widget = self._fields.get(path)
        if widget is None:
            return
        self._show_tab_of(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_tab_of(self, widget: QWidget) -> None:
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            if page.isAncestorOf(widget):
                self.tabs.setCurrentIndex(i)
                if isinstance(page, QScrollArea):
                    page.ensureWidgetVisible(widget)
                return

    def focused_path(self) -> str | None:
        """The key path of the field that has the focus (for tests and screen readers)."""
        focus = self.focusWidget()
        for path, widget in self._fields.items():
            if focus is not None and (focus is widget or widget.isAncestorOf(focus)):
                return path
        return None

    def _accept_if_valid(self) -> None:
        case = self.validate()
        if case is None:
            return
        self._case = case
        if self.save is None:
            self.accept()
            return
        # stay open while it is stored: a refusal is shown here, with the input kept
        self.buttons.setEnabled(False)
        self.save(case)

    def saved(self) -> None:
        """The case is stored: close."""
        self.accept()

    def save_failed(self, exc: BaseException) -> None:
        """Storing was refused: say why (an invalid entry next to its field) and stay open."""
        self.buttons.setEnabled(True)
        if isinstance(exc, InvalidInput):
            self.show_problem(exc)
        else:  # a refusal (a role, a conflict): said here, the input kept
            self.problem.setText(str(exc))
            self.problem.show()

    def case(self) -> d.Case:
        """The valid case (after OK)."""
        assert self._case is not None
        return self._case
