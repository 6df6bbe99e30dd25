"""Turning a name in any script into comparable keys.

Every name becomes one or more :class:`NameKey`:

- ``tokens``: words in one Latin space. Chinese characters become pinyin (place names,
  personal names) or a concept word (大学 → ``university``), kana become Hepburn, hangul
  Revised Romanization, Cyrillic and other scripts anyascii. Legal forms (Co., Ltd.,
  株式会社, 有限公司, JSC, OAO, GmbH …) are dropped, organisation words and their
  abbreviations fold to one concept (Univ. / University / 大学 / 大學 → ``university``).
- ``han``: the Chinese characters folded to simplified Chinese (traditional via OpenCC,
  Japanese shinjitai via a small table), legal forms dropped — compared character by
  character, which is more exact than the romanisation when both sides have characters.

The tables are deliberately generic (words that occur in many organisation names); no
listed name is special-cased here.

The per-script folds live in :mod:`desk.screening.folds`; this module composes them.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

from desk.screening.folds import LEGAL, fold, is_han, is_hangul, is_kana
from desk.screening.folds import han as _han
from desk.screening.folds import hanja as _hanja
from desk.screening.folds.cyrillic import latin_acronym, transliterate
from desk.screening.folds.han import EXONYMS, romanise_han, strip_legal_han, to_simplified
from desk.screening.folds.hangul import romanise_hangul
from desk.screening.folds.hanja import hangul_key, reading_keys
from desk.screening.folds.kana import KANA_PLACES, WHOLE_WORD, romanise_kana
from desk.screening.folds.latin import (
    ACRONYM,
    ACRONYM_IN_PARENS,
    CONCEPTS,
    DIRECTIONS,
    FIELD_WORDS,
    STOPWORDS,
    concept,
    head_syllable_acronym,
    initial_words,
    initials,
    is_concept,
    is_subsequence,
    latin_tokens,
    phonetic,
    pinyin_concepts,
    skeleton,
    word_concept,
)
from desk.screening.folds.vocabulary import vocabulary
from desk.screening.model import NameKey

__all__ = [
    "FIELD_WORDS",
    "LEGAL",
    "STOPWORDS",
    "NameKey",
    "concept",
    "fold",
    "head_syllable_acronym",
    "initial_words",
    "initials",
    "is_concept",
    "is_known_word",
    "name_keys",
    "phonetic",
    "reading_keys",
    "skeleton",
    "to_simplified",
    "warm_up",
    "without_memorial",
    "word_pairs",
]

# Changes whenever the keys of a name change (a cached index built with other keys must
# be rebuilt): desk's fold rules, and the organisation vocabulary's own version.
KEYS_VERSION = f"2026-12-07.issue11c+vocabulary-{vocabulary().version}"

_KNOWN_PLACE_WORDS = frozenset(
    w for v in (*EXONYMS.values(), *KANA_PLACES.values()) for w in v.split()
)


def is_known_word(word: str) -> bool:
    """A dictionary word (organisation word, direction): another dictionary word close
    in spelling is another word (northeast ≠ northwest), not a typo of it."""
    return is_concept(word) or word in DIRECTIONS or word in _KNOWN_PLACE_WORDS


def warm_up() -> None:
    """Load the conversion tables (pinyin, OpenCC, Korean readings) before a query does."""
    _han.warm_up()
    pinyin_concepts()
    _hanja.warm_up()


def _romanise(text: str, variant: int = 0) -> tuple[str, str]:
    """Latin transcription of mixed-script text, and which route was taken."""
    out: list[str] = []
    via = "latin"
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if is_han(ch) or is_kana(ch) or ch == "ー":
            j = i
            while j < n and (is_han(text[j]) or is_kana(text[j]) or text[j] == "ー"):
                j += 1
            run = text[i:j]
            # Han and kana alternate inside one Japanese name: romanise each sub-run.
            k = 0
            while k < len(run):
                m = k
                han = is_han(run[k])
                while m < len(run) and is_han(run[m]) == han:
                    m += 1
                piece = run[k:m]
                if han:
                    out.append(" " + romanise_han(to_simplified(piece)) + " ")
                    via = "pinyin" if via in ("latin", "pinyin") else via
                else:
                    out.append(" " + romanise_kana(piece, variant) + " ")
                    via = "kana"
                k = m
            i = j
        elif is_hangul(ch):
            j = i
            while j < n and is_hangul(text[j]):
                j += 1
            out.append(" " + romanise_hangul(text[i:j], variant) + " ")
            via = "hangul"
            i = j
        elif ord(ch) < 0x250 or not ch.isalpha():
            out.append(ch)
            i += 1
        else:
            out.append(transliterate(ch))
            if via == "latin":
                via = "translit"
            i += 1
    return "".join(out), via


def _key(text: str, variant: int = 0) -> NameKey | None:
    folded = fold(text)
    han_chars = "".join(c for c in folded if is_han(c))
    # Kana mixed in (a Japanese rendering): the characters alone are only a fragment.
    has_kana = any(is_kana(c) for c in folded if c not in "のノヶケ")
    han = strip_legal_han(to_simplified(han_chars)) if han_chars and not has_kana else ""
    latin, via = _romanise(folded, variant)
    toks = latin_tokens(latin)
    if not toks and not han:
        return None
    return NameKey(tokens=toks, han=han, via=via)


@lru_cache(maxsize=65536)
def name_keys(name: str) -> tuple[NameKey, ...]:
    """All keys of one name: the whole name, the name without a parenthesised part, a
    parenthesised or bare acronym as an acronym key, and a parenthesised longer name
    (a spelled-out form or a local-script name) as a name of its own."""
    name = name.strip()
    keys: list[NameKey] = []
    seen: set[tuple[tuple[str, ...], str, str]] = set()

    def add(k: NameKey | None) -> None:
        if k is None:
            return
        sig = (k.tokens, k.han, k.acronym)
        if sig not in seen:
            seen.add(sig)
            keys.append(k)

    nfkc = unicodedata.normalize("NFKC", name).strip()
    nfkc = latin_acronym(nfkc)  # ФСБ, ЦКБА: the acronym in Latin letters
    if ACRONYM.match(nfkc.replace(" ", "")) and len(nfkc.split()) == 1:
        add(NameKey(tokens=(), acronym=re.sub(r"[^0-9a-z]", "", nfkc.casefold()), via="acronym"))
        add(_key(nfkc))
        return tuple(keys)
    outside = ACRONYM_IN_PARENS.sub(" ", nfkc).strip()
    inside = [m.strip() for m in ACRONYM_IN_PARENS.findall(nfkc)]
    if outside and inside:
        add(_key(outside))
        for part in inside:
            compact = part.replace(" ", "")
            compact = latin_acronym(compact)  # "Служба … (СВР)"
            if ACRONYM.match(compact):
                add(
                    NameKey(
                        tokens=(),
                        acronym=re.sub(r"[^0-9a-z]", "", compact.casefold()),
                        via="acronym",
                    )
                )
            elif len(part.split()) >= 2 or any(is_han(c) for c in part):
                # "ESNICO (Equipment Supplier for Nuclear Industries Corporation)",
                # "K Logistics (China) Limited （快急送物流有限公司）": another name.
                add(_key(part))
        add(_key(nfkc))
    else:
        add(_key(nfkc))
    if any(is_kana(c) for c in nfkc):
        add(_key(nfkc, 1))
        add(_key(nfkc, 2))
        add(_key(nfkc, WHOLE_WORD))
    elif any(is_hangul(c) for c in nfkc):
        add(_key(nfkc, 1))
        add(hangul_key(nfkc))
    # "SkyTech", "KeDo", "BeijingLigongDaxue": words run together in camel case.
    camel = _CAMEL.sub(" ", ACRONYM_IN_PARENS.sub(" ", nfkc))
    if camel != ACRONYM_IN_PARENS.sub(" ", nfkc):
        add(_key(camel))
    # "… named after I.I. Toropov", "… им. академика П.Д. Грушина", "ドゥホフ記念…": the
    # person a Russian enterprise is named after is often left out.
    unnamed = without_memorial(nfkc)
    if unnamed != nfkc and unnamed:
        add(_key(unnamed))
        if any(is_kana(c) for c in unnamed):
            add(_key(unnamed, 1))
    # "China Electronics Technology Group Corporation (CETC) 54th Research Institute":
    # the acronym also stands in for the words it abbreviates (CETC 54th …).
    short = acronym_for_words(nfkc)
    if short:
        add(_key(short))
    # "N.A. Dollezhal Institute", "Dr. A.Q. Khan Laboratories": a person's initials and
    # title are often left out.
    bare = without_initials(nfkc)
    if bare != nfkc and bare:
        add(_key(bare))
    for k in list(keys):
        add(_split_compounds(k))
    return tuple(keys)


_ACRONYM_AFTER = re.compile(
    r"^(?P<words>[^()]+?)\s*\((?P<acr>[A-Z][A-Za-z0-9]{1,9})\)\s*(?P<rest>\S.*)$"
)


def acronym_for_words(name: str) -> str | None:
    """A name "Words (ACR) rest" where ACR abbreviates the last of the words before it,
    with those words replaced by the acronym: "China Electronics Technology Group
    Corporation (CETC) 54th Research Institute" → "CETC 54th Research Institute". None
    when the name has no such acronym followed by more words."""
    m = _ACRONYM_AFTER.match(name)
    if not m:
        return None
    acr = m["acr"].lower()
    words = m["words"].split()
    for k in range(len(words) - 1, -1, -1):
        letters = "".join(
            w[0].lower() for w in words[k:] if w.lower() not in STOPWORDS and w[0].isalpha()
        )
        if letters[:1] == acr[:1] and is_subsequence(acr, letters) and len(acr) >= 2:
            # the acronym's letters are initials of these words, in order, from the first
            if k == 0 or not is_subsequence(acr, "".join(w[0].lower() for w in words[k - 1 :])):
                return " ".join([*words[:k], m["acr"], m["rest"]])
    return None


PAIR_SKELETON = 3  # consonants of two joined words' skeleton, at least


def word_pairs(name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each two adjacent words of a Latin-script name (organisation words, legal forms and
    numbers left out) as the skeleton of the two joined, with the tokens they stand for
    (a stop word such as the Arabic article ``al`` is in the skeleton but not a token):
    "Kim Chaek University" → (``kmck``, (kim, chaek)); "Khatam al-Anbiya" → (``html``,
    (khatam,)), (``lnby``…). Katakana writes such names as one word."""
    text = fold(name)
    if any(not c.isascii() for c in text if c.isalpha()):
        return ()
    words = [w for w in re.split(r"[^a-z]+", text.replace("'", "")) if w]
    out = []
    for a, b in itertools.pairwise(words):
        if any(is_concept(w) or (len(w) > 2 and w in STOPWORDS) for w in (a, b)):
            continue
        if a in STOPWORDS and b in STOPWORDS:
            continue
        sk = skeleton(a + b)
        if len(sk) >= PAIR_SKELETON and len(a + b) >= 5:
            out.append((sk, tuple(w for w in (a, b) if w not in STOPWORDS)))
    return tuple(out)


_PERSON_INITIALS = re.compile(
    r"(?:\b(?:Dr|Prof|Academician)\.?\s+)?(?<![.\w])(?!U\.\s*[SKN]\.)(?:[A-ZА-ЯЁ]\.\s*){1,3}"
    r"(?=[A-ZА-ЯЁ][a-zа-яё])"
    r"|\b(?:Dr|Prof)\.\s+(?=[A-Z])"
)


def without_initials(name: str) -> str:
    """``name`` without a person's initials and title in front of a surname ("N.A.
    Dollezhal" → "Dollezhal", "Dr. A.Q. Khan" → "Khan")."""
    return re.sub(r"\s+", " ", _PERSON_INITIALS.sub(" ", name)).strip()


_INITIAL = r"(?:[A-ZА-ЯЁ]\.\s*){0,3}"
_MEMORIAL = re.compile(
    r"(?:\bnamed\s+after|(?<!\w)(?:im\.|imeni|им\.|имени))\s+"
    r"(?:(?:academician|akademika|академика|генерала|general)\s+)?" + _INITIAL + r"[A-ZА-ЯЁ][\w-]+",
    re.IGNORECASE,
)
_KANA_MEMORIAL = re.compile(r"[\u30a0-\u30ff]+記念")


def without_memorial(name: str) -> str:
    """``name`` without the person it is named after ("Vympel Design Bureau named after
    I.I. Toropov" → "Vympel Design Bureau"; ドゥホフ記念研究所 → 研究所)."""
    text = _KANA_MEMORIAL.sub("", _MEMORIAL.sub(" ", name))
    return re.sub(r"\s+", " ", text).strip(" ,")


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
_RUSSIA_PREFIXES = ("ros", "rus")


def _split_compounds(k: NameKey) -> NameKey | None:
    """ "Paktech" / "Skytech": a name word glued to an organisation word (``tech``,
    ``chem``, ``eng`` …) is also read as the two words."""
    out: list[str] = []
    for t in k.tokens:
        russian = word_concept(t[3:]) if t[:3] in _RUSSIA_PREFIXES and len(t) >= 7 else None
        if russian and russian != "company" and not is_concept(t):
            # Рос-/Rus- + an organisation word: Russian X (Росэлектроника, Ruselectronics)
            out.extend(("russia", *russian.split()))
        elif len(t) >= 7 and not is_concept(t):
            for cut in range(3, len(t) - 2):
                head, tail = t[:cut], t[cut:]
                if tail in CONCEPTS and CONCEPTS[tail] != "company" and head not in STOPWORDS:
                    out.extend((head, CONCEPTS[tail]))
                    break
            else:
                out.append(t)
        else:
            out.append(t)
    if len(out) == len(k.tokens):
        return None
    return NameKey(tokens=tuple(out), han=k.han, via=k.via)
