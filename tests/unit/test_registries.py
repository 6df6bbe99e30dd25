"""The registry shapes the app's tables are built from (no Qt, no database)."""

from __future__ import annotations

from desk.services import registers as registries
from desk.services.registers import queries as browse


def test_every_registry_has_named_columns_with_unique_keys() -> None:
    assert registries.REGISTRIES == (
        "projects",
        "people",
        "organizations",
        "technical_items",
        "cases",
        "lists",
        "shipments",
        "trips",
        "goods_items",
    )
    for reg in registries.REGISTRIES:
        keys = [c.key for c in registries.columns(reg)]
        assert keys and len(keys) == len(set(keys)), reg


def test_named_column_positions_match_the_columns() -> None:
    enums = {
        "projects": registries.ProjectCol,
        "people": registries.PersonCol,
        "organizations": registries.OrganizationCol,
        "technical_items": registries.TechnicalItemCol,
        "cases": registries.CaseCol,
        "lists": registries.ListCol,
        "shipments": registries.ShipmentCol,
        "trips": registries.TripCol,
        "goods_items": registries.GoodsItemCol,
    }
    for reg, enum in enums.items():
        keys = [c.key for c in registries.columns(reg)]
        assert len(enum) == len(keys), reg
        for member in enum:
            # PersonCol.LATIN_NAME ↔ "name_latin": the words of the key appear in the name
            assert set(keys[member].split("_")) <= set(member.name.lower().split("_")), (
                reg,
                member,
                keys[member],
            )


def test_every_column_can_be_sorted_in_sql() -> None:
    for reg in registries.REGISTRIES:
        sortable = set(browse._SPECS[reg].sort_keys())
        assert sortable == {c.key for c in registries.columns(reg)}, reg
