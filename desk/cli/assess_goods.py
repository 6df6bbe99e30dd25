"""``desk assess`` for ``desk-shipment/1`` files: load, judge and explain a shipment.

Imported by :mod:`desk.cli.assess` only when a shipment file is given, so that judging
case files alone never loads the goods engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from desk.domain.goods import Shipment, load_shipment_file

__all__ = [
    "DOCUMENT_LABELS",
    "SCOPE_LABELS",
    "STATUS_LABELS",
    "Shipment",
    "assess",
    "explain",
    "load",
]
from desk.rules.goods import ShipmentAssessment, assess_shipment
from desk.rules.goods.explain import (
    DOCUMENT_LABELS,
    SCOPE_LABELS,
    STATUS_LABELS,
    explain,
)
from desk.screening import ScreeningList

FORMAT = "desk-shipment/1"


def load(path: str | Path) -> Shipment:
    return load_shipment_file(path)


def assess(
    shipment: Shipment, lists: Sequence[ScreeningList], today: dt.date
) -> ShipmentAssessment:
    return assess_shipment(shipment, lists=lists, today=today)
