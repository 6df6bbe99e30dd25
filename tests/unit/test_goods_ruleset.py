"""The goods rule set: shipped data validated on load, a new revision is a new file."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from goods_support import document, judge, line, listed

from desk.domain.errors import InvalidInput
from desk.rules import available_rulesets
from desk.rules.goods import (
    assess_shipment,
    available_goods_rulesets,
    load_goods_ruleset,
    parse_goods_ruleset,
    select_goods_ruleset,
)
from desk.rules.goods.ruleset import available_goods_rulesets as _cached
from desk.rules.ruleset import rulesets_dir

SHIPPED = rulesets_dir() / "jp-fefta-goods-2025-10-09.json"


def shipped_doc():
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def test_the_shipped_goods_rule_set_loads_with_its_tables():
    rs = load_goods_ruleset(SHIPPED)
    assert rs.id == "jp-fefta-goods" and rs.effective == dt.date(2025, 10, 9)
    assert len(rs.group_a) == 27 and len(rs.un_arms_embargo) == 10
    assert rs.concern_countries == {"IR", "IQ", "KP"}
    chapters = {f"{c:02d}" for c in [*range(25, 41), *range(54, 60), 63, *range(68, 94), 95]}
    assert rs.item16_chapters == chapters
    assert rs.sources and all(s.strip() for s in rs.sources)


def test_the_technology_rule_sets_ignore_the_goods_file():
    assert {r.id for r in available_rulesets()} == {"jp-fefta"}
    assert [r.id for r in available_goods_rulesets()] == ["jp-fefta-goods"]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.pop("sanctions"), "sanctions"),
        (lambda d: d["small_value"].update(limit_jpy=-1), "small_value.limit_jpy"),
        (lambda d: d["item16_scope"]["hs_chapters"].append("9"), "item16_scope.hs_chapters[50]"),
        (lambda d: d["sanctions"][0].update(valid_to="2000-01-01"), "sanctions[0].valid_to"),
        (lambda d: d["sanctions"][1].update(countries=["RU"]), "sanctions[1]"),
        (lambda d: d["records"].update(institution_years=3), "records.institution_years"),
        (
            lambda d: d["ordinance_revisions"][0].update(items_changed=["16"]),
            "ordinance_revisions[0].items_changed[0]",
        ),
        (lambda d: d.update(colour="red"), "colour"),
    ],
)
def test_invalid_rule_set_names_file_and_key(change, where):
    doc = shipped_doc()
    change(doc)
    with pytest.raises(InvalidInput) as info:
        parse_goods_ruleset(doc, source="x.json")
    assert info.value.where == where and info.value.source == "x.json"


def test_a_new_revision_is_a_new_file(tmp_path):
    old = shipped_doc()
    new = shipped_doc()
    new["version"] = new["effective"] = "2027-04-01"
    new["small_value"]["limit_jpy"] = 2_000_000
    (tmp_path / "jp-fefta-goods-2025-10-09.json").write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "jp-fefta-goods-2027-04-01.json").write_text(json.dumps(new), encoding="utf-8")
    assert [r.version for r in _cached(tmp_path)] == ["2025-10-09", "2027-04-01"]
    assert select_goods_ruleset(dt.date(2027, 3, 31), directory=tmp_path).version == "2025-10-09"
    later = select_goods_ruleset(dt.date(2027, 4, 1), directory=tmp_path)
    assert later.version == "2027-04-01"
    doc = document(listed("6", value=1_500_000, exceptions=[{"basis": "small_value"}]))
    from goods_support import fixture_list, load

    answer = assess_shipment(load(doc), lists=[fixture_list()], ruleset=later)
    assert answer.outcome == "EXEMPT" and answer.ruleset == ("jp-fefta-goods", "2027-04-01")


def test_a_shipment_before_every_rule_set_uses_the_oldest_and_says_so():
    a = judge(document(line(hs="1006.10"), as_of="2025-01-10", date="2025-01-15"))
    assert a.reasons[0].code == "ruleset.not_in_force" and a.reasons[0].line is None
