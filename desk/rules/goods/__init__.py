"""desk.rules.goods: the goods (貨物) engine, goods-policy.md §G1–§G12 (pure).

Public interface:

- :func:`assess_shipment` ``(shipment, *, lists, ruleset=None, today=None)``
  → :class:`ShipmentAssessment` with ``to_json()`` (goods-format.md)
- :class:`GoodsRuleSet`, :func:`load_goods_ruleset`, :func:`select_goods_ruleset`

Where each section lives: §G2 terms and §G3 screening in :mod:`.facts`; §G4 order in
:mod:`.engine` — step 0 :mod:`.sanctions`, step 1 :mod:`.classification`, steps 2 and 4
:mod:`.catchall`, step 3 :mod:`.listed`; §G5 :mod:`.exceptions`; §G6 and the
unknowns of §G7 in :mod:`.verdict` and :mod:`.unknowns`; §G8, §G10, §G11 in
:mod:`.outcome`; §G9 reasons in :mod:`.reasons`; the tables in :mod:`.ruleset`.
"""

from desk.rules.goods.answer import LineAnswer, Records, ShipmentAssessment
from desk.rules.goods.engine import assess_shipment
from desk.rules.goods.reasons import GoodsReason
from desk.rules.goods.ruleset import (
    GoodsRuleSet,
    available_goods_rulesets,
    load_goods_ruleset,
    parse_goods_ruleset,
    select_goods_ruleset,
)

__all__ = [
    "GoodsReason",
    "GoodsRuleSet",
    "LineAnswer",
    "Records",
    "ShipmentAssessment",
    "assess_shipment",
    "available_goods_rulesets",
    "load_goods_ruleset",
    "parse_goods_ruleset",
    "select_goods_ruleset",
]
