"""List files refused whole with the row and column named; diffs; the age warning."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from desk.domain.errors import InvalidInput
from desk.domain.i18n import set_language
from desk.screening import (
    ScreeningList,
    builtin_list,
    diff_lists,
    entry_fingerprint,
    parse_list_csv,
    parse_names_csv,
    staleness_warning,
)

HEADER = "no,country,country_name,name,local_names,aliases,wmd,cw\n"
GOOD = HEADER + (
    '1,CN,China,Kestrel Avionics Co. Ltd.,凱斯特航空電子有限公司,Kestrel Avionics,"M,N",CW\n'
    "2,IR,Iran,Alborz Propulsion Institute,,APPI,M,\n"
    "3,RU,Russia,Volga Composites JSC,,,,CW\n"
)


def parse(text: str | bytes, name: str = "list.csv", version: str = "2025-01-01") -> ScreeningList:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_list_csv(data, source=name, list_id="jp-eul", version=version)


def refusal(text: str | bytes) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse(text)
    return info.value


def test_a_good_file_has_identity_and_every_row() -> None:
    lst = parse(GOOD)
    assert len(lst.entries) == 3
    assert lst.identity["id"] == "jp-eul" and len(lst.identity["sha256"]) == 64
    assert lst.entries[0].local_names == ("凱斯特航空電子有限公司",)
    assert lst.entries[0].categories == ("M", "N", "CW")


def test_builtin_list_is_the_2025_09_29_revision() -> None:
    lst = builtin_list()
    assert (lst.id, lst.version, len(lst.entries)) == ("jp-eul", "2025-09-29", 835)


def test_missing_column_is_named() -> None:
    err = refusal("no,country,name,local_names,aliases,wmd,cw\n1,CN,X,,,,\n")
    assert err.where == "header" and "country_name" in str(err)


def test_bad_country_code_names_row_and_column() -> None:
    err = refusal(GOOD + "4,ZZ,Nowhere,Some Works,,,,\n")
    assert err.where == "row 5, column country" and "'ZZ'" in str(err)


def test_duplicate_number_names_both_rows() -> None:
    err = refusal(GOOD + "2,CN,China,Other Works,,,,\n")
    assert err.where == "row 5, column no" and "row 3" in str(err)


def test_wrong_encoding_is_named_with_the_likely_one() -> None:
    err = refusal(GOOD.replace("凱斯特航空電子有限公司", "ケストレル").encode("cp932"))
    assert "UTF-8" in str(err) and "Shift_JIS" in str(err) and err.where == "row 2"
    assert "UTF-16" in str(refusal(GOOD.encode("utf-16")))


def test_bad_categories_and_quoting_are_refused() -> None:
    assert refusal(GOOD + "4,CN,China,X Works,,,Q,\n").where == "row 5, column wmd"
    assert refusal(GOOD + "4,CN,China,X Works,,,,Y\n").where == "row 5, column cw"
    assert refusal(GOOD + '4,CN,China,"X Works,,,,\n').where is not None
    assert refusal(GOOD + "4,CN,China,X Works,,\n").where == "row 5"


def _with(lst: ScreeningList, *entries: object) -> ScreeningList:
    return dataclasses.replace(lst, entries=tuple(entries), version="2026-01-01")  # type: ignore[arg-type]


def test_diff_pairs_entries_by_name_and_country_not_by_number() -> None:
    old = parse(GOOD)
    a, b, c = old.entries
    renumbered_b = dataclasses.replace(b, no="7")
    changed_c = dataclasses.replace(c, no="2", wmd=("M",))
    added = dataclasses.replace(a, no="3", name="Kestrel Optics", local_names=(), aliases=())
    new = _with(old, a, changed_c, renumbered_b, added)
    d = diff_lists(old, new)
    assert [e.name for e in d.added] == ["Kestrel Optics"]
    assert d.removed == ()
    assert [(ch.old.no, ch.new.no, ch.fields) for ch in d.changed] == [("3", "2", ("wmd",))]
    assert d.unchanged == 2
    assert d.to_json()["changed"][0]["fields"] == ["wmd"]


def test_diff_sees_a_rename_that_keeps_the_old_name_as_alias() -> None:
    old = parse(GOOD)
    a = old.entries[0]
    renamed = dataclasses.replace(a, name="Kestrel Aero Systems", aliases=(a.name, *a.aliases))
    d = diff_lists(old, _with(old, renamed, *old.entries[1:]))
    assert not d.added and not d.removed
    assert d.changed[0].fields == ("name", "aliases")


def test_diff_of_a_removed_entry_and_a_moved_country() -> None:
    old = parse(GOOD)
    a, b, c = old.entries
    moved = dataclasses.replace(c, country="BY", country_name="Belarus")
    d = diff_lists(old, _with(old, a, moved))
    assert {e.name for e in d.removed} == {b.name, c.name}
    assert [e.country for e in d.added] == ["BY"]


def test_fingerprint_ignores_the_number_only() -> None:
    e = parse(GOOD).entries[0]
    assert entry_fingerprint(e) == entry_fingerprint(dataclasses.replace(e, no="99"))
    assert entry_fingerprint(e) != entry_fingerprint(dataclasses.replace(e, aliases=()))


def test_staleness_warning_after_twelve_months() -> None:
    set_language("en")
    lst = parse(GOOD, version="2025-09-29")
    assert staleness_warning(lst, dt.date(2026, 9, 29)) is None
    message = staleness_warning(lst, dt.date(2026, 9, 30))
    assert message is not None and "2025-09-29" in message and "12 months" in message
    undated = parse(GOOD, version="abc123")
    assert staleness_warning(undated, dt.date(2040, 1, 1)) is None


def test_staleness_warning_in_japanese() -> None:
    set_language("ja")
    try:
        message = staleness_warning(parse(GOOD, version="2024-01-31"), dt.date(2025, 6, 1))
        assert message is not None and "公表" in message
        assert "か月" in message and "2024-01-31" in message
    finally:
        set_language("en")


def test_names_csv_reads_ids_names_and_countries() -> None:
    rows = parse_names_csv(
        "id,name,country\na1,Harbin Engineering University,cn\na2,清华大学,\n".encode(),
        source="names.csv",
    )
    assert [(r.id, r.name, r.country) for r in rows] == [
        ("a1", "Harbin Engineering University", "CN"),
        ("a2", "清华大学", None),
    ]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("name,country\nX,CN\n", "header"),
        ("id,name\na,X\na,Y\n", "row 3, column id"),
        ("id,name\na,\n", "row 2, column name"),
        ("id,name,country\na,X,QQ\n", "row 2, column country"),
    ],
)
def test_names_csv_refusals_name_the_place(text: str, where: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_names_csv(text.encode(), source="names.csv")
    assert info.value.where == where and info.value.source == "names.csv"


def test_list_refusals_in_japanese() -> None:
    set_language("ja")
    try:
        err = refusal(GOOD + "2,CN,China,Other Works,,,,\n")
        assert err.where == "5行目・no 列" and "掲載番号 '2' が重複" in str(err)
        assert "列がありません: country_name" in str(
            refusal("no,country,name,local_names,aliases,wmd,cw\n")
        )
    finally:
        set_language("en")
