"""What every list adapter shares: country names to codes, one checked entry, the result."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from desk.domain.countries import COUNTRY_JA, COUNTRY_NAMES
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.domain.limits import check_text
from desk.screening.model import ListEntry

# the list_entries columns (no 50, country_name 200, name 500), as for list CSVs
LIMITS = {"no": 50, "country_name": 200, "name": 500, "program": 300}
SEARCH_LIMIT = 2000  # name + local names + aliases, folded (list_entries.search_name)

# the formal names the UN, the US lists and MOF write, which CLDR's short names are not
_FORMAL = {
    "democratic peoples republic of korea": "KP",
    "korea, democratic peoples republic of": "KP",
    "korea, north": "KP",
    "dprk": "KP",
    "朝鮮民主主義人民共和国": "KP",
    "iran (islamic republic of)": "IR",
    "iran, islamic republic of": "IR",
    "islamic republic of iran": "IR",
    "イラン・イスラム共和国": "IR",
    "russian federation": "RU",
    "ロシア連邦": "RU",
    "syrian arab republic": "SY",
    "republic of korea": "KR",
    "korea, south": "KR",
    "china, hong kong special administrative region": "HK",
    "hong kong, china": "HK",
    "united states of america": "US",
    "united kingdom of great britain and northern ireland": "GB",
    "viet nam": "VN",
    "lao peoples democratic republic": "LA",
    "republic of belarus": "BY",
    "ベラルーシ共和国": "BY",
    "turkiye": "TR",
    "burma": "MM",
}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = unicodedata.normalize("NFKC", text).casefold().replace("'", "").replace("’", "")
    return " ".join(text.replace("the ", " ").split()).strip(" .")


@cache
def _names() -> dict[str, str]:
    out = {_fold(k): v for k, v in _FORMAL.items()}
    for code, name in COUNTRY_NAMES.items():
        out.setdefault(_fold(name), code)
    for code, name in COUNTRY_JA.items():
        out.setdefault(_fold(name), code)
    return out


def country_code(text: str) -> str:
    """The ISO code of a country written as a code, its English or Japanese name, or a
    formal name (``Democratic People's Republic of Korea``); "" when none is recognised."""
    raw = text.strip()
    if len(raw) == 2 and raw.upper() in COUNTRY_NAMES:
        return raw.upper()
    return _names().get(_fold(raw), "")


def country_in(text: str) -> str:
    """The code of the country an address or place names (its last part first, then any
    country name it contains, longest first); "" when none."""
    for part in reversed(re.split(r"[,;、，\n]", text)):
        code = country_code(part)
        if code:
            return code
    folded = _fold(text)
    for name in sorted(_names(), key=len, reverse=True):
        if len(name) >= 3 and name in folded:
            return _names()[name]
    return ""


def split_names(cells: Iterable[str], seps: str = r"[;\n|]") -> tuple[str, ...]:
    out: list[str] = []
    for cell in cells:
        for part in re.split(seps, cell or ""):
            part = " ".join(part.split()).strip(" ・-")
            if part and part not in out:
                out.append(part)
    return tuple(out)


def is_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(ord(c) < 0x250 for c in letters)


def parse_day(text: str) -> dt.date | None:
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", text or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def entry(
    *,
    source: str,
    where: str,
    no: str,
    name: str,
    country: str = "",
    country_name: str = "",
    local_names: Iterable[str] = (),
    aliases: Iterable[str] = (),
    wmd: Iterable[str] = (),
    cw: bool = False,
    program: str = "",
    fields: dict[str, str] | None = None,
) -> ListEntry:
    """One list entry, checked the way list CSVs are: ``where`` names the row or element,
    ``fields`` the file's own name for each of ours (``no`` → ``REFERENCE_NUMBER``)."""
    fields = fields or {}

    def bad(field: str, message: str) -> InvalidInput:
        return InvalidInput(
            message,
            source=source,
            where=_("{where}, field {field}").format(where=where, field=fields.get(field, field)),
        )

    no, name = no.strip(), " ".join(name.split())
    if not no:
        raise bad("no", _("empty entry number"))
    if not name:
        raise bad("name", _("empty name"))
    values = {"no": no, "name": name, "country_name": country_name.strip(), "program": program}
    for field, value in values.items():
        try:
            check_text(value, source=None, where=None, limit=LIMITS[field], one_line=True)
        except InvalidInput as exc:
            raise bad(field, exc.detail) from None
    local = tuple(n for n in dict.fromkeys(" ".join(x.split()) for x in local_names) if n)
    alias = tuple(n for n in dict.fromkeys(" ".join(x.split()) for x in aliases) if n and n != name)
    for field, group in (("local_names", local), ("aliases", alias)):
        for value in group:
            try:
                check_text(value, source=None, where=None, limit=LIMITS["name"], one_line=True)
            except InvalidInput as exc:
                raise bad(field, exc.detail) from None
    # the stored search key holds 2,000 characters; aliases past it are kept for screening
    # but an entry whose own name and local names pass it is refused
    head = " ".join((name, *local))
    if len(unicodedata.normalize("NFKC", head)) > SEARCH_LIMIT:
        raise bad(
            "name",
            _("too long: the names make more than {limit} characters").format(limit=SEARCH_LIMIT),
        )
    return ListEntry(
        no=no,
        country=country,
        name=name,
        country_name=country_name.strip(),
        local_names=local,
        aliases=alias,
        wmd=tuple(wmd),
        cw=cw,
        program=program,
    )


def check_unique(seen: dict[str, str], no: str, where: str, source: str, field: str) -> None:
    """Refuse a second entry with the number ``no`` (``seen``: number → where it was)."""
    if no in seen:
        raise InvalidInput(
            _("duplicate entry number {no!r} (also at {other})").format(no=no, other=seen[no]),
            source=source,
            where=_("{where}, field {field}").format(where=where, field=field),
        )
    seen[no] = where


@dataclass(frozen=True)
class Adapted:
    """What an adapter read: the entries, and what the file says about itself."""

    format: str
    entries: tuple[ListEntry, ...]
    published: dt.date | None  # the publication date the file carries, if any
    default_source: str
