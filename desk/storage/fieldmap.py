"""Rows ↔ ``desk-case/1`` dataclasses, declared once: for each pair, a table of (row
column, dataclass field, converter to the row, converter back) that
:mod:`desk.storage.casemap` uses in both directions — :func:`row_values` writing a
dataclass into a row, :func:`domain_values` reading the dataclass's fields back.

A field added to the format and the schema is added here, once; the round-trip tests
(``tests/storage/test_case_roundtrip_property.py``) check that the two directions agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple


def keys(given_keys: frozenset[str]) -> list[str]:
    """The optional keys a source spelled out, as the row keeps them."""
    return sorted(given_keys)


def given(stored: Iterable[str] | None) -> frozenset[str]:
    return frozenset(stored or ())


def _same(value: Any) -> Any:
    return value


def _tuple(value: Iterable[Any] | None) -> tuple[Any, ...]:
    return tuple(value or ())


class Field(NamedTuple):
    """One row column ↔ one dataclass field, with the conversion each way."""

    column: str
    name: str
    to_row: Callable[[Any], Any] = _same
    to_domain: Callable[[Any], Any] = _same


def _f(name: str, column: str | None = None) -> Field:
    return Field(column or name, name)


def _seq(name: str) -> Field:  # a tuple in the dataclass, a JSON array in the row
    return Field(name, name, list, _tuple)


def _given_keys(column: str = "given_keys") -> Field:
    return Field(column, "given", keys, given)


def _case_keys(given_keys: frozenset[str]) -> list[str]:
    return keys(given_keys - {"expected"})  # test-fixture data: neither stored nor loaded


def _case_given(stored: Iterable[str] | None) -> frozenset[str]:
    return given(stored) - {"expected"}


# --------------------------------------------------------------------------- the mapping

CASE = (
    _f("id", "ref"),
    _f("title"),
    _f("as_of"),
    _f("notes"),
    # ``expected`` is test-fixture data: neither stored nor loaded
    Field(
        "given_keys", "given", lambda g: keys(g - {"expected"}), lambda k: given(k) - {"expected"}
    ),
)
TECHNOLOGY = (
    _f("title"),
    _f("classification"),
    _f("item"),
    _f("specific_item_16_1"),
    _seq("concern_relevance"),
    _given_keys(),
)
PROVISION = (  # on the cases row
    _f("place"),
    _f("country"),
    _seq("channels"),
    _f("date", "provision_date"),
    _f("re_provision_evident"),
    _f("re_provision_country"),
    _f("known_end_use"),
    _seq("known_end_user"),
    _f("inform"),
    _given_keys("provision_given_keys"),
)
CLEAR_FINDING = (  # on the cases row; all None when the provision has none
    _f("documented", "clear_finding_documented"),
    _f("rationale", "clear_finding_rationale"),
    _given_keys("clear_finding_given_keys"),
)
RECIPIENT = (  # a person's or an organization's row
    _f("name"),
    _f("name_latin"),
    _f("official_status"),
    _f("country"),
    _f("location"),
    _given_keys(),
)
PERSON = (  # the facts only a person's row has columns for (PERSON_ONLY_FACTS)
    _seq("nationalities"),
    _f("entered_japan_on"),
    _f("left_japan_on"),
    _f("abroad_purpose"),
    _f("intended_stay_years"),
    _f("returned_on"),
)
EMPLOYMENT = (  # on the people row; all None without an employment in Japan
    _f("employer", "employment_employer"),
    _f("form", "employment_form"),
    _f("since", "employment_since"),
    _f("until", "employment_until"),
    _given_keys("employment_given_keys"),
)
TIE = (
    _f("type"),
    _f("counterparty"),
    _f("counterparty_kind"),
    _f("country"),
    _f("follows_directions"),
    _f("priority_agreement"),
    _f("paid_to"),
    _f("share_of_income"),
    _f("timing"),
    _f("repayment_waived"),
    _given_keys(),
)
DECLARATION = (_f("declared_on"), _seq("types"), _f("basis"), _f("note"), _given_keys())
CLEARED_HIT = (_f("list", "list_source"), _f("entry"), _f("name"), _f("reason"), _given_keys())


def row_values(obj: Any, mapping: Iterable[Field]) -> dict[str, Any]:
    """The row's column values for dataclass ``obj`` (``None`` for every column without it)."""
    return {f.column: None if obj is None else f.to_row(getattr(obj, f.name)) for f in mapping}


def domain_values(row: Any, mapping: Iterable[Field]) -> dict[str, Any]:
    """The dataclass's keyword arguments from ``row``."""
    return {f.name: f.to_domain(getattr(row, f.column)) for f in mapping}


def fill(row: Any, obj: Any, mapping: Iterable[Field]) -> None:
    for column, value in row_values(obj, mapping).items():
        setattr(row, column, value)
