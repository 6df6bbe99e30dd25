"""Hangul: Revised Romanization with Korean organisation words, and the spelling North
Korean names use in Latin."""

from __future__ import annotations

from anyascii import anyascii

from desk.screening.folds import LEGAL, segment
from desk.screening.folds.vocabulary import vocabulary

_HANGUL_WORDS: dict[str, str] = {
    "주식회사": LEGAL,
    "총회사": "general",
    "회사": LEGAL,
    "대학교": "university",
    "대학": "university",
    "연구소": "institute",
    "연구원": "academy",
    "기술": "technology",
    "과학": "science",
    "공업": "industry",
    "무역": "trading",
    "조선": "korea",
    "총국": "general bureau",
}
# The cross-language vocabulary (국방성 → defense ministry …); the table above wins
# (조선 is Korea in names, not 造船 shipbuilding).
_HANGUL_WORDS = {**vocabulary().hangul, **_HANGUL_WORDS}
_HANGUL_MAX = max(len(w) for w in _HANGUL_WORDS)


def _mccune(word: str) -> str:
    """Revised Romanization → the McCune–Reischauer-like spelling North Korean names
    use in Latin (평양 pyeongyang → pyongyang, 련봉 lyeonbong → ryonbong)."""
    word = word.replace("eo", "o").replace("eu", "u")
    if word[:1] in ("l", "g", "d", "b"):
        word = {"l": "r", "g": "k", "d": "t", "b": "p"}[word[0]] + word[1:]
    if word.endswith("g") and not word.endswith("ng"):
        word = word[:-1] + "k"
    return word


def romanise_hangul(run: str, variant: int = 0) -> str:
    parts = []
    for piece, known in segment(run, _HANGUL_WORDS, _HANGUL_MAX):
        if known:
            parts.append(_HANGUL_WORDS[piece])
        else:
            # anyascii spells each syllable in Revised Romanization letter by letter
            # (김일성 GimIlSeong), as the academic rule of hangul-romanize did.
            word = anyascii(piece).lower()
            parts.append(_mccune(word) if variant else word)
    return " ".join(parts)
