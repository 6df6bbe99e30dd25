"""Screening speed: bulk and interactive, on the End User List and a synthetic big list.

    .venv/bin/python bench/screening_speed.py [--queries 10000] [--entries 25000] [--against REV]

``--against REV`` first runs this benchmark as it is in revision REV (bench/before.py),
with the same sizes, so that before and after are measured in the same run.

Goals: 10,000 names against the End User List ≤ 10 s; one interactive query ≤ 20 ms;
10,000 names against a 25,000-entry list ≤ 60 s. Names and the big list are generated
at run time from a fixed seed (nothing is stored). The baseline is a plain rapidfuzz
WRatio scan over every listed name (``process.extract``), timed on a sample of queries.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process, utils  # noqa: E402

from desk.screening import Matcher, ScreeningList, builtin_list  # noqa: E402
from desk.screening.model import ListEntry  # noqa: E402

SYLLABLES = [c + v for c in "bdfghjklmnprstvz" for v in "aeiou"] + ["sh", "kh", "ts", "ng"]
ORG = [
    "University",
    "Institute of Technology",
    "Research Institute",
    "Trading Co., Ltd.",
    "Electronics Company",
    "Industries Corporation",
    "Engineering Group",
    "Academy of Sciences",
    "Machine Building Plant",
    "Import and Export Co.",
    "Design Bureau",
    "Aerospace Corporation",
]
PLACES = [
    "Shanghai",
    "Beijing",
    "Tehran",
    "Isfahan",
    "Moscow",
    "Omsk",
    "Pyongyang",
    "Karachi",
    "Lahore",
    "Dubai",
    "Harbin",
    "Nanjing",
    "Wuhan",
    "Kazan",
    "Tula",
    "Shiraz",
    "Damascus",
]
HAN = "天海中华新北南东西星光电子科技航空精密工业机械材料研究所大学贸易公司集团国际发展"
HAN_ORG = ["大学", "研究所", "科技有限公司", "贸易有限公司", "工业集团"]


def coined(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def synthetic_name(rng: random.Random) -> str:
    parts = [rng.choice(PLACES)] if rng.random() < 0.5 else []
    parts += [coined(rng) for _ in range(rng.randint(1, 2))]
    return " ".join([*parts, rng.choice(ORG)])


def synthetic_han(rng: random.Random) -> str:
    return "".join(rng.choice(HAN) for _ in range(rng.randint(2, 4))) + rng.choice(HAN_ORG)


def big_list(n: int, seed: int) -> ScreeningList:
    rng = random.Random(seed)
    entries = []
    for i in range(n):
        local = (synthetic_han(rng),) if rng.random() < 0.25 else ()
        aliases = tuple(synthetic_name(rng) for _ in range(rng.randint(0, 2)))
        entries.append(
            ListEntry(
                no=str(i + 1),
                country=rng.choice(["CN", "IR", "RU", "KP", "PK", "AE"]),
                name=synthetic_name(rng),
                local_names=local,
                aliases=aliases,
            )
        )
    return ScreeningList(id="synthetic", version="1", sha256="-", entries=tuple(entries))


def perturb(name: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.25:
        return name.upper()
    if r < 0.5 and len(name) > 6:
        i = rng.randrange(1, len(name) - 1)
        return name[:i] + name[i + 1 :]  # a dropped letter
    if r < 0.7:
        words = name.split()
        rng.shuffle(words)
        return " ".join(words)
    return name.replace("University", "Univ.").replace("Company", "Co.")


def queries(lst: ScreeningList, n: int, seed: int) -> list[tuple[str, str | None]]:
    """A third variants of listed names (every script the list has), the rest unlisted."""
    rng = random.Random(seed)
    out: list[tuple[str, str | None]] = []
    for _ in range(n):
        if rng.random() < 0.33:
            e = rng.choice(lst.entries)
            out.append(
                (perturb(rng.choice(e.all_names), rng), e.country if rng.random() < 0.5 else None)
            )
        elif rng.random() < 0.2:
            out.append((synthetic_han(rng), "CN"))
        else:
            out.append((synthetic_name(rng), rng.choice([None, "CN", "JP", "RU", "IR"])))
    return out


def bulk(title: str, lst: ScreeningList, qs: list[tuple[str, str | None]], goal: float) -> Matcher:
    t0 = time.perf_counter()
    m = Matcher([lst])
    t1 = time.perf_counter()
    raised = sum(1 for name, c in qs if any(h.band != "weak" for h in m.screen(name, c)))
    t2 = time.perf_counter()
    total = t2 - t0
    print(f"\n== {title}: {len(lst.entries):,} entries, {len(qs):,} names ==")
    print(f"  index built       {t1 - t0:7.2f} s")
    per_name = (t2 - t1) / len(qs) * 1000
    verdict = "met" if total <= goal else "NOT met"
    print(f"  names screened    {t2 - t1:7.2f} s  ({per_name:.2f} ms/name, {raised:,} raised)")
    print(f"  total             {total:7.2f} s  goal ≤ {goal:.0f} s: {verdict}")
    return m


def baseline(lst: ScreeningList, qs: list[tuple[str, str | None]], sample: int) -> None:
    names = [n for e in lst.entries for n in e.all_names]
    part = qs[:sample]
    t0 = time.perf_counter()
    for name, _c in part:
        process.extract(
            name,
            names,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=70,
            limit=10,
        )
    per = (time.perf_counter() - t0) / len(part)
    print(
        f"  baseline WRatio scan: {per * 1000:.2f} ms/name on {len(part)} names "
        f"→ {per * len(qs):.1f} s for {len(qs):,}"
    )


def interactive(m: Matcher, qs: list[tuple[str, str | None]], goal_ms: float) -> None:
    times = []
    for name, c in qs:
        t = time.perf_counter()
        m.screen(name + " Labs", c)  # names not seen before: nothing cached
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p50, p95 = statistics.median(times), times[int(len(times) * 0.95)]
    print(
        f"  one query (fresh names, {len(times)}): median {p50:.2f} ms, p95 {p95:.2f} ms, "
        f"max {times[-1]:.2f} ms; goal ≤ {goal_ms:.0f} ms: {'met' if p95 <= goal_ms else 'NOT met'}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=10_000)
    ap.add_argument("--entries", type=int, default=25_000)
    ap.add_argument("--baseline-sample", type=int, default=300)
    ap.add_argument("--against", metavar="REV", help="run revision REV's benchmark first")
    args = ap.parse_args()
    if args.against:
        from bench.before import run_before

        sizes = ["--queries", str(args.queries), "--entries", str(args.entries)]
        sizes += ["--baseline-sample", str(args.baseline_sample)]
        run_before(args.against, Path(__file__).name, sizes)
    eul = builtin_list()
    qs = queries(eul, args.queries, seed=1)
    m = bulk("End User List", eul, qs, goal=10)
    interactive(m, queries(eul, 300, seed=2), goal_ms=20)
    baseline(eul, qs, args.baseline_sample)
    big = big_list(args.entries, seed=3)
    qs_big = queries(big, args.queries, seed=4)
    m_big = bulk("synthetic list", big, qs_big, goal=60)
    interactive(m_big, queries(big, 300, seed=5), goal_ms=20)
    baseline(big, qs_big, max(50, args.baseline_sample // 6))


if __name__ == "__main__":
    main()
