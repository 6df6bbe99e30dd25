"""Storing a list version in bounded memory (issue 15: a 200 MB list).

The entries are stored as they are read, in batches (:data:`BATCH`): no list of entries is
held. Duplicate entry numbers are told by the database (the batch's numbers looked up among
the ones already stored). The diff against the previous version is made in SQL: each
side's pairing key and content hash go to a temporary table, the entries that pair by
country and published name are paired there (the k-th of a key in the new version with
the k-th in the old one, as :func:`desk.screening.versions.pair_entries` does), and only
what is left — added, removed, renamed — and the changed pairs are read back: memory grows
with the changes, not with the list. Everything happens in the caller's transaction: a
refused file, or a crash, stores nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any, cast

from sqlalchemy import (
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.screening import ListDiff, ListEntry
from desk.screening.adapters import ListFile
from desk.screening.listfile import duplicate_entry
from desk.screening.versions import EntryChange, _name_id, changed_fields
from desk.services.screening.lists import entry_from_row
from desk.storage import models as m

BATCH = 2000  # entries a Core insert stores at once (and the most read back at once)

_meta = MetaData()
_STAGE = Table(
    "desk_tmp_list_pairing",
    _meta,
    Column("side", Integer, nullable=False),  # 0 the previous version, 1 the new one
    Column("seq", Integer, nullable=False),  # the entry's order in its version
    Column("no", String(50), nullable=False),
    Column("country", String(2), nullable=False),
    Column("main_key", Text, nullable=False),  # the published name, folded
    Column("fp", String(64), nullable=False),  # hash of what changed_fields compares
    prefixes=["TEMPORARY"],
)
# the same rows with their rank among the side's entries of the same key (the k-th):
# materialised and indexed, so that pairing is a join on an index, not a nested scan
_RANKED = Table(
    "desk_tmp_list_ranked",
    _meta,
    Column("side", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("no", String(50), nullable=False),
    Column("country", String(2), nullable=False),
    Column("main_key", Text, nullable=False),
    Column("fp", String(64), nullable=False),
    Column("rn", Integer, nullable=False),
    prefixes=["TEMPORARY"],
)
Index(
    "ix_desk_tmp_list_ranked",
    _RANKED.c.side,
    _RANKED.c.country,
    _RANKED.c.main_key,
    _RANKED.c.rn,
)


def content_hash(e: ListEntry) -> str:
    """Equal for two entries exactly when :func:`changed_fields` finds no difference."""
    doc = [
        e.name,
        sorted(e.local_names),
        sorted(e.aliases),
        sorted(e.wmd),
        e.cw,
        e.country_name,
        e.program,
    ]
    return hashlib.sha256(json.dumps(doc, ensure_ascii=False).encode()).hexdigest()


def _stage_row(side: int, seq: int, e: ListEntry) -> dict[str, Any]:
    return {
        "side": side,
        "seq": seq,
        "no": e.no,
        "country": e.country,
        "main_key": _name_id(e.name),
        "fp": content_hash(e),
    }


def entry_row(version_id: int, e: ListEntry) -> dict[str, Any]:
    return {
        "list_version_id": version_id,
        "no": e.no,
        "country": e.country,
        "country_name": e.country_name,
        "name": e.name,
        "local_names": list(e.local_names),
        "aliases": list(e.aliases),
        "wmd": list(e.wmd),
        "cw": e.cw,
        "program": e.program,
        "search_name": m.search_key(e.name, *e.local_names, *e.aliases)[:2000],
    }


_COLUMNS = (
    m.ListEntry.no,
    m.ListEntry.country,
    m.ListEntry.name,
    m.ListEntry.country_name,
    m.ListEntry.local_names,
    m.ListEntry.aliases,
    m.ListEntry.wmd,
    m.ListEntry.cw,
    m.ListEntry.program,
)


class Staging:
    """The temporary pairing table of one import (created in the caller's transaction)."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self._pending: list[dict[str, Any]] = []
        conn = s.connection()
        for table in (_STAGE, _RANKED):
            conn.execute(text(f"DROP TABLE IF EXISTS {table.name}"))
            table.create(conn)

    def drop(self) -> None:
        for table in (_STAGE, _RANKED):
            table.drop(self.s.connection())

    def add(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.s.execute(insert(_STAGE), rows)

    def add_version(self, version_id: int) -> None:
        """The previous version's entries (side 0), read back in batches."""
        for seq, e in enumerate(stored_entries(self.s, version_id), start=1):
            self._pending.append(_stage_row(0, seq, e))
            if len(self._pending) >= BATCH:
                self.add(self._pending)
                self._pending = []
        self.add(self._pending)
        self._pending = []


def stored_entries(
    s: Session, version_id: int, nos: Iterable[str] | None = None
) -> Iterator[ListEntry]:
    """The entries of a stored version in their order, read :data:`BATCH` at a time (or
    only those numbered ``nos``)."""
    if nos is not None:
        wanted = list(nos)
        for i in range(0, len(wanted), BATCH):
            rows = s.execute(
                select(*_COLUMNS)
                .where(
                    m.ListEntry.list_version_id == version_id,
                    m.ListEntry.no.in_(wanted[i : i + BATCH]),
                )
                .order_by(m.ListEntry.id)
            ).all()
            yield from [entry_from_row(cast(Any, r)) for r in rows]
        return
    last = 0
    while True:
        page = s.execute(
            select(m.ListEntry.id, *_COLUMNS)
            .where(m.ListEntry.list_version_id == version_id, m.ListEntry.id > last)
            .order_by(m.ListEntry.id)
            .limit(BATCH)
        ).all()
        if not page:
            return
        last = page[-1].id
        yield from [entry_from_row(cast(Any, r)) for r in page]


def store_entries(s: Session, version_id: int, lf: ListFile, staging: Staging | None) -> int:
    """Store the file's entries under the version ``version_id`` as they are read; the
    new side of ``staging`` too. Returns how many; refuses a duplicate entry number (with
    both rows) and an empty file."""
    count = 0
    batch: list[tuple[int, ListEntry]] = []

    def flush() -> None:
        if not batch:
            return
        if not lf.unique_checked:
            _refuse_duplicates(s, version_id, lf, batch)
        s.execute(insert(m.ListEntry), [entry_row(version_id, e) for _row, e in batch])
        if staging is not None:
            staging.add([_stage_row(1, row, e) for row, e in batch])
        batch.clear()

    try:
        for row, e in lf.rows():
            batch.append((row, e))
            count += 1
            if len(batch) >= BATCH:
                flush()
    except InvalidInput:
        # a duplicate before the refused row is what a reader going row by row meets first
        if not lf.unique_checked:
            _refuse_duplicates(s, version_id, lf, batch)
        raise
    flush()
    if not count:
        raise InvalidInput(_("no entries"), source=lf.where)
    return count


def _refuse_duplicates(
    s: Session, version_id: int, lf: ListFile, batch: list[tuple[int, ListEntry]]
) -> None:
    first: dict[str, int] = {}
    dup: tuple[str, int] | None = None
    for row, e in batch:
        if e.no in first:
            dup = (e.no, row)
            break
        first[e.no] = row
    stored = set(
        s.scalars(
            select(m.ListEntry.no).where(
                m.ListEntry.list_version_id == version_id, m.ListEntry.no.in_(list(first))
            )
        )
    )
    for row, e in batch:  # the earliest row whose number came before
        if dup is not None and row >= dup[1]:
            break
        if e.no in stored:
            dup = (e.no, row)
            break
    if dup is None:
        return
    no, row = dup
    other = next(r for r, e in lf.rows() if e.no == no)  # read again: the error's path only
    raise duplicate_entry(lf.where, no, row, other)


def diff_in_sql(
    s: Session,
    staging: Staging,
    old_version: m.ListVersion,
    new_version: m.ListVersion,
    old_identity: dict[str, str],
    new_identity: dict[str, str],
) -> ListDiff:
    """:func:`desk.screening.diff_lists` of two stored versions whose pairing rows are in
    ``staging`` (side 0 old, side 1 new), without reading either version whole."""
    staging.add_version(old_version.id)
    t = _STAGE
    rank = (
        func.row_number()
        .over(partition_by=(t.c.side, t.c.country, t.c.main_key), order_by=t.c.seq)
        .label("rn")
    )
    cols = (t.c.side, t.c.seq, t.c.no, t.c.country, t.c.main_key, t.c.fp)
    s.execute(insert(_RANKED).from_select([*(c.name for c in cols), "rn"], select(*cols, rank)))
    o, n = _RANKED.alias("o"), _RANKED.alias("n")
    on = and_(
        o.c.side == 0,
        n.c.side == 1,
        n.c.country == o.c.country,
        n.c.main_key == o.c.main_key,
        n.c.rn == o.c.rn,
    )
    same = select(func.count()).select_from(n.join(o, on)).where(n.c.fp == o.c.fp)
    unchanged = int(s.scalar(same) or 0)
    changed_nos = s.execute(
        select(o.c.no, n.c.no).select_from(n.join(o, on)).where(n.c.fp != o.c.fp).order_by(n.c.seq)
    ).all()
    pending_nos = s.scalars(
        select(n.c.no)
        .select_from(n.outerjoin(o, on))
        .where(n.c.side == 1, o.c.seq.is_(None))
        .order_by(n.c.seq)
    ).all()
    left_nos = s.scalars(
        select(o.c.no)
        .select_from(o.outerjoin(n, on))
        .where(o.c.side == 0, n.c.seq.is_(None))
        .order_by(o.c.seq)
    ).all()
    staging.drop()

    def load(version_id: int, nos: list[str]) -> dict[str, ListEntry]:
        return {e.no: e for e in stored_entries(s, version_id, nos)}

    old_changed = load(old_version.id, [a for a, _b in changed_nos])
    new_changed = load(new_version.id, [b for _a, b in changed_nos])
    changed = []
    for a, b in changed_nos:
        ea, eb = old_changed[a], new_changed[b]
        changed.append(EntryChange(ea, eb, changed_fields(ea, eb)))
    del old_changed, new_changed
    # what pairing by the published name left: renamed entries pair by any shared name
    pending_by_no = load(new_version.id, list(pending_nos))
    left_by_no = load(old_version.id, list(left_nos))
    old = [left_by_no[no] for no in left_nos]
    by_any: dict[tuple[str, str], list[int]] = {}
    for i, e in enumerate(old):
        for nm in e.all_names:
            by_any.setdefault((e.country, _name_id(nm)), []).append(i)
    taken: set[int] = set()
    added: list[ListEntry] = []
    for no in pending_nos:
        e = pending_by_no[no]
        match = None
        for nm in e.all_names:
            for i in by_any.get((e.country, _name_id(nm)), ()):
                if i not in taken:
                    match = i
                    break
            if match is not None:
                break
        if match is None:
            added.append(e)
            continue
        taken.add(match)
        fields = changed_fields(old[match], e)
        if fields:
            changed.append(EntryChange(old[match], e, fields))
        else:
            unchanged += 1
    removed = [e for i, e in enumerate(old) if i not in taken]
    return ListDiff(
        old_identity=old_identity,
        new_identity=new_identity,
        added=tuple(added),
        removed=tuple(removed),
        changed=tuple(changed),
        unchanged=unchanged,
    )
