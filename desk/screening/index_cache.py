"""A built :class:`~desk.screening.matcher.Matcher` index kept on disk between processes.

Building the index over the End User List costs about a second; loading a pickled copy costs
tens of milliseconds, which is what lets ``desk screen "NAME"`` answer in well under half a
second. The file's name is a SHA-256 over everything the index depends on:

- each list's ``sha256`` (of its source file) and its entries' numbers, countries and names;
- desk's version, :data:`~desk.screening.matcher.INDEX_FORMAT` and, in a source checkout, the
  bytes of ``desk/screening/**/*.py`` — so a change to the matcher or the normalisation (not
  only a release) makes a new key, and the cache never has to know the index's layout;
- the Python version (pickles of one version are not promised to load in another).

A file that cannot be read or unpickled, or holds something else, is ignored and rebuilt; a
folder that cannot be written only costs the rebuild next time. Writes are atomic (a
temporary file, then ``os.replace``), so two processes never see half a file. The folder is
``DESK_CACHE_DIR``, else the per-user cache folder (``platformdirs.user_cache_dir``), under
``matcher/``; old keys are removed when a new one is written.

:func:`cached_table` keeps other derived tables the same way (``tables/``): a table the
normalisation computes from a package that is slow to import (the pinyin of the Chinese
organisation words needs ``pypinyin``, a third of a second), keyed also by that package's
installed files, so that a Latin-script query never imports it.
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

from desk.screening.matcher import INDEX_FORMAT, Matcher
from desk.screening.model import ScreeningList

T = TypeVar("T")
_SUFFIX = ".pickle"
_KEEP = 4  # index files kept in the folder (one per combination of lists in use)


def cache_root() -> Path:
    """``DESK_CACHE_DIR``, else desk's per-user cache folder."""
    override = os.environ.get("DESK_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("desk", appauthor=False))


def cache_dir() -> Path:
    """Where the matcher's indexes are kept."""
    return cache_root() / "matcher"


@cache
def _code_fingerprint() -> str:
    """A digest of the screening package's source (empty in a frozen build: the version says it)."""
    h = hashlib.sha256()
    folder = Path(__file__).resolve().parent
    for path in sorted(folder.rglob("*.py")):
        try:
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
        except OSError:
            return ""
    return h.hexdigest()


def index_key(lists: Sequence[ScreeningList]) -> str:
    h = hashlib.sha256()
    for part in (
        "desk-matcher-index",
        str(INDEX_FORMAT),
        desk_version(),
        f"{sys.version_info[0]}.{sys.version_info[1]}",
        _code_fingerprint(),
    ):
        h.update(part.encode() + b"\0")
    for lst in lists:
        h.update(f"{lst.id}\0{lst.version}\0{lst.sha256}\0{lst.has_categories}\0".encode())
        # the source file's hash says it all for a list read from a file; the entries' numbers,
        # countries and names also tell apart lists made in memory or stored with an empty hash
        h.update(
            "\x1f".join("\x1e".join((e.no, e.country, *e.all_names)) for e in lst.entries).encode()
        )
    return h.hexdigest()


def cached_matcher(
    lists: Sequence[ScreeningList], *, warm: bool = False, folder: Path | None = None
) -> Matcher:
    """A matcher over ``lists``: loaded from the disk cache when it holds this index,
    else built and stored there. ``warm`` as for :class:`Matcher`."""
    lists = tuple(lists)
    folder = folder or cache_dir()
    path = folder / f"{index_key(lists)}{_SUFFIX}"
    matcher = _load(path, lists)
    if matcher is None:
        matcher = Matcher(lists, warm=False)
        _store(path, matcher)
    if warm:
        matcher.warm_up()
    return matcher


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
    for part in (name, desk_version(), f"{sys.version_info[:2]}", _code_fingerprint()):
        h.update(part.encode() + b"\0")
    for module in depends_on:
        h.update(_installed_stamp(module).encode() + b"\0")
    folder = folder or cache_root() / "tables"
    path = folder / f"{name}-{h.hexdigest()[:32]}{_SUFFIX}"
    try:
        with path.open("rb") as f:
            found: T = pickle.load(f)
        return found
    except Exception:  # missing or bad: computed again
        pass
    value = compute()
    if _write(path, value):
        for old in folder.glob(f"{name}-*{_SUFFIX}"):
            if old != path:
                old.unlink(missing_ok=True)
    return value


def _installed_stamp(module: str) -> str:
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


def _load(path: Path, lists: tuple[ScreeningList, ...]) -> Matcher | None:
    try:
        with path.open("rb") as f:
            state = pickle.load(f)
        return Matcher.from_index(lists, state)
    except Exception:  # missing, truncated, corrupt or from another layout: rebuild
        return None


def _store(path: Path, matcher: Matcher) -> None:
    if _write(path, matcher.index_state()):
        _prune(path.parent, keep=path)


def _write(path: Path, value: object) -> bool:
    """Pickle ``value`` to ``path`` atomically; False when the folder cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=_SUFFIX, dir=path.parent)
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


def _prune(folder: Path, keep: Path) -> None:
    files = sorted(
        (p for p in folder.glob(f"*{_SUFFIX}") if p != keep and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in files[_KEEP - 1 :]:
        old.unlink(missing_ok=True)
