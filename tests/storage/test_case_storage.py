"""Cases in the database: import ↔ export round trips, all-or-nothing imports, staleness,
assessments and the append-only audit log — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from desk.domain.errors import InvalidInput, NotFound
from desk.screening import load_list_csv
from desk.services.cases import (
    assess_cases,
    assess_stale,
    assessment_history,
    due_cases,
    export_cases,
    file_name_for,
    get_case,
    import_case_documents,
    import_cases,
    list_cases,
    save_case,
    stale_cases,
)
from desk.services.context import ServiceContext, open_context
from desk.services.stats import stats
from desk.storage import models as m
from desk.storage.models import AuditAppendOnly


@pytest.fixture
def store(database_url: str) -> Iterator[ServiceContext]:
    ctx = open_context(database_url, actor="tester", today=dt.date(2026, 9, 1))
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def case_files(fixtures_dir: Path) -> list[Path]:
    files = sorted((fixtures_dir / "cases").glob("*.json"))
    assert len(files) >= 20
    return files


def without_expected(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    doc.pop("expected", None)
    return doc


# A case that spells out every key of desk-case/1 (including defaults and nulls), for an
# organization recipient, so that nothing is lost on the way through the database.
EVERY_KEY: dict[str, Any] = {
    "format": "desk-case/1",
    "id": "X/every key",
    "title": None,
    "as_of": "2026-05-01",
    "technology": {
        "title": "Radar signal processing",
        "classification": "listed",
        "item": "10:(2)",
        "specific_item_16_1": False,
        "concern_relevance": ["M", "CW"],
        "exemptions": [
            {
                "basis": "fundamental_research",
                "aims_at_natural_principles": True,
                "aims_at_specific_product": False,
                "covers_all_content": True,
                "includes_use_technology": False,
                "evidence": None,
                "note": "lab notes",
            },
            {"basis": "public_domain", "evidence": "DOI 10.1/x", "covers_all_content": False},
            {"basis": "publication", "audience": "open", "covers_all_content": True},
            {"basis": "patent_filing", "minimum_necessary": True},
            {
                "basis": "minimum_use_technology",
                "goods_export_cleared": True,
                "minimum_necessary": False,
            },
            {"basis": "commercial_software", "sold_to_public": True, "not_custom_made": True},
        ],
    },
    "recipient": {
        "kind": "organization",
        "official_status": "diplomatic_consular",
        "name": "Embassy of Ruritania",
        "name_latin": None,
        "nationalities": ["KR"],
        "country": "KR",
        "location": "japan",
        "entered_japan_on": "2025-01-02",
        "employment_in_japan": {
            "employer": None,
            "since": "2025-02-01",
            "until": None,
            "form": "part_time",
        },
        "left_japan_on": None,
        "abroad_purpose": "other",
        "intended_stay_years": 1.5,
        "returned_on": None,
        "affiliations": [
            {"name": "Ministry of Science", "country": "KR", "kind": "government"},
            {"name": "Ministry of Science", "country": "KR", "kind": "government"},
            {"name": "Anonymous lab"},
        ],
        "ties": [
            {
                "type": "funding",
                "counterparty": "Ruritania Science Fund",
                "counterparty_kind": "foreign_government",
                "country": "KR",
                "paid_to": "person",
                "share_of_income": 0.25,
                "timing": "before_employment",
                "repayment_waived": True,
                "follows_directions": False,
                "priority_agreement": False,
            },
            {
                "type": "employment",
                "counterparty_kind": "foreign_entity",
                "follows_directions": True,
            },
        ],
        "cleared_hits": [
            {
                "list": "jp-eul",
                "entry": "12",
                "name": "Similar Name Ltd",
                "reason": "different address",
            },
            {"list": "jp-eul", "entry": "13"},
        ],
        "declaration": {"declared_on": "2026-04-10", "types": [1, 3]},
    },
    "provision": {
        "place": "abroad",
        "country": "KR",
        "channels": ["email", "presentation"],
        "date": "2026-05-20",
        "re_provision_evident": True,
        "re_provision_country": "CN",
        "known_end_use": None,
        "known_end_user": ["M"],
        "inform": "conventional",
        "clear_finding": {"documented": False, "rationale": None},
    },
    "notes": "日本語のメモ",
}

A_PERSON: dict[str, Any] = {
    "format": "desk-case/1",
    "id": "P1",
    "technology": {"classification": "undetermined"},
    "recipient": {
        "name": "김민준",
        "name_latin": "Kim Minjun",
        "nationalities": ["KR", "US"],
        "employment_in_japan": {
            "employer": "Kita-Kanto",
            "since": "2025-04-01",
            "until": "2027-03-31",
            "form": "full_time",
        },
        "ties": [{"type": "instruction", "counterparty_kind": "japanese_entity"}],
        "declaration": None,
    },
    "provision": {},
}


def write(tmp_path: Path, name: str, doc: dict[str, Any] | str) -> Path:
    path = tmp_path / name
    path.write_text(
        doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False), encoding="utf-8"
    )
    return path


def test_every_example_case_round_trips(
    store: ServiceContext, case_files: list[Path], tmp_path: Path
) -> None:
    result = import_cases(store, case_files)
    assert len(result.created) == len(case_files) and not result.updated
    out = tmp_path / "out"
    exported = export_cases(store, out)
    assert sorted(p.name for p in exported.files) == sorted(p.name for p in case_files)
    for source in case_files:
        assert json.loads((out / source.name).read_text(encoding="utf-8")) == without_expected(
            source
        ), source.name


def test_every_key_round_trips(store: ServiceContext, tmp_path: Path) -> None:
    files = [write(tmp_path, "every.json", EVERY_KEY), write(tmp_path, "person.json", A_PERSON)]
    import_cases(store, files)
    out = tmp_path / "out"
    export_cases(store, out)
    assert json.loads((out / "X_every key.json").read_text(encoding="utf-8")) == EVERY_KEY
    assert json.loads((out / "P1.json").read_text(encoding="utf-8")) == A_PERSON
    # two affiliations with the same name, country and kind are one organization row
    with store.reading() as session:
        names = session.scalars(select(m.Organization.name).order_by(m.Organization.name)).all()
    assert names.count("Ministry of Science") == 1


def test_an_organization_recipient_is_not_shared_as_an_affiliation(
    store: ServiceContext, tmp_path: Path
) -> None:
    org_case = {
        "format": "desk-case/1",
        "id": "ORG",
        "technology": {"classification": "not_on_list"},
        "recipient": {"kind": "organization", "name": "Foo Lab", "country": "DE"},
    }
    person_case = {
        "format": "desk-case/1",
        "id": "PER",
        "technology": {"classification": "not_on_list"},
        "recipient": {"name": "Anna", "affiliations": [{"name": "Foo Lab", "country": "DE"}]},
    }
    import_cases(store, [write(tmp_path, "org.json", org_case)])
    import_cases(store, [write(tmp_path, "per.json", person_case)])
    org_case["recipient"]["country"] = "FR"  # the recipient's facts change
    import_cases(store, [write(tmp_path, "org.json", org_case)])
    assert get_case(store, "PER").recipient.affiliations[0].country == "DE"
    assert get_case(store, "ORG").recipient.country == "FR"


def test_recipient_and_technology_are_rows(store: ServiceContext, fixtures_dir: Path) -> None:
    import_cases(store, [fixtures_dir / "cases" / "S02.json", fixtures_dir / "cases" / "S16.json"])
    assert stats(store).to_json() == {
        "projects": 0,
        "people": 1,
        "organizations": stats(store).organizations,
        "technical_items": 2,
        "cases": 2,
        "shipments": 0,
        "goods_items": 0,
    }
    with store.reading() as session:
        person = session.scalars(select(m.Person)).one()
        assert (person.name, person.name_latin, person.nationalities) == (
            "王 子涵",
            "Wang Zihan",
            ["CN"],
        )
        assert person.entered_japan_on == dt.date(2026, 4, 1)
        assert [a.organization.name for a in person.affiliations] == [
            "Kita-Kanto Institute of Science and Technology"
        ]
        assert [(d.declared_on, d.types) for d in person.declarations] == [
            (dt.date(2026, 4, 10), [])
        ]
        assert "wang zihan" in person.search_name
        item = session.scalars(
            select(m.TechnicalItem).join(m.Case).where(m.Case.ref == "S02")
        ).one()
        assert (item.classification, item.item) == ("listed", "7")
        org_case = session.scalars(select(m.Case).where(m.Case.ref == "S16")).one()
        assert org_case.person is None and org_case.organization is not None


def test_one_bad_file_stores_nothing_and_is_named(
    store: ServiceContext, case_files: list[Path], tmp_path: Path
) -> None:
    bad = json.loads(case_files[1].read_text(encoding="utf-8"))
    bad["id"] = "BAD1"
    bad["recipient"]["nationalities"] = ["XX"]
    bad_path = write(tmp_path, "bad-one.json", bad)
    with pytest.raises(InvalidInput) as info:
        import_cases(store, [*case_files[:5], bad_path, *case_files[5:]])
    assert info.value.source == str(bad_path)
    assert info.value.where == "recipient.nationalities[0]"
    assert "bad-one.json" in str(info.value)
    assert stats(store).cases == 0 and stats(store).people == 0
    with store.reading() as session:
        assert session.scalar(select(m.AuditEvent.id).limit(1)) is None


def test_not_json_and_duplicate_ids_are_named(
    store: ServiceContext, tmp_path: Path, fixtures_dir: Path
) -> None:
    broken = write(tmp_path, "broken.json", "{ not json")
    with pytest.raises(InvalidInput, match=r"broken\.json"):
        import_cases(store, [fixtures_dir / "cases" / "S01.json", broken])
    twin = write(
        tmp_path, "twin.json", json.loads((fixtures_dir / "cases" / "S01.json").read_text())
    )
    with pytest.raises(InvalidInput) as info:
        import_cases(store, [fixtures_dir / "cases" / "S01.json", twin])
    assert info.value.source == str(twin) and info.value.where == "id" and "S01" in str(info.value)
    assert stats(store).cases == 0


def test_a_value_too_long_for_its_column_stores_nothing(
    store: ServiceContext, tmp_path: Path, fixtures_dir: Path
) -> None:
    doc = json.loads((fixtures_dir / "cases" / "S01.json").read_text())
    doc["id"] = "L" * 150  # longer than the case id column
    long_id = write(tmp_path, "long-id.json", doc)
    with pytest.raises(InvalidInput, match=r"long-id\.json.*longer than 100 characters"):
        import_cases(store, [fixtures_dir / "cases" / "S02.json", long_id])
    assert stats(store).cases == 0


def test_text_postgresql_would_refuse_is_refused_everywhere(
    store: ServiceContext, tmp_path: Path, fixtures_dir: Path
) -> None:
    doc = json.loads((fixtures_dir / "cases" / "S01.json").read_text())
    doc["title"] = "before\u0000after"
    nul = write(tmp_path, "nul.json", doc)
    with pytest.raises(InvalidInput, match=r"nul\.json.*NUL character"):
        import_cases(store, [fixtures_dir / "cases" / "S02.json", nul])
    assert stats(store).cases == 0


def test_a_database_refusal_names_the_file(store: ServiceContext, fixtures_dir: Path) -> None:
    from desk.domain.case import load_case_file

    case = load_case_file(fixtures_dir / "cases" / "S01.json")
    other = load_case_file(fixtures_dir / "cases" / "S02.json")
    # two documents for one new id: the unique case id refuses the second
    with pytest.raises(InvalidInput) as info:
        import_case_documents(
            store, [("first.json", case), ("other.json", other), ("again.json", case)]
        )
    assert info.value.source == "again.json" and "refused" in str(info.value)
    assert stats(store).cases == 0 and stats(store).people == 0


def test_reimport_replaces_facts_and_makes_the_answer_stale(
    store: ServiceContext, fixtures_dir: Path, tmp_path: Path
) -> None:
    fixture_list = load_list_csv(fixtures_dir / "cases" / "lists" / "eul-fixture.csv")
    source = fixtures_dir / "cases" / "S02.json"
    import_cases(store, [source, fixtures_dir / "cases" / "S01.json"])
    run = assess_cases(store, ["S02"], lists=[fixture_list])
    first = run.assessments[0]
    expected = json.loads(source.read_text())["expected"]
    assert (first.outcome, first.risk) == (expected["outcome"], expected["risk"])
    assert stale_cases(store) == ("S01",)  # never assessed

    # the student has now been employed in Japan: re-import the changed facts
    doc = json.loads(source.read_text())
    doc["recipient"]["employment_in_japan"] = {
        "employer": "Kita-Kanto",
        "since": "2026-08-01",
        "form": "full_time",
    }
    result = import_cases(store, [write(tmp_path, "S02.json", doc)])
    assert result.updated == ("S02",) and not result.created
    assert stats(store).people == 2  # the person row was updated, not duplicated
    summary = {s.ref: s for s in list_cases(store)}["S02"]
    assert summary.stale and summary.outcome == first.outcome
    assert get_case(store, "S02").recipient.employment_in_japan is not None

    rerun = assess_stale(store, lists=[fixture_list])
    assert sorted(a.ref for a in rerun.assessments) == ["S01", "S02"]
    again = {a.ref: a for a in rerun.assessments}["S02"]
    assert (
        again.outcome == "NOT_APPLICABLE"
        and again.changed
        and again.previous_outcome == first.outcome
    )
    assert stale_cases(store) == ()
    assert not {s.ref: s for s in list_cases(store)}["S02"].stale
    history = assessment_history(store, "S02")
    assert [h.outcome for h in history] == [first.outcome, "NOT_APPLICABLE"]


def test_assessment_keeps_ruleset_and_list_versions(
    store: ServiceContext, fixtures_dir: Path
) -> None:
    fixture_list = load_list_csv(fixtures_dir / "cases" / "lists" / "eul-fixture.csv")
    import_cases(store, [fixtures_dir / "cases" / "S02.json"])
    assess_cases(store, None, lists=[fixture_list])
    with store.reading() as session:
        stored = session.scalars(select(m.Assessment)).one()
        assert stored.ruleset_id and stored.ruleset_version
        assert stored.list_versions == [
            {"id": fixture_list.id, "version": fixture_list.version, "sha256": fixture_list.sha256}
        ]
        assert stored.result["outcome"] == stored.outcome and stored.result["id"] == "S02"
        assert stored.review_on == dt.date(2026, 10, 2)
        assert stored.assessed_by is not None and stored.assessed_by.login == "tester"


def test_assessment_uses_the_stored_lists(store: ServiceContext, fixtures_dir: Path) -> None:
    from desk.services.screening import import_list

    import_list(store, fixtures_dir / "cases" / "lists" / "eul-fixture.csv", published="2026-01-15")
    import_cases(store, [fixtures_dir / "cases" / "S18.json"])
    answer = assess_cases(store, ["S18"]).assessments[0]
    # S18's outcome rests on a hit against a fictitious entry only the stored list has
    expected = json.loads((fixtures_dir / "cases" / "S18.json").read_text())["expected"]
    assert (answer.outcome, answer.risk) == (expected["outcome"], expected["risk"])
    assert [h["entry"] for h in answer.result["list_hits"]] == ["9001"]
    assert answer.lists == (("jp-eul", "2026-01-15"),)
    with store.reading() as session:
        stored = session.scalars(select(m.Assessment)).one()
        version = session.scalars(select(m.ListVersion)).one()
        assert stored.list_versions == [
            {"id": "jp-eul", "version": "2026-01-15", "sha256": version.sha256}
        ]


def test_due_lists_cases_whose_answer_may_change(
    store: ServiceContext, case_files: list[Path], fixtures_dir: Path, tmp_path: Path
) -> None:
    fixture_list = load_list_csv(fixtures_dir / "cases" / "lists" / "eul-fixture.csv")
    import_cases(store, case_files)
    reviews = {p.stem: json.loads(p.read_text())["expected"].get("review_on") for p in case_files}
    on = dt.date(2026, 10, 2)
    want = sorted(
        (r for r, d in reviews.items() if d and dt.date.fromisoformat(d) <= on),
        key=lambda r: (reviews[r], r),
    )
    assert want, "the examples have review dates"
    # before any assessment: from the stored facts
    assert [s.ref for s in due_cases(store, on)] == want
    assert all(s.outcome is None for s in due_cases(store, on))
    # after: from the stored answers
    assess_cases(store, None, lists=[fixture_list])
    due = due_cases(store, on)
    assert [s.ref for s in due] == want
    assert all(s.outcome and s.review_on and s.review_on <= on for s in due)
    assert due_cases(store, dt.date(2000, 1, 1)) == ()
    # facts that change the review date count before the case is assessed again
    first = want[0]
    doc = json.loads((fixtures_dir / "cases" / f"{first}.json").read_text(encoding="utf-8"))
    doc["recipient"]["entered_japan_on"] = "2020-01-01"  # long resident: no date ahead
    import_cases(store, [write(tmp_path, f"{first}.json", doc)])
    assert first not in [s.ref for s in due_cases(store, on)]


def test_unknown_case_ids_are_not_found(store: ServiceContext) -> None:
    with pytest.raises(NotFound, match="NOPE"):
        get_case(store, "NOPE")
    with pytest.raises(NotFound, match="NOPE"):
        assess_cases(store, ["NOPE"])


def test_save_case_is_audited(store: ServiceContext, fixtures_dir: Path) -> None:
    from desk.domain.case import load_case_file

    case = load_case_file(fixtures_dir / "cases" / "S04.json")
    summary = save_case(store, case)
    assert summary.ref == "S04" and summary.status == "draft"
    with store.reading() as session:
        events = session.scalars(select(m.AuditEvent)).all()
        assert [(e.action, e.actor, e.entity, e.details["ref"]) for e in events] == [
            ("case.import", "tester", "case", "S04")
        ]


def test_audit_events_follow_every_change(
    store: ServiceContext, case_files: list[Path], tmp_path: Path
) -> None:
    import_cases(store, case_files[:3])
    assess_cases(store, None, lists=[])
    with store.reading() as session:
        events = session.scalars(select(m.AuditEvent).order_by(m.AuditEvent.id)).all()
        actions = [e.action for e in events]
        assert actions == ["case.import"] * 3 + ["case.assess"] * 3
        assert {e.details["ref"] for e in events} == {p.stem for p in case_files[:3]}
        assert all(e.actor == "tester" and e.at is not None for e in events)


def test_audit_log_is_append_only(store: ServiceContext, fixtures_dir: Path) -> None:
    import_cases(store, [fixtures_dir / "cases" / "S01.json"])
    # through the application
    with pytest.raises(AuditAppendOnly), store.transaction() as session:
        event = session.scalars(select(m.AuditEvent)).first()
        assert event is not None
        event.actor = "someone else"
    with pytest.raises(AuditAppendOnly), store.transaction() as session:
        event = session.scalars(select(m.AuditEvent)).first()
        session.delete(event)
    # and in SQL, past the application
    for statement in ("UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"), store.db.engine.begin() as conn:
            conn.execute(text(statement))
    with store.reading() as session:
        events = session.scalars(select(m.AuditEvent)).all()
        assert [(e.actor, e.action) for e in events] == [("tester", "case.import")]


def test_file_names_for_awkward_ids() -> None:
    assert file_name_for("S01") == "S01.json"
    assert file_name_for("2026/04:a*b") == "2026_04_a_b.json"
    assert file_name_for("...") == "_.json"
