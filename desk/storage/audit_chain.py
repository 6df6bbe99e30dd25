"""The audit trail as a hash chain: every event is linked to the one before it.

Each ``audit_events`` row carries ``seq`` (1, 2, 3 … with no gaps), ``prev_sha256`` (the
``sha256`` of event ``seq - 1``; 64 zeros for the first) and ``sha256`` = SHA-256 of
``prev_sha256`` and the event's canonical content (time, actor, action, entity, id,
details). The ``audit_chain`` table holds the head: the last ``seq`` and its hash.

Writing: a ``before_flush`` hook numbers and hashes the new events of a session in the
same transaction as the change they record. It first *updates* the head row, which takes
a row lock on PostgreSQL and the write lock on SQLite, so concurrent writers queue behind
each other and can never fork the chain (``seq`` is also unique).

Checking: :func:`verify_chain` walks the events in ``seq`` order, recomputes every hash
and names the first event that was altered, deleted, inserted or reordered, and compares
the end with the head (a cut-off tail). Someone who can rewrite the whole table *and* the
head row can still build a new consistent chain; that is caught only by comparing with a
head hash kept elsewhere (``expect_head``: printed on records, in reports, by operators).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    String,
    Table,
    Text,
    event,
    func,
    inspect,
    select,
    type_coerce,
)
from sqlalchemy import cast as sa_cast
from sqlalchemy.orm import Session

from desk.storage.chain_core import (
    _BATCH,
    GENESIS,
    HEAD_ID,
    _claim,
    _event_sha256_raw,
    _set_head,
    _utc,
    canonical_details,
    canonical_json,
    chain_rows,
    event_sha256,
    lock_connection,
)
from desk.storage.models import AuditChainHead, AuditEvent

__all__ = [
    "GENESIS",
    "HEAD_ID",
    "canonical_details",
    "canonical_json",
    "chain_rows",
    "event_sha256",
    "lock_connection",
]


def lock_head(session: Session) -> None:
    """:func:`lock_connection` in ``session``'s transaction."""
    lock_connection(session.connection())


def chain_new_events(session: Session) -> None:
    """Number and hash the audit events ``session`` is about to insert (in add order)."""
    new = [obj for obj in session.new if isinstance(obj, AuditEvent)]
    if not new:
        return
    new.sort(key=lambda obj: inspect(obj).insert_order or 0)
    conn = session.connection()
    seq, prev = _claim(conn, len(new))
    for ev in new:
        seq += 1
        ev.at = _utc(ev.at)
        ev.details = canonical_details(ev.details)
        ev.seq = seq
        ev.prev_sha256 = prev
        ev.sha256 = prev = event_sha256(
            prev, seq, ev.at, ev.actor, ev.action, ev.entity, ev.entity_id, ev.details
        )
    _set_head(conn, prev)


# --------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class ChainProblem:
    kind: str  # altered | deleted | inserted | reordered | truncated | rewritten
    event_id: int | None  # the audit_events row where the chain breaks (None: at the end)
    seq: int  # the position in the chain where it breaks


@dataclass(frozen=True)
class ChainReport:
    events: int  # events walked
    head_seq: int
    head_sha256: str
    problem: ChainProblem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _walk(session: Session) -> Iterator[Any]:
    t = cast(Table, AuditEvent.__table__)
    conn = session.connection()
    at: Any = t.c.at
    # the details as stored text (parsed only when the fast check fails)
    details: Any = sa_cast(t.c.details, Text).label("details")
    if conn.dialect.name == "sqlite":  # the stored text as it is: no datetime parsing per row
        at = type_coerce(t.c.at, String).label("at")
        details = type_coerce(t.c.details, String).label("details")
    cols = [t.c[name] for name in ("id", "seq", "prev_sha256", "sha256")]
    cols += [at, *(t.c[name] for name in ("actor", "action", "entity", "entity_id")), details]
    last = -1
    while True:  # keyset pages: steady memory and no server-side cursor needed
        rows = conn.execute(
            select(*cols).where(t.c.seq > last).order_by(t.c.seq).limit(_BATCH)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def _event_with_hash(session: Session, sha256: str) -> tuple[int, int | None] | None:
    row = session.execute(
        select(AuditEvent.id, AuditEvent.seq).where(AuditEvent.sha256 == sha256).limit(1)
    ).first()
    return None if row is None else (int(row[0]), row[1])


def _hash_matches(row: Any) -> bool:
    raw = row.details if isinstance(row.details, str) else canonical_json(row.details or {})
    args = (row.prev_sha256, row.seq, row.at, row.actor, row.action, row.entity, row.entity_id)
    if _event_sha256_raw(*args, raw) == row.sha256:
        return True
    try:  # stored in another spelling (an older desk, another serializer): parse it
        details = json.loads(raw) if raw else {}
    except ValueError:
        return False
    return bool(event_sha256(*args, details if isinstance(details, dict) else {}) == row.sha256)


def verify_chain(session: Session, expect_head: str | None = None) -> ChainReport:
    """Walk the whole chain; the first break found, or the head hash when it holds.

    ``expect_head``: a head hash noted earlier (on a record, in a report); the chain must
    still contain it, else history before it was rewritten.
    """
    head = session.execute(select(AuditChainHead.seq, AuditChainHead.sha256)).first()
    head_seq, head_sha = (int(head[0]), str(head[1])) if head else (0, GENESIS)
    prev, prev_id, expected, walked = GENESIS, None, 1, 0

    def broken(kind: str, event_id: int | None, seq: int) -> ChainReport:
        return ChainReport(walked, head_seq, head_sha, ChainProblem(kind, event_id, seq))

    for row in _walk(session):
        walked += 1
        if row.seq > expected:
            return broken("deleted", row.id, expected)
        if row.prev_sha256 != prev:
            # which event does it point back to? none: its predecessor was rewritten;
            # an earlier one: something was put in between; a later one: moved.
            target = _event_with_hash(session, row.prev_sha256 or "")
            if target is None or target[1] is None:
                return broken("altered", prev_id or row.id, row.seq - 1 if prev_id else row.seq)
            if target[1] < row.seq - 1:
                return broken("inserted", prev_id, row.seq - 1)
            return broken("reordered", row.id, row.seq)
        if not _hash_matches(row):
            return broken("altered", row.id, row.seq)
        prev, prev_id, expected = row.sha256, row.id, expected + 1
    stray = session.scalar(select(func.min(AuditEvent.id)).where(AuditEvent.seq.is_(None)))
    if stray is not None:  # written past the chain, e.g. by hand in SQL
        return broken("inserted", int(stray), expected)
    if expected - 1 != head_seq or prev != head_sha:
        return broken("truncated", None, expected)
    if (
        expect_head is not None
        and expect_head != GENESIS
        and _event_with_hash(session, expect_head) is None
    ):
        return broken("rewritten", None, expected)
    return ChainReport(walked, head_seq, head_sha)


_QUEUE = "desk_audit_events"


def queue_event(session: Session, ev: AuditEvent) -> None:
    """Add ``ev`` when the transaction commits, after every other change is flushed.

    The chain's head row is then always the *last* lock a transaction takes, so two
    writers can never hold one lock each and wait for the other's (a PostgreSQL deadlock
    between, say, a review locking its case first and an import taking the head first).
    """
    session.info.setdefault(_QUEUE, []).append(ev)


@event.listens_for(Session, "before_commit")
def _add_queued_events(session: Session) -> None:
    queued = session.info.pop(_QUEUE, None)
    if queued:
        session.flush()  # the change itself first (its row locks)
        session.add_all(queued)
        session.flush()  # then the events, chained under the head's lock


@event.listens_for(Session, "after_rollback")
def _drop_queued_events(session: Session) -> None:
    session.info.pop(_QUEUE, None)


@event.listens_for(Session, "before_flush")
def _chain_before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    chain_new_events(session)
