"""Exporting a register (people, organizations, projects, technical data) to CSV, Excel or
JSON, filtered like its list (text, retired or not).

A cell that a spreadsheet would take for a formula — text beginning with ``=``, ``+``,
``-`` or ``@`` (and tab or carriage return) — is written so that it is never executed: in
CSV behind a leading apostrophe, in Excel as a string cell with the quote prefix. The
export never follows a symbolic link and never overwrites a file unless told to
(``force``); it is written beside the target first and moved into place.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.services.context import ServiceContext
from desk.storage import models as m

FORMATS = ("csv", "xlsx", "json")
REGISTRY_KINDS = {
    "people": "person",
    "orgs": "organization",
    "projects": "project",
    "tech": "technical_item",
    "goods": "goods_item",
}
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportResult:
    kind: str
    path: str
    format: str
    rows: int

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "path": self.path, "format": self.format, "rows": self.rows}


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "; ".join(str(_cell(v)) for v in value)
    return value


def _person_rows(
    s: Any, text: str | None, include_retired: bool
) -> tuple[list[str], list[list[Any]]]:
    header = [
        "id",
        "name",
        "name_latin",
        "reading",
        "born_on",
        "nationalities",
        "country",
        "role",
        "department",
        "host",
        "visa_status",
        "stay_from",
        "stay_until",
        "email",
        "roster_id",
        "affiliations",
        "retired",
    ]
    query = select(m.Person).options(
        selectinload(m.Person.affiliations).selectinload(m.Affiliation.organization),
        selectinload(m.Person.department),
    )
    if text and text.strip():
        query = query.where(m.Person.search_name.contains(m.search_key(text)))
    if not include_retired:
        query = query.where(m.Person.retired.is_(False))
    rows = []
    for p in s.scalars(query.order_by(m.Person.id)):
        rows.append(
            [
                p.id,
                p.name,
                p.name_latin,
                p.reading,
                p.born_on,
                list(p.nationalities or ()),
                p.country,
                p.role,
                p.department.name if p.department else None,
                p.host,
                p.visa_status,
                p.stay_from,
                p.stay_until,
                p.email,
                p.roster_id,
                [a.organization.name for a in p.affiliations],
                p.retired,
            ]
        )
    return header, rows


def _organization_rows(
    s: Any, text: str | None, include_retired: bool
) -> tuple[list[str], list[list[Any]]]:
    header = ["id", "name", "name_latin", "local_names", "aliases", "country", "kind", "retired"]
    query = select(m.Organization)
    if text and text.strip():
        query = query.where(m.Organization.search_name.contains(m.search_key(text)))
    if not include_retired:
        query = query.where(m.Organization.retired.is_(False))
    rows = [
        [
            o.id,
            o.name,
            o.name_latin,
            list(o.local_names or ()),
            list(o.aliases or ()),
            o.country,
            o.kind,
            o.retired,
        ]
        for o in s.scalars(query.order_by(m.Organization.id))
    ]
    return header, rows


def _project_rows(
    s: Any, text: str | None, include_retired: bool
) -> tuple[list[str], list[list[Any]]]:
    header = [
        "id",
        "title",
        "pi",
        "department",
        "status",
        "starts_on",
        "ends_on",
        "technology_fields",
        "members",
        "funding",
        "foreign_government_funding",
        "partners",
        "retired",
    ]
    query = select(m.Project).options(
        selectinload(m.Project.members).selectinload(m.ProjectMember.person),
        selectinload(m.Project.fundings),
        selectinload(m.Project.partners).selectinload(m.ProjectPartner.organization),
        selectinload(m.Project.department),
    )
    if text and text.strip():
        query = query.where(m.Project.search_title.contains(m.search_key(text)))
    if not include_retired:
        query = query.where(m.Project.retired.is_(False))
    rows = [
        [
            p.id,
            p.title,
            p.pi_name,
            p.department.name if p.department else None,
            p.status,
            p.starts_on,
            p.ends_on,
            list(p.technology_fields or ()),
            [pm.person.name for pm in p.members],
            [f.funder for f in p.fundings],
            any(f.foreign_government for f in p.fundings),
            [pp.organization.name for pp in p.partners],
            p.retired,
        ]
        for p in s.scalars(query.order_by(m.Project.id))
    ]
    return header, rows


def _technical_rows(
    s: Any, text: str | None, include_retired: bool
) -> tuple[list[str], list[list[Any]]]:
    header = [
        "id",
        "title",
        "classification",
        "item",
        "specific_item_16_1",
        "concern_relevance",
        "lab",
        "project",
        "retired",
    ]
    query = select(m.TechnicalItem).options(selectinload(m.TechnicalItem.project))
    if text and text.strip():
        key = m.search_key(text)
        query = query.where(or_(m.TechnicalItem.search_title.contains(key)))
    if not include_retired:
        query = query.where(m.TechnicalItem.retired.is_(False))
    rows = [
        [
            t.id,
            t.title,
            t.classification,
            t.item,
            t.specific_item_16_1,
            list(t.concern_relevance or ()),
            t.lab,
            t.project.title if t.project else None,
            t.retired,
        ]
        for t in s.scalars(query.order_by(m.TechnicalItem.id))
    ]
    return header, rows


def _goods_rows(
    s: Any, text: str | None, include_retired: bool
) -> tuple[list[str], list[list[Any]]]:
    from desk.services.registers.goods_items import basis_lines

    header = [
        "id",
        "name",
        "model",
        "maker",
        "hs_code",
        "unit_value",
        "currency",
        "classification",
        "item",
        "article",
        "basis",
        "determined_by",
        "checked_by",
        "determined_on",
        "ordinance_version",
        "retired",
    ]
    query = select(m.GoodsItem)
    if text and text.strip():
        query = query.where(m.GoodsItem.name.contains(text.strip()))
    if not include_retired:
        query = query.where(m.GoodsItem.retired.is_(False))
    rows = [
        [
            g.id,
            g.name,
            g.model,
            g.maker,
            g.hs_code,
            g.unit_value,
            g.currency,
            g.classification,
            g.item,
            g.article,
            basis_lines(g.basis or []),
            g.determined_by,
            g.checked_by,
            g.determined_on,
            g.ordinance_version,
            g.retired,
        ]
        for g in s.scalars(query.order_by(m.GoodsItem.id))
    ]
    return header, rows


_ROWS = {
    "person": _person_rows,
    "organization": _organization_rows,
    "project": _project_rows,
    "technical_item": _technical_rows,
    "goods_item": _goods_rows,
}


def registry_table(
    ctx: ServiceContext, kind: str, text: str | None = None, *, include_retired: bool = False
) -> tuple[list[str], list[list[Any]]]:
    """The header and rows of a register as exported (values as stored)."""
    with ctx.reading() as s:
        return _ROWS[kind](s, text, include_retired)


def format_for(path: Path, given: str | None) -> str:
    if given:
        if given not in FORMATS:
            raise InvalidInput(
                _("{value!r} is not one of: {allowed}").format(
                    value=given, allowed=", ".join(FORMATS)
                ),
                where="--format",
            )
        return given
    suffix = path.suffix.casefold().lstrip(".")
    if suffix in FORMATS:
        return suffix
    raise InvalidInput(
        _("say the format with --format (csv, xlsx or json) or name the file .csv, .xlsx or .json"),
        where="--out",
    )


def safe_text(value: Any) -> Any:
    """A value as a spreadsheet must never execute it: text beginning with ``=``, ``+``,
    ``-``, ``@``, tab or carriage return gets a leading apostrophe (numbers stay numbers)."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def export_registry(
    ctx: ServiceContext,
    kind: str,
    out: Path | str,
    fmt: str | None = None,
    *,
    text: str | None = None,
    include_retired: bool = False,
    force: bool = False,
) -> ExportResult:
    """Write the register ``kind`` to ``out`` (CSV, Excel or JSON)."""
    path = Path(out)
    chosen = format_for(path, fmt)
    if path.is_symlink():
        raise InvalidInput(_("refusing to write through a symbolic link"), source=str(path))
    if path.exists() and not force:
        raise InvalidInput(
            _("the file exists (give --force to overwrite it)"), source=str(path), where="--out"
        )
    if path.exists() and not path.is_file():
        raise InvalidInput(_("not a file"), source=str(path), where="--out")
    if not path.parent.is_dir():
        raise InvalidInput(_("no such folder"), source=str(path.parent), where="--out")
    header, rows = registry_table(ctx, kind, text, include_retired=include_retired)
    data = _render(chosen, header, rows)
    fd, tmp = tempfile.mkstemp(prefix=".desk-export-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return ExportResult(kind, str(path), chosen, len(rows))


def _render(fmt: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    if fmt == "json":
        records = [
            {
                h: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v)
                for h, v in zip(header, r, strict=True)
            }
            for r in rows
        ]
        return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(header)
        for r in rows:
            w.writerow([safe_text(_cell(v)) for v in r])
        return buf.getvalue().encode("utf-8-sig")  # Excel opens UTF-8 with the mark as such
    return _xlsx(header, rows)


def _xlsx(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING

    book = Workbook(write_only=False)
    ws = book.active
    assert ws is not None
    ws.append(list(header))
    for r in rows:
        ws.append([_xlsx_value(v) for v in r])
    for row in ws.iter_rows(min_row=1):
        for cell in row:
            if isinstance(cell.value, str):
                # a string cell, never a formula, whatever it begins with
                cell.data_type = TYPE_STRING
                if cell.value.startswith(_DANGEROUS):
                    cell.quotePrefix = True
    fixed = dt.datetime(2000, 1, 1)
    book.properties.created = fixed
    book.properties.modified = fixed
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _xlsx_value(value: Any) -> Any:
    if value is None or (isinstance(value, (dt.date, int, float)) and not isinstance(value, bool)):
        return value
    return _cell(value)
