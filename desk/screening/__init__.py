"""desk.screening: restricted-party lists and name matching across scripts (pure).

Public interface (used by desk.rules, desk.services and the CLI):

- :class:`ListEntry`, :class:`ScreeningList`, :class:`Hit`, :func:`band_for`
- :func:`load_list_csv` / :func:`parse_list_csv`: read and validate a list CSV
- :func:`builtin_list`: the shipped End User List
- :class:`Matcher`: ``Matcher(lists).screen(name, country=None) -> list[Hit]``
"""

from desk.screening.listfile import builtin_list, load_list_csv, parse_list_csv
from desk.screening.matcher import Matcher
from desk.screening.model import MATCH, REVIEW, Hit, ListEntry, ScreeningList, band_for

__all__ = [
    "MATCH",
    "REVIEW",
    "Hit",
    "ListEntry",
    "Matcher",
    "ScreeningList",
    "band_for",
    "builtin_list",
    "load_list_csv",
    "parse_list_csv",
]
