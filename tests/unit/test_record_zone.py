"""Records print their times in Japan time and name the zone (format 2); a record of format 1
is re-created exactly as it was (UTC), so that records issued before still verify."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json

import pypdf
import pytest

from desk.domain.errors import InvalidInput
from desk.reports.audit import render_audit
from desk.reports.data import canonical
from desk.reports.records import render_record
from desk.reports.sample import sample_audit, sample_record

ISSUED = dt.datetime(2026, 3, 31, 23, 45, tzinfo=dt.UTC)  # 08:45 JST on 1 April


def text_of(pdf: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_a_record_prints_japan_time_and_names_the_zone() -> None:
    record = dataclasses.replace(sample_record("screening", "ja"), generated_at=ISSUED)
    text = text_of(render_record(record))
    assert (
        "作成日時 Generated 2026年4月1日 08:45（日本時間） 2026-04-01 08:45 JST (Asia/Tokyo)"
        in text
    )
    doc = json.loads(canonical(record))
    assert doc["format"] == "desk-record/4" and doc["zone"] == "Asia/Tokyo"


def test_format_1_is_re_created_as_it_was_printed() -> None:
    record = dataclasses.replace(
        sample_record("screening", "ja"), generated_at=ISSUED, format_version=1
    )
    assert "作成日時 Generated 2026-03-31 23:45 UTC" in text_of(render_record(record))
    doc = json.loads(canonical(record))
    assert doc["format"] == "desk-record/1" and "zone" not in doc


def test_the_zone_is_a_parameter_of_the_record() -> None:
    record = dataclasses.replace(
        sample_record("screening", "en"), generated_at=ISSUED, zone="Europe/Berlin"
    )
    assert "2026-04-01 01:45 CEST (Europe/Berlin)" in text_of(render_record(record))
    with pytest.raises(InvalidInput, match="Atlantis"):
        dataclasses.replace(record, zone="Atlantis/Capital")


def test_audit_report_counts_overdue_reviews_on_the_japanese_day() -> None:
    generated = dt.datetime(2026, 3, 30, 15, 30, tzinfo=dt.UTC)  # 00:30 JST on 31 March
    data = dataclasses.replace(sample_audit(30, 2025), generated_at=generated)
    assert data.as_of == dt.date(2026, 3, 31)  # UTC still says 30 March
    assert "(Asia/Tokyo)" in text_of(render_audit(data))
