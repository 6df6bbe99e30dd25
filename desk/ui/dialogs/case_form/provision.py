"""The case form's Provision tab (提供): where, how and when the technology is provided,
re-provision, known end use and user, inform notice and the "clearly absent" check.

The tab is a mixin of :class:`desk.ui.dialogs.case_form.form.CaseForm` rather than a
widget of its own, so that every field stays an attribute of the form (``form.name``,
``form.item``) for the key-path focus (:meth:`CaseForm.focus_path`) and the tests; it
uses the form's ``today``, ``tabs``, ``origin``, ``_register`` and ``_update``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLineEdit

from desk.domain import case as d
from desk.domain.i18n import _
from desk.reports.labels import CHANNELS, CONCERNS
from desk.ui.dialogs.case_form.choices import END_USE_LABELS, PLACE_LABELS, label
from desk.ui.dialogs.case_form.document import date_or_none, iso, opt, prune
from desk.ui.dialogs.case_form.fields import (
    Checks,
    OptionalDate,
    combo,
    country_edit,
    country_of,
    scroll_page,
    set_combo,
)


class ProvisionTab:
    """The Provision tab's fields, filling and document part (a mixin of CaseForm)."""

    def _build_provision_tab(self) -> None:
        page, form = scroll_page(self)
        self.place = combo(page, "place", PLACE_LABELS)
        self.prov_country = country_edit(page, "provisionCountry")
        self.channels = Checks("channels", d.CHANNELS, lambda c: label(CHANNELS, c), page)
        self.prov_date = OptionalDate(
            "provisionDate", _("same as the as-of date"), self.today, page
        )
        self.re_provision = QCheckBox(_("it is clear the recipient will pass it on"), page)
        self.re_provision.setObjectName("reProvision")
        self.re_country = country_edit(page, "reProvisionCountry")
        self.end_use = combo(page, "knownEndUse", END_USE_LABELS, none=True)
        self.end_user = Checks("knownEndUser", d.CONCERNS, lambda c: label(CONCERNS, c), page)
        self.inform = combo(page, "inform", END_USE_LABELS, none=True)
        self.clear_finding = QGroupBox(_("'Clearly absent' check done"), page)
        self.clear_finding.setObjectName("clearFinding")
        self.clear_finding.setCheckable(True)
        self.clear_finding.setChecked(False)
        cf = QFormLayout(self.clear_finding)
        self.cf_documented = QCheckBox(_("documented"), self.clear_finding)
        self.cf_documented.setObjectName("documented")
        self.cf_rationale = QLineEdit(self.clear_finding)
        self.cf_rationale.setObjectName("rationale")
        p = "provision"
        for path, label_text, widget in (
            (f"{p}.place", _("Place"), self.place),
            (f"{p}.country", _("Country"), self.prov_country),
            (f"{p}.channels", _("Channels"), self.channels),
            (f"{p}.date", _("Date"), self.prov_date),
            (f"{p}.re_provision_evident", _("Re-provision"), self.re_provision),
            (f"{p}.re_provision_country", _("Re-provision country"), self.re_country),
            (f"{p}.known_end_use", _("Known end use"), self.end_use),
            (f"{p}.known_end_user", _("Known end user"), self.end_user),
            (f"{p}.inform", _("Inform notice"), self.inform),
        ):
            form.addRow(label_text, self._register(path, widget))
        cf.addRow(self._register(f"{p}.clear_finding.documented", self.cf_documented))
        cf.addRow(_("Rationale"), self._register(f"{p}.clear_finding.rationale", self.cf_rationale))
        form.addRow(self._register(f"{p}.clear_finding", self.clear_finding))
        self.place.currentIndexChanged.connect(self._update)
        self.re_provision.toggled.connect(self._update)
        self.tabs.addTab(page, _("Provision"))

    def _fill_provision(self, p: Mapping[str, Any]) -> None:
        set_combo(self.place, p.get("place", "japan"))
        self.prov_country.setText(p.get("country") or "")
        self.channels.set_value(p.get("channels", ()))
        self.prov_date.set_value(date_or_none(p.get("date")))
        self.re_provision.setChecked(bool(p.get("re_provision_evident")))
        self.re_country.setText(p.get("re_provision_country") or "")
        set_combo(self.end_use, p.get("known_end_use"))
        self.end_user.set_value(p.get("known_end_user", ()))
        set_combo(self.inform, p.get("inform"))
        cf = p.get("clear_finding")
        self.clear_finding.setChecked(cf is not None)
        if cf is not None:
            self.cf_documented.setChecked(bool(cf.get("documented")))
            self.cf_rationale.setText(cf.get("rationale") or "")

    def _provision(self, origin: Mapping[str, Any] | None) -> dict[str, Any]:
        origin = origin or {}
        clear_finding = None
        if self.clear_finding.isChecked():
            clear_finding = prune(
                {
                    "documented": self.cf_documented.isChecked(),
                    "rationale": opt(self.cf_rationale.text()),
                },
                d.ClearFinding,
                origin.get("clear_finding"),
            )
        abroad = self.place.currentData() == "abroad"
        prov = {
            "place": self.place.currentData(),
            "country": country_of(self.prov_country)
            if abroad
            else origin.get("country"),  # JP or null in Japan: kept as stored
            "channels": self.channels.value(),
            "date": iso(self.prov_date.value()),
            "re_provision_evident": self.re_provision.isChecked(),
            "re_provision_country": country_of(self.re_country)
            if self.re_provision.isChecked()
            else origin.get("re_provision_country"),
            "known_end_use": self.end_use.currentData(),
            "known_end_user": self.end_user.value(),
            "inform": self.inform.currentData(),
            "clear_finding": clear_finding,
        }
        return prune(prov, d.Provision, origin)
