"""The entry point: :func:`render_record` is a pure function of :class:`RecordData`."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus.flowables import Flowable

from desk.reports import labels as lb
from desk.reports.data import RecordData, fingerprint
from desk.reports.layout import (
    CONTENT_WIDTH,
    PageInfo,
    build,
)
from desk.reports.records import classification, precheck, screening
from desk.reports.records.context import Ctx

_BUILDERS: dict[str, Callable[[Ctx], list[Flowable]]] = {
    "precheck": precheck.story,
    "classification": classification.story,
    "screening": screening.story,
}


def page_info(record: RecordData, digest: str) -> PageInfo:
    lists = [
        f"{lb.list_name(x.get('id'), 'ja')} {x.get('version', '?')}"
        for x in record.assessment.get("lists") or []
    ]
    versions = (
        f"判定ルールセット Rule set {record.ruleset_version} · "
        f"照合リスト Lists {'、'.join(lists) or '—'}"
    )
    fp = lb.L["fingerprint"]
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
        fingerprint_label=f"{fp[0]} {fp[1]}:",
        japanese_time=True,
        actual_text=record.format_version >= 4,
    )


def render_record(record: RecordData) -> bytes:
    """The record as PDF bytes; MissingGlyph when a text cannot be drawn. A record of format 1
    or 2 is drawn by the frozen renderer of those formats, as it was issued."""
    if record.format_version < 3:
        from desk.reports import records_v2

        return records_v2.render_record(record)
    digest = fingerprint(record)
    story = _BUILDERS[record.kind](Ctx(record))
    _ = CONTENT_WIDTH  # layout width is fixed by the page template
    return build(page_info(record, digest), story)
