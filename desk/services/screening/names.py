"""Screening names given in files against lists given as files (no database):
:func:`screen_one`, :func:`screen_queries`, :func:`screen_file`; and the matcher kept per
set of lists (:func:`matcher_for`), which the stored parties' screening shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.domain.localtime import today as local_today
from desk.screening import (
    Hit,
    Matcher,
    NameQuery,
    ScreeningList,
    builtin_list,
    load_names_csv,
    staleness_warning,
)
from desk.screening.adapters import read_list_file
from desk.screening.index_cache import cached_matcher

# The reverse look-up (an entry's names against the parties' names) only proposes
# candidates; it scores with the parties' word weights and the roles swapped, so it
# casts a wider net than the forward score that decides.
REVERSE_FLOOR = 0.2
_matchers: dict[tuple[tuple[str, str, str], ...], Matcher] = {}


def matcher_for(lists: Sequence[ScreeningList], *, warm: bool = True) -> Matcher:
    """A matcher over ``lists``, kept while the same list versions are in use, and between
    processes in the per-user cache folder (:mod:`desk.screening.index_cache`). ``warm``
    loads the transliteration tables now (the app, which should answer its first Japanese
    or Chinese query at once) rather than when a query first needs them (a CLI call)."""
    key = tuple((lst.id, lst.version, lst.sha256) for lst in lists)
    found = _matchers.get(key)
    if found is None:
        if len(_matchers) >= 4:
            _matchers.pop(next(iter(_matchers)))
        found = _matchers[key] = cached_matcher(lists)
    if warm:
        found.warm_up()
    return found


# --------------------------------------------------------------------------- files


@dataclass(frozen=True)
class ScreenedName:
    id: str | None
    name: str
    country: str | None
    hits: tuple[Hit, ...]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id} if self.id is not None else {"name": self.name}
        out["hits"] = [h.to_json() for h in self.hits]
        return out


def load_lists(refs: Sequence[str]) -> list[ScreeningList]:
    """List files named on a command line; ``default`` is the built-in End User List.
    No names: the built-in list alone."""
    if not refs:
        return [builtin_list()]
    return [builtin_list() if r == "default" else read_list_file(r)[0] for r in refs]


def list_warnings(lists: Sequence[ScreeningList], today: dt.date | None = None) -> list[str]:
    day = today or local_today()
    return [w for w in (staleness_warning(lst, day) for lst in lists) if w]


def _keep(hits: Iterable[Hit], include_weak: bool) -> tuple[Hit, ...]:
    return tuple(h for h in hits if include_weak or h.band != "weak")


def screen_one(
    lists: Sequence[ScreeningList],
    name: str,
    country: str | None = None,
    *,
    include_weak: bool = False,
) -> ScreenedName:
    if not name.strip():
        raise InvalidInput(_("empty name"), source="name")
    if country:
        from desk.domain.countries import is_country

        if not is_country(country.strip().upper()):
            raise InvalidInput(
                _("unknown country code {code!r}").format(code=country), source="--country"
            )
    hits = matcher_for(lists, warm=False).screen(name, country)
    return ScreenedName(
        None, name, country.strip().upper() if country else None, _keep(hits, include_weak)
    )


def screen_queries(
    lists: Sequence[ScreeningList], queries: Sequence[NameQuery], *, include_weak: bool = False
) -> list[ScreenedName]:
    matcher = matcher_for(lists, warm=False)
    return [
        ScreenedName(
            q.id, q.name, q.country, _keep(matcher.screen(q.name, q.country), include_weak)
        )
        for q in queries
    ]


def screen_file(
    lists: Sequence[ScreeningList], path: str | Path, *, include_weak: bool = False
) -> list[ScreenedName]:
    return screen_queries(lists, load_names_csv(path), include_weak=include_weak)
