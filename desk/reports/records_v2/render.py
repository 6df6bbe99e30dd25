"""The entry point: :func:`render_record` is a pure function of :class:`RecordData`."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus.flowables import Flowable

from desk.reports.data import RecordData, fingerprint
from desk.reports.layout import (
    CONTENT_WIDTH,
    PageInfo,
    build,
)
from desk.reports.records_v2 import classification, precheck, screening
from desk.reports.records_v2 import labels as lb
from desk.reports.records_v2.context import Ctx

_BUILDERS: dict[str, Callable[[Ctx], list[Flowable]]] = {
    "precheck": precheck.story,
    "classification": classification.story,
    "screening": screening.story,
}


def page_info(record: RecordData, digest: str) -> PageInfo:
    versions = f"規則 Rule set {record.ruleset_version} · リスト Lists {record.list_versions}"
    return PageInfo(
        title=lb.TITLES[record.kind],
        document_number=record.document_number,
        generated_at=record.generated_at,
        versions=versions,
        fingerprint=digest,
        lang=record.lang,
        keywords=f"desk-record {record.document_number} {record.kind} {record.lang} "
        f"sha256={digest}",
        zone=record.printed_zone,
    )


def render_record(record: RecordData) -> bytes:
    """The record as PDF bytes; MissingGlyph when a text cannot be drawn."""
    digest = fingerprint(record)
    story = _BUILDERS[record.kind](Ctx(record))
    _ = CONTENT_WIDTH  # layout width is fixed by the page template
    return build(page_info(record, digest), story)
