"""Queues and filters on the registries, and search across names, readings, affiliations,
departments, titles and statuses in words — in SQL, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from desk.domain.errors import InvalidInput
from desk.domain.i18n import translator
from desk.services import registers as browse
from desk.services.context import ServiceContext, open_context
from desk.services.registers import CaseCol
from desk.storage import models as m
from tests.registry_sample import populate


@pytest.fixture
def ctx(database_url: str) -> Iterator[ServiceContext]:
    context = open_context(database_url, actor="ren")
    populate(context, extra_people=3)
    with context.transaction() as s:
        eng = s.scalars(select(m.Department).where(m.Department.code == "ENG")).one()
        ren = m.User(login="ren", display_name="Ren", department_id=eng.id)
        s.add(ren)
        s.flush()
        case = s.scalars(select(m.Case).where(m.Case.ref == "C-2025-001")).one()
        case.filed_by_id = ren.id
        for name, reading in (
            ("井上 陽向", "イノウエ ヒナタ"),
            ("伊藤 蓮", "いとう れん"),
            ("佐藤 陽菜", "ｻﾄｳ ﾋﾅ"),
        ):
            s.add(m.Person(name=name, reading=reading, nationalities=["JP"], role="staff"))
    yield context
    context.close()


def refs(page: browse.Page) -> list[str]:
    return sorted(row.cells[CaseCol.REF] for row in page.rows)


def names(page: browse.Page) -> list[str]:
    return [row.cells[0] for row in page.rows]


def test_japanese_and_english_status_and_outcome_words_find_cases(ctx: ServiceContext) -> None:
    ja = translator("ja")
    assert refs(browse.browse(ctx, "cases", search=ja("First review"))) == ["C-2025-001"]
    assert refs(browse.browse(ctx, "cases", search="first review")) == ["C-2025-001"]
    assert refs(browse.browse(ctx, "cases", search=ja("Draft"))) == ["C-2025-002"]
    assert refs(browse.browse(ctx, "cases", search="許可申請要")) == ["C-2025-001"]  # outcome


def test_case_search_reads_recipients_and_technical_data(ctx: ServiceContext) -> None:
    assert refs(browse.browse(ctx, "cases", search="王伟")) == ["C-2025-001"]
    assert refs(browse.browse(ctx, "cases", search="acme")) == ["C-2025-002"]
    assert refs(browse.browse(ctx, "cases", search="electrolyte")) == ["C-2025-002"]
    # the count is made over the same joins: one row a page, the total still right
    page = browse.browse(ctx, "cases", search="c-2025", limit=1)
    assert page.total == 2 and len(page.rows) == 1


def test_people_search_readings_affiliations_departments(ctx: ServiceContext) -> None:
    # a reading stored in katakana (half-width too) is found in hiragana and the other way
    assert names(browse.browse(ctx, "people", search="いのうえ")) == ["井上 陽向"]
    assert names(browse.browse(ctx, "people", search="イトウ")) == ["伊藤 蓮"]
    assert names(browse.browse(ctx, "people", search="サトウ")) == ["佐藤 陽菜"]
    assert "王伟" in names(browse.browse(ctx, "people", search="tsinghua"))  # affiliation
    found = names(browse.browse(ctx, "people", search="graduate school of engineering"))
    assert "山田 太郎" in found and "김민준" not in found


def test_people_sort_by_reading_not_code_point(ctx: ServiceContext) -> None:
    rows = names(browse.browse(ctx, "people", sort="name", limit=1000))
    japanese = [n for n in rows if n in ("井上 陽向", "伊藤 蓮", "佐藤 陽菜")]
    assert japanese == ["伊藤 蓮", "井上 陽向", "佐藤 陽菜"]  # いとう, いのうえ, さとう
    assert sorted(japanese) == ["井上 陽向", "伊藤 蓮", "佐藤 陽菜"]  # what code points give


def test_case_filters(ctx: ServiceContext) -> None:
    def cases(**filters: str) -> list[str]:
        return refs(browse.browse(ctx, "cases", filters=filters))

    with ctx.reading() as s:
        eng, sci = (
            s.scalars(select(m.Department.id).where(m.Department.code == c)).one()
            for c in ("ENG", "SCI")
        )
    assert cases(status="draft") == ["C-2025-002"]
    assert cases(outcome="LICENSE_REQUIRED") == ["C-2025-001"]
    assert cases(risk="R3") == ["C-2025-001"] and cases(risk="R0") == []
    assert cases(department=str(eng)) == ["C-2025-001"]  # the recipient's department
    assert cases(department=str(sci)) == ["C-2025-002"]  # the technical data's project's
    assert cases(scope="mine") == ["C-2025-001"]  # filed by ren
    assert cases(scope="my_department") == ["C-2025-001"]
    today = ctx.today()
    assert cases(**{"from": today.isoformat()}) == ["C-2025-001", "C-2025-002"]
    assert cases(to=(today - dt.timedelta(days=1)).isoformat()) == []
    assert cases(status="draft", department=str(eng)) == []
    page = browse.browse(ctx, "cases", filters={"department": str(eng)}, search="gyro", limit=1)
    assert page.total == 1


def test_other_registries_filters_and_departments(ctx: ServiceContext) -> None:
    people = browse.browse(ctx, "people", filters={"role": "visitor"}, limit=1000)
    assert sorted(names(people)) == ["John Smith", "Анна Смирнова"]
    projects = browse.browse(ctx, "projects", filters={"status": "planned"})
    assert names(projects) == ["Solid-state battery materials"]
    items = browse.browse(ctx, "technical_items", filters={"classification": "listed"})
    assert names(items) == ["Gyroscope calibration data"]
    departments = browse.filter_departments(ctx)
    assert [name for _id, name in departments] == [
        "Graduate School of Engineering",
        "Graduate School of Science",
    ]


def test_bad_filters_are_refused(ctx: ServiceContext) -> None:
    with pytest.raises(InvalidInput) as unknown:
        browse.browse(ctx, "cases", filters={"colour": "red"})
    assert unknown.value.where == "colour"
    with pytest.raises(InvalidInput):
        browse.browse(ctx, "cases", filters={"status": "lost"})
    with pytest.raises(InvalidInput):
        browse.browse(ctx, "cases", filters={"from": "yesterday"})
