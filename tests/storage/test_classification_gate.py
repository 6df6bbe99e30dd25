"""The second review decides a case with listed technology only on a classification the
該非確認責任者 confirmed; the refusal says what is missing, in the service and on the CLI
(SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.cli.main import main
from desk.domain.errors import WorkflowError
from desk.domain.i18n import set_language
from desk.services.cases import assess_cases, import_cases
from desk.services.classification import add_classification, confirm_classification
from desk.services.context import ServiceContext, open_context
from desk.services.reviews import decide_case, review_state, submit_case
from desk.services.users import add_user
from desk.storage import models as m


def as_(ctx: ServiceContext, login: str) -> ServiceContext:
    return dataclasses.replace(ctx, actor=login)


@pytest.fixture
def office(database_url: str, fixtures_dir: Path) -> Iterator[ServiceContext]:
    set_language("en")
    ctx = open_context(database_url, actor="office1")
    import_cases(ctx, [fixtures_dir / "cases" / "S02.json"])  # listed (7の項), R3
    assess_cases(ctx, lists=[])
    add_user(ctx, "office1", ["office"])
    add_user(ctx, "ren", ["researcher"], department="ENG")
    add_user(ctx, "dean", ["dept_head"], department="ENG")
    add_user(ctx, "director", ["chief"])
    add_user(ctx, "yamada", ["classification_officer"])
    add_user(ctx, "sato", ["classification_officer"])
    submit_case(as_(ctx, "ren"), "S02")
    decide_case(as_(ctx, "dean"), "S02", level="first", decision="approve")
    try:
        yield ctx
    finally:
        ctx.close()


def _item_id(ctx: ServiceContext) -> int:
    with ctx.reading() as s:
        return int(s.scalars(select(m.Case.technical_item_id)).one())


def test_the_second_review_waits_for_the_confirmed_classification(
    office: ServiceContext, capsys: pytest.CaptureFixture[str]
) -> None:
    director = as_(office, "director")
    with pytest.raises(WorkflowError, match="no classification record"):
        decide_case(director, "S02", level="second", decision="approve")
    info = add_classification(
        as_(office, "yamada"), {"result": "listed", "item": "7"}, technical_item=_item_id(office)
    )
    assess_cases(office, lists=[])
    with pytest.raises(WorkflowError, match=f"classification {info.id} has not been confirmed"):
        decide_case(director, "S02", level="second", decision="refer_to_meti")
    seen = review_state(office, "S02")
    argv = ["--database", office.url, "--user", "director", "review", "decide", "S02",
            "--level", "second", "--decision", "approve",
            "--seen", f"{seen.case_version}:{seen.assessment_id}"]  # fmt: skip
    assert main(argv) == 2
    assert f"desk classify confirm {info.id}" in capsys.readouterr().err
    assert review_state(office, "S02").status == "second_review"  # nothing stored
    confirm_classification(as_(office, "sato"), info.id)
    state = decide_case(director, "S02", level="second", decision="approve")
    assert state.status == "decided"


def test_sending_back_for_information_needs_no_classification(office: ServiceContext) -> None:
    state = decide_case(
        as_(office, "director"), "S02", level="second", decision="return_for_information"
    )
    assert state.status == "draft"


def test_the_refusal_in_japanese(office: ServiceContext) -> None:
    set_language("ja")
    try:
        with pytest.raises(WorkflowError, match="該非確認責任者"):
            decide_case(as_(office, "director"), "S02", level="second", decision="approve")
    finally:
        set_language("en")
