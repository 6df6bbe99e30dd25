"""The case form's Recipient tab (受領者): who receives the technology, their residency
facts, employment, departure (Japanese nationals), affiliations, ties and declaration.

The tab is a mixin of :class:`desk.ui.dialogs.case_form.form.CaseForm` rather than a
widget of its own, so that every field stays an attribute of the form (``form.name``,
``form.item``) for the key-path focus (:meth:`CaseForm.focus_path`) and the tests; it
uses the form's ``today``, ``tabs``, ``origin``, ``_register`` and ``_update``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit

from desk.domain import case as d
from desk.domain.i18n import _
from desk.ui.dialogs.case_form.choices import (
    AFFILIATION_COLUMNS,
    EMPLOYMENT_LABELS,
    KIND_LABELS,
    LOCATION_LABELS,
    OFFICIAL_LABELS,
    PURPOSE_LABELS,
    TIE_COLUMNS,
)
from desk.ui.dialogs.case_form.document import (
    as_text,
    date_or_none,
    iso,
    number_or_text,
    opt,
    prune,
)
from desk.ui.dialogs.case_form.fields import (
    Checks,
    OptionalDate,
    RowTable,
    codes_of,
    combo,
    country_edit,
    country_of,
    date_edit,
    pydate,
    qdate,
    scroll_page,
    set_combo,
)


class RecipientTab:
    """The Recipient tab's fields, filling and document part (a mixin of CaseForm)."""

    def _build_recipient_tab(self) -> None:
        page, form = scroll_page(self)
        self.kind = combo(page, "kind", KIND_LABELS)
        self.name = QLineEdit(page)
        self.name.setObjectName("name")
        self.name.setPlaceholderText(_("as written, any script"))
        self.name_latin = QLineEdit(page)
        self.name_latin.setObjectName("nameLatin")
        self.nationalities = country_edit(page, "nationalities", many=True)
        self.country = country_edit(page, "country")
        self.location = combo(page, "location", LOCATION_LABELS)
        self.official = combo(page, "officialStatus", OFFICIAL_LABELS, none=True)
        self.entered = OptionalDate("enteredJapanOn", _("not known"), self.today, page)
        for path, label_text, widget in (
            ("recipient.kind", _("Kind"), self.kind),
            ("recipient.name", _("Name"), self.name),
            ("recipient.name_latin", _("Name (Latin script)"), self.name_latin),
            ("recipient.nationalities", _("Nationalities"), self.nationalities),
            ("recipient.country", _("Country"), self.country),
            ("recipient.location", _("Lives"), self.location),
            ("recipient.official_status", _("Official status"), self.official),
            ("recipient.entered_japan_on", _("Entered Japan on"), self.entered),
        ):
            form.addRow(label_text, self._register(path, widget))

        self.employment = QGroupBox(_("Employment in Japan"), page)
        self.employment.setObjectName("employment")
        self.employment.setCheckable(True)
        self.employment.setChecked(False)
        emp = QFormLayout(self.employment)
        self.employer = QLineEdit(self.employment)
        self.employer.setObjectName("employer")
        self.employment_form = combo(self.employment, "employmentForm", EMPLOYMENT_LABELS)
        self.employed_since = date_edit(self.employment, "employedSince", self.today)
        self.employed_until = OptionalDate("employedUntil", _("open-ended"), self.today, page)
        p = "recipient.employment_in_japan"
        emp.addRow(_("Employer"), self._register(f"{p}.employer", self.employer))
        emp.addRow(_("Form"), self._register(f"{p}.form", self.employment_form))
        emp.addRow(_("Since"), self._register(f"{p}.since", self.employed_since))
        emp.addRow(_("Until"), self._register(f"{p}.until", self.employed_until))
        form.addRow(self._register(p, self.employment))

        self.departure = QGroupBox(_("Japanese national: departure from Japan"), page)
        self.departure.setObjectName("departure")
        dep = QFormLayout(self.departure)
        self.left_japan = OptionalDate("leftJapanOn", _("not known"), self.today, page)
        self.abroad_purpose = combo(self.departure, "abroadPurpose", PURPOSE_LABELS, none=True)
        self.stay_years = QLineEdit(self.departure)
        self.stay_years.setObjectName("intendedStayYears")
        self.returned = OptionalDate("returnedOn", _("not back"), self.today, page)
        for path, label_text, widget in (
            ("recipient.left_japan_on", _("Left Japan on"), self.left_japan),
            ("recipient.abroad_purpose", _("Purpose abroad"), self.abroad_purpose),
            ("recipient.intended_stay_years", _("Intended stay (years)"), self.stay_years),
            ("recipient.returned_on", _("Returned on"), self.returned),
        ):
            dep.addRow(label_text, self._register(path, widget))
        form.addRow(self.departure)

        self.affiliations = RowTable("affiliations", AFFILIATION_COLUMNS, page)
        self.ties = RowTable("ties", TIE_COLUMNS, page)
        form.addRow(_("Affiliations"), self._register("recipient.affiliations", self.affiliations))
        form.addRow(_("Ties"), self._register("recipient.ties", self.ties))

        self.declaration = QGroupBox(_("Specific-category declaration on file"), page)
        self.declaration.setObjectName("declaration")
        self.declaration.setCheckable(True)
        self.declaration.setChecked(False)
        self.declaration.setToolTip(_("Unchecked: no declaration on file"))
        dec = QFormLayout(self.declaration)
        self.declared_on = date_edit(self.declaration, "declaredOn", self.today)
        self.declared_types = Checks(
            "declaredTypes",
            (1, 2, 3),
            lambda t: _("type {n}").format(n=t),
            self.declaration,
        )
        p = "recipient.declaration"
        dec.addRow(_("Declared on"), self._register(f"{p}.declared_on", self.declared_on))
        dec.addRow(_("Types declared"), self._register(f"{p}.types", self.declared_types))
        form.addRow(self._register(p, self.declaration))
        # the basis the declaration was recorded with (the register, the stored case); the
        # form has no field for it, the register's declaration form has
        self.declaration_basis: str | None = None
        # what the register said about the picked person's declaration, and whether the
        # declaration is dated after the provision (then it does not count)
        self.declaration_note = QLabel(page)
        self.declaration_note.setObjectName("declarationNote")
        self.declaration_note.setWordWrap(True)
        self.declaration_note.hide()
        self.register_declaration_text = ""
        form.addRow(self.declaration_note)
        self.declaration.toggled.connect(self._update_declaration_note)
        self.declared_on.dateChanged.connect(self._update_declaration_note)

        self.kind.currentIndexChanged.connect(self._update)
        self.nationalities.textChanged.connect(self._update)
        self.tabs.addTab(page, _("Recipient"))

    def _fill_recipient(self, r: Mapping[str, Any]) -> None:
        set_combo(self.kind, r.get("kind", "person"))
        self.name.setText(r["name"])
        self.name_latin.setText(r.get("name_latin") or "")
        self.nationalities.setText(", ".join(r.get("nationalities", ())))
        self.country.setText(r.get("country") or "")
        recipient = d.parse_recipient(r, "recipient")
        set_combo(self.location, recipient.effective_location)
        set_combo(self.official, r.get("official_status"))
        self.entered.set_value(date_or_none(r.get("entered_japan_on")))
        emp = r.get("employment_in_japan")
        self.employment.setChecked(emp is not None)
        if emp is not None:
            self.employer.setText(emp.get("employer") or "")
            set_combo(self.employment_form, emp["form"])
            self.employed_since.setDate(qdate(dt.date.fromisoformat(emp["since"])))
            self.employed_until.set_value(date_or_none(emp.get("until")))
        self.left_japan.set_value(date_or_none(r.get("left_japan_on")))
        set_combo(self.abroad_purpose, r.get("abroad_purpose"))
        self.stay_years.setText(as_text(r.get("intended_stay_years")))
        self.returned.set_value(date_or_none(r.get("returned_on")))
        for aff in r.get("affiliations", ()):
            self.affiliations.add_row(aff, origin=aff)
        for tie in r.get("ties", ()):
            self.ties.add_row(tie, origin=tie)
        dec = r.get("declaration")
        self.declaration.setChecked(dec is not None)
        if dec is not None:
            self.declared_on.setDate(qdate(dt.date.fromisoformat(dec["declared_on"])))
            self.declared_types.set_value(dec.get("types", ()))
            self.declaration_basis = dec.get("basis")

    def provision_day(self) -> dt.date:
        """The day the declaration must be on or before: the provision date, else the as-of
        date, else today (as the assessment reads it)."""
        return self.prov_date.value() or self.as_of.value() or self.today

    def show_register_declaration(
        self, in_force: Mapping[str, Any] | None, latest: Mapping[str, Any] | None
    ) -> None:
        """Fill the declaration from the register: the one in force on the provision day,
        else the latest received (dated after the provision: the note says it does not
        count), else none on the register."""
        dec = in_force or latest
        self.declaration.setChecked(dec is not None)
        if dec is None:
            self.declaration_basis = None
            self.register_declaration_text = _("The register has no declaration of this person.")
        else:
            self.declared_on.setDate(qdate(dt.date.fromisoformat(dec["declared_on"])))
            self.declared_types.set_value(dec.get("types", ()))
            self.declaration_basis = dec.get("basis")
            self.register_declaration_text = _(
                "Filled from the register: the declaration received on {day}."
            ).format(day=dec["declared_on"])
        self._update_declaration_note()

    def _update_declaration_note(self, *_args: Any) -> None:
        if not hasattr(self, "prov_date"):  # still being built
            return
        lines = [self.register_declaration_text] if self.register_declaration_text else []
        day = self.provision_day()
        if self.declaration.isChecked() and pydate(self.declared_on.date()) > day:
            lines.append(
                _(
                    "The declaration is dated {declared} after the provision on {day}: it does "
                    "not count for this provision and is treated as absent."
                ).format(declared=pydate(self.declared_on.date()).isoformat(), day=day.isoformat())
            )
            self.declaration_note.setStyleSheet("color: #b00020")
        else:
            self.declaration_note.setStyleSheet("")
        self.declaration_note.setText("\n".join(lines))
        self.declaration_note.setVisible(bool(lines))

    def _recipient(self, origin: Mapping[str, Any] | None) -> dict[str, Any]:
        origin = origin or {}
        kind = self.kind.currentData()
        country = country_of(self.country)
        location = self.location.currentData()
        default_location = "japan" if kind == "person" or country == "JP" else "abroad"
        japanese = "JP" in codes_of(self.nationalities)
        employment = None
        if self.employment.isChecked():
            emp_origin = origin.get("employment_in_japan") or {}
            employment = prune(
                {
                    "employer": opt(self.employer.text()),
                    "since": iso(pydate(self.employed_since.date())),
                    "until": iso(self.employed_until.value()),
                    "form": self.employment_form.currentData(),
                },
                d.Employment,
                emp_origin,
            )
        affiliations = []
        a = self.affiliations
        for r in range(a.rows()):
            aff = {
                "name": a.cell(r, "name").strip(),
                "country": opt(a.cell(r, "country").upper()),
                "kind": a.cell(r, "kind"),
            }
            affiliations.append(prune(aff, d.Affiliation, a.origins[r]))
        ties = []
        t = self.ties
        for r in range(t.rows()):
            tie_type = t.cell(r, "type")
            tie = {
                "type": tie_type,
                "counterparty": opt(t.cell(r, "counterparty")),
                "counterparty_kind": t.cell(r, "counterparty_kind"),
                "country": opt(t.cell(r, "country").upper()),
                "follows_directions": t.cell(r, "follows_directions"),
                "priority_agreement": t.cell(r, "priority_agreement"),
                "paid_to": t.cell(r, "paid_to"),
                "share_of_income": number_or_text(t.cell(r, "share_of_income")),
                "timing": t.cell(r, "timing"),
                "repayment_waived": t.cell(r, "repayment_waived"),
            }
            keep = ["counterparty_kind"]
            if tie_type in d.CONTRACT_TIE_TYPES:
                keep.append("follows_directions")
            ties.append(prune(tie, d.Tie, t.origins[r], keep))
        declaration = None
        if self.declaration.isChecked():
            declaration = prune(
                {
                    "declared_on": iso(pydate(self.declared_on.date())),
                    "types": self.declared_types.value(),
                    "basis": self.declaration_basis or "self_declaration",
                },
                d.Declaration,
                origin.get("declaration"),
                ("types",),
            )
        rec: dict[str, Any] = {
            "kind": kind,
            "official_status": self.official.currentData(),
            "name": self.name.text().strip(),
            "name_latin": opt(self.name_latin.text()),
            "nationalities": codes_of(self.nationalities),
            "country": country,
            "location": (
                None if location == default_location and "location" not in origin else location
            ),
            "entered_japan_on": iso(self.entered.value()),
            "employment_in_japan": employment,
            "left_japan_on": iso(self.left_japan.value()) if japanese else None,
            "abroad_purpose": self.abroad_purpose.currentData() if japanese else None,
            "intended_stay_years": number_or_text(self.stay_years.text()) if japanese else None,
            "returned_on": iso(self.returned.value()) if japanese else None,
            "affiliations": affiliations,
            "ties": ties,
            "cleared_hits": list(origin.get("cleared_hits", ())),  # decided in review: kept
            "declaration": declaration,
        }
        return prune(rec, d.Recipient, origin)
