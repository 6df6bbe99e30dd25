"""Latin words: organisation words and their abbreviations folded to one concept, legal
forms dropped, acronyms and initials, and a coarse sound key for transliterations."""

from __future__ import annotations

import re
from functools import cache

from desk.screening.folds import LEGAL, fold
from desk.screening.folds.han import EXONYMS, HAN_CONCEPT_WORDS, HAN_WORDS
from desk.screening.folds.vocabulary import bgn, stem_concept, vocabulary

# Latin words → one concept (abbreviations and variants of organisation words).
CONCEPTS: dict[str, str] = {}


def _concept(target: str, *words: str) -> None:
    for w in (target, *words):
        CONCEPTS[w] = target


_concept(
    "university",
    "univ",
    "universty",
    "universiti",
    "universitet",
    "universite",
    "universidad",
    "universita",
    "universitas",
    "unversity",
)
_concept("institute", "inst", "institut", "instituto", "istituto", "institution")
_concept(
    "technology",
    "tech",
    "techn",
    "technologies",
    "technological",
    "technical",
    "technic",
    "technics",
    "tekhnologii",
    "tekhnologiy",
    "tekhnicheskiy",
)
_concept("engineering", "eng", "engg", "engr", "engineers", "engineer")
_concept("academy", "acad", "academia", "akademiya", "academie")
_concept("science", "sci", "sciences", "scientific", "nauk", "nauchno")
_concept("research", "res", "researches", "issledovatelskiy", "issledovatelsky")
_concept("center", "centre", "ctr", "cntr", "centro", "tsentr")
_concept(
    "electronic",
    "elec",
    "electronics",
    "electrical",
    "electric",
    "elektronika",
    "elektroniki",
    "electro",
)
_concept("industry", "ind", "industries", "industrial", "indust")
_concept("international", "intl", "internat", "int")
_concept("national", "natl", "nat")
_concept("aerospace", "astronautics", "astronautical", "spaceflight", "aerospatiale")
_concept("aviation", "aeronautics", "aeronautical", "aviatsionny", "aviatsionnyy")
_concept("mechanics", "mechanical", "machinery", "machine", "machines", "mech")
_concept("optics", "optical", "optic")
_concept("physics", "physical")
_concept("chemical", "chemicals", "chemistry", "chem")
_concept("manufacturing", "manufacture", "manufacturer", "mfg", "manufactory", "mfr")
_concept("medical", "medicine", "med", "medicinal")
_concept("trading", "trade", "traders", "trader")
_concept("materials", "material")
_concept("instrument", "instruments", "instrumentation")
_concept("equipment", "equipments", "equip")
_concept("system", "systems", "sys")
_concept("communication", "communications", "comm", "telecommunication", "telecommunications")
_concept("development", "dev", "develop")
_concept("department", "dept", "dep")
_concept("laboratory", "lab", "labs", "laboratories")
_concept("association", "assn", "assoc")
_concept("manufacturing", "production", "proizvodstvu")
_concept("defense", "defence", "oborony")
_concept("college", "coll")
_concept("polytechnic", "polytechnical", "politechnic", "politekhnicheskiy")
_concept("pharmaceutical", "pharmaceuticals", "pharma", "pharm")
_concept("shipbuilding", "shipyard")
_concept("design", "designing")
_concept("group", "grp", "gruppa")
_concept("brothers", "bros")
_concept("general", "genl", "gen")
_concept("saint", "st")
_concept("mountain", "mt")
_concept(
    "company",
    "co",
    "cos",
    "comp",
    "compagnie",
    "companies",
    "corporation",
    "corp",
    "incorporated",
    "inc",
    "limited",
    "ltd",
    "ltda",
    "llc",
    "llp",
    "lp",
    "plc",
    "pte",
    "pvt",
    "jsc",
    "ojsc",
    "cjsc",
    "pjsc",
    "oao",
    "zao",
    "pao",
    "ooo",
    "ao",
    "fgup",
    "gup",
    "fsue",
    "gmbh",
    "ag",
    "kg",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "fzc",
    "fze",
    "fzco",
    "fzllc",
    "kk",
    "concern",
    "kontsern",
    "ptc",
    "sdn",
    "bhd",
    "tov",
    "pllc",
)

_concept("import", "imp", "imports", "importing")
_concept("export", "exp", "exports", "exporting")
_concept("high", "hi")
CONCEPTS["jv"] = "joint venture"


@cache
def pinyin_concepts() -> dict[str, str]:
    """Pinyin of the Chinese organisation words (``daxue`` → ``university``, ``gongsi`` →
    legal form): names typed in pinyin read like the characters they stand for. Every
    Latin-script name needs it, and importing pypinyin costs a third of a second: kept on
    disk (:func:`desk.screening.disk_cache.cached_table`)."""
    from desk.screening.disk_cache import cached_table

    return cached_table("pinyin-concepts", pinyin_concepts_built, depends_on=("pypinyin",))


def pinyin_concepts_built() -> dict[str, str]:
    from pypinyin import lazy_pinyin

    out: dict[str, str] = {}
    for han, target in (*HAN_WORDS.items(), *vocabulary().han.items(), *EXONYMS.items()):
        py = "".join(lazy_pinyin(han))
        if py != target.replace(" ", "") and py not in CONCEPTS and py.isascii():
            out[py] = "company" if target == LEGAL else target
    return out


# Multi-word legal forms, removed before the single words are looked at.
LEGAL_PHRASES = re.compile(
    r"\b(?:(?:public|open|closed|private)\s+)?joint[\s-]*stock\s+company\b"
    r"|\bpublicly\s+traded\s+company\b"
    r"|\blimited\s+liability\s+(?:company|partnership)\b"
    r"|\bprivate\s+limited\b|\bpublic\s+limited\b|\bpublic\s+company\b"
    r"|\b(?:publichnoe|otkrytoe|zakrytoe|nepublichnoe)?\s*aktsionernoe\s+obshchestvo\b"
    r"|\bobshchestvo\s+s\s+ogranichenn\w+\s+otvetstvennost\w+\b"
    r"|\bfederalnoe\s+gosudarstvennoe\s+unitarnoe\s+predpriyatie\b"
    r"|\bfederal\s+state\s+(?:unitary\s+enterprise|budgetary\s+(?:establishment|institution))\b"
    r"|\bkabushiki\s+kaisha\b|\bsociete\s+anonyme\b|\bsdn\s+bhd\b"
    r"|\bfree\s+zone\s+(?:company|establishment)\b"
)

STOPWORDS = frozenset(
    "of the and for in at on by to de del des da di du la le el al an a et und fur i".split()
)

ACRONYM_IN_PARENS = re.compile(r"\(([^()]*)\)")
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-.]{1,9}$")


DIRECTIONS = frozenset(
    "north south east west northeast northwest southeast southwest northern southern "
    "eastern western northeastern northwestern southeastern southwestern central".split()
)


# Organisation words that say what an institution works on. Two names that differ by one
# of these are most often two institutions (Harbin *Medical* University, Nanjing
# University of *Information* Science and Technology), so the matcher never lets them
# weigh as little as their frequency in the list alone would.
FIELD_WORDS = frozenset(
    "medical information electronic chemical agricultural normal forestry physics "
    "pharmaceutical communication industry aviation aerospace science mechanics materials "
    "optics energy power shipbuilding ordnance military defense polytechnic engineering "
    "nuclear petroleum commerce finance economics agriculture mining metallurgy precision "
    "medicine".split()
)


# The Latin words of the cross-language vocabulary (resources/screening); the table above
# wins where both have a word. Kept apart from CONCEPTS, whose short forms also end glued
# compounds ("Paktech"); these do not.
VOCABULARY_WORDS = {w: c for w, c in vocabulary().latin.items() if w not in CONCEPTS}
_VOCABULARY_CONCEPTS = vocabulary().concept_words


def is_concept(word: str) -> bool:
    """True for organisation words (``university``, ``technology``…), not names."""
    return (
        word in CONCEPTS
        or word in HAN_CONCEPT_WORDS
        or word in VOCABULARY_WORDS
        or word in _VOCABULARY_CONCEPTS
    )


@cache
def word_concept(word: str) -> str | None:
    """The concept of one folded Latin word: an abbreviation or variant (``univ``), a
    vocabulary word (``factory`` → ``plant``), the pinyin of a Chinese organisation word
    (``daxue``) or a transliterated Russian word by its stem (``instituta``,
    ``sudostroitelnaya``); None for a name word."""
    return (
        CONCEPTS.get(word)
        or VOCABULARY_WORDS.get(word)
        or VOCABULARY_WORDS.get(bgn(word))
        or VOCABULARY_WORDS.get(singular(word))
        or pinyin_concepts().get(word)
        or stem_concept(word)
    )


TYPO_MIN = 6  # letters of an organisation word a one-letter typo is looked for in


@cache
def _org_words_by_length() -> dict[int, tuple[tuple[str, str], ...]]:
    by_len: dict[int, list[tuple[str, str]]] = {}
    for table in (CONCEPTS, VOCABULARY_WORDS):
        for w, c in table.items():
            if len(w) >= TYPO_MIN and w.isalpha() and " " not in c:
                by_len.setdefault(len(w), []).append((w, c))
    return {n: tuple(sorted(v)) for n, v in by_len.items()}


@cache
def typo_concept(word: str) -> str | None:
    """The organisation word a name word is one typing slip away from (a letter left out,
    added, replaced, or two swapped; the first letter right): ``scientfic`` → science,
    ``electrlc`` → electronic, ``organisaton`` → organization. None for a known word or
    when no single word is that close. Only a query's extra key: a name word is never
    respelled in the index."""
    if len(word) < TYPO_MIN or not word.isalpha() or word_concept(word) or is_concept(word):
        return None
    found = {
        c
        for n in (len(word) - 1, len(word), len(word) + 1)
        for w, c in _org_words_by_length().get(n, ())
        if w[0] == word[0] and _one_slip(word, w)
    }
    return found.pop() if len(found) == 1 else None


def _one_slip(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one letter left out, added or replaced, or two swapped."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if len(long_) - len(short) != 1:
        return False
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def singular(word: str) -> str:
    """An English plural's singular, for the vocabulary's words (``factories`` →
    ``factory``, ``rockets`` → ``rocket``); other words unchanged. Only a look-up key:
    a name word is never respelled."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def concept(word: str) -> str:
    """The concept a (folded, Latin) word stands for, or the word itself."""
    return CONCEPTS.get(word, word)


SPLIT = re.compile(r"[^0-9a-z@]+")


_R_AND_D = re.compile(r"\br\s*&\s*d\b")


_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_NUMBER_WORDS = frozenset({"no", "nr", "number", "num"})
_ORDINAL_WORDS = {
    w: str(i + 1)
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth".split()
    )
}


def _ordinals(raw: list[str]) -> list[str]:
    """Numbers written as ordinals or with "No." are the number: "28th", "No. 28",
    "No.28", "Number 28" → ``28``; "Seventh" → ``7`` (first to tenth)."""
    out: list[str] = []
    for i, t in enumerate(raw):
        if t in _NUMBER_WORDS and i + 1 < len(raw) and raw[i + 1].isdigit():
            continue
        m = _ORDINAL.match(t)
        out.append(m.group(1) if m else _ORDINAL_WORDS.get(t, t))
    return out


def _merge_initials(raw: list[str]) -> list[str]:
    """Runs of single letters are one abbreviation: "K. N." / "K N" / "KN" → ``kn``,
    "L.L.C." → ``llc``."""
    out: list[str] = []
    run = ""
    for t in [*raw, ""]:
        if len(t) == 1 and t.isalpha():
            run += t
            continue
        if run:
            out.append(run)
            run = ""
        if t:
            out.append(t)
    return out


def latin_tokens(latin: str) -> tuple[str, ...]:
    text = _R_AND_D.sub(" research development ", latin)
    text = text.replace("&", " and ").replace("'", "").replace("’", "").replace("`", "")
    text = LEGAL_PHRASES.sub(" ", text)
    for phrase, target in vocabulary().phrases:  # конструкторское бюро → design bureau
        text = phrase.sub(target, text)
    raw = _ordinals(_merge_initials([t for t in SPLIT.split(text) if t]))
    out: list[str] = []
    for t in raw:
        if t in STOPWORDS:
            continue
        c = word_concept(t) or t
        if c == "company":  # legal form: dropped
            continue
        out.extend(c.split())
    if not out:  # a name made only of generic words: keep them rather than lose it
        out = [CONCEPTS.get(t, t) for t in raw if t not in STOPWORDS] or raw
        out = [t for t in out if t != LEGAL] or raw
    return tuple(t for t in out if t != LEGAL)


_PHONETIC_STEPS = (
    # Russian transliteration systems (GOST 7.79, BGN/PCGN, passport): щ shch/sch/shh,
    # ц ts/cz/c, й y/j/i at the end of a word or before a consonant.
    ("shch", "s"),
    ("shh", "s"),
    ("sch", "s"),
    ("cz", "c"),
    ("ts", "c"),
    ("tch", "c"),
    ("kh", "h"),
    ("ch", "c"),
    ("zh", "c"),
    ("j", "c"),
    ("sh", "s"),
    ("ph", "f"),
    ("gh", "g"),
    ("eo", "o"),
    ("eu", "u"),
    ("oo", "u"),
    ("ou", "u"),
    ("ee", "i"),
    ("y", "i"),
    ("w", "v"),
    ("q", "k"),
    ("g", "k"),
    ("d", "t"),
    ("b", "p"),
    ("z", "s"),
)


_J_AS_I = re.compile(r"(?<=[aeiouy])j(?![aeiouy])")


def phonetic(word: str) -> str:
    """A coarse sound key of a Latin word, for transliteration variants only: voicing,
    the Kh/H, ch/j, y/i, eo/o spellings fold together and doubled letters count once
    (Sukhoi = Sukhoy, Joseon = Choson, Geumgang = Kumgang, Himmed = Khimmed)."""
    word = _J_AS_I.sub("i", word)
    for a, b in _PHONETIC_STEPS:
        word = word.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", word)


def initials(name: str) -> str | None:
    """The initials of a Latin-script name of three or more words, without stop words
    and legal forms ("Iran University of Science and Technology" → ``iust``): the
    acronym such names are usually known by, when the list does not give it."""
    words = initial_words(name)
    return "".join(w[0] for w in words) if words else None


def initial_words(name: str, *, legal: bool = False) -> tuple[str, ...]:
    """The words :func:`initials` takes the letters of (empty when it gives none); with
    ``legal``, a legal form among the words is kept (United Instrument Manufacturing
    *Corporation*: UIMC)."""
    text = ACRONYM_IN_PARENS.sub(" ", fold(name))
    if any(not c.isascii() for c in text if c.isalpha()):
        return ()
    text = text.replace("&", " and ").replace("'", "")
    if not legal:
        text = LEGAL_PHRASES.sub(" ", text)
    words = [w for w in SPLIT.split(text) if w and w not in STOPWORDS and not w.isdigit()]
    if not legal:
        words = [w for w in words if CONCEPTS.get(w) != "company"]
    return tuple(words) if len(words) >= 3 else ()


def is_subsequence(letters: str, word: str) -> bool:
    """True when ``letters`` appear in ``word`` in order (``rb`` in ``arbin``)."""
    rest = iter(word)
    return all(c in rest for c in letters)


def head_syllable_acronym(acronym: str, words: tuple[str, ...], extra: int) -> bool:
    """True when ``acronym`` is the initials of ``words`` with ``extra`` more letters
    taken, in order, from the first word — how Chinese universities abbreviate a place
    name by its syllables: Harbin Engineering University → HRBEU, Nanjing University of
    Science and Technology → NJUST. The first word must be a name, not an organisation
    word (Nanjing University of *Information* … → NUIST is another university)."""
    if len(words) < 3 or len(acronym) != len(words) + extra or is_concept(words[0]):
        return False
    head = words[0]
    return (
        acronym[0] == head[0]
        and acronym[1 + extra :] == "".join(w[0] for w in words[1:])
        and is_subsequence(acronym[1 : 1 + extra], head[1:])
    )


_SKELETON_STEPS = (
    ("kh", "h"),
    ("zh", "z"),  # Russian ж, which katakana writes ジ (ドレジャリ / Dollezhal)
    ("sh", "s"),
    ("ch", "c"),
    ("ts", "t"),
    ("ph", "b"),
    ("gh", "g"),
)
_SKELETON_LETTERS = str.maketrans("rvfwqcxj", "lbbbkkhz", "aeiouy'")


def skeleton(word: str) -> str:
    """A vowel-free consonant key for names read back from katakana, which adds and
    changes vowels and cannot tell l from r, v from b, or kh from h, and drops a final
    h after a vowel (モバーラケ / Mobarakeh → ``mbrk``; ツポレフ
    ``tsuporefu`` / Tupolev → ``tplb``; ベヘシュティー / Beheshti → ``bhst``)."""
    word = _FINAL_H.sub("", word)
    # Nasals: katakana writes the Korean final ng and n alike (ン), and m before b or p
    # (リョンボン ``ryombon`` / Ryonbong → ``lnbn``).
    word = _NASAL.sub("n", word)
    for a, b in _SKELETON_STEPS:
        word = word.replace(a, b)
    word = word.translate(_SKELETON_LETTERS)
    return re.sub(r"(.)\1+", r"\1", word)


# Persian and Arabic names end in a silent h the katakana does not write (Mobarakeh,
# Khajeh, Baqiyatallah: -eh, -ah).
_FINAL_H = re.compile(r"(?<=[aeiou])h$")
_NASAL = re.compile(r"ng(?![aeiouy])|m(?=[bp])")
