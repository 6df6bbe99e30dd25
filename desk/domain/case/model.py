"""The ``desk-case/1`` model: its vocabularies and the frozen dataclasses of a case.

Every object remembers which optional keys its source document spelled out
(``given``), so that writing a loaded case back gives the same JSON document, even
where the source wrote a default value explicitly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from desk.domain.localtime import today as local_today

FORMAT = "desk-case/1"

CLASSIFICATIONS = ("listed", "below_threshold", "not_on_list", "undetermined")
CONCERNS = ("B", "C", "M", "N", "CW")
WMD_CONCERNS = ("B", "C", "M", "N")
EXEMPTION_BASES = (
    "public_domain",
    "publication",
    "fundamental_research",
    "patent_filing",
    "minimum_use_technology",
    "commercial_software",
)
RECIPIENT_KINDS = ("person", "organization")
OFFICIAL_STATUSES = ("foreign_official", "diplomatic_consular", "japanese_mission")
LOCATIONS = ("japan", "abroad")
EMPLOYMENT_FORMS = ("full_time", "part_time", "research_assistant", "teaching_assistant")
ABROAD_PURPOSES = ("work", "study", "other")
AFFILIATION_KINDS = ("university", "company", "government", "research_institute", "other")
TIE_TYPES = ("employment", "mandate", "appointment", "contract_other", "funding", "instruction")
CONTRACT_TIE_TYPES = ("employment", "mandate", "appointment", "contract_other")
COUNTERPARTY_KINDS = (
    "foreign_government",
    "foreign_entity",
    "foreign_group_company",
    "japanese_entity",
)
PAID_TO = ("person", "institution")
TIMINGS = ("current", "before_employment")
# how a declaration was made: signed by the person, or (a person not under the university's
# direction) the information normally obtained, checked by the office (役務通達 別紙1-3)
DECLARATION_BASES = ("self_declaration", "information_obtained")
PLACES = ("japan", "abroad")
CHANNELS = (
    "oral",
    "lab_access",
    "email",
    "cloud",
    "document",
    "presentation",
    "media_carried_abroad",
)
END_USES = ("wmd", "conventional")
OUTCOMES = (
    "NOT_APPLICABLE",
    "NOT_LISTED_NO_TRIGGER",
    "EXEMPT",
    "LICENSE_REQUIRED",
    "LICENSE_REQUIRED_CATCHALL",
    "HOLD",
    "STOP",
)
RISKS = ("R0", "R1", "R2", "R3", "R4")
LISTED_ITEMS = (*(str(i) for i in range(1, 16)), "3-2")

# Facts each exemption basis must carry (case-format.md, "Exemption claims").
EXEMPTION_FACTS: dict[str, tuple[str, ...]] = {
    "public_domain": ("evidence", "covers_all_content"),
    "publication": ("audience", "covers_all_content"),
    "fundamental_research": (
        "aims_at_natural_principles",
        "aims_at_specific_product",
        "covers_all_content",
    ),
    "patent_filing": ("minimum_necessary",),
    "minimum_use_technology": ("goods_export_cleared", "minimum_necessary"),
    "commercial_software": ("sold_to_public", "not_custom_made"),
}


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class ExemptionClaim:
    basis: str
    evidence: str | None = None
    note: str | None = None
    covers_all_content: bool | None = None
    audience: str | None = None
    aims_at_natural_principles: bool | None = None
    aims_at_specific_product: bool | None = None
    includes_use_technology: bool = False
    minimum_necessary: bool | None = None
    goods_export_cleared: bool | None = None
    sold_to_public: bool | None = None
    not_custom_made: bool | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Technology:
    classification: str
    title: str | None = None
    item: str | None = None
    specific_item_16_1: bool = False
    concern_relevance: tuple[str, ...] = ()
    exemptions: tuple[ExemptionClaim, ...] = ()
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @property
    def item_number(self) -> str | None:
        """The item without its sub-item: ``"7:(1)"`` → ``"7"``."""
        if self.item is None:
            return None
        return self.item.split(":", 1)[0].strip()


@dataclass(frozen=True)
class Employment:
    since: dt.date
    form: str
    employer: str | None = None
    until: dt.date | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Affiliation:
    name: str
    country: str | None = None
    kind: str | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Tie:
    type: str
    counterparty: str | None = None
    counterparty_kind: str | None = None
    country: str | None = None
    follows_directions: bool = False
    priority_agreement: bool = False
    paid_to: str | None = None
    share_of_income: float | None = None
    timing: str = "current"
    repayment_waived: bool = False
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class ClearedHit:
    list: str
    entry: str
    name: str | None = None
    reason: str | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Declaration:
    declared_on: dt.date
    types: tuple[int, ...] = ()
    basis: str = "self_declaration"  # DECLARATION_BASES
    note: str | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Recipient:
    name: str
    kind: str = "person"
    official_status: str | None = None
    name_latin: str | None = None
    nationalities: tuple[str, ...] = ()
    country: str | None = None
    location: str | None = None  # None = the default for the kind; see effective_location
    entered_japan_on: dt.date | None = None
    employment_in_japan: Employment | None = None
    left_japan_on: dt.date | None = None
    abroad_purpose: str | None = None
    intended_stay_years: float | None = None
    returned_on: dt.date | None = None
    affiliations: tuple[Affiliation, ...] = ()
    ties: tuple[Tie, ...] = ()
    cleared_hits: tuple[ClearedHit, ...] = ()
    declaration: Declaration | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @property
    def effective_location(self) -> str:
        if self.location is not None:
            return self.location
        if self.kind == "organization":
            return "japan" if self.country == "JP" else "abroad"
        return "japan"


@dataclass(frozen=True)
class ClearFinding:
    documented: bool
    rationale: str | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Provision:
    place: str = "japan"
    country: str | None = None
    channels: tuple[str, ...] = ()
    date: dt.date | None = None
    re_provision_evident: bool = False
    re_provision_country: str | None = None
    known_end_use: str | None = None
    known_end_user: tuple[str, ...] = ()
    inform: str | None = None
    clear_finding: ClearFinding | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Case:
    id: str
    technology: Technology
    recipient: Recipient
    provision: Provision = Provision()
    title: str | None = None
    as_of: dt.date | None = None
    notes: str | None = None
    expected: Mapping[str, Any] | None = field(default=None, compare=False)
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def judged_on(self, today: dt.date | None = None) -> dt.date:
        """``as_of``, or today when the case leaves it open."""
        return self.as_of or today or local_today()

    def without_expected(self) -> Case:
        return replace(self, expected=None, given=self.given - {"expected"})
