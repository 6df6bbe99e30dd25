"""Screening: the restricted-party list versions and the names screened against them.

Use cases: import, show and diff list versions (:mod:`.lists`); screen names given in
files, screen a stored person or organization and keep its hits, record a disposition,
re-screen every stored party against a freshly imported version (:mod:`.parties`); the
app's read-only look-ups of a typed name and of the list versions (:mod:`.lookup`).

Lists and screening are one subpackage because each needs the other: importing a version
re-screens the stored parties, and screening reads the current versions.

Other subpackages, ``desk.demo``, ``desk.cli`` and ``desk.ui`` import from here only.
"""

from __future__ import annotations

from desk.services.screening.lists import (
    SOURCE_NAMES,
    ImportResult,
    ListVersionInfo,
    current_lists,
    current_lists_in,
    current_versions,
    diff_refs,
    entry_from_row,
    import_list,
    import_summary,
    list_versions,
    parse_published,
    resolve_list,
    store_builtin,
    version_as_list,
    warnings_for,
)
from desk.services.screening.lookup import (
    ListOverview,
    NameScreening,
    list_overview,
    screen_name,
)
from desk.services.screening.parties import (
    CLEARED,
    CONFIRMED,
    OPEN,
    PARTY_KINDS,
    REVERSE_FLOOR,
    Affected,
    DispositionInfo,
    ImpactReport,
    PartyHit,
    PartyRef,
    PartyScreening,
    ScreenedName,
    list_warnings,
    load_lists,
    matcher_for,
    party_country,
    party_hits,
    party_names,
    record_disposition,
    rescreen_version,
    screen_file,
    screen_one,
    screen_party,
    screen_queries,
)

__all__ = [
    "CLEARED",
    "CONFIRMED",
    "OPEN",
    "PARTY_KINDS",
    "REVERSE_FLOOR",
    "SOURCE_NAMES",
    "Affected",
    "DispositionInfo",
    "ImpactReport",
    "ImportResult",
    "ListOverview",
    "ListVersionInfo",
    "NameScreening",
    "PartyHit",
    "PartyRef",
    "PartyScreening",
    "ScreenedName",
    "current_lists",
    "current_lists_in",
    "current_versions",
    "diff_refs",
    "entry_from_row",
    "import_list",
    "import_summary",
    "list_overview",
    "list_versions",
    "list_warnings",
    "load_lists",
    "matcher_for",
    "parse_published",
    "party_country",
    "party_hits",
    "party_names",
    "record_disposition",
    "rescreen_version",
    "resolve_list",
    "screen_file",
    "screen_name",
    "screen_one",
    "screen_party",
    "screen_queries",
    "store_builtin",
    "version_as_list",
    "warnings_for",
]
