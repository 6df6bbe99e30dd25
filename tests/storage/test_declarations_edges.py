"""The edges of the declarations service (desk/services/registers/declarations.py): the day
a declaration starts and stops counting for a provision, which of several counts, the
specific categories as typed, and the first and last day of the dashboard's "expiring"
window — on SQLite and PostgreSQL. Written against the mutants mutmut left alive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from desk.domain.errors import InvalidInput
from desk.domain.i18n import set_language
from desk.services import registers as reg
from desk.services.context import ServiceContext, open_context
from desk.storage import models as m

TODAY = dt.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield


@pytest.fixture
def store(database_url: str) -> Iterator[ServiceContext]:
    ctx = open_context(database_url, actor="office1", today=TODAY)
    try:
        yield ctx
    finally:
        ctx.close()


def person(ctx: ServiceContext, name: str, **values: object) -> int:
    return reg.add(ctx, "person", {"name": name, **values}).id


def test_a_declaration_counts_from_the_day_received_to_the_last_valid_day(
    store: ServiceContext,
) -> None:
    pid = person(store, "Ivan Petrov")
    reg.receive_document(store, pid, "declaration", "2026-04-01", valid_until="2026-09-30")
    assert reg.declaration_on(store, pid, "2026-03-31") is None
    first = reg.declaration_on(store, pid, dt.date(2026, 4, 1))
    assert first == {"declared_on": "2026-04-01", "types": []}  # own declaration: no basis
    assert reg.declaration_on(store, pid, "2026-09-30") == first
    assert reg.declaration_on(store, pid, "2026-10-01") is None
    # a pledge is not a declaration
    other = person(store, "Olga Petrova")
    reg.receive_document(store, other, "pledge", "2026-04-01")
    assert reg.declaration_on(store, other, "2026-05-01") is None


def test_the_latest_declaration_received_by_the_provision_counts(store: ServiceContext) -> None:
    pid = person(store, "Zhang Wei")
    reg.receive_document(store, pid, "declaration", "2026-04-01", types=["1"])
    reg.receive_document(store, pid, "declaration", "2026-06-01", types=["2", "3"])
    # the first was superseded on 2026-06-01: before that day it still counts
    assert reg.declaration_on(store, pid, "2026-05-31") == {
        "declared_on": "2026-04-01",
        "types": [1],
    }
    assert reg.declaration_on(store, pid, "2026-06-01") == {
        "declared_on": "2026-06-01",
        "types": [2, 3],
    }
    # a withdrawn declaration counts until the day it was withdrawn, not on or after it
    later = reg.list_documents(store, person_id=pid, status="received")[0]
    reg.end_document(store, later.id, "withdrawn", "2026-08-01")
    assert reg.declaration_on(store, pid, "2026-07-31") == {
        "declared_on": "2026-06-01",
        "types": [2, 3],
    }
    assert reg.declaration_on(store, pid, "2026-08-01") is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (["3", "1"], (1, 3)),
        (["1;3"], (1, 3)),
        (["2, 2", 2], (2,)),
        ([" 1 ,", ""], (1,)),
        ([1, 2, 3], (1, 2, 3)),
        ([",2"], (2,)),
    ],
)
def test_specific_categories_as_typed(
    store: ServiceContext, typed: list[object], stored: tuple[int, ...]
) -> None:
    pid = person(store, "Kim Minji")
    doc = reg.receive_document(store, pid, "declaration", "2026-04-01", types=typed)  # type: ignore[arg-type]
    assert doc.types == stored
    assert reg.list_documents(store, person_id=pid)[0].types == stored


@pytest.mark.parametrize(("bad", "named"), [("4", "4"), ("0", "0"), ("1,x", "x"), ("12", "12")])
def test_a_category_other_than_1_2_3_is_refused_naming_it(
    store: ServiceContext, bad: str, named: str
) -> None:
    pid = person(store, "Kim Minji")
    with pytest.raises(InvalidInput) as caught:
        reg.receive_document(store, pid, "declaration", "2026-04-01", types=[bad])
    assert caught.value.where == "types"
    assert caught.value.detail == f"a specific category is 1, 2 or 3: {named}"
    assert reg.list_documents(store, person_id=pid) == []


def test_the_expiring_window_includes_today_and_its_last_day(store: ServiceContext) -> None:
    ids = {}
    for name, until in (  # entered out of order: the list is by validity, not entry
        ("Last day", TODAY + dt.timedelta(days=10)),
        ("Yesterday", TODAY - dt.timedelta(days=1)),
        ("Today", TODAY),
        ("Day after", TODAY + dt.timedelta(days=11)),
        ("Day 30", TODAY + dt.timedelta(days=30)),
        ("Day 31", TODAY + dt.timedelta(days=31)),
    ):
        ids[name] = person(store, name)
        reg.receive_document(store, ids[name], "pledge", "2026-01-01", valid_until=until)
    retired = person(store, "Retired")
    reg.receive_document(store, retired, "pledge", "2026-01-01", valid_until=TODAY)
    reg.retire(store, "person", retired)
    asked = person(store, "Asked only")
    reg.request_document(store, asked, "pledge")
    gone = person(store, "Withdrawn")
    w = reg.receive_document(store, gone, "pledge", "2026-01-01", valid_until=TODAY)
    reg.end_document(store, w.id, "withdrawn", "2026-03-01")
    names = [d.person_name for d in reg.declarations_expiring(store, 10)]
    assert names == ["Today", "Last day"]  # soonest first; not retired, not past
    assert [d.person_name for d in reg.declarations_expiring(store, 0)] == ["Today"]
    # by default, the next 30 days
    assert [d.person_name for d in reg.declarations_expiring(store)] == [
        "Today",
        "Last day",
        "Day after",
        "Day 30",
    ]
    assert reg.declarations_expiring(store, 10, kinds=("declaration",)) == []
    with pytest.raises(InvalidInput) as caught:
        reg.declarations_expiring(store, -1)
    assert (caught.value.where, caught.value.detail) == ("within_days", "must be 0 or more")


def test_expire_marks_only_those_past_their_last_valid_day(store: ServiceContext) -> None:
    past = person(store, "Past")
    last = person(store, "Last day")
    gone = person(store, "Withdrawn")
    reg.receive_document(store, past, "declaration", "2026-01-01", valid_until="2026-12-06")
    reg.receive_document(store, last, "declaration", "2026-01-01", valid_until="2026-12-07")
    w = reg.receive_document(store, gone, "pledge", "2026-01-01", valid_until="2026-06-30")
    reg.end_document(store, w.id, "withdrawn", "2026-03-01")
    assert reg.expire_documents(store) == 1
    (doc,) = reg.list_documents(store, person_id=past)
    assert (doc.status, doc.ended_on) == ("expired", dt.date(2026, 12, 6))
    assert reg.list_documents(store, person_id=last)[0].status == "received"
    assert reg.list_documents(store, person_id=gone)[0].status == "withdrawn"
    with store.reading() as s:
        events = list(
            s.execute(
                select(m.AuditEvent.action, m.AuditEvent.entity_id, m.AuditEvent.details).where(
                    m.AuditEvent.action == "intake_document.expire"
                )
            )
        )
    assert [(a, e) for a, e, _d in events] == [("intake_document.expire", str(past))]
    assert events[0][2]["status"] == "expired" and events[0][2]["document"] == doc.id
    # another day: the one valid until today is past it tomorrow
    assert reg.expire_documents(store, on="2026-12-08") == 1
    assert reg.list_documents(store, person_id=last)[0].status == "expired"
    assert reg.expire_documents(store, on=dt.date(2026, 12, 8)) == 0


def test_of_two_in_force_the_one_received_last_counts_whatever_was_entered_first(
    store: ServiceContext,
) -> None:
    pid = person(store, "Ana Souza")
    reg.receive_document(store, pid, "declaration", "2026-06-01", types=[2])
    # entered later, dated earlier: it does not supersede the newer one
    reg.receive_document(store, pid, "declaration", "2026-04-01", types=[1])
    assert [d.status for d in reg.list_documents(store, person_id=pid)] == [
        "received",
        "received",
    ]
    assert reg.declaration_on(store, pid, "2026-07-01") == {
        "declared_on": "2026-06-01",
        "types": [2],
    }
    assert reg.declaration_on(store, pid, "2026-05-01") == {
        "declared_on": "2026-04-01",
        "types": [1],
    }


def test_a_bad_day_is_refused_naming_the_field(store: ServiceContext) -> None:
    pid = person(store, "Ana Souza")
    for call in (
        lambda: reg.declaration_on(store, pid, "2026/04/01"),
        lambda: reg.expire_documents(store, on="April"),
    ):
        with pytest.raises(InvalidInput) as caught:
            call()
        assert caught.value.where == "on"
