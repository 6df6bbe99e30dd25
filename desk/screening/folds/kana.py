"""Katakana and hiragana: Hepburn, and looser readings of foreign words written in kana.

The romanisation is desk's own table (modified Hepburn as Japanese passports write it,
with vowels spelled out rather than given macrons): desk reads kana only, never kanji,
so a kanji dictionary would be dead weight.
"""

from __future__ import annotations

import re

from desk.screening.folds import segment
from desk.screening.folds.vocabulary import vocabulary

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
    "ロシア": "russia",
    "サンクトペテルブルク": "saint petersburg",
    "テヘラン": "tehran",
    "イスファハン": "isfahan",
    "ダマスカス": "damascus",
    "ドバイ": "dubai",
}
# Place names and the organisation words of the cross-language vocabulary (ミサイル →
# missile, コーポレーション → legal form), read whole before the syllables.
KANA_WORDS = {**vocabulary().kana, **KANA_PLACES}
_KANA_WORDS_MAX = max(len(w) for w in KANA_WORDS)

# One katakana → its syllable. Rows of the kana table, in the order of the chart.
_ROWS = (
    ("アイウエオ", ("a", "i", "u", "e", "o")),
    ("カキクケコ", ("ka", "ki", "ku", "ke", "ko")),
    ("ガギグゲゴ", ("ga", "gi", "gu", "ge", "go")),
    ("サシスセソ", ("sa", "shi", "su", "se", "so")),
    ("ザジズゼゾ", ("za", "ji", "zu", "ze", "zo")),
    ("タチツテト", ("ta", "chi", "tsu", "te", "to")),
    ("ダヂヅデド", ("da", "ji", "zu", "de", "do")),
    ("ナニヌネノ", ("na", "ni", "nu", "ne", "no")),
    ("ハヒフヘホ", ("ha", "hi", "fu", "he", "ho")),
    ("バビブベボ", ("ba", "bi", "bu", "be", "bo")),
    ("パピプペポ", ("pa", "pi", "pu", "pe", "po")),
    ("マミムメモ", ("ma", "mi", "mu", "me", "mo")),
    ("ヤユヨ", ("ya", "yu", "yo")),
    ("ラリルレロ", ("ra", "ri", "ru", "re", "ro")),
    ("ワヰヱヲ", ("wa", "i", "e", "o")),
    ("ヴヷヸヹヺ", ("vu", "va", "vi", "ve", "vo")),
    # Small kana written alone (not after a syllable they modify), and ヵ ヶ.
    ("ァィゥェォャュョヮ", ("a", "i", "u", "e", "o", "ya", "yu", "yo", "wa")),
    ("ヵヶ", ("ka", "ga")),  # ヶ in names reads ga: 霞ヶ関 Kasumigaseki, 関ヶ原
    # Ainu small katakana (U+31F0…): the consonant alone.
    ("ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ", tuple("k sh s t n h h f h h m r r r r r".split())),
    ("ヿ", ("koto",)),
)
_SYLLABLE = {k: r for kana, roms in _ROWS for k, r in zip(kana, roms, strict=True)}
_SMALL_Y = {"ャ": "a", "ュ": "u", "ョ": "o"}  # palatal: キャ kya, シュ shu
_SMALL_VOWEL = {"ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o", "ヮ": "wa"}
_VOWELS = "aeiou"
_SOKUON = "ッ"  # doubles the next consonant (small tsu)
_CHOON = "ー"  # lengthens the vowel before it
_N = "ン"
_ITERATION = {"ヽ": False, "ヾ": True}  # repeat the kana before (ヾ: voiced)
_VOICED = str.maketrans(
    "カキクケコサシスセソタチツテトハヒフヘホウ", "ガギグゲゴザジズゼゾダヂヅデドバビブベボヴ"
)


def _katakana(text: str) -> str:
    """Hiragana → katakana, ゟ spelled out, iteration marks expanded."""
    out: list[str] = []
    for ch in text:
        o = ord(ch)
        if 0x3041 <= o <= 0x3096 or 0x309D <= o <= 0x309E:  # hiragana, ゝ ゞ
            ch = chr(o + 0x60)
        if ch == "ゟ":
            out.extend("ヨリ")
        elif ch in _ITERATION:
            prev = out[-1] if out else ""
            out.append(prev.translate(_VOICED) if _ITERATION[ch] else prev)
        else:
            out.append(ch)
    return "".join(out)


def _palatal(prev: str, vowel: str) -> str:
    """A syllable followed by small ャ ュ ョ: キャ kya, シャ sha, チュ chu, ヂョ jo, テュ tyu."""
    if prev in ("shi", "chi", "ji"):
        return prev[:-1] + vowel
    if prev.endswith("i"):
        return prev[:-1] + "y" + vowel
    if prev in ("fu", "vu", "te", "de"):
        return prev[0] + "y" + vowel
    return prev + "y" + vowel


def _with_vowel(prev: str, vowel: str) -> str:
    """A syllable followed by a small vowel, as foreign words are written: ティ ti,
    トゥ tu, ファ fa, ヴァ va, ツァ tsa, シェ she, ウィ wi, イェ ye, クァ kwa, キェ kye."""
    if prev == "u":
        return "w" + vowel
    if prev == "i":
        return "y" + vowel
    if prev in ("ku", "gu") and vowel != "u":
        return prev[0] + "w" + vowel.removeprefix("w")
    if prev.endswith("i") and prev not in ("shi", "chi", "ji") and vowel == "e":
        return prev[:-1] + "ye"
    return prev[:-1] + vowel


def hepburn(text: str) -> str:
    """Kana → Hepburn: long vowels spelled out (コーヒー ``koohii``, トウキョウ
    ``toukyou``), small tsu doubling the consonant (マッチャ ``matcha``), ン as ``n``
    (``m`` before b, m, p: シンブン ``shimbun``; ``n'`` before a vowel or y: キンイ
    ``kin'i``). Anything not kana is kept."""
    units: list[str] = []  # syllables, and the markers ッ ン ー resolved below
    for ch in _katakana(text):
        prev = units[-1] if units else ""
        attaches = prev not in ("", _SOKUON, _N, _CHOON) and prev[-1:] in _VOWELS
        if ch in _SMALL_Y and attaches:
            units[-1] = _palatal(prev, _SMALL_Y[ch])
        elif ch in _SMALL_VOWEL and attaches:
            units[-1] = _with_vowel(prev, _SMALL_VOWEL[ch])
        elif ch in (_SOKUON, _N, _CHOON):
            units.append(ch)
        elif ch in "・゠":
            units.append(" ")
        elif ch in "\u3099\u309a":  # a voicing mark no precomposed kana has: dropped
            continue
        else:
            units.append(_SYLLABLE.get(ch, ch))
    out: list[str] = []
    for i, u in enumerate(units):
        nxt = next((v for v in units[i + 1 :] if v not in (_SOKUON, _CHOON)), "")
        if u == _SOKUON:
            following = units[i + 1] if i + 1 < len(units) else ""
            if following.startswith("ch"):
                out.append("t")
            elif (
                following[:1].isascii() and following[:1].isalpha() and following[0] not in _VOWELS
            ):
                out.append(following[0])
        elif u == _CHOON:
            last = out[-1][-1:] if out else ""
            if last in _VOWELS and last:
                out.append(last)
        elif u == _N:
            if nxt[:1] in ("b", "m", "p"):
                out.append("m")  # Hepburn: 新橋 Shimbashi, 難波 Namba, ハンブルク Hamburg
            else:
                out.append("n'" if nxt[:1] in (*_VOWELS, "y") and nxt else "n")
        else:
            out.append(u)
    return "".join(out)


WHOLE_WORD = 3  # the variant that reads vocabulary words only as a whole kana word


def romanise_kana(run: str, variant: int = 0) -> str:
    """Hepburn. Variants undo the vowels Japanese adds to foreign words (アルマズ
    ``arumazu`` → ``armaz``) and, in the second, read r as l (→ ``almaz``). The third
    (``WHOLE_WORD``) undoes the vowels too but reads an organisation word only when it is
    the whole kana word: inside a longer word it is part of a name (ロステック is one
    word, not ロス + テック "tech"; ウラルヴァゴンザヴォード is one name). A word of two
    kana (エア air) is read only when it stands alone, in every variant."""
    if "・" in run:  # the middle dot separates words (エア・コリョ)
        return " ".join(romanise_kana(w, variant) for w in run.split("・") if w)
    whole = KANA_WORDS.get(run) or vocabulary().kana_whole.get(run)
    if whole is not None:
        return " " + whole + " "
    if variant == WHOLE_WORD:
        return _kana_to_latin(run, 1)
    parts = []
    for piece, known in segment(run, KANA_WORDS, _KANA_WORDS_MAX):
        if known:
            parts.append(" " + KANA_WORDS[piece] + " ")
        else:
            parts.append(_kana_to_latin(piece, variant))
    return "".join(parts)


def _kana_to_latin(run: str, variant: int) -> str:
    text = hepburn(run)
    if variant:
        text = text.replace("'", "")
        text = _LONG_VOWEL.sub(lambda m: m.group(1) or "", text)
        text = _EPENTHETIC_O.sub("", _EPENTHETIC_U.sub("", text))
        if variant == 2:
            text = text.replace("r", "l")
    return text
