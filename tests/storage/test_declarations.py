"""Declarations and pledges as documents (requested → received → expired/withdrawn),
campaigns and their reminders list, the dashboard's expiring query, and the declaration in
force on a provision date — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.cli.main import main
from desk.domain.errors import InvalidInput, PermissionDenied
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


def test_lifecycle_requested_received_superseded_withdrawn(store: ServiceContext) -> None:
    pid = person(store, "张伟", nationalities=["CN"], role="student")
    asked = reg.request_document(store, pid, "declaration", due_on="2026-12-20")
    assert (asked.status, asked.requested_on) == ("requested", TODAY)
    got = reg.receive_document(
        store, pid, "declaration", "2026-12-10", valid_until="2027-12-09", types=["2"]
    )
    assert got.id == asked.id, "the open request became the received document"
    assert (got.status, got.basis, got.types) == ("received", "self_declaration", (2,))
    newer = reg.receive_document(store, pid, "declaration", "2027-01-05", types=[])
    assert newer.id != got.id
    docs = {d.id: d for d in reg.list_documents(store, person_id=pid)}
    assert docs[got.id].status == "expired" and docs[got.id].ended_on == dt.date(2027, 1, 5)
    gone = reg.end_document(store, newer.id, "withdrawn", "2027-02-01")
    assert gone.status == "withdrawn"
    with pytest.raises(InvalidInput, match="already withdrawn"):
        reg.end_document(store, newer.id, "withdrawn")
    with pytest.raises(InvalidInput) as caught:
        reg.receive_document(store, pid, "pledge", "2026-12-01", types=[1])
    assert caught.value.where == "basis"
    with pytest.raises(InvalidInput) as caught:
        reg.receive_document(store, pid, "declaration", "2026-12-01", valid_until="2026-11-01")
    assert caught.value.where == "valid_until"
    with store.reading() as s:
        actions = list(s.scalars(select(m.AuditEvent.action).order_by(m.AuditEvent.id)))
    assert actions[-4:] == [
        "intake_document.receive",
        "intake_document.supersede",
        "intake_document.receive",
        "intake_document.withdrawn",
    ]


def test_the_declaration_in_force_on_a_provision_date(store: ServiceContext) -> None:
    pid = person(store, "Ivan Petrov")
    assert reg.declaration_on(store, pid, "2026-12-01") is None
    reg.receive_document(
        store, pid, "declaration", "2026-12-05", valid_until="2027-06-30",
        basis="information_obtained",
    )  # fmt: skip
    assert reg.declaration_on(store, pid, "2026-12-04") is None  # dated after the provision
    assert reg.declaration_on(store, pid, "2026-12-05") == {
        "declared_on": "2026-12-05",
        "types": [],
        "basis": "information_obtained",
    }
    assert reg.declaration_on(store, pid, "2027-07-01") is None  # no longer valid


def test_expiring_and_expire(store: ServiceContext) -> None:
    a = person(store, "A Person")
    b = person(store, "B Person")
    c = person(store, "C Person")
    reg.receive_document(store, a, "pledge", "2025-12-01", valid_until="2026-12-20")
    reg.receive_document(store, b, "declaration", "2025-12-01", valid_until="2027-03-01")
    reg.receive_document(store, c, "declaration", "2025-01-01", valid_until="2026-12-01")
    soon = reg.declarations_expiring(store, 30)
    assert [d.person_id for d in soon] == [a]
    assert [d.person_id for d in reg.declarations_expiring(store, 90)] == [a, b]
    assert reg.expire_documents(store) == 1
    assert reg.list_documents(store, person_id=c)[0].status == "expired"


def test_a_campaign_asks_the_cohort_and_lists_who_has_not_answered(
    store: ServiceContext,
) -> None:
    new_cn = person(store, "李明", nationalities=["CN"], role="student", stay_from="2026-10-01")
    new_kr = person(store, "김민준", nationalities=["KR"], role="student", stay_from="2026-10-01")
    person(store, "山田 太郎", nationalities=["JP"], role="student", stay_from="2026-10-01")
    person(store, "Old Student", nationalities=["DE"], role="student", stay_from="2025-04-01")
    person(store, "A Researcher", nationalities=["US"], role="researcher", stay_from="2026-10-01")
    held = person(store, "Held", nationalities=["FR"], role="student", stay_from="2026-10-02")
    reg.receive_document(store, held, "declaration", "2026-10-02")
    c = reg.start_campaign(
        store, "2026 autumn entrants", "declaration", role="student", foreign=True,
        since="2026-10-01", due_on="2026-12-31",
    )  # fmt: skip
    assert (c.asked, c.answered) == (2, 0)
    assert [d.person_id for d in c.outstanding] == [new_cn, new_kr]
    reg.receive_document(store, new_cn, "declaration", "2026-12-10")
    c = reg.campaign_status(store, c.id)
    assert (c.asked, c.answered) == (2, 1)
    assert [d.person_id for d in c.outstanding] == [new_kr]
    assert [x.id for x in reg.list_campaigns(store)] == [c.id]
    with pytest.raises(InvalidInput, match="no registered person"):
        reg.start_campaign(store, "nobody", "pledge", role="visitor")


def test_only_the_office_changes_declarations(store: ServiceContext) -> None:
    from desk.services.reviews import add_user

    pid = person(store, "Somebody")
    add_user(store, "office1", ["office"])
    add_user(store, "r1", ["researcher"])
    researcher = ServiceContext(store.db, actor="r1", today_override=TODAY)
    with pytest.raises(PermissionDenied):
        reg.receive_document(researcher, pid, "pledge", "2026-12-01")
    assert reg.list_documents(store) == []


def test_declarations_and_campaigns_on_the_cli(
    database_url: str, capsys: pytest.CaptureFixture[str], fixtures_dir: Path
) -> None:
    db = ("--database", database_url)
    assert (
        main(["roster", "import", *db, str(fixtures_dir / "rosters" / "students-2026-spring.xlsx")])
        == 0
    )
    capsys.readouterr()
    assert (
        main(
            [
                "campaigns",
                "start",
                *db,
                "Spring",
                "--kind",
                "pledge",
                "--foreign",
                "--role",
                "student",
                "--json",
            ]
        )
        == 0
    )
    campaign = json.loads(capsys.readouterr().out)
    assert campaign["asked"] == 2
    first = campaign["outstanding"][0]["person_id"]
    assert (
        main(
            [
                "declarations",
                "receive",
                *db,
                str(first),
                "--kind",
                "pledge",
                "--on",
                "2026-12-01",
                "--valid-until",
                "2026-12-31",
                "--json",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["declarations", "expiring", *db, "--within", "400", "--json"]) == 0
    expiring = json.loads(capsys.readouterr().out)
    assert [d["person_id"] for d in expiring] == [first]
    assert main(["campaigns", "show", *db, str(campaign["id"])]) == 0
    out = capsys.readouterr().out
    assert "answered 1, not yet 1" in out
    assert (
        main(["declarations", "receive", *db, "1", "--kind", "declaration", "--on", "2026-13-01"])
        == 2
    )
    assert "--on: not a date" in capsys.readouterr().err
