"""The layering contracts in pyproject.toml hold (import-linter), as CI also checks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint is not None, "import-linter is part of the test dependencies"
    result = subprocess.run(
        [lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_contracts_cover_every_package() -> None:
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for package in (
        "desk.domain",
        "desk.rules",
        "desk.screening",
        "desk.storage",
        "desk.reports",
        "desk.services",
        "desk.cli",
        "desk.ui",
    ):
        assert f'"{package}' in config, package
