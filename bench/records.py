"""How fast desk renders PDF records and the audit report (prints figures; not a test).

    .venv/bin/python bench/records.py [--records N] [--audit-cases N]

Goals (task, issue 5): a one-page record ≤ 60 ms; 1,000 records ≤ 60 s; the audit
report for 5,000 cases ≤ 20 s. The baseline, measured in the same run, is a plain
reportlab page: one canvas, one embedded TrueType font, the same amount of text.
All data is generated at run time (``desk.reports.sample``); nothing is written to disk.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import statistics
import time
from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas

from desk.reports import fonts
from desk.reports.audit import render_audit
from desk.reports.data import document_number
from desk.reports.records import render_record
from desk.reports.sample import sample_audit, sample_record


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """CPU seconds per call: the machine is shared, so wall time mostly measures the neighbours."""
    out = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        out.append(time.process_time() - t)
    return out


def baseline_page() -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1, initialFontName=fonts.BASE)
    c.setFont("DeskCJK", 9)
    for i in range(60):
        c.drawString(
            40, 800 - 12 * i, f"該非判定票 line {i}: 28 GHz GaN MMIC 電力増幅器 レイアウト規則"[:60]
        )
    c.showPage()
    c.save()
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--audit-cases", type=int, default=5000)
    args = parser.parse_args()

    fonts.register()
    t0 = time.perf_counter()
    render_record(sample_record("classification", "ja"))  # first use: font subsetting tables
    print(f"warm-up (first record, font tables)     {1000 * (time.perf_counter() - t0):8.1f} ms")

    base = timed(baseline_page, 30)
    print(f"baseline: plain reportlab page, CPU     {1000 * statistics.median(base):8.1f} ms")
    for kind, pages in (("classification", 1), ("precheck", 2), ("screening", 3)):
        times = timed(lambda k=kind: render_record(sample_record(k, "ja")), 30)  # type: ignore[misc]
        print(
            f"{kind:<14} record ({pages} p), CPU median  {1000 * statistics.median(times):8.1f} ms"
            f"   (p90 {1000 * sorted(times)[int(0.9 * len(times))]:.1f} ms)"
        )

    kinds = ("precheck", "classification", "screening")
    base_rec = {k: sample_record(k, "ja") for k in kinds}
    t, cpu = time.perf_counter(), time.process_time()
    total_bytes = 0
    for i in range(args.records):
        kind = kinds[i % 3]
        rec = dataclasses.replace(
            base_rec[kind],
            document_number=document_number(kind, 2026, i + 1),
            case=dataclasses.replace(base_rec[kind].case, id=f"B{i:05d}"),
        )
        total_bytes += len(render_record(rec))
    elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
    print(
        f"{args.records} records (mixed kinds), CPU       {cpu:8.1f} s"
        f"   ({1000 * cpu / args.records:.1f} ms each, {total_bytes / 1e6:.1f} MB;"
        f" wall {elapsed:.1f} s)"
    )

    data = sample_audit(args.audit_cases)
    t, cpu = time.perf_counter(), time.process_time()
    pdf = render_audit(data)
    print(
        f"audit report, {args.audit_cases} cases, CPU         {time.process_time() - cpu:8.1f} s"
        f"   ({len(pdf) / 1e3:.0f} kB; wall {time.perf_counter() - t:.1f} s)"
    )


if __name__ == "__main__":
    main()
