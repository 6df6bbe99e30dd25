"""One record of a registry in labelled fields, for the app's detail pane
(:func:`detail`): a project, person, organization, technical item, case (with its current
assessment in words and its review history) or list entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain.classification import RESULT_LABELS
from desk.domain.countries import COUNTRY_NAMES
from desk.domain.errors import NotFound
from desk.domain.i18n import N_, _
from desk.reports.labels import CHANNELS, CLASSIFICATIONS, EXEMPTIONS, OUTCOMES
from desk.services.context import ServiceContext
from desk.services.goods import case_link_info
from desk.services.registers.explain import assessment_sections
from desk.services.registers.registries import (
    EMPLOYMENT_FORM_LABELS,
    GOODS_CLASSIFICATION_CHOICES,
    KIND_LABELS,
    LOCATION_LABELS,
    OFFICIAL_STATUS_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    Detail,
    Section,
    columns,
)
from desk.services.registers.shipment_detail import shipment_detail
from desk.services.registers.trip_detail import trip_detail
from desk.services.registers.values import (
    _concerns,
    _countries,
    _country,
    _date,
    _dept,
    _label,
    _pair,
    _pairs,
    _period,
    _yes_no,
)
from desk.services.reviews import history_fields
from desk.storage.models import (
    Assessment,
    Case,
    GoodsItem,
    ListEntry,
    Organization,
    Person,
    Project,
    Shipment,
    ShipmentLine,
    TechnicalItem,
)

# --- details ------------------------------------------------------------------------


def _get(session: Session, model: type[Any], row_id: int, what: str) -> Any:
    obj = session.get(model, row_id)
    if obj is None:
        raise NotFound(_("No {what} with id {id}.").format(what=_(what), id=row_id))
    return obj


def _fields(*pairs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((_(label), value) for label, value in pairs)


def _project_detail(s: Session, row_id: int) -> Detail:
    p = _get(s, Project, row_id, N_("project"))
    items = ", ".join(t.title or f"#{t.id}" for t in p.technical_items)
    return Detail(
        p.id,
        p.title,
        _fields(
            (N_("Principal investigator"), (p.pi.display_name if p.pi else p.pi_name) or ""),
            (
                N_("Department"),
                _dept(p.department.name, p.department.name_en) if p.department else "",
            ),
            (N_("Period"), _period(p.starts_on, p.ends_on)),
            (N_("Status"), _label(STATUS_LABELS, p.status)),
            (N_("Funding sources"), ", ".join(p.funding_sources or ())),
            (N_("Technology fields"), ", ".join(p.technology_fields or ())),
            (N_("Technical data"), items),
        ),
    )


def _intake_of(s: Session, person_id: int) -> tuple[str, str]:
    """The person's received declarations and pledges (kind, date received, validity) and
    open requests, and their latest intake review (date, occasion, outcome), in words."""
    from sqlalchemy import select

    from desk.services.registers.declarations import (
        DOCUMENT_KIND_LABELS,
        DOCUMENT_STATUS_LABELS,
    )
    from desk.services.registers.intake import OCCASION_LABELS
    from desk.storage import models as m

    docs = s.scalars(
        select(m.IntakeDocument)
        .where(
            m.IntakeDocument.person_id == person_id,
            m.IntakeDocument.status.in_(("requested", "received")),
        )
        .order_by(m.IntakeDocument.id)
    )
    documents = "; ".join(
        f"{_(DOCUMENT_KIND_LABELS[d.kind])} ({_(DOCUMENT_STATUS_LABELS[d.status])}"
        + (f" {_date(d.received_on)}" if d.received_on else "")
        + (", " + _("valid until {day}").format(day=_date(d.valid_until)) if d.valid_until else "")
        + ")"
        for d in docs
    )
    last = s.scalars(
        select(m.IntakeReview)
        .where(m.IntakeReview.person_id == person_id)
        .order_by(m.IntakeReview.id.desc())
        .limit(1)
    ).first()
    review = ""
    if last is not None:
        review = (
            f"{_date(last.reviewed_on)} {_(OCCASION_LABELS[last.occasion])}: "
            f"{_(_REVIEW_OUTCOMES[last.outcome])}"
        )
    return documents, review


# the intake review outcomes in words ("cleared" alone reads as a screening decision)
_REVIEW_OUTCOMES = {
    "cleared": N_("no concern"),
    "conditions": N_("cleared with conditions"),
    "refused": N_("refused"),
    "pending": N_("pending"),
}


def _person_detail(s: Session, row_id: int) -> Detail:
    p = _get(s, Person, row_id, N_("person"))
    affiliations = "; ".join(
        a.organization.name + (f" ({_period(a.since, a.until)})" if a.since or a.until else "")
        for a in p.affiliations
    )
    employment = ""
    if p.employment_since or p.employment_employer:
        employment = ", ".join(
            x
            for x in (
                p.employment_employer or "",
                _label(EMPLOYMENT_FORM_LABELS, p.employment_form),
                _period(p.employment_since, p.employment_until),
            )
            if x
        )
    declarations = "; ".join(
        f"{_date(d.declared_on)}: " + (", ".join(str(t) for t in d.types) or _("none declared"))
        for d in p.declarations
    )
    documents, review = _intake_of(s, p.id)
    return Detail(
        p.id,
        p.name,
        _fields(
            (N_("Latin name"), p.name_latin or ""),
            (N_("Nationality"), _countries(p.nationalities)),
            (N_("Role"), _label(ROLE_LABELS, p.role)),
            (
                N_("Department"),
                _dept(p.department.name, p.department.name_en) if p.department else "",
            ),
            (N_("Location"), _label(LOCATION_LABELS, p.location)),
            (N_("Country of residence"), _country(p.country)),
            (N_("Entered Japan on"), _date(p.entered_japan_on)),
            (N_("Employment in Japan"), employment),
            (N_("Left Japan on"), _date(p.left_japan_on)),
            (N_("Returned on"), _date(p.returned_on)),
            (N_("Official status"), _label(OFFICIAL_STATUS_LABELS, p.official_status)),
            (N_("Affiliations"), affiliations),
            (N_("Ties"), str(len(p.ties)) if p.ties else ""),
            (N_("Declarations"), declarations),
            (N_("Declarations and pledges on file"), documents),
            (N_("Latest intake review"), review),
            (N_("Email"), p.email or ""),
            (N_("Notes"), p.notes or ""),
        ),
    )


def _organization_detail(s: Session, row_id: int) -> Detail:
    o = _get(s, Organization, row_id, N_("organization"))
    return Detail(
        o.id,
        o.name,
        _fields(
            (N_("Latin name"), o.name_latin or ""),
            (N_("Local names"), "; ".join(o.local_names or ())),
            (N_("Aliases"), "; ".join(o.aliases or ())),
            (N_("Country"), _country(o.country)),
            (N_("Kind"), _label(KIND_LABELS, o.kind)),
            (N_("Location"), _label(LOCATION_LABELS, o.location)),
            (N_("Official status"), _label(OFFICIAL_STATUS_LABELS, o.official_status)),
        ),
    )


def _classification_text(s: Session, item_id: int) -> str:
    """「該当 外為令別表の7の項(1)、貨物等省令第19条第1項 — 確認 佐藤 花子 2026-05-02」."""
    from desk.services.classification import classification_as_of

    c = classification_as_of(s, item_id)
    if c is None:
        return _("not recorded")
    parts = [_(RESULT_LABELS[c.result]), c.basis_text()]
    if c.confirmed:
        parts.append(
            _("confirmed by {name} on {day}").format(
                name=c.confirmed_by, day=c.confirmed_on.isoformat() if c.confirmed_on else ""
            )
        )
    else:
        parts.append(_("unconfirmed"))
    return " — ".join(p for p in parts if p)


def _coverage_text(s: Session, c: Case) -> str:
    """Whether the provision falls inside a valid licence (for an outcome that needs one)."""
    from desk.domain.localtime import today
    from desk.services.reviews import coverage_of

    cover = coverage_of(s, c, today())
    if cover.state in ("not_needed", "not_assessed"):
        return ""
    numbers = "、".join(lic.number or "—" for lic in cover.licences)
    text = cover.label + (f"（{numbers}）" if numbers else "")
    return "。".join([text, *cover.problems]) if cover.problems else text


def _item_detail(s: Session, row_id: int) -> Detail:
    t = _get(s, TechnicalItem, row_id, N_("technical item"))
    exemptions = "; ".join(_pair(EXEMPTIONS, e.basis) for e in t.exemptions)
    return Detail(
        t.id,
        t.title or f"#{t.id}",
        _fields(
            (N_("Classification"), _pair(CLASSIFICATIONS, t.classification)),
            (N_("Item"), t.item or ""),
            (N_("Item 16(1) (specific)"), _yes_no(t.specific_item_16_1)),
            (N_("Concern relevance"), _concerns(t.concern_relevance)),
            (N_("Project"), t.project.title if t.project else ""),
            (N_("Exemptions claimed"), exemptions),
            (N_("Classification record"), _classification_text(s, t.id)),
        ),
    )


def _goods_detail(s: Session, row_id: int) -> Detail:
    from desk.services.registers.goods_items import basis_text

    g = _get(s, GoodsItem, row_id, N_("goods item"))
    shipments = sorted(
        set(
            s.scalars(
                select(Shipment.ref)
                .join(ShipmentLine, ShipmentLine.shipment_id == Shipment.id)
                .where(ShipmentLine.goods_item_id == g.id)
            )
        )
    )
    value = f"{g.unit_value} {g.currency or ''}".strip() if g.unit_value else ""
    return Detail(
        g.id,
        " ".join(x for x in (g.name, g.model) if x),
        _fields(
            (N_("Maker"), g.maker or ""),
            (N_("HS code"), g.hs_code or ""),
            (N_("Value"), value),
            (N_("Classification"), _label(dict(GOODS_CLASSIFICATION_CHOICES), g.classification)),
            (N_("Item"), g.item or ""),
            (N_("Article of the ordinance"), g.article or ""),
            (N_("Basis documents"), basis_text(g.basis or [])),
            (N_("Classified by"), g.determined_by or ""),
            (N_("Classification officer"), g.checked_by or ""),
            (N_("Classified on"), _date(g.determined_on)),
            (N_("Ordinance revision applied"), _date(g.ordinance_version)),
            (N_("Shipments"), ", ".join(shipments)),
        ),
    )


def _case_detail(s: Session, row_id: int) -> Detail:
    c = _get(s, Case, row_id, N_("case"))
    recipient = c.person.name if c.person else (c.organization.name if c.organization else "")
    latest = c.assessments[-1] if c.assessments else None
    return Detail(
        c.id,
        f"{c.ref}  {c.title or ''}".strip(),
        _fields(
            (N_("Status"), _label(STATUS_LABELS, c.status)),
            (N_("Recipient"), recipient),
            (N_("Technical data"), c.technical_item.title or f"#{c.technical_item_id}"),
            (N_("Place of provision"), _label(LOCATION_LABELS, c.place)),
            (N_("Country"), _country(c.country)),
            (N_("Channels"), _pairs(CHANNELS, c.channels)),
            (N_("Provision date"), _date(c.provision_date)),
            (N_("As of"), _date(c.as_of)),
            (N_("Latest outcome"), _pair(OUTCOMES, latest.outcome) if latest else ""),
            (N_("Licence"), _coverage_text(s, c)),
            *_minimum_use_fields(s, c),
            (N_("Filed at"), _date(c.filed_at)),
            (N_("Notes"), c.notes or ""),
            *history_fields(s, c.id),  # the review workflow, oldest step first
        ),
        sections=_assessment_sections(latest),
    )


def _minimum_use_fields(s: Session, c: Case) -> tuple[tuple[str, str], ...]:
    """The cleared shipment the minimum-use-technology exemption relies on, or the warning."""
    info = case_link_info(s, c)
    if info.shipment_ref is None and info.warning is None:
        return ()
    label = _("Minimum use technology")
    if info.cleared and info.decided_on is not None:
        return (
            (
                label,
                _("relies on the export of goods {shipment} (approved on {date})").format(
                    shipment=info.shipment_ref, date=_date(info.decided_on)
                ),
            ),
        )
    return ((label, info.warning or ""),)


def _assessment_sections(a: Assessment | None) -> tuple[Section, ...]:
    """The current assessment explained: outcome, residency, hits, exemptions, reasons."""
    if a is None:
        return ()
    return assessment_sections(
        a.result,
        outcome=a.outcome,
        risk=a.risk,
        review_on=a.review_on,
        ruleset=(a.ruleset_id, a.ruleset_version),
        lists=a.list_versions or (),
        assessed_at=a.assessed_at,
    )


def _list_entry_detail(s: Session, row_id: int) -> Detail:
    e = _get(s, ListEntry, row_id, N_("list entry"))
    v = e.version
    return Detail(
        e.id,
        e.name,
        _fields(
            (N_("No."), e.no),
            (N_("Country"), _country(e.country) if e.country in COUNTRY_NAMES else e.country_name),
            (N_("Local names"), "; ".join(e.local_names or ())),
            (N_("Aliases"), "; ".join(e.aliases or ())),
            (N_("Concerns"), _concerns(e.wmd)),
            (N_("Conventional weapons"), _yes_no(e.cw)),
            (N_("List"), f"{v.source.source_id} {v.version}"),
            (N_("Imported at"), _date(v.imported_at)),
        ),
    )


_DETAILS: dict[str, Callable[[Session, int], Detail]] = {
    "projects": _project_detail,
    "people": _person_detail,
    "organizations": _organization_detail,
    "technical_items": _item_detail,
    "cases": _case_detail,
    "lists": _list_entry_detail,
    "shipments": shipment_detail,
    "trips": trip_detail,
    "goods_items": _goods_detail,
}


def query_detail(session: Session, registry: str, row_id: int) -> Detail:
    columns(registry)  # validates the name
    return _DETAILS[registry](session, row_id)


def detail(ctx: ServiceContext, registry: str, row_id: int) -> Detail:
    """The labelled fields of one record, for the detail pane."""
    with ctx.reading() as session:
        return query_detail(session, registry, row_id)
