"""Per-script folds of screening keys: each module turns one script's text into
desk's Latin space or its character key, and :mod:`desk.screening.normalize` composes them.

- :mod:`.han`: Chinese characters (traditional, Japanese shinjitai → simplified;
  organisation words → concepts; the rest → pinyin)
- :mod:`.hanja`: Korean readings of Chinese characters, hangul syllables folded
- :mod:`.kana`: katakana and hiragana → Hepburn
- :mod:`.hangul`: hangul → Revised Romanization (and the North Korean spelling)
- :mod:`.cyrillic`: Cyrillic (and other scripts) → Latin letters
- :mod:`.latin`: Latin words: legal forms, organisation words, acronyms, sound keys

This module holds what they share: character classes, dictionary segmentation, the
legal-form marker and the folding every name starts with.
"""

from __future__ import annotations

import unicodedata

LEGAL = "@legal"  # marker for a dropped legal form (never a token in a key)


def is_han(ch: str) -> bool:
    """A Chinese character: the unified ideographs and extension A, the compatibility
    ideographs, 〇, and everything in planes 2 and 3 (extensions B–I and the compatibility
    supplement: 𠮷 in 𠮷野家, the characters of many personal and place names)."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or o == 0x3007
        or 0x20000 <= o <= 0x3FFFF
    )


def is_kana(ch: str) -> bool:
    o = ord(ch)
    return 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF


def is_hangul(ch: str) -> bool:
    o = ord(ch)
    return 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F


def segment(run: str, words: dict[str, str], longest: int) -> list[tuple[str, bool]]:
    """Split a run into (piece, is_dictionary_word), longest dictionary match first."""
    out: list[tuple[str, bool]] = []
    rest = ""
    i = 0
    while i < len(run):
        for n in range(min(longest, len(run) - i), 1, -1):
            if run[i : i + n] in words:
                if rest:
                    out.append((rest, False))
                    rest = ""
                out.append((run[i : i + n], True))
                i += n
                break
        else:
            rest += run[i]
            i += 1
    if rest:
        out.append((rest, False))
    return out


def fold(text: str) -> str:
    """NFKC (full-width → ASCII, compatibility forms), case folding, accents removed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    # Accents go. The kana voicing marks (U+3099, U+309A) are part of the sound and stay,
    # and so do the marks of Cyrillic letters: й is a letter of its own, not an accented и
    # (исследовательский is "issledovatelskiy", as the lists spell it).
    kept: list[str] = []
    cyrillic = False
    for c in unicodedata.normalize("NFD", text):
        if not unicodedata.combining(c):
            cyrillic = "\u0400" <= c <= "\u04ff"
            kept.append(c)
        elif cyrillic or c in KANA_MARKS:
            kept.append(c)
    return unicodedata.normalize("NFC", "".join(kept))


KANA_MARKS = "\u3099\u309a"
