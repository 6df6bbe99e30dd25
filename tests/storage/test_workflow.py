"""A case's workflow status: allowed steps, decisions on current answers only, audit."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.cli.main import main
from desk.domain.errors import InvalidInput, WorkflowError
from desk.domain.i18n import set_language
from desk.services.cases import assess_cases, import_cases, list_cases
from desk.services.context import ServiceContext, open_context
from desk.services.reviews import move_case
from desk.storage import models as m


@pytest.fixture
def store(database_url: str, fixtures_dir: Path) -> Iterator[ServiceContext]:
    ctx = open_context(database_url, actor="reviewer1", today=dt.date(2026, 9, 1))
    import_cases(ctx, [fixtures_dir / "cases" / "S02.json"])
    set_language("en")
    try:
        yield ctx
    finally:
        set_language("en")
        ctx.close()


def test_a_case_goes_through_review_to_closed(store: ServiceContext) -> None:
    assert move_case(store, "S02", "submitted").status == "submitted"
    assert move_case(store, "S02", "first_review").status == "first_review"
    assert move_case(store, "S02", "second_review").status == "second_review"
    assess_cases(store, ["S02"], lists=[])
    assert move_case(store, "S02", "decided", note="license applied for").status == "decided"
    assert move_case(store, "S02", "closed").status == "closed"
    assert [c.status for c in list_cases(store)] == ["closed"]
    with store.reading() as session:
        steps = [
            (e.details["from"], e.details["to"])
            for e in session.scalars(
                select(m.AuditEvent)
                .where(m.AuditEvent.action == "case.status")
                .order_by(m.AuditEvent.id)
            )
        ]
        assert steps == [
            ("draft", "submitted"),
            ("submitted", "first_review"),
            ("first_review", "second_review"),
            ("second_review", "decided"),
            ("decided", "closed"),
        ]


def test_steps_that_skip_or_reverse_wrongly_are_refused(store: ServiceContext) -> None:
    with pytest.raises(WorkflowError, match="cannot go to"):
        move_case(store, "S02", "decided")
    with pytest.raises(InvalidInput, match="unknown status"):
        move_case(store, "S02", "approved")
    assert [c.status for c in list_cases(store)] == ["draft"]


def test_a_decision_needs_a_current_assessment(
    store: ServiceContext, fixtures_dir: Path, tmp_path: Path
) -> None:
    move_case(store, "S02", "submitted")
    move_case(store, "S02", "first_review")
    with pytest.raises(WorkflowError, match="no assessment"):
        move_case(store, "S02", "decided")
    assess_cases(store, ["S02"], lists=[])
    doc = json.loads((fixtures_dir / "cases" / "S02.json").read_text(encoding="utf-8"))
    doc["title"] = "changed after the assessment"
    (tmp_path / "S02.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    import_cases(store, [tmp_path / "S02.json"])
    assert [c.status for c in list_cases(store)] == ["first_review"]  # re-import keeps the status
    with pytest.raises(WorkflowError, match="assess it again"):
        move_case(store, "S02", "decided")
    assess_cases(store, ["S02"], lists=[])
    # S02 is R3: R2–R4 are decided at the second level (desk.services.workflow routing)
    assert move_case(store, "S02", "second_review").status == "second_review"
    assert move_case(store, "S02", "decided").status == "decided"


def test_cli_status(store: ServiceContext, capsys: pytest.CaptureFixture[str]) -> None:
    url = store.url
    assert main(["cases", "status", "S02", "submitted", "--database", url]) == 0
    assert "now submitted" in capsys.readouterr().out
    assert main(["--lang", "ja", "cases", "status", "S02", "decided", "--database", url]) == 2
    assert "進められません" in capsys.readouterr().err
