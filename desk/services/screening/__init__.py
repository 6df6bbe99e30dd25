"""Screening: the restricted-party list versions and the names screened against them.

Use cases: show and diff list versions (:mod:`.lists`), import one (:mod:`.list_import`);
screen names given in files (:mod:`.names`); screen a stored person or organization and
keep its hits, record a disposition (:mod:`.parties`); re-screen every stored party
against a freshly imported version (:mod:`.rescreen`); the app's read-only look-ups of a
typed name and of the list versions (:mod:`.lookup`).

Lists and screening are one subpackage because each needs the other: importing a version
re-screens the stored parties, and screening reads the current versions. Inside, the
modules import in one direction (names, lists < parties < recorded, rescreen < list_import); the
one way back — screening a party when no version is stored yet stores the built-in list,
which re-screens — is a function-level import in :mod:`.parties`.

Other subpackages, ``desk.demo``, ``desk.cli`` and ``desk.ui`` import from here only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk._lazy import lazy_exports

if TYPE_CHECKING:
    from desk.services.screening.list_import import (
        ImportResult,
        ListPreview,
        import_list,
        import_summary,
        parse_published,
        preview_list,
        store_builtin,
        suggested_source,
    )
    from desk.services.screening.lists import (
        SOURCE_NAMES,
        ListVersionInfo,
        current_lists,
        current_lists_in,
        current_versions,
        diff_refs,
        entry_from_row,
        list_versions,
        resolve_list,
        version_as_list,
        warnings_for,
    )
    from desk.services.screening.lookup import (
        ListOverview,
        NameScreening,
        list_overview,
        screen_name,
    )
    from desk.services.screening.names import (
        REVERSE_FLOOR,
        ScreenedName,
        list_warnings,
        load_lists,
        matcher_for,
        screen_file,
        screen_one,
        screen_queries,
    )
    from desk.services.screening.parties import (
        CLEARED,
        CONFIRMED,
        OPEN,
        PARTY_KINDS,
        DispositionInfo,
        PartyHit,
        PartyRef,
        PartyScreening,
        party_country,
        party_hits,
        party_names,
        record_disposition,
        screen_party,
    )
    from desk.services.screening.recorded import (
        HIT_STATUSES,
        RecordHit,
        RecordVerification,
        ScreeningRecordInfo,
        clear_hit,
        confirm_hit,
        record_screening,
        screening_hits,
        screening_record,
        screening_record_pdf,
        verify_screening_record,
    )
    from desk.services.screening.rescreen import (
        Affected,
        ImpactReport,
        rescreen_version,
    )
else:  # each name's submodule is imported when the name is first used
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "list_import": (
                "ImportResult",
                "ListPreview",
                "import_list",
                "import_summary",
                "parse_published",
                "preview_list",
                "store_builtin",
                "suggested_source",
            ),
            "lists": (
                "SOURCE_NAMES",
                "ListVersionInfo",
                "current_lists",
                "current_lists_in",
                "current_versions",
                "diff_refs",
                "entry_from_row",
                "list_versions",
                "resolve_list",
                "version_as_list",
                "warnings_for",
            ),
            "lookup": (
                "ListOverview",
                "NameScreening",
                "list_overview",
                "screen_name",
            ),
            "names": (
                "REVERSE_FLOOR",
                "ScreenedName",
                "list_warnings",
                "load_lists",
                "matcher_for",
                "screen_file",
                "screen_one",
                "screen_queries",
            ),
            "parties": (
                "CLEARED",
                "CONFIRMED",
                "OPEN",
                "PARTY_KINDS",
                "DispositionInfo",
                "PartyHit",
                "PartyRef",
                "PartyScreening",
                "party_country",
                "party_hits",
                "party_names",
                "record_disposition",
                "screen_party",
            ),
            "recorded": (
                "HIT_STATUSES",
                "RecordHit",
                "RecordVerification",
                "ScreeningRecordInfo",
                "clear_hit",
                "confirm_hit",
                "record_screening",
                "screening_hits",
                "screening_record",
                "screening_record_pdf",
                "verify_screening_record",
            ),
            "rescreen": (
                "Affected",
                "ImpactReport",
                "rescreen_version",
            ),
        },
    )

__all__ = [
    "CLEARED",
    "CONFIRMED",
    "HIT_STATUSES",
    "OPEN",
    "PARTY_KINDS",
    "REVERSE_FLOOR",
    "SOURCE_NAMES",
    "Affected",
    "DispositionInfo",
    "ImpactReport",
    "ImportResult",
    "ListOverview",
    "ListPreview",
    "ListVersionInfo",
    "NameScreening",
    "PartyHit",
    "PartyRef",
    "PartyScreening",
    "RecordHit",
    "RecordVerification",
    "ScreenedName",
    "ScreeningRecordInfo",
    "clear_hit",
    "confirm_hit",
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
    "preview_list",
    "record_disposition",
    "record_screening",
    "rescreen_version",
    "resolve_list",
    "screen_file",
    "screen_name",
    "screen_one",
    "screen_party",
    "screen_queries",
    "screening_hits",
    "screening_record",
    "screening_record_pdf",
    "store_builtin",
    "suggested_source",
    "verify_screening_record",
    "version_as_list",
    "warnings_for",
]
