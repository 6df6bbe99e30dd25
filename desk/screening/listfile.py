"""Reading list CSVs (docs/list-format.md): validated whole or refused whole."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from desk.domain.countries import is_country
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.domain.limits import MAX_TEXT, check_text
from desk.resources import resource
from desk.screening.model import ListEntry, ScreeningList

# longest cell per column: the list_entries columns (no 50, country_name 200, name 500), and the
# search key of name + local names + aliases (2,000) for the two lists
CELL_LIMITS = {"no": 50, "country": 2, "country_name": 200, "name": 500}
CELL_LIMITS |= {"wmd": 20, "cw": 2}
SEARCH_LIMIT = 2000
COLUMNS = ("no", "country", "country_name", "name", "local_names", "aliases", "wmd", "cw")
BUILTIN_EUL = ("jp-eul", "2025-09-29", "jp-eul-2025-09-29.csv")
_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


def decode_csv(data: bytes, where: str) -> str:
    """UTF-8 text of a CSV file, or a message that names the row and the likely encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput(_("the file is UTF-16; save it as UTF-8 CSV"), source=where)
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # .xlsx (zip) and .xls (OLE)
        raise InvalidInput(
            _("the file is an Excel workbook, not CSV; save it as CSV UTF-8"), source=where
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        hint = ""
        for encoding, label in (("cp932", "Shift_JIS (CP932)"), ("gb18030", "GB18030")):
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                continue
            hint = _(" — it looks like {encoding}; save it as UTF-8").format(encoding=label)
            break
        raise InvalidInput(
            _("not UTF-8 text (byte {offset}){hint}").format(offset=exc.start, hint=hint),
            source=where,
            where=_("row {row}").format(row=row),
        ) from None


def read_csv_rows(text: str, where: str) -> list[list[str]]:
    if "\x00" in text:
        raise InvalidInput(_("the file contains NUL bytes: not a CSV text file"), source=where)
    return list(_csv_rows(io.StringIO(text, newline=""), where))


def _csv_rows(lines: Iterable[str], where: str) -> Iterator[list[str]]:
    reader = csv.reader(lines, strict=True)
    try:
        yield from reader
    except csv.Error as exc:
        raise InvalidInput(
            _("broken CSV quoting: {error}").format(error=exc),
            source=where,
            where=_("row {row}").format(row=reader.line_num),
        ) from None


def _file_lines(path: Path, where: str) -> Iterator[str]:
    """The lines of a UTF-8 CSV file, decoded one at a time (the file is never held whole);
    refused as :func:`decode_csv` refuses a file in memory."""
    try:
        f = path.open("rb")
    except OSError as exc:
        raise InvalidInput(
            _("cannot read the list file ({error})").format(error=exc.strerror), source=where
        ) from None
    with f:
        offset = 0
        for number, raw in enumerate(f, start=1):
            if number == 1:
                decode_csv(raw[:4], where)  # UTF-16, Excel: refused by what they start with
                if raw.startswith(b"\xef\xbb\xbf"):
                    raw, offset = raw[3:], 3
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                hint = ""
                for encoding, label in (("cp932", "Shift_JIS (CP932)"), ("gb18030", "GB18030")):
                    try:
                        raw.decode(encoding)
                    except UnicodeDecodeError:
                        continue
                    hint = _(" — it looks like {encoding}; save it as UTF-8").format(encoding=label)
                    break
                raise InvalidInput(
                    _("not UTF-8 text (byte {offset}){hint}").format(
                        offset=offset + exc.start, hint=hint
                    ),
                    source=where,
                    where=_("row {row}").format(row=number),
                ) from None
            if "\x00" in line:
                raise InvalidInput(
                    _("the file contains NUL bytes: not a CSV text file"), source=where
                )
            offset += len(raw)
            yield line


def parse_list_csv(data: bytes, *, source: str, list_id: str, version: str) -> ScreeningList:
    where = source
    text = decode_csv(data, where)
    if "\x00" in text:
        raise InvalidInput(_("the file contains NUL bytes: not a CSV text file"), source=where)
    entries: list[ListEntry] = []
    seen: dict[str, int] = {}
    for line_no, entry in iter_list_rows(io.StringIO(text, newline=""), where):
        if entry.no in seen:
            raise duplicate_entry(where, entry.no, line_no, seen[entry.no])
        seen[entry.no] = line_no
        entries.append(entry)
    if not entries:
        raise InvalidInput(_("no entries"), source=where)
    return ScreeningList(
        id=list_id,
        version=version,
        sha256=hashlib.sha256(data).hexdigest(),
        entries=tuple(entries),
        source_file=source,
    )


def duplicate_entry(where: str, no: str, row: int, other: int) -> InvalidInput:
    return InvalidInput(
        _("duplicate entry number {no!r} (also on row {other})").format(no=no, other=other),
        source=where,
        where=_("row {row}, column {column}").format(row=row, column="no"),
    )


def iter_list_file(path: str | Path, where: str | None = None) -> Iterator[tuple[int, ListEntry]]:
    """The entries of a list CSV file with their row numbers, read and checked one row at a
    time (memory does not grow with the file). Duplicate entry numbers are left to the
    caller (:func:`duplicate_entry`): telling them needs every number seen so far."""
    p = Path(path)
    return iter_list_rows(_file_lines(p, where or str(path)), where or str(path))


def iter_list_rows(lines: Iterable[str], where: str) -> Iterator[tuple[int, ListEntry]]:
    """Each row of a list CSV (its lines) as (row number, checked entry), the header
    first checked; an invalid row is refused with its row and column."""
    rows = _csv_rows(lines, where)
    first = next(rows, None)
    if first is None:
        raise InvalidInput(_("empty file (expected a header row)"), source=where)
    header = [h.strip() for h in first]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InvalidInput(
            _("missing column(s): {columns}").format(columns=", ".join(missing)),
            source=where,
            where=_("header"),
        )
    doubled = sorted({c for c in header if header.count(c) > 1})
    if doubled:
        raise InvalidInput(
            _("column(s) given twice: {columns}").format(columns=", ".join(doubled)),
            source=where,
            where=_("header"),
        )
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        raise InvalidInput(
            _("unknown column(s): {columns}").format(columns=", ".join(unknown)),
            source=where,
            where=_("header"),
        )
    idx = {c: header.index(c) for c in COLUMNS}
    for line_no, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InvalidInput(
                _("has {n} fields, the header has {m}").format(n=len(row), m=len(header)),
                source=where,
                where=_("row {row}").format(row=line_no),
            )
        cell = {c: row[i].strip() for c, i in idx.items()}
        for column, value in cell.items():  # what the list_entries columns can hold
            check_text(
                value,
                source=where,
                where=_("row {row}, column {column}").format(row=line_no, column=column),
                limit=CELL_LIMITS.get(column, MAX_TEXT),
                one_line=True,
            )

        def bad(column: str, message: str, line: int = line_no) -> InvalidInput:
            return InvalidInput(
                message,
                source=where,
                where=_("row {row}, column {column}").format(row=line, column=column),
            )

        if not cell["no"]:
            raise bad("no", _("empty entry number"))
        cell["country"] = cell["country"].upper()
        if not is_country(cell["country"]):
            raise bad("country", _("unknown country code {code!r}").format(code=cell["country"]))
        if not cell["name"]:
            raise bad("name", _("empty name"))
        wmd = tuple(w.strip() for w in cell["wmd"].split(",") if w.strip())
        for w in wmd:
            if w not in ("B", "C", "M", "N"):
                raise bad("wmd", _("unknown WMD category {value!r} (B, C, M or N)").format(value=w))
        if cell["cw"] not in ("", "CW"):
            raise bad("cw", _("expected CW or empty, got {value!r}").format(value=cell["cw"]))
        combined = " ".join(cell[c] for c in ("name", "local_names", "aliases") if cell[c])
        folded = " ".join(unicodedata.normalize("NFKC", combined).casefold().split())
        if len(folded) > SEARCH_LIMIT:  # the stored search key (list_entries.search_name)
            raise bad(
                "aliases",
                _(
                    "too long: name, local names and aliases make {n} characters (at most {limit})"
                ).format(n=len(folded), limit=SEARCH_LIMIT),
            )
        yield (
            line_no,
            ListEntry(
                no=cell["no"],
                country=cell["country"],
                country_name=cell["country_name"],
                name=cell["name"],
                local_names=tuple(n.strip() for n in cell["local_names"].split("|") if n.strip()),
                aliases=tuple(n.strip() for n in cell["aliases"].split("|") if n.strip()),
                wmd=wmd,
                cw=cell["cw"] == "CW",
            ),
        )


def load_list_csv(
    path: str | Path, *, list_id: str | None = None, version: str | None = None
) -> ScreeningList:
    """Read a list CSV. Without ``list_id`` the source is ``jp-eul``; without ``version`` the
    date in the file name, else the file's SHA-256 prefix."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            _("cannot read the list file ({error})").format(error=exc.strerror), source=str(path)
        ) from None
    if version is None:
        m = _DATE_IN_NAME.search(p.name)
        version = m.group(1) if m else hashlib.sha256(data).hexdigest()[:12]
    return parse_list_csv(data, source=str(path), list_id=list_id or "jp-eul", version=version)


@cache
def builtin_list() -> ScreeningList:
    list_id, version, filename = BUILTIN_EUL
    return load_list_csv(resource("lists", filename), list_id=list_id, version=version)
