"""Memory of a list import as the list grows (issue 15: "a 200 MB list does not finish").

    .venv/bin/python bench/list_import.py [--rows 5000 20000] [--database-dir DIR]

Generates desk list CSVs of each size at run time (fictitious entries: ~150 bytes a row),
imports each into a fresh SQLite database through the service (``import_list``) and
reports the peak of Python's own allocations (``tracemalloc``) — in total and per row —
and the process's peak resident size (``resource``). The baseline, measured in the same
run, is reading and validating the file alone (``read_list_file``): what any import pays
before it stores a row.

Goal: memory that does not grow with rows (the per-row figure falling towards zero as the
list grows). Not met yet: the file is read whole, validated into one list of entries, and
the diff against the previous version and the re-screening need the whole list in memory.
Storing the entries no longer adds an ORM object per row (Core inserts in batches).
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path


def make_list(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(
            ["no", "country", "country_name", "name", "local_names", "aliases", "wmd", "cw"]
        )
        for i in range(rows):
            out.writerow(
                [
                    str(i + 1),
                    "CN",
                    "China",
                    f"Entity {i} Institute of Advanced Technology {i % 97}",
                    f"研究所{i}",
                    f"Alias {i}|AKA {i} Ltd",
                    "B,C",
                    "",
                ]
            )


def measure(func: object) -> tuple[float, float]:
    tracemalloc.start()
    started = time.perf_counter()
    func()  # type: ignore[operator]
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, seconds


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--database-dir")
    args = parser.parse_args(argv)
    from desk.screening.adapters import read_list_file
    from desk.services.context import open_context
    from desk.services.screening.list_import import import_list

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.database_dir or tmp)
        print(f"{'rows':>8} {'file MB':>8} {'read KB/row':>12} {'import KB/row':>14} {'s':>7}")
        for rows in args.rows:
            path = folder / f"bench-list-{rows}-2026-01-01.csv"
            make_list(path, rows)
            read_peak, _s = measure(lambda p=path: read_list_file(p))
            with open_context(f"sqlite:///{folder / f'list-{rows}.sqlite3'}", actor="b") as ctx:
                peak, seconds = measure(
                    lambda c=ctx, p=path: import_list(c, p, source="bench", published="2026-01-01")
                )
            print(
                f"{rows:>8} {path.stat().st_size / 1e6:>8.1f} {read_peak / rows / 1024:>12.2f} "
                f"{peak / rows / 1024:>14.2f} {seconds:>7.1f}"
            )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident size of the run: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
