"""Korean readings of Chinese characters, and hangul syllables folded for comparison."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

from desk.resources import resource
from desk.screening.folds import is_han
from desk.screening.folds.han import SHINJITAI_MAP
from desk.screening.model import NameKey

# A hangul query (김일성종합대학) is compared with the Korean (Sino-Korean) reading of the
# listed characters (金日成総合大学), syllable by syllable, like Chinese characters are.

# Characters read two ways in names; both readings are tried (金: 김 as a surname, 금 in
# words such as 金剛 금강; 樂 락 / 악; 北 북 / 배; 車 차 / 거; 不 불 / 부).
_HANJA_SECOND = {"金": "김", "樂": "악", "楽": "락", "北": "배", "車": "거", "不": "부"}
_SINO_DIGITS = "영일이삼사오육칠팔구"
# Shinjitai whose simplified form turns back into another traditional character: 麹 →
# 曲 → 曲 (곡), where 麴 reads 국; 噛 → 啮 → 齧 (설), where 嚙 reads 교. The table's own
# entries for these Japanese forms are wrong (麹 부), so the traditional form is named.
_KYUJITAI = {"麹": "麴", "噛": "嚙"}


READINGS = ("screening", "hanja-readings.tsv")


@cache
def _hanja_table() -> dict[str, str]:
    """Character → Korean reading (27,497 characters), vendored from the ``hanja``
    package's table (see ``resources/screening/README.md``)."""
    path = resource(*READINGS)
    table: dict[str, str] = {}
    for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        char, _, reading = line.partition("\t")
        if len(char) != 1 or len(reading) != 1:
            raise ValueError(f"{path}, line {n}: expected one character, a tab, one syllable")
        table[char] = reading
    return table


def _fold_syllable(ch: str) -> str:
    """Initial-sound rule (두음법칙): 락/낙, 련/연, 리/니/이 are one syllable for matching, as
    North and South Korean spellings of one word differ only there; aspiration too."""
    o = ord(ch) - 0xAC00
    if not 0 <= o < 11172:
        return ch
    lead, vowel, tail = o // 588, (o % 588) // 28, o % 28
    if lead == 5:  # ㄹ → ㄴ
        lead = 2
    if lead == 2 and vowel in (2, 3, 6, 7, 12, 17, 20):  # ㄴ before i / y → ㅇ
        lead = 11
    # Aspirated as plain (ㅊ→ㅈ, ㅋ→ㄱ, ㅌ→ㄷ, ㅍ→ㅂ): Japanese forms merge characters read
    # differently in Korean (総 for both 總 총 and 綜 종).
    lead = {14: 12, 15: 0, 16: 3, 17: 7}.get(lead, lead)
    return chr(0xAC00 + lead * 588 + vowel * 28 + tail)


def _sino_number(digits: str) -> str:
    n = int(digits)
    if n == 0 or n >= 10000:
        return "".join(_SINO_DIGITS[int(d)] for d in digits)
    out = ""
    for value, unit in ((1000, "천"), (100, "백"), (10, "십"), (1, "")):
        d, n = divmod(n, value)
        if d:
            out += ("" if d == 1 and unit else _SINO_DIGITS[d]) + unit
    return out


def hangul_key(text: str) -> NameKey | None:
    text = re.sub(r"\d+", lambda m: _sino_number(m.group()), text)
    syllables = "".join(_fold_syllable(c) for c in text if 0xAC00 <= ord(c) <= 0xD7A3)
    return NameKey(tokens=(), han=syllables, via="hangul") if len(syllables) >= 2 else None


def reading_keys(name: str) -> tuple[NameKey, ...]:
    """Keys of a *listed* name for hangul queries: the Korean reading of its Chinese
    characters (both readings of the few characters read two ways)."""
    chars = [c for c in unicodedata.normalize("NFKC", name) if is_han(c)]
    if len(chars) < 2:
        return ()
    first: list[str] = []
    second: list[str] = []
    for c in chars:
        r = _reading(c)
        if r is None:
            return ()
        first.append(r[0])
        second.append(r[1])
    keys = [NameKey(tokens=(), han="".join(first), via="hanja")]
    if second != first:
        keys.append(NameKey(tokens=(), han="".join(second), via="hanja"))
    return tuple(keys)


@lru_cache(maxsize=32768)
def _reading(c: str) -> tuple[str, str] | None:
    """The folded Korean reading of one character, and its second reading (or the same)."""
    table = _hanja_table()
    t = _KYUJITAI.get(c) or str(_opencc_s2t().convert(c.translate(SHINJITAI_MAP)))
    r = table.get(t) or table.get(c)
    if r is None:
        return None
    return _fold_syllable(r), _fold_syllable(_HANJA_SECOND.get(c) or _HANJA_SECOND.get(t) or r)


@cache
def _opencc_s2t() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


def warm_up() -> None:
    _hanja_table()
    _opencc_s2t()
