"""Screening quality: recall and false alarms per treatment, desk's matcher next to a
plain rapidfuzz WRatio baseline, on the shared examples, the held-out names, the
audit names (tests/unit/screening_audit_names.py) and the two blind sets
bench/data/blind-names-2026-12.csv and blind-names-2026-12b.csv (each written without seeing
the matcher; provenance in bench/data/README.md). The first has since been used to find misses
by kind, so it is a training set now; the second was kept away from whoever changed the matcher.

    .venv/bin/python bench/screening_quality.py [EXAMPLES.csv] [--against REV]

``--against REV`` first runs this benchmark as it is in revision REV (bench/before.py),
so that before and after are measured in the same run.

A listed name counts as found when its expected entry is raised (band match or review);
an unlisted name is a false alarm when anything is raised. The baseline raises an entry
when the best WRatio over its names (default rapidfuzz preprocessing) is ≥ 70, the same
threshold as desk's review band.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process, utils  # noqa: E402

from desk.screening import REVIEW, Matcher, builtin_list  # noqa: E402
from tests.unit.screening_audit_names import (  # noqa: E402
    LISTED,
    LISTED_2,
    LOOKALIKES,
    LOOKALIKES_2,
)
from tests.unit.screening_heldout import NEAR_NEGATIVES, NEGATIVES, POSITIVES  # noqa: E402

Row = tuple[str, str | None, str, str]  # name, country, expected entry ("" = none), treatment

BLIND = ROOT / "bench" / "data" / "blind-names-2026-12.csv"
BLIND_2 = ROOT / "bench" / "data" / "blind-names-2026-12b.csv"


def examples(path: Path) -> list[Row]:
    with path.open(encoding="utf-8") as f:
        return [
            (r["name"], r["country"] or None, r["expect"], r["treatment"])
            for r in csv.DictReader(f)
        ]


def held_out() -> list[Row]:
    return (
        [(q, c, e, t) for q, c, e, t in POSITIVES]
        + [(q, c, "", "negative") for q, c in NEGATIVES]
        + [(q, c, "", "negative (near miss)") for q, c in NEAR_NEGATIVES]
    )


def audit() -> list[Row]:
    return [(q, c, e, t) for q, c, e, t in LISTED + LISTED_2] + [
        (q, c, "", f"negative ({k})") for q, c, k in LOOKALIKES + LOOKALIKES_2
    ]


def blind_set(path: Path = BLIND) -> list[Row]:
    """The blind set; its unlisted kinds ("unlisted: X") are reported as "negative (X)"."""
    rows = examples(path)
    return [
        (q, c, e, t if e else f"negative ({t.removeprefix('unlisted: ')})") for q, c, e, t in rows
    ]


class Baseline:
    def __init__(self) -> None:
        lst = builtin_list()
        self.names: list[str] = []
        self.owner: list[str] = []
        for e in lst.entries:
            for n in e.all_names:
                self.names.append(n)
                self.owner.append(e.no)

    def raised(self, name: str) -> set[str]:
        found = process.extract(
            name,
            self.names,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=REVIEW * 100,
            limit=None,
        )
        return {self.owner[i] for _n, _s, i in found}


def evaluate(rows: list[Row], raised: object) -> dict[str, list[int]]:
    """treatment → [found or clean, total]"""
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name, country, expect, treatment in rows:
        got = raised(name, country)  # type: ignore[operator]
        ok = expect in got if expect else not got
        per[treatment][0] += int(ok)
        per[treatment][1] += 1
    return per


def summary(rows: list[Row], per: dict[str, list[int]]) -> tuple[float, float, float]:
    negative = {r[3] for r in rows if not r[2]}
    pos = [r for r in rows if r[2]]
    neg = [r for r in rows if not r[2]]
    found = sum(v[0] for k, v in per.items() if k not in negative)
    clean = sum(v[0] for k, v in per.items() if k in negative)
    recall = found / len(pos) if pos else 1.0
    false_alarm = (len(neg) - clean) / len(neg) if neg else 0.0
    # F1 over listed names (found) and unlisted names (raised anything = false positive)
    tp, fn, fp = found, len(pos) - found, len(neg) - clean
    f1 = 2 * tp / (2 * tp + fn + fp) if tp else 0.0
    return recall, false_alarm, f1


def report(title: str, rows: list[Row], matcher: Matcher, baseline: Baseline) -> None:
    def desk_raised(name: str, country: str | None) -> set[str]:
        return {h.entry for h in matcher.screen(name, country) if h.band != "weak"}

    t0 = time.perf_counter()
    ours = evaluate(rows, desk_raised)
    t1 = time.perf_counter()
    base = evaluate(rows, lambda n, _c: baseline.raised(n))
    t2 = time.perf_counter()
    w = max(32, *(len(t) for t in ours))
    print(f"\n== {title}: {len(rows)} names ==")
    print(
        f"{'treatment':{w}} {'n':>3}  {'desk':>6}  {'WRatio':>6}   (found listed / clean unlisted)"
    )
    for t in sorted(ours, key=lambda k: (k.startswith("negative"), k)):
        n = ours[t][1]
        print(f"{t:{w}} {n:>3}  {ours[t][0]:>3}/{n:<2}  {base[t][0]:>3}/{n:<2}")
    r1, fa1, f1 = summary(rows, ours)
    r2, fa2, f2 = summary(rows, base)
    print(f"{'recall of listed names':{w}}      {r1:6.2f}  {r2:6.2f}")
    print(f"{'false alarms on unlisted names':{w}}      {fa1:6.2f}  {fa2:6.2f}")
    print(f"{'F1':{w}}      {f1:6.2f}  {f2:6.2f}")
    print(f"{'time (s)':{w}}      {t1 - t0:6.2f}  {t2 - t1:6.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("examples", nargs="?", type=Path)
    ap.add_argument("--against", metavar="REV", help="run revision REV's benchmark first")
    args = ap.parse_args()
    path = args.examples or ROOT / "tests" / "fixtures" / "screening" / "examples.csv"
    if args.against:
        from bench.before import run_before

        run_before(args.against, Path(__file__).name, [str(path.resolve())])
    t = time.perf_counter()
    matcher = Matcher([builtin_list()])
    print(f"desk matcher built over the End User List in {time.perf_counter() - t:.2f} s")
    baseline = Baseline()
    report(f"examples ({path.name})", examples(path), matcher, baseline)
    report("held-out names (tests/unit/screening_heldout.py)", held_out(), matcher, baseline)
    report("audit names (tests/unit/screening_audit_names.py)", audit(), matcher, baseline)
    report(f"blind set, now training (bench/data/{BLIND.name})", blind_set(), matcher, baseline)
    report(f"second blind set (bench/data/{BLIND_2.name})", blind_set(BLIND_2), matcher, baseline)


if __name__ == "__main__":
    main()
