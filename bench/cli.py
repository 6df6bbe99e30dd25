"""CLI start-up: what a ``desk`` command costs from process start to exit, next to
``python -c pass`` measured in the same run.

    .venv/bin/python bench/cli.py [--runs R] [--desk PATH] [--against REV]

Each command runs R times (default 7) as a fresh process; the kinds of run alternate so
that machine load hits all alike, and the median wall time and the median CPU time (user +
system, of the child) are printed. CPU time is the steadier figure on a busy machine.
``--against REV`` (e.g. ``main``) also runs each command with that revision's desk, exported
with ``git archive`` into the temporary folder, interleaved with this work tree's runs
(both run as ``python -m desk``), and prints the two side by side.

desk runs with its bytecode cached, as an installed desk does (pip and the frozen build
compile it): ``PYTHONDONTWRITEBYTECODE`` is dropped and ``PYTHONPYCACHEPREFIX`` points
into the temporary folder, so a machine that sets the former still measures what a user
waits for, not Python compiling desk's source at every call; warm-up runs fill it.

- ``desk --version``, ``desk --help``: goal ≤ 150 ms;
- ``desk screen "NAME"``: goal ≤ 500 ms including the index: a first run builds the index
  into an empty cache folder (printed as "cold"), the others load it (the figure that counts);
- ``desk report record``: goal ≤ 400 ms, over a small demo database made at run time.

The cache folder, the bytecode and the database live in a temporary folder
(``DESK_CACHE_DIR``); nothing is written to the repository or the user's folders.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
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
    cwd = Path(env["DESK_LOG_DIR"])  # not the work tree: ``-m desk`` must not find it first
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, check=False)
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
    parser.add_argument("--against", metavar="REV", help="also time this git revision's desk")
    args = parser.parse_args()
    desk = args.desk if os.path.sep in args.desk else shutil.which(args.desk) or args.desk

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = dict(os.environ, DESK_CACHE_DIR=str(folder / "cache"), DESK_LOG_DIR=tmp)
        env.pop("DESK_DATABASE_URL", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
        url, _ = make_demo_database(folder, people=6)
        # the demo grants roles, so the record is issued as its office's login
        login = _office_login(desk, url, env)
        env.update(LOGNAME=login, USER=login)
        case_id = _first_case(desk, url, env)
        pdf = str(folder / "record.pdf")
        argvs = {
            "version": ["--version"],
            "help": ["--help"],
            "screen": ["--database", url, "screen", "Harbin Institute of Technology"],
            "record": [
                *("--database", url, "report", "record", case_id),
                *("--kind", "precheck", "--out", pdf),
            ],
        }
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            "python -c pass": ([sys.executable, "-c", "pass"], env)
        }
        if args.against:
            # both as ``python -m desk`` from a neutral folder: the exported revision first
            # on the path for its runs, this work tree (the installed desk) for the others
            before = _export(args.against, folder / "before")
            env_before = dict(env, PYTHONPATH=str(before), DESK_RESOURCES=str(before / "resources"))
            module = [sys.executable, "-m", "desk"]
            for name, argv in argvs.items():
                commands[f"{name} ({args.against})"] = ([*module, *argv], env_before)
                commands[name] = ([*module, *argv], env)
        else:
            commands.update((name, ([desk, *argv], env)) for name, argv in argvs.items())
        cold = run(commands["screen"][0], env)  # builds the index into the empty cache
        for cmd, cmd_env in commands.values():  # warm-up: bytecode and font caches
            run(cmd, cmd_env)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (cmd, cmd_env) in commands.items():
                times[name].append(run(cmd, cmd_env))

    base_wall = statistics.median(w for w, _c in times["python -c pass"])
    print(f"{'command':34} {'wall':>9} {'CPU':>9} {'− python':>9}  goal (wall, CPU)")
    for name, samples in times.items():
        wall = statistics.median(w for w, _c in samples)
        cpu = statistics.median(c for _w, c in samples)
        goal = GOALS.get(name.split(" (")[0])
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


def _export(rev: str, folder: Path) -> Path:
    """Revision ``rev`` of this repository, unpacked into ``folder`` (git archive)."""
    root = Path(__file__).resolve().parent.parent
    archive = subprocess.run(
        ["git", "archive", rev], cwd=root, check=True, capture_output=True
    ).stdout
    folder.mkdir()
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


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
