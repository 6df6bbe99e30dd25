"""Restricted-party list versions in the database, read: the versions of each source,
the current ones (what screening and assessment use), one version as a list, diffs.

Importing a version is :mod:`.list_import`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desk.domain.errors import InvalidInput, NotFound
from desk.domain.i18n import _
from desk.screening import (
    ListDiff,
    ListEntry,
    ScreeningList,
    builtin_list,
    diff_lists,
    staleness_warning,
)
from desk.screening.adapters import read_list_file
from desk.services.context import ServiceContext
from desk.storage import models as m

SOURCE_NAMES = {
    "jp-eul": "外国ユーザーリスト (End User List, METI)",
    "un-sc": "国連安保理統合制裁リスト (UN Security Council Consolidated List)",
    "us-csl": "米国統合スクリーニングリスト (US Consolidated Screening List)",
    "jp-mof": "財務省 経済制裁対象者リスト (MOF economic sanctions list)",
}


@dataclass(frozen=True)
class ListVersionInfo:
    id: int
    source: str
    version: str
    published_on: dt.date | None
    sha256: str
    row_count: int
    source_file: str | None
    imported_at: dt.datetime
    current: bool  # the newest version of its source

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "version": self.version,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "sha256": self.sha256,
            "row_count": self.row_count,
            "source_file": self.source_file,
            "imported_at": self.imported_at.isoformat(),
            "current": self.current,
        }


def _info(v: m.ListVersion, current_id: int | None) -> ListVersionInfo:
    return ListVersionInfo(
        id=v.id,
        source=v.source.source_id,
        version=v.version,
        published_on=v.published_on,
        sha256=v.sha256,
        row_count=v.row_count,
        source_file=v.source_file,
        imported_at=v.imported_at,
        current=v.id == current_id,
    )


def _ordered_versions(session: Session, list_pk: int) -> list[m.ListVersion]:
    """Versions of one source, oldest first (by publication date, then import order)."""
    rows = session.scalars(
        select(m.ListVersion)
        .where(m.ListVersion.list_id == list_pk)
        .options(selectinload(m.ListVersion.source))
    ).all()
    return sorted(rows, key=lambda v: (v.published_on or dt.date.min, v.id))


def entry_from_row(e: m.ListEntry) -> ListEntry:
    return ListEntry(
        no=e.no,
        country=e.country,
        name=e.name,
        country_name=e.country_name,
        local_names=tuple(e.local_names or ()),
        aliases=tuple(e.aliases or ()),
        wmd=tuple(e.wmd or ()),
        cw=e.cw,
        program=e.program or "",
    )


def version_as_list(session: Session, v: m.ListVersion) -> ScreeningList:
    rows = session.scalars(
        select(m.ListEntry).where(m.ListEntry.list_version_id == v.id).order_by(m.ListEntry.id)
    ).all()
    return ScreeningList(
        id=v.source.source_id,
        version=v.version,
        sha256=v.sha256,
        entries=tuple(entry_from_row(e) for e in rows),
        has_categories=v.has_categories,
        source_file=v.source_file,
    )


def current_versions(session: Session) -> list[m.ListVersion]:
    """The newest version (by publication date) of every active source."""
    out = []
    for src in session.scalars(
        select(m.ScreeningListSource)
        .where(m.ScreeningListSource.active.is_(True))
        .order_by(m.ScreeningListSource.source_id)
    ):
        versions = _ordered_versions(session, src.id)
        if versions:
            out.append(versions[-1])
    return out


def current_lists_in(session: Session) -> list[ScreeningList]:
    return [version_as_list(session, v) for v in current_versions(session)]


def current_lists(ctx: ServiceContext, *, fallback_builtin: bool = True) -> list[ScreeningList]:
    """The lists screening uses: the newest stored version of each active source, or the
    built-in End User List when nothing is stored."""
    with ctx.reading() as s:
        lists = current_lists_in(s)
    return lists or ([builtin_list()] if fallback_builtin else [])


def list_versions(ctx: ServiceContext, source: str | None = None) -> tuple[ListVersionInfo, ...]:
    """Every stored version, per source oldest first."""
    out: list[ListVersionInfo] = []
    with ctx.reading() as s:
        q = select(m.ScreeningListSource).order_by(m.ScreeningListSource.source_id)
        if source:
            q = q.where(m.ScreeningListSource.source_id == source)
        for src in s.scalars(q):
            versions = _ordered_versions(s, src.id)
            current = versions[-1].id if versions else None
            out.extend(_info(v, current) for v in versions)
    return tuple(out)


def _find_version(s: Session, ref: str) -> m.ListVersion:
    """``SOURCE@VERSION``, ``SOURCE`` (its newest version), ``VERSION`` or ``#ID``."""
    q = (
        select(m.ListVersion)
        .join(m.ScreeningListSource)
        .options(selectinload(m.ListVersion.source))
    )
    if ref.startswith("#") and ref[1:].isdigit():
        found = s.scalars(q.where(m.ListVersion.id == int(ref[1:]))).all()
    elif "@" in ref:
        src, _sep, ver = ref.partition("@")
        found = s.scalars(
            q.where(m.ScreeningListSource.source_id == src, m.ListVersion.version == ver)
        ).all()
    else:
        found = s.scalars(q.where(m.ScreeningListSource.source_id == ref)).all()
        if found:
            found = [sorted(found, key=lambda v: (v.published_on or dt.date.min, v.id))[-1]]
        else:
            found = s.scalars(q.where(m.ListVersion.version == ref)).all()
    if not found:
        raise NotFound(_("no stored list version {ref!r} (see: desk lists show)").format(ref=ref))
    if len(found) > 1:
        raise InvalidInput(
            _("{ref!r} names several stored versions; write SOURCE@VERSION").format(ref=ref),
            source=ref,
        )
    return found[0]


def resolve_list(ctx: ServiceContext | None, ref: str) -> ScreeningList:
    """A list file (path to a CSV) or a stored version (see :func:`_find_version`)."""
    p = Path(ref)
    if p.suffix.lower() == ".csv" or p.exists():
        return read_list_file(p)[0]  # any format desk reads (desk.screening.adapters)
    if ref == "default":
        return builtin_list()
    if ctx is None:
        raise InvalidInput(_("no such list file: {ref}").format(ref=ref), source=ref)
    with ctx.reading() as s:
        return version_as_list(s, _find_version(s, ref))


def diff_refs(ctx: ServiceContext | None, old: str, new: str) -> ListDiff:
    return diff_lists(resolve_list(ctx, old), resolve_list(ctx, new))


def warnings_for(lists: Sequence[ScreeningList], today: dt.date) -> list[str]:
    return [w for w in (staleness_warning(lst, today) for lst in lists) if w]
