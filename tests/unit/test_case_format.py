"""The desk-case/1 loader and writer."""

from __future__ import annotations

import json

import pytest

from desk.domain.case import case_to_dict, loads_case
from desk.domain.errors import InvalidInput

MINIMAL = {
    "format": "desk-case/1",
    "id": "T1",
    "technology": {"classification": "listed", "item": "7"},
    "recipient": {"name": "王 子涵", "nationalities": ["CN"]},
}


def doc(**patch: object) -> str:
    d = json.loads(json.dumps(MINIMAL))
    for dotted, value in patch.items():
        keys = dotted.split("__")
        target = d
        for k in keys[:-1]:
            target = target.setdefault(k, {})
        target[keys[-1]] = value
    return json.dumps(d, ensure_ascii=False)


def test_every_shared_case_round_trips(fixtures_dir):
    files = sorted((fixtures_dir / "cases").glob("*.json"))
    assert len(files) >= 20
    for path in files:
        original = json.loads(path.read_text(encoding="utf-8"))
        case = loads_case(path.read_text(encoding="utf-8"), source=str(path))
        original.pop("expected", None)
        assert case_to_dict(case, include_expected=False) == original, path.name


@pytest.mark.parametrize(
    ("patch", "where", "fragment"),
    [
        ({"recipient__nationalites": ["CN"]}, "recipient.nationalites", "unknown key"),
        (
            {"recipient__nationalities": ["XX"]},
            "recipient.nationalities[0]",
            "unknown country code 'XX'",
        ),
        ({"as_of": "2026-02-30"}, "as_of", "not a valid date"),
        ({"technology__classification": "maybe"}, "technology.classification", "unknown value"),
        ({"technology__item": None}, "technology.item", "required when classification is listed"),
        (
            {"recipient__declaration": {"declared_on": "2026-01-01", "types": [4]}},
            "recipient.declaration.types[0]",
            "unknown value",
        ),
        (
            {"recipient__ties": [{"type": "funding", "counterparty_kind": "foreign_government"}]},
            "recipient.ties[0].paid_to",
            "required",
        ),
        (
            {"technology__exemptions": [{"basis": "public_domain", "evidence": "paper"}]},
            "technology.exemptions[0].covers_all_content",
            "required",
        ),
        (
            {"recipient__entered_japan_on": 20260101},
            "recipient.entered_japan_on",
            "expected a date",
        ),
    ],
)
def test_invalid_input_names_the_key(patch, where, fragment):
    with pytest.raises(InvalidInput) as info:
        loads_case(doc(**patch), source="case.json")
    message = str(info.value)
    assert message.startswith(f"case.json: {where}: "), message
    assert fragment in message


def test_not_json_names_the_file():
    with pytest.raises(InvalidInput, match=r"^broken\.json: not valid JSON"):
        loads_case("{", source="broken.json")


def test_provision_country_is_for_provisions_abroad():
    base = {"provision": {"place": "japan", "country": "JP"}}
    assert loads_case(doc(**{"provision": base["provision"]})).provision.country == "JP"
    abroad_unknown = loads_case(doc(provision={"place": "abroad", "country": None}))
    assert abroad_unknown.provision.country is None
    with pytest.raises(InvalidInput, match=r"provision\.country: 'CN' contradicts place: japan"):
        loads_case(doc(provision={"place": "japan", "country": "CN"}), source="c.json")
