"""The cross-language organisation vocabulary (``resources/screening/org-vocabulary.json``):
the words organisations are made of — university, institute, ministry, plant, design
bureau, atomic energy, revolutionary guard … — in English, Japanese, Chinese, Korean and
Russian, each folded to one concept key so that a translated name compares with the
list's name (防衛省 / 국방성 / Ministry of Defence → ``defense ministry``).

The table is data, curated and versioned (its ``version`` field; sources in the folder's
README). Terms are sorted here by script, not by the language they are filed under:
Chinese characters (Japanese kanji, simplified and traditional Chinese) go to the Han
fold, kana to the kana fold, hangul to the hangul fold, Latin words to the Latin fold;
Cyrillic terms are stems, transliterated here the way :mod:`.cyrillic` does
(институт → ``institut``) and matched at the start of a word (института, институтом).
Terms mixing scripts are refused: no fold could see them whole.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from anyascii import anyascii

from desk.resources import resource
from desk.screening.folds import LEGAL, is_han, is_hangul, is_kana

VOCABULARY = ("screening", "org-vocabulary.json")
LANGUAGES = frozenset({"en", "ja", "kana", "zh-hans", "zh-hant", "ko", "ru"})
STEM_MIN = 4  # letters of a Russian stem, at least
STEM_SUFFIX = 9  # letters an inflected or derived word adds to its stem, at most
KANA_MIN = 3  # shorter kana words hide inside other words (ラボ in カラボス)


@dataclass(frozen=True)
class Vocabulary:
    version: str
    han: dict[str, str]  # Chinese-character term (as written) → concept key
    kana: dict[str, str]  # katakana term → concept key
    kana_whole: dict[str, str]  # two-kana terms, read only as a whole word (エア air)
    hangul: dict[str, str]
    latin: dict[str, str]  # folded Latin word → concept key ("company" for legal forms)
    stems: dict[str, str]  # Latin transliteration of a Russian stem → concept key
    # Multi-word terms: Russian (transliterated) and English phrases, longest first
    phrases: tuple[tuple[re.Pattern[str], str], ...]
    concept_words: frozenset[str]  # every word of every concept key


class VocabularyError(ValueError):
    """The table is malformed: the message names the concept and the term."""


def _script(term: str) -> str:
    letters = [c for c in term if c.isalpha()]
    if not letters:
        return "none"
    if all(is_han(c) for c in letters):
        return "han"
    if all(is_kana(c) or c == "ー" for c in term if not c.isspace()):
        return "kana"
    if all(is_hangul(c) for c in letters):
        return "hangul"
    if all("\u0400" <= c <= "\u04ff" for c in letters):
        return "cyrillic"
    if all(c.isascii() for c in letters):
        return "latin"
    return "mixed"


def _latin(term: str) -> str:
    return re.sub(r"[^a-z ]+", "", anyascii(term).lower().replace("-", " ")).strip()


def parse_vocabulary(data: object, source: str = "org-vocabulary.json") -> Vocabulary:
    """Check and sort the table; a bad concept or term raises :class:`VocabularyError`."""
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), dict):
        raise VocabularyError(f"{source}: expected an object with 'version' and 'concepts'")
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise VocabularyError(f"{source}: 'version' missing")
    han: dict[str, str] = {}
    kana: dict[str, str] = {}
    kana_whole: dict[str, str] = {}
    hangul: dict[str, str] = {}
    latin: dict[str, str] = {}
    stems: dict[str, str] = {}
    phrases: list[tuple[re.Pattern[str], str]] = []
    words: set[str] = set()
    for key, terms in data["concepts"].items():
        if not re.fullmatch(r"[a-z]+( [a-z]+)*", key):
            raise VocabularyError(f"{source}: concept {key!r}: key must be lower-case words")
        if not isinstance(terms, dict) or set(terms) - LANGUAGES:
            raise VocabularyError(
                f"{source}: concept {key!r}: languages must be among {sorted(LANGUAGES)}"
            )
        target = LEGAL if key == "legal" else key
        if key != "legal":
            words.update(key.split())
        for lang, listed in terms.items():
            if not isinstance(listed, list) or not all(isinstance(t, str) for t in listed):
                raise VocabularyError(
                    f"{source}: concept {key!r}, {lang}: expected a list of terms"
                )
            for term in listed:
                script = _script(term)
                if script == "han":
                    han[term] = target
                elif script == "kana" and len(term) >= KANA_MIN:
                    kana[term] = target
                elif script == "kana" and len(term) == KANA_MIN - 1:
                    kana_whole[term] = target
                elif script == "hangul" and len(term) >= 2:
                    hangul[term] = target
                elif script == "latin" and " " in _latin(term):
                    # "atomic energy", "named after": a phrase, replaced before the words
                    parts = _latin(term).split()
                    pattern = r"\b" + r"[\s-]+".join(re.escape(p) for p in parts) + r"\b"
                    phrases.append((re.compile(pattern), f" {target} "))
                elif script == "latin":
                    latin[_latin(term)] = "company" if target == LEGAL else target
                elif script == "cyrillic" and (" " in term or "-" in term):
                    parts = _latin(term).split()
                    pattern = r"\b" + r"[\s-]+".join(re.escape(p) + r"\w*" for p in parts)
                    phrases.append((re.compile(pattern), f" {target} "))
                elif script == "cyrillic" and len(_latin(term)) >= STEM_MIN:
                    stems[_latin(term)] = target
                else:
                    raise VocabularyError(
                        f"{source}: concept {key!r}, {lang}: term {term!r} is too short or "
                        f"mixes scripts ({script})"
                    )
    return Vocabulary(
        version=version,
        han=han,
        kana=kana,
        kana_whole=kana_whole,
        hangul=hangul,
        latin=latin,
        stems=stems,
        phrases=tuple(sorted(phrases, key=lambda p: -len(p[0].pattern))),
        concept_words=frozenset(words),
    )


@cache
def vocabulary() -> Vocabulary:
    path = resource(*VOCABULARY)
    return parse_vocabulary(json.loads(path.read_text("utf-8")), str(path))


_GOST = (("shh", "shch"), ("cz", "ts"), ("ju", "yu"), ("ja", "ya"), ("jo", "yo"), ("je", "ye"))
_FINAL_J = re.compile(r"(?<=[aeiouy])j\b")


def bgn(word: str) -> str:
    """A Russian word transliterated by GOST 7.79 or the passport rule, respelled the
    BGN/PCGN way the lists and this table use (``bjuro`` → ``byuro``, ``tekhnicheskij``
    → ``tekhnicheskiy``, ``czentr`` → ``tsentr``)."""
    for a, b in _GOST:
        word = word.replace(a, b)
    return _FINAL_J.sub("y", word)


def stem_concept(word: str) -> str | None:
    """The concept of a transliterated Russian word by its stem (``instituta`` →
    ``institute``, ``sudostroitelnaya`` → ``shipbuilding``), or None."""
    stems = vocabulary().stems
    return _stem_concept(word, stems) or _stem_concept(bgn(word), stems)


def _stem_concept(word: str, stems: dict[str, str]) -> str | None:
    for end in range(len(word), STEM_MIN - 1, -1):
        found = stems.get(word[:end])
        if found is not None:
            return found if len(word) - end <= STEM_SUFFIX else None
    return None
