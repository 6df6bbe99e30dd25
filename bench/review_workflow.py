"""The review workflow: submit, decide and show N cases, against a baseline in the same run.

    .venv/bin/python bench/review_workflow.py [--cases N] [--database URL]

The cases are the example cases in ``tests/fixtures/cases`` (copies of ``shared/cases``)
cloned under new ids (made at run
time in a temporary folder; nothing is written to the repository), imported and assessed
once. The baseline is the storage engineer's plain status step (``move_case`` draft →
submitted → draft), which checks no role and keeps no history: what a review step costs
on top of one transaction. Each review use case is one transaction per case, as a person
would do it. Figures are per case, in milliseconds (median over the cases' batch runs).
Then one screening record is issued for a case before and after its review, to show what
reading the review into the record costs.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import median_of, ms
from storage_cases import fresh_database, make_files


def per_case(label: str, seconds: float, count: int) -> None:
    print(f"{label:<46} {ms(seconds / count)} / case   ({seconds:6.2f} s for {count})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--database", default=None)
    args = parser.parse_args()

    from desk.services.cases import assess_cases, import_cases, list_cases
    from desk.services.context import open_context
    from desk.services.records import issue_record
    from desk.services.reviews import (
        add_user,
        decide_case,
        move_case,
        review_state,
        submit_case,
    )

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = make_files(folder, args.cases)
        with fresh_database(args.database, folder) as url, open_context(url, actor="office") as ctx:
            import_cases(ctx, files)
            assess_cases(ctx, lists=[])
            add_user(ctx, "office", ["office"])
            add_user(ctx, "ren", ["researcher"])
            add_user(ctx, "dean", ["reviewer"])
            add_user(ctx, "director", ["reviewer"])
            refs = [c.ref for c in list_cases(ctx)]
            risks = {c.ref: c.risk for c in list_cases(ctx)}
            n = len(refs)
            print(f"{n} cases, {'SQLite' if url.startswith('sqlite') else 'PostgreSQL'}")

            def baseline() -> None:
                for ref in refs:
                    move_case(ctx, ref, "submitted")
                for ref in refs:
                    move_case(ctx, ref, "draft")

            per_case("baseline: move_case there and back (2 steps)", median_of(3, baseline), n)

            out0 = folder / "r0.pdf"
            t_before = median_of(5, lambda: issue_record(ctx, refs[0], "screening", "en", out0))
            researcher = dataclasses.replace(ctx, actor="ren")
            dean = dataclasses.replace(ctx, actor="dean")
            director = dataclasses.replace(ctx, actor="director")
            started = time.perf_counter()
            for ref in refs:
                submit_case(researcher, ref, activity="joint_research")
            per_case("submit_case", time.perf_counter() - started, n)
            started = time.perf_counter()
            for ref in refs:
                decide_case(dean, ref, level="first", decision="approve")
            per_case("decide_case, first level", time.perf_counter() - started, n)
            second = [r for r in refs if risks[r] in ("R2", "R3", "R4")]
            started = time.perf_counter()
            for ref in second:
                decide_case(director, ref, level="second", decision="refer_to_meti")
            if second:
                per_case(
                    "decide_case, second level (R2–R4)", time.perf_counter() - started, len(second)
                )
            started = time.perf_counter()
            for ref in refs:
                review_state(ctx, ref)
            per_case("review_state (desk review show)", time.perf_counter() - started, n)

            out = folder / "r.pdf"
            t_after = median_of(5, lambda: issue_record(ctx, refs[0], "screening", "en", out))
            print(f"{'issue a screening record (reviewed case)':<46} {ms(t_after)}")
            print(f"{'issue a screening record (before its review)':<46} {ms(t_before)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
