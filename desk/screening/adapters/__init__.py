"""List adapters: restricted-party lists from the formats they are published in, read into
desk's list model (:class:`~desk.screening.model.ScreeningList`), validated whole or
refused whole with a message that names the file, the row (or element) and the field.

| format | what | default source |
|---|---|---|
| ``csv`` | desk's list CSV (docs/list-format.md) | ``jp-eul`` |
| ``un-xml`` | UN Security Council Consolidated List, XML (:mod:`.un_xml`) | ``un-sc`` |
| ``us-csl`` | US Consolidated Screening List, CSV or JSON (:mod:`.us_csl`) | ``us-csl`` |
| ``mof-xlsx`` | Japan MOF economic-sanctions list, Excel (:mod:`.workbooks`) | ``jp-mof`` |
| ``eul-xlsx`` | METI End User List, Excel (:mod:`.workbooks`) | ``jp-eul`` |

:func:`detect_format` tells them apart from the content (not the file name); a file it
cannot place is refused with the formats it knows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.screening.adapters import un_xml, us_csl, workbooks
from desk.screening.adapters.common import Adapted, country_code
from desk.screening.listfile import COLUMNS, iter_list_file, parse_list_csv
from desk.screening.model import ListEntry, ScreeningList

FORMATS = ("csv", "un-xml", "us-csl", "mof-xlsx", "eul-xlsx")
DEFAULT_SOURCE = {
    "csv": "jp-eul",
    "un-xml": un_xml.SOURCE,
    "us-csl": us_csl.SOURCE,
    "mof-xlsx": "jp-mof",
    "eul-xlsx": "jp-eul",
}
_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


def _unknown(where: str) -> InvalidInput:
    return InvalidInput(
        _("cannot tell the list's format; name it with --format ({formats})").format(
            formats=", ".join(FORMATS)
        ),
        source=where,
    )


def detect_format(data: bytes, where: str) -> str:
    """The format of a list file, from its content."""
    if data.startswith(b"PK\x03\x04"):
        found = workbooks.detect(data, where)
        if found is None:
            raise _unknown(where)
        return found
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "un-xml"
    if head.startswith((b"{", b"[")):
        return "us-csl"
    first = head.split(b"\n", 1)[0].decode("utf-8", "replace").strip()
    if us_csl.looks_like_csv_header(first):
        return "us-csl"
    cols = [c.strip().strip('"') for c in first.split(",")]
    if all(c in cols for c in ("no", "country", "name")) or set(cols) & set(COLUMNS) == set(
        COLUMNS
    ):
        return "csv"
    raise _unknown(where)


def adapt(data: bytes, fmt: str, where: str) -> Adapted:
    """Read ``data`` in the format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise InvalidInput(
            _("unknown list format {value!r} (one of {formats})").format(
                value=fmt, formats=", ".join(FORMATS)
            ),
            source="--format",
        )
    if fmt == "un-xml":
        return un_xml.parse(data, where)
    if fmt == "us-csl":
        head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
        if head.startswith((b"{", b"[")):
            return us_csl.parse_json(data, where)
        return us_csl.parse_csv(data, where)
    if fmt == "mof-xlsx":
        return workbooks.parse_mof(data, where)
    if fmt == "eul-xlsx":
        return workbooks.parse_eul(data, where)
    lst = parse_list_csv(data, source=where, list_id="jp-eul", version="")
    return Adapted("csv", lst.entries, None, "jp-eul")


def read_list_file(
    path: str | Path,
    *,
    fmt: str | None = None,
    list_id: str | None = None,
    version: str | None = None,
) -> tuple[ScreeningList, Adapted]:
    """A list file in any known format as a :class:`ScreeningList`. The version is
    ``version``, else the date the file carries, else a date in its name, else the
    SHA-256 prefix."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            _("cannot read the list file ({error})").format(error=exc.strerror), source=str(path)
        ) from None
    where = str(path)
    if fmt is None:
        try:
            fmt = detect_format(data, where)
        except InvalidInput:
            if p.suffix.lower() != ".csv":
                raise
            fmt = "csv"  # desk's list CSV: its reader names what is wrong with the header
    adapted = adapt(data, fmt, where)
    sha = hashlib.sha256(data).hexdigest()
    if version is None:
        m = _DATE_IN_NAME.search(p.name)
        version = (
            adapted.published.isoformat() if adapted.published else (m.group(1) if m else sha[:12])
        )
    lst = ScreeningList(
        id=list_id or adapted.default_source,
        version=version,
        sha256=sha,
        entries=adapted.entries,
        has_categories=adapted.format in ("csv", "eul-xlsx"),
        source_file=where,
    )
    return lst, adapted


@dataclass(frozen=True)
class ListFile:
    """A list file opened for a streamed import (:func:`open_list_file`): what it says
    about itself, and its entries read on demand. A desk list CSV is read one row at a time
    (a list of any size in bounded memory) and its duplicate numbers are the reader's to
    refuse (``unique_checked`` False); the published formats are read whole by their
    adapter (they are small), which refuses duplicates itself."""

    path: Path
    where: str
    format: str
    sha256: str
    published: dt.date | None
    default_source: str
    read: tuple[ListEntry, ...] | None  # the entries an adapter read whole; None: streamed

    @property
    def has_categories(self) -> bool:
        return self.format in ("csv", "eul-xlsx")

    @property
    def unique_checked(self) -> bool:
        return self.read is not None

    def rows(self) -> Iterator[tuple[int, ListEntry]]:
        """(row number, entry), in the file's order (the entry's position for the formats
        read whole)."""
        if self.read is not None:
            yield from enumerate(self.read, start=1)
        else:
            yield from iter_list_file(self.path, self.where)

    def version(self) -> str:
        """The date the file carries, else a date in its name, else the SHA-256 prefix."""
        m = _DATE_IN_NAME.search(self.path.name)
        if self.published:
            return self.published.isoformat()
        return m.group(1) if m else self.sha256[:12]


def open_list_file(path: str | Path, *, fmt: str | None = None) -> ListFile:
    """A list file in any known format, for :meth:`ListFile.rows`. Its SHA-256 is computed
    while reading it in chunks; a desk list CSV is not read whole."""
    p = Path(path)
    where = str(path)
    digest = hashlib.sha256()
    try:
        with p.open("rb") as f:
            head = f.read(4096)
            digest.update(head)
            while chunk := f.read(1 << 14):
                digest.update(chunk)
    except OSError as exc:
        raise InvalidInput(
            _("cannot read the list file ({error})").format(error=exc.strerror), source=where
        ) from None
    data: bytes | None = None
    if fmt is None:
        if head.startswith(b"PK\x03\x04"):
            data = p.read_bytes()
        try:
            fmt = detect_format(data if data is not None else head, where)
        except InvalidInput:
            if p.suffix.lower() != ".csv":
                raise
            fmt = "csv"  # desk's list CSV: its reader names what is wrong with the header
    if fmt == "csv":
        return ListFile(p, where, "csv", digest.hexdigest(), None, DEFAULT_SOURCE["csv"], None)
    adapted = adapt(data if data is not None else p.read_bytes(), fmt, where)
    return ListFile(
        p,
        where,
        adapted.format,
        digest.hexdigest(),
        adapted.published,
        adapted.default_source,
        adapted.entries,
    )


__all__ = [
    "DEFAULT_SOURCE",
    "FORMATS",
    "Adapted",
    "ListFile",
    "adapt",
    "country_code",
    "detect_format",
    "open_list_file",
    "read_list_file",
]
