"""The four registers behind one set of verbs, for front ends that treat them alike
(``desk people|orgs|projects|tech``, the app's New…/Edit…/Merge…/Retire actions):
``kind`` is person, organization, project, technical_item or goods_item.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from desk.services.context import ServiceContext
from desk.services.registers import fields as f
from desk.services.registers.goods_items import (
    GOODS_FIELDS,
    add_goods_item,
    edit_goods_item,
    list_goods_register,
    retire_goods_item,
    show_goods_item,
)
from desk.services.registers.organizations import (
    ORGANIZATION_FIELDS,
    add_organization,
    edit_organization,
    list_organizations,
    retire_organization,
    show_organization,
)
from desk.services.registers.people import (
    PERSON_FIELDS,
    add_person,
    edit_person,
    list_people,
    retire_person,
    show_person,
)
from desk.services.registers.projects import (
    PROJECT_FIELDS,
    add_project,
    edit_project,
    list_projects,
    retire_project,
    show_project,
)
from desk.services.registers.records import RecordSeen, RegisterRecord, RegisterSummary
from desk.services.registers.technical import (
    TECHNICAL_FIELDS,
    add_technical_item,
    edit_technical_item,
    list_technical_items,
    retire_technical_item,
    show_technical_item,
)

FIELDS: dict[str, dict[str, f.Field]] = {
    "person": PERSON_FIELDS,
    "organization": ORGANIZATION_FIELDS,
    "project": PROJECT_FIELDS,
    "technical_item": TECHNICAL_FIELDS,
    "goods_item": GOODS_FIELDS,
}
_ADD: dict[str, Callable[[ServiceContext, Mapping[str, Any]], RegisterRecord]] = {
    "person": add_person,
    "organization": add_organization,
    "project": add_project,
    "technical_item": add_technical_item,
    "goods_item": add_goods_item,
}
_EDIT: dict[str, Callable[..., RegisterRecord]] = {
    "person": edit_person,
    "organization": edit_organization,
    "project": edit_project,
    "technical_item": edit_technical_item,
    "goods_item": edit_goods_item,
}
_SHOW: dict[str, Callable[..., RegisterRecord]] = {
    "person": show_person,
    "organization": show_organization,
    "project": show_project,
    "technical_item": show_technical_item,
    "goods_item": show_goods_item,
}
_RETIRE: dict[str, Callable[..., RegisterRecord]] = {
    "person": retire_person,
    "organization": retire_organization,
    "project": retire_project,
    "technical_item": retire_technical_item,
    "goods_item": retire_goods_item,
}
_LIST: dict[str, Callable[..., list[RegisterSummary]]] = {
    "person": list_people,
    "organization": list_organizations,
    "project": list_projects,
    "technical_item": list_technical_items,
    "goods_item": list_goods_register,
}


def add(ctx: ServiceContext, kind: str, values: Mapping[str, Any]) -> RegisterRecord:
    return _ADD[kind](ctx, values)


def edit(
    ctx: ServiceContext,
    kind: str,
    record_id: int,
    values: Mapping[str, Any],
    *,
    seen: RecordSeen | None = None,
) -> RegisterRecord:
    """Edit a record; ``seen`` (``RegisterRecord.seen`` of what the form showed) refuses
    the save when someone else saved the record in between."""
    return _EDIT[kind](ctx, record_id, values, seen=seen)


def show(
    ctx: ServiceContext, kind: str, record_id: int, *, changes: bool = False
) -> RegisterRecord:
    return _SHOW[kind](ctx, record_id, _changes=changes)


def retire(
    ctx: ServiceContext, kind: str, record_id: int, *, retired: bool = True
) -> RegisterRecord:
    return _RETIRE[kind](ctx, record_id, retired=retired)


def list_records(
    ctx: ServiceContext,
    kind: str,
    text: str | None = None,
    *,
    include_retired: bool = False,
    limit: int | None = None,
) -> list[RegisterSummary]:
    return _LIST[kind](ctx, text, include_retired=include_retired, limit=limit)


def merge(ctx: ServiceContext, kind: str, keep_id: int, drop_id: int) -> RegisterRecord:
    from desk.services.registers.merging import merge_records

    return merge_records(ctx, kind, keep_id, drop_id)
