"""The desk-shipment/1 file: strict loading (every validation rule of goods-format.md names
its key), defaults, exact decimals, the writer, and exit status 2 on the command line."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from goods_support import EXAMPLES, FIXTURE_LIST, document, hand_carry, line, listed, load, party

from desk.cli import main as cli_main
from desk.domain.errors import InvalidInput
from desk.domain.goods import dumps_shipment, load_shipment_file, loads_shipment, shipment_to_dict


def bad(doc: dict[str, Any]) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        load(doc)
    return info.value


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_writing_a_loaded_example_gives_the_same_document(path):
    original = json.loads(path.read_text(encoding="utf-8"))
    shipment = load_shipment_file(path)
    assert shipment_to_dict(shipment) == original
    assert loads_shipment(dumps_shipment(shipment)) == shipment


def test_numbers_are_exact_decimals():
    doc = document(line(value=6666.67, currency="USD"), fx_rates={"USD": 150.0})
    s = load(doc)
    assert s.line_value_jpy(s.goods[0]) == Decimal("1000000.500")
    assert '"unit_value": 6666.67' in dumps_shipment(s)


def test_defaults_for_hand_carry():
    s = load(hand_carry(line()))
    assert s.shipment.consignee == "traveller" and s.shipment.end_user == "traveller"
    s = load(document(line(), end_user=...))
    assert s.shipment.end_user is None  # unknown
    assert s.shipment.date is not None and s.export_date() == s.shipment.date
    no_date = document(line(), date=...)
    assert load(no_date).export_date().isoformat() == no_date["as_of"]


INVALID: list[tuple[str, Any, str]] = [
    ("goods empty", lambda d: d.update(goods=[]), "goods"),
    ("unknown top key", lambda d: d.update(colour="red"), "colour"),
    ("unknown shipment key", lambda d: d["shipment"].update(via="HK"), "shipment.via"),
    (
        "listed without item",
        lambda d: d["goods"][0]["classification"].update(status="listed"),
        "goods[0].classification.item",
    ),
    (
        "item 16",
        lambda d: d["goods"][0]["classification"].update(item="16"),
        "goods[0].classification.item",
    ),
    (
        "item form",
        lambda d: d["goods"][0]["classification"].update(item="7(1)"),
        "goods[0].classification.item",
    ),
    ("destination JP", lambda d: d["shipment"].update(destination="JP"), "shipment.destination"),
    ("unknown country", lambda d: d["shipment"].update(destination="XX"), "shipment.destination"),
    (
        "traveller for courier",
        lambda d: d["shipment"].update(traveller={"name": "A"}),
        "shipment.traveller",
    ),
    (
        "traveller consignee for courier",
        lambda d: d["shipment"].update(consignee="traveller"),
        "shipment.consignee",
    ),
    (
        "traveller end user for courier",
        lambda d: d["shipment"].update(end_user="traveller"),
        "shipment.end_user",
    ),
    ("consignee missing", lambda d: d["shipment"].pop("consignee"), "shipment.consignee"),
    (
        "return without date",
        lambda d: d["shipment"].update(return_planned=True),
        "shipment.return_by",
    ),
    ("currency without rate", lambda d: d["goods"][0].update(currency="USD"), "goods[0].currency"),
    ("hs form", lambda d: d["goods"][0].update(hs_code="90.27"), "goods[0].hs_code"),
    ("hs too long", lambda d: d["goods"][0].update(hs_code="9027.50.10000"), "goods[0].hs_code"),
    (
        "contract key",
        lambda d: d["shipment"].update(contract={"other_shipments_value_jpy": {"16": 1}}),
        "shipment.contract.other_shipments_value_jpy.16",
    ),
    ("fx rate zero", lambda d: d["shipment"].update(fx_rates={"USD": 0}), "shipment.fx_rates.USD"),
    ("inform empty", lambda d: d["shipment"].update(inform=[]), "shipment.inform"),
    ("inform repeated", lambda d: d["shipment"].update(inform=["wmd", "wmd"]), "shipment.inform"),
    (
        "issuer without contact",
        lambda d: d["shipment"].update(certificate_issuer={"department": "X"}),
        "shipment.certificate_issuer.contact",
    ),
    ("quantity zero", lambda d: d["goods"][0].update(quantity=0), "goods[0].quantity"),
    ("negative value", lambda d: d["goods"][0].update(unit_value=-1), "goods[0].unit_value"),
    ("value as string", lambda d: d["goods"][0].update(unit_value="100"), "goods[0].unit_value"),
    (
        "maker determination undated",
        lambda d: d["goods"][0]["classification"].update(basis=[{"kind": "maker_determination"}]),
        "goods[0].classification.basis[0].date",
    ),
    (
        "claim unknown basis",
        lambda d: d["goods"][0].update(exceptions=[{"basis": "parts"}]),
        "goods[0].exceptions[0].basis",
    ),
    (
        "claim fact missing",
        lambda d: d["goods"][0].update(
            exceptions=[
                {"basis": "free_temporary", "purpose": "other", "exported_free_of_charge": True}
            ]
        ),
        "goods[0].exceptions[0].ownership_unchanged",
    ),
    (
        "purpose fact on another purpose",
        lambda d: d["goods"][0].update(
            exceptions=[
                {
                    "basis": "free_temporary",
                    "purpose": "other",
                    "exported_free_of_charge": True,
                    "ownership_unchanged": True,
                    "own_use": True,
                }
            ]
        ),
        "goods[0].exceptions[0].own_use",
    ),
    (
        "fact on small value",
        lambda d: d["goods"][0].update(exceptions=[{"basis": "small_value", "own_use": True}]),
        "goods[0].exceptions[0].own_use",
    ),
    (
        "unknown purpose",
        lambda d: d["goods"][0].update(exceptions=[{"basis": "free_return", "purpose": "gift"}]),
        "goods[0].exceptions[0].purpose",
    ),
    ("bad date", lambda d: d["shipment"].update(date="2026-02-30"), "shipment.date"),
    (
        "bad concern",
        lambda d: d["shipment"].update(known_end_user=["X"]),
        "shipment.known_end_user[0]",
    ),
    (
        "party without country",
        lambda d: d["shipment"]["consignee"].pop("country"),
        "shipment.consignee.country",
    ),
]


@pytest.mark.parametrize(("what", "change", "where"), INVALID, ids=[c[0] for c in INVALID])
def test_invalid_input_names_the_key(what, change, where):
    doc = document(line())
    change(doc)
    assert bad(doc).where == where, what


def test_visitor_needs_an_affiliation():
    doc = hand_carry(line(), traveller={"name": "Visiting Prof", "role": "visitor"})
    assert bad(doc).where == "shipment.traveller.affiliation"
    doc["shipment"]["traveller"]["affiliation"] = {"name": "Uni"}
    assert bad(doc).where == "shipment.traveller.affiliation.country"
    doc["shipment"]["traveller"]["affiliation"]["country"] = "TH"
    assert load(doc).shipment.traveller.affiliation.country == "TH"


def test_hand_carry_needs_a_traveller():
    doc = hand_carry(line())
    del doc["shipment"]["traveller"]
    assert bad(doc).where == "shipment.traveller"


def test_duplicate_keys_and_nan_are_invalid():
    with pytest.raises(InvalidInput, match="appears twice"):
        loads_shipment('{"format": "desk-shipment/1", "id": "a", "id": "b"}')
    text = json.dumps(document(listed())).replace('"unit_value": 100000', '"unit_value": NaN')
    with pytest.raises(InvalidInput, match="NaN"):
        loads_shipment(text)


@pytest.fixture
def run_cli(monkeypatch, capsys):
    monkeypatch.setattr(cli_main, "COMMANDS", {"assess": "desk.cli.assess"})

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli_main.main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_malformed_shipment_exits_2_naming_file_and_key(run_cli, tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(document(line())), encoding="utf-8")
    doc = document(line(), party_unused=None)
    doc["shipment"].pop("party_unused")
    doc["goods"][0]["classification"]["status"] = "listed"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = run_cli(
        "assess", str(good), str(broken), "--list", str(FIXTURE_LIST), "--json"
    )
    assert code == 2
    assert out == ""  # nothing printed for the good file either
    assert f"{broken}: goods[0].classification.item:" in err


def test_shipment_with_unknown_format_version_is_invalid(run_cli, tmp_path):
    doc = document(line())
    doc["format"] = "desk-shipment/2"
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run_cli("assess", str(path), "--list", str(FIXTURE_LIST))
    assert code == 2 and f"{path}: format:" in err


def test_party_helper_builds_valid_parties():
    assert load(document(line(), consignee=party("X", "VN"))).shipment.consignee.country == "VN"
