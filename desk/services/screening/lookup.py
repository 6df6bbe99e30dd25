"""Two read-only look-ups for the app: a typed name against the lists in use, and the
stored list versions with the age warning.

Thin wrappers over :mod:`desk.services.lists` and :mod:`desk.services.screening`; they
return frozen data and store nothing (screening a stored party, which stores its hits,
is :func:`desk.services.screening.screen_party`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desk.domain.localtime import today as local_today
from desk.screening import ScreeningList, staleness_warning
from desk.services.context import ServiceContext
from desk.services.screening.lists import ListVersionInfo, current_lists, list_versions
from desk.services.screening.names import ScreenedName, screen_one

__all__ = ["ListOverview", "NameScreening", "list_overview", "screen_name"]


@dataclass(frozen=True)
class NameScreening:
    result: ScreenedName  # the hits, best first
    lists: tuple[tuple[str, str], ...]  # (list id, version) screened against
    warnings: tuple[str, ...]  # a list in use is more than 12 months old


@dataclass(frozen=True)
class ListOverview:
    versions: tuple[ListVersionInfo, ...]  # every stored version, per list oldest first
    warnings: tuple[str, ...]  # for the versions in use (the newest of each list)


def _warnings(lists: list[ScreeningList], today: dt.date) -> tuple[str, ...]:
    return tuple(w for w in (staleness_warning(lst, today) for lst in lists) if w)


def screen_name(
    ctx: ServiceContext,
    name: str,
    country: str | None = None,
    *,
    include_weak: bool = False,
    today: dt.date | None = None,
) -> NameScreening:
    """``name`` (any script) against the newest stored version of every active list, or
    the built-in End User List when none is stored. Raises InvalidInput for an empty
    name or an unknown country code."""
    lists = current_lists(ctx)
    result = screen_one(lists, name, country or None, include_weak=include_weak)
    return NameScreening(
        result,
        tuple((lst.id, lst.version) for lst in lists),
        _warnings(lists, today or local_today()),
    )


def list_overview(ctx: ServiceContext, today: dt.date | None = None) -> ListOverview:
    """Every stored list version (publication date, rows, SHA-256) and a warning for each
    list in use published more than 12 months before ``today``."""
    versions = list_versions(ctx)
    in_use = [
        # only the dates matter to the age check: no entries are read
        ScreeningList(
            id=v.source,
            version=v.published_on.isoformat() if v.published_on else v.version,
            sha256=v.sha256,
            entries=(),
        )
        for v in versions
        if v.current
    ]
    return ListOverview(versions, _warnings(in_use, today or local_today()))
