"""The case form's Technology tab (技術): classification, item, concerns and the
exemption claims with the facts each basis uses.

The tab is a mixin of :class:`desk.ui.dialogs.case_form.form.CaseForm` rather than a
widget of its own, so that every field stays an attribute of the form (``form.name``,
``form.item``) for the key-path focus (:meth:`CaseForm.focus_path`) and the tests; it
uses the form's ``today``, ``tabs``, ``origin``, ``_register`` and ``_update``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QWidget

from desk.domain import case as d
from desk.domain.i18n import _
from desk.reports.labels import CLASSIFICATIONS, CONCERNS
from desk.ui.dialogs.case_form.choices import BASIS_FACTS, EXEMPTION_COLUMNS, FACT_KEYS, label
from desk.ui.dialogs.case_form.document import opt, prune
from desk.ui.dialogs.case_form.fields import Checks, RowTable, combo, scroll_page, set_combo


class TechnologyTab:
    """The Technology tab's fields, filling and document part (a mixin of CaseForm)."""

    def _build_technology_tab(self) -> None:
        page, form = scroll_page(self)
        self.tech_title = QLineEdit(page)
        self.tech_title.setObjectName("techTitle")
        self.classification = combo(page, "classification", CLASSIFICATIONS)
        self.item = combo(page, "item", d.LISTED_ITEMS, none=True)
        self.sub_item = QLineEdit(page)
        self.sub_item.setObjectName("subItem")
        self.sub_item.setPlaceholderText(_("sub-item, e.g. (1)"))
        item_row = QWidget(page)
        item_layout = QHBoxLayout(item_row)
        item_layout.setContentsMargins(0, 0, 0, 0)
        item_layout.addWidget(self.item)
        item_layout.addWidget(self.sub_item, 1)
        self.item_16_1 = QCheckBox(_("relates to the specific item 16(1) goods"), page)
        self.item_16_1.setObjectName("item16_1")
        self.concerns = Checks("concernRelevance", d.CONCERNS, lambda c: label(CONCERNS, c), page)
        self.exemptions = RowTable("exemptions", EXEMPTION_COLUMNS, page)
        self.exemptions.row_added = self._exemption_added
        form.addRow(_("Title"), self._register("technology.title", self.tech_title))
        form.addRow(
            _("Classification"), self._register("technology.classification", self.classification)
        )
        form.addRow(_("Item"), self._register("technology.item", item_row))
        self._fields["technology.item"] = self.item
        form.addRow(
            _("Item 16(1)"), self._register("technology.specific_item_16_1", self.item_16_1)
        )
        form.addRow(
            _("Concern relevance"), self._register("technology.concern_relevance", self.concerns)
        )
        form.addRow(_("Exemption claims"), self._register("technology.exemptions", self.exemptions))
        self.classification.currentIndexChanged.connect(self._update)
        self.tabs.addTab(page, _("Technology"))

    def _exemption_added(self, r: int) -> None:
        box = self.exemptions.combo_at(r, "basis")
        box.currentIndexChanged.connect(self._update_exemptions)
        self._update_exemptions()

    def _update_exemptions(self, *_args: Any) -> None:
        t = self.exemptions
        for r in range(t.rows()):
            facts = BASIS_FACTS.get(t.cell(r, "basis"), ())
            for key in FACT_KEYS:
                c = t.keys.index(key)
                if key == "audience":
                    t.table.cellWidget(r, c).setEnabled(key in facts)
                    continue
                item = t.table.item(r, c)
                flags = Qt.ItemFlag.ItemIsUserCheckable
                if key in facts:
                    flags |= Qt.ItemFlag.ItemIsEnabled
                item.setFlags(flags)

    def _fill_technology(self, t: Mapping[str, Any]) -> None:
        self.tech_title.setText(t.get("title") or "")
        set_combo(self.classification, t["classification"])
        item = t.get("item")
        if t["classification"] == "listed" and item:
            number, _sep, sub = item.partition(":")
            set_combo(self.item, number.strip())
            self.sub_item.setText(sub)
        self.item_16_1.setChecked(bool(t.get("specific_item_16_1")))
        self.concerns.set_value(t.get("concern_relevance", ()))
        for claim in t.get("exemptions", ()):
            self.exemptions.add_row(claim, origin=claim)

    def _technology(self, origin: Mapping[str, Any] | None) -> dict[str, Any]:
        classification = self.classification.currentData()
        item: str | None = None
        if classification == "listed":
            number = self.item.currentData()
            sub = self.sub_item.text()
            if number is not None:
                item = f"{number}:{sub}" if sub.strip() else number
        elif origin and origin.get("classification") == classification:
            item = origin.get("item")  # not shown for other classifications: kept
        exemptions = []
        t = self.exemptions
        for r in range(t.rows()):
            basis = t.cell(r, "basis")
            claim_origin = t.origins[r] or {}
            claim: dict[str, Any] = {
                "basis": basis,
                "evidence": opt(t.cell(r, "evidence")),
                "note": opt(t.cell(r, "note")),
            }
            for key in FACT_KEYS:
                if key in BASIS_FACTS[basis]:
                    claim[key] = t.cell(r, key)
                elif key in claim_origin and claim_origin.get("basis") == basis:
                    claim[key] = claim_origin[key]  # a fact the form does not show: kept
            required = d.EXEMPTION_FACTS[basis]
            exemptions.append(prune(claim, d.ExemptionClaim, claim_origin, required))
        tech = {
            "title": opt(self.tech_title.text()),
            "classification": classification,
            "item": item,
            "specific_item_16_1": self.item_16_1.isChecked(),
            "concern_relevance": self.concerns.value(),
            "exemptions": exemptions,
        }
        return prune(tech, d.Technology, origin)
