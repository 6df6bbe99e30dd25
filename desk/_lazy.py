"""Lazy re-exports for a package's ``__init__`` (PEP 562).

A capability package (``desk.services.screening`` …) names its public functions in its
``__init__``, and everything outside it imports from there. Importing every submodule
eagerly would make ``desk screen`` pay for SQLAlchemy and the ORM models although screening
a name given on the command line touches no database; so the ``__init__`` maps each name to
the submodule that defines it, and a name's submodule is imported when the name is first
asked for. For type checkers (and import-linter) the same names are imported under
``TYPE_CHECKING``; ``tests/unit/test_lazy_exports.py`` checks that the two agree::

    if TYPE_CHECKING:
        from desk.services.screening.names import screen_one
    else:
        __getattr__, __dir__ = lazy_exports(__name__, {"names": ("screen_one",)})
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def lazy_exports(
    package: str, exports: Mapping[str, Iterable[str]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``: ``exports`` maps a submodule (relative
    name) to the names it provides. The mapping is kept as ``package._LAZY_EXPORTS``."""
    where = {name: sub for sub, names in exports.items() for name in names}
    module = sys.modules[package]
    module._LAZY_EXPORTS = {sub: tuple(names) for sub, names in exports.items()}  # type: ignore[attr-defined]

    def __getattr__(name: str) -> Any:
        sub = where.get(name)
        if sub is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{sub}"), name)
        setattr(module, name, value)  # asked once: later look-ups are plain attributes
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(module)) | set(where))

    return __getattr__, __dir__
