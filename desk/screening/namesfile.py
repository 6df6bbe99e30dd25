"""Names to screen in bulk (``desk screen --input NAMES.csv``): columns ``id``, ``name`` and
optionally ``country`` (ISO 3166-1 alpha-2). Validated whole or refused whole."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desk.domain.countries import is_country
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.domain.limits import check_text
from desk.screening.listfile import decode_csv, read_csv_rows


@dataclass(frozen=True)
class NameQuery:
    id: str
    name: str
    country: str | None = None


def parse_names_csv(data: bytes, *, source: str) -> list[NameQuery]:
    rows = read_csv_rows(decode_csv(data, source), source)
    if not rows:
        raise InvalidInput(
            _("empty file (expected a header row: id,name[,country])"), source=source
        )
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in ("id", "name") if c not in header]
    if missing:
        raise InvalidInput(
            _("missing column(s): {columns}").format(columns=", ".join(missing)),
            source=source,
            where=_("header"),
        )
    i_id, i_name = header.index("id"), header.index("name")
    i_country = header.index("country") if "country" in header else None
    out: list[NameQuery] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise InvalidInput(
                _("has {n} fields, the header has {m}").format(n=len(row), m=len(header)),
                source=source,
                where=_("row {row}").format(row=line),
            )

        def at(column: str, row_no: int = line) -> str:
            return _("row {row}, column {column}").format(row=row_no, column=column)

        qid, name = row[i_id].strip(), row[i_name].strip()
        check_text(qid, source=source, where=at("id"), limit=200, one_line=True)
        check_text(name, source=source, where=at("name"), limit=500, one_line=True)
        if not qid:
            raise InvalidInput(_("empty id"), source=source, where=at("id"))
        if qid in seen:
            raise InvalidInput(
                _("duplicate id {id!r} (also on row {other})").format(id=qid, other=seen[qid]),
                source=source,
                where=at("id"),
            )
        seen[qid] = line
        if not name:
            raise InvalidInput(_("empty name"), source=source, where=at("name"))
        raw_country = row[i_country].strip() if i_country is not None else ""
        country = raw_country.upper()
        if country and not is_country(country):
            raise InvalidInput(
                _("unknown country code {code!r}").format(code=raw_country),
                source=source,
                where=at("country"),
            )
        out.append(NameQuery(qid, name, country or None))
    return out


def load_names_csv(path: str | Path) -> list[NameQuery]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInput(
            _("cannot read the file ({error})").format(error=exc.strerror), source=str(path)
        ) from None
    return parse_names_csv(data, source=str(path))
