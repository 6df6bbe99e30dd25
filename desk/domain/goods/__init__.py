"""desk.domain.goods: the ``desk-shipment/1`` shipment of goods (貨物), pure data.

- :mod:`.model`: frozen dataclasses (:class:`Shipment`, :class:`GoodsLine`, …)
- :mod:`.loader`: strict loading (:func:`load_shipment_file`, :func:`loads_shipment`),
  built from :mod:`.parsing`
- :mod:`.writer`: the document back (:func:`shipment_to_dict`, :func:`dumps_shipment`)
"""

from desk.domain.goods.loader import (
    load_shipment_file,
    loads_shipment,
    parse_document,
    parse_shipment,
)
from desk.domain.goods.model import (
    FORMAT,
    BasisDocument,
    CertificateIssuer,
    Claim,
    Classification,
    ClearedHit,
    ClearFinding,
    Contract,
    GoodsLine,
    Party,
    Shipment,
    ShipmentInfo,
    Traveller,
    item_number,
)
from desk.domain.goods.parsing import decode, read_text
from desk.domain.goods.writer import dumps_shipment, shipment_to_dict

__all__ = [
    "FORMAT",
    "BasisDocument",
    "CertificateIssuer",
    "Claim",
    "Classification",
    "ClearFinding",
    "ClearedHit",
    "Contract",
    "GoodsLine",
    "Party",
    "Shipment",
    "ShipmentInfo",
    "Traveller",
    "decode",
    "dumps_shipment",
    "item_number",
    "load_shipment_file",
    "loads_shipment",
    "parse_document",
    "parse_shipment",
    "read_text",
    "shipment_to_dict",
]
