"""Run a benchmark on an earlier revision first, in the same run, for a before/after pair.

    .venv/bin/python bench/screening_quality.py --against main
    .venv/bin/python bench/screening_speed.py --against main --queries 3000

The revision is exported with ``git archive`` into a temporary folder (the work tree and
the branches are not touched) and the same benchmark script of that revision runs there
with this interpreter, so it needs that revision's dependencies installed (for revisions
before the anyascii change: unidecode, pykakasi, hangul-romanize, hanja).
"""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_before(ref: str, script: str, args: list[str]) -> None:
    archive = subprocess.run(
        ["git", "archive", ref], cwd=ROOT, check=True, capture_output=True
    ).stdout
    with tempfile.TemporaryDirectory(prefix="desk-before-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        print(f"######## before: {ref} ({script}) ########", flush=True)
        subprocess.run([sys.executable, str(Path(tmp) / "bench" / script), *args], check=True)
    print(f"######## after: this work tree ({script}) ########", flush=True)
