"""desk.screening: restricted-party lists and name matching across scripts (pure).

Public interface (used by desk.rules, desk.services and the CLI):

- :class:`ListEntry`, :class:`ScreeningList`, :class:`Hit`, :func:`band_for`
- :func:`load_list_csv` / :func:`parse_list_csv`: read and validate a list CSV
- :func:`builtin_list`: the shipped End User List
- :class:`Matcher`: ``Matcher(lists).screen(name, country=None) -> list[Hit]``
- :func:`diff_lists`, :func:`entry_fingerprint`, :func:`staleness_warning`: list versions
- :func:`load_names_csv` / :func:`parse_names_csv`: names to screen in bulk
"""

from typing import TYPE_CHECKING

from desk._lazy import lazy_exports

if TYPE_CHECKING:
    from desk.screening.listfile import builtin_list, load_list_csv, parse_list_csv
    from desk.screening.matcher import Matcher
    from desk.screening.model import MATCH, REVIEW, Hit, ListEntry, ScreeningList, band_for
    from desk.screening.namesfile import NameQuery, load_names_csv, parse_names_csv
    from desk.screening.versions import (
        EntryChange,
        ListDiff,
        diff_lists,
        entry_fingerprint,
        pair_entries,
        published_on,
        staleness_warning,
    )
else:
    # imported when first asked for: a record or a case that only needs the list model
    # does not pay for the matcher and its script folds (desk/_lazy.py)
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "listfile": ("builtin_list", "load_list_csv", "parse_list_csv"),
            "matcher": ("Matcher",),
            "model": ("MATCH", "REVIEW", "Hit", "ListEntry", "ScreeningList", "band_for"),
            "namesfile": ("NameQuery", "load_names_csv", "parse_names_csv"),
            "versions": (
                "EntryChange",
                "ListDiff",
                "diff_lists",
                "entry_fingerprint",
                "pair_entries",
                "published_on",
                "staleness_warning",
            ),
        },
    )

__all__ = [
    "MATCH",
    "REVIEW",
    "EntryChange",
    "Hit",
    "ListDiff",
    "ListEntry",
    "Matcher",
    "NameQuery",
    "ScreeningList",
    "band_for",
    "builtin_list",
    "diff_lists",
    "entry_fingerprint",
    "load_list_csv",
    "load_names_csv",
    "pair_entries",
    "parse_list_csv",
    "parse_names_csv",
    "published_on",
    "staleness_warning",
]
