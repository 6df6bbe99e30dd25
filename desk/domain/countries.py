"""ISO 3166-1 alpha-2 country codes with their Japanese and English names.

The names are data, ``resources/countries/countries.json``, generated at development time
from CLDR (``tools/make_countries.py``, through Babel) with desk's curated short forms
(米国, 英国, 香港 …) as overrides, so that every code has a Japanese name. ``XK``
(Kosovo, user-assigned but in common use) is accepted too.
"""

from __future__ import annotations

import json
import unicodedata

from desk.domain.i18n import current_language
from desk.resources import resource


def _load() -> tuple[dict[str, str], dict[str, str]]:
    data = json.loads(resource("countries", "countries.json").read_text(encoding="utf-8"))
    rows: dict[str, dict[str, str]] = data["countries"]
    return {c: n["en"] for c, n in rows.items()}, {c: n["ja"] for c, n in rows.items()}


COUNTRY_NAMES, COUNTRY_JA = _load()  # code → English name, code → Japanese name


def is_country(code: str) -> bool:
    return code in COUNTRY_NAMES


def country_name(code: str | None, lang: str = "en") -> str:
    """The name of ``code`` in ``lang`` ("" for None; an unknown code as it is)."""
    if code is None:
        return ""
    table = COUNTRY_JA if lang == "ja" else COUNTRY_NAMES
    return table.get(code, code)


def country_label(code: str | None, lang: str | None = None) -> str:
    """``CN 中国`` / ``CN China``: the code with its name in ``lang`` (default: the UI's).
    An unknown code is shown as it is."""
    if not code:
        return ""
    table = COUNTRY_JA if (lang or current_language()) == "ja" else COUNTRY_NAMES
    name = table.get(code)
    return f"{code} {name}" if name else code


def _fold(text: str) -> str:
    # NFKC folds full-width letters and half-width kana; hiragana typed for a katakana name
    # (いえめん) finds it too
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def find_countries(text: str) -> list[str]:
    """Codes whose code, Japanese or English name matches ``text``: the code itself first,
    then names that start with it, then names that contain it."""
    key = _fold(text)
    if not key:
        return []
    exact = [c for c in COUNTRY_NAMES if c.casefold() == key]
    starts: list[str] = []
    contains: list[str] = []
    for code in COUNTRY_NAMES:
        if code in exact:
            continue
        names = (_fold(COUNTRY_JA[code]), _fold(COUNTRY_NAMES[code]))
        if any(n.startswith(key) for n in names):
            starts.append(code)
        elif any(key in n for n in names):
            contains.append(code)
    return exact + starts + contains
