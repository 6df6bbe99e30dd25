"""The US Consolidated Screening List (trade.gov), as its CSV or its JSON.

CSV (``consolidated.csv``): one row per record with the columns ``_id, source,
entity_number, type, programs, name, title, addresses, …, alt_names, citizenships, …,
nationalities, …``; several values in a cell are separated by ``;``; an address is
``street, city, state, postal code, country`` with the country as an ISO code.
JSON (``consolidated.json``, the API's shape): ``{"results": [{"id", "source", "name",
"alt_names": [...], "addresses": [{"country": "CN", …}], "nationalities": [...], …}],
"sources_used": [{"source", "source_last_updated"}]}``.

Per record: ``_id`` (``id`` in JSON) is the entry number; ``name`` the name; ``alt_names``
the aliases (local-script ones become local names); the country is the first address's
country, else the first nationality or citizenship; ``source`` (``Entity List (EL) -
Bureau of Industry and Security``) is the entry's program. The JSON's newest
``source_last_updated`` is its publication date; the CSV carries none.
"""

from __future__ import annotations

import json
from typing import Any

from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.screening.adapters.common import (
    Adapted,
    check_unique,
    country_code,
    country_in,
    entry,
    is_latin,
    parse_day,
    split_names,
)
from desk.screening.listfile import decode_csv, read_csv_rows
from desk.screening.model import ListEntry

FORMAT = "us-csl"
SOURCE = "us-csl"
REQUIRED = ("_id", "source", "name")
KNOWN = (
    "_id", "source", "entity_number", "type", "programs", "name", "title", "addresses",
    "federal_register_notice", "start_date", "end_date", "standard_order",
    "license_requirement", "license_policy", "call_sign", "vessel_type", "gross_tonnage",
    "gross_registered_tonnage", "vessel_flag", "vessel_owner", "remarks", "source_list_url",
    "alt_names", "citizenships", "dates_of_birth", "nationalities", "places_of_birth",
    "source_information_url", "ids",
)  # fmt: skip


def looks_like_csv_header(first_line: str) -> bool:
    cols = [c.strip().strip('"') for c in first_line.split(",")]
    return "_id" in cols and "source" in cols


def _country(addresses: list[str], nationalities: list[str]) -> tuple[str, str]:
    for a in addresses:
        last = a.rsplit(",", 1)[-1].strip()
        code = country_code(last) or country_in(a)
        if code:
            return code, last
    for n in nationalities:
        code = country_code(n)
        if code:
            return code, n
    return "", ""


def _make(
    where: str, at: str, rec: dict[str, Any], addresses: list[str], nationalities: list[str]
) -> ListEntry:
    names = [str(n) for n in rec.get("alt_names") or []]
    country, country_name = _country(addresses, nationalities)
    return entry(
        source=where,
        where=at,
        no=str(rec.get("_id") or ""),
        name=str(rec.get("name") or ""),
        country=country,
        country_name=country_name,
        local_names=[n for n in names if not is_latin(n)],
        aliases=[n for n in names if is_latin(n)],
        program=str(rec.get("source") or ""),
        fields={"no": "_id", "local_names": "alt_names", "aliases": "alt_names"},
    )


def parse_csv(data: bytes, where: str) -> Adapted:
    rows = read_csv_rows(decode_csv(data, where), where)
    if not rows:
        raise InvalidInput(_("empty file (expected a header row)"), source=where)
    header = [h.strip() for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidInput(
            _("missing column(s): {columns}").format(columns=", ".join(missing)),
            source=where,
            where=_("header"),
        )
    idx = {c: header.index(c) for c in header if c in KNOWN}
    entries: list[ListEntry] = []
    seen: dict[str, str] = {}
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        at = _("row {row}").format(row=line_no)
        if len(row) != len(header):
            raise InvalidInput(
                _("has {n} fields, the header has {m}").format(n=len(row), m=len(header)),
                source=where,
                where=at,
            )
        cell = {c: row[i].strip() for c, i in idx.items()}
        rec = {
            "_id": cell.get("_id", ""),
            "name": cell.get("name", ""),
            "source": cell.get("source", ""),
            "alt_names": split_names([cell.get("alt_names", "")], r";"),
        }
        addresses = [a for a in cell.get("addresses", "").split(";") if a.strip()]
        nationalities = split_names(
            [cell.get("nationalities", ""), cell.get("citizenships", "")], r"[;,]"
        )
        e = _make(where, at, rec, addresses, list(nationalities))
        check_unique(seen, e.no, at, where, "_id")
        entries.append(e)
    if not entries:
        raise InvalidInput(_("no entries"), source=where)
    return Adapted(FORMAT, tuple(entries), None, SOURCE)


def parse_json(data: bytes, where: str) -> Adapted:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            _("not UTF-8 text (byte {offset})").format(offset=exc.start), source=where
        ) from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            _("not valid JSON: {error}").format(error=exc.msg),
            source=where,
            where=_("line {line}, column {column}").format(line=exc.lineno, column=exc.colno),
        ) from None
    results = doc.get("results") if isinstance(doc, dict) else doc
    if not isinstance(results, list):
        raise InvalidInput(
            _('not the Consolidated Screening List: expected a "results" array'), source=where
        )
    entries: list[ListEntry] = []
    seen: dict[str, str] = {}
    for n, rec in enumerate(results, start=1):
        at = _("results[{n}]").format(n=n - 1)
        if not isinstance(rec, dict):
            raise InvalidInput(_("a record is not an object"), source=where, where=at)
        rec = dict(rec)
        rec["_id"] = rec.get("_id") or rec.get("id") or ""
        for key in ("alt_names", "addresses", "nationalities", "citizenships"):
            value = rec.get(key)
            if value is not None and not isinstance(value, list):
                raise InvalidInput(
                    _("expected a list"),
                    source=where,
                    where=_("{where}, field {field}").format(where=at, field=key),
                )
        for key in ("_id", "name", "source"):
            if not isinstance(rec.get(key) or "", str | int):
                raise InvalidInput(
                    _("expected text"),
                    source=where,
                    where=_("{where}, field {field}").format(where=at, field=key),
                )
        addresses = []
        for a in rec.get("addresses") or []:
            if isinstance(a, dict):
                addresses.append(
                    ", ".join(str(a.get(k) or "") for k in ("address", "city", "country"))
                )
            else:
                addresses.append(str(a))
        nationalities = [str(x) for x in (rec.get("nationalities") or [])]
        nationalities += [str(x) for x in (rec.get("citizenships") or [])]
        e = _make(where, at, rec, addresses, nationalities)
        check_unique(seen, e.no, at, where, "id")
        entries.append(e)
    if not entries:
        raise InvalidInput(_("no entries"), source=where)
    days = [
        d
        for d in (
            parse_day(str(s.get("source_last_updated") or ""))
            for s in (doc.get("sources_used") or [] if isinstance(doc, dict) else [])
            if isinstance(s, dict)
        )
        if d
    ]
    return Adapted(FORMAT, tuple(entries), max(days) if days else None, SOURCE)
