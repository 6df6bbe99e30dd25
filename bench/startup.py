"""Start-up: process start → desk's main window shown over the demo database, side by side
with a bare QApplication + QMainWindow process, in the same run.

    .venv/bin/python bench/startup.py [--runs R] [--people N] [--database URL]

Each run starts a fresh Python process (offscreen platform) and times from just before
the process is spawned until it reports that its window is on screen: for the bare
process, after ``show()`` and one pass of the event loop; for desk, when the first
registry's rows have arrived from the database and are painted. The two kinds of run
alternate so that machine load hits both alike; medians are reported.

Both start warm, as an installed desk does: a first run of each fills the file cache and
writes the bytecode of the modules it imports (to a folder of this run, even where
``PYTHONDONTWRITEBYTECODE`` is set, as in a development checkout; an installed desk has
its ``.pyc`` files from the installer, as PySide6 has in the bare run).
``--no-bytecode`` compiles desk's modules from source in every run instead (a
development checkout without bytecode, a first start after an upgrade).

Goal (issues 2 and 10): desk's window shown ≤ 2 × bare.

``--home`` measures Home's counts instead (issue 10): a database of 100,000 people and
20,000 cases (``--people``/``--cases``) is built with bulk inserts, then
:func:`desk.services.registers.home_summary` is timed beside the first page of the Cases
and People registries (``browse``), in the same run. Goal: Home ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import make_demo_database, median_of, ms

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1200, 720)
window.show()
def shown():
    window.repaint()
    print("shown", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

DESK = """
import sys
from desk.launcher import _wants_app
from desk.ui.app import run_app
argv = ["--database", sys.argv[1], "--lang", "ja"]
assert _wants_app(argv)
def shown(window):
    window.repaint()
    print("shown", flush=True)
def ready(window):
    window.repaint()
    print("rows", flush=True)
    window.close()
sys.exit(run_app(argv, on_shown=shown, on_ready=ready))
"""


def one_run(code: str, args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from spawning the process to each milestone it prints."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    seen: dict[str, float] = {}
    for line in proc.stdout:
        seen[line.strip()] = time.perf_counter() - started
    _out, err = proc.communicate(timeout=60)
    if "shown" not in seen or proc.returncode != 0:
        raise RuntimeError(f"run failed (exit {proc.returncode}): {err.strip()[-2000:]}")
    return seen


def make_large_database(url: str, people: int, cases: int) -> None:
    """``people`` people and ``cases`` cases (with assessments, review steps, licences,
    issued records and import events) by bulk inserts: seconds, not the demo's minutes."""
    import datetime as dt
    import random

    from sqlalchemy import insert

    from desk.services.context import open_context
    from desk.storage import models as m

    rng = random.Random(10)
    statuses = ["draft", "submitted", "first_review", "second_review", "decided", "closed"]
    now = dt.datetime(2026, 12, 7, 3, tzinfo=dt.UTC)
    with open_context(url, actor="bench") as ctx, ctx.transaction() as s:
        s.execute(insert(m.Department), [{"id": i, "name": f"部局{i}"} for i in range(1, 11)])
        s.execute(insert(m.User), [{"id": 1, "login": "bench", "display_name": "bench"}])
        s.execute(insert(m.UserRole), [{"user_id": 1, "role": "office"}])
        s.execute(
            insert(m.Person),
            [
                {
                    "id": i,
                    "name": f"山田 太郎{i}",
                    "name_latin": f"Yamada Taro {i}",
                    "search_name": f"山田 太郎{i} yamada taro {i}",
                    "sort_name": f"やまだ たろう{i}",
                    "nationalities": ["JP"],
                    "department_id": 1 + i % 10,
                }
                for i in range(1, people + 1)
            ],
        )
        s.execute(
            insert(m.TechnicalItem),
            [
                {
                    "id": i,
                    "title": f"Tech {i}",
                    "search_title": f"tech {i}",
                    "classification": "listed",
                }
                for i in range(1, 501)
            ],
        )
        s.execute(
            insert(m.Case),
            [
                {
                    "id": i,
                    "ref": f"EC-{i:06d}",
                    "title": f"Case {i}",
                    "search_title": f"ec-{i:06d} case {i}",
                    "technical_item_id": 1 + i % 500,
                    "person_id": 1 + rng.randrange(people),
                    "status": statuses[i % len(statuses)],
                    "filed_at": now - dt.timedelta(days=rng.randrange(120)),
                    "filed_by_id": 1,
                }
                for i in range(1, cases + 1)
            ],
        )
        s.execute(
            insert(m.Assessment),
            [
                {
                    "id": i,
                    "case_id": 1 + (i - 1) % cases,
                    "outcome": "LICENSE_REQUIRED",
                    "risk": "R1",
                    "review_on": dt.date(2026, 12, 7) + dt.timedelta(days=rng.randrange(-300, 300)),
                    "ruleset_id": "bench",
                    "ruleset_version": "1",
                    "case_sha256": "0" * 64,
                    "judged_on": dt.date(2026, 6, 1),
                }
                for i in range(1, 2 * cases + 1)  # two assessments a case
            ],
        )
        s.execute(
            insert(m.ReviewStep),
            [
                {
                    "case_id": i,
                    "level": "first",
                    "decision": "approve",
                    "reviewer_id": 1,
                    "decided_at": now - dt.timedelta(days=rng.randrange(60)),
                    "assessment_id": i,
                }
                for i in range(1, cases + 1, 2)
            ],
        )
        s.execute(
            insert(m.Licence),
            [
                {
                    "case_id": i,
                    "number": f"L-{i}",
                    "granted_on": dt.date(2026, 1, 1),
                    "valid_until": dt.date(2026, 12, 7)
                    + dt.timedelta(days=rng.randrange(-90, 400)),
                }
                for i in range(5, cases + 1, 25)
            ],
        )
        s.execute(
            insert(m.IssuedRecord),
            [
                {
                    "document_number": f"DESK-{i}",
                    "case_id": i,
                    "kind": "precheck",
                    "lang": "ja",
                    "content_sha256": "0" * 64,
                }
                for i in range(5, cases + 1, 12)
            ],
        )
        s.execute(
            insert(m.AuditEvent),
            [
                {
                    "at": now - dt.timedelta(minutes=cases - i),
                    "actor": "bench",
                    "action": "case.import" if i % 3 else "case.assess",
                    "entity": "case",
                    "entity_id": str(i),
                    "details": {"ref": f"EC-{i:06d}"},
                }
                for i in range(1, cases + 1)
            ],
        )


def home_bench(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.registers import browse, home_summary

    with tempfile.TemporaryDirectory(prefix="desk-bench-") as tmp:
        url = args.database
        if url is None:
            url = f"sqlite:///{Path(tmp) / 'large.sqlite3'}"
            started = time.perf_counter()
            make_large_database(url, args.people, args.cases)
            took = time.perf_counter() - started
            print(f"database: {args.people:,} people, {args.cases:,} cases, built in {took:.1f} s")
        with open_context(url, actor="bench") as ctx:
            home_summary(ctx)  # warm: imports, connection, caches of both
            browse(ctx, "cases")
            timings = {
                "Home: home_summary (every count and list)": lambda: home_summary(ctx),
                "Cases registry: first page + total (browse)": lambda: browse(ctx, "cases"),
                "People registry: first page + total (browse)": lambda: browse(ctx, "people"),
            }
            results = {label: median_of(args.runs, f) for label, f in timings.items()}
            counts = home_summary(ctx).counts
    print(f"medians of {args.runs} runs; Home's counts: {counts}")
    base = results["Cases registry: first page + total (browse)"]
    for label, t in results.items():
        print(f"  {label:<48} {ms(t)}   {t / base:5.2f} × Cases first page")
    verdict = "ok" if results["Home: home_summary (every count and list)"] <= 0.3 else "OVER GOAL"
    print(f"  goal: Home ≤ 300 ms: {verdict}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--people", type=int, default=None)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--database", metavar="URL", help="use this database as it is")
    parser.add_argument("--home", action="store_true", help="time Home's counts (issue 10)")
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="no bytecode cache: compile desk's modules from source in every run",
    )
    args = parser.parse_args()
    if args.home:
        args.people = args.people or 100_000
        return home_bench(args)
    args.people = args.people or 200
    with tempfile.TemporaryDirectory(prefix="desk-bench-") as tmp:
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            DESK_SETTINGS_FILE=str(Path(tmp) / "settings.ini"),
        )
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            env.pop("PYTHONPYCACHEPREFIX", None)
        else:  # written by the first runs, in this run's folder
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        url = args.database
        if url is None:
            url, seconds = make_demo_database(Path(tmp), args.people)
            print(f"demo database ({args.people} people) made in {seconds:.1f} s")
        one_run(BARE, [], env)  # warm the file cache (and bytecode) for both
        one_run(DESK, [url], env)
        bare, shown, rows = [], [], []
        for _ in range(args.runs):
            bare.append(one_run(BARE, [], env)["shown"])
            desk = one_run(DESK, [url], env)
            shown.append(desk["shown"])
            rows.append(desk["rows"])
    b = statistics.median(bare)
    cache = "compiled from source in every run" if args.no_bytecode else "bytecode cached"
    print(f"process start → on screen (offscreen platform, median of {args.runs} runs; {cache})")
    print(f"  bare QApplication + QMainWindow, shown  {ms(b)}   (min {ms(min(bare)).strip()})")
    for label, times in (
        ("desk main window, shown", shown),
        ("desk first rows from the database", rows),
    ):
        t = statistics.median(times)
        ratio = t / b
        print(f"  {label:<38} {ms(t)}   (min {ms(min(times)).strip()})   {ratio:5.2f} × bare")
    verdict = "ok" if statistics.median(shown) / b <= 2 else "OVER GOAL"
    print(f"  goal: desk window ≤ 2 × bare: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
