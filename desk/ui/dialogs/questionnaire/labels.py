"""What the questionnaire shows instead of codes: control-list items by name."""

from __future__ import annotations

Pair = tuple[str, str]

# 外為令別表 items by name (the questionnaire shows the name, never the number)
ITEM_NAMES: dict[str, Pair] = {
    "1": ("武器", "Arms"),
    "2": ("原子力", "Nuclear"),
    "3": ("化学兵器", "Chemical weapons"),
    "3-2": ("生物兵器", "Biological weapons"),
    "4": ("ミサイル", "Missiles"),
    "5": ("先端材料", "Advanced materials"),
    "6": ("材料加工", "Materials processing"),
    "7": ("エレクトロニクス", "Electronics"),
    "8": ("電子計算機", "Computers"),
    "9": ("通信", "Telecommunications"),
    "10": ("センサー・レーザー", "Sensors and lasers"),
    "11": ("航法装置", "Navigation"),
    "12": ("海洋関連", "Marine"),
    "13": ("推進装置", "Propulsion"),
    "14": ("その他（軍需品等）", "Other (military)"),
    "15": ("機微品目", "Sensitive items"),
}
