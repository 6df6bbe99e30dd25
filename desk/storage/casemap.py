"""``desk-case/1`` cases ↔ database rows, both ways.

:func:`store_case` writes a :class:`desk.domain.case.Case` as rows: the recipient as a
``people`` or ``organizations`` row (with affiliations → organizations, ties and the
declaration), the technology as a ``technical_items`` row with its exemption claims,
the provision and cleared hits on the ``cases`` row. :func:`load_case` rebuilds the
case from the rows. Each row keeps the optional keys its source spelled out
(``given_keys``), so that ``load_case(store_case(c))`` writes the same JSON as ``c``
(apart from ``expected``, which is test-fixture data and not stored).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain import case as d
from desk.storage import models as m

# Recipient facts that only persons have columns for; on an organization recipient they
# are kept as JSON in ``organizations.extra_facts``.
PERSON_ONLY_FACTS = (
    "nationalities",
    "entered_japan_on",
    "employment_in_japan",
    "left_japan_on",
    "abroad_purpose",
    "intended_stay_years",
    "returned_on",
)
_EXEMPTION_FACTS = tuple(
    f.name for f in fields(d.ExemptionClaim) if f.name not in ("basis", "given")
)


def _keys(given: frozenset[str]) -> list[str]:
    return sorted(given)


def _given(keys: Iterable[str] | None) -> frozenset[str]:
    return frozenset(keys or ())


# --------------------------------------------------------------------------- case → rows


def store_case(session: Session, case: d.Case, existing: m.Case | None = None) -> m.Case:
    """Write ``case`` as rows; with ``existing``, its rows are overwritten with the new facts."""
    row = existing or m.Case(ref=case.id)
    tech = row.technical_item if existing is not None else m.TechnicalItem(classification="")
    _store_technology(tech, case.technology)
    row.technical_item = tech
    row.ref = case.id
    row.title = case.title
    row.as_of = case.as_of
    row.notes = case.notes
    row.given_keys = _keys(case.given - {"expected"})
    _store_provision(row, case.provision)
    row.cleared_hits = [
        m.ClearedHit(
            position=i,
            list_source=h.list,
            entry=h.entry,
            name=h.name,
            reason=h.reason,
            given_keys=_keys(h.given),
        )
        for i, h in enumerate(case.recipient.cleared_hits)
    ]
    rec = case.recipient
    if rec.kind == "person":
        person = (
            row.person
            if existing is not None and row.person is not None
            else m.Person(name=rec.name)
        )
        _store_person(session, person, rec)
        row.person, row.organization = person, None
    else:
        org = (
            row.organization
            if existing is not None and row.organization is not None
            else m.Organization(name=rec.name)
        )
        _store_organization_recipient(session, org, rec)
        row.person, row.organization = None, org
    if existing is None:
        session.add(row)
    return row


def _store_technology(tech: m.TechnicalItem, t: d.Technology) -> None:
    tech.title = t.title
    tech.classification = t.classification
    tech.item = t.item
    tech.specific_item_16_1 = t.specific_item_16_1
    tech.concern_relevance = list(t.concern_relevance)
    tech.given_keys = _keys(t.given)
    tech.exemptions = [
        m.ExemptionClaim(
            position=i,
            basis=e.basis,
            facts={name: getattr(e, name) for name in _EXEMPTION_FACTS},
            given_keys=_keys(e.given),
        )
        for i, e in enumerate(t.exemptions)
    ]


def _store_provision(row: m.Case, p: d.Provision) -> None:
    row.place = p.place
    row.country = p.country
    row.channels = list(p.channels)
    row.provision_date = p.date
    row.re_provision_evident = p.re_provision_evident
    row.re_provision_country = p.re_provision_country
    row.known_end_use = p.known_end_use
    row.known_end_user = list(p.known_end_user)
    row.inform = p.inform
    row.provision_given_keys = _keys(p.given)
    cf = p.clear_finding
    row.clear_finding_documented = None if cf is None else cf.documented
    row.clear_finding_rationale = None if cf is None else cf.rationale
    row.clear_finding_given_keys = None if cf is None else _keys(cf.given)


def _store_person(session: Session, person: m.Person, r: d.Recipient) -> None:
    person.name = r.name
    person.name_latin = r.name_latin
    person.official_status = r.official_status
    person.nationalities = list(r.nationalities)
    person.country = r.country
    person.location = r.location
    person.entered_japan_on = r.entered_japan_on
    emp = r.employment_in_japan
    person.employment_employer = emp.employer if emp else None
    person.employment_form = emp.form if emp else None
    person.employment_since = emp.since if emp else None
    person.employment_until = emp.until if emp else None
    person.employment_given_keys = _keys(emp.given) if emp else None
    person.left_japan_on = r.left_japan_on
    person.abroad_purpose = r.abroad_purpose
    person.intended_stay_years = r.intended_stay_years
    person.returned_on = r.returned_on
    person.given_keys = _keys(r.given)
    person.affiliations = [
        m.Affiliation(
            position=i, organization=_organization_for(session, a), given_keys=_keys(a.given)
        )
        for i, a in enumerate(r.affiliations)
    ]
    person.ties = [_tie_row(i, t) for i, t in enumerate(r.ties)]
    person.declarations = [_declaration_row(r.declaration)] if r.declaration else []


def _store_organization_recipient(session: Session, org: m.Organization, r: d.Recipient) -> None:
    org.name = r.name
    org.name_latin = r.name_latin
    org.official_status = r.official_status
    org.country = r.country
    org.location = r.location
    org.given_keys = _keys(r.given)
    rec_json = d.case_to_dict(_carrier(r))["recipient"]
    extra = {k: rec_json[k] for k in PERSON_ONLY_FACTS if k in rec_json}
    org.extra_facts = extra or None
    org.member_affiliations = [
        m.Affiliation(
            position=i, organization=_organization_for(session, a), given_keys=_keys(a.given)
        )
        for i, a in enumerate(r.affiliations)
    ]
    org.ties = [_tie_row(i, t) for i, t in enumerate(r.ties)]
    org.declarations = [_declaration_row(r.declaration)] if r.declaration else []


def _carrier(r: d.Recipient) -> d.Case:
    """A throw-away case around ``r``, to reuse the format's writer for a recipient."""
    return d.Case(id="-", technology=d.Technology(classification="undetermined"), recipient=r)


def _organization_for(session: Session, a: d.Affiliation) -> m.Organization:
    """The organization an affiliation names: the same name, country and kind, or a new one.

    Found organizations are remembered in ``session.info`` for the rest of the unit of
    work, so an import of many cases naming the same university asks the database once.
    """
    memo: dict[tuple[str, str | None, str | None], m.Organization] = session.info.setdefault(
        "desk.casemap.organizations", {}
    )
    key = (a.name, a.country, a.kind)
    known = memo.get(key)
    if known is not None and known.location is None and known.official_status is None:
        return known
    query = select(m.Organization).where(m.Organization.name == a.name)
    query = query.where(
        m.Organization.country.is_(None)
        if a.country is None
        else m.Organization.country == a.country
    )
    query = query.where(
        m.Organization.kind.is_(None) if a.kind is None else m.Organization.kind == a.kind
    )
    query = query.where(m.Organization.location.is_(None), m.Organization.official_status.is_(None))
    # never an organization that is a case's recipient: re-importing that case rewrites it
    query = query.where(
        ~select(m.Case.id).where(m.Case.organization_id == m.Organization.id).exists()
    )
    with session.no_autoflush:
        found = session.scalars(query.order_by(m.Organization.id).limit(1)).first()
    if found is None:
        found = m.Organization(name=a.name, country=a.country, kind=a.kind)
        session.add(found)
    memo[key] = found
    return found


def _tie_row(i: int, t: d.Tie) -> m.Tie:
    return m.Tie(
        position=i,
        type=t.type,
        counterparty=t.counterparty,
        counterparty_kind=t.counterparty_kind,
        country=t.country,
        follows_directions=t.follows_directions,
        priority_agreement=t.priority_agreement,
        paid_to=t.paid_to,
        share_of_income=t.share_of_income,
        timing=t.timing,
        repayment_waived=t.repayment_waived,
        given_keys=_keys(t.given),
    )


def _declaration_row(decl: d.Declaration) -> m.Declaration:
    return m.Declaration(
        declared_on=decl.declared_on, types=list(decl.types), given_keys=_keys(decl.given)
    )


# --------------------------------------------------------------------------- rows → case


def load_case(row: m.Case) -> d.Case:
    """The ``desk-case/1`` case the rows hold (without ``expected``)."""
    given = _given(row.given_keys)
    return d.Case(
        id=row.ref,
        technology=_technology(row.technical_item),
        recipient=_recipient(row),
        provision=_provision(row),
        title=row.title,
        as_of=row.as_of,
        notes=row.notes,
        given=given - {"expected"},
    )


def _technology(t: m.TechnicalItem) -> d.Technology:
    return d.Technology(
        classification=t.classification,
        title=t.title,
        item=t.item,
        specific_item_16_1=t.specific_item_16_1,
        concern_relevance=tuple(t.concern_relevance or ()),
        exemptions=tuple(
            d.ExemptionClaim(
                basis=e.basis,
                **{k: v for k, v in (e.facts or {}).items() if k in _EXEMPTION_FACTS},
                given=_given(e.given_keys),
            )
            for e in t.exemptions
        ),
        given=_given(t.given_keys),
    )


def _provision(row: m.Case) -> d.Provision:
    cf = None
    if row.clear_finding_documented is not None:
        cf = d.ClearFinding(
            documented=row.clear_finding_documented,
            rationale=row.clear_finding_rationale,
            given=_given(row.clear_finding_given_keys),
        )
    return d.Provision(
        place=row.place,
        country=row.country,
        channels=tuple(row.channels or ()),
        date=row.provision_date,
        re_provision_evident=row.re_provision_evident,
        re_provision_country=row.re_provision_country,
        known_end_use=row.known_end_use,
        known_end_user=tuple(row.known_end_user or ()),
        inform=row.inform,
        clear_finding=cf,
        given=_given(row.provision_given_keys),
    )


def _cleared_hits(row: m.Case) -> tuple[d.ClearedHit, ...]:
    return tuple(
        d.ClearedHit(
            list=h.list_source,
            entry=h.entry,
            name=h.name,
            reason=h.reason,
            given=_given(h.given_keys),
        )
        for h in row.cleared_hits
    )


def _affiliations(rows: Iterable[m.Affiliation]) -> tuple[d.Affiliation, ...]:
    return tuple(
        d.Affiliation(
            name=a.organization.name,
            country=a.organization.country,
            kind=a.organization.kind,
            given=_given(a.given_keys),
        )
        for a in rows
    )


def _ties(rows: Iterable[m.Tie]) -> tuple[d.Tie, ...]:
    return tuple(
        d.Tie(
            type=t.type,
            counterparty=t.counterparty,
            counterparty_kind=t.counterparty_kind,
            country=t.country,
            follows_directions=t.follows_directions,
            priority_agreement=t.priority_agreement,
            paid_to=t.paid_to,
            share_of_income=t.share_of_income,
            timing=t.timing,
            repayment_waived=t.repayment_waived,
            given=_given(t.given_keys),
        )
        for t in rows
    )


def _declaration(rows: Iterable[m.Declaration]) -> d.Declaration | None:
    latest = max(rows, key=lambda x: (x.declared_on, x.id or 0), default=None)
    if latest is None:
        return None
    return d.Declaration(
        declared_on=latest.declared_on,
        types=tuple(latest.types or ()),
        given=_given(latest.given_keys),
    )


def _recipient(row: m.Case) -> d.Recipient:
    if row.person is not None:
        p = row.person
        emp = None
        if p.employment_since is not None and p.employment_form is not None:
            emp = d.Employment(
                since=p.employment_since,
                form=p.employment_form,
                employer=p.employment_employer,
                until=p.employment_until,
                given=_given(p.employment_given_keys),
            )
        return d.Recipient(
            name=p.name,
            kind="person",
            official_status=p.official_status,
            name_latin=p.name_latin,
            nationalities=tuple(p.nationalities or ()),
            country=p.country,
            location=p.location,
            entered_japan_on=p.entered_japan_on,
            employment_in_japan=emp,
            left_japan_on=p.left_japan_on,
            abroad_purpose=p.abroad_purpose,
            intended_stay_years=p.intended_stay_years,
            returned_on=p.returned_on,
            affiliations=_affiliations(p.affiliations),
            ties=_ties(p.ties),
            cleared_hits=_cleared_hits(row),
            declaration=_declaration(p.declarations),
            given=_given(p.given_keys),
        )
    org = row.organization
    if org is None:
        raise ValueError(f"case {row.ref} has no recipient")
    extra: dict[str, Any] = {}
    if org.extra_facts:
        parsed = d.parse_recipient({"name": org.name, **org.extra_facts}, "recipient")
        extra = {k: getattr(parsed, k) for k in PERSON_ONLY_FACTS}
    return d.Recipient(
        name=org.name,
        kind="organization",
        official_status=org.official_status,
        name_latin=org.name_latin,
        country=org.country,
        location=org.location,
        affiliations=_affiliations(org.member_affiliations),
        ties=_ties(org.ties),
        cleared_hits=_cleared_hits(row),
        declaration=_declaration(org.declarations),
        given=_given(org.given_keys),
        **extra,
    )


def recipient_name(row: m.Case) -> str:
    if row.person is not None:
        return row.person.name
    return row.organization.name if row.organization is not None else ""


def as_date(value: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def case_load_options() -> list[Any]:
    """Loader options that fetch everything :func:`load_case` reads, in a few queries."""
    from sqlalchemy.orm import selectinload

    person = selectinload(m.Case.person)
    org = selectinload(m.Case.organization)
    return [
        selectinload(m.Case.technical_item).selectinload(m.TechnicalItem.exemptions),
        selectinload(m.Case.cleared_hits),
        person.selectinload(m.Person.affiliations).selectinload(m.Affiliation.organization),
        person.selectinload(m.Person.ties),
        person.selectinload(m.Person.declarations),
        org.selectinload(m.Organization.member_affiliations).selectinload(
            m.Affiliation.organization
        ),
        org.selectinload(m.Organization.ties),
        org.selectinload(m.Organization.declarations),
    ]


def case_fingerprint(case: d.Case) -> str:
    """SHA-256 of the case document (without ``expected``): what an assessment judged."""
    import hashlib
    import json

    doc = d.case_to_dict(case, include_expected=False)
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
