"""The ``desk-shipment/1`` shipment as frozen dataclasses (``spec/goods-format.md``).

Numbers are :class:`~decimal.Decimal`, read exactly as written. Every object remembers
which optional keys its source spelled out (``given``), so that writing a loaded
shipment back gives the same document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

FORMAT = "desk-shipment/1"

MODES = ("courier", "post", "freight", "hand_carry")
ROLES = ("staff", "student", "visitor")
PARTY_KINDS = ("university", "research_institute", "company", "government", "individual", "other")
CLASSIFICATIONS = ("listed", "below_threshold", "not_on_list", "undetermined")
CONCERNS = ("B", "C", "M", "N", "CW")
WMD_CONCERNS = ("B", "C", "M", "N")
END_USES = ("wmd", "conventional")
BASIS_KINDS = (
    "maker_determination",
    "parameter_sheet",
    "item_comparison",
    "catalogue",
    "own_determination",
    "other",
)
DATED_BASIS_KINDS = ("maker_determination", "parameter_sheet")
LISTED_ITEMS = (*(str(i) for i in range(1, 16)), "3-2")
WEAPONS_WMD_ITEMS = ("1", "2", "3", "3-2", "4")
CLAIM_BASES = ("small_value", "free_return", "free_temporary")
RETURN_PURPOSES = ("repaired_in_japan", "exhibition_in_japan", "visitor_own_goods", "other")
TEMPORARY_PURPOSES = ("own_use_hand_carry", "exhibition_abroad", "repair_abroad", "other")

# Facts each claim basis (and purpose) requires; no other fact key is accepted.
CLAIM_FACTS: dict[str, tuple[str, ...]] = {
    "small_value": (),
    "free_return": (
        "purpose",
        "imported_free_of_charge",
        "exported_free_of_charge",
        "ownership_unchanged",
        "imported_on",
    ),
    "free_temporary": ("purpose", "exported_free_of_charge", "ownership_unchanged"),
}
PURPOSE_FACTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("free_return", "repaired_in_japan"): ("originally_exported_from_japan",),
    ("free_temporary", "own_use_hand_carry"): ("own_use", "stays_with_traveller"),
}


def item_number(item: str | None) -> str | None:
    """``"7:(4)"`` → ``"7"``."""
    return None if item is None else item.split(":", 1)[0]


@dataclass(frozen=True)
class ClearedHit:
    list: str
    entry: str
    name: str | None = None
    reason: str | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Party:
    name: str
    country: str
    name_latin: str | None = None
    kind: str = "other"
    ru_specified_entity: bool = False
    cleared_hits: tuple[ClearedHit, ...] = ()
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Traveller:
    name: str
    department: str | None = None
    role: str = "staff"
    affiliation: Party | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class ClearFinding:
    documented: bool
    rationale: str | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Contract:
    ref: str | None = None
    other_shipments_value_jpy: Mapping[str, Decimal] = field(default_factory=dict)
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class CertificateIssuer:
    department: str
    contact: str
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class ShipmentInfo:
    mode: str
    destination: str
    date: dt.date | None = None
    onward_countries: tuple[str, ...] = ()
    traveller: Traveller | None = None
    # a Party, "traveller", or None (defaults resolved by the loader, see goods-format.md)
    consignee: Party | str | None = None
    # a Party, "consignee", "traveller", or None = unknown
    end_user: Party | str | None = None
    stated_end_use: str | None = None
    known_end_use: str | None = None
    known_end_user: tuple[str, ...] = ()
    inform: tuple[str, ...] = ()
    clear_finding: ClearFinding | None = None
    return_planned: bool = False
    return_by: dt.date | None = None
    is_return: bool = False
    contract: Contract = Contract()
    fx_rates: Mapping[str, Decimal] = field(default_factory=dict)
    certificate_issuer: CertificateIssuer | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def end_user_party(self) -> Party | None:
        """The end user as a party, following ``"consignee"``; None when unknown or traveller."""
        if isinstance(self.end_user, Party):
            return self.end_user
        if self.end_user == "consignee" and isinstance(self.consignee, Party):
            return self.consignee
        return None

    @property
    def end_user_known(self) -> bool:
        return self.end_user is not None

    def parties(self) -> tuple[tuple[str, Party], ...]:
        """Every party given as an object, with its role (the traveller's affiliation too)."""
        out: list[tuple[str, Party]] = []
        if isinstance(self.consignee, Party):
            out.append(("consignee", self.consignee))
        if isinstance(self.end_user, Party):
            out.append(("end_user", self.end_user))
        if self.traveller is not None and self.traveller.affiliation is not None:
            out.append(("affiliation", self.traveller.affiliation))
        return tuple(out)


@dataclass(frozen=True)
class BasisDocument:
    kind: str
    issuer: str | None = None
    date: dt.date | None = None
    ref: str | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Classification:
    status: str
    item: str | None = None
    article: str | None = None
    table_3_3: bool | None = None
    specific_item_16_1: bool | None = None
    basis: tuple[BasisDocument, ...] = ()
    determined_by: str | None = None
    checked_by: str | None = None
    determined_on: dt.date | None = None
    ordinance_version: dt.date | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @property
    def item_number(self) -> str | None:
        return item_number(self.item)


@dataclass(frozen=True)
class Claim:
    """One exception claim (輸出令第4条第1項 特例) with the facts its basis needs."""

    basis: str
    purpose: str | None = None
    imported_free_of_charge: bool | None = None
    exported_free_of_charge: bool | None = None
    ownership_unchanged: bool | None = None
    imported_on: dt.date | None = None
    originally_exported_from_japan: bool | None = None
    own_use: bool | None = None
    stays_with_traveller: bool | None = None
    note: str | None = None
    evidence: str | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class GoodsLine:
    name: str
    quantity: Decimal
    unit_value: Decimal
    classification: Classification
    model: str | None = None
    maker: str | None = None
    unit: str = "pcs"
    currency: str = "JPY"
    hs_code: str | None = None
    concern_relevance: tuple[str, ...] = ()
    carries_technology: bool = False
    exceptions: tuple[Claim, ...] = ()
    notes: str | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @property
    def hs_digits(self) -> str | None:
        return None if self.hs_code is None else self.hs_code.replace(".", "")


@dataclass(frozen=True)
class Shipment:
    id: str
    shipment: ShipmentInfo
    goods: tuple[GoodsLine, ...]
    title: str | None = None
    as_of: dt.date | None = None
    related_cases: tuple[str, ...] = ()
    notes: str | None = None
    expected: Mapping[str, Any] | None = field(default=None, compare=False)
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    format = FORMAT

    def judged_on(self, today: dt.date | None = None) -> dt.date:
        """``as_of``, or today when the file leaves it open."""
        return self.as_of or today or dt.date.today()

    def export_date(self, today: dt.date | None = None) -> dt.date:
        """``shipment.date``, or ``as_of`` when it is missing (policy §G2 Dates)."""
        return self.shipment.date or self.judged_on(today)

    def line_value_jpy(self, line: GoodsLine) -> Decimal:
        """quantity × unit_value × rate, exact (policy §G2 Line value)."""
        rate = Decimal(1) if line.currency == "JPY" else self.shipment.fx_rates[line.currency]
        return line.quantity * line.unit_value * rate

    def without_expected(self) -> Shipment:
        return replace(self, expected=None, given=self.given - {"expected"})
