"""Derived data kept on disk between processes, in desk's per-user cache folder.

The pieces :mod:`desk.screening.index_cache` (the matcher's index) is built from, and
:func:`cached_table` for smaller tables: a table the normalisation computes from a package
that is slow to import — the pinyin of the Chinese organisation words needs ``pypinyin``, a
third of a second — so that a Latin-script query never imports it. A key covers desk's
version, the Python version, in a source checkout the bytes of ``desk/screening/**/*.py``,
and the installed files of the packages a table comes from. A bad file is recomputed; a
folder that cannot be written only costs the computation next time; writes are atomic.

Imports nothing of desk.screening, so the folds may use it (pyproject.toml's contracts).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
SUFFIX = ".pickle"


def cache_root() -> Path:
    """``DESK_CACHE_DIR``, else desk's per-user cache folder."""
    override = os.environ.get("DESK_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("desk", appauthor=False))


@cache
def code_fingerprint() -> str:
    """A digest of the screening package's source (empty in a frozen build: the version says it)."""
    h = hashlib.sha256()
    folder = Path(__file__).resolve().parent  # desk/screening
    for path in sorted(folder.rglob("*.py")):
        try:
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
        except OSError:
            return ""
    return h.hexdigest()


def cached_table(
    name: str,
    compute: Callable[[], T],
    *,
    depends_on: Sequence[str] = (),
    folder: Path | None = None,
) -> T:
    """``compute()``, kept on disk like the index: for tables the normalisation derives from
    a package that is slow to import (``depends_on``: its installed files' size and time
    are part of the key, so upgrading it makes a new key). A bad file is recomputed."""
    h = hashlib.sha256()
    for part in (name, desk_version(), f"{sys.version_info[:2]}", code_fingerprint()):
        h.update(part.encode() + b"\0")
    for module in depends_on:
        h.update(installed_stamp(module).encode() + b"\0")
    folder = folder or cache_root() / "tables"
    path = folder / f"{name}-{h.hexdigest()[:32]}{SUFFIX}"
    try:
        with path.open("rb") as f:
            found: T = pickle.load(f)
        return found
    except Exception:  # missing or bad: computed again
        pass
    value = compute()
    if write(path, value):
        for old in folder.glob(f"{name}-*{SUFFIX}"):
            if old != path:
                old.unlink(missing_ok=True)
    return value


def installed_stamp(module: str) -> str:
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        return f"{module}:missing"
    try:
        st = os.stat(spec.origin)
    except OSError:  # a frozen build: its modules are in an archive, fixed with desk's version
        return f"{module}:{spec.origin}:frozen"
    return f"{module}:{spec.origin}:{st.st_size}:{st.st_mtime_ns}"


def desk_version() -> str:
    import desk

    return str(desk.__version__)


def write(path: Path, value: object) -> bool:
    """Pickle ``value`` to ``path`` atomically; False when the folder cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=SUFFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return True
    except OSError:
        return False  # a read-only or full disk: built again next time
