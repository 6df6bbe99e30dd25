"""desk.services.goods: shipments of goods (貨物) and the goods register.

Use cases: :func:`import_shipments`, :func:`list_shipments`, :func:`get_shipment`,
:func:`assess_shipments`, :func:`export_shipments`, :func:`list_goods_items`,
:func:`issue_certificate` (the 非該当証明書 PDF), and for the app's form
:func:`shipment_document` and :func:`save_shipment` (store, judge, answer); the cleared
shipment a case's minimum-use-technology exemption relies on: :func:`link_case_shipment`,
:func:`case_shipment_link`, :func:`cleared_shipments`.
"""

from desk.services.goods.certificates import certificate_data, issue_certificate
from desk.services.goods.form import (
    SavedShipment,
    save_shipment,
    shipment_document,
    shipment_status,
)
from desk.services.goods.links import (
    CaseShipmentLinkInfo,
    ClearedShipment,
    case_link_info,
    case_shipment_link,
    cleared_shipments,
    link_case_shipment,
)
from desk.services.goods.shipments import (
    GoodsItemSummary,
    ShipmentAssessRun,
    ShipmentExport,
    ShipmentImport,
    ShipmentSummary,
    assess_shipments,
    export_shipments,
    get_shipment,
    import_shipment_documents,
    import_shipments,
    list_goods_items,
    list_shipments,
    read_shipment_files,
    summarize_shipment,
)
from desk.services.goods.store import load_shipment

__all__ = [
    "CaseShipmentLinkInfo",
    "ClearedShipment",
    "GoodsItemSummary",
    "SavedShipment",
    "ShipmentAssessRun",
    "ShipmentExport",
    "ShipmentImport",
    "ShipmentSummary",
    "assess_shipments",
    "case_link_info",
    "case_shipment_link",
    "certificate_data",
    "cleared_shipments",
    "export_shipments",
    "get_shipment",
    "import_shipment_documents",
    "import_shipments",
    "issue_certificate",
    "link_case_shipment",
    "list_goods_items",
    "list_shipments",
    "load_shipment",
    "read_shipment_files",
    "save_shipment",
    "shipment_document",
    "shipment_status",
    "summarize_shipment",
]
