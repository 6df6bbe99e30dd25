"""What every issued record shares, whichever capability issues it (a case's records, a
shipment's, a trip's, the 非該当証明書): the institution printed on it and its document
number ``DESK-YYYY-CODE-NNNNNN``.

Below the capabilities (goods may not import records), so that each of them numbers and
names the same way. The number is one above the highest issued under the prefix; the caller
keeps what makes that safe when two issue at once (``records.issue`` takes the audit
chain's head lock first; ``records.parts.retry_numbering`` draws again when the database's
unique number refuses a duplicate).
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import func, select

from desk.storage.core_tables import document_number_floors, office_settings

# ``session``: an ORM Session or a Core Connection (the fast record path); ``column``: the
# ``document_number`` of a model or of a Core table — the same queries either way


def stored_setting(session: Any, key: str) -> str | None:
    """The office setting ``key`` as stored (``desk settings``), None where never set."""
    value = session.scalar(select(office_settings.c.value).where(office_settings.c.key == key))
    return None if value is None else str(value)


def institution_of(session: Any) -> str:
    """The institution printed on records: the stored office setting, else the environment's
    ``DESK_INSTITUTION``, else a dash."""
    return stored_setting(session, "institution") or os.environ.get("DESK_INSTITUTION") or "—"


def number_prefix(code: str, year: int) -> str:
    """``DESK-YYYY-CODE-``: what a document number of ``code`` issued in ``year`` starts with."""
    return f"DESK-{year:04d}-{code}-"


def next_serial(session: Any, column: Any, prefix: str, *, floor: bool = False) -> int:
    """One above the highest serial under ``prefix`` in ``column`` (a ``document_number``);
    with ``floor``, above the one a database this one replaced had reached too (a restore
    keeps it in ``document_number_floors``)."""
    highest = session.scalar(select(func.max(column)).where(column.like(prefix + "%")))
    issued = int(str(highest)[len(prefix) :]) if highest else 0
    if not floor:
        return issued + 1
    kept = session.scalar(
        select(document_number_floors.c.last_serial).where(
            document_number_floors.c.prefix == prefix
        )
    )
    return max(issued, int(kept or 0)) + 1


def next_number(session: Any, column: Any, prefix: str, *, floor: bool = False) -> str:
    """The next document number under ``prefix`` (:func:`next_serial`, six digits)."""
    return f"{prefix}{next_serial(session, column, prefix, floor=floor):06d}"
