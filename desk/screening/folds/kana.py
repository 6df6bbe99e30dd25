"""Katakana and hiragana: Hepburn, and looser readings of foreign words written in kana."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from desk.screening.folds import segment

_EPENTHETIC_U = re.compile(r"(?<=[bcdfghjkmprstvwz])u(?=[bcdfghjkmnprstvwz]|\b)")
_EPENTHETIC_O = re.compile(r"(?<=[td])o(?=[bcdfghjkmnprstvwz]|\b)")
_LONG_VOWEL = re.compile(r"([aeiou])\1|(?<=o)u")


# Place names whose katakana is far from their Latin form (ペキン = Beijing).
KANA_PLACES = {
    "ペキン": "beijing",
    "ナンキン": "nanjing",
    "シャンハイ": "shanghai",
    "テンシン": "tianjin",
    "チンタオ": "qingdao",
    "シンセン": "shenzhen",
    "ホンコン": "hong kong",
    "マカオ": "macau",
    "ピョンヤン": "pyongyang",
    "モスクワ": "moscow",
    "サンクトペテルブルク": "saint petersburg",
    "テヘラン": "tehran",
    "イスファハン": "isfahan",
    "ダマスカス": "damascus",
    "ドバイ": "dubai",
}
_KANA_PLACES_MAX = max(len(w) for w in KANA_PLACES)


@cache
def _kakasi() -> Any:
    import pykakasi

    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


def romanise_kana(run: str, variant: int = 0) -> str:
    """Hepburn. Variants undo the vowels Japanese adds to foreign words (アルマズ
    ``arumazu`` → ``armaz``) and, in the second, read r as l (→ ``almaz``)."""
    parts = []
    for piece, known in segment(run, KANA_PLACES, _KANA_PLACES_MAX):
        if known:
            parts.append(" " + KANA_PLACES[piece] + " ")
        else:
            parts.append(_kana_to_latin(piece, variant))
    return "".join(parts)


def _kana_to_latin(run: str, variant: int) -> str:
    text = "".join(item["hepburn"] for item in _kakasi().convert(run))
    if variant:
        text = text.replace("'", "").replace("・", " ")
        text = _LONG_VOWEL.sub(lambda m: m.group(1) or "", text)
        text = _EPENTHETIC_O.sub("", _EPENTHETIC_U.sub("", text))
        if variant == 2:
            text = text.replace("r", "l")
    return text


def warm_up() -> None:
    _kakasi()
