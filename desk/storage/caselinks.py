"""Which registered rows a stored case links to: its recipient person, its technical item
and the organizations of the recipient's affiliations (used by :mod:`desk.storage.casemap`).

A case links to an existing record instead of creating a duplicate when
- organization (affiliation): :func:`desk.storage.matching.find_organizations` finds it —
  the same name, or a cross-script key or alias of a registered one. When the registered
  organization is spelled otherwise, the affiliation keeps the case file's spelling
  (``affiliations.as_written``), so the case exports as it was written;
- person: :func:`desk.storage.matching.find_people` finds the same person (name, Latin
  name or reading; nationalities agreeing) and either no other case uses that person yet
  (a person registered in the register: the case's facts fill it in) or the person's facts
  are those of this case file;
- technical item: an item with the same title, classification and item number that no
  other case uses yet, or whose facts are this case's.

A row that other cases share is never rewritten with different facts: a re-imported case
whose facts changed moves to another (found or new) row, so that every other case still
exports what it said. The register (``desk people merge``) joins records that really are
one; this module never merges on a name alone when the facts disagree.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.domain import case as d
from desk.storage import models as m

T = TypeVar("T")

_CLAIMS = "desk.caselinks.claims"
_PENDING = "desk.caselinks.pending"


def _claim(session: Session, row: T, case: m.Case) -> T:
    """Note that ``case`` uses ``row`` in this unit of work (nothing is flushed before the
    end of an import, so the database alone cannot tell)."""
    claims: dict[int, set[int]] = session.info.setdefault(_CLAIMS, {})
    claims.setdefault(id(row), set()).add(id(case))
    if getattr(row, "id", None) is None:
        pending: list[Any] = session.info.setdefault(_PENDING, [])
        if all(p is not row for p in pending):
            pending.append(row)
    return row


def _pending(session: Session, model: Any) -> list[Any]:
    return [r for r in session.info.get(_PENDING, []) if isinstance(r, model)]


def _used_elsewhere(session: Session, column: Any, row: Any, case: m.Case) -> bool:
    claims: dict[int, set[int]] = session.info.get(_CLAIMS, {})
    if claims.get(id(row), set()) - {id(case)}:
        return True
    if row.id is None:
        return False
    query = select(func.count(m.Case.id)).where(column == row.id)
    if case.id is not None:
        query = query.where(m.Case.id != case.id)
    with session.no_autoflush:
        return bool(session.scalar(query))


def _recipient_doc(r: d.Recipient) -> dict[str, Any]:
    from desk.storage.casemap import carrier

    doc: dict[str, Any] = d.case_to_dict(carrier(r))["recipient"]
    doc.pop("cleared_hits", None)
    return doc


def _technology_doc(t: d.Technology) -> dict[str, Any]:
    from desk.storage.casemap import carrier

    doc: dict[str, Any] = d.case_to_dict(
        d.Case(id="-", technology=t, recipient=carrier(d.Recipient(name="-")).recipient)
    )["technology"]
    return doc


def _same_person_facts(p: m.Person, r: d.Recipient) -> bool:
    from desk.storage.casemap import person_recipient

    return _recipient_doc(person_recipient(p)) == _recipient_doc(r)


def person_for(session: Session, r: d.Recipient, case: m.Case) -> m.Person:
    """The person row the recipient ``r`` of ``case`` is stored in (found or new)."""
    from desk.storage import matching  # the screening normaliser: only when storing

    current = case.person
    if current is not None and (
        not _used_elsewhere(session, m.Case.person_id, current, case)
        or _same_person_facts(current, r)
    ):
        return _claim(session, current, case)
    found = matching.find_people(
        session, r.name, name_latin=r.name_latin, nationalities=r.nationalities
    )
    keys = {m.search_key(n) for n in (r.name, r.name_latin) if n}
    found += [
        p
        for p in _pending(session, m.Person)
        if keys & {m.search_key(n) for n in (p.name, p.name_latin, p.reading) if n}
    ]
    for p in found:
        if p is current:
            continue
        if not _used_elsewhere(session, m.Case.person_id, p, case) or _same_person_facts(p, r):
            return _claim(session, p, case)
    return _claim(session, m.Person(name=r.name), case)


def technical_item_for(session: Session, t: d.Technology, case: m.Case) -> m.TechnicalItem:
    """The technical item row the technology ``t`` of ``case`` is stored in (found or new)."""
    from desk.storage.casemap import technology_of

    want = _technology_doc(t)
    current: m.TechnicalItem | None = case.technical_item if case.id is not None else None
    if current is not None and (
        not _used_elsewhere(session, m.Case.technical_item_id, current, case)
        or _technology_doc(technology_of(current)) == want
    ):
        return _claim(session, current, case)
    query = (
        select(m.TechnicalItem)
        .where(
            m.TechnicalItem.retired.is_(False),
            m.TechnicalItem.search_title == m.search_key(t.title),
            m.TechnicalItem.classification == t.classification,
        )
        .order_by(m.TechnicalItem.id)
        .limit(50)
    )
    query = query.where(
        m.TechnicalItem.item.is_(None) if t.item is None else m.TechnicalItem.item == t.item
    )
    with session.no_autoflush:
        candidates = list(session.scalars(query).all())
    candidates += _pending(session, m.TechnicalItem)
    for item in candidates:
        if item is current or item.title != t.title or item.retired:
            continue
        if (item.classification, item.item) != (t.classification, t.item):
            continue
        if (
            not _used_elsewhere(session, m.Case.technical_item_id, item, case)
            or _technology_doc(technology_of(item)) == want
        ):
            return _claim(session, item, case)
    return _claim(session, m.TechnicalItem(classification=""), case)


def organization_for(
    session: Session, a: d.Affiliation
) -> tuple[m.Organization, dict[str, Any] | None]:
    """The organization an affiliation names, and the affiliation as written when the
    organization is spelled otherwise; a new organization when none is registered.

    Found organizations are remembered in ``session.info`` for the rest of the unit of
    work, so an import of many cases naming the same university asks the database once.
    """
    memo: dict[tuple[str, str | None, str | None], m.Organization] = session.info.setdefault(
        "desk.casemap.organizations", {}
    )
    key = (a.name, a.country, a.kind)
    known = memo.get(key)
    if known is None or known.location is not None or known.official_status is not None:
        known = _registered(session, a)
        if known is None:
            known = m.Organization(name=a.name, country=a.country, kind=a.kind)
            session.add(known)
        memo[key] = known
    if (known.name, known.country, known.kind) == key:
        return known, None
    return known, {"name": a.name, "country": a.country, "kind": a.kind}


def _registered(session: Session, a: d.Affiliation) -> m.Organization | None:
    recipients = select(m.Case.organization_id).where(m.Case.organization_id.is_not(None))
    with session.no_autoflush:
        # the same name, country and kind first (what earlier imports stored)
        query = select(m.Organization).where(
            m.Organization.name == a.name,
            m.Organization.retired.is_(False),
            m.Organization.location.is_(None),
            m.Organization.official_status.is_(None),
            m.Organization.id.not_in(recipients),
        )
        query = query.where(
            m.Organization.country.is_(None)
            if a.country is None
            else m.Organization.country == a.country
        )
        query = query.where(
            m.Organization.kind.is_(None) if a.kind is None else m.Organization.kind == a.kind
        )
        found = session.scalars(query.order_by(m.Organization.id).limit(1)).first()
        if found is not None:
            return found
        excluded = {i for i in session.scalars(recipients) if i is not None}
    from desk.storage import matching  # the screening normaliser: only when storing

    # never an organization that is a case's recipient: re-importing that case rewrites it
    for org in matching.find_organizations(session, a.name, a.country, exclude=excluded):
        if org.location is None and org.official_status is None:
            return org
    return None
