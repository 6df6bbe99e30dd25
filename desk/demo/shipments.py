"""The demo's shipments of goods: two of every outcome, as desk-shipment/1 documents.

Generated from a seed around the demo's reference date: the templates fix what decides
the outcome (classification, HS code, countries, the catch-all facts, exception claims);
the seed varies dates, quantities and values within ranges that keep the outcome.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from desk.domain.goods import Shipment, loads_shipment

ISSUER = {
    "department": "研究推進部 安全保障輸出管理室",
    "contact": "export-control@kita-kanto.example.ac.jp",
}


def _party(name: str, country: str, kind: str = "university", **extra: Any) -> dict[str, Any]:
    return {"name": name, "country": country, "kind": kind, **extra}


def _cls(status: str, item: str | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "status": status,
        "basis": [{"kind": "own_determination", "issuer": "研究室", "date": "2026-10-01"}],
        "determined_by": "研究室担当者",
        "checked_by": "該非確認責任者",
        "determined_on": "2026-10-01",
        "ordinance_version": "2026-02-14",
    }
    if item is not None:
        out["item"] = item
    out.update(extra)
    return out


def _line(
    name: str, hs: str | None, cls: dict[str, Any], value: int, **extra: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "quantity": 1, "unit_value": value, "classification": cls}
    if hs is not None:
        out["hs_code"] = hs
    out.update(extra)
    return out


# (outcome it must give, title, shipment facts, goods lines)
TEMPLATES: list[tuple[str, str, dict[str, Any], list[dict[str, Any]]]] = [
    (
        "NOT_APPLICABLE",
        "稲種子サンプル（共同研究先へ）",
        {
            "mode": "courier",
            "destination": "CN",
            "consignee": _party("淮阳农业大学", "CN"),
            "end_user": "consignee",
        },
        [_line("Rice seed samples", "1006.10", _cls("not_on_list"), 1000)],
    ),
    (
        "NOT_APPLICABLE",
        "寄贈図書（大学図書館へ）",
        {
            "mode": "post",
            "destination": "CA",
            "consignee": _party("Lakeshore State University Library", "CA"),
            "end_user": "consignee",
        },
        [_line("Conference proceedings", "4901.99", _cls("not_on_list"), 3000)],
    ),
    (
        "NOT_LISTED_NO_TRIGGER",
        "分光光度計（米国の共同研究先へ）",
        {
            "mode": "courier",
            "destination": "US",
            "consignee": _party("Lakeshore State University", "US"),
            "end_user": "consignee",
        },
        [
            _line(
                "UV-Vis spectrophotometer",
                "9027.30",
                _cls("below_threshold", "2:(1)", article="貨物等省令第1条"),
                420000,
            )
        ],
    ),
    (
        "NOT_LISTED_NO_TRIGGER",
        "顕微鏡カメラ（タイの大学へ）",
        {
            "mode": "courier",
            "destination": "TH",
            "consignee": _party("Chao Phraya Institute of Technology", "TH"),
            "end_user": "consignee",
        },
        [_line("Microscope camera", "8525.89", _cls("not_on_list"), 180000)],
    ),
    (
        "EXEMPT",
        "評価ボード（少額特例）",
        {
            "mode": "post",
            "destination": "TH",
            "consignee": _party("Chao Phraya Institute of Technology", "TH"),
            "end_user": "consignee",
        },
        [
            _line(
                "FPGA evaluation board",
                None,
                _cls("listed", "7:(1)", table_3_3=False, article="貨物等省令第6条"),
                90000,
                exceptions=[{"basis": "small_value"}],
            )
        ],
    ),
    (
        "EXEMPT",
        "学会発表用の暗号モジュールの携帯",
        {
            "mode": "hand_carry",
            "destination": "SG",
            "traveller": {"name": "佐藤 花子", "role": "staff"},
            "return_planned": True,
            "return_by": "+14",
        },
        [
            _line(
                "Hardware security module",
                None,
                _cls("listed", "9:(7)", article="貨物等省令第8条"),
                650000,
                exceptions=[
                    {
                        "basis": "free_temporary",
                        "purpose": "own_use_hand_carry",
                        "exported_free_of_charge": True,
                        "ownership_unchanged": True,
                        "own_use": True,
                        "stays_with_traveller": True,
                    }
                ],
            )
        ],
    ),
    (
        "LICENSE_REQUIRED",
        "冷却型赤外線カメラ（ドイツへ）",
        {
            "mode": "courier",
            "destination": "DE",
            "consignee": _party("Rhein Institute for Ceramics", "DE"),
            "end_user": "consignee",
        },
        [
            _line(
                "Cooled infrared camera",
                None,
                _cls("listed", "10:(4)", article="貨物等省令第9条"),
                2400000,
            )
        ],
    ),
    (
        "LICENSE_REQUIRED",
        "精密エンコーダ（シンガポールへ）",
        {
            "mode": "freight",
            "destination": "SG",
            "consignee": _party("Straits Institute of Engineering", "SG"),
            "end_user": "consignee",
        },
        [
            _line(
                "Absolute rotary encoder",
                None,
                _cls("listed", "2:(12)", article="貨物等省令第1条"),
                760000,
            )
        ],
    ),
    (
        "LICENSE_REQUIRED_CATCHALL",
        "真空ポンプ（濃縮用途の申告あり）",
        {
            "mode": "courier",
            "destination": "PK",
            "consignee": _party("Indus Engineering Works", "PK", "company"),
            "end_user": "consignee",
            "known_end_use": "wmd",
        },
        [_line("Vacuum pump", "8414.10", _cls("not_on_list"), 310000)],
    ),
    (
        "LICENSE_REQUIRED_CATCHALL",
        "遠心分離機（インフォーム通知あり）",
        {
            "mode": "courier",
            "destination": "GB",
            "consignee": _party("Thames Bioscience Ltd", "GB", "company"),
            "end_user": "consignee",
            "inform": "wmd",
        },
        [_line("Benchtop centrifuge", "8421.19", _cls("not_on_list"), 520000)],
    ),
    (
        "HOLD",
        "MEMS ジャイロ試作品（該非判定中）",
        {
            "mode": "courier",
            "destination": "US",
            "consignee": _party("Lakeshore State University", "US"),
            "end_user": "consignee",
        },
        [_line("Prototype MEMS gyroscope", "9014.20", _cls("undetermined"), 150000)],
    ),
    (
        "HOLD",
        "探傷器（需要者不明）",
        {
            "mode": "courier",
            "destination": "VN",
            "consignee": _party("Saigon Instruments Trading", "VN", "company"),
        },
        [_line("Ultrasonic flaw detector", "9031.80", _cls("not_on_list"), 880000)],
    ),
    (
        "STOP",
        "教科書（北朝鮮向け）",
        {
            "mode": "post",
            "destination": "KP",
            "consignee": _party("Pyongyang University", "KP"),
            "end_user": "consignee",
        },
        [_line("Textbooks", "4901.99", _cls("not_on_list"), 5000)],
    ),
    (
        "STOP",
        "赤外線検出器（ロシアの大学へ）",
        {
            "mode": "courier",
            "destination": "RU",
            "consignee": _party("Ural Federal Engineering University", "RU"),
            "end_user": "consignee",
        },
        [
            _line(
                "Infrared detector",
                None,
                _cls("listed", "10:(4)", article="貨物等省令第9条"),
                300000,
            )
        ],
    ),
]


def generate_shipments(seed: int, reference: dt.date) -> list[Shipment]:
    """Two shipments of every outcome, dated around ``reference``."""
    rng = random.Random(seed)
    out = []
    for n, (_outcome, title, facts, lines) in enumerate(TEMPLATES, start=1):
        day = reference + dt.timedelta(days=rng.randint(1, 40))
        info = json.loads(json.dumps(facts))
        info["date"] = day.isoformat()
        if info.get("return_by") == "+14":
            info["return_by"] = (day + dt.timedelta(days=14)).isoformat()
        info.setdefault("certificate_issuer", ISSUER)
        doc = {
            "format": "desk-shipment/1",
            "id": f"SHP-{reference.year}-{n:04d}",
            "title": title,
            "as_of": reference.isoformat(),
            "shipment": info,
            "goods": json.loads(json.dumps(lines)),
        }
        out.append(loads_shipment(json.dumps(doc, ensure_ascii=False), source=f"demo {doc['id']}"))
    return out
