"""One decision for a trip: each part's answer (a technology case by the technology engine, a
hand-carry shipment by the goods engine) and the worst of them.

Pure: the parts come in as the engines' JSON answers with the facts a record prints; the
result is the trip's answer as stored in ``trip_assessments.result`` and printed by the trip
records. Both engines order their outcomes the same way (policy §7, goods-policy §G6), so
the trip's outcome is the most severe part's and its risk the highest part's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from desk.rules.answer import SEVERITY

RISK_ORDER = ("R0", "R1", "R2", "R3", "R4")
FORMAT = "desk-trip-answer/1"


def worst_outcome(outcomes: Sequence[str]) -> str:
    return max(outcomes, key=SEVERITY.__getitem__)


def highest_risk(risks: Sequence[str]) -> str:
    return max(risks, key=lambda r: RISK_ORDER.index(r) if r in RISK_ORDER else -1)


def combine(trip: Mapping[str, Any], parts: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The trip's answer: ``trip`` (the trip's facts) with every part and the worst outcome.

    ``parts`` are dicts with ``kind`` (``case`` | ``shipment``), ``id``, ``outcome``,
    ``risk``, ``reasons`` and what else the part's record prints."""
    if not parts:
        raise ValueError("a trip is judged on at least one case or shipment")
    outcome = worst_outcome([p["outcome"] for p in parts])
    risk = highest_risk([p["risk"] for p in parts])
    documents: list[str] = []
    for p in parts:
        for d in p.get("documents") or ():
            if d not in documents:
                documents.append(d)
    return {
        "format": FORMAT,
        **trip,
        "outcome": outcome,
        "risk": risk,
        "decided_by": [
            {"kind": p["kind"], "id": p["id"]} for p in parts if p["outcome"] == outcome
        ],
        "parts": [dict(p) for p in parts],
        "documents": documents,
    }
