"""Cyrillic and the other scripts desk has no table of its own for: Latin letters by
anyascii, which spells Russian the way the lists romanise it (я ``ya``, ю ``yu``, -ий
``-iy``: Предприятие ``predpriyatie``, Сухой ``sukhoy``), and acronyms written in Cyrillic
capitals (ФСБ, СВР) read in Latin."""

from __future__ import annotations

import re

from anyascii import anyascii

CYRILLIC_ACRONYM = re.compile(r"^[\u0410-\u042f\u0401]{2,6}$")


def transliterate(text: str) -> str:
    """Latin letters for ``text`` (lower case when the text is: anyascii capitalises some
    scripts' syllables)."""
    latin = anyascii(text)
    return latin.lower() if text == text.lower() else latin


def latin_acronym(text: str) -> str:
    """ФСБ → FSB; anything that is not a Cyrillic acronym is returned as it is."""
    return anyascii(text) if CYRILLIC_ACRONYM.match(text) else text
