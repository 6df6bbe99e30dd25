"""desk: deemed-export screening and review records for Japanese universities."""

from __future__ import annotations

from functools import cache


@cache
def _version() -> str:
    # pyproject.toml is the single source of the version; read from the installed metadata
    # lazily, since importlib.metadata costs tens of milliseconds at every start.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("desk")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0.0.0+source"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(name)
