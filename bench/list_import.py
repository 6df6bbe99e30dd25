"""Time and memory of ``desk lists import`` as the list grows (issue 15: "a list import
holds ~15 KB per row, so a 200 MB list does not finish").

    .venv/bin/python bench/list_import.py [--mb 10 50 200] [--against main] [--parties 50]
        [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test] [--replace]

Writes a deterministic desk list CSV (End User List columns, fictitious entries of the
shapes the lists have: Latin names, Chinese names, aliases, categories; ~190 bytes a row)
of each size, then runs the real command, ``desk lists import FILE --yes``, in a child
process into a fresh database holding ``--parties`` people and organizations (so that the
re-screening has work to do), and reports its wall time and peak resident size (the
child's own ``ru_maxrss``). ``--replace`` imports a second version as well (the same list
renumbered, 1 % of the entries changed, 1 % added, 1 % removed): the diff against the
previous version. ``--against REF`` runs the same commands with the code of REF (exported
with ``git archive``) first, in the same run; its children are capped at ``--cap-gb`` of
address space and ``--timeout`` seconds, and a run that hits either is reported as such.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = "no,country,country_name,name,local_names,aliases,wmd,cw\n"
COUNTRIES = [("CN", "China"), ("IR", "Iran"), ("RU", "Russia"), ("KP", "North Korea")]
COUNTRIES += [("PK", "Pakistan"), ("SY", "Syria"), ("AE", "United Arab Emirates")]
SYLLABLES = "ka ri mo tan vol zhe bar lin qu sha dor nef pet xin gor ul am sev tor hua".split()
KINDS = ["Institute of Technology", "Research Institute", "Trading Company", "Design Bureau"]
KINDS += ["Aviation Industry Corporation", "University", "Machine Works", "Electronics Co."]
HAN = "北京上海哈尔滨航空电子研究所工业大学科技贸易公司机械设计局"
SEED_PARTIES = """
import sys
from desk.services.context import open_context
from desk.storage import models as m
with open_context(sys.argv[1], actor="office1") as ctx, ctx.transaction() as s:
    for i in range(int(sys.argv[2])):
        s.add(m.Organization(name=f"Sample Partner Laboratory {i}", country="JP"))
        s.add(m.Person(name=f"Taro Sample{i}", nationalities=["JP"]))
    if int(sys.argv[2]):
        s.add(m.Organization(name="Volkari Design Bureau", country="RU"))
"""


def _name(rng: random.Random) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{word} {rng.choice(KINDS)}"


def entry_line(i: int, rng: random.Random, changed: bool = False) -> str:
    code, country = COUNTRIES[i % len(COUNTRIES)]
    name = _name(rng) + f" {i}"
    local = "".join(rng.choice(HAN) for _ in range(rng.randint(4, 10))) if i % 3 == 0 else ""
    aliases = "|".join(_name(rng) for _ in range(rng.randint(0, 3)))
    if changed:
        aliases = (aliases + "|" if aliases else "") + f"Renamed Works {i}"
    wmd = ",".join(sorted(rng.sample("BCMN", rng.randint(0, 2))))
    cw = "CW" if i % 4 == 0 else ""
    return f'{i + 1},{code},{country},{name},{local},{aliases},"{wmd}",{cw}\n'


def make_list(path: Path, megabytes: float, *, version: int = 1) -> int:
    """A list CSV of about ``megabytes`` MB; version 2 is version 1 with 1 % of the
    entries changed, 1 % removed and as many added (and every entry renumbered)."""
    target = int(megabytes * 1e6)
    written = rows = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER)
        i = 0
        while written < target:
            rng = random.Random(i)  # each entry the same in both versions
            line = entry_line(i, rng, changed=version == 2 and i % 100 == 1)
            i += 1
            if version == 2 and i % 100 == 3:
                continue  # removed
            if version == 2:
                no, rest = line.split(",", 1)
                line = f"{int(no) + 5_000_000},{rest}"
            f.write(line)
            written += len(line.encode())
            rows += 1
        if version == 2:
            for j in range(rows // 100):
                line = entry_line(10_000_000 + j, random.Random(-j - 1))
                f.write(line)
                rows += 1
    return rows


def run_child(
    cmd: list[str], env: dict[str, str], cap_gb: float, timeout: float
) -> tuple[str, float, float]:
    """(outcome, wall seconds, peak resident MB) of one child process."""

    def limit() -> None:
        cap = int(cap_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=limit
    )
    status, usage = 0, None
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - started > timeout:
            proc.kill()
            _pid, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = -9
            return f"killed after {timeout:.0f} s", timeout, usage.ru_maxrss / 1024
        time.sleep(0.05)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if code != 0:
        last = (err.strip().splitlines() or ["?"])[-1][:70]
        outcome = "out of memory" if "MemoryError" in err else f"failed ({code}): {last}"
        return outcome, wall, usage.ru_maxrss / 1024
    return "ok", wall, usage.ru_maxrss / 1024


def fresh_url(folder: Path, label: str, pg: str | None) -> str:
    if pg is None:
        return f"sqlite:///{folder / f'{label}.sqlite3'}"
    from sqlalchemy import create_engine, text

    schema = "bench_" + "".join(c if c.isalnum() else "_" for c in label).lower()
    engine = create_engine(pg)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in pg else "?"
    return f"{pg}{sep}options=-csearch_path%3D{schema}"


def bench_tree(
    label: str, tree: Path, files: list[tuple[float, Path, Path | None]], args: argparse.Namespace
) -> None:
    env = dict(os.environ, PYTHONPATH=str(tree), LOGNAME="office1", USER="office1")
    env.update(DESK_USER="office1", DESK_CACHE_DIR=str(args.folder / f"cache-{label}"))
    env.pop("DESK_DATABASE_URL", None)
    for mb, v1, v2 in files:
        url = fresh_url(args.folder, f"{label}-{mb:g}", args.pg)
        seed = subprocess.run(
            [sys.executable, "-c", SEED_PARTIES, url, str(args.parties)],
            env=env,
            capture_output=True,
            text=True,
            cwd=tree,
        )
        if seed.returncode != 0:
            raise SystemExit(seed.stderr)
        for step, path in (("first", v1), ("replace", v2)):
            if path is None:
                continue
            cmd = [sys.executable, "-m", "desk", "--database", url, "lists", "import"]
            outcome, wall, rss = run_child(
                [*cmd, str(path), "--yes"], env, args.cap_gb, args.timeout
            )
            size = path.stat().st_size / 1e6
            print(
                f"{label:8} {step:8} {size:7.1f} MB {wall:8.1f} s {rss:9.0f} MB  {outcome}",
                flush=True,
            )
            if outcome != "ok":
                break


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[10, 50, 200])
    parser.add_argument("--against", help="a git revision to measure first (e.g. main)")
    parser.add_argument("--parties", type=int, default=50, help="people and organizations")
    parser.add_argument("--pg", help="a PostgreSQL URL (a schema per run is made there)")
    parser.add_argument("--replace", action="store_true", help="import a second version too")
    parser.add_argument("--cap-gb", type=float, default=8.0)
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument("--folder", type=Path, help="where the files and databases go")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="desk-list-bench-") as tmp:
        args.folder = args.folder or Path(tmp)
        args.folder.mkdir(parents=True, exist_ok=True)
        files: list[tuple[float, Path, Path | None]] = []
        for mb in args.mb:
            v1 = args.folder / f"bench-{mb:g}mb-2026-01-01.csv"
            rows = make_list(v1, mb)
            v2 = None
            if args.replace:
                v2 = args.folder / f"bench-{mb:g}mb-2026-02-01.csv"
                make_list(v2, mb, version=2)
            print(f"{mb:g} MB list: {rows} entries ({v1.stat().st_size / 1e6:.1f} MB)")
        for mb in args.mb:
            v1 = args.folder / f"bench-{mb:g}mb-2026-01-01.csv"
            v2 = args.folder / f"bench-{mb:g}mb-2026-02-01.csv" if args.replace else None
            files.append((mb, v1, v2))
        db = "PostgreSQL" if args.pg else "SQLite"
        parties = args.parties * 2 + 1 if args.parties else 0
        print(f"{db}; {parties} stored parties; cap {args.cap_gb:g} GB")
        print(f"{'code':8} {'import':8} {'file':>10} {'wall':>10} {'peak RSS':>12}  outcome")
        if args.against:
            archive = subprocess.run(
                ["git", "archive", args.against], cwd=ROOT, check=True, capture_output=True
            ).stdout
            before = args.folder / "before"
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(before, filter="data")
            bench_tree(args.against[:8], before, files, args)
        bench_tree("this", ROOT, files, args)
    print(f"(load average {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
