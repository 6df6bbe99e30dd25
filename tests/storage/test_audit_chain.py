"""The audit trail is a hash chain: tampering by someone who bypasses the triggers is found.

Issue 15 measured the append-only triggers bypassed 10 of 10 times and detected 0 times
(SQLite: drop the trigger; PostgreSQL: DISABLE TRIGGER as the owner).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from desk.services.context import ServiceContext, open_context
from desk.storage.audit_chain import GENESIS, verify_chain
from desk.storage.db import make_engine


def _write(ctx: ServiceContext, n: int, prefix: str = "e") -> None:
    for i in range(n):
        with ctx.transaction() as s:
            ctx.audit(
                s, "test.event", "case", f"{prefix}{i}", {"i": i, "名前": "清华", "x": [1, 2.5]}
            )


def _report(ctx: ServiceContext, expect_head: str | None = None):  # type: ignore[no-untyped-def]
    with ctx.reading() as s:
        return verify_chain(s, expect_head)


def _ids(ctx: ServiceContext) -> list[int]:
    with ctx.db.engine.connect() as c:
        return [r[0] for r in c.execute(text("SELECT id FROM audit_events ORDER BY seq"))]


@pytest.fixture
def ctx(database_url: str) -> Iterator[ServiceContext]:
    with open_context(database_url, actor="alice") as c:
        _write(c, 6)
        yield c


def _tamper(engine: Engine, *statements: str) -> None:
    """Do what the issue's attacker did: switch the triggers off, then edit the table."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER audit_events_no_update"))
            conn.execute(text("DROP TRIGGER audit_events_no_delete"))
        else:
            conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
        for st in statements:
            conn.execute(text(st))


def test_an_intact_chain_verifies_and_gives_its_head(ctx: ServiceContext) -> None:
    report = _report(ctx)
    assert report.ok and report.events == 6 and report.head_seq == 6
    assert len(report.head_sha256) == 64 and report.head_sha256 != GENESIS
    _write(ctx, 1, "more")
    later = _report(ctx)
    assert later.ok and later.head_sha256 != report.head_sha256
    assert _report(ctx, expect_head=report.head_sha256).ok  # an earlier head is still in it


def test_an_altered_event_is_named(ctx: ServiceContext) -> None:
    third = _ids(ctx)[2]
    _tamper(ctx.db.engine, f"UPDATE audit_events SET actor = 'mallory' WHERE id = {third}")
    problem = _report(ctx).problem
    assert problem is not None and problem.kind == "altered" and problem.event_id == third


def test_an_altered_and_rehashed_event_is_still_named(ctx: ServiceContext) -> None:
    third = _ids(ctx)[2]
    _tamper(ctx.db.engine, f"UPDATE audit_events SET sha256 = '{'a' * 64}' WHERE id = {third}")
    problem = _report(ctx).problem
    assert problem is not None and problem.kind == "altered" and problem.event_id == third


def test_a_deleted_event_is_found(ctx: ServiceContext) -> None:
    ids = _ids(ctx)
    _tamper(ctx.db.engine, f"DELETE FROM audit_events WHERE id = {ids[3]}")
    problem = _report(ctx).problem
    assert problem is not None and problem.kind == "deleted" and problem.seq == 4
    assert problem.event_id == ids[4]  # the event after the gap


def test_a_cut_off_tail_is_found(ctx: ServiceContext) -> None:
    ids = _ids(ctx)
    _tamper(ctx.db.engine, f"DELETE FROM audit_events WHERE id >= {ids[4]}")
    problem = _report(ctx).problem
    assert problem is not None and problem.kind == "truncated"


def test_an_event_inserted_by_hand_is_found(ctx: ServiceContext) -> None:
    with ctx.db.engine.begin() as conn:  # insert is allowed by the triggers, but not chained
        conn.execute(
            text(
                "INSERT INTO audit_events (at, actor, action, entity, details) "
                "VALUES (CURRENT_TIMESTAMP, 'mallory', 'case.status', 'case', '{}')"
            )
        )
    problem = _report(ctx).problem
    assert problem is not None and problem.kind == "inserted"


def test_reordered_events_are_found(ctx: ServiceContext) -> None:
    ids = _ids(ctx)
    _tamper(
        ctx.db.engine,
        f"UPDATE audit_events SET seq = 100 WHERE id = {ids[1]}",
        f"UPDATE audit_events SET seq = 2 WHERE id = {ids[2]}",
        f"UPDATE audit_events SET seq = 3 WHERE id = {ids[1]}",
    )
    problem = _report(ctx).problem
    assert problem is not None and problem.kind == "reordered" and problem.seq == 2


def test_a_rewritten_history_is_caught_by_a_head_noted_earlier(ctx: ServiceContext) -> None:
    noted = _report(ctx).head_sha256
    # the attacker rebuilds the whole chain consistently (table and head row)
    with ctx.db.engine.begin() as conn:
        if ctx.db.dialect == "sqlite":
            conn.execute(text("DROP TRIGGER audit_events_no_delete"))
        else:
            conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
        conn.execute(text("DELETE FROM audit_events"))
        conn.execute(text(f"UPDATE audit_chain SET seq = 0, sha256 = '{GENESIS}'"))
    _write(ctx, 3, "fake")
    assert _report(ctx).ok  # consistent in itself …
    problem = _report(ctx, expect_head=noted).problem  # … but the noted head is gone
    assert problem is not None and problem.kind == "rewritten"


def test_concurrent_writers_do_not_fork_the_chain(database_url: str) -> None:
    with open_context(database_url, actor="setup") as first:
        _write(first, 1)
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        try:
            with open_context(database_url, actor=f"w{k}") as c:
                _write(c, 10, f"w{k}-")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with open_context(database_url) as c:
        report = _report(c)
        assert report.ok and report.events == 41 and report.head_seq == 41


def test_events_stored_before_the_chain_are_chained_by_the_migration(database_url: str) -> None:
    from alembic import command

    from desk.storage.db import alembic_config

    with open_context(database_url):
        pass
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            command.downgrade(alembic_config(conn), "0001")
            conn.commit()
        with engine.begin() as conn:
            for i in range(3):
                conn.execute(
                    text(
                        "INSERT INTO audit_events (at, actor, action, entity, entity_id, details) "
                        f"VALUES (CURRENT_TIMESTAMP, 'old', 'case.import', 'case', 'C{i}', "
                        f"'{{\"n\": {i}}}')"
                    )
                )
    finally:
        engine.dispose()
    with open_context(database_url) as c:  # upgrades
        report = _report(c)
        assert report.ok and report.events == 3
        _write(c, 2)
        assert _report(c).ok and _report(c).events == 5


def test_events_timed_in_another_zone_still_verify(database_url: str) -> None:
    import datetime as dt

    from desk.storage.models import AuditEvent

    jst = dt.timezone(dt.timedelta(hours=9))
    with open_context(database_url, actor="alice") as c:
        with c.transaction() as s:
            s.add(
                AuditEvent(
                    at=dt.datetime(2026, 9, 1, 9, 0, 0, 0, tzinfo=jst),
                    actor="alice",
                    action="test.event",
                    entity="case",
                    details={"k": 1},
                )
            )
        _write(c, 1)
        assert _report(c).ok
