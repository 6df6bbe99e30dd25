"""A researcher's Cases registry lists their own cases, never another researcher's: the
registry's SQL (permissions.visible_cases) shows exactly the cases require_case_access lets
each user open."""

from __future__ import annotations

import pytest

from desk.domain import case as d
from desk.services import registers as browse
from desk.services.cases import save_case
from desk.services.context import open_context
from desk.services.registers import CaseCol
from desk.services.reviews import add_user


def _case(ref: str) -> d.Case:
    return d.parse_case(
        {
            "format": d.FORMAT,
            "id": ref,
            "technology": {"classification": "not_on_list"},
            "recipient": {"kind": "person", "name": f"Recipient {ref}", "nationalities": ["KR"]},
        }
    )


def refs(url: str, actor: str, search: str = "") -> list[str]:
    with open_context(url, actor=actor) as ctx:
        page = browse.browse(ctx, "cases", search=search)
        return sorted(row.cells[CaseCol.REF] for row in page.rows)


@pytest.mark.parametrize("search", ["", "-1"])
def test_each_researcher_sees_their_own_and_the_offices_cases(
    database_url: str, search: str
) -> None:
    with open_context(database_url, actor="officer") as ctx:
        add_user(ctx, "officer", ["office"])
        add_user(ctx, "ana", ["researcher"])
        add_user(ctx, "ben", ["researcher"])
        add_user(ctx, "rev", ["researcher", "chief"])
        save_case(ctx, _case("OFFICE-1"))
    for actor in ("ana", "ben", "rev"):
        with open_context(database_url, actor=actor) as ctx:
            save_case(ctx, _case(f"{actor.upper()}-1"))
    ana, ben = refs(database_url, "ana", search), refs(database_url, "ben", search)
    assert "ANA-1" in ana and "BEN-1" not in ana
    assert "BEN-1" in ben and "ANA-1" not in ben
    everything = ["ANA-1", "BEN-1", "OFFICE-1", "REV-1"]
    assert refs(database_url, "officer", search) == everything
    assert refs(database_url, "rev", search) == everything  # the chief sees every case
    for actor in ("ana", "ben", "rev", "officer"):
        assert refs(database_url, actor, search) == may_open(database_url, actor)


def may_open(url: str, actor: str) -> list[str]:
    """The cases require_case_access lets ``actor`` open, one by one."""
    from sqlalchemy import select

    from desk.services.permissions import may_open_case
    from desk.storage import models as m

    with open_context(url, actor=actor) as ctx, ctx.reading() as session:
        user = ctx.user(session)
        rows = session.scalars(select(m.Case)).all()
        return sorted(r.ref for r in rows if may_open_case(session, user, r))
