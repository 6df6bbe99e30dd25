"""One translation mechanism for the core, the CLI, the reports and the app.

gettext: ``_("English text")`` looks the message up in the active catalogue, ``N_()``
marks a message for extraction without translating it, ``ngettext(singular, plural, n)``
picks the form for a count ("Issued 1 record", "Issued 2 records"). Catalogues are the
standard library's :mod:`gettext` reading compiled ``resources/i18n/<lang>.mo`` files;
the ``.po`` beside each is their source, and ``tools/catalogue.py`` (Babel, a development
tool) extracts, updates and compiles them — fuzzy entries are never compiled, so an
outdated translation is never shown as final. The UI language follows the system locale
(Japanese when it is Japanese) unless the user chose one; report language is a separate
parameter (:func:`translator`).
"""

from __future__ import annotations

import gettext
import locale
import os
from collections.abc import Callable
from functools import cache

from desk.resources import resource

LANGUAGES = ("ja", "en")
_current = "en"


def N_(message: str) -> str:  # the gettext convention for marking without translating
    return message


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue for ``lang`` (English, the source language, has none)."""
    if lang == "en":
        return gettext.NullTranslations()
    try:
        with resource("i18n", f"{lang}.mo").open("rb") as f:
            return gettext.GNUTranslations(f)
    except FileNotFoundError:
        return gettext.NullTranslations()


def system_language() -> str:
    for var in ("DESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "ja" if loc.lower().startswith("ja") else "en"


def set_language(lang: str | None) -> str:
    """Make ``lang`` (or the system language when None) the active one; returns it."""
    global _current
    chosen = lang if lang in LANGUAGES else system_language()
    _current = chosen
    return chosen


def current_language() -> str:
    return _current


def translator(lang: str) -> Callable[[str], str]:
    """A ``_`` bound to one language, for reports whose language is their own parameter."""
    return catalogue(lang).gettext


def _(message: str) -> str:
    return catalogue(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the count ``n`` in the active language."""
    return catalogue(_current).ngettext(singular, plural, n)


def pick(ja: str, en: str, lang: str | None = None) -> str:
    """Choose between two texts written side by side (e.g. an engine reason)."""
    return ja if (lang or _current) == "ja" else en


INSTITUTIONAL_POLICY = "institutional policy"


def citation_text(citation: str | None, lang: str | None = None) -> str:
    """An engine citation for display: statutes stay as cited, "institutional policy"
    (the engine's mark for an unsettled point) reads in the reader's language."""
    if not citation:
        return ""
    if (lang or _current) == "ja":
        return citation.replace(INSTITUTIONAL_POLICY, "機関の方針")
    return citation
