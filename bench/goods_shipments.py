"""Generated desk-shipment/1 documents for bench/assess.py (seeded, never stored)."""

from __future__ import annotations

import json
import random
from typing import Any

DESTINATIONS = ["CN", "US", "KR", "IN", "VN", "DE", "TH", "SG", "HK", "LB", "FR", "BR", "EG", "KZ"]
CONSIGNEES = [
    "Lakeshore State University",
    "Straits Institute of Engineering",
    "Rhein Institute for Ceramics",
    "Harbourline Electronics Trading Ltd.",
    "Xinhai Aerospace Polytechnic University",
    "Pampa Institute of Physics",
    "Chao Phraya Institute of Technology",
]
HS = ["1006.10", "8471.30", "8542.31", "8542", "9027.50", "9030.20", "8414.10", "4901.99", None]
ITEMS = ["2:(1)", "3", "5:(1)", "6", "6:(2)", "7:(1)", "9", "11", "13", "15"]


def line(rng: random.Random) -> dict[str, Any]:
    kind = rng.random()
    cls: dict[str, Any]
    out: dict[str, Any] = {
        "name": "instrument",
        "quantity": rng.randint(1, 5),
        "unit_value": rng.choice([1200, 45000, 180000, 640000, 2500000]),
    }
    if kind < 0.35:
        cls = {
            "status": "listed",
            "item": rng.choice(ITEMS),
            "table_3_3": rng.choice([True, False, None]),
        }
        if rng.random() < 0.5:
            out["exceptions"] = [{"basis": "small_value"}]
    elif kind < 0.95:
        cls = {"status": rng.choice(["not_on_list", "below_threshold"])}
        hs = rng.choice(HS)
        if hs is not None:
            out["hs_code"] = hs
    else:
        cls = {"status": "undetermined"}
    cls["ordinance_version"] = rng.choice(["2026-02-14", "2026-02-14", "2025-10-09"])
    out["classification"] = cls
    if rng.random() < 0.3:
        out["concern_relevance"] = rng.sample(["B", "C", "M", "N", "CW"], rng.randint(1, 2))
    return out


def generate(n: int, seed: int, lines: int = 3) -> list[str]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        dest = rng.choice(DESTINATIONS)
        info: dict[str, Any] = {
            "mode": rng.choice(["courier", "post", "freight"]),
            "date": f"2026-{rng.randint(3, 12):02d}-{rng.randint(1, 28):02d}",
            "destination": dest,
            "consignee": {"name": rng.choice(CONSIGNEES), "country": dest},
            "end_user": "consignee" if rng.random() < 0.85 else None,
        }
        if rng.random() < 0.1:
            info["known_end_user"] = ["M"]
        if rng.random() < 0.05:
            info["inform"] = "wmd"
        if rng.random() < 0.05:
            info["known_end_use"] = "conventional"
        doc = {
            "format": "desk-shipment/1",
            "id": f"S{i:05d}",
            "as_of": "2026-11-16",
            "shipment": info,
            "goods": [line(rng) for _ in range(lines)],
        }
        docs.append(json.dumps(doc, ensure_ascii=False))
    return docs
