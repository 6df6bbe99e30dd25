"""desk.services.trips: trip applications (渡航申請).

Use cases: :func:`save_trip`, :func:`list_trips`, :func:`get_trip`, :func:`trip_document`,
:func:`assess_trips` (each case by the technology engine, each hand-carry shipment by the
goods engine, one answer with the worst outcome), :func:`export_trips`, and the records
:func:`issue_trip_record` (the hand-carry declaration, the trip's bundle).
"""

from desk.services.trips.records import TripRecordInfo, issue_trip_record
from desk.services.trips.trips import (
    TripAssessRun,
    TripChoices,
    TripExport,
    TripSummary,
    TripView,
    assess_trips,
    check_trip,
    export_trips,
    get_trip,
    list_trips,
    save_trip,
    trip_choices,
    trip_document,
)

__all__ = [
    "TripAssessRun",
    "TripChoices",
    "TripExport",
    "TripRecordInfo",
    "TripSummary",
    "TripView",
    "assess_trips",
    "check_trip",
    "export_trips",
    "get_trip",
    "issue_trip_record",
    "list_trips",
    "save_trip",
    "trip_choices",
    "trip_document",
]
