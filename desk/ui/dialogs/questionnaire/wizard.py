"""The researcher's questionnaire (事前確認) as a wizard: one topic a page.

:class:`QuestionnaireWizard` asks, in plain words, who receives the technology, what it
is, where and how it is provided and whether an exemption applies. Each question says
why it is asked and gives an example; a page's answers are checked as they are typed
(the message names the field by its label) and Next stays disabled until they are
fine. The answers make the same ``desk-case/1`` document as the officer's form, checked
by :func:`desk.domain.case.parse_case`. "Save draft" stores it as a draft case (the
caller's ``save_draft``); a draft opened again resumes where it was. The summary page
lists the answers; Submit calls the caller's ``submit`` (store, assess, submit for
review, off the UI thread), which ends with :meth:`QuestionnaireWizard.submitted`: the
last page explains the assessment in words (:mod:`desk.services.registers.explain`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFrame,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desk.domain import case as d
from desk.domain.countries import COUNTRY_JA, COUNTRY_NAMES
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _, current_language, pick
from desk.domain.localtime import format_date
from desk.reports.labels import CHANNELS
from desk.ui.dialogs.case_form.choices import suggest_id
from desk.ui.dialogs.case_form.fields import Checks, OptionalDate
from desk.ui.dialogs.questionnaire.labels import ITEM_NAMES

Problems = list[tuple[str, str]]  # (the field's label, what is wrong)
W = TypeVar("W", bound=QWidget)


def country_combo(parent: QWidget, name: str, none: str | None = None) -> QComboBox:
    """Countries by name in the UI's language (the code is the item's data)."""
    box = QComboBox(parent)
    box.setObjectName(name)
    table = COUNTRY_JA if current_language() == "ja" else COUNTRY_NAMES
    if none is not None:
        box.addItem(none, None)
    for code in sorted(COUNTRY_NAMES, key=lambda c: table.get(c, c)):
        box.addItem(table.get(code, code), code)
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = box.completer()
    if completer is not None:
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return box


def choose(box: QComboBox, value: Any) -> None:
    index = box.findData(value)
    box.setCurrentIndex(max(index, 0))


def _latin(text: str) -> bool:
    return all(ord(c) < 0x2E80 for c in text)


class Page(QWizardPage):
    """One topic: questions with why and an example, a problem line, checked as typed."""

    def __init__(self, name: str, title: str, subtitle: str, wizard: QuestionnaireWizard):
        super().__init__(wizard)
        self.setObjectName(name)
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.questionnaire = wizard
        self.check: Callable[[], Problems] = list
        # the questions scroll (usable at 1366×768); the problem line stays in view below
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget(self.scroll)
        self.box = QVBoxLayout(inner)
        self.scroll.setWidget(inner)
        outer.addWidget(self.scroll, 1)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)

    def ask(self, label: str, widget: W, why: str, example: str = "") -> W:
        """A question: its label, the field, then why it is asked and an example."""
        title = QLabel(label, self)
        title.setStyleSheet("font-weight: bold")
        title.setBuddy(widget)
        widget.setAccessibleName(label)
        hint = QLabel(
            why + ("\n" + _("Example: {example}").format(example=example) if example else "")
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555")
        self.box.addWidget(title)
        self.box.addWidget(widget)
        self.box.addWidget(hint)
        return widget

    def finish(self) -> None:
        self.box.addStretch(1)
        layout = self.layout()
        assert layout is not None
        layout.addWidget(self.problem)
        self.problem.hide()

    def changed(self, *_args: Any) -> None:
        self.questionnaire.dirty = True
        problems = self.check()
        self.problem.setText(
            "\n".join(_("{field}: {problem}").format(field=f, problem=p) for f, p in problems)
        )
        self.problem.setVisible(bool(problems))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.check()


class SummaryPage(Page):
    def validatePage(self) -> bool:
        """Submit: stays here until the case is stored, assessed and submitted."""
        return self.questionnaire.request_submit()


class QuestionnaireWizard(QWizard):
    """File a self-assessment (事前確認) step by step; ``case`` resumes a saved draft."""

    def __init__(
        self,
        *,
        today: dt.date,
        existing: Iterable[str] = (),
        case: d.Case | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("questionnaire")
        self.setWindowTitle(_("Self-assessment"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonText(QWizard.WizardButton.CustomButton1, _("Save draft"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Close"))
        self.customButtonClicked.connect(lambda _which: self.request_draft())
        self.today = today
        self.case_id = case.id if case is not None else suggest_id(existing, today)
        self.stored = case is not None  # a draft exists: saving replaces its facts
        # a resumed case's facts the wizard does not ask about are kept (see document())
        self.origin: dict[str, Any] = (
            d.case_to_dict(case, include_expected=False) if case is not None else {}
        )
        self._submitted = False
        self.save_draft: Callable[[d.Case, bool], None] | None = None  # (case, new)
        self.submit: Callable[[d.Case, bool], None] | None = None  # (case, new)
        self.register_technical: dict[str, Mapping[str, Any]] = {}
        self.who = self._who_page()
        self.what = self._what_page()
        self.where = self._where_page()
        self.exempt = self._exemptions_page()
        self.summary = self._summary_page()
        self.result = self._result_page()
        for page in (self.who, self.what, self.where, self.exempt, self.summary, self.result):
            self.addPage(page)
        self.currentIdChanged.connect(self._page_shown)
        self.resize(760, 680)
        if case is not None:
            self.fill(case)
        for page in (self.who, self.what, self.where, self.exempt):
            page.changed()
        self.dirty = False  # answers changed since the last save (Esc then asks)

    # --- pages ------------------------------------------------------------------------
    def _who_page(self) -> Page:
        p = Page(
            "pageWho",
            _("Who receives the technology?"),
            _("The rules depend on who the recipient is and where they live and work."),
            self,
        )
        self.name = p.ask(
            _("Recipient's name"),
            QLineEdit(p),
            _("Written as in their passport or the organization's own name, in any script."),
            _("王 小明"),
        )
        self.name.setObjectName("name")
        self.name_latin = p.ask(
            _("Name in Latin letters"),
            QLineEdit(p),
            _("Used to check the name against the lists of restricted parties."),
            "Wang Xiaoming",
        )
        self.name_latin.setObjectName("nameLatin")
        self.nationality = p.ask(
            _("Nationality"),
            country_combo(p, "nationality", _("not known")),
            _(
                "Some countries and regions need a closer look; a Japanese "
                "national may still be treated as living abroad."
            ),
            _("China"),
        )
        self.second_nationality = p.ask(
            _("Second nationality, if any"),
            country_combo(p, "secondNationality", _("none")),
            _("A second nationality counts as much as the first."),
        )
        self.lives_in_japan = p.ask(
            _("Lives in Japan"),
            QCheckBox(_("The recipient lives in Japan"), p),
            _(
                "Providing technology to someone living abroad, or abroad, "
                "needs a licence for listed technology."
            ),
        )
        self.lives_in_japan.setObjectName("livesInJapan")
        self.lives_in_japan.setChecked(True)
        self.entered = p.ask(
            _("Date they came to Japan"),
            OptionalDate("enteredJapanOn", _("not known / Japanese national"), self.today, p),
            _("Someone who came less than six months ago is usually treated as living abroad."),
            _("1 April 2026"),
        )
        self.employer = p.ask(
            _("Employer in Japan, if employed"),
            QLineEdit(p),
            _("Someone working for an office or company in Japan is treated as living in Japan."),
            _("this university (research assistant)"),
        )
        self.employer.setObjectName("employer")
        self.affiliation = p.ask(
            _("Affiliation (university, company or institute)"),
            QLineEdit(p),
            _("Where the recipient belongs is checked against the End User List."),
            _("Tsinghua University"),
        )
        self.affiliation.setObjectName("affiliation")
        self.affiliation_country = p.ask(
            _("Country or region of the affiliation"),
            country_combo(p, "affiliationCountry", _("not known")),
            _("The country or region where the affiliation is based."),
        )
        self.foreign_directions = p.ask(
            _("Works under the directions of a foreign government or company"),
            QCheckBox(
                _(
                    "Yes: they are employed by, or have a contract with, a foreign "
                    "government or company and follow its directions"
                ),
                p,
            ),
            _(
                "This is a specific category (類型①): such a person is "
                "treated as living abroad even in Japan."
            ),
            _("a researcher still employed by a university abroad"),
        )
        self.foreign_directions.setObjectName("foreignDirections")
        self.foreign_funding = p.ask(
            _("Receives substantial money from a foreign government"),
            QCheckBox(
                _(
                    "Yes: they receive substantial money or benefits from a foreign "
                    "government (for example a talent programme)"
                ),
                p,
            ),
            _("This is a specific category (類型②)."),
        )
        self.foreign_funding.setObjectName("foreignFunding")
        self.foreign_party_country = p.ask(
            _("Country or region of that government or company"),
            country_combo(p, "foreignPartyCountry", _("not known")),
            _("Needed only when one of the two answers above is yes."),
        )
        p.finish()
        p.check = self._check_who
        for w in (self.name, self.name_latin, self.employer, self.affiliation):
            w.textChanged.connect(p.changed)
        for box in (self.nationality, self.affiliation_country, self.foreign_party_country):
            box.currentIndexChanged.connect(p.changed)
        for c in (self.foreign_directions, self.foreign_funding, self.lives_in_japan):
            c.toggled.connect(p.changed)
        return p

    def _check_who(self) -> Problems:
        out: Problems = []
        if not self.name.text().strip():
            out.append((_("Recipient's name"), _("enter the name")))
        if not _latin(self.name_latin.text()):
            out.append((_("Name in Latin letters"), _("use Latin letters only")))
        if self.nationality.currentData() is None:
            out.append((_("Nationality"), _("choose a country or region from the list")))
        if (self.foreign_directions.isChecked() or self.foreign_funding.isChecked()) and (
            self.foreign_party_country.currentData() is None
        ):
            out.append(
                (
                    _("Country or region of that government or company"),
                    _("choose a country or region from the list"),
                )
            )
        return out

    def _what_page(self) -> Page:
        p = Page(
            "pageWhat",
            _("What technology will you provide?"),
            _("Pick it from the registered technical data, or describe it."),
            self,
        )
        self.tech_title = p.ask(
            _("The technology"),
            QLineEdit(p),
            _("A short description; typing shows the technical data already registered."),
            _("28 GHz GaN amplifier layout rules"),
        )
        self.tech_title.setObjectName("techTitle")
        self.listed = p.ask(
            _("Is it on the control list?"),
            QComboBox(p),
            _(
                "The office's classification says whether it is listed. If "
                "you do not know, say so: the office will check."
            ),
        )
        self.listed.setObjectName("classification")
        for code, text in (
            ("undetermined", _("I do not know")),
            ("listed", _("Yes, it is on the control list")),
            ("below_threshold", _("No, it is below the list's thresholds")),
            ("not_on_list", _("No, it is not covered by the list at all")),
        ):
            self.listed.addItem(text, code)
        self.item = p.ask(
            _("Which field of the control list"),
            QComboBox(p),
            _("Only when it is on the control list."),
            _("Electronics"),
        )
        self.item.setObjectName("item")
        self.item.addItem(_("choose…"), None)
        for code in d.LISTED_ITEMS:
            self.item.addItem(pick(*ITEM_NAMES[code]), code)
        p.finish()
        p.check = self._check_what
        self.tech_title.textChanged.connect(p.changed)
        self.listed.currentIndexChanged.connect(p.changed)
        self.item.currentIndexChanged.connect(p.changed)
        return p

    def _check_what(self) -> Problems:
        out: Problems = []
        self.item.setEnabled(self.listed.currentData() == "listed")
        if not self.tech_title.text().strip():
            out.append((_("The technology"), _("describe the technology")))
        if self.listed.currentData() == "listed" and self.item.currentData() is None:
            out.append((_("Which field of the control list"), _("choose the field")))
        return out

    def _where_page(self) -> Page:
        p = Page(
            "pageWhere",
            _("Where and how will you provide it?"),
            _("Providing it abroad, or carrying it abroad, is controlled on its own."),
            self,
        )
        self.abroad = p.ask(
            _("Provided abroad"),
            QCheckBox(_("It will be provided outside Japan"), p),
            _(
                "A visit or a conference abroad counts; a video call "
                "from Japan to someone abroad does too."
            ),
        )
        self.abroad.setObjectName("abroad")
        self.prov_country = p.ask(
            _("Country or region where it is provided"),
            country_combo(p, "provisionCountry", _("choose…")),
            _("Only when it is provided abroad."),
            _("Germany"),
        )
        self.channels = p.ask(
            _("How it is provided"),
            Checks("channels", d.CHANNELS, lambda c: pick(*CHANNELS[c]), p),
            _("Tick every way you will use."),
            _("e-mail and lab access"),
        )
        self.prov_date = p.ask(
            _("When"),
            OptionalDate("provisionDate", _("not decided yet"), self.today, p),
            _("The day the technology is first provided."),
        )
        p.finish()
        p.check = self._check_where
        self.abroad.toggled.connect(p.changed)
        self.prov_country.currentIndexChanged.connect(p.changed)
        assert isinstance(self.channels, Checks)
        for box in self.channels.boxes.values():
            box.toggled.connect(p.changed)
        return p

    def _check_where(self) -> Problems:
        out: Problems = []
        self.prov_country.setEnabled(self.abroad.isChecked())
        if self.abroad.isChecked() and self.prov_country.currentData() is None:
            out.append(
                (
                    _("Country or region where it is provided"),
                    _("choose a country or region from the list"),
                )
            )
        assert isinstance(self.channels, Checks)
        if not self.channels.value():
            out.append((_("How it is provided"), _("tick at least one way")))
        return out

    def _exemptions_page(self) -> Page:
        p = Page(
            "pageExemptions",
            _("Is it already public, or fundamental research?"),
            _("Published technology and fundamental research need no licence."),
            self,
        )
        self.public = p.ask(
            _("Already published"),
            QCheckBox(_("Everything I will provide is already published"), p),
            _(
                "Published means anyone can get it: a journal, a book, a "
                "public website or a talk open to all."
            ),
        )
        self.public.setObjectName("publicDomain")
        self.evidence = p.ask(
            _("Where it is published"),
            QLineEdit(p),
            _("So that the office can check it."),
            _("the paper's DOI or the web address"),
        )
        self.evidence.setObjectName("evidence")
        self.fundamental = p.ask(
            _("Fundamental research"),
            QCheckBox(
                _(
                    "It is fundamental research: it aims at natural "
                    "principles, not at a particular product"
                ),
                p,
            ),
            _("Research to understand nature, whose results are published, is not controlled."),
            _("measuring a new material's band gap"),
        )
        self.fundamental.setObjectName("fundamentalResearch")
        p.finish()
        p.check = self._check_exemptions
        self.public.toggled.connect(p.changed)
        self.evidence.textChanged.connect(p.changed)
        self.fundamental.toggled.connect(p.changed)
        return p

    def _check_exemptions(self) -> Problems:
        self.evidence.setEnabled(self.public.isChecked())
        if self.public.isChecked() and not self.evidence.text().strip():
            return [(_("Where it is published"), _("say where it is published"))]
        return []

    def _summary_page(self) -> SummaryPage:
        p = SummaryPage(
            "pageSummary",
            _("Check your answers"),
            _("Go back to change an answer. Submit sends it to the office for review."),
            self,
        )
        p.setCommitPage(True)
        p.setButtonText(QWizard.WizardButton.CommitButton, _("Submit"))
        self.summary_text = QTextBrowser(p)
        self.summary_text.setObjectName("summary")
        p.box.addWidget(self.summary_text, 1)
        p.finish()
        return p

    def _result_page(self) -> Page:
        p = Page(
            "pageResult",
            _("Submitted: what the assessment says"),
            _("The office reviews it; you can see the case under Cases."),
            self,
        )
        self.result_text = QTextBrowser(p)
        self.result_text.setObjectName("result")
        p.box.addWidget(self.result_text, 1)
        p.finish()
        return p

    # --- the register -----------------------------------------------------------------
    def offer_register(self, technical: Mapping[str, Mapping[str, Any]]) -> None:
        """Offer registered technical data for the technology; picking one fills what the
        register knows (whether it is listed, and in which field)."""
        self.register_technical = dict(technical)
        completer = QCompleter(sorted(technical), self.tech_title)
        completer.setObjectName("registerCompleter")
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self.picked_technical)
        assert isinstance(self.tech_title, QLineEdit)
        self.tech_title.setCompleter(completer)

    def picked_technical(self, title: str) -> None:
        facts = self.register_technical.get(title, {})
        if facts.get("classification"):
            choose(self.listed, facts["classification"])
        if facts.get("item"):
            choose(self.item, str(facts["item"]).partition(":")[0])

    # --- the case ---------------------------------------------------------------------
    def document(self) -> dict[str, Any]:
        """The ``desk-case/1`` document the answers make (not checked yet)."""
        assert isinstance(self.name, QLineEdit) and isinstance(self.tech_title, QLineEdit)
        nationalities = [
            c for c in (self.nationality.currentData(), self.second_nationality.currentData()) if c
        ]
        nationalities = list(dict.fromkeys(nationalities))
        o_rec: Mapping[str, Any] = self.origin.get("recipient") or {}
        location = "japan" if self.lives_in_japan.isChecked() else "abroad"
        recipient: dict[str, Any] = {
            "kind": o_rec.get("kind", "person"),
            "name": self.name.text().strip(),
            "nationalities": [*nationalities, *list(o_rec.get("nationalities") or ())[2:]],
        }
        if (
            "location" in o_rec
            or location
            != d.parse_recipient(
                {**recipient, "name": recipient["name"] or "-"}, "recipient"
            ).effective_location
        ):
            recipient["location"] = location
        if self.name_latin.text().strip():
            recipient["name_latin"] = self.name_latin.text().strip()
        assert isinstance(self.entered, OptionalDate)
        if self.entered.value() is not None:
            recipient["entered_japan_on"] = self.entered.value().isoformat()
        if self.employer.text().strip():
            recipient["employment_in_japan"] = {
                "since": (self.entered.value() or self.today).isoformat(),
                "form": "full_time",
                **(o_rec.get("employment_in_japan") or {}),
                "employer": self.employer.text().strip(),
            }
        if self.affiliation.text().strip():
            first = (o_rec.get("affiliations") or [{}])[0]
            aff = {**first, "name": self.affiliation.text().strip()}
            aff.pop("country", None)
            if self.affiliation_country.currentData():
                aff["country"] = self.affiliation_country.currentData()
            recipient["affiliations"] = [aff]
        ties: list[dict[str, Any]] = []
        party = self.foreign_party_country.currentData()
        stored_ties = list(o_rec.get("ties") or ())
        for asked, shown, fresh in (
            (
                self.foreign_directions,
                lambda t: t.get("type") != "funding" and bool(t.get("follows_directions")),
                {
                    "type": "employment",
                    "counterparty_kind": "foreign_entity",
                    "follows_directions": True,
                },
            ),
            (
                self.foreign_funding,
                lambda t: t.get("type") == "funding",
                {"type": "funding", "counterparty_kind": "foreign_government", "paid_to": "person"},
            ),
        ):
            if not asked.isChecked():
                continue
            kept = [t for t in stored_ties if shown(t)] or [fresh]
            ties += [{**t, "country": party} if party else t for t in kept]
        if ties:
            recipient["ties"] = ties
        technology: dict[str, Any] = {
            "title": self.tech_title.text().strip(),
            "classification": self.listed.currentData(),
        }
        if self.listed.currentData() == "listed" and self.item.currentData():
            technology["item"] = self.item.currentData()
        stored_claims = list((self.origin.get("technology") or {}).get("exemptions") or ())

        def claim(basis: str, fresh: dict[str, Any]) -> list[dict[str, Any]]:
            """The stored claims of ``basis`` (their facts kept), else a new one."""
            kept = [c for c in stored_claims if c.get("basis") == basis]
            return [{**c, **fresh} for c in kept] if kept else [{"basis": basis, **fresh}]

        exemptions: list[dict[str, Any]] = []
        if self.public.isChecked():
            exemptions += claim(
                "public_domain",
                {"evidence": self.evidence.text().strip(), "covers_all_content": True},
            )
        if self.fundamental.isChecked():
            exemptions += [
                {
                    "aims_at_natural_principles": True,
                    "aims_at_specific_product": False,
                    "covers_all_content": True,
                    **c,
                }
                for c in claim("fundamental_research", {})
            ]
        if exemptions:
            technology["exemptions"] = exemptions
        assert isinstance(self.channels, Checks) and isinstance(self.prov_date, OptionalDate)
        provision: dict[str, Any] = {
            "place": "abroad" if self.abroad.isChecked() else "japan",
            "channels": self.channels.value(),
        }
        if self.abroad.isChecked():
            provision["country"] = self.prov_country.currentData()
        if self.prov_date.value() is not None:
            provision["date"] = self.prov_date.value().isoformat()
        o = self.origin
        return {
            **{k: v for k, v in o.items() if k not in ("technology", "recipient", "provision")},
            "format": d.FORMAT,
            "id": self.case_id,
            "title": o["title"] if o.get("title") else self.tech_title.text().strip() or None,
            "technology": _kept(o.get("technology"), technology, TECHNOLOGY_ASKED),
            "recipient": _kept(o.get("recipient"), recipient, RECIPIENT_ASKED),
            "provision": _kept(o.get("provision"), provision, PROVISION_ASKED),
        }

    def fill(self, case: d.Case) -> None:
        """Resume a saved draft: the answers it holds."""
        r, t, p = case.recipient, case.technology, case.provision
        self.name.setText(r.name)
        self.name_latin.setText(r.name_latin or "")
        nats = list(r.nationalities)
        choose(self.nationality, nats[0] if nats else None)
        choose(self.second_nationality, nats[1] if len(nats) > 1 else None)
        self.lives_in_japan.setChecked(r.effective_location == "japan")
        self.entered.set_value(r.entered_japan_on)
        if r.employment_in_japan is not None:
            self.employer.setText(r.employment_in_japan.employer or "")
        if r.affiliations:
            self.affiliation.setText(r.affiliations[0].name)
            choose(self.affiliation_country, r.affiliations[0].country)
        for tie in r.ties:
            if tie.type == "funding":
                self.foreign_funding.setChecked(True)
            elif tie.follows_directions:
                self.foreign_directions.setChecked(True)
            choose(self.foreign_party_country, tie.country)
        self.tech_title.setText(t.title or case.title or "")
        choose(self.listed, t.classification)
        if t.item:
            choose(self.item, t.item.partition(":")[0])
        for claim in t.exemptions:
            if claim.basis == "public_domain":
                self.public.setChecked(True)
                self.evidence.setText(claim.evidence or "")
            elif claim.basis == "fundamental_research":
                self.fundamental.setChecked(True)
        self.abroad.setChecked(p.place == "abroad")
        choose(self.prov_country, p.country)
        self.channels.set_value(p.channels)
        self.prov_date.set_value(p.date)

    def fill_example(self) -> None:
        """Answers of the example shown in the documentation (``--view wizard``)."""
        self.name.setText(_("王 小明"))
        self.name_latin.setText("Wang Xiaoming")
        choose(self.nationality, "CN")
        self.affiliation.setText(_("Tsinghua University"))
        choose(self.affiliation_country, "CN")
        self.who.changed()

    def validate(self, draft: bool = False) -> d.Case | None:
        """The case the answers make, or None after saying what is wrong (by label).
        A draft needs only what any stored case needs (a name, a nationality…)."""
        pages = (self.who, self.what) if draft else (self.who, self.what, self.where, self.exempt)
        problems = [pr for page in pages for pr in page.check()]
        if problems:
            self.show_problem(
                "\n".join(_("{field}: {problem}").format(field=f, problem=p) for f, p in problems)
            )
            return None
        try:
            return d.parse_case(self.document())
        except InvalidInput as exc:
            self.show_problem(exc.detail)
            return None

    def show_problem(self, text: str) -> None:
        page = self.currentPage()
        if isinstance(page, Page):
            page.problem.setText(text)
            page.problem.show()

    # --- saving and submitting ----------------------------------------------------------
    def request_draft(self) -> None:
        case = self.validate(draft=True)
        if case is None or self.save_draft is None:
            return
        self.button(QWizard.WizardButton.CustomButton1).setEnabled(False)
        self.save_draft(case, not self.stored)

    def reject(self) -> None:
        """Esc / Cancel: answers not saved are only dropped once the user says so."""
        if self.dirty and not self._submitted:
            answer = QMessageBox.question(
                self,
                _("Self-assessment"),
                _("Your answers are not saved. Close without saving them?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def draft_saved(self) -> None:
        self.dirty = False
        self.stored = True
        self.button(QWizard.WizardButton.CustomButton1).setEnabled(True)
        self.show_problem("")
        page = self.currentPage()
        if isinstance(page, Page):
            page.problem.setStyleSheet("color: #1b5e20")
            page.problem.setText(
                _("The draft {ref} is saved; open it again to carry on.").format(ref=self.case_id)
            )
            page.problem.show()

    def request_submit(self) -> bool:
        if self._submitted:
            return True
        case = self.validate()
        if case is None or self.submit is None:
            return False
        self.button(QWizard.WizardButton.CommitButton).setEnabled(False)
        self.submit(case, not self.stored)
        return False

    def submitted(self, sections: Sequence[Any]) -> None:
        """The case is stored, assessed and submitted: explain the assessment."""
        self.dirty = False
        self.stored = True
        self._submitted = True
        lines = []
        for section in sections:
            lines.append(f"<h3>{_esc(section.title)}</h3><dl>")
            for label, value in section.fields:
                lines.append(f"<dt><b>{_esc(label)}</b></dt><dd>{_esc(value)}</dd>")
            lines.append("</dl>")
        self.result_text.setHtml("".join(lines))
        self.button(QWizard.WizardButton.CommitButton).setEnabled(True)
        self.next()

    def submit_failed(self, message: str) -> None:
        """Storing or submitting was refused: say why here; the answers stay."""
        self.button(QWizard.WizardButton.CommitButton).setEnabled(True)
        self.button(QWizard.WizardButton.CustomButton1).setEnabled(True)
        self.show_problem(message)

    # --- summary ------------------------------------------------------------------------
    def _page_shown(self, _id: int) -> None:
        page = self.currentPage()
        self.button(QWizard.WizardButton.CustomButton1).setVisible(page is not self.result)
        if page is self.summary:
            self.summary_text.setHtml(self.summary_html())

    def summary_rows(self) -> list[tuple[str, str]]:
        yes, no = _("yes"), _("no")
        assert isinstance(self.channels, Checks) and isinstance(self.prov_date, OptionalDate)
        assert isinstance(self.entered, OptionalDate)
        rows = [
            (_("Recipient's name"), self.name.text().strip()),
            (_("Name in Latin letters"), self.name_latin.text().strip()),
            (
                _("Nationality"),
                ", ".join(
                    b.currentText()
                    for b in (self.nationality, self.second_nationality)
                    if b.currentData()
                ),
            ),
            (_("Lives in Japan"), yes if self.lives_in_japan.isChecked() else no),
            (_("Date they came to Japan"), _date_text(self.entered.value())),
            (_("Employer in Japan, if employed"), self.employer.text().strip()),
            (_("Affiliation (university, company or institute)"), self.affiliation.text().strip()),
            (
                _("Works under the directions of a foreign government or company"),
                yes if self.foreign_directions.isChecked() else no,
            ),
            (
                _("Receives substantial money from a foreign government"),
                yes if self.foreign_funding.isChecked() else no,
            ),
            (_("The technology"), self.tech_title.text().strip()),
            (_("Is it on the control list?"), self.listed.currentText()),
        ]
        if self.listed.currentData() == "listed":
            rows.append((_("Which field of the control list"), self.item.currentText()))
        rows += [
            (
                _("Provided abroad"),
                self.prov_country.currentText() if self.abroad.isChecked() else no,
            ),
            (_("How it is provided"), ", ".join(pick(*CHANNELS[c]) for c in self.channels.value())),
            (_("When"), _date_text(self.prov_date.value())),
            (_("Already published"), yes if self.public.isChecked() else no),
            (_("Fundamental research"), yes if self.fundamental.isChecked() else no),
        ]
        return rows

    def summary_html(self) -> str:
        return (
            "<table cellpadding='3'>"
            + "".join(
                f"<tr><td><b>{_esc(k)}</b></td><td>{_esc(v or '—')}</td></tr>"
                for k, v in self.summary_rows()
            )
            + "</table>"
        )


# the facts the wizard asks about; a resumed case's other facts are kept as stored
RECIPIENT_ASKED = (
    "kind",
    "name",
    "name_latin",
    "nationalities",
    "location",
    "entered_japan_on",
    "employment_in_japan",
    "affiliations",
    "ties",
)
TECHNOLOGY_ASKED = ("title", "classification", "item", "exemptions")
PROVISION_ASKED = ("place", "country", "channels", "date")
# list facts of which the wizard shows only some entries: the others are kept
_SHOWN = {
    "affiliations": lambda i, _e: i == 0,
    "ties": lambda _i, e: e.get("type") == "funding" or bool(e.get("follows_directions")),
    "exemptions": lambda _i, e: e.get("basis") in ("public_domain", "fundamental_research"),
}


def _kept(
    origin: Mapping[str, Any] | None, answers: dict[str, Any], asked: Sequence[str]
) -> dict[str, Any]:
    """``answers`` over ``origin``: a fact the wizard asks about is the answer (or gone);
    any other fact, and list entries the wizard does not show, stay as stored."""
    origin = origin or {}
    out = {k: v for k, v in origin.items() if k not in asked}
    out.update(answers)
    for key, shown in _SHOWN.items():
        hidden = [e for i, e in enumerate(origin.get(key) or ()) if not shown(i, e)]
        if key in asked and hidden:
            out[key] = [*(out.get(key) or ()), *hidden]
    return out


def _date_text(day: dt.date | None) -> str:
    return format_date(day, lang=current_language()) if day is not None else "—"


def _esc(text: str) -> str:
    return (
        str(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", "<br>")
    )
