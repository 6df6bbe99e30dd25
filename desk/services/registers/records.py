"""What the register services hand back — one shape for people, organizations, projects
and technical data — and the pieces they share: finding a row by id, writing the audit
event of a change, listing with a filter, and the add, edit and retire every register does
the same way (:func:`add_row`, :func:`edit_row`, :func:`retire_row`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain.errors import ConflictError, InvalidInput, NotFound
from desk.domain.i18n import N_, _
from desk.services.context import Changes, ServiceContext
from desk.services.permissions import REGISTER_ROLES, require_role
from desk.storage import models as m

KINDS = ("person", "organization", "project", "technical_item", "goods_item")
KIND_NAMES = {
    "person": N_("person"),
    "organization": N_("organization"),
    "project": N_("project"),
    "technical_item": N_("technical data"),
    "goods_item": N_("goods item"),
}
TABLES = {
    "person": "people",
    "organization": "organizations",
    "project": "projects",
    "technical_item": "technical_items",
    "goods_item": "goods_items",
}
MODELS: dict[str, Any] = {
    "person": m.Person,
    "organization": m.Organization,
    "project": m.Project,
    "technical_item": m.TechnicalItem,
    "goods_item": m.GoodsItem,
}

R = TypeVar("R")


def jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class RecordSeen:
    """The version of a register record an editor opened, and the fields it showed."""

    version: int
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RegisterRecord:
    """One registered record as the register shows it.

    ``fields`` are the record's own values (JSON-ready, keyed by service field name);
    ``links`` its related records (affiliations, cases, members…); ``hits`` the stored
    screening hits of the record — for a person, those of the organizations it is
    affiliated with, each naming the organization.
    """

    kind: str
    id: int
    name: str
    retired: bool
    fields: Mapping[str, Any]
    links: Mapping[str, Any] = field(default_factory=dict)
    hits: tuple[Mapping[str, Any], ...] = ()
    changes: Changes = field(default_factory=Changes)
    version: int = 0  # the row's optimistic-locking version when it was read

    @property
    def seen(self) -> RecordSeen:
        """What a form that shows this record passes back when saving."""
        return RecordSeen(self.version, dict(self.fields))

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "name": self.name,
            "retired": self.retired,
            "fields": jsonable(self.fields),
            "links": jsonable(self.links),
            "hits": jsonable(list(self.hits)),
            "version": self.version,
        }


@dataclass(frozen=True)
class RegisterSummary:
    """One line of a register's list."""

    kind: str
    id: int
    name: str
    detail: str
    retired: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "name": self.name,
            "detail": self.detail,
            "retired": self.retired,
        }


def get_row(s: Session, kind: str, record_id: int, *, field_name: str = "id") -> Any:
    row = s.get(MODELS[kind], record_id)
    if row is None:
        raise NotFound(_("no {kind} with id {id}").format(kind=_(KIND_NAMES[kind]), id=record_id))
    return row


def row_version(ctx: ServiceContext, kind: str, record_id: int) -> int:
    with ctx.reading() as s:
        return int(s.scalar(select(MODELS[kind].version).where(MODELS[kind].id == record_id)) or 0)


_SHOWN = 6


def refuse_stale(ctx: ServiceContext, kind: str, row: Any, seen: RecordSeen | None) -> None:
    """Refuse an edit made on a version of the record that someone else has since saved
    over, naming the fields they changed and what they hold now (a save at the very same
    moment is caught by the version column instead: ConflictError, nothing saved)."""
    if seen is None or not seen.version or row.version == seen.version:
        return
    from desk.services.registers.editing import show

    now = show(ctx, kind, row.id).fields
    fields = [
        f"{key}: {_shown(now.get(key))}"
        for key in sorted(set(now) | set(seen.fields))
        if jsonable(now.get(key)) != jsonable(seen.fields.get(key))
    ]
    listed = "; ".join(fields[:_SHOWN]) + (" …" if len(fields) > _SHOWN else "")
    raise ConflictError(
        _(
            "This {kind} was changed by someone else after you opened it ({fields}); your "
            "edit was not saved. Open it again, then repeat your change."
        ).format(
            kind=_(KIND_NAMES[kind]),
            fields=listed or _("version {old} → {new}").format(old=seen.version, new=row.version),
        )
    )


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(_shown(v) for v in value)
    return str(jsonable(value))[:60]


def changed(kind: str, *ids: int) -> Changes:
    return Changes(tables=frozenset({TABLES[kind]}), ids={kind: tuple(ids)})


def audit_change(
    ctx: ServiceContext,
    s: Session,
    kind: str,
    action: str,
    row_id: int,
    values: Mapping[str, Any],
    extra: Mapping[str, Any] | None = None,
) -> None:
    """The audit event of a register change: which fields got which values (after the
    role check: only the office changes the registers; auditors never do)."""
    may_change(ctx, s)
    ctx.audit(s, f"{kind}.{action}", kind, row_id, {"fields": jsonable(values), **(extra or {})})


def may_change(ctx: ServiceContext, s: Session) -> None:
    require_role(s, ctx, REGISTER_ROLES, N_("change the registers"), write=True)


def department(s: Session, name: str | None) -> m.Department | None:
    """The department of that name, registered on first use."""
    if name is None:
        return None
    found = s.scalars(select(m.Department).where(m.Department.name == name)).first()
    if found is None:
        found = m.Department(name=name)
        s.add(found)
    return found


def rows_by_id(s: Session, kind: str, ids: list[int], field_name: str) -> list[Any]:
    out = []
    for i in ids:
        row = s.get(MODELS[kind], i)
        if row is None:
            raise InvalidInput(
                _("no {kind} with id {id}").format(kind=_(KIND_NAMES[kind]), id=i),
                where=field_name,
            )
        out.append(row)
    return out


# a register's own setting of the cleaned values on its row (the session finds the rows named)
Apply = Callable[[Session, Any, Mapping[str, Any]], None]


def add_row(
    ctx: ServiceContext, kind: str, row: Any, clean: Mapping[str, Any], apply: Apply
) -> int:
    """Store the new ``row`` with ``clean`` applied and its ``<kind>.add`` audit event, in
    one transaction; its id."""
    with ctx.transaction() as s:
        apply(s, row, clean)
        s.add(row)
        s.flush()
        audit_change(ctx, s, kind, "add", row.id, clean)
        return int(row.id)


def edit_row(
    ctx: ServiceContext,
    kind: str,
    record_id: int,
    clean: Mapping[str, Any],
    apply: Apply,
    seen: RecordSeen | None,
) -> None:
    """Apply ``clean`` to record ``record_id`` with its ``<kind>.edit`` audit event; an
    edit on a version someone else has since saved over is refused (:func:`refuse_stale`)."""
    with ctx.transaction() as s:
        row = get_row(s, kind, record_id)
        refuse_stale(ctx, kind, row, seen)
        apply(s, row, clean)
        audit_change(ctx, s, kind, "edit", row.id, clean)


def retire_row(ctx: ServiceContext, kind: str, record_id: int, retired: bool) -> None:
    """Mark record ``record_id`` retired (kept, no longer picked) or back in use, with its
    ``<kind>.retire`` / ``<kind>.unretire`` audit event."""
    with ctx.transaction() as s:
        row = get_row(s, kind, record_id)
        row.retired = retired
        audit_change(ctx, s, kind, "retire" if retired else "unretire", row.id, {})


def check_merge(keep: int, drop: int) -> None:
    if keep == drop:
        raise InvalidInput(_("a record cannot be merged into itself"), where="drop")
