"""Importing a restricted-party list version.

Every imported file is kept as a version of its source (``jp-eul``) with its publication
date, SHA-256 and row count; nothing is overwritten. Importing a version also re-screens,
in reverse, every stored person and organization against the entries that are new or
changed since the previous version, and returns the impact report
(:func:`~desk.services.screening.rescreen.rescreen_version`). One transaction: a bad file
stores nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, _, ngettext
from desk.domain.limits import strict_date
from desk.screening import (
    ListDiff,
    ListEntry,
    builtin_list,
)
from desk.screening.adapters import DEFAULT_SOURCE, ListFile, open_list_file
from desk.services.context import Changes, ServiceContext
from desk.services.permissions import LIST_ROLES, require_role
from desk.services.screening.list_stream import (
    Staging,
    diff_in_sql,
    store_entries,
    stored_entries,
)
from desk.services.screening.lists import (
    SOURCE_NAMES,
    ListVersionInfo,
    _info,
    _ordered_versions,
    version_as_list,
)
from desk.services.screening.recorded import reopen_records
from desk.services.screening.rescreen import (
    ImpactReport,
    rescreen_version,
)
from desk.storage import models as m

# up to this many entries a version is re-screened against the whole list (a list's own
# size: the End User List ~800, the US CSL ~15,000); beyond, in bounded memory
FULL_MATCHER_ENTRIES = 50_000
_SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,49}$")


@dataclass(frozen=True)
class ImportResult:
    version: ListVersionInfo
    already_stored: bool  # the same file (source, version, SHA-256) was imported before
    previous: ListVersionInfo | None
    diff: ListDiff | None  # against the previous version; None for the first one
    impact: Any  # desk.services.screening.ImpactReport (None when already stored)
    changes: Changes
    reopened: tuple[int, ...] = ()  # stored screening records with a new hit (reopened)


def parse_published(text: str | None, path: str | Path, carried: dt.date | None = None) -> dt.date:
    """The publication date from ``--published``, else the one the file carries (the UN
    list's ``dateGenerated``), else a date in the file name."""
    if text:
        try:
            return strict_date(text)
        except ValueError:
            raise InvalidInput(
                _("not a date (YYYY-MM-DD): {value}").format(value=text), source="--published"
            ) from None
    if carried is not None:
        return carried
    m_ = re.search(r"(\d{4}-\d{2}-\d{2})", Path(path).name)
    if m_:
        try:
            return dt.date.fromisoformat(m_.group(1))
        except ValueError:
            pass
    raise InvalidInput(_("give the publication date with --published YYYY-MM-DD"), source=str(path))


def _open(
    path: str | Path, source: str | None, published: str | dt.date | None, fmt: str | None
) -> tuple[ListFile, str, dt.date]:
    """The list file in its format (``fmt`` or detected), its source id and its date. A
    desk list CSV is not read here (its rows are read as they are stored)."""
    if source is not None:
        source = source.strip().lower()
        if not _SOURCE_ID.match(source):
            raise InvalidInput(
                _("a list source is lower-case letters, digits, '-', '.', '_': {source!r}").format(
                    source=source
                ),
                source="--source",
            )
    if isinstance(published, str):  # a bad --published is named before the file is read
        parse_published(published, path)
    lf = open_list_file(path, fmt=fmt)
    day = (
        published
        if isinstance(published, dt.date)
        else parse_published(published, path, lf.published)
    )
    return lf, source or lf.default_source, day


def suggested_source(path: str | Path) -> tuple[str | None, dt.date | None]:
    """The source a list file would be stored under by default (its format's:
    ``jp-eul``, ``un-sc``, ``us-csl``, ``jp-mof``) and the publication date it carries
    (the UN list's, the CSL JSON's), or None for what cannot be told (the import then says
    why)."""
    try:
        lf = open_list_file(path)
    except InvalidInput:
        return None, None
    return DEFAULT_SOURCE[lf.format], lf.published


def import_list(
    ctx: ServiceContext,
    path: str | Path,
    *,
    source: str | None = None,
    published: str | dt.date | None = None,
    allow_mass_removal: bool = False,
    fmt: str | None = None,
) -> ImportResult:
    """Store the list file at ``path`` (any format of :mod:`desk.screening.adapters`, told
    from its content unless ``fmt`` names it) as a version of ``source`` (default: the
    format's own: ``jp-eul``, ``un-sc``, ``us-csl``, ``jp-mof``) and re-screen the parties
    and the stored screening records.

    Needs the office role. A version that would remove most entries of the one it follows
    (a three-line file over the End User List) is refused unless ``allow_mass_removal``.
    Memory does not grow with the list (:mod:`~desk.services.screening.list_stream`)."""
    lf, source, day = _open(path, source, published, fmt)
    with ctx.transaction() as s:
        require_role(s, ctx, LIST_ROLES, N_("import list versions"), write=True)
        staged = _stage(ctx, s, lf, source, day, Path(path).name)
        preview = staged.preview(lf, source, day)
        if preview.mass_removal and not allow_mass_removal:
            raise InvalidInput(
                _(
                    "this version would remove {removed} of the {count} entries of {source} "
                    "{previous} and keep {kept}; nothing was imported. Check the file; to "
                    "replace the list anyway, confirm it (desk lists import --yes)"
                ).format(
                    removed=preview.removed,
                    count=preview.previous_count,
                    source=source,
                    previous=preview.previous_version,
                    kept=preview.previous_count - preview.removed,
                ),
                source=str(path),
            )
        result = _finish(ctx, s, staged, source)
    return result


@dataclass(frozen=True)
class ListPreview:
    """What importing a list file would change, before anything is stored."""

    source: str
    version: str
    row_count: int
    previous_version: str | None  # the version it follows (None: the first of its source)
    previous_count: int
    diff: ListDiff | None
    already_stored: bool

    @property
    def removed(self) -> int:
        return len(self.diff.removed) if self.diff else 0

    @property
    def mass_removal(self) -> bool:
        """It removes most of the entries of the version it replaces."""
        return self.previous_count > 0 and self.removed * 2 > self.previous_count


class _Discard(Exception):
    """Ends a preview's transaction (nothing it stored is kept)."""

    def __init__(self, preview: ListPreview) -> None:
        self.preview = preview


def preview_list(
    ctx: ServiceContext,
    path: str | Path,
    *,
    source: str | None = None,
    published: str | dt.date | None = None,
    fmt: str | None = None,
) -> ListPreview:
    """The diff against the version a list file would follow (``desk lists import`` shows
    it and asks before a replacement is applied). The file is stored and compared in a
    transaction that is then rolled back: the diff is made by the database, in bounded
    memory; the first version of a source is only read and checked."""
    lf, source, day = _open(path, source, published, fmt)
    try:
        with ctx.transaction() as s:
            src = _source_row(s, source, create=False)
            versions = _ordered_versions(s, src.id) if src is not None else []
            stored = any(v.sha256 == lf.sha256 and v.version == day.isoformat() for v in versions)
            if stored or not _previous(versions, day):
                count = _check_rows(lf)
                raise _Discard(ListPreview(source, day.isoformat(), count, None, 0, None, stored))
            require_role(s, ctx, LIST_ROLES, N_("import list versions"), write=True)
            staged = _stage(ctx, s, lf, source, day, Path(path).name)
            raise _Discard(staged.preview(lf, source, day))
    except _Discard as done:
        return done.preview


def _check_rows(lf: ListFile) -> int:
    """Read and check every row (a first version: nothing to compare it with). Duplicate
    entry numbers are left to the import, which tells them in the database (keeping every
    number seen here would hold the list's numbers in memory)."""
    seen = sum(1 for _row in lf.rows())
    if not seen:
        raise InvalidInput(_("no entries"), source=lf.where)
    return seen


def store_builtin(ctx: ServiceContext, s: Session) -> None:
    """Store the built-in End User List as a version (first use of an empty database)."""
    lst = builtin_list()
    day = dt.date.fromisoformat(lst.version)
    path = Path(lst.source_file or "builtin.csv")
    lf = ListFile(path, str(path), "csv", lst.sha256, None, lst.id, lst.entries)
    staged = _stage(ctx, s, lf, lst.id, day, path.name if lst.source_file else None)
    _finish(ctx, s, staged, lst.id)


def _source_row(s: Session, source: str, *, create: bool) -> m.ScreeningListSource | None:
    src = s.scalars(
        select(m.ScreeningListSource).where(m.ScreeningListSource.source_id == source)
    ).first()
    if src is None and create:
        src = m.ScreeningListSource(source_id=source, name=SOURCE_NAMES.get(source))
        s.add(src)
        s.flush()
    return src


def _previous(versions: list[m.ListVersion], day: dt.date) -> m.ListVersion | None:
    earlier = [v for v in versions if (v.published_on or dt.date.min) <= day]
    return earlier[-1] if earlier else None


@dataclass
class _Staged:
    """A version stored in the open transaction (or found already stored)."""

    source_pk: int
    row: m.ListVersion
    previous: m.ListVersion | None
    diff: ListDiff | None
    already_stored: bool
    newest_id: int

    def preview(self, lf: ListFile, source: str, day: dt.date) -> ListPreview:
        prev = self.previous
        return ListPreview(
            source,
            day.isoformat(),
            self.row.row_count,
            prev.version if prev else None,
            prev.row_count if prev else 0,
            self.diff,
            self.already_stored,
        )


def _stage(
    ctx: ServiceContext,
    s: Session,
    lf: ListFile,
    source: str,
    day: dt.date,
    filename: str | None,
) -> _Staged:
    src = _source_row(s, source, create=True)
    assert src is not None
    versions = _ordered_versions(s, src.id)
    version = day.isoformat()
    for v in versions:
        if v.sha256 == lf.sha256 and v.version == version:
            return _Staged(src.id, v, None, None, True, versions[-1].id)
    previous = _previous(versions, day)
    row = m.ListVersion(
        list_id=src.id,
        version=version,
        published_on=day,
        sha256=lf.sha256,
        row_count=0,
        has_categories=lf.has_categories,
        source_file=filename,
        imported_by_id=ctx.user(s).id,
    )
    s.add(row)
    s.flush()
    staging = Staging(s) if previous is not None else None
    row.row_count = store_entries(s, row.id, lf, staging)
    s.flush()
    diff = None
    if previous is not None and staging is not None:
        src_id = source
        diff = diff_in_sql(
            s,
            staging,
            previous,
            row,
            {"id": src_id, "version": previous.version, "sha256": previous.sha256},
            {"id": src_id, "version": version, "sha256": lf.sha256},
        )
    return _Staged(src.id, row, previous, diff, False, row.id)


def _finish(ctx: ServiceContext, s: Session, staged: _Staged, source: str) -> ImportResult:
    row, previous, diff = staged.row, staged.previous, staged.diff
    if staged.already_stored:
        return ImportResult(_info(row, staged.newest_id), True, None, None, None, Changes())
    count = row.row_count
    to_screen = [*diff.added, *(c.new for c in diff.changed)] if diff is not None else []
    if diff is not None:

        def entries() -> Iterable[ListEntry]:
            return to_screen
    else:

        def entries() -> Iterable[ListEntry]:
            return stored_entries(s, row.id)

    # a list of the size lists have is screened whole, as a screening of the party does;
    # a larger one in bounded memory (rescreen_version)
    lst = version_as_list(s, row) if count <= FULL_MATCHER_ENTRIES else None
    impact = rescreen_version(
        ctx, s, row, lst, entries, len(to_screen) if diff is not None else count
    )
    reopened = reopen_records(s, row, lst, entries)
    newest = _ordered_versions(s, staged.source_pk)[-1].id
    info = _info(row, newest)
    prev_info = _info(previous, newest) if previous else None
    ctx.audit(
        s,
        "list.import",
        "list_version",
        row.id,
        {
            "source": source,
            "version": row.version,
            "sha256": row.sha256,
            "row_count": count,
            "file": row.source_file,
            "previous": previous.version if previous else None,
            "added": len(diff.added) if diff else count,
            "changed": len(diff.changed) if diff else 0,
            "removed": len(diff.removed) if diff else 0,
            "hits": len(impact.hits),
            "reopened_records": reopened,
        },
    )
    changes = Changes(
        tables=frozenset(
            {"lists", "list_versions", "list_entries", "screening_results", "screening_records"}
        ),
        ids={"list_versions": (info.id,), "screening_records": tuple(reopened)},
    )
    return ImportResult(info, False, prev_info, diff, impact, changes, tuple(reopened))


def import_summary(result: ImportResult) -> list[str]:
    """A list import's outcome in words, line by line (``desk lists import`` and the app)."""

    v = result.version
    if result.already_stored:
        return [
            _("Already stored: {source} {version} (SHA-256 {sha}…), nothing changed.").format(
                source=v.source, version=v.version, sha=v.sha256[:12]
            )
        ]
    lines = [
        ngettext(
            "Stored {source} {version}: {rows} entry, SHA-256 {sha}",
            "Stored {source} {version}: {rows} entries, SHA-256 {sha}",
            v.row_count,
        ).format(source=v.source, version=v.version, rows=v.row_count, sha=v.sha256)
    ]
    if result.previous and result.diff:
        lines.append(
            _("Since {version}: {added} added, {changed} changed, {removed} removed.").format(
                version=result.previous.version,
                added=len(result.diff.added),
                changed=len(result.diff.changed),
                removed=len(result.diff.removed),
            )
        )
    if not v.current:
        lines.append(
            _(
                "Note: a newer version of this list is already stored; "
                "screening keeps using the newer one."
            )
        )
    if result.reopened:
        lines.append(
            ngettext(
                "{n} stored screening record has a new hit and is open again: {ids}",
                "{n} stored screening records have a new hit and are open again: {ids}",
                len(result.reopened),
            ).format(n=len(result.reopened), ids=", ".join(f"#{i}" for i in result.reopened))
        )
    imp = result.impact
    if not isinstance(imp, ImpactReport):
        return lines
    lines.append(
        _("Re-screened {parties} people and organizations against {entries} entries.").format(
            parties=imp.parties_screened, entries=imp.screened_entries
        )
    )
    lines.append(
        _(
            "Hits: {hits}; people: {people}; organizations: {orgs}; projects: {projects}; "
            "open cases affected: {cases}"
        ).format(
            hits=len(imp.hits),
            people=len(imp.people),
            orgs=len(imp.organizations),
            projects=len(imp.projects),
            cases=len(imp.open_cases),
        )
    )
    if not imp.hits:
        lines.append(_("No new hits."))
        return lines
    lines.append("")
    lines.append(_("New hits ({count}):").format(count=len(imp.hits)))
    for h in imp.hits:
        lines.append(
            "  "
            + _("[{band}] {score:.2f} {party} → {list} no. {entry} {name}").format(
                band=_(h.hit.band),
                score=h.hit.score,
                party=h.party_name,
                list=h.hit.list_id,
                entry=h.hit.entry,
                name=h.hit.entry_name,
            )
        )
    for title, items in (
        (_("People affected"), imp.people),
        (_("Organizations affected"), imp.organizations),
        (_("Projects affected"), imp.projects),
        (_("Open cases affected"), imp.open_cases),
    ):
        if items:
            lines.append("")
            lines.append(f"{title} ({len(items)}):")
            for a in items:
                extra = f" [{a.status}]" if a.status else ""
                lines.append(f"  {a.label}{extra}" + (f" ← {a.via}" if a.via else ""))
    return lines
