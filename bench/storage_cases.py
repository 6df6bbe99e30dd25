"""Storing cases: import, list, export and assess N cases, against a baseline in the same run.

    .venv/bin/python bench/storage_cases.py [--cases N] [--database URL] [--runs R]

The cases are the example cases in ``tests/fixtures/cases`` (copies of ``shared/cases``)
cloned under new ids (made at run
time in a temporary folder; nothing is written to the repository). The baseline is the
work no storage can avoid: reading and checking the same files (``load_case_file``) and
writing them back (``dumps_case``) without a database. Figures are medians of R runs
(each run a fresh database), in milliseconds, and per case.

Without ``--database`` a temporary SQLite file is used; ``--database postgresql+psycopg://…``
measures PostgreSQL (a schema of its own is made and dropped).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import median_of, ms

ROOT = Path(__file__).resolve().parent.parent
SHARED_CASES = ROOT / "tests" / "fixtures" / "cases"  # copies of shared/cases


def make_files(directory: Path, count: int) -> list[Path]:
    sources = sorted(SHARED_CASES.glob("*.json"))
    files = []
    for i in range(count):
        doc = json.loads(sources[i % len(sources)].read_text(encoding="utf-8"))
        doc["id"] = f"B{i:06d}-{doc['id']}"
        path = directory / f"{doc['id']}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        files.append(path)
    return files


@contextmanager
def fresh_database(base: str | None, directory: Path) -> Iterator[str]:
    if base is None or base.startswith("sqlite"):
        path = directory / f"bench-{uuid.uuid4().hex[:8]}.sqlite3"
        yield f"sqlite:///{path}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--database", default=None, help="PostgreSQL base URL (default: SQLite)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from desk.domain.case import dumps_case, load_case_file
    from desk.screening import load_list_csv
    from desk.services.cases import assess_cases, export_cases, import_cases, list_cases
    from desk.services.context import open_context

    fixture = load_list_csv(SHARED_CASES / "lists" / "eul-fixture.csv")
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        files = make_files(tmpdir, args.cases)
        n = len(files)

        def baseline() -> None:
            for f in files:
                dumps_case(load_case_file(f))

        figures: dict[str, list[float]] = {"import": [], "list": [], "export": [], "assess": []}
        dialect = "?"
        for run in range(args.runs):
            out_dir = tmpdir / f"out-{run}"
            with (
                fresh_database(args.database, tmpdir) as url,
                open_context(url, actor="bench") as ctx,
            ):
                steps: dict[str, Callable[[], object]] = {
                    "import": partial(import_cases, ctx, files),
                    "list": partial(list_cases, ctx),
                    "export": partial(export_cases, ctx, out_dir),
                    "assess": partial(assess_cases, ctx, None, lists=[fixture]),
                }
                for name, step in steps.items():
                    started = time.perf_counter()
                    step()
                    figures[name].append(time.perf_counter() - started)
                dialect = ctx.db.dialect

        base = median_of(args.runs, baseline)
        print(f"{n} cases on {dialect}, median of {args.runs} runs")
        print(f"  {'baseline (files, no database)':<32} {ms(base)}  {base / n * 1e3:6.2f} ms/case")
        for name, times in figures.items():
            t = statistics.median(times)
            label = f"{name} (one transaction)"
            print(f"  {label:<32} {ms(t)}  {t / n * 1e3:6.2f} ms/case  ({t / base:4.1f}× baseline)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
