"""Reading list CSVs (docs/list-format.md): validated whole or refused whole."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from functools import cache
from pathlib import Path

from desk.domain.countries import is_country
from desk.domain.errors import InvalidInput
from desk.resources import resource
from desk.screening.model import ListEntry, ScreeningList

COLUMNS = ("no", "country", "country_name", "name", "local_names", "aliases", "wmd", "cw")
BUILTIN_EUL = ("jp-eul", "2025-09-29", "jp-eul-2025-09-29.csv")
_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


def parse_list_csv(data: bytes, *, source: str, list_id: str, version: str) -> ScreeningList:
    where = source
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"not UTF-8 text (byte {exc.start})", source=where) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise InvalidInput(f"broken CSV quoting near line {reader.line_num}: {exc}", source=where) from None
    if not rows:
        raise InvalidInput("empty file (expected a header row)", source=where)
    header = [h.strip() for h in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InvalidInput(f"missing column(s): {', '.join(missing)}", source=where, where="header")
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        raise InvalidInput(f"unknown column(s): {', '.join(unknown)}", source=where, where="header")
    idx = {c: header.index(c) for c in COLUMNS}
    entries: list[ListEntry] = []
    seen: dict[str, int] = {}
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InvalidInput(
                f"has {len(row)} fields, the header has {len(header)}", source=where, where=f"row {line_no}"
            )
        cell = {c: row[i].strip() for c, i in idx.items()}

        def bad(column: str, message: str, line: int = line_no) -> InvalidInput:
            return InvalidInput(message, source=where, where=f"row {line}, column {column}")

        if not cell["no"]:
            raise bad("no", "empty entry number")
        if cell["no"] in seen:
            raise bad("no", f"duplicate entry number {cell['no']!r} (also on row {seen[cell['no']]})")
        seen[cell["no"]] = line_no
        if not is_country(cell["country"]):
            raise bad("country", f"unknown country code {cell['country']!r}")
        if not cell["name"]:
            raise bad("name", "empty name")
        wmd = tuple(w.strip() for w in cell["wmd"].split(",") if w.strip())
        for w in wmd:
            if w not in ("B", "C", "M", "N"):
                raise bad("wmd", f"unknown WMD category {w!r} (B, C, M or N)")
        if cell["cw"] not in ("", "CW"):
            raise bad("cw", f"expected CW or empty, got {cell['cw']!r}")
        entries.append(
            ListEntry(
                no=cell["no"],
                country=cell["country"],
                country_name=cell["country_name"],
                name=cell["name"],
                local_names=tuple(n.strip() for n in cell["local_names"].split("|") if n.strip()),
                aliases=tuple(n.strip() for n in cell["aliases"].split("|") if n.strip()),
                wmd=wmd,
                cw=cell["cw"] == "CW",
            )
        )
    if not entries:
        raise InvalidInput("no entries", source=where)
    return ScreeningList(
        id=list_id,
        version=version,
        sha256=hashlib.sha256(data).hexdigest(),
        entries=tuple(entries),
        source_file=source,
    )


def load_list_csv(path: str | Path, *, list_id: str | None = None, version: str | None = None) -> ScreeningList:
    """Read a list CSV. Without ``list_id`` the source is ``jp-eul``; without ``version`` the
    date in the file name, else the file's SHA-256 prefix."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read the list file ({exc.strerror})", source=str(path)) from None
    if version is None:
        m = _DATE_IN_NAME.search(p.name)
        version = m.group(1) if m else hashlib.sha256(data).hexdigest()[:12]
    return parse_list_csv(data, source=str(path), list_id=list_id or "jp-eul", version=version)


@cache
def builtin_list() -> ScreeningList:
    list_id, version, filename = BUILTIN_EUL
    return load_list_csv(resource("lists", filename), list_id=list_id, version=version)
