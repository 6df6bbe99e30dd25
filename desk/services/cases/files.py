"""Case documents in and out: import and export ``desk-case/1`` files, save a case from
the app's form.

Importing many files is one transaction: any invalid file and nothing is stored (the
error names the file and the key). Saving goes through the same checks."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desk.domain import case as d
from desk.domain.errors import InvalidInput, StorageError
from desk.domain.i18n import N_, _
from desk.services.cases.revisions import LOCKED_STATUSES, refuse_lost_update, reopen_decided
from desk.services.cases.stored import (
    CaseSummary,
    _rows,
    latest_assessments,
    summarize,
)
from desk.services.context import Changes, ServiceContext
from desk.services.permissions import (
    EDIT_CASE_ROLES,
    IMPORT_CASE_ROLES,
    require_case_access,
    require_role,
)
from desk.storage import models as m
from desk.storage.casemap import (
    case_fingerprint,
    case_load_options,
    load_case,
    store_case,
)


@dataclass(frozen=True)
class ImportResult:
    cases: tuple[CaseSummary, ...]
    created: tuple[str, ...]  # refs of new cases
    updated: tuple[str, ...]  # refs of cases whose facts were replaced
    changes: Changes


@dataclass(frozen=True)
class ExportResult:
    files: tuple[Path, ...]


# --------------------------------------------------------------------------- queries


def read_case_files(paths: Sequence[str | Path]) -> list[tuple[str, d.Case]]:
    """Load and check every file first; raises InvalidInput naming the file and key."""
    if not paths:
        raise InvalidInput(_("No case files given"))
    loaded: list[tuple[str, d.Case]] = []
    seen: dict[str, str] = {}
    for path in paths:
        case = d.load_case_file(path)
        source = str(path)
        if case.id in seen:
            raise InvalidInput(
                _("the case id {id} is also used by {other}").format(
                    id=case.id, other=seen[case.id]
                ),
                source=source,
                where="id",
            )
        seen[case.id] = source
        loaded.append((source, case))
    return loaded


def import_cases(ctx: ServiceContext, paths: Sequence[str | Path]) -> ImportResult:
    """Store the cases in ``paths`` (new ids are added, known ids get the new facts)."""
    return import_case_documents(ctx, read_case_files(paths))


def import_case_documents(
    ctx: ServiceContext,
    documents: Sequence[tuple[str, d.Case]],
    *,
    action: str = "case.import",
    bases: Mapping[str, d.Case] | None = None,
) -> ImportResult:
    """Store already-loaded cases (source name, case) in one transaction.

    ``bases``: for an edit, the stored case as the editor opened it (by id); when the
    stored facts no longer match it, someone else saved in between and the edit is refused
    with a conflict naming what they changed (never a lost update)."""
    try:
        return _import(ctx, documents, flush_each=False, action=action, bases=bases)
    except _Refused:
        # one flush for all cases is fast but cannot say which file the database refused:
        # do it again, case by case, to name it (nothing of the first try was kept)
        return _import(ctx, documents, flush_each=True, action=action, bases=bases)


class _Refused(Exception):
    pass


def _import(
    ctx: ServiceContext,
    documents: Sequence[tuple[str, d.Case]],
    *,
    flush_each: bool,
    action: str = "case.import",
    bases: Mapping[str, d.Case] | None = None,
) -> ImportResult:
    created: list[str] = []
    updated: list[str] = []
    with ctx.transaction() as session:
        editing = action == "case.edit"
        user = require_role(
            session,
            ctx,
            EDIT_CASE_ROLES if editing else IMPORT_CASE_ROLES,
            N_("edit cases") if editing else N_("import cases"),
            write=True,
        )
        reopened: list[tuple[m.Case, str]] = []
        rows: list[tuple[str, m.Case, bool]] = []
        refs = [case.id for _source, case in documents]
        stored: dict[str, m.Case] = {}
        for start in range(0, len(refs), 500):  # bounded IN lists
            query = select(m.Case).options(*case_load_options())
            for row in session.scalars(query.where(m.Case.ref.in_(refs[start : start + 500]))):
                stored[row.ref] = row
        for source, case in documents:
            existing = stored.get(case.id)
            if existing is not None:
                require_case_access(session, user, existing)
                base = (bases or {}).get(case.id)
                if base is not None or existing.status in LOCKED_STATUSES:
                    before = load_case(existing)
                    if base is not None:
                        refuse_lost_update(existing, before, base)
                    if existing.status in LOCKED_STATUSES and (
                        case_fingerprint(before) != case_fingerprint(case)
                    ):
                        reopened.append((existing, existing.status))
            row = store_case(session, case, existing)
            if existing is None:
                row.filed_by = user
                row.filed_at = m.utcnow()
            _check_lengths(_rows_of(row), source)
            if flush_each:
                _flush(session, source)
            (created if existing is None else updated).append(case.id)
            rows.append((source, row, existing is None))
        if not flush_each:
            try:
                session.flush()
            except DBAPIError as exc:
                if exc.connection_invalidated:
                    raise StorageError(_first_line(exc)) from None
                raise _Refused from None
        for row, status in reopened:
            reopen_decided(ctx, session, row, status)
        for source, row, new in rows:
            ctx.audit(
                session,
                action,
                "case",
                row.id,
                {"ref": row.ref, "source": source, "created": new},
            )
        latest = latest_assessments(session, [r.id for _s, r, _n in rows])
        summaries = tuple(summarize(r, latest.get(r.id)) for _s, r, _n in rows)
    tables = {"cases", "technical_items", "people", "organizations", "audit_events"}
    return ImportResult(
        cases=summaries,
        created=tuple(created),
        updated=tuple(updated),
        changes=Changes(frozenset(tables), {"cases": tuple(s.id for s in summaries)}),
    )


def _rows_of(row: m.Case) -> list[m.Base]:
    """The rows one stored case consists of."""
    out: list[m.Base] = [row, row.technical_item, *row.technical_item.exemptions, *row.cleared_hits]
    party: m.Person | m.Organization | None = row.person or row.organization
    if isinstance(party, m.Person):
        out += [party, *party.affiliations, *party.ties, *party.declarations]
        out += [a.organization for a in party.affiliations]
    elif isinstance(party, m.Organization):
        out += [party, *party.member_affiliations, *party.ties, *party.declarations]
        out += [a.organization for a in party.member_affiliations]
    return out


def _check_lengths(objects: Iterable[m.Base], source: str) -> None:
    """Refuse text the database would refuse, the same way on every database."""
    for obj in objects:
        table = getattr(obj, "__table__", None)
        if table is None:
            continue
        for column in table.columns:
            value = getattr(obj, column.key, None)
            if not isinstance(value, str):
                continue
            if "\x00" in value:  # PostgreSQL refuses it, SQLite would keep it
                raise InvalidInput(
                    _("{field} contains a NUL character").format(
                        field=f"{table.name}.{column.key}"
                    ),
                    source=source,
                )
            limit = getattr(column.type, "length", None)
            if limit and len(value) > limit:
                raise InvalidInput(
                    _("{field} is longer than {limit} characters").format(
                        field=f"{table.name}.{column.key}", limit=limit
                    ),
                    source=source,
                )


def _flush(session: Session, source: str) -> None:
    """Flush one case's rows so that a database refusal names its file."""
    try:
        session.flush()
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise StorageError(_first_line(exc)) from None
        raise InvalidInput(
            _("the database refused it: {error}").format(error=_first_line(exc)), source=source
        ) from None


def _first_line(exc: DBAPIError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def save_case(
    ctx: ServiceContext,
    case: d.Case,
    *,
    source: str | None = None,
    must_be_new: bool = False,
    action: str = "case.import",
    base: d.Case | None = None,
) -> CaseSummary:
    """Store one case (new, or replacing the facts of the stored case with its id).

    The same code path as importing a file (one transaction, one audit event named
    ``action``). ``must_be_new`` refuses an id that is already stored (the case form's
    "New case…": a new case must never overwrite another one's facts).
    """
    if must_be_new:
        with ctx.reading() as session:
            taken = session.scalars(select(m.Case.id).where(m.Case.ref == case.id)).first()
        if taken is not None:
            raise InvalidInput(
                _("the id {id} is already used by a stored case").format(id=case.id),
                where="id",
            )
    documents = [(source or _("case {id}").format(id=case.id), case)]
    bases = {case.id: base} if base is not None else None
    return import_case_documents(ctx, documents, action=action, bases=bases).cases[0]


# --------------------------------------------------------------------------- export


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def file_name_for(ref: str) -> str:
    """``<id>.json``, with characters no file system accepts replaced by ``_``."""
    stem = _UNSAFE.sub("_", ref).strip().rstrip(".") or "_"
    return f"{stem}.json"


def export_cases(
    ctx: ServiceContext, out_dir: str | Path, refs: Sequence[str] | None = None
) -> ExportResult:
    """Write one ``<id>.json`` per stored case (or per ``refs``) into ``out_dir``."""
    with ctx.reading() as session:
        cases = [load_case(r) for r in _rows(session, refs)]
    documents: list[tuple[str, str]] = []
    used: set[str] = set()
    for case in cases:
        text = d.dumps_case(case)
        try:  # never hand out a file desk itself would refuse
            d.loads_case(text, source=_("stored case {id}").format(id=case.id))
        except InvalidInput as exc:
            raise InvalidInput(exc.detail, source=exc.source, where=exc.where) from None
        name = file_name_for(case.id)
        stem, n = name[:-5], 2
        while name.lower() in used:
            name, n = f"{stem}-{n}.json", n + 1
        used.add(name.lower())
        documents.append((name, text))
    out = Path(out_dir)
    links = [out / name for name, _text in documents if (out / name).is_symlink()]
    if links:  # writing through a link would overwrite whatever file it points to
        raise InvalidInput(
            _("{path} is a symbolic link; desk does not write through links").format(path=links[0]),
            where="--out",
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in documents:
            written.append(_write_new_file(out / name, text))
    except OSError as exc:
        raise StorageError(
            _("Cannot write the case files to {dir}: {error}").format(
                dir=out, error=exc.strerror or exc
            )
        ) from None
    with ctx.transaction() as session:
        ctx.audit(session, "cases.export", "case", None, {"count": len(written), "dir": str(out)})
    return ExportResult(files=tuple(written))


def _write_new_file(target: Path, text: str) -> Path:
    """Write a fresh file next to ``target`` and rename it over ``target``: a link that
    appears at ``target`` meanwhile is replaced, never followed."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def case_json(case: d.Case) -> dict[str, Any]:
    """The case document as a JSON object (without ``expected``)."""
    result: dict[str, Any] = json.loads(d.dumps_case(case, include_expected=False))
    return result
