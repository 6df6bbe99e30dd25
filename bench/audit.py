"""The audit hash chain: how long `desk audit verify` takes, and what the chain costs an import.

    .venv/bin/python bench/audit.py [--events N] [--cases N] [--database URL]

1. ``--events`` (default 1,000,000) chained events are written with Core inserts (the same
   hashing the app uses, ``desk.storage.audit_chain.chain_rows``), then the whole chain is
   verified as ``desk audit verify`` does (``verify_chain``). Target: ≤ 30 s.
2. ``--cases`` (default 10,000) case files (the shared examples under new ids) are imported
   into a fresh database twice in the same run: once as the app does (every audit event
   numbered, hashed and linked to the head under its lock), once with the chain hook
   switched off (the baseline). Target: the chain adds ≤ 10 %.

Without ``--database`` temporary SQLite files are used; a PostgreSQL base URL measures
PostgreSQL (a schema of its own per database, dropped afterwards).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from storage_cases import fresh_database, make_files


def fill_events(url: str, count: int, batch: int = 20_000) -> float:
    from sqlalchemy import insert

    from desk.storage.audit_chain import chain_rows
    from desk.storage.db import open_database
    from desk.storage.models import AuditEvent

    db = open_database(url)
    started = time.perf_counter()
    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    try:
        for start in range(0, count, batch):
            rows = [
                {
                    "at": base + dt.timedelta(seconds=i),
                    "actor": f"user{i % 40}",
                    "action": ("case.import", "case.assess", "review.decide")[i % 3],
                    "entity": "case",
                    "entity_id": str(i % 50_000),
                    "details": {"ref": f"C{i % 50_000:06d}", "n": i, "note": "決定 ok"},
                }
                for i in range(start, min(count, start + batch))
            ]
            with db.engine.begin() as conn:
                conn.execute(insert(AuditEvent), chain_rows(conn, rows))
    finally:
        db.close()
    return time.perf_counter() - started


def verify(url: str) -> tuple[float, object]:
    from desk.services.context import open_context
    from desk.storage.audit_chain import verify_chain

    with open_context(url) as ctx:
        started, cpu = time.perf_counter(), time.process_time()
        with ctx.reading() as session:
            report = verify_chain(session)
        seconds = time.perf_counter() - started
        # CPU time of this process too: on a shared machine the wall time mostly measures
        # the other processes
        print(f"  (verify: {time.process_time() - cpu:.1f} s CPU in this process)")
        return seconds, report


def timed_import(url: str, files: list[Path], *, chain: bool) -> float:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from desk.services.cases import import_cases
    from desk.services.context import open_context
    from desk.storage import audit_chain

    with open_context(url, actor="bench") as ctx:
        if not chain:
            event.remove(Session, "before_flush", audit_chain._chain_before_flush)
        try:
            started = time.perf_counter()
            import_cases(ctx, files)
            return time.perf_counter() - started
        finally:
            if not chain:
                event.listen(Session, "before_flush", audit_chain._chain_before_flush)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--database", default=None, help="PostgreSQL base URL (default: SQLite)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.events:
            with fresh_database(args.database, folder) as url:
                fill = fill_events(url, args.events)
                seconds, report = verify(url)
            print(f"audit chain of {args.events:,} events: written in {fill:.1f} s")
            print(
                f"desk audit verify: {seconds:.1f} s "
                f"({seconds / args.events * 1e6:.1f} µs per event; target ≤ 30 s) — "
                f"{'intact' if getattr(report, 'ok', False) else report}"
            )
        if args.cases:
            cases = folder / "cases"
            cases.mkdir()
            files = make_files(cases, args.cases)
            # baseline first, then the chain, each into a fresh database
            with fresh_database(args.database, folder) as url:
                without = timed_import(url, files, chain=False)
            with fresh_database(args.database, folder) as url:
                with_chain = timed_import(url, files, chain=True)
                seconds, report = verify(url)
            extra = (with_chain - without) / without * 100
            print(
                f"import of {args.cases:,} cases: {without:.1f} s without the chain, "
                f"{with_chain:.1f} s with it ({extra:+.1f} %; target ≤ +10 %); "
                f"chain {'intact' if getattr(report, 'ok', False) else report}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
