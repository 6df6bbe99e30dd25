"""``desk demo`` on SQLite and PostgreSQL: counts, stored cases, determinism, bulk path."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desk.cli.main import main
from desk.demo import generate, load_demo
from desk.demo.content import EUL_LOOKALIKE_ORGS
from desk.domain.case import load_case_file
from desk.domain.errors import InvalidInput
from desk.domain.i18n import set_language
from desk.services.cases import export_cases
from desk.services.context import ServiceContext, open_context
from desk.services.registers import browse
from desk.services.stats import stats
from desk.storage import models as m


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def ctx(database_url: str) -> Iterator[ServiceContext]:
    with open_context(database_url, actor="demo-test") as context:
        yield context


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow
def test_desk_demo_fills_the_registries_and_desk_stats_shows_them(
    database_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "demo", "--database", database_url, "--seed", "2")
    assert code == 0, err
    assert "200 people" in out and "300 cases (300 assessed)" in out

    code, out, err = run(capsys, "stats", "--json", "--database", database_url)
    assert code == 0, err
    counts = json.loads(out)
    assert counts["people"] == 200
    assert counts["projects"] == 30
    assert counts["technical_items"] == 100
    assert counts["cases"] == 300
    assert counts["organizations"] >= 40

    data = generate(seed=2)
    with open_context(database_url, actor="demo-test") as ctx:
        # every stored case is the generated desk-case/1 document
        exported = export_cases(ctx, tmp_path / "out")
        by_id = {dc.case.id: dc.case for dc in data.cases}
        assert len(exported.files) == 300
        for path in exported.files:
            case = load_case_file(path)
            assert case == by_id[case.id]
        with ctx.reading() as s:
            outcomes = Counter(s.scalars(select(m.Assessment.outcome)))
            departments = set(s.scalars(select(m.Department.name)))
            statuses = set(s.scalars(select(m.Case.status)))
            project_statuses = set(s.scalars(select(m.Project.status)))
            screened = set(
                s.scalars(select(m.ScreeningResult.query).where(m.ScreeningResult.band == "match"))
            )
            shared = s.scalar(
                select(func.count()).select_from(
                    select(m.Case.person_id)
                    .where(m.Case.person_id.is_not(None))
                    .group_by(m.Case.person_id)
                    .having(func.count() > 1)
                    .subquery()
                )
            )
            final_decisions = s.execute(
                select(m.ReviewStep.level, m.ReviewStep.decision, m.Assessment.outcome)
                .join(m.Assessment, m.ReviewStep.assessment_id == m.Assessment.id)
                .where(m.ReviewStep.final.is_(True))
            ).all()
            levels = set(s.scalars(select(m.ReviewStep.level)))
            licences = s.scalar(select(func.count()).select_from(m.Licence))
            # METI grants a licence after the office decided to apply, never before
            granted_and_decided = s.execute(
                select(m.Licence.granted_on, func.max(m.ReviewStep.decided_at))
                .join(m.ReviewStep, m.ReviewStep.case_id == m.Licence.case_id)
                .group_by(m.Licence.id, m.Licence.granted_on)
            ).all()
            last_step = s.scalar(select(func.max(m.ReviewStep.decided_at)))
        # a realistic spread of answers, not one outcome for everything
        assert sum(outcomes.values()) == 300
        assert {"NOT_APPLICABLE", "LICENSE_REQUIRED", "HOLD"} <= set(outcomes)
        assert len(outcomes) >= 5
        assert {"工学研究科", "理学研究科", "医学系研究科"} <= departments
        assert statuses == set(m.CASE_STATUSES)
        assert project_statuses == set(m.PROJECT_STATUSES)
        # the affiliations that spell End User List entries differently are screening hits
        assert screened & {o[0] for o in EUL_LOOKALIKE_ORGS}
        assert shared and shared > 0, "cases share the people registry's rows"
        # the review went through the workflow: both levels, decisions that fit the answers
        assert levels == {"self", "first", "second"}
        assert licences and licences > 0
        assert granted_and_decided
        for granted_on, decided_at in granted_and_decided:
            assert decided_at.date() <= granted_on, (granted_on, decided_at)
        assert last_step.date() <= data.reference_date  # the chain is played in the past
        assert {d for _, d, _ in final_decisions} >= {"approve", "reject", "refer_to_meti"}
        for level, decision, outcome in final_decisions:
            if outcome in ("STOP", "HOLD", "LICENSE_REQUIRED", "LICENSE_REQUIRED_CATCHALL"):
                assert decision in ("reject", "refer_to_meti"), (level, decision, outcome)
            if outcome == "LICENSE_REQUIRED":
                assert level == "second", "R3–R4 answers are decided by the director"
        # the registries the app shows: people findable in their own script
        page = browse(ctx, "people", search=data.people[3].name)  # a Korean name
        assert page.total >= 1

    # a second run would mix demo data into what is there: refused, nothing added
    code, out, err = run(capsys, "demo", "--database", database_url)
    assert code == 2
    assert "already holds records" in err and "people: 200" in err and "cases: 300" in err
    code, out, err = run(capsys, "--lang", "ja", "demo", "--database", database_url)
    assert code == 2
    assert "データベースにはすでに記録があります（人物: 200, 案件: 300" in err
    code, out, _ = run(capsys, "stats", "--json", "--database", database_url)
    assert json.loads(out) == counts


def _content(ctx: ServiceContext) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in id order; without what records *when* the demo ran."""
    skip_tables = {"audit_events"}
    skip_columns = {
        ("assessments", "assessed_at"),
        ("shipment_assessments", "assessed_at"),
        ("users", "created_at"),
        ("list_versions", "imported_at"),
        ("screening_results", "screened_at"),
        ("cases", "filed_at"),
        ("cases", "updated_at"),
        # classifications the demo's researchers make (and the items they update)
        ("technical_items", "updated_at"),
        ("classifications", "created_at"),
        ("classifications", "updated_at"),
        ("classification_snapshots", "saved_at"),
        ("review_steps", "decided_at"),
        ("licences", "recorded_at"),
        ("audit_chain", "sha256"),  # the hash of the (skipped) audit events, times included
    }
    out: dict[str, list[tuple[Any, ...]]] = {}
    with ctx.reading() as s:
        for table in m.Base.metadata.sorted_tables:
            if table.name in skip_tables:
                continue
            cols = [c for c in table.columns if (table.name, c.name) not in skip_columns]
            rows = s.execute(select(*cols).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(_plain(v) for v in row) for row in rows]
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)  # SQLite hands back naive UTC
    return value


@pytest.mark.slow
def test_same_seed_gives_the_same_database(ctx: ServiceContext, tmp_path: Path) -> None:
    load_demo(ctx, seed=9, people=300)
    with open_context(f"sqlite:///{tmp_path / 'again.sqlite3'}", actor=ctx.actor) as again:
        load_demo(again, seed=9, people=300)
        first, second = _content(ctx), _content(again)
    assert first["people"] and first["cases"] and first["assessments"]
    assert first["screening_results"], "the look-alike affiliations were screened"
    assert first["review_steps"] and first["licences"]
    for table in first:
        assert first[table] == second[table], table


def test_bulk_path_stores_every_person_with_their_facts(ctx: ServiceContext) -> None:
    count = 3000
    summary, _ = load_demo(ctx, seed=5, people=count, assess=False)
    data = generate(seed=5, people=count)
    assert summary.people == count and summary.assessed == 0
    with ctx.reading() as s:

        def total(model: type[m.Base]) -> int:
            return int(s.scalar(select(func.count()).select_from(model)) or 0)

        assert total(m.Person) == count
        assert total(m.Affiliation) == sum(len(p.recipient.affiliations) for p in data.people)
        assert total(m.Tie) == sum(len(p.recipient.ties) for p in data.people)
        assert total(m.Declaration) == sum(1 for p in data.people if p.recipient.declaration)
        assert total(m.Assessment) == 0
        last = s.scalars(select(m.Person).order_by(m.Person.id.desc()).limit(1)).one()
        assert (last.name, last.name_latin) == (data.people[-1].name, data.people[-1].name_latin)
        assert [a.organization.name for a in last.affiliations] == [
            a.name for a in data.people[-1].recipient.affiliations
        ]
        assert last.search_name and last.role in m.PERSON_ROLES
    # the filter of the people registry works on bulk-inserted rows
    latin = data.people[-1].name_latin or ""
    page = browse(ctx, "people", search=latin.upper())
    assert page.total >= 1


def test_refuses_a_database_with_records_and_stores_nothing(ctx: ServiceContext) -> None:
    load_demo(ctx, seed=1, people=20, assess=False)
    with pytest.raises(InvalidInput, match="already holds records"):
        load_demo(ctx, seed=2, people=50)
    assert stats(ctx).people == 20
