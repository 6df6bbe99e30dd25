"""Registers: reading the registries (people, organizations, projects, technical data,
cases, list entries) for the app's tables and detail panes.

Use cases: the registers themselves — add, edit, show, list, merge and retire people,
organizations (screened when added or renamed), projects (members, funding, partners) and
technical data (:mod:`.editing` over :mod:`.people`, :mod:`.organizations`,
:mod:`.projects`, :mod:`.technical`, :mod:`.merging`; checks in :mod:`.fields`); one
page of a registry, filtered and sorted in SQL (:mod:`.queries`), and one
record's labelled detail (:mod:`.details`); a stored assessment explained in words
(:mod:`.explain`); what the registries are — names, columns, row and detail shapes,
labels (:mod:`.registries`), with the shared value formatting (:mod:`.values`).

The shapes are imported at once; the queries (which pull in SQLAlchemy) only when first
used, so that the app builds its window before the database stack loads
(``bench/startup.py``). Other subpackages, ``desk.demo``, ``desk.cli`` and ``desk.ui``
import from here only.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from desk.services.registers.registries import (
    BAND_LABELS,
    CONCERN_LABELS,
    EMPLOYMENT_FORM_LABELS,
    KIND_LABELS,
    LOCATION_LABELS,
    OFFICIAL_STATUS_LABELS,
    REGISTRIES,
    ROLE_LABELS,
    STATUS_LABELS,
    CaseCol,
    Column,
    Detail,
    Filter,
    GoodsItemCol,
    ListCol,
    OrganizationCol,
    Page,
    PersonCol,
    ProjectCol,
    Row,
    Section,
    ShipmentCol,
    TechnicalItemCol,
    TripCol,
    columns,
    filters,
)

if TYPE_CHECKING:
    from desk.services.registers.choices import RegisterChoices, register_choices
    from desk.services.registers.declarations import (
        DOCUMENT_KIND_LABELS,
        DOCUMENT_STATUS_LABELS,
        CampaignInfo,
        IntakeDocumentInfo,
        campaign_status,
        declaration_on,
        declarations_expiring,
        end_document,
        expire_documents,
        list_campaigns,
        list_documents,
        receive_document,
        request_document,
        start_campaign,
    )
    from desk.services.registers.details import detail, query_detail
    from desk.services.registers.editing import (
        FIELDS,
        add,
        edit,
        list_records,
        merge,
        retire,
        show,
    )
    from desk.services.registers.explain import (
        assessment_sections,
        pair_label,
    )
    from desk.services.registers.export import (
        FORMATS,
        REGISTRY_KINDS,
        ExportResult,
        export_registry,
        registry_table,
    )
    from desk.services.registers.home import HomeItem, HomeSection, HomeSummary, home_summary
    from desk.services.registers.intake import (
        FACT_LABELS,
        OCCASION_LABELS,
        OUTCOME_LABELS,
        IntakeReviewInfo,
        ReviewDue,
        ReviewStatus,
        intake_reviews,
        review_person,
        review_status,
        reviews_due,
    )
    from desk.services.registers.organizations import screen_organization
    from desk.services.registers.people import add_person_event
    from desk.services.registers.projects import add_funding, add_member
    from desk.services.registers.queries import MAX_PAGE, browse, filter_departments, query_page
    from desk.services.registers.records import (
        KINDS,
        RecordSeen,
        RegisterRecord,
        RegisterSummary,
    )
    from desk.services.registers.roster import (
        REVIEW_STATUS_LABELS,
        ROSTER_ACTIONS,
        RosterImport,
        RosterReviewItem,
        RosterRowResult,
        accept_review,
        import_roster,
        reject_review,
        roster_reviews,
    )
    from desk.services.registers.roster_file import ROSTER_HEADERS, Roster, read_roster

_LAZY = {
    "MAX_PAGE": "queries",
    "query_page": "queries",
    "query_detail": "details",
    "browse": "queries",
    "filter_departments": "queries",
    "detail": "details",
    "pair_label": "explain",
    "assessment_sections": "explain",
    "FIELDS": "editing",
    "HomeItem": "home",
    "HomeSection": "home",
    "HomeSummary": "home",
    "home_summary": "home",
    "RegisterChoices": "choices",
    "register_choices": "choices",
    "add": "editing",
    "edit": "editing",
    "show": "editing",
    "retire": "editing",
    "merge": "editing",
    "list_records": "editing",
    "add_person_event": "people",
    "add_member": "projects",
    "add_funding": "projects",
    "screen_organization": "organizations",
    "KINDS": "records",
    "RegisterRecord": "records",
    "RecordSeen": "records",
    "RegisterSummary": "records",
    "FACT_LABELS": "intake",
    "OCCASION_LABELS": "intake",
    "OUTCOME_LABELS": "intake",
    "IntakeReviewInfo": "intake",
    "ReviewDue": "intake",
    "intake_reviews": "intake",
    "review_person": "intake",
    "reviews_due": "intake",
    "ReviewStatus": "intake",
    "review_status": "intake",
    "CampaignInfo": "declarations",
    "DOCUMENT_KIND_LABELS": "declarations",
    "DOCUMENT_STATUS_LABELS": "declarations",
    "REVIEW_STATUS_LABELS": "roster",
    "ROSTER_ACTIONS": "roster",
    "IntakeDocumentInfo": "declarations",
    "campaign_status": "declarations",
    "declaration_on": "declarations",
    "declarations_expiring": "declarations",
    "end_document": "declarations",
    "expire_documents": "declarations",
    "list_campaigns": "declarations",
    "list_documents": "declarations",
    "receive_document": "declarations",
    "request_document": "declarations",
    "start_campaign": "declarations",
    "FORMATS": "export",
    "REGISTRY_KINDS": "export",
    "ExportResult": "export",
    "export_registry": "export",
    "registry_table": "export",
    "RosterImport": "roster",
    "RosterReviewItem": "roster",
    "RosterRowResult": "roster",
    "accept_review": "roster",
    "import_roster": "roster",
    "reject_review": "roster",
    "roster_reviews": "roster",
    "ROSTER_HEADERS": "roster_file",
    "Roster": "roster_file",
    "read_roster": "roster_file",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "BAND_LABELS",
    "CONCERN_LABELS",
    "DOCUMENT_KIND_LABELS",
    "DOCUMENT_STATUS_LABELS",
    "EMPLOYMENT_FORM_LABELS",
    "FACT_LABELS",
    "FIELDS",
    "FORMATS",
    "KINDS",
    "KIND_LABELS",
    "LOCATION_LABELS",
    "MAX_PAGE",
    "OCCASION_LABELS",
    "OFFICIAL_STATUS_LABELS",
    "OUTCOME_LABELS",
    "REGISTRIES",
    "REGISTRY_KINDS",
    "REVIEW_STATUS_LABELS",
    "ROLE_LABELS",
    "ROSTER_ACTIONS",
    "ROSTER_HEADERS",
    "STATUS_LABELS",
    "CampaignInfo",
    "CaseCol",
    "Column",
    "Detail",
    "ExportResult",
    "Filter",
    "GoodsItemCol",
    "HomeItem",
    "HomeSection",
    "HomeSummary",
    "IntakeDocumentInfo",
    "IntakeReviewInfo",
    "ListCol",
    "OrganizationCol",
    "Page",
    "PersonCol",
    "ProjectCol",
    "RecordSeen",
    "RegisterChoices",
    "RegisterRecord",
    "RegisterSummary",
    "ReviewDue",
    "ReviewStatus",
    "Roster",
    "RosterImport",
    "RosterReviewItem",
    "RosterRowResult",
    "Row",
    "Section",
    "ShipmentCol",
    "TechnicalItemCol",
    "TripCol",
    "accept_review",
    "add",
    "add_funding",
    "add_member",
    "add_person_event",
    "assessment_sections",
    "browse",
    "campaign_status",
    "columns",
    "declaration_on",
    "declarations_expiring",
    "detail",
    "edit",
    "end_document",
    "expire_documents",
    "export_registry",
    "filter_departments",
    "filters",
    "home_summary",
    "import_roster",
    "intake_reviews",
    "list_campaigns",
    "list_documents",
    "list_records",
    "merge",
    "pair_label",
    "query_detail",
    "query_page",
    "read_roster",
    "receive_document",
    "register_choices",
    "registry_table",
    "reject_review",
    "request_document",
    "retire",
    "review_person",
    "review_status",
    "reviews_due",
    "roster_reviews",
    "screen_organization",
    "show",
    "start_campaign",
]
