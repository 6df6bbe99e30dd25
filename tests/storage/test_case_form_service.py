"""``save_case`` as the case form uses it: a new case never overwrites a stored one,
and the audit trail says the case was entered in the form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.domain.case import load_case_file
from desk.domain.errors import InvalidInput
from desk.services.cases import get_case, list_cases, save_case
from desk.services.context import ServiceContext, open_context
from desk.storage import models as m


@pytest.fixture
def store(database_url: str) -> Iterator[ServiceContext]:
    ctx = open_context(database_url, actor="tester", today=dt.date(2026, 9, 1))
    try:
        yield ctx
    finally:
        ctx.close()


def test_a_new_case_cannot_overwrite_a_stored_one(
    store: ServiceContext, fixtures_dir: Path
) -> None:
    case = load_case_file(fixtures_dir / "cases" / "S04.json")
    save_case(store, case, source="case form", must_be_new=True, action="case.create")
    other = replace(case, title="someone else's case with the same id")
    with pytest.raises(InvalidInput, match="S04 is already used") as caught:
        save_case(store, other, source="case form", must_be_new=True, action="case.create")
    assert caught.value.where == "id"
    assert get_case(store, "S04").title == case.title  # untouched
    assert [s.ref for s in list_cases(store)] == ["S04"]

    # editing the stored case replaces its facts
    save_case(store, other, source="case form", action="case.edit")
    assert get_case(store, "S04").title == other.title
    with store.reading() as session:
        events = session.scalars(select(m.AuditEvent).order_by(m.AuditEvent.id)).all()
        assert [(e.action, e.details["ref"], e.details["source"]) for e in events] == [
            ("case.create", "S04", "case form"),
            ("case.edit", "S04", "case form"),
        ]
