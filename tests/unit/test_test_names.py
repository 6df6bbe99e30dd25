"""pytest runs the test folders without packages (rootdir-relative imports), so two test
modules with the same file name in different folders stop the whole suite at collection
("import file mismatch"). The unit tests run first in CI, so the clash is caught here."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent


def test_every_test_module_has_a_name_of_its_own() -> None:
    where: dict[str, list[str]] = defaultdict(list)
    for path in TESTS.rglob("test_*.py"):
        where[path.name].append(str(path.parent.relative_to(TESTS)))
    clashes = {name: dirs for name, dirs in where.items() if len(dirs) > 1}
    assert not clashes, f"test modules with the same name in different folders: {clashes}"
