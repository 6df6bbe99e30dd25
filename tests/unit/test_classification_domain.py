"""desk.domain.classification: the item as 項・号 however it is written, its display as the
glossary writes it, 貨物等省令 citations, parameter rows and what changed between revisions."""

from __future__ import annotations

import pytest

from desk.domain import classification as dc
from desk.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("number", "sub", "code", "shown"),
    [
        ("7", "1", "7:(1)", "7の項(1)"),
        ("7", "(1)", "7:(1)", "7の項(1)"),
        ("7(1)", None, "7:(1)", "7の項(1)"),
        ("7:(1)", None, "7:(1)", "7の項(1)"),
        ("7の項(1)", None, "7:(1)", "7の項(1)"),
        ("７（１）", None, "7:(1)", "7の項(1)"),  # full-width, as typed with an IME
        ("3-2", None, "3-2", "3の2の項"),
        ("3の2の項", "2", "3-2:(2)", "3の2の項(2)"),
        ("16", None, "16", "16の項"),
        ("07", None, "7", "7の項"),
    ],
)
def test_an_item_however_written(number: str, sub: str | None, code: str, shown: str) -> None:
    item = dc.parse_item(number, sub)
    assert item.code() == code and item.display() == shown
    assert dc.item_from_code(item.code()) == item


@pytest.mark.parametrize("bad", ["", "seven", "0", "17", "7-", "7(1", "7((1))", "1-2-3"])
def test_not_an_item(bad: str) -> None:
    with pytest.raises(InvalidInput) as err:
        dc.parse_item(bad, where="--item")
    assert err.value.where == "--item"
    assert dc.item_from_code(bad) is None


def test_citations_follow_the_glossary() -> None:
    item = dc.ControlItem("7", "1")
    assert dc.item_cite("fefta_order", item) == "外為令別表の7の項(1)"
    assert dc.item_cite("export_order", dc.ControlItem("16")) == "輸出令別表第1の16の項"
    assert dc.article_cite("19", "1", "1") == "貨物等省令第19条第1項第1号"
    assert dc.article_cite("14の2", None) == "貨物等省令第14条の2"
    assert dc.article_cite(None, "1") == ""
    assert dc.parse_article("第19条", where="a") == "19"
    assert dc.parse_article("14-2", where="a") == "14の2"
    assert dc.parse_article("", where="a") is None
    with pytest.raises(InvalidInput):
        dc.parse_article("19a", where="a")
    assert set(dc.RESULT_JA.values()) == {"該当", "非該当", "対象外（16項）", "不明・疑義"}


def test_parameter_rows() -> None:
    rows = dc.parse_parameters(
        [{"parameter": " 出力 ", "control_value": "10 W", "item_value": "20 W", "meets": True}]
    )
    assert rows == (dc.ParameterRow("出力", "10 W", "20 W", True),)
    assert rows[0].to_json()["meets"] is True
    for bad, where in (
        (["x"], "parameters[1]"),
        ([{"parameter": "p", "colour": "red"}], "parameters[1].colour"),
        ([{"parameter": "p", "meets": 1}], "parameters[1].meets"),
        ([{"parameter": "p" * 501}], "parameters[1].parameter"),
    ):
        with pytest.raises(InvalidInput) as err:
            dc.parse_parameters(bad)
        assert err.value.where == where


def test_changed_items_between_revisions() -> None:
    old = {"7:(1)": "a", "7:(2)": "b", "3-2": "c", "5": "d"}
    new = {"7:(1)": "a", "7:(2)": "B", "3-2": "c", "6": "e"}
    assert dc.changed_items(old, new) == {"7", "5", "6"}
    assert dc.changed_items(old, dict(old)) == frozenset()
