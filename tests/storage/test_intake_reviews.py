"""Intake reviews of people (admission, hiring, visit): screening, the facts kept, who is
due again when the facts change — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from desk.cli.main import main
from desk.domain.errors import InvalidInput
from desk.domain.i18n import set_language
from desk.services import registers as reg
from desk.services.context import ServiceContext, open_context
from desk.storage import models as m


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield


@pytest.fixture
def store(database_url: str) -> Iterator[ServiceContext]:
    ctx = open_context(database_url, actor="office1", today=dt.date(2026, 12, 7))
    try:
        yield ctx
    finally:
        ctx.close()


def test_a_review_screens_keeps_the_facts_and_a_change_makes_the_person_due(
    store: ServiceContext,
) -> None:
    hit = reg.add(
        store, "organization", {"name": "Harbin Institute of Technology", "country": "CN"}
    )
    pid = reg.add(
        store,
        "person",
        {"name": "张伟", "nationalities": ["CN"], "role": "student", "affiliations": [hit.id]},
    ).id
    other = reg.add(store, "person", {"name": "Anna Schmidt"}).id
    assert {d.person_id for d in reg.reviews_due(store)} == {pid, other}

    review = reg.review_person(store, pid, "admission", "conditions", notes="no lab access")
    assert (review.outcome, review.reviewed_on) == ("conditions", dt.date(2026, 12, 7))
    assert review.facts["affiliations"] == ["Harbin Institute of Technology"]
    assert review.facts["role"] == "student"
    assert any(h["via"] for h in review.hits), "the affiliation's list hit is in the review"
    assert [d.person_id for d in reg.reviews_due(store)] == [other]
    assert reg.reviews_due(store, changed_only=True) == []

    # 学部 → 修士 → 博士, a foreign-government funding line, a declaration: due again
    reg.edit(store, "person", pid, {"role": "researcher"})
    project = reg.add(store, "project", {"title": "Hydrogen storage"}).id
    reg.add_member(store, project, pid)
    reg.add_funding(store, project, "NSFC", foreign_government=True, country="CN")
    reg.receive_document(store, pid, "declaration", "2026-12-01", types=[2])
    due = reg.reviews_due(store, changed_only=True)
    assert [d.person_id for d in due] == [pid]
    assert set(due[0].changed) == {"role", "foreign_government_funding", "declaration"}
    assert due[0].last_review == review.id

    again = reg.review_person(store, pid, "status_change", "cleared")
    assert reg.reviews_due(store, changed_only=True) == []
    assert [r.id for r in reg.intake_reviews(store, pid)] == [review.id, again.id]
    with store.reading() as s:
        actions = list(s.scalars(select(m.AuditEvent.action)))
    assert actions.count("intake_review.add") == 2
    with pytest.raises(InvalidInput) as caught:
        reg.review_person(store, pid, "visit", "maybe")
    assert caught.value.where == "outcome"


def test_intake_on_the_cli(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--database", database_url)
    assert main(["people", "add", *db, "--name", "Ivan Petrov", "--role", "visitor"]) == 0
    capsys.readouterr()
    assert main(["intake", "due", *db]) == 0
    assert "never reviewed" in capsys.readouterr().out
    review = ["intake", "review", *db, "1", "--occasion", "visit", "--outcome", "cleared"]
    assert main([*review, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["outcome"] == "cleared"
    assert main(["people", "edit", *db, "1", "--visa-status", "教授"]) == 0
    capsys.readouterr()
    assert main(["intake", "due", *db, "--changed"]) == 0
    assert "changed: status of residence" in capsys.readouterr().out
    with pytest.raises(SystemExit) as stopped:
        main(["intake", "review", *db, "1", "--occasion", "visit", "--outcome", "ok"])
    assert stopped.value.code == 2
    assert "invalid choice: 'ok'" in capsys.readouterr().err
