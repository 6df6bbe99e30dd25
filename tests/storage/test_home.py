"""Home (desk.services.registers.home_summary): the work queue by role, overdue reviews,
re-review dates, expiring licences, list age and recent imports — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desk.domain.i18n import set_language
from desk.services.context import open_context
from desk.storage import models as m

TODAY = dt.date(2026, 12, 7)
UTC = dt.UTC


def _user(login: str, *roles: str) -> m.User:
    return m.User(login=login, display_name=login, roles=[m.UserRole(role=r) for r in roles])


def populate(url: str) -> None:
    with open_context(url, actor="setup") as ctx, ctx.transaction() as s:
        office, rev, res1, res2 = (
            _user("off", "office"),
            _user("rev", "reviewer"),
            _user("res1", "researcher"),
            _user("res2", "researcher"),
        )
        s.add_all([office, rev, res1, res2])
        item = m.TechnicalItem(title="Gyro data", classification="listed", item="2")
        person = m.Person(name="王伟", name_latin="Wang Wei", nationalities=["CN"])
        s.add_all([item, person])
        s.flush()

        def case(ref: str, status: str, **kw: object) -> m.Case:
            row = m.Case(
                ref=ref,
                title=f"Case {ref}",
                technical_item=item,
                person=person,
                status=status,
                **kw,
            )
            s.add(row)
            return row

        case("D1", "draft", filed_by=res1)
        case("D2", "draft", filed_by=res2)
        case("D3", "draft")
        s1 = case("S1", "submitted", filed_at=dt.datetime(2026, 11, 1, 3, tzinfo=UTC))
        # 23:30 on 22 November in Japan: 15 days ago there, overdue
        case("S2", "submitted", filed_at=dt.datetime(2026, 11, 22, 14, 30, tzinfo=UTC))
        # 01:00 on 23 November in Japan (still the 22nd in UTC): 14 days, not yet overdue
        case("S3", "submitted", filed_at=dt.datetime(2026, 11, 22, 16, 0, tzinfo=UTC))
        f1 = case("F1", "first_review", filed_at=dt.datetime(2026, 10, 1, tzinfo=UTC))
        case("SR", "second_review", filed_at=dt.datetime(2026, 12, 1, tzinfo=UTC))
        dec1 = case("DEC1", "decided")
        dec2 = case("DEC2", "decided")
        closed = case("CL", "closed")
        s.flush()

        def assess(row: m.Case, review_on: dt.date | None) -> m.Assessment:
            a = m.Assessment(
                case_id=row.id,
                outcome="LICENSE_REQUIRED",
                risk="R1",
                review_on=review_on,
                ruleset_id="t",
                ruleset_version="t",
                case_sha256="0" * 64,
                judged_on=TODAY,
            )
            s.add(a)
            s.flush()
            return a

        assess(s1, dt.date(2026, 12, 20))
        assess(dec2, dt.date(2026, 11, 30))
        assess(dec1, dt.date(2026, 12, 10))  # superseded by the newer one below
        newer = assess(dec1, None)
        assess(closed, dt.date(2026, 11, 1))  # closed: not listed
        # F1 had its last step yesterday: waiting since then, not since it was filed
        s.add(
            m.ReviewStep(
                case_id=f1.id,
                level="first",
                decision="approve",
                reviewer=rev,
                decided_at=dt.datetime(2026, 12, 6, tzinfo=UTC),
                assessment_id=newer.id,
            )
        )
        s.add(
            m.IssuedRecord(
                document_number="DESK-1",
                case_id=dec1.id,
                kind="precheck",
                lang="ja",
                content_sha256="0" * 64,
            )
        )
        s.add(
            m.Licence(
                case_id=dec2.id,
                number="L-1",
                granted_on=dt.date(2026, 1, 15),
                valid_until=dt.date(2027, 1, 15),
            )
        )
        s.add(
            m.Licence(
                case_id=dec2.id,
                number="L-2",
                granted_on=dt.date(2026, 1, 15),
                valid_until=dt.date(2028, 1, 15),
            )
        )
        ctx.audit(s, "case.import", "case", s1.id, {"ref": "S1", "source": "s1.json"})
        ctx.audit(s, "case.import", "case", dec2.id, {"ref": "DEC2", "source": "dec2.json"})


@pytest.fixture
def home_db(database_url: str) -> str:
    populate(database_url)
    return database_url


def summary_for(url: str, actor: str):  # type: ignore[no-untyped-def]
    from desk.services.registers import home_summary

    with open_context(url, actor=actor, today=TODAY) as ctx:
        return home_summary(ctx)


def refs(section) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.ref for item in section.items]


def test_the_office_sees_every_queue_with_counts(home_db: str) -> None:
    home = summary_for(home_db, "off")
    assert home.roles == ("office",)
    assert [s.key for s in home.queue] == ["to_file", "first_review", "second_review", "to_record"]
    assert home.counts["to_file"] == 3
    assert sorted(refs(home.section("first_review"))) == ["F1", "S1", "S2", "S3"]
    assert refs(home.section("second_review")) == ["SR"]
    # decided without an issued record
    assert refs(home.section("to_record")) == ["DEC2"]


def test_a_researcher_sees_only_their_own_drafts(home_db: str) -> None:
    home = summary_for(home_db, "res1")
    assert [s.key for s in home.queue] == ["to_file"]
    assert sorted(refs(home.queue[0])) == ["D1", "D3"]  # not res2's
    reviewer = summary_for(home_db, "rev")
    assert [s.key for s in reviewer.queue] == ["first_review", "second_review", "to_record"]


def test_overdue_reviews_say_how_long_counted_in_japan_time(home_db: str) -> None:
    overdue = summary_for(home_db, "off").section("overdue")
    assert overdue is not None
    assert [(i.ref, i.note) for i in overdue.items] == [
        ("S1", "waiting 36 days"),
        ("S2", "waiting 15 days"),
    ]
    assert overdue.count == 2  # S3 (14 days in Japan), F1 (step yesterday), SR: not yet


def test_re_review_uses_the_current_assessment_of_open_cases(home_db: str) -> None:
    due = summary_for(home_db, "off").section("re_review")
    assert due is not None
    assert [(i.ref, i.note) for i in due.items] == [
        ("DEC2", "review date 2026-11-30 (7 days ago)"),
        ("S1", "review date 2026-12-20 (in 13 days)"),
    ]


def test_licences_expiring_and_recent_imports(home_db: str) -> None:
    home = summary_for(home_db, "off")
    licences = home.section("licences_expiring")
    assert licences is not None and licences.count == 1
    assert licences.items[0].text.startswith("Licence L-1: DEC2")
    assert licences.items[0].note == "expires 2027-01-15 (in 39 days)"
    assert home.section("declarations_expiring") is None  # no end dates stored yet
    assert len(home.recent_imports) == 1
    assert home.recent_imports[0].text == "Case files imported: 2: S1, DEC2"
    assert home.recent_imports[0].ref == "S1"
    assert home.lists == ()  # no list version stored
    json.dumps(home.to_json(), ensure_ascii=False)


def test_in_japanese_with_the_japanese_calendar(home_db: str) -> None:
    from desk.domain.localtime import set_calendar

    set_language("ja")
    set_calendar("japanese")
    try:
        home = summary_for(home_db, "off")
    finally:
        set_language("en")
        set_calendar(None)
    assert home.section("first_review").title == "一次審査待ち"  # type: ignore[union-attr]
    due = home.section("re_review")
    assert due is not None
    assert due.items[0].note == "再確認日 令和8年11月30日（7日前）"


def test_desk_home_json(home_db: str, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desk.cli.main import main

    monkeypatch.setenv("LOGNAME", "off")
    monkeypatch.setenv("USER", "off")
    assert main(["--database", home_db, "home", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["user"] == "off"
    assert {s["key"]: s["count"] for s in data["queue"]}["to_record"] == 1
