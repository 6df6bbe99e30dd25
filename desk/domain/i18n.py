"""One translation mechanism for the core, the CLI, the reports and the app.

gettext-style: ``_("English text")`` looks the message up in the active catalogue,
``N_()`` marks a message for extraction without translating it. Catalogues are PO
files under ``resources/i18n/<lang>.po``, read directly (no compiled .mo step).
The UI language follows the system locale (Japanese when it is Japanese) unless the
user chose one; report language is a separate parameter (:func:`translator`).
"""

from __future__ import annotations

import ast
import locale
import os
from collections.abc import Callable
from functools import cache

from desk.resources import resource

LANGUAGES = ("ja", "en")
_current = "en"


def N_(message: str) -> str:  # the gettext convention for marking without translating
    return message


def _unquote(chunk: str) -> str:
    # Most catalogue lines hold no escapes: slice them (ast.literal_eval on every line
    # costs several milliseconds of start-up).
    chunk = chunk.strip()
    body = chunk[1:-1]
    if len(chunk) >= 2 and chunk[0] == chunk[-1] == '"' and "\\" not in body and '"' not in body:
        return body
    return str(ast.literal_eval(chunk))


@cache
def catalogue(lang: str) -> dict[str, str]:
    """msgid → msgstr for ``lang`` (empty for English, the source language)."""
    if lang == "en":
        return {}
    path = resource("i18n", f"{lang}.po")
    if not path.exists():
        return {}
    entries: dict[str, str] = {}
    msgid: list[str] = []
    msgstr: list[str] = []
    target: list[str] | None = None

    def flush() -> None:
        mid, mstr = "".join(msgid), "".join(msgstr)
        if mid and mstr:
            entries[mid] = mstr

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("msgid "):
            flush()
            msgid, msgstr = [_unquote(line[6:])], []
            target = msgid
        elif line.startswith("msgstr "):
            msgstr = [_unquote(line[7:])]
            target = msgstr
        elif line.startswith('"') and target is not None:
            target.append(_unquote(line))
        elif not line or line.startswith("#"):
            continue
    flush()
    return entries


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
    cat = catalogue(lang)
    return lambda message: cat.get(message, message)


def _(message: str) -> str:
    return catalogue(_current).get(message, message)


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
        return citation.replace(INSTITUTIONAL_POLICY, "機関の方針（institutional policy）")
    return citation
