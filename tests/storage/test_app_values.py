"""What the app's tables and panes read from the database: translated labels instead of
codes, a case's current assessment explained, a typed name screened against the stored
lists, and the stored list versions with the age warning. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from desk.domain.errors import InvalidInput
from desk.domain.i18n import set_language
from desk.services import registers as browse
from desk.services import screening as lookup
from desk.services.context import ServiceContext, open_context
from desk.services.registers import ListCol, OrganizationCol, PersonCol
from desk.storage.models import Assessment, Case, ListVersion, Person
from tests.registry_sample import populate

RESULT = {
    "outcome": "LICENSE_REQUIRED",
    "risk": "R3",
    "recipient_status": {
        "resident": False,
        "specific_categories": [],
        "treated_as_non_resident": True,
        "deemed_countries": ["CN"],
    },
    "controlled_because": ["non_resident"],
    "exemptions": [
        {
            "basis": "public_domain",
            "accepted": False,
            "reason": "The public-domain exemption is rejected: covers_all_content is false.",
        }
    ],
    "list_hits": [
        {
            "list": "jp-eul",
            "entry": "2",
            "name": "Example Institute of Technology",
            "score": 0.82,
            "categories": ["M"],
        }
    ],
    "review_on": "2026-04-01",
    "reasons": [
        {
            "code": "exemption.rejected",
            "citation": "貿易外省令 9条2項9号",
            "text_ja": "例外「公知」は適用できない：内容の全部を覆っていない。",
            "text_en": "The public-domain exemption is rejected: covers_all_content is false.",
        }
    ],
    "ruleset": {"id": "jp-fefta", "version": "2025-10-09"},
    "lists": [{"id": "jp-eul", "version": "2025-09-29"}],
}


@pytest.fixture
def ctx(database_url: str) -> Iterator[ServiceContext]:
    context = open_context(database_url)
    populate(context, extra_people=0)
    with context.transaction() as s:
        a = s.scalars(select(Assessment)).one()
        a.result = RESULT
        case = s.scalars(select(Case).where(Case.ref == "C-2025-001")).one()
        case.channels = ["lab_access", "email"]
        wang = s.scalars(select(Person).where(Person.name_latin == "Wang Wei")).one()
        wang.employment_form = "research_assistant"
        wang.employment_employer = "Example University"
        wang.employment_since = dt.date(2025, 4, 1)
    set_language("en")
    try:
        yield context
    finally:
        set_language("en")
        context.close()


def test_tables_show_labels_not_codes_and_still_sort_in_sql(ctx: ServiceContext) -> None:
    (org,) = browse.browse(ctx, "organizations", search="清华").rows
    assert org.cells[OrganizationCol.COUNTRY] == "CN China"
    assert org.cells[OrganizationCol.KIND] == "University"
    (wang,) = browse.browse(ctx, "people", search="wang").rows
    assert wang.cells[PersonCol.NATIONALITIES] == "CN China"
    entries = browse.browse(ctx, "lists", sort="country").rows
    assert [r.cells[ListCol.COUNTRY] for r in entries] == [
        "CN China",
        "IR Iran",  # CLDR English name
    ]
    set_language("ja")
    (org,) = browse.browse(ctx, "organizations", search="清华").rows
    assert org.cells[OrganizationCol.COUNTRY] == "CN 中国"
    assert org.cells[OrganizationCol.KIND] == "大学"
    desc = browse.browse(ctx, "lists", sort="country", descending=True).rows
    assert [r.cells[ListCol.COUNTRY] for r in desc] == ["IR イラン", "CN 中国"]


def test_case_detail_explains_the_current_assessment(ctx: ServiceContext) -> None:
    (row,) = browse.browse(ctx, "cases", search="C-2025-001").rows
    detail = browse.detail(ctx, "cases", row.id)
    fields = dict(detail.fields)
    assert fields["Channels"] == "lab access, e-mail"
    assessment, reasons = detail.sections
    assert assessment.title == "Current assessment"
    shown = dict(assessment.fields)
    assert shown["Outcome"] == "Licence required (list control)"
    assert shown["Resident"] == "No"
    assert shown["Deemed countries"] == "CN China"
    assert shown["Controlled because"] == "Recipient is a non-resident"
    assert shown["List screening"] == (
        "jp-eul no. 2: Example Institute of Technology (score 0.82, review) — categories: M"
    )
    assert shown["Exemptions claimed"] == (
        "Public domain (Art. 9(2)(ix)): Rejected — "
        "The public-domain exemption is rejected: covers_all_content is false."
    )
    assert shown["Review on"] == "2026-04-01"
    assert shown["Rule set"] == "jp-fefta 2025-10-09"
    assert dict(reasons.fields)["1"].endswith("Citation: 貿易外省令 9条2項9号")

    set_language("ja")
    detail = browse.detail(ctx, "cases", row.id)
    assert dict(detail.fields)["提供方法"] == "研究室への立入り, 電子メール"
    shown = dict(detail.sections[0].fields)
    assert detail.sections[0].title == "現在の判定"
    assert shown["適用を求める例外"] == (
        "公知の技術（貿易外省令第9条第2項第9号）: 適用不可 — "
        "例外「公知」は適用できない：内容の全部を覆っていない。"
    )
    assert shown["リスト照合結果"].endswith("（一致度 0.82、要確認） — 懸念区分: M")
    assert dict(detail.sections[1].fields)["1"].startswith("例外「公知」は適用できない")


def test_person_detail_words_the_employment_form(ctx: ServiceContext) -> None:
    (wang,) = browse.browse(ctx, "people", search="wang").rows
    set_language("ja")
    fields = dict(browse.detail(ctx, "people", wang.id).fields)
    assert fields["国籍"] == "CN 中国"
    assert "RA（リサーチ・アシスタント）" in fields["国内での雇用"]


def test_a_typed_name_is_screened_against_the_stored_lists(ctx: ServiceContext) -> None:
    found = lookup.screen_name(ctx, "示例理工学院", today=dt.date(2025, 10, 1))
    assert found.lists == (("jp-eul", "2025-09-29"),)  # the newest stored version only
    assert found.warnings == ()
    (hit,) = found.result.hits
    assert (hit.entry, hit.band) == ("2", "match")
    assert found.result.hits[0].evidence["matched_name"] == "示例理工学院"
    assert lookup.screen_name(ctx, "Old Entry Company").result.hits == ()
    with pytest.raises(InvalidInput):
        lookup.screen_name(ctx, "   ")
    with pytest.raises(InvalidInput, match="XX"):
        lookup.screen_name(ctx, "Example", "XX")


def test_list_overview_warns_when_the_list_in_use_is_old(ctx: ServiceContext) -> None:
    with ctx.transaction() as s:
        for v in s.scalars(select(ListVersion)):
            v.published_on = dt.date.fromisoformat(v.version)
    fresh = lookup.list_overview(ctx, today=dt.date(2026, 9, 29))
    assert [(v.version, v.row_count, v.current) for v in fresh.versions] == [
        ("2024-01-01", 1, False),
        ("2025-09-29", 2, True),
    ]
    assert fresh.warnings == ()  # twelve months to the day: not yet old
    old = lookup.list_overview(ctx, today=dt.date(2026, 9, 30))
    (warning,) = old.warnings
    assert "jp-eul" in warning and "2025-09-29" in warning
    set_language("ja")
    (warning_ja,) = lookup.list_overview(ctx, today=dt.date(2027, 1, 1)).warnings
    assert "12か月以上前" in warning_ja
