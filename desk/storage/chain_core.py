"""The audit hash chain's content and its Core writer: what :mod:`desk.storage.audit_chain`
hashes and how it claims the head, without the ORM (the fast record path writes its
``record.issue`` event through :func:`chain_rows` on a plain Connection; the ORM's
``before_flush`` hook uses the same functions, so both write the same chain).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from json.encoder import encode_basestring as _encode_string  # C-accelerated, non-ASCII kept
from typing import Any

from sqlalchemy import Connection, insert, select, update

from desk.storage.core_tables import audit_chain as _head_table

GENESIS = "0" * 64
HEAD_ID = 1
_BATCH = 20_000


def canonical_details(details: Any) -> dict[str, Any]:
    """``details`` as it will read back from the database (JSON round trip)."""
    value = json.loads(json.dumps(details or {}, ensure_ascii=False, allow_nan=False))
    if not isinstance(value, dict):
        raise TypeError("audit details must be a JSON object")
    return value


def _utc(at: dt.datetime | None) -> dt.datetime:
    """Stored times are UTC (SQLite keeps the fields and drops the offset)."""
    if at is None:
        return dt.datetime.now(dt.UTC)
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)


def _time_text(at: dt.datetime | str) -> str:
    if isinstance(at, str):  # SQLite's stored text
        if len(at) == 26 and at[10] == " " and at[19] == ".":  # as SQLAlchemy writes it
            return at.replace(" ", "T", 1) + "Z"
        at = dt.datetime.fromisoformat(at)  # e.g. CURRENT_TIMESTAMP: no fraction
    if at.tzinfo is not None and at.utcoffset():
        at = at.astimezone(dt.UTC)
    return at.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def canonical_json(value: Any) -> str:
    """The one JSON spelling desk stores (the engines' ``json_serializer``) and hashes:
    sorted keys, no spaces, characters as they are. Stored audit details are then already
    in the hashed form, so verifying need not parse and re-encode them."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _event_sha256_raw(
    prev_sha256: str,
    seq: int,
    at: dt.datetime | str,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | None,
    details_json: str,
) -> str:
    """:func:`event_sha256` with the details as stored text: the same hash when that text is
    canonical (everything desk wrote); anything else is checked the slow way."""
    # json.dumps([...], ensure_ascii=False, separators=(",", ":")) spelled out: the same
    # text, without building an encoder per event (verifying a million events)
    enc = _encode_string
    ident = "null" if entity_id is None else enc(entity_id)
    head = f"[{int(seq)},{enc(_time_text(at))},{enc(actor)},{enc(action)},{enc(entity)},{ident}]"
    return hashlib.sha256(f"{prev_sha256}\n{head[:-1]},{details_json}]".encode()).hexdigest()


def event_sha256(
    prev_sha256: str,
    seq: int,
    at: dt.datetime | str,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | None,
    details: dict[str, Any],
) -> str:
    content = json.dumps(
        [seq, _time_text(at), actor, action, entity, entity_id, details],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        allow_nan=False,
    )
    return hashlib.sha256(f"{prev_sha256}\n{content}".encode()).hexdigest()


# --------------------------------------------------------------------------- writing


def _claim(conn: Connection, count: int) -> tuple[int, str]:
    """Lock the head, move it ``count`` events on; returns (last seq before, its hash)."""
    head = _head_table.c
    claimed = conn.execute(
        update(_head_table).where(head.id == HEAD_ID).values(seq=head.seq + count)
    ).rowcount
    if not claimed:  # a database created without the migration's head row
        conn.execute(insert(_head_table).values(id=HEAD_ID, seq=count, sha256=GENESIS))
    seq, sha = conn.execute(select(head.seq, head.sha256).where(head.id == HEAD_ID)).one()
    return int(seq) - count, str(sha)


def lock_connection(conn: Connection) -> None:
    """Take the chain head's row lock now, for the rest of the transaction: whoever numbers a
    document from what is stored (a record's or an audit report's serial) calls this first, so
    two processes issuing at once take turns and the second reads the first's number."""
    head = _head_table.c
    locked = conn.execute(
        update(_head_table).where(head.id == HEAD_ID).values(seq=head.seq)
    ).rowcount
    if not locked:  # a database created without the migration's head row
        conn.execute(insert(_head_table).values(id=HEAD_ID, seq=0, sha256=GENESIS))


def _set_head(conn: Connection, sha256: str) -> None:
    head = _head_table.c
    conn.execute(update(_head_table).where(head.id == HEAD_ID).values(sha256=sha256))


def chain_rows(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Number and hash plain event rows for a Core ``insert()`` (bulk loads, benchmarks)."""
    seq, prev = _claim(conn, len(rows))
    out = []
    for row in rows:
        seq += 1
        at = _utc(row.get("at"))
        details = canonical_details(row.get("details"))
        sha = event_sha256(
            prev,
            seq,
            at,
            row["actor"],
            row["action"],
            row["entity"],
            row.get("entity_id"),
            details,
        )
        out.append(
            {**row, "at": at, "details": details, "seq": seq, "prev_sha256": prev, "sha256": sha}
        )
        prev = sha
    _set_head(conn, prev)
    return out
