"""pytest plugin for mutation runs of the screening folds (``[tool.mutmut]`` in
pyproject.toml): mutmut forks each mutant's test run from a process that has already run
the tests once, so the folds' caches (``name_keys``, the tables) would answer from the
unmutated code. This forgets them before each run. Not used by the ordinary test suite."""

from __future__ import annotations

import sys

import pytest


def pytest_sessionstart(session: pytest.Session) -> None:
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith("desk.screening"):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()
