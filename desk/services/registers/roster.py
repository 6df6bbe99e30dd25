"""Importing a roster into the people register, with 名寄せ (recognising people already
registered), and the review list of doubtful pairs.

Each row of the roster (:mod:`.roster_file`) is compared with the registered people (and
with the rows before it) by the cross-script keys of :func:`desk.storage.matching.person_name_keys`
on all of its names, and by the university's number (``roster_id``):

- **matched** — the same number, or a shared name key *and* something that only the same
  person shares: the date of birth, the e-mail address, or both nationality and
  affiliation — with nothing contradicting (another date of birth, number or nationality).
  The registered person is updated from the row (empty name forms filled, the other
  fields set to the roster's values, the affiliation added);
- **review** — a shared name key and nothing contradicting, but nothing confirming either:
  the row is registered as a new person and the pair goes to the review list; the office
  accepts (the two are merged) or rejects (they stay two). Nothing is merged on a name alone;
- **new** — no registered person shares a name key without a contradiction.

The whole roster is one transaction with one audit event (``roster.import``); a dry run
does everything and rolls it back, so its preview is exactly what the import would do.
Importing the same roster again changes nothing: matched rows are already up to date, and
a row that went to review is recognised by its ``row_key`` (the SHA-256 of its facts).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session, selectinload

from desk.domain.errors import InvalidInput, NotFound
from desk.domain.i18n import N_, _
from desk.services.context import Changes, ServiceContext
from desk.services.registers.records import department, jsonable, may_change
from desk.services.registers.roster_file import Roster, RosterRow, read_roster
from desk.storage import matching
from desk.storage import models as m
from desk.storage.models import utcnow

Progress = Callable[[int, int], None]

# the person's columns a roster row sets (affiliation and department are links)
_SET = (
    "role",
    "visa_status",
    "stay_from",
    "stay_until",
    "host",
    "email",
    "country",
    "notes",
    "born_on",
)
# filled when empty, never overwritten (a student number and a staff number may both come)
_FILL = ("name_latin", "reading", "roster_id")  # filled when empty, never overwritten
_SNAPSHOT = (
    "name",
    "name_latin",
    "reading",
    "nationalities",
    "roster_id",
    *_SET,
)
REVIEW_STATUS_LABELS = {
    "pending": N_("to decide"),
    "accepted": N_("same person (merged)"),
    "rejected": N_("different people"),
}
ROSTER_ACTIONS = {
    "new": N_("new"),
    "matched": N_("matched"),
    "review": N_("to review"),
    "in_review": N_("already on the review list"),
}


@dataclass(frozen=True)
class RosterRowResult:
    """What the import did (or would do) with one row."""

    row: int
    name: str
    action: str  # new | matched | review | in_review
    person_id: int | None
    candidates: tuple[int, ...] = ()
    reasons: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()  # the fields of the person this row set

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "name": self.name,
            "action": self.action,
            "person": self.person_id,
            "candidates": list(self.candidates),
            "reasons": list(self.reasons),
            "changes": list(self.changes),
        }


@dataclass(frozen=True)
class RosterImport:
    """The result (or the preview, ``applied`` false) of importing one roster."""

    source: str
    sheet: str | None
    mapping: Mapping[str, str]
    unmapped: tuple[str, ...]
    rows: tuple[RosterRowResult, ...]
    created: int
    updated: int
    unchanged: int
    review: int
    organizations_created: int
    applied: bool
    changes: Changes = field(default_factory=Changes)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "sheet": self.sheet,
            "mapping": dict(self.mapping),
            "unmapped": list(self.unmapped),
            "applied": self.applied,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "review": self.review,
            "organizations_created": self.organizations_created,
            "rows": [r.to_json() for r in self.rows],
        }


@dataclass(frozen=True)
class RosterReviewItem:
    """One doubtful pair on the review list."""

    id: int
    status: str
    source: str
    reasons: tuple[str, ...]
    person: Mapping[str, Any] | None
    candidate: Mapping[str, Any] | None
    created_at: dt.datetime
    resolved_by: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "source": self.source,
            "reasons": list(self.reasons),
            "person": jsonable(self.person),
            "candidate": jsonable(self.candidate),
            "created_at": self.created_at.isoformat(),
            "resolved_by": self.resolved_by,
        }


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


# --------------------------------------------------------------------------- the index


@dataclass
class _Known:
    """What 名寄せ compares of a registered (or just registered) person."""

    id: int | None
    born_on: dt.date | None
    raw_nationalities: Any  # as read (JSON text from the index query) until first needed
    email: str | None
    roster_id: str | None
    affiliations: set[int]
    row: m.Person | None = None
    keys: set[str] = field(default_factory=set)  # the index keys it is filed under
    _nationalities: frozenset[str] | None = None

    @property
    def nationalities(self) -> frozenset[str]:
        if self._nationalities is None:
            raw = self.raw_nationalities
            if isinstance(raw, str):
                raw = json.loads(raw) if raw.strip() else []
            self._nationalities = frozenset(raw or ())
        return self._nationalities

    @nationalities.setter
    def nationalities(self, value: frozenset[str]) -> None:
        self._nationalities = value


class _Index:
    """Known people by name key, and under each key by date of birth: a row with a date
    of birth is compared only with people born that day or of unknown birthday (the others
    are other people, whatever their name)."""

    def __init__(self) -> None:
        self.by_key: dict[str, dict[dt.date | None, list[_Known]]] = {}
        self.by_number: dict[str, list[_Known]] = {}

    def add(self, known: _Known, keys: Iterable[str]) -> None:
        for key in keys:
            if key not in known.keys:
                known.keys.add(key)
                by_day = self.by_key.setdefault(key, {})
                by_day.setdefault(known.born_on, []).append(known)
        if known.roster_id:
            self.by_number.setdefault(known.roster_id.casefold(), []).append(known)

    def candidates(
        self, keys: Iterable[str], number: str | None, born_on: dt.date | None = None
    ) -> list[_Known]:
        out: dict[int, _Known] = {}  # by identity, in the order found
        for key in sorted(keys):
            by_day = self.by_key.get(key)
            if not by_day:
                continue
            if born_on is None:
                lists: Iterable[list[_Known]] = by_day.values()
            else:
                lists = (by_day.get(born_on, []), by_day.get(None, []))
            for bucket in lists:
                for k in bucket:
                    out.setdefault(id(k), k)
        if number:
            for k in self.by_number.get(number.casefold(), ()):
                out.setdefault(id(k), k)
        return list(out.values())


def _build_index(s: Session) -> _Index:
    index = _Index()
    people: dict[int, _Known] = {}
    rows = s.execute(
        select(
            m.Person.id,
            m.Person.name,
            m.Person.name_latin,
            m.Person.reading,
            m.Person.born_on,
            cast(m.Person.nationalities, String),  # decoded only for the people compared
            m.Person.email,
            m.Person.roster_id,
        ).where(m.Person.retired.is_(False))
    )
    for pid, name, latin, reading, born, nats, email, number in rows:
        known = _Known(pid, born, nats, _mail(email), number, set())
        people[pid] = known
        # a person with a Latin name needs no romanisation of the others (the row has it)
        deep = not (latin or matching.is_latin_name(name))
        index.add(known, matching.person_name_keys(name, latin, reading, deep=deep))
    for member, oid in s.execute(
        select(m.Affiliation.person_id, m.Affiliation.organization_id).where(
            m.Affiliation.person_id.is_not(None)
        )
    ):
        if member in people:
            people[member].affiliations.add(oid)
    return index


def _mail(value: str | None) -> str | None:
    return value.strip().casefold() if value else None


# --------------------------------------------------------------------------- judging a row


def _judge(values: Mapping[str, Any], org_id: int | None, k: _Known) -> tuple[str, list[str]]:
    """``same`` | ``doubtful`` | ``other``, with the reasons (untranslated message ids)."""
    reasons: list[str] = []
    number = values.get("roster_id")
    born = values.get("born_on")
    if born and k.born_on and born != k.born_on:
        return "other", [N_("another date of birth")]
    nats = frozenset(values.get("nationalities") or ())
    if nats and k.nationalities and not nats & k.nationalities:
        return "other", [N_("another nationality")]
    if number and k.roster_id and number.casefold() == k.roster_id.casefold():
        reasons.append(N_("the same university number"))
    if born and k.born_on:
        reasons.append(N_("the same date of birth"))
    mail = _mail(values.get("email"))
    if mail and k.email and mail == k.email:
        reasons.append(N_("the same e-mail address"))
    if nats and k.nationalities and org_id is not None and org_id in k.affiliations:
        reasons.append(N_("the same nationality and affiliation"))
    if reasons:
        return "same", reasons
    return "doubtful", [N_("the same name, nothing else to confirm it")]


def row_key(values: Mapping[str, Any]) -> str:
    """The SHA-256 of a row's facts (the review list recognises a row imported again)."""
    doc = {k: jsonable(v) for k, v in sorted(values.items())}
    return hashlib.sha256(json.dumps(doc, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


# --------------------------------------------------------------------------- importing


def import_roster(
    ctx: ServiceContext,
    path: Path | str,
    mapping: Mapping[str, str] | None = None,
    *,
    sheet: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> RosterImport:
    """Import (or with ``dry_run`` preview) the roster at ``path``: one transaction, one
    audit event; a bad roster is refused whole (:class:`InvalidInput` naming file, sheet,
    row and column) before anything is stored."""
    roster = read_roster(path, mapping, sheet=sheet)
    result: list[RosterImport] = []
    new_orgs: list[int] = []
    try:
        with ctx.transaction() as s:
            may_change(ctx, s)
            result.append(_apply(ctx, s, roster, new_orgs, progress, dry_run=dry_run))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    done = result[0]
    if not dry_run and new_orgs:
        # organizations are screened when added, each its own unit of work after the import
        from desk.services.registers.organizations import screen_organization

        for oid in new_orgs:
            screen_organization(ctx, oid)
    return done


def _apply(
    ctx: ServiceContext,
    s: Session,
    roster: Roster,
    new_orgs: list[int],
    progress: Progress | None,
    *,
    dry_run: bool,
) -> RosterImport:
    index = _build_index(s)
    reviewed: dict[str, int | None] = {
        key: pid for key, pid in s.execute(select(m.RosterReview.row_key, m.RosterReview.person_id))
    }
    orgs: dict[str, m.Organization] = {}
    departments: dict[str, m.Department | None] = {}
    before: dict[int, tuple[Any, ...]] = {}
    touched: dict[int, m.Person] = {}
    created: list[m.Person] = []
    results: list[tuple[RosterRowResult, m.Person | None, list[_Known]]] = []
    reviews: list[tuple[m.Person, _Known, RosterRow, list[str]]] = []
    total = len(roster.rows)
    s.autoflush = False  # nothing read below needs the rows added so far flushed
    for i, row in enumerate(roster.rows):
        values = dict(row.values)
        org = _organization(s, orgs, values.pop("affiliation", None), new_orgs)
        key = row_key(row.values)
        keys = matching.person_name_keys(values.get("name"), values.get("name_latin"))
        keys |= matching.person_name_keys(values.get("reading"))
        found = index.candidates(keys, values.get("roster_id"), values.get("born_on"))
        same: list[tuple[_Known, list[str]]] = []
        doubtful: list[tuple[_Known, list[str]]] = []
        for k in found:
            verdict, why = _judge(values, org.id if org is not None else None, k)
            if verdict == "same":
                same.append((k, why))
            elif verdict == "doubtful":
                doubtful.append((k, why))
        if key in reviewed:
            results.append(
                (RosterRowResult(row.number, values["name"], "in_review", reviewed[key]), None, [])
            )
        elif len(same) == 1:
            k, why = same[0]
            person = _person(s, k)
            if person.id is not None and person.id not in before:
                before[person.id] = _snapshot(person)
            changes = _update(s, person, values, org, departments)
            _remember(index, k, person, values, org)
            touched[id(person)] = person
            result = RosterRowResult(
                row.number, values["name"], "matched", None, (), tuple(why), tuple(changes)
            )
            results.append((result, person, []))
        else:
            person = m.Person(name=values["name"], nationalities=[])
            _update(s, person, values, org, departments)
            s.add(person)
            created.append(person)
            known = _Known(
                None,
                person.born_on,
                list(person.nationalities or ()),
                _mail(person.email),
                person.roster_id,
                {org.id} if org is not None and org.id is not None else set(),
                row=person,
            )
            index.add(known, keys)
            pairs = same + doubtful  # several "same" people: the office decides
            for k, why in pairs:
                reviews.append((person, k, row, why))
            result = RosterRowResult(
                row.number,
                values["name"],
                "review" if pairs else "new",
                None,
                (),
                tuple(w for _k, why in pairs for w in why),
            )
            results.append((result, person, [k for k, _why in pairs]))
        if progress is not None and (i % 200 == 0 or i + 1 == total):
            progress(i + 1, total)
    s.autoflush = True
    s.flush()  # the new people get their ids
    created_ids = {p.id for p in created}

    def _id(k: _Known) -> int:
        return k.id if k.id is not None else k.row.id  # type: ignore[union-attr]

    final = [
        RosterRowResult(
            r.row,
            r.name,
            r.action,
            person.id if person is not None else r.person_id,
            tuple(_id(k) for k in pairs),
            tuple(_(w) for w in r.reasons),
            r.changes,
        )
        for r, person, pairs in results
    ]
    for person, k, row, why in reviews:
        s.add(
            m.RosterReview(
                person_id=person.id,
                candidate_id=_id(k),
                row_key=row_key(row.values),
                source=f"{roster.source}: {roster.place(row.number)}",
                reasons=list(why),
                status="pending",
            )
        )
    updated = [
        p.id
        for p in touched.values()
        if p.id is not None and p.id not in created_ids and _snapshot(p) != before.get(p.id)
    ]
    review_count = sum(1 for r in final if r.action == "review")
    ctx.audit(
        s,
        "roster.import",
        "person",
        None,
        {
            "source": roster.source,
            "sheet": roster.sheet,
            "mapping": dict(roster.mapping),
            "rows": len(roster.rows),
            "created": sorted(created_ids),
            "updated": sorted(updated),
            "review": review_count,
            "organizations_created": list(new_orgs),
        },
    )
    s.flush()
    all_ids = tuple(sorted(created_ids | set(updated)))
    return RosterImport(
        source=roster.source,
        sheet=roster.sheet,
        mapping=roster.mapping,
        unmapped=roster.unmapped,
        rows=tuple(final),
        created=len(created),
        updated=len(updated),
        unchanged=sum(
            1
            for r in final
            if r.action == "in_review"
            or (r.action == "matched" and r.person_id not in created_ids | set(updated))
        ),
        review=review_count,
        organizations_created=len(new_orgs),
        applied=not dry_run,
        changes=Changes(
            tables=frozenset({"people", "organizations"}) if not dry_run else frozenset(),
            ids={"person": all_ids} if not dry_run else {},
        ),
    )


def _person(s: Session, k: _Known) -> m.Person:
    if k.row is None:
        row = s.get(
            m.Person,
            k.id,
            options=[selectinload(m.Person.affiliations), selectinload(m.Person.department)],
        )
        if row is None:  # pragma: no cover - the index was read in this transaction
            raise NotFound(_("no {kind} with id {id}").format(kind=_("person"), id=k.id))
        k.row = row
    return k.row


def _remember(
    index: _Index, k: _Known, person: m.Person, values: Mapping[str, Any], org: Any
) -> None:
    """Keep the index true after a row updated a person (a later row compares with it)."""
    k.born_on = person.born_on
    k.nationalities = frozenset(person.nationalities or ())
    k.email = _mail(person.email)
    if person.roster_id and person.roster_id != k.roster_id:
        k.roster_id = person.roster_id
        index.by_number.setdefault(person.roster_id.casefold(), []).append(k)
    if org is not None and org.id is not None:
        k.affiliations.add(org.id)
    index.add(
        k,
        matching.person_name_keys(values.get("name"), values.get("name_latin"))
        | matching.person_name_keys(values.get("reading")),
    )


def _snapshot(p: m.Person) -> tuple[Any, ...]:
    return (
        *(tuple(getattr(p, f)) if f == "nationalities" else getattr(p, f) for f in _SNAPSHOT),
        p.department.name if p.department is not None else None,
        tuple(sorted(a.organization_id or 0 for a in p.affiliations)),
    )


def _update(
    s: Session,
    person: m.Person,
    values: Mapping[str, Any],
    org: m.Organization | None,
    departments: dict[str, m.Department | None],
) -> list[str]:
    """Set the row's values on ``person``; the names of the fields that changed."""
    changed: list[str] = []
    if person.name is None:  # pragma: no cover - new people get their name first
        person.name = values["name"]
    for f in _FILL:
        if values.get(f) and not getattr(person, f):
            setattr(person, f, values[f])
            changed.append(f)
    if (
        values.get("name")
        and values["name"] != person.name
        and not person.name_latin
        and matching.is_latin_name(values["name"])
        and not matching.is_latin_name(person.name)
    ):
        person.name_latin = values["name"]
        changed.append("name_latin")
    nats = list(person.nationalities or [])
    for code in values.get("nationalities") or ():
        if code not in nats:
            nats.append(code)
    if nats != list(person.nationalities or []):
        person.nationalities = nats
        changed.append("nationalities")
    for f in _SET:
        if f in values and getattr(person, f) != values[f]:
            setattr(person, f, values[f])
            changed.append(f)
    if values.get("department"):
        current = person.department.name if person.department is not None else None
        if current != values["department"]:
            name = values["department"]
            if name not in departments:
                departments[name] = department(s, name)
            person.department = departments[name]
            changed.append("department")
    if org is not None and all(
        a.organization is not org and (org.id is None or a.organization_id != org.id)
        for a in person.affiliations
    ):
        person.affiliations.append(
            m.Affiliation(organization=org, given_keys=[], position=len(person.affiliations))
        )
        changed.append("affiliations")
    return changed


def _organization(
    s: Session,
    memo: dict[str, m.Organization],
    name: str | None,
    new_orgs: list[int],
) -> m.Organization | None:
    """The registered organization a row's affiliation names (cross-script, aliases), or a
    new one (screened after the import)."""
    if not name:
        return None
    key = m.search_key(name)
    if key in memo:
        return memo[key]
    found = matching.find_organizations(s, name)
    if found:
        org = found[0]
    else:
        org = m.Organization(name=name, local_names=[], aliases=[])
        s.add(org)
        s.flush()
        matching.remember_organization(s, org)
        new_orgs.append(org.id)
    memo[key] = org
    return org


# --------------------------------------------------------------------------- review list


def _brief(p: m.Person | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "id": p.id,
        "name": p.name,
        "name_latin": p.name_latin,
        "reading": p.reading,
        "born_on": p.born_on,
        "nationalities": list(p.nationalities or ()),
        "roster_id": p.roster_id,
        "email": p.email,
        "affiliations": [a.organization.name for a in p.affiliations],
        "retired": p.retired,
    }


def _item(s: Session, r: m.RosterReview) -> RosterReviewItem:
    return RosterReviewItem(
        id=r.id,
        status=r.status,
        source=r.source,
        reasons=tuple(_(w) for w in r.reasons or ()),
        person=_brief(s.get(m.Person, r.person_id) if r.person_id else None),
        candidate=_brief(s.get(m.Person, r.candidate_id) if r.candidate_id else None),
        created_at=r.created_at,
        resolved_by=r.resolved_by,
    )


def roster_reviews(
    ctx: ServiceContext, *, status: str | None = "pending"
) -> list[RosterReviewItem]:
    """The review list: doubtful pairs of roster imports (``status`` None: all of them)."""
    with ctx.reading() as s:
        query = select(m.RosterReview).order_by(m.RosterReview.id)
        if status is not None:
            query = query.where(m.RosterReview.status == status)
        return [_item(s, r) for r in s.scalars(query)]


def _pending_review(s: Session, review_id: int) -> m.RosterReview:
    r = s.get(m.RosterReview, review_id)
    if r is None:
        raise NotFound(_("no review with id {id}").format(id=review_id))
    if r.status != "pending":
        raise InvalidInput(
            _("review {id} is already {status}").format(
                id=review_id, status=_(REVIEW_STATUS_LABELS[r.status])
            ),
            where="ID",
        )
    return r


def accept_review(ctx: ServiceContext, review_id: int) -> RosterReviewItem:
    """The two are one person: the row's person is merged into the registered candidate."""
    from desk.services.registers.merging import merge_records

    with ctx.reading() as s:
        r = _pending_review(s, review_id)
        keep, drop = r.candidate_id, r.person_id
    if keep is None or drop is None:
        raise InvalidInput(_("one of the two people is no longer registered"), where="ID")
    merge_records(ctx, "person", keep, drop)
    with ctx.transaction() as s:
        r = _pending_review(s, review_id)
        may_change(ctx, s)
        r.status = "accepted"
        r.person_id = keep
        r.resolved_at = utcnow()
        r.resolved_by = ctx.actor
        # other pairs of the merged person now name the kept one
        for other in s.scalars(
            select(m.RosterReview).where(
                m.RosterReview.status == "pending", m.RosterReview.id != r.id
            )
        ):
            if other.person_id == other.candidate_id:
                other.status = "accepted"
        ctx.audit(s, "roster.review.accept", "person", keep, {"review": r.id, "merged": drop})
        s.flush()
        return _item(s, r)


def reject_review(ctx: ServiceContext, review_id: int) -> RosterReviewItem:
    """The two are different people: both stay registered."""
    with ctx.transaction() as s:
        r = _pending_review(s, review_id)
        may_change(ctx, s)
        r.status = "rejected"
        r.resolved_at = utcnow()
        r.resolved_by = ctx.actor
        ctx.audit(
            s,
            "roster.review.reject",
            "person",
            r.person_id,
            {"review": r.id, "candidate": r.candidate_id},
        )
        s.flush()
        return _item(s, r)
