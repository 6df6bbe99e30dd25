"""Merging two records of a register that are one: every link of the dropped record —
cases, affiliations, project memberships, ties, declarations, screening results and
dispositions, funding and partnerships, technical items — moves to the kept record, the
kept record's empty fields take the dropped one's values, the dropped record is deleted,
and one audit event records what was merged into what (with the dropped record's values).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from desk.services.context import ServiceContext
from desk.services.registers.records import (
    MODELS,
    RegisterRecord,
    check_merge,
    get_row,
    jsonable,
    may_change,
)
from desk.storage import models as m

# (model, column) pairs that point at a record of each kind
_LINKS: dict[str, tuple[tuple[Any, str], ...]] = {
    "person": (
        (m.Case, "person_id"),
        (m.Affiliation, "person_id"),
        (m.ProjectMember, "person_id"),
        (m.Tie, "person_id"),
        (m.Declaration, "person_id"),
        (m.ScreeningResult, "person_id"),
        (m.Disposition, "person_id"),
        (m.PersonEvent, "person_id"),
        (m.RosterReview, "person_id"),
        (m.RosterReview, "candidate_id"),
        (m.IntakeDocument, "person_id"),
        (m.IntakeReview, "person_id"),
    ),
    "organization": (
        (m.Case, "organization_id"),
        (m.Affiliation, "organization_id"),
        (m.Affiliation, "member_organization_id"),
        (m.Tie, "organization_id"),
        (m.Declaration, "organization_id"),
        (m.ScreeningResult, "organization_id"),
        (m.Disposition, "organization_id"),
        (m.ProjectFunding, "organization_id"),
        (m.ProjectPartner, "organization_id"),
    ),
    "project": (
        (m.TechnicalItem, "project_id"),
        (m.ProjectMember, "project_id"),
        (m.ProjectFunding, "project_id"),
        (m.ProjectPartner, "project_id"),
    ),
    "technical_item": ((m.Case, "technical_item_id"),),
    "goods_item": (
        (m.ShipmentLine, "goods_item_id"),
        (m.Classification, "goods_item_id"),
        (m.ClassificationSnapshot, "goods_item_id"),
    ),
}
# fields that are not copied from the dropped record
_SKIP = {"id", "created_at", "updated_at", "search_name", "search_title", "retired"}


def _values(row: Any) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in _SKIP}


def _dedupe_partners(s: Session, column: str, keep: int, drop: int) -> None:
    """A project cannot have the same partner twice: drop the dropped side's duplicates."""
    other = "organization_id" if column == "project_id" else "project_id"
    kept = set(
        s.scalars(
            select(getattr(m.ProjectPartner, other)).where(
                getattr(m.ProjectPartner, column) == keep
            )
        )
    )
    if kept:
        s.execute(
            delete(m.ProjectPartner).where(
                getattr(m.ProjectPartner, column) == drop,
                getattr(m.ProjectPartner, other).in_(kept),
            )
        )


def merge_records(ctx: ServiceContext, kind: str, keep_id: int, drop_id: int) -> RegisterRecord:
    """Merge record ``drop_id`` into ``keep_id`` (both of register ``kind``)."""
    from desk.services.registers.editing import show

    check_merge(keep_id, drop_id)
    with ctx.transaction() as s:
        may_change(ctx, s)
        keep = get_row(s, kind, keep_id)
        drop = get_row(s, kind, drop_id)
        dropped = _values(drop)
        filled: list[str] = []
        for key, value in dropped.items():
            if value in (None, [], ""):
                continue
            if getattr(keep, key) in (None, [], ""):
                setattr(keep, key, value)
                filled.append(key)
        if kind == "organization":
            names = [drop.name, drop.name_latin, *(drop.local_names or []), *drop.aliases]
            known = {keep.name, keep.name_latin, *(keep.local_names or []), *keep.aliases}
            keep.aliases = [
                *keep.aliases,
                *(n for n in dict.fromkeys(names) if n and n not in known),
            ]
        s.flush()
        moved: dict[str, int] = {}
        for model, column in _LINKS[kind]:
            if model is m.ProjectPartner:
                _dedupe_partners(s, column, keep_id, drop_id)
            result = s.execute(
                update(model)
                .where(getattr(model, column) == drop_id)
                .values({column: keep_id})
                .execution_options(synchronize_session=False)
            )
            count = getattr(result, "rowcount", 0)
            if count:
                moved[f"{model.__tablename__}.{column}"] = count
        s.expire_all()
        s.delete(s.get(MODELS[kind], drop_id))
        ctx.audit(
            s,
            f"{kind}.merge",
            kind,
            keep_id,
            {"merged": drop_id, "dropped": jsonable(dropped), "filled": filled, "moved": moved},
        )
    return show(ctx, kind, keep_id, changes=True)
