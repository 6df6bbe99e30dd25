"""A built :class:`~desk.screening.matcher.Matcher` index kept on disk between processes.

Building the index over the End User List costs about a second; loading a pickled copy costs
tens of milliseconds, which is what lets ``desk screen "NAME"`` answer in well under half a
second. The file's name is a SHA-256 over everything the index depends on:

- each list's ``sha256`` (of its source file) and its entries' numbers, countries and names;
- :data:`~desk.screening.normalize.KEYS_VERSION` (with the organisation vocabulary's version,
  a resource file the code hash below does not see);
- desk's version, :data:`~desk.screening.matcher.INDEX_FORMAT` and, in a source checkout, the
  bytes of ``desk/screening/**/*.py`` — so a change to the matcher or the normalisation (not
  only a release) makes a new key, and the cache never has to know the index's layout;
- the Python version (pickles of one version are not promised to load in another).

A file that cannot be read or unpickled, or holds something else, is ignored and rebuilt; a
folder that cannot be written only costs the rebuild next time. Writes are atomic (a
temporary file, then ``os.replace``), so two processes never see half a file. The folder is
``DESK_CACHE_DIR``, else the per-user cache folder (``platformdirs.user_cache_dir``), under
``matcher/``; old keys are removed when a new one is written.

:mod:`desk.screening.disk_cache` holds what it shares with the other tables kept on disk.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path

from desk.screening.disk_cache import (
    SUFFIX,
    cache_root,
    code_fingerprint,
    desk_version,
    write,
)
from desk.screening.matcher import INDEX_FORMAT, Matcher
from desk.screening.model import ScreeningList
from desk.screening.normalize import KEYS_VERSION

_KEEP = 4  # index files kept in the folder (one per combination of lists in use)


def cache_dir() -> Path:
    """Where the matcher's indexes are kept."""
    return cache_root() / "matcher"


def index_key(lists: Sequence[ScreeningList]) -> str:
    h = hashlib.sha256()
    for part in (
        "desk-matcher-index",
        str(INDEX_FORMAT),
        KEYS_VERSION,  # the fold rules and the organisation vocabulary's version
        desk_version(),
        f"{sys.version_info[0]}.{sys.version_info[1]}",
        code_fingerprint(),
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
    path = folder / f"{index_key(lists)}{SUFFIX}"
    matcher = _load(path, lists)
    if matcher is None:
        matcher = Matcher(lists, warm=False)
        _store(path, matcher)
    if warm:
        matcher.warm_up()
    return matcher


def _load(path: Path, lists: tuple[ScreeningList, ...]) -> Matcher | None:
    try:
        with path.open("rb") as f:
            state = pickle.load(f)
        return Matcher.from_index(lists, state)
    except Exception:  # missing, truncated, corrupt or from another layout: rebuild
        return None


def _store(path: Path, matcher: Matcher) -> None:
    if write(path, matcher.index_state()):
        _prune(path.parent, keep=path)


def _prune(folder: Path, keep: Path) -> None:
    files = sorted(
        (p for p in folder.glob(f"*{SUFFIX}") if p != keep and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in files[_KEEP - 1 :]:
        old.unlink(missing_ok=True)
