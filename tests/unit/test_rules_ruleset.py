"""The rule-set data file: validation with clear messages, and choosing the set in force."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from rules_support import listed, make, visitor

from desk.domain.errors import InvalidInput
from desk.rules import assess, available_rulesets, load_ruleset, parse_ruleset, select_ruleset
from desk.rules.ruleset import rulesets_dir

SHIPPED = rulesets_dir() / "jp-fefta-2025-10-09.json"


def shipped_doc() -> dict:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def test_shipped_rule_set_loads_with_the_regulation_tables():
    rs = load_ruleset(SHIPPED)
    assert (rs.id, rs.version, rs.effective) == ("jp-fefta", "2025-10-09", dt.date(2025, 10, 9))
    assert len(rs.group_a) == 27 and {"KR", "US", "GB", "AR"} <= rs.group_a
    assert rs.un_arms_embargo == {"AF", "CF", "CD", "IQ", "LB", "LY", "KP", "SO", "SS", "SD"}
    assert rs.concern_countries == {"IR", "IQ", "KP"}
    assert rs.nationality_stop == {"KP"}
    assert {s.country for s in rs.sanctions} == {"IR", "RU", "BY"}
    assert rs.wmd_items == {"1", "2", "3", "3-2", "4"}
    assert (rs.type2_share_of_income, rs.residency_months, rs.abroad_years) == (0.25, 6, 2)
    assert rs.sources


def write(tmp: Path, doc: object, name: str = "jp-fefta-x.json") -> Path:
    path = tmp / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def set_path(doc: dict, dotted: str, value: object) -> None:
    keys = dotted.split(".")
    target = doc
    for k in keys[:-1]:
        target = target[int(k)] if isinstance(target, list) else target[k]
    if value is KeyError:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value


@pytest.mark.parametrize(
    ("dotted", "value", "where", "fragment"),
    [
        ("colour", "blue", "colour", "unknown key"),
        ("version", KeyError, "version", "required key is missing"),
        ("effective", "2025-13-01", "effective", "not a valid date"),
        ("group_a.countries", ["US", "XX"], "group_a.countries[1]", "unknown country code"),
        ("group_a.countries", ["US", "IQ"], "group_a.countries", "cannot be both"),
        ("un_arms_embargo.countries", [], "un_arms_embargo.countries", "must not be empty"),
        ("thresholds.type2_share_of_income", 1.5, "thresholds.type2_share_of_income", "between"),
        ("thresholds.residency_months", "six", "thresholds.residency_months", "whole number"),
        ("wmd_items", ["1", "17"], "wmd_items[1]", "unknown item"),
        (
            "sanctions_overlays.countries.1.rules.0.outcome",
            "MAYBE",
            "sanctions_overlays.countries[1].rules[0].outcome",
            "unknown value",
        ),
        ("nationality_overlays.stop", "KP", "nationality_overlays.stop", "expected a list"),
    ],
)
def test_invalid_rule_set_names_file_and_key(tmp_path, dotted, value, where, fragment):
    doc = shipped_doc()
    set_path(doc, dotted, value)
    path = write(tmp_path, doc)
    with pytest.raises(InvalidInput) as info:
        load_ruleset(path)
    message = str(info.value)
    assert message.startswith(f"{path}: {where}: "), message
    assert fragment in message


def test_broken_json_names_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"broken\.json: not valid JSON"):
        load_ruleset(path)


def test_parse_ruleset_without_source():
    with pytest.raises(InvalidInput, match=r"^\(top level\): expected an object"):
        parse_ruleset([])


def test_a_new_revision_is_a_new_file(tmp_path):
    old = shipped_doc()
    write(tmp_path, old, "jp-fefta-2025-10-09.json")
    new = shipped_doc()
    new["version"] = new["effective"] = "2027-04-01"
    new["group_a"]["countries"] = [c for c in new["group_a"]["countries"] if c != "AR"]
    write(tmp_path, new, "jp-fefta-2027-04-01.json")
    assert [r.version for r in available_rulesets(tmp_path)] == ["2025-10-09", "2027-04-01"]
    assert select_ruleset(dt.date(2027, 3, 31), directory=tmp_path).version == "2025-10-09"
    assert select_ruleset(dt.date(2027, 4, 1), directory=tmp_path).version == "2027-04-01"
    assert (
        select_ruleset(dt.date(2030, 1, 1), version="2025-10-09", directory=tmp_path).version
        == "2025-10-09"
    )
    with pytest.raises(InvalidInput, match="unknown rule-set version"):
        select_ruleset(version="1999-01-01", directory=tmp_path)
    # the engine follows the rule set it is given: AR leaves Group A
    rs_new = select_ruleset(dt.date(2027, 4, 1), directory=tmp_path)
    case = make(
        {"classification": "not_on_list"},
        {"kind": "organization", "name": "Pampa SA", "country": "AR", "location": "abroad"},
        provision={"known_end_use": "wmd"},
        as_of="2027-04-01",
    )
    assert assess(case, lists=[], ruleset=rs_new).outcome == "LICENSE_REQUIRED_CATCHALL"
    assert (
        assess(case, lists=[], ruleset=select_ruleset(version="2025-10-09")).outcome
        == "NOT_LISTED_NO_TRIGGER"
    )


def test_before_the_first_rule_set_the_oldest_is_used_and_said():
    a = assess(make(listed(), visitor(entered_japan_on="2024-08-01"), as_of="2024-09-01"), lists=[])
    assert a.ruleset == ("jp-fefta", "2025-10-09")
    assert "ruleset.not_in_force" in a.reason_codes


def test_engine_reports_the_rule_set_version():
    a = assess(make(listed(), visitor()), lists=[])
    assert a.to_json()["ruleset"] == {"id": "jp-fefta", "version": "2025-10-09.2"}


def test_item_1_is_arms_not_wmd_and_still_grades_r4():
    # rule set 2025-10-09.2: item 1 (武器) is not a WMD item; policy §6 grades it R4 all the same
    current = select_ruleset(dt.date(2026, 9, 1))
    assert current.version == "2025-10-09.2"
    assert "1" not in current.wmd_items and current.arms_items == frozenset({"1"})
    first = select_ruleset(version="2025-10-09")  # stored answers keep their edition
    assert "1" in first.wmd_items and not first.arms_items
    assert assess(make(listed("1"), visitor()), lists=[]).risk == "R4"
