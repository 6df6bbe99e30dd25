"""More keys for a *query* (never for a listed name): the parts of an affiliation
string, the name without its sub-unit, OCR misreadings undone, pinyin run together split.

- **Parts**: "School of Materials, Harbin Institute of Technology" is screened whole and
  part by part (split at commas, semicolons, 、, slashes, " - ", line breaks).
- **Sub-units**: an institution word (university, academy, institute …) followed by a
  sub-unit word (faculty/school, department, laboratory, college, branch, center …)
  gives a key cut after the institution: 北京航空航天大学宇航学院 → 北京航空航天大学,
  "Beihang University School of Astronautics" → "beihang university". Only what comes
  *after* the institution is cut: words in front of it (a city) are never dropped, so
  西安电子科技大学 (Xidian University) is not cut down to 电子科技大学 (UESTC).
- **OCR**: 0 → o and 1 → l between letters, l → i before a consonant at the start of a
  word, rn → m (a second key, since rn is also an ordinary pair of letters).
- **Run-together pinyin**: known pinyin words (places, organisation words) peeled off
  both ends of a long word: ``beijinghangkonghangtiandaxue`` → beijing aviation
  aerospace university.
"""

from __future__ import annotations

import re
from functools import lru_cache

from desk.screening.folds import is_han
from desk.screening.folds.han import PLACE_CHARACTERS, han_words, place_pinyin, to_simplified
from desk.screening.folds.latin import pinyin_concepts, typo_concept, word_concept
from desk.screening.model import NameKey
from desk.screening.normalize import is_known_word, name_keys

_PART_SPLIT = re.compile(r"\s*(?:[,;、，；/|\n]|\s-\s|\s–\s)\s*")

# Institution words a sub-unit hangs from, and the sub-unit words (concept keys of the
# Latin fold and of resources/screening/org-vocabulary.json).
INSTITUTIONS = frozenset({"university", "academy", "institute", "polytechnic"})
SUB_UNITS = frozenset(
    {"faculty", "department", "laboratory", "college", "branch", "center", "institute"}
)
_HAN_INSTITUTIONS = ("大学", "科学院", "研究院", "工程院")
_HAN_SUB_UNITS = (
    "学院",
    "系",
    "学部",
    "研究科",
    "实验室",
    "研究室",
    "研究所",
    "研究中心",
    "中心",
    "分校",
    "校区",
    "分院",
    "附属医院",
    "医院",
)


_QUOTED = re.compile(r"[«\"“„]([^«»\"“”„]+)[»\"”“]")


def affiliation_parts(name: str) -> tuple[str, ...]:
    """The pieces of a name written as a list (department, school, institution), and the
    innermost name in quotation marks ("АО «Корпорация «Звезда»»" → Звезда: the
    organisation's own name inside its legal form and its parent's); () when it is one
    piece."""
    pieces = [p.strip() for p in _PART_SPLIT.split(name) if p and p.strip()]
    out = pieces if len(pieces) > 1 else []
    for quoted in _QUOTED.findall(name):
        if quoted.strip() and quoted.strip() != name.strip() and quoted.strip() not in out:
            out.append(quoted.strip())
    return tuple(out)


_LISTED_PART_SPLIT = re.compile(r"\s*[,;:]\s+")


def listed_parts(name: str) -> tuple[str, ...]:
    """The parts of a *listed* name written as a list ("X Research Centre (XRC),
    Department of Atomic Energy"; "Parent Complex Branch: Y Plant") that can stand as a
    name of their own: two words at least, one of them a name word (not an organisation
    word, not a number) — "13th Research Institute" alone names nothing."""
    pieces = [p.strip() for p in _LISTED_PART_SPLIT.split(name) if p.strip()]
    if len(pieces) < 2:
        return ()
    out = []
    for p in pieces:
        tokens = [t for k in name_keys(p)[:1] for t in k.tokens]
        if len(tokens) >= 2 and any(t.isalpha() and not is_known_word(t) for t in tokens):
            out.append(p)
    return tuple(out)


# Country names Japanese and Chinese documents put in front of an organisation's name
# (ロシア対外情報庁, 北朝鮮ロケット工業部), and a country's ruling party and army in
# front of one of their bodies (朝鮮労働党…, 朝鮮人民軍…): the name is also read
# without them.
_PARENT_PREFIXES = (
    "朝鮮労働党",
    "朝鲜劳动党",
    "朝鮮人民軍",
    "朝鲜人民军",
    "조선로동당",
    "조선인민군",
)
_COUNTRY_PREFIXES = (
    "ロシア連邦",
    "ロシア",
    "北朝鮮",
    "朝鮮民主主義人民共和国",
    "イラン・イスラム共和国",
    "イラン",
    "パキスタン",
    "シリア",
    "インド",
    "中国",
    "中華人民共和国",
    "中华人民共和国",
    "俄罗斯",
    "伊朗",
    "巴基斯坦",
    "叙利亚",
)


def without_country(name: str) -> str | None:
    """The name without a country name in front of it (see ``_COUNTRY_PREFIXES``), when
    something of two characters at least is left; else None."""
    for c in sorted(_COUNTRY_PREFIXES + _PARENT_PREFIXES, key=len, reverse=True):
        if name.startswith(c):
            rest = name[len(c) :].lstrip("・ 　")
            return rest if len(rest) >= 2 else None
    return None


def unit_cuts(key: NameKey) -> tuple[NameKey, ...]:
    """The key cut after its institution word when a sub-unit follows (see module doc):
    the words before the first sub-unit word when an institution word is among them
    ("Harbin Institute of Technology School of …"), and the words up to an institution
    word that a sub-unit word follows (北京航空航天大学宇航学院)."""
    toks = key.tokens
    cuts: list[tuple[str, ...]] = []
    heads = [i for i, t in enumerate(toks) if t in INSTITUTIONS]
    first_unit = next((i for i, t in enumerate(toks) if t in SUB_UNITS and i >= 2), None)
    if first_unit is not None and any(h < first_unit for h in heads):
        cuts.append(toks[:first_unit])
    for i in heads:
        if i >= 1 and any(t in SUB_UNITS for t in toks[i + 1 :]):
            cuts.append(toks[: i + 1])
            break
    han = ""
    for head in _HAN_INSTITUTIONS:
        at = key.han.find(head)
        rest = key.han[at + len(head) :] if at > 0 else ""
        if rest and rest.endswith(_HAN_SUB_UNITS):
            han = key.han[: at + len(head)]
            break
    out = [NameKey(tokens=c, han=han or key.han, via=key.via) for c in dict.fromkeys(cuts)]
    if han and not out:
        out.append(NameKey(tokens=toks, han=han, via=key.via))
    return tuple(k for k in out if k.tokens != toks or k.han != key.han)


_OCR_DIGITS = re.compile(r"(?<=[a-z])[01](?=[a-z])|\b[01](?=[a-z]{3})|(?<=[a-z]{3})[01]\b")
_OCR_L = re.compile(r"\bl(?=[bcdfghjkmnpqrstvwxz])")
# 1 read as i rather than l: a 1 next to an l ("Kim 1l Sung" → il: I and l look alike),
# and l read as i between two consonants inside a word ("Electrlc" → electric).
_OCR_ONE = re.compile(r"1(?=l)|(?<=l)1")
_OCR_L_INSIDE = re.compile(r"(?<=[bcdfghjkmnpqrstvwxz])l(?=[bcdfghjkmnpqstvwxz])")


def ocr_text(name: str) -> tuple[str, ...]:
    """The name with OCR misreadings undone, and also with rn read as m; () when the
    name has none of them or is not in Latin letters."""
    text = name.lower()
    if not text.isascii():
        return ()
    fixed = _OCR_DIGITS.sub(lambda m: "o" if m.group() == "0" else "l", text)
    fixed = _OCR_L.sub("i", fixed)
    out = [fixed] if fixed != text else []
    if "rn" in fixed:
        out.append(fixed.replace("rn", "m"))
    as_i = _OCR_L_INSIDE.sub("i", _OCR_ONE.sub("i", text))
    if as_i != text and as_i not in out:
        out.append(as_i)
    return tuple(out)


def typo_key(key: NameKey) -> NameKey | None:
    """The key with each name word that is one typing slip from an organisation word
    read as that word (:func:`typo_concept`; a legal form dropped); None when none is."""
    out: list[str] = []
    changed = False
    for t in key.tokens:
        c = typo_concept(t)
        if c is None:
            out.append(t)
        else:
            changed = True
            if c != "company":
                out.append(c)
    if not changed or not out:
        return None
    return NameKey(tokens=tuple(out), han=key.han, via="typo")


def ocr_keys(name: str) -> tuple[NameKey, ...]:
    return tuple(
        NameKey(tokens=k.tokens, han=k.han, acronym=k.acronym, via="ocr")
        for text in ocr_text(name)
        for k in name_keys(text)
    )


@lru_cache(maxsize=1)
def _pinyin_words() -> frozenset[str]:
    places = {v.replace(" ", "") for k, v in han_words().items() if k in PLACE_CHARACTERS}
    return frozenset({w for w in pinyin_concepts() if len(w) >= 4} | places)


def split_pinyin(word: str) -> tuple[str, ...]:
    """Known pinyin words peeled off both ends of a run-together word (longest first);
    () unless at least two pieces come out and one of them is an organisation word."""
    if len(word) < 9 or is_known_word(word):
        return ()
    known = _pinyin_words()
    head: list[str] = []
    tail: list[str] = []
    rest = word
    changed = True
    while changed and rest:
        changed = False
        for n in range(len(rest), 3, -1):
            if rest[-n:] in known and (n < len(rest) or head):
                tail.insert(0, rest[-n:])
                rest = rest[:-n]
                changed = True
                break
        for n in range(len(rest), 3, -1):
            if rest[:n] in known and (n < len(rest) or tail):
                head.append(rest[:n])
                rest = rest[n:]
                changed = True
                break
    pieces = [*head, *([rest] if rest else []), *tail]
    if len(pieces) < 2 or not any(word_concept(p) for p in pieces):
        return ()
    out: list[str] = []
    for p in pieces:
        out.extend((word_concept(p) or p).split())
    return tuple(t for t in out if not t.startswith("@"))


def pinyin_key(key: NameKey) -> NameKey | None:
    out: list[str] = []
    for t in key.tokens:
        out.extend(split_pinyin(t) or (t,))
    if len(out) == len(key.tokens):
        return None
    return NameKey(tokens=tuple(out), han=key.han, via="pinyin")


def is_place(word: str) -> bool:
    """A Chinese province or city (the places the Han fold segments): put in front of a
    university's name, it names another university. Country names are not places here
    (ロシア連邦保安庁 is the Federal Security Service)."""
    return word in place_pinyin()


def is_han_country(text: str) -> bool:
    """A country's name in characters (中国, 中华人民共和国 …): in front of a listed
    university's name it is the same university (中国 + 科学技术大学), not another."""
    return text in {to_simplified(c) for c in _COUNTRY_PREFIXES if all(is_han(ch) for ch in c)}


def is_han_place(text: str) -> bool:
    return text in PLACE_CHARACTERS or text.removesuffix("市") in PLACE_CHARACTERS
