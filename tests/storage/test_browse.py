"""The registry queries behind the app's tables, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desk.domain.errors import InvalidInput, NotFound
from desk.domain.i18n import set_language
from desk.services import registers as browse
from desk.services.context import ServiceContext, open_context
from desk.services.registers import CaseCol, ListCol, PersonCol
from tests.registry_sample import EXTRA_PEOPLE, PEOPLE, populate


@pytest.fixture
def ctx(database_url: str) -> Iterator[ServiceContext]:
    context = open_context(database_url)
    populate(context)
    set_language("en")
    try:
        yield context
    finally:
        set_language("en")
        context.close()


def names(page: browse.Page) -> list[str]:
    return [row.cells[0] for row in page.rows]


def test_every_registry_answers_a_first_page(ctx: ServiceContext) -> None:
    totals = {reg: browse.browse(ctx, reg).total for reg in browse.REGISTRIES}
    assert totals == {
        "projects": 2,
        "people": len(PEOPLE) + EXTRA_PEOPLE,
        "organizations": 2,
        "technical_items": 2,
        "cases": 2,
        "lists": 2,  # only the newest version of each list
        "shipments": 0,  # tests/storage/test_goods_app.py browses shipments
        "trips": 0,  # tests/storage/test_trips.py browses trips
        "goods_items": 0,  # tests/storage/test_goods_register.py browses goods items
    }
    for reg in browse.REGISTRIES:
        page = browse.browse(ctx, reg)
        assert all(len(row.cells) == len(browse.columns(reg)) for row in page.rows)


def test_paging_returns_every_person_once_in_order(ctx: ServiceContext) -> None:
    seen: list[int] = []
    offset = 0
    while True:
        page = browse.browse(ctx, "people", offset=offset, limit=100, with_total=False)
        if not page.rows:
            break
        seen.extend(row.id for row in page.rows)
        offset += len(page.rows)
    assert len(seen) == len(set(seen)) == len(PEOPLE) + EXTRA_PEOPLE


def test_search_is_case_and_width_insensitive(ctx: ServiceContext) -> None:
    assert names(browse.browse(ctx, "people", search="wang")) == ["王伟"]
    assert names(browse.browse(ctx, "people", search="ＷＡＮＧ")) == ["王伟"]  # full width
    assert names(browse.browse(ctx, "people", search="山田")) == ["山田 太郎"]
    assert names(browse.browse(ctx, "people", search="смирнова")) == ["Анна Смирнова"]
    # every word must match, anywhere in the name
    assert names(browse.browse(ctx, "people", search="taro yamada")) == ["山田 太郎"]
    page = browse.browse(ctx, "people", search="student 01")
    expected = [f"Student {i:03d}" for i in range(EXTRA_PEOPLE) if "01" in f"{i:03d}"]
    assert page.total == len(expected) and names(page) == expected


def test_search_treats_wildcards_as_text(ctx: ServiceContext) -> None:
    assert browse.browse(ctx, "people", search="%").total == 0
    assert browse.browse(ctx, "people", search="_").total == 0


def test_search_finds_organizations_by_alias_and_local_name(ctx: ServiceContext) -> None:
    assert names(browse.browse(ctx, "organizations", search="thu")) == ["清华大学"]
    assert names(browse.browse(ctx, "organizations", search="清華")) == ["清华大学"]


def test_sorting_in_sql(ctx: ServiceContext) -> None:
    page = browse.browse(ctx, "people", sort="nationalities", descending=True, limit=1000)
    nats = [row.cells[PersonCol.NATIONALITIES] for row in page.rows]
    assert nats == sorted(nats, reverse=True)
    asc = browse.browse(ctx, "people", search="student 2", sort="name")
    desc = browse.browse(ctx, "people", search="student 2", sort="name", descending=True)
    assert names(asc)[0] == "Student 002" and names(desc)[0] == f"Student {EXTRA_PEOPLE - 1:03d}"
    for reg in browse.REGISTRIES:
        for column in browse.columns(reg):
            for descending in (False, True):
                browse.browse(ctx, reg, sort=column.key, descending=descending)


def test_cases_show_recipient_and_latest_outcome(ctx: ServiceContext) -> None:
    page = browse.browse(ctx, "cases", search="c-2025-001")
    (row,) = page.rows
    assert row.cells[CaseCol.RECIPIENT] == "王伟"
    assert row.cells[CaseCol.OUTCOME] == "Licence required (list control)"
    (org_case,) = browse.browse(ctx, "cases", search="acme").rows
    assert org_case.cells[CaseCol.RECIPIENT] == "Acme Robotics GmbH"


def test_lists_show_only_the_newest_version(ctx: ServiceContext) -> None:
    page = browse.browse(ctx, "lists")
    assert [r.cells[ListCol.LIST] for r in page.rows] == ["jp-eul 2025-09-29"] * 2
    assert browse.browse(ctx, "lists", search="old entry").total == 0
    assert names(browse.browse(ctx, "lists", search="示例")) == ["2"]


def test_detail_has_labelled_fields_in_the_chosen_language(ctx: ServiceContext) -> None:
    (row,) = browse.browse(ctx, "people", search="wang").rows
    detail = browse.detail(ctx, "people", row.id)
    fields = dict(detail.fields)
    assert detail.title == "王伟"
    assert fields["Latin name"] == "Wang Wei"
    assert "清华大学" in fields["Affiliations"]
    set_language("ja")
    fields_ja = dict(browse.detail(ctx, "people", row.id).fields)
    assert fields_ja["ローマ字表記"] == "Wang Wei"
    assert fields_ja["役割"] == "外国人共同研究者"
    (case,) = browse.browse(ctx, "cases", search="C-2025-001").rows
    assert case.cells[CaseCol.OUTCOME] == "許可申請要（リスト規制）"
    for reg in browse.REGISTRIES:
        for r in browse.browse(ctx, reg).rows[:3]:
            assert browse.detail(ctx, reg, r.id).fields


def test_bad_requests_are_clear(ctx: ServiceContext) -> None:
    with pytest.raises(InvalidInput, match="registry"):
        browse.browse(ctx, "planets")
    with pytest.raises(InvalidInput, match="sort"):
        browse.browse(ctx, "people", sort="shoe_size")
    with pytest.raises(InvalidInput):
        browse.browse(ctx, "people", limit=0)
    with pytest.raises(NotFound):
        browse.detail(ctx, "people", 999_999)
