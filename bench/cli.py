"""CLI start-up: what a ``desk`` command costs from process start to exit, next to
``python -c pass`` measured in the same run.

    .venv/bin/python bench/cli.py [--runs R] [--desk PATH]

Each command runs R times (default 7) as a fresh process; the kinds of run alternate so
that machine load hits all alike, and the median wall time and the median CPU time (user +
system, of the child) are printed. CPU time is the steadier figure on a busy machine.

- ``desk --version``, ``desk --help``: goal ≤ 150 ms;
- ``desk screen "NAME"``: goal ≤ 500 ms including the index: a first run builds the index
  into an empty cache folder (printed as "cold"), the others load it (the figure that counts);
- ``desk report record``: goal ≤ 400 ms, over a small demo database made at run time.

The cache folder and the database live in a temporary folder (``DESK_CACHE_DIR``); nothing
is written to the repository or the user's folders.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import make_demo_database

GOALS = {"version": 0.150, "help": 0.150, "screen": 0.500, "record": 0.400}


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, child CPU seconds) of one run of ``cmd``; it must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd!r} failed ({proc.returncode}):\n{proc.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--desk", default=str(Path(sys.executable).parent / "desk"))
    args = parser.parse_args()
    desk = args.desk if os.path.sep in args.desk else shutil.which(args.desk) or args.desk

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = dict(os.environ, DESK_CACHE_DIR=str(folder / "cache"), DESK_LOG_DIR=tmp)
        env.pop("DESK_DATABASE_URL", None)
        url, _ = make_demo_database(folder, people=6)
        # the demo grants roles, so the record is issued as its office's login
        login = _office_login(desk, url, env)
        env.update(LOGNAME=login, USER=login)
        case_id = _first_case(desk, url, env)
        pdf = str(folder / "record.pdf")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "version": [desk, "--version"],
            "help": [desk, "--help"],
            "screen": [desk, "--database", url, "screen", "Harbin Institute of Technology"],
            "record": [
                *(desk, "--database", url, "report", "record", case_id),
                *("--kind", "precheck", "--out", pdf),
            ],
        }
        cold = run(commands["screen"], env)  # builds the index into the empty cache
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(run(cmd, env))

    base_wall = statistics.median(w for w, _c in times["python -c pass"])
    print(f"{'command':34} {'wall':>9} {'CPU':>9} {'− python':>9}  goal (wall, CPU)")
    for name, samples in times.items():
        wall = statistics.median(w for w, _c in samples)
        cpu = statistics.median(c for _w, c in samples)
        goal = GOALS.get(name)
        verdict = ""
        if goal is not None:
            verdict = f"≤ {goal * 1000:.0f} ms: {_ok(wall, goal)}, {_ok(cpu, goal)}"
        label = name if name.startswith("python") else f"desk {name}"
        print(
            f"{label:34} {wall * 1000:7.1f}ms {cpu * 1000:7.1f}ms "
            f"{(wall - base_wall) * 1000:7.1f}ms  {verdict}"
        )
    label = "desk screen (cold: builds the index)"
    print(f"{label:34} {cold[0] * 1000:7.1f}ms {cold[1] * 1000:7.1f}ms")
    print(f"(median of {args.runs} runs each; load average {os.getloadavg()[0]:.1f})")


def _ok(seconds: float, goal: float) -> str:
    return "ok" if seconds <= goal else "MISSED"


def _office_login(desk: str, url: str, env: dict[str, str]) -> str:
    import json

    out = subprocess.run(
        [desk, "--database", url, "review", "users", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return next(str(u["login"]) for u in json.loads(out) if "office" in u["roles"])


def _first_case(desk: str, url: str, env: dict[str, str]) -> str:
    import json

    out = subprocess.run(
        [desk, "--database", url, "cases", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = json.loads(out)
    for row in rows:
        if row.get("assessed_at") or row.get("outcome"):
            return str(row["id"])
    return str(rows[0]["id"])


if __name__ == "__main__":
    main()
