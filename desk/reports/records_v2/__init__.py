"""The review records as desk printed them in record formats 1 and 2 (``desk-record/1``,
``desk-record/2``), frozen: records issued in those formats are re-created by this code,
byte for byte, so that they still verify. Never change it; the records desk issues now are
:mod:`desk.reports.records` (format 3).
"""

from desk.reports.records_v2.render import render_record

__all__ = ["render_record"]
