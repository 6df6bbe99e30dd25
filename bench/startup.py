"""Start-up: process start → desk's main window shown over the demo database, side by side
with a bare QApplication + QMainWindow process, in the same run.

    .venv/bin/python bench/startup.py [--runs R] [--people N] [--database URL]

Each run starts a fresh Python process (offscreen platform) and times from just before
the process is spawned until it reports that its window is on screen: for the bare
process, after ``show()`` and one pass of the event loop; for desk, when the first
registry's rows have arrived from the database and are painted. The two kinds of run
alternate so that machine load hits both alike; medians are reported.

Goal (issue 2): desk ≤ 2 × bare.
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
from _common import make_demo_database, ms

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--database", metavar="URL", help="use this database as it is")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="desk-bench-") as tmp:
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            DESK_SETTINGS_FILE=str(Path(tmp) / "settings.ini"),
        )
        url = args.database
        if url is None:
            url, seconds = make_demo_database(Path(tmp), args.people)
            print(f"demo database ({args.people} people) made in {seconds:.1f} s")
        one_run(BARE, [], env)  # warm the file cache for both
        one_run(DESK, [url], env)
        bare, shown, rows = [], [], []
        for _ in range(args.runs):
            bare.append(one_run(BARE, [], env)["shown"])
            desk = one_run(DESK, [url], env)
            shown.append(desk["shown"])
            rows.append(desk["rows"])
    b = statistics.median(bare)
    print(f"process start → on screen (offscreen platform, median of {args.runs} runs)")
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
