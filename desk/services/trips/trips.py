"""Use cases for trip applications (渡航申請): save, list, show, assess, export.

A trip is one registered person's journey abroad — dates, destinations — with the
technology cases provided on it and the hand-carry shipments (goods in the luggage)
carried. Assessing a trip judges each case with the technology engine and each shipment
with the goods engine (their own assessments and audit events, as when judged alone), and
keeps one answer: every part with its reasons and citations, and the worst outcome
(:mod:`.combine`). Every write is one transaction with its audit event; bad input is
:class:`InvalidInput` naming the field, with nothing stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desk.domain.countries import country_label, is_country
from desk.domain.errors import InvalidInput, NotFound, StorageError
from desk.domain.goods import Shipment
from desk.domain.i18n import N_, _
from desk.rules.goods import ShipmentAssessment
from desk.screening import ScreeningList
from desk.services.cases import assess_rows, lists_for_assessment
from desk.services.context import Changes, ServiceContext
from desk.services.goods.shipments import judge_shipment_rows, with_classification_records
from desk.services.goods.store import load_shipment
from desk.services.permissions import (
    ASSESS_ROLES,
    RECORD_ROLES,
    SHIPMENT_ROLES,
    require_case_access,
    require_role,
    visible_cases,
)
from desk.services.trips.combine import combine
from desk.storage import models as m
from desk.storage.casemap import case_fingerprint, case_load_options, load_case

# who enters a trip: the traveller (a researcher) or the office, as for shipments
TRIP_ROLES = SHIPMENT_ROLES
TABLES = frozenset({"trips", "trip_cases", "trip_shipments", "audit_events"})
FIELDS = (
    "id",
    "title",
    "traveller",
    "departs_on",
    "returns_on",
    "destinations",
    "purpose",
    "cases",
    "shipments",
)
_LIMITS = {"id": 100, "title": 500, "purpose": 2000}


@dataclass(frozen=True)
class TripSummary:
    id: int
    ref: str
    title: str | None
    traveller: str
    departs_on: dt.date
    returns_on: dt.date
    destinations: tuple[str, ...]
    cases: tuple[str, ...]
    shipments: tuple[str, ...]
    status: str
    outcome: str | None
    risk: str | None
    stale: bool  # the trip or one of its parts changed since its last assessment

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.ref,
            "title": self.title,
            "traveller": self.traveller,
            "departs_on": self.departs_on.isoformat(),
            "returns_on": self.returns_on.isoformat(),
            "destinations": list(self.destinations),
            "cases": list(self.cases),
            "shipments": list(self.shipments),
            "status": self.status,
            "outcome": self.outcome,
            "risk": self.risk,
            "stale": self.stale,
        }


@dataclass(frozen=True)
class TripView:
    summary: TripSummary
    document: dict[str, Any]  # the trip as the form edits it
    answer: dict[str, Any] | None  # the last assessment's answer

    def to_json(self) -> dict[str, Any]:
        return {
            **self.summary.to_json(),
            "traveller_id": self.document["traveller"],
            "purpose": self.document["purpose"],
            "assessment": self.answer,
        }


@dataclass(frozen=True)
class TripAssessRun:
    results: tuple[dict[str, Any], ...]
    changes: Changes


@dataclass(frozen=True)
class TripExport:
    files: tuple[Path, ...]


# --------------------------------------------------------------------------- input


def _text(values: Mapping[str, Any], key: str, *, required: bool = False) -> str | None:
    raw = values.get(key)
    if raw is not None and not isinstance(raw, str):
        raise InvalidInput(_("expected text"), where=key)
    text = (raw or "").strip() or None
    if text is None and required:
        raise InvalidInput(_("required"), where=key)
    if text is not None and len(text) > _LIMITS[key]:
        raise InvalidInput(
            _("{field} is longer than {limit} characters").format(field=key, limit=_LIMITS[key]),
            where=key,
        )
    return text


def _day(values: Mapping[str, Any], key: str) -> dt.date:
    raw = values.get(key)
    if isinstance(raw, dt.date):
        return raw
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidInput(_("required: a date YYYY-MM-DD"), where=key)
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput(
            _("not a date: {value} (expected YYYY-MM-DD)").format(value=raw), where=key
        ) from None


def _refs(values: Mapping[str, Any], key: str) -> list[str]:
    raw = values.get(key) or []
    if isinstance(raw, str) or not isinstance(raw, Sequence):
        raise InvalidInput(_("expected a list"), where=key)
    out: list[str] = []
    for i, item in enumerate(raw):
        if not isinstance(item, str) or not item.strip():
            raise InvalidInput(_("expected an id"), where=f"{key}[{i}]")
        if item.strip() in out:
            raise InvalidInput(
                _("{id} is given twice").format(id=item.strip()), where=f"{key}[{i}]"
            )
        out.append(item.strip())
    return out


def check_trip(values: Mapping[str, Any]) -> dict[str, Any]:
    """The trip's facts checked without the database; InvalidInput names the field."""
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise InvalidInput(_("unknown field"), where=unknown[0])
    ref = _text(values, "id", required=True)
    traveller = values.get("traveller")
    if isinstance(traveller, str) and traveller.strip().isdigit():
        traveller = int(traveller)
    if not isinstance(traveller, int) or isinstance(traveller, bool) or traveller <= 0:
        raise InvalidInput(
            _("required: the traveller's number in the people register"), where="traveller"
        )
    departs = _day(values, "departs_on")
    returns = _day(values, "returns_on")
    if returns < departs:
        raise InvalidInput(_("the return is before the departure"), where="returns_on")
    raw = values.get("destinations") or []
    if isinstance(raw, str) or not isinstance(raw, Sequence) or not raw:
        raise InvalidInput(_("required: at least one country"), where="destinations")
    destinations: list[str] = []
    for i, code in enumerate(raw):
        c = code.strip().upper() if isinstance(code, str) else ""
        if not is_country(c) or c == "JP":
            raise InvalidInput(
                _("not a country abroad: {value}").format(value=code), where=f"destinations[{i}]"
            )
        if c not in destinations:
            destinations.append(c)
    cases = _refs(values, "cases")
    shipments = _refs(values, "shipments")
    if not cases and not shipments:
        raise InvalidInput(
            _("a trip needs at least one technology case or hand-carry shipment"), where="cases"
        )
    return {
        "id": ref,
        "title": _text(values, "title"),
        "traveller": traveller,
        "departs_on": departs.isoformat(),
        "returns_on": returns.isoformat(),
        "destinations": destinations,
        "purpose": _text(values, "purpose"),
        "cases": cases,
        "shipments": shipments,
    }


# --------------------------------------------------------------------------- rows


def _load_options() -> list[Any]:
    return [
        selectinload(m.Trip.person).selectinload(m.Person.department),
        selectinload(m.Trip.cases).selectinload(m.TripCase.case),
        selectinload(m.Trip.shipments).selectinload(m.TripShipment.shipment),
        selectinload(m.Trip.assessments),
    ]


def _rows(session: Session, refs: Sequence[str] | None = None) -> list[m.Trip]:
    query = select(m.Trip).options(*_load_options())
    if refs is None:
        return list(session.scalars(query.order_by(m.Trip.departs_on, m.Trip.ref)))
    found = {r.ref: r for r in session.scalars(query.where(m.Trip.ref.in_(list(refs))))}
    missing = [ref for ref in refs if ref not in found]
    if missing:
        raise NotFound(_("No trip with the id {id}").format(id=", ".join(missing)))
    return [found[ref] for ref in refs]


def trip_row(session: Session, ref: str) -> m.Trip:
    return _rows(session, [ref])[0]


def _document(row: m.Trip) -> dict[str, Any]:
    return {
        "id": row.ref,
        "title": row.title,
        "traveller": row.person_id,
        "departs_on": row.departs_on.isoformat(),
        "returns_on": row.returns_on.isoformat(),
        "destinations": list(row.destinations),
        "purpose": row.purpose,
        "cases": [tc.case.ref for tc in row.cases],
        "shipments": [ts.shipment.ref for ts in row.shipments],
    }


def _fingerprint(session: Session, row: m.Trip) -> str:
    """Of the trip's facts and of every part's facts: any change makes the answer stale."""
    parts = {
        "trip": _document(row),
        "cases": [case_fingerprint(load_case(tc.case)) for tc in row.cases],
        "shipments": [ts.shipment.document_sha256 for ts in row.shipments],
    }
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _summary(session: Session, row: m.Trip) -> TripSummary:
    last = row.assessments[-1] if row.assessments else None
    return TripSummary(
        id=row.id,
        ref=row.ref,
        title=row.title,
        traveller=row.person.name,
        departs_on=row.departs_on,
        returns_on=row.returns_on,
        destinations=tuple(row.destinations),
        cases=tuple(tc.case.ref for tc in row.cases),
        shipments=tuple(ts.shipment.ref for ts in row.shipments),
        status=row.status,
        outcome=last.outcome if last else None,
        risk=last.risk if last else None,
        stale=last is not None and last.trip_sha256 != _fingerprint(session, row),
    )


def _case_rows(session: Session, refs: Sequence[str]) -> list[m.Case]:
    query = select(m.Case).options(*case_load_options()).where(m.Case.ref.in_(list(refs)))
    found = {r.ref: r for r in session.scalars(query)}
    for i, ref in enumerate(refs):
        if ref not in found:
            raise InvalidInput(_("no stored case {id}").format(id=ref), where=f"cases[{i}]")
    return [found[ref] for ref in refs]


def _shipment_rows(
    session: Session, refs: Sequence[str], destinations: Sequence[str]
) -> list[m.Shipment]:
    query = select(m.Shipment).where(m.Shipment.ref.in_(list(refs)))
    found = {r.ref: r for r in session.scalars(query)}
    out = []
    for i, ref in enumerate(refs):
        row = found.get(ref)
        where = f"shipments[{i}]"
        if row is None:
            raise InvalidInput(_("no stored shipment {id}").format(id=ref), where=where)
        if row.mode != "hand_carry":
            raise InvalidInput(
                _("shipment {id} is not carried by hand: send it as a shipment of its own").format(
                    id=ref
                ),
                where=where,
            )
        doc = load_shipment(row)
        outside = [
            c
            for c in (doc.shipment.destination, *doc.shipment.onward_countries)
            if c not in destinations
        ]
        if outside:
            raise InvalidInput(
                _("shipment {id} goes to {countries}, which the trip does not visit").format(
                    id=ref, countries=", ".join(outside)
                ),
                where=where,
            )
        out.append(row)
    return out


# --------------------------------------------------------------------------- queries


def list_trips(ctx: ServiceContext) -> tuple[TripSummary, ...]:
    with ctx.reading() as session:
        return tuple(_summary(session, r) for r in _rows(session))


def get_trip(ctx: ServiceContext, ref: str) -> TripView:
    with ctx.reading() as session:
        row = trip_row(session, ref)
        last = row.assessments[-1] if row.assessments else None
        return TripView(
            summary=_summary(session, row),
            document=_document(row),
            answer=dict(last.result) if last else None,
        )


def trip_document(ctx: ServiceContext, ref: str) -> dict[str, Any]:
    """A stored trip as the form edits it."""
    return get_trip(ctx, ref).document


# --------------------------------------------------------------------------- save


def save_trip(
    ctx: ServiceContext, values: Mapping[str, Any], *, editing: str | None = None
) -> TripSummary:
    """Store a new trip, or replace stored trip ``editing`` (its id cannot change)."""
    facts = check_trip(values)
    if editing is not None and facts["id"] != editing:
        raise InvalidInput(
            _("the id of a stored trip cannot change (it is {ref})").format(ref=editing),
            where="id",
        )
    with ctx.transaction() as session:
        user = require_role(session, ctx, TRIP_ROLES, N_("enter trips"), write=True)
        existing = session.scalars(
            select(m.Trip).options(*_load_options()).where(m.Trip.ref == facts["id"])
        ).first()
        if editing is None and existing is not None:
            raise InvalidInput(_("a trip with this id is already stored"), where="id")
        if editing is not None and existing is None:
            raise NotFound(_("No trip with the id {id}").format(id=editing))
        person = session.get(m.Person, facts["traveller"])
        if person is None:
            raise InvalidInput(
                _("no person {id} in the people register").format(id=facts["traveller"]),
                where="traveller",
            )
        cases = _case_rows(session, facts["cases"])
        for row in cases:
            require_case_access(session, user, row)
        shipments = _shipment_rows(session, facts["shipments"], facts["destinations"])
        trip = existing or m.Trip(ref=facts["id"])
        trip.title = facts["title"]
        trip.person = person
        trip.departs_on = dt.date.fromisoformat(facts["departs_on"])
        trip.returns_on = dt.date.fromisoformat(facts["returns_on"])
        trip.destinations = list(facts["destinations"])
        trip.purpose = facts["purpose"]
        trip.cases = [m.TripCase(position=i, case=c) for i, c in enumerate(cases, 1)]
        trip.shipments = [
            m.TripShipment(position=i, shipment=s) for i, s in enumerate(shipments, 1)
        ]
        if existing is None:
            trip.filed_by_id = user.id  # shared mode: they (and their department) see it
            session.add(trip)
        session.flush()
        ctx.audit(
            session,
            "trip.save",
            "trip",
            trip.id,
            {
                "ref": trip.ref,
                "created": existing is None,
                "traveller": person.id,
                "cases": facts["cases"],
                "shipments": facts["shipments"],
            },
        )
        session.flush()
        session.refresh(trip)
        return _summary(session, trip_row(session, trip.ref))


# --------------------------------------------------------------------------- assess


def _case_part(row: m.Case, result: Mapping[str, Any], assessment_id: int) -> dict[str, Any]:
    return {
        "kind": "case",
        "id": row.ref,
        "title": row.title,
        "outcome": result["outcome"],
        "risk": result["risk"],
        "reasons": list(result.get("reasons") or ()),
        "ruleset": result.get("ruleset"),
        "lists": result.get("lists"),
        "assessment": assessment_id,
    }


def _line_facts(doc: Shipment, answer: ShipmentAssessment) -> list[dict[str, Any]]:
    """Each goods line as the hand-carry declaration prints it."""
    out = []
    for n, (line, judged) in enumerate(zip(doc.goods, answer.lines, strict=True), 1):
        claims = {c.basis: c for c in line.exceptions}
        exceptions = []
        for e in judged.exceptions:
            claim = claims.get(e.basis)
            exceptions.append(
                {
                    "basis": e.basis,
                    "purpose": claim.purpose if claim else None,
                    "status": e.status,
                    "citation": e.reason.citation,
                    "text_ja": e.reason.text_ja,
                    "text_en": e.reason.text_en,
                }
            )
        c = line.classification
        out.append(
            {
                "line": n,
                "name": line.name,
                "model": line.model,
                "maker": line.maker,
                "quantity": format(line.quantity, "f"),
                "unit": line.unit,
                "value_jpy": format(judged.value_jpy, "f"),
                "hs_code": line.hs_code,
                "classification": c.status,
                "item": c.item,
                "checked_by": c.checked_by,
                "outcome": judged.outcome,
                "risk": judged.risk,
                "exceptions": exceptions,
            }
        )
    return out


def _shipment_part(
    row: m.Shipment, doc: Shipment, answer: ShipmentAssessment, assessment_id: int
) -> dict[str, Any]:
    result = answer.to_json()
    info = doc.shipment
    return {
        "kind": "shipment",
        "id": row.ref,
        "title": row.title,
        "outcome": answer.outcome,
        "risk": answer.risk,
        "reasons": list(result["reasons"]),
        "ruleset": result["ruleset"],
        "lists": result["lists"],
        "assessment": assessment_id,
        "export_date": answer.export_date.isoformat(),
        "destination": info.destination,
        "onward_countries": list(info.onward_countries),
        "carrier": info.traveller.name if info.traveller else None,
        "return_by": info.return_by.isoformat() if info.return_by else None,
        "documents": list(answer.documents),
        "lines": _line_facts(doc, answer),
    }


def _traveller(person: m.Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "name_latin": person.name_latin,
        "department": person.department.name if person.department else None,
        "role": person.role,
    }


def assess_trips(
    ctx: ServiceContext,
    refs: Sequence[str] | None = None,
    *,
    lists: Sequence[ScreeningList] | None = None,
) -> TripAssessRun:
    """Judge stored trips (all when ``refs`` is None): every case and shipment by its own
    engine, then the trip; all answers kept in one transaction."""
    results: list[dict[str, Any]] = []
    with ctx.transaction() as session:
        user = require_role(session, ctx, ASSESS_ROLES, N_("assess trips"), write=True)
        rows = _rows(session, refs)
        chosen = lists_for_assessment(session, lists)
        for row in rows:
            cases = [tc.case for tc in row.cases]
            for case in cases:
                require_case_access(session, user, case)
            run = assess_rows(ctx, session, cases, chosen)
            stored_cases = {
                a.case_id: a.id
                for a in session.scalars(
                    select(m.Assessment)
                    .where(m.Assessment.case_id.in_([c.id for c in cases]))
                    .order_by(m.Assessment.id)
                )
            }
            parts = [
                _case_part(case, a.result, stored_cases[case.id])
                for case, a in zip(cases, run.assessments, strict=True)
            ]
            shipments = [ts.shipment for ts in row.shipments]
            answers = judge_shipment_rows(ctx, session, shipments, chosen)
            for ship, answer in zip(shipments, answers, strict=True):
                doc = with_classification_records(session, ship, load_shipment(ship))
                parts.append(_shipment_part(ship, doc, answer, ship.assessments[-1].id))
            facts = {
                "id": row.ref,
                "title": row.title,
                "traveller": _traveller(row.person),
                "departs_on": row.departs_on.isoformat(),
                "returns_on": row.returns_on.isoformat(),
                "destinations": list(row.destinations),
                "purpose": row.purpose,
                "judged_on": ctx.today().isoformat(),
            }
            result = combine(facts, parts)
            stored = m.TripAssessment(
                outcome=result["outcome"],
                risk=result["risk"],
                result=result,
                trip_sha256=_fingerprint(session, row),
                judged_on=ctx.today(),
                assessed_by_id=user.id,
            )
            row.assessments.append(stored)
            session.flush()
            ctx.audit(
                session,
                "trip.assess",
                "trip",
                row.id,
                {
                    "ref": row.ref,
                    "assessment": stored.id,
                    "outcome": result["outcome"],
                    "risk": result["risk"],
                    "parts": [
                        {"kind": p["kind"], "id": p["id"], "outcome": p["outcome"]} for p in parts
                    ],
                },
            )
            results.append(result)
        ids = tuple(r.id for r in rows)
    tables = frozenset(
        {"trips", "trip_assessments", "assessments", "shipment_assessments", "audit_events"}
    )
    return TripAssessRun(results=tuple(results), changes=Changes(tables, {"trips": ids}))


# --------------------------------------------------------------------------- export

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def export_trips(
    ctx: ServiceContext, out_dir: str | Path, refs: Sequence[str] | None = None
) -> TripExport:
    """Write one ``<id>.json`` per stored trip: its facts and its last answer."""
    with ctx.reading() as session:
        require_role(session, ctx, RECORD_ROLES, N_("export trips"))
        documents = []
        for row in _rows(session, refs):
            last = row.assessments[-1] if row.assessments else None
            body = {**_document(row), "assessment": dict(last.result) if last else None}
            documents.append((row.ref, json.dumps(body, ensure_ascii=False, indent=2) + "\n"))
    out = Path(out_dir)
    written: list[Path] = []
    used: set[str] = set()
    try:
        out.mkdir(parents=True, exist_ok=True)
        for ref, text in documents:
            stem = _UNSAFE.sub("_", ref).strip().rstrip(".") or "_"
            name, n = f"{stem}.json", 2
            while name.lower() in used:
                name, n = f"{stem}-{n}.json", n + 1
            used.add(name.lower())
            target = out / name
            target.write_text(text, encoding="utf-8")
            written.append(target)
    except OSError as exc:
        raise StorageError(
            _("Cannot write the trip files to {dir}: {error}").format(
                dir=out, error=exc.strerror or exc
            )
        ) from None
    with ctx.transaction() as session:
        ctx.audit(session, "trips.export", "trip", None, {"count": len(written), "dir": str(out)})
    return TripExport(files=tuple(written))


# --------------------------------------------------------------------------- the form's choices


@dataclass(frozen=True)
class TripChoices:
    people: tuple[tuple[int, str], ...]  # (number, name), by reading
    cases: tuple[tuple[str, str], ...]  # (ref, title)
    shipments: tuple[tuple[str, str], ...]  # hand-carry shipments: (ref, title and countries)


def trip_choices(ctx: ServiceContext) -> TripChoices:
    """What the trip form picks from: registered people, stored cases, hand-carry shipments."""
    with ctx.reading() as session:
        people = session.execute(
            select(m.Person.id, m.Person.name, m.Person.name_latin)
            .where(m.Person.retired.is_(False))
            .order_by(m.Person.sort_name, m.Person.id)
        ).all()
        query = select(m.Case.ref, m.Case.title).order_by(m.Case.ref)
        only = visible_cases(session, ctx.user(session))  # a researcher's own cases
        cases = session.execute(query if only is None else query.where(only)).all()
        shipments = session.execute(
            select(m.Shipment.ref, m.Shipment.title, m.Shipment.destination)
            .where(m.Shipment.mode == "hand_carry")
            .order_by(m.Shipment.ref)
        ).all()
    return TripChoices(
        people=tuple(
            (pid, f"{name} ({latin})" if latin and latin != name else name)
            for pid, name, latin in people
        ),
        cases=tuple((ref, title or "") for ref, title in cases),
        shipments=tuple(
            (ref, f"{title or ''} [{country_label(destination)}]".strip())
            for ref, title, destination in shipments
        ),
    )
