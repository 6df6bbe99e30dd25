"""``desk-case/1`` cases ↔ database rows, both ways.

:func:`store_case` writes a :class:`desk.domain.case.Case` as rows: the recipient as a
``people`` or ``organizations`` row (with affiliations → organizations, ties and the
declaration), the technology as a ``technical_items`` row with its exemption claims,
the provision and cleared hits on the ``cases`` row. :func:`load_case` rebuilds the
case from the rows. Each row keeps the optional keys its source spelled out
(``given_keys``), so that ``load_case(store_case(c))`` writes the same JSON as ``c``
(apart from ``expected``, which is test-fixture data and not stored).

The field-by-field correspondence is declared once, in :mod:`desk.storage.fieldmap`
(row column, dataclass field, converters both ways), and used by both directions here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from desk.domain import case as d
from desk.storage.fieldmap import (
    CASE,
    CLEAR_FINDING,
    CLEARED_HIT,
    DECLARATION,
    EMPLOYMENT,
    PERSON,
    PROVISION,
    RECIPIENT,
    TECHNOLOGY,
    TIE,
    domain_values,
    row_values,
)
from desk.storage.fieldmap import (
    fill as _fill,
)
from desk.storage.fieldmap import (
    given as _given,
)
from desk.storage.fieldmap import (
    keys as _keys,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

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


# --------------------------------------------------------------------------- case → rows


def store_case(session: Session, case: d.Case, existing: m.Case | None = None) -> m.Case:
    """Write ``case`` as rows; with ``existing``, its rows are overwritten with the new facts."""
    from desk.storage import caselinks
    from desk.storage import models as m

    row = existing or m.Case(ref=case.id)
    tech = caselinks.technical_item_for(session, case.technology, row)
    _store_technology(tech, case.technology)
    row.technical_item = tech
    _fill(row, case, CASE)
    _store_provision(row, case.provision)
    row.cleared_hits = [
        m.ClearedHit(position=i, **row_values(h, CLEARED_HIT))
        for i, h in enumerate(case.recipient.cleared_hits)
    ]
    rec = case.recipient
    if rec.kind == "person":
        person = caselinks.person_for(session, rec, row)
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
    from desk.storage import models as m

    _fill(tech, t, TECHNOLOGY)
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
    _fill(row, p, PROVISION)
    _fill(row, p.clear_finding, CLEAR_FINDING)


def _store_person(session: Session, person: m.Person, r: d.Recipient) -> None:
    _fill(person, r, RECIPIENT + PERSON)
    _fill(person, r.employment_in_japan, EMPLOYMENT)
    person.affiliations = _affiliation_rows(session, r)
    person.ties = [_tie_row(i, t) for i, t in enumerate(r.ties)]
    person.declarations = [_declaration_row(r.declaration)] if r.declaration else []


def _store_organization_recipient(session: Session, org: m.Organization, r: d.Recipient) -> None:
    _fill(org, r, RECIPIENT)
    rec_json = d.case_to_dict(carrier(r))["recipient"]
    extra = {k: rec_json[k] for k in PERSON_ONLY_FACTS if k in rec_json}
    org.extra_facts = extra or None
    org.member_affiliations = _affiliation_rows(session, r)
    org.ties = [_tie_row(i, t) for i, t in enumerate(r.ties)]
    org.declarations = [_declaration_row(r.declaration)] if r.declaration else []


def _affiliation_rows(session: Session, r: d.Recipient) -> list[m.Affiliation]:
    from desk.storage import caselinks
    from desk.storage import models as m

    rows = []
    for i, a in enumerate(r.affiliations):
        org, as_written = caselinks.organization_for(session, a)
        rows.append(
            m.Affiliation(
                position=i, organization=org, given_keys=_keys(a.given), as_written=as_written
            )
        )
    return rows


def carrier(r: d.Recipient) -> d.Case:
    """A throw-away case around ``r``, to reuse the format's writer for a recipient."""
    return d.Case(id="-", technology=d.Technology(classification="undetermined"), recipient=r)


def _tie_row(i: int, t: d.Tie) -> m.Tie:
    from desk.storage import models as m

    return m.Tie(position=i, **row_values(t, TIE))


def _declaration_row(decl: d.Declaration) -> m.Declaration:
    from desk.storage import models as m

    return m.Declaration(**row_values(decl, DECLARATION))


# --------------------------------------------------------------------------- rows → case


def load_case(row: m.Case) -> d.Case:
    """The ``desk-case/1`` case the rows hold (without ``expected``)."""
    return d.Case(
        technology=technology_of(row.technical_item),
        recipient=_recipient(row),
        provision=_provision(row),
        **domain_values(row, CASE),
    )


def technology_of(t: m.TechnicalItem) -> d.Technology:
    return d.Technology(
        exemptions=tuple(
            d.ExemptionClaim(
                basis=e.basis,
                **{k: v for k, v in (e.facts or {}).items() if k in _EXEMPTION_FACTS},
                given=_given(e.given_keys),
            )
            for e in t.exemptions
        ),
        **domain_values(t, TECHNOLOGY),
    )


def _provision(row: m.Case) -> d.Provision:
    cf = None
    if row.clear_finding_documented is not None:
        cf = d.ClearFinding(**domain_values(row, CLEAR_FINDING))
    return d.Provision(clear_finding=cf, **domain_values(row, PROVISION))


def _cleared_hits(row: m.Case) -> tuple[d.ClearedHit, ...]:
    return tuple(d.ClearedHit(**domain_values(h, CLEARED_HIT)) for h in row.cleared_hits)


def _affiliations(rows: Iterable[m.Affiliation]) -> tuple[d.Affiliation, ...]:
    return tuple(
        d.Affiliation(
            name=a.as_written["name"] if a.as_written else a.organization.name,
            country=a.as_written.get("country") if a.as_written else a.organization.country,
            kind=a.as_written.get("kind") if a.as_written else a.organization.kind,
            given=_given(a.given_keys),
        )
        for a in rows
    )


def _ties(rows: Iterable[m.Tie]) -> tuple[d.Tie, ...]:
    return tuple(d.Tie(**domain_values(t, TIE)) for t in rows)


def _declaration(rows: Iterable[m.Declaration]) -> d.Declaration | None:
    latest = max(rows, key=lambda x: (x.declared_on, x.id or 0), default=None)
    if latest is None:
        return None
    return d.Declaration(**domain_values(latest, DECLARATION))


def _recipient(row: m.Case) -> d.Recipient:
    if row.person is not None:
        return person_recipient(row.person, _cleared_hits(row))
    return _organization_recipient(row)


def person_recipient(p: m.Person, cleared: tuple[d.ClearedHit, ...] = ()) -> d.Recipient:
    """The recipient facts a person row holds (with ``cleared`` as its cleared hits)."""
    emp = None
    if p.employment_since is not None and p.employment_form is not None:
        emp = d.Employment(**domain_values(p, EMPLOYMENT))
    return d.Recipient(
        kind="person",
        employment_in_japan=emp,
        **domain_values(p, RECIPIENT + PERSON),
        affiliations=_affiliations(p.affiliations),
        ties=_ties(p.ties),
        cleared_hits=cleared,
        declaration=_declaration(p.declarations),
    )


def _organization_recipient(row: m.Case) -> d.Recipient:
    org = row.organization
    if org is None:
        raise ValueError(f"case {row.ref} has no recipient")
    extra: dict[str, Any] = {}
    if org.extra_facts:
        parsed = d.parse_recipient({"name": org.name, **org.extra_facts}, "recipient")
        extra = {k: getattr(parsed, k) for k in PERSON_ONLY_FACTS}
    return d.Recipient(
        kind="organization",
        **domain_values(org, RECIPIENT),
        affiliations=_affiliations(org.member_affiliations),
        ties=_ties(org.ties),
        cleared_hits=_cleared_hits(row),
        declaration=_declaration(org.declarations),
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

    from desk.storage import models as m

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
