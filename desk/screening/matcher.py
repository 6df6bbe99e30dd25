"""Name matching across scripts, spellings and word orders.

One piece (about 620 lines) on purpose: the index built in ``Matcher.__init__`` and the
scoring that reads it share one set of postings, weights and vocabulary buckets; split,
each half would reach into the other's internals. The keys it compares come from
:mod:`desk.screening.normalize` and the per-script folds in :mod:`desk.screening.folds`.

``Matcher(lists)`` builds an index once; ``screen(name, country)`` returns scored hits.

How a score is made (0–1, bands from :func:`desk.screening.model.band_for`):

1. Both the query and every listed name (name, local names, aliases, acronyms) become
   keys (:mod:`desk.screening.normalize`): Latin-space tokens and, for Chinese
   characters, a simplified-character string.
2. Token keys are compared by a weighted soft alignment: each token weighs its inverse
   document frequency over the listed entries (``university`` weighs little, ``harbin``
   much); query tokens pair with listed tokens that are equal, similar (edit similarity
   ≥ 0.8 for words of five letters or more: typos, transliteration variants) or that
   form a compound split differently (``space flight`` / ``spaceflight``). The score is
   the weighted Dice coefficient of the pairing, lowered when *both* sides keep
   unmatched words (a different word in the same slot — ``Medical`` where the list says
   ``Technology`` — is stronger evidence of another entity than a word simply left out).
3. Character keys are compared the same way with characters as the units.
4. An acronym query (``CALT``) matches a listed acronym exactly.
5. Country is a soft signal: a different country lowers the score a little.
6. Field words (``medical``, ``electronic``, ``information`` …) missing on one side
   weigh more than their frequency says: they tell two institutions apart.
7. Similar tokens also include spellings with one phonetic form (Sukhoi / Sukhoy,
   Joseon / Choson) and derived words with one long stem (metallurgy / metallurgical);
   a fuzzy match whose first letters differ counts a little less.
8. Hangul queries are compared, syllable by syllable, with the Korean reading of the
   listed Chinese characters (김일성종합대학 / 金日成総合大学).

Candidates come from an inverted index on tokens, on similar tokens of the vocabulary
(rapidfuzz over the vocabulary, cached per token) and on character bigrams, so a query
touches only the few listed names that share something distinctive with it.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from desk.screening.model import Hit, ScreeningList, band_for
from desk.screening.normalize import (
    FIELD_WORDS,
    NameKey,
    concept,
    head_syllable_acronym,
    initial_words,
    is_concept,
    is_known_word,
    name_keys,
    phonetic,
    reading_keys,
    skeleton,
    warm_up,
    word_pairs,
)
from desk.screening.variants import (
    affiliation_parts,
    is_han_country,
    is_han_place,
    is_place,
    listed_parts,
    ocr_keys,
    pinyin_key,
    typo_key,
    unit_cuts,
    without_country,
)

FLOOR = 0.50  # hits below this are not reported at all
COUNTRY_MISMATCH = 0.96  # factor when the query's country differs from the entry's
SUBSTITUTION = 1.6  # how hard a word-for-word substitution weighs (see module doc)
DERIVED_ACRONYM = 0.8  # a 4+ letter query equal to a listed name's initials
SYLLABLE_ACRONYM = 0.75  # … with one or two more letters of its first word (HRBEU)
SHORT_NAME = 0.75  # floor for a one-word query that is a rare word of a listed name
SHORT_NAME_LEN = 5  # letters of that word at least, when organisation words come with it
SHORT_NAME_SCRIPTS = ("kana", "translit")  # … and read from these (see _short_name)
ENTRY_LOSS = 2.0  # weight of listed words missing from the query (see _dice)
FIELD_LOSS = 3.0  # … and of listed field words missing from it (see normalize.FIELD_WORDS)
_MIN_FUZZY_LEN = 5
_MIN_PHONETIC_LEN = 2
_PHONETIC_CUTOFF = 85.0
_STEM = 7  # letters a word and a derived word share at least
STEM = 0.85  # similarity of two words with one long stem (metallurgy / metallurgical)
FIELD_WEIGHT = 4.5  # least weight of a field word (see normalize.FIELD_WORDS)
OTHER_HEAD = 0.9  # factor on the similarity of two spellings with different first letters
PHONETIC = 0.9  # similarity of two spellings with the same phonetic form
_FUZZY_CUTOFF = 80.0
# Bump when the index's attributes change meaning (desk.screening.index_cache keys on it).
# 2: issue 11 (vocabulary concepts in the keys, skeleton buckets, entries with characters).
# 4: the words of each listed name's initials (syllable acronyms), acronyms' skeletons.
# 5: parts of listed names written as a list (kind "part"), skeletons of word pairs.
INDEX_FORMAT = 5
SKELETON = 0.85  # similarity of a katakana reading and a listed word with one skeleton
_MIN_SKELETON_LEN = 4
_PAIR_LEN = 5  # letters of a katakana reading compared with two joined listed words
_PAIR_VARIANTS = 3  # spellings of a listed pair tried, at most (khatam / khatem al …)
_SPOKEN_ACRONYM = 5  # letters of a listed acronym compared with a katakana word, at least
SCITECH = "scitech"  # 科技 (org-vocabulary.json)
SCITECH_LATIN = ("science", "technology")
LIGONG = "ligong"  # 理工 (org-vocabulary.json): also translated "science and technology"
SPECIALISED = 0.65  # most a field-less listed university gets against a query with a field
PART = 0.97  # factor on a hit found in a part of the query (a department's institution)
PLACE_PREFIX = 0.65  # most a listed name gets when the query puts a place in front of it
GENERIC_ELSEWHERE = 0.65  # most a hit in another country on generic words alone gets
GENERIC_SHARE = 0.05  # a token in this share of the entries is generic …
GENERIC_MIN_ENTRIES = 3  # … and in this many at least (a small list has no common words)
WHOLE_NAME = 0.99 * COUNTRY_MISMATCH  # characters this close spell the whole listed name


@dataclass(frozen=True)
class _Record:
    list_index: int
    entry_index: int
    name: str
    kind: str  # name | local | alias
    key: NameKey


@dataclass
class _Alignment:
    score: float
    pairs: list[tuple[str, str, float]]


class Matcher:
    def __init__(self, lists: Sequence[ScreeningList], *, warm: bool = True):
        """Index ``lists``. ``warm`` loads the transliteration tables now (half a second)
        rather than on the first Japanese or Chinese query, which should answer at once."""
        self.lists = tuple(lists)
        self._records: list[_Record] = []
        self._by_token: dict[str, list[int]] = defaultdict(list)
        self._by_bigram: dict[str, list[int]] = defaultdict(list)
        self._by_acronym: dict[str, list[int]] = defaultdict(list)
        self._by_initials: dict[str, list[int]] = defaultdict(list)  # first key of the name
        self._initial_words: dict[int, tuple[str, ...]] = {}  # … and the words it is from
        self._by_spoken: dict[str, list[int]] = defaultdict(list)  # acronyms' skeletons
        # Two adjacent words of a Latin listed name by the skeleton of the two joined:
        # katakana writes a two-word name as one word (キムチェク Kim Chaek, アルカイダ
        # al-Qaida, イルソン Il Sung). Value: the listed tokens the two words are.
        self._by_pair_skeleton: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        token_df: dict[str, set[tuple[int, int]]] = defaultdict(set)
        char_df: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for li, lst in enumerate(self.lists):
            for ei, entry in enumerate(lst.entries):
                named = [(entry.name, "name")]
                named += [(n, "local") for n in entry.local_names]
                named += [(n, "alias") for n in entry.aliases]
                named += [(p, "part") for n, _ in list(named) for p in listed_parts(n)]
                for text, kind in named:
                    spelled = (
                        {initial_words(text), initial_words(text, legal=True)}
                        if kind != "local"
                        else set()
                    )
                    for words in sorted((w for w in spelled if w), key=len):
                        ini = "".join(w[0] for w in words)
                        self._by_initials[ini].append(len(self._records))
                        # the words without legal forms, for syllable acronyms
                        self._initial_words.setdefault(len(self._records), words)
                    for sk, words in word_pairs(text):
                        self._by_pair_skeleton[sk].add(words)
                    keys = name_keys(text) + reading_keys(text)
                    if kind != "name" and _names_nothing(keys):
                        # A local name or alias that is one generic word — a country
                        # ("朝鮮", "中國" in a list's local-name column) — names nothing.
                        continue
                    for key in keys:
                        rid = len(self._records)
                        self._records.append(_Record(li, ei, text, kind, key))
                        if key.acronym:
                            self._by_acronym[key.acronym].append(rid)
                            if len(key.acronym) >= _SPOKEN_ACRONYM and key.acronym.isalpha():
                                # SUPARCO, NORINCO: acronyms said as words, and so
                                # written in katakana (スパルコ).
                                self._by_spoken[skeleton(key.acronym)].append(rid)
                            continue
                        for t in set(key.tokens):
                            self._by_token[t].append(rid)
                            token_df[t].add((li, ei))
                        for b in _bigrams(key.han):
                            self._by_bigram[b].append(rid)
                        for c in set(key.han):
                            char_df[c].add((li, ei))
        self._has_han = frozenset((r.list_index, r.entry_index) for r in self._records if r.key.han)
        self._entries = max(1, sum(len(lst.entries) for lst in self.lists))
        self._token_weight = {t: self._idf(len(s)) for t, s in token_df.items()}
        self._token_df = {t: len(s) for t, s in token_df.items()}
        self._char_weight = {c: self._idf(len(s)) for c, s in char_df.items()}
        self._unknown = self._idf(1)
        self._vocab_set = frozenset(self._by_token)
        # Fuzzy look-ups compare a word with the vocabulary words that share its first
        # letter or its last two: typos and transliterations rarely change both.
        # Each bucket is kept by word length: a ratio of 80 or more needs the shorter word
        # to be at least 2/3 of the longer, so only those lengths are compared (exact).
        self._by_head: dict[tuple[str, int], list[str]] = defaultdict(list)
        self._by_tail: dict[tuple[str, int], list[str]] = defaultdict(list)
        for t in self._by_token:
            if len(t) >= _MIN_FUZZY_LEN - 1:
                self._by_head[t[0], len(t)].append(t)
                self._by_tail[t[-2:], len(t)].append(t)
        # Transliteration variants that spell one sound differently (Kh/H, -iy/-y, RR/MR
        # Korean: joseon/choson, geumgang/kumgang) share a phonetic form.
        self._by_phonetic: dict[str, list[str]] = defaultdict(list)
        for t in self._by_token:
            if len(t) >= _MIN_PHONETIC_LEN and not is_known_word(t):
                self._by_phonetic[phonetic(t)].append(t)
        self._by_stem: dict[str, list[str]] = defaultdict(list)
        for t in self._by_token:
            if len(t) >= _STEM:
                self._by_stem[t[:_STEM]].append(t)
        # Names read back from katakana: vowel-free consonant skeletons (see skeleton()).
        self._by_skeleton: dict[str, list[str]] = defaultdict(list)
        for t in self._by_token:
            if len(t) >= _MIN_SKELETON_LEN and not is_known_word(t):
                sk = skeleton(t)
                if len(sk) >= _MIN_SKELETON_LEN - 1:
                    self._by_skeleton[sk].append(t)
        self._phonetic_by_head: dict[tuple[str, int], list[str]] = defaultdict(list)
        for ph in self._by_phonetic:
            if len(ph) >= _MIN_FUZZY_LEN - 1:
                self._phonetic_by_head[ph[:2], len(ph)].append(ph)
        self._common = max(50, self._entries // 20)  # a token this frequent does not block
        # the same for character pairs, among the names written in characters
        han_records = sum(1 for r in self._records if r.key.han)
        self._common_han = max(50, han_records // 20)
        w, cw, unknown = self._token_weight, self._char_weight, self._unknown
        self._rec_total = [sum(w.get(t, unknown) for t in r.key.tokens) for r in self._records]
        self._rec_chars = [Counter(r.key.han) for r in self._records]
        # character → (record, how often the record's characters have it)
        self._by_char: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for rid, chars in enumerate(self._rec_chars):
            for c, k in chars.items():
                self._by_char[c].append((rid, k))
        self._rec_han_total = [sum(cw.get(c, unknown) for c in r.key.han) for r in self._records]
        self._similar = lru_cache(maxsize=200_000)(self._similar_uncached)
        if warm:
            warm_up()

    # -- the index on disk (desk.screening.index_cache) -----------------------------------

    def index_state(self) -> dict[str, Any]:
        """The built index without the lists and the per-process caches, for pickling."""
        state = {k: v for k, v in self.__dict__.items() if k not in ("lists", "_similar")}
        state["_format"] = INDEX_FORMAT
        state["_shape"] = tuple(len(lst.entries) for lst in self.lists)
        return state

    @classmethod
    def from_index(cls, lists: Sequence[ScreeningList], state: dict[str, Any]) -> Matcher:
        """A matcher over ``lists`` from :meth:`index_state` of a matcher over the same lists."""
        lists = tuple(lists)
        if state.get("_format") != INDEX_FORMAT or state.get("_shape") != tuple(
            len(lst.entries) for lst in lists
        ):
            raise ValueError("the index was built for other lists or by another desk")
        self = cls.__new__(cls)
        self.__dict__.update({k: v for k, v in state.items() if k not in ("_format", "_shape")})
        self.lists = lists
        self._similar = lru_cache(maxsize=200_000)(self._similar_uncached)
        return self

    def warm_up(self) -> None:
        """Load the transliteration tables now rather than on the first query that needs them."""
        warm_up()

    def _idf(self, df: int) -> float:
        return math.log(1.0 + self._entries / df)

    # -- public ---------------------------------------------------------------------

    def screen(
        self,
        name: str,
        country: str | None = None,
        *,
        floor: float = FLOOR,
        limit: int | None = 10,
    ) -> list[Hit]:
        """Hits for ``name`` with a score ≥ ``floor``, best first (at most ``limit``)."""
        best: dict[tuple[int, int], tuple[float, dict[str, Any]]] = {}
        prefixed: set[tuple[int, int]] = set()
        country = (country or "").strip().upper() or None
        keys = _query_keys(name)
        # What a comparison by characters shares is read in words: the name's own reading
        # (국방대학교 → defense university), for the country rule below.
        read = next((k.tokens for k, part in keys if part is None and k.tokens), ())
        for qkey, part in keys:
            for rid, score, evidence in self._score_key(qkey, floor):
                rec = self._records[rid]
                entry = self.lists[rec.list_index].entries[rec.entry_index]
                if part is not None:
                    # A listed organisation inside a longer affiliation string.
                    score *= PART
                    evidence["part"] = part
                if rec.kind == "part":
                    # One part of a listed name written as a list (its centre, its branch).
                    score *= PART
                if country and entry.country and entry.country != country:
                    score *= COUNTRY_MISMATCH
                    evidence["country"] = f"{country} ≠ {entry.country}"
                    # Characters that spell the whole listed name are the name, however
                    # generic its words: the country only lowers them (西北工業大學).
                    whole = evidence.get("key") == "han" and score >= WHOLE_NAME
                    if (
                        self._generic(evidence, () if whole else qkey.tokens or read)
                        or _left_over(evidence)
                    ) or (evidence.get("key") in ("acronym", "initials", "kana/acronym")):
                        # Another country, and nothing shared but organisation words
                        # and common words — or only an acronym, a few letters another
                        # country's institution is as likely to go by: weak at most.
                        score = min(score, GENERIC_ELSEWHERE)
                        evidence["generic"] = True
                elif country and entry.country:
                    evidence["country"] = f"{country} = {entry.country}"
                if score < floor:
                    continue
                at = (rec.list_index, rec.entry_index)
                if "place_prefix" in evidence:
                    prefixed.add(at)
                if at not in best or score > best[at][0]:
                    evidence = {
                        "matched_name": rec.name,
                        "name_kind": rec.kind,
                        **evidence,
                    }
                    best[at] = (score, evidence)
        for at in prefixed:
            # The characters spell a name in front of the listed university's whole
            # name: another university, however its reading compares.
            score, evidence = best[at]
            if score > PLACE_PREFIX:
                best[at] = (PLACE_PREFIX, {**evidence, "place_prefix": True})
        hits = []
        for (li, ei), (score, evidence) in best.items():
            lst = self.lists[li]
            entry = lst.entries[ei]
            score = min(1.0, round(score, 4))
            hits.append(
                Hit(
                    list_id=lst.id,
                    list_version=lst.version,
                    entry=entry.no,
                    entry_name=entry.name,
                    entry_country=entry.country,
                    categories=entry.categories if lst.has_categories else (),
                    score=score,
                    band=band_for(score),
                    query=name,
                    evidence=evidence,
                    program=entry.program,
                )
            )
        hits.sort(key=lambda h: (-h.score, h.list_id, h.entry))
        return hits[:limit] if limit is not None else hits

    def _generic(self, evidence: dict[str, Any], read: tuple[str, ...] = ()) -> bool:
        """True when a token hit pairs only organisation words, directions, places and
        common words (in ``GENERIC_SHARE`` of the entries, ``GENERIC_MIN_ENTRIES`` at
        least); for initials, the query's words; for characters, the words the query's
        characters read as (``read``)."""
        words = [b for _, b, _ in evidence.get("tokens", ())] or evidence.get("words", [])
        if not words and evidence.get("key") == "han":
            words = list(read)
        if not words:
            return False
        common = max(GENERIC_MIN_ENTRIES, GENERIC_SHARE * self._entries)
        return all(is_known_word(b) or self._token_df.get(b, 0) >= common for b in words)

    def screen_many(
        self, names: Iterable[tuple[str, str | None]], **kwargs: Any
    ) -> list[list[Hit]]:
        return [self.screen(n, c, **kwargs) for n, c in names]

    # -- scoring --------------------------------------------------------------------

    def _score_key(self, q: NameKey, floor: float) -> list[tuple[int, float, dict[str, Any]]]:
        out: list[tuple[int, float, dict[str, Any]]] = []
        # Characters first: on a tie the more exact evidence is the one kept.
        if q.han:
            out.extend(self._score_han(q, floor))
        if q.acronym:
            for rid in self._by_acronym.get(q.acronym, ()):
                # An acronym of the entry's own name outranks one inside an alias (an
                # alias often names a subsidiary and ends with the parent's acronym).
                own = self._records[rid].kind == "name"
                score = (0.95 if len(q.acronym) >= 4 else 0.85) - (0.0 if own else 0.03)
                out.append((rid, score, {"key": "acronym", "query_key": q.acronym}))
            for rid in self._by_initials.get(q.acronym, ()):
                # Initials the list does not give: a hint for review, never a match; three
                # letters coincide too often to raise anything.
                score = DERIVED_ACRONYM if len(q.acronym) >= 4 else 0.6
                out.append((rid, score, {"key": "initials", "query_key": q.acronym}))
            out.extend(self._syllable_acronym(q.acronym))
        if q.via == "kana" and len(q.tokens) == 1:
            spoken = skeleton(q.tokens[0])
            # four consonants at least: three coincide too often (スパーク spark / SAPCO)
            for rid in self._by_spoken.get(spoken, ()) if len(spoken) >= 4 else ():
                evidence: dict[str, Any] = {"key": "kana/acronym", "query_key": q.tokens[0]}
                out.append((rid, SKELETON, evidence))
        if q.tokens:
            out.extend(self._score_tokens(q, floor))
            ini = "".join(t[0] for t in q.tokens) if len(q.tokens) >= 3 else ""
            for rid in self._by_acronym.get(ini, ()) if len(ini) >= 4 and q.via == "latin" else ():
                # The other way round: a spelled-out query against a listed acronym.
                evidence = {"key": "initials", "query_key": ini, "words": list(q.tokens)}
                out.append((rid, DERIVED_ACRONYM, evidence))
        return out

    def _syllable_acronym(self, acronym: str) -> list[tuple[int, float, dict[str, Any]]]:
        """A 4+ letter acronym that spells the first word of a listed name by one or two
        more letters (HRBEU, NJUST, NWPU): :func:`head_syllable_acronym`; review band."""
        out: list[tuple[int, float, dict[str, Any]]] = []
        if len(acronym) < 4:
            return out
        for extra in (1, 2):
            short = acronym[0] + acronym[1 + extra :]
            if len(short) < 3:
                continue
            for rid in self._by_initials.get(short, ()):
                words = self._initial_words[rid]
                if head_syllable_acronym(acronym, words, extra):
                    evidence = {"key": "initials", "query_key": acronym, "words": list(words)}
                    out.append((rid, SYLLABLE_ACRONYM, evidence))
        return out

    def _similar_uncached(self, token: str) -> tuple[tuple[str, float], ...]:
        found: dict[str, float] = {}
        if token in self._vocab_set:
            found[token] = 1.0
        if len(token) >= _MIN_FUZZY_LEN:
            known = is_known_word(token)
            lengths = _lengths(len(token), _FUZZY_CUTOFF)
            pool: list[str] = []
            for n in lengths:  # as before the length split: a word in both buckets twice
                pool += self._by_head.get((token[0], n), ())
            for n in lengths:
                pool += self._by_tail.get((token[-2:], n), ())
            for cand, sc, _ in process.extract(
                token, pool, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=16
            ):
                # A dictionary word is not a typo of another one (northeast ≠ northwest).
                if not (known and is_known_word(cand)):
                    # People rarely mistype the first letter: a word that differs there
                    # (Panda / Landa, Huazhong / Dazhong) is more likely another word.
                    head = 1.0 if cand[0] == token[0] else OTHER_HEAD
                    found.setdefault(cand, head * sc / 100.0)
        if len(token) >= _MIN_PHONETIC_LEN and not is_known_word(token):
            ph = phonetic(token)
            for cand in self._by_phonetic.get(ph, ()):
                if found.get(cand, 0.0) < PHONETIC:
                    found[cand] = PHONETIC
            if len(token) >= _MIN_FUZZY_LEN:
                # Close in sound and in spelling (harpin / haerbin, metallurgical /
                # metallurgy): a transliteration or derivation rather than a typo.
                pool = []
                for n in _lengths(len(ph), _PHONETIC_CUTOFF):
                    pool += self._phonetic_by_head.get((ph[:2], n), ())
                for cand_ph, sc, _ in process.extract(
                    ph, pool, scorer=fuzz.ratio, score_cutoff=_PHONETIC_CUTOFF, limit=8
                ):
                    for cand in self._by_phonetic[cand_ph]:
                        s = min(PHONETIC, sc / 100.0) * 0.95
                        if found.get(cand, 0.0) < s:
                            found[cand] = s
            for cand in self._by_stem.get(token[:_STEM], ()):
                stem = _common_prefix(token, cand)
                if stem >= 0.8 * min(len(token), len(cand)):
                    found.setdefault(cand, STEM)
        return tuple(found.items())

    def _short_name(
        self, tokens: tuple[str, ...], sims: dict[str, dict[str, float]], via: str
    ) -> tuple[str, frozenset[str]] | None:
        """A query that is one rare, coined word of the list (``Omsktransmash`` in "JSC
        Omsk Transport Machine Factory Omsktransmash") is worth a review even though it
        covers little of the listed name — alone, or with organisation words the listed
        name has too (ヴィンペル設計局 "Vimpel design bureau" against "Vympel State
        Engineering Design Bureau …"). With organisation words only when the name word
        was read from another script (katakana, Cyrillic): in Latin letters a rare word
        plus "University" is as often another institution (Harbin University). Gives the
        listed word and the organisation words a listed name must contain."""
        names = [t for t in tokens if not is_known_word(t)]
        if len(names) != 1:
            return None
        t = names[0]
        others = frozenset(tokens) - {t}
        if others and (
            via not in SHORT_NAME_SCRIPTS
            or len(t) < SHORT_NAME_LEN
            or not all(is_concept(o) for o in others)
        ):
            return None
        if t not in self._vocab_set:
            # A transliteration variant of the coined word (Sukhoj / Sukhoi; a katakana
            # reading with the same skeleton).
            least = PHONETIC if not others else SKELETON
            close = [c for c, sc in sims.get(t, {}).items() if sc >= least]
            if not others:
                close = [c for c, sc in self._similar(t) if sc >= PHONETIC]
            t = close[0] if len(close) == 1 else t
        posting = self._by_token.get(t)
        if (len(t) < 6 and not others) or is_concept(t) or posting is None:
            return None
        entries = {(self._records[r].list_index, self._records[r].entry_index) for r in posting}
        return (t, others) if len(entries) <= 2 else None

    def _skeleton_similar(self, token: str) -> list[str]:
        if len(token) < _MIN_SKELETON_LEN or is_known_word(token):
            return []
        return self._by_skeleton.get(skeleton(token), [])

    def _loose_variants(self, q: NameKey) -> list[tuple[tuple[str, ...], bool]]:
        """The query's token variants, each flagged when it may only meet listed names
        written in Latin: 科技 (``scitech``), 理工 (``ligong``) and 科学技术 are three words
        when both sides are Chinese, but the English "Science and Technology" stands for
        any of them — and an English query's "Science and Technology" is not read as
        理工 in a listed Chinese name (北京科技大学 is not 北京理工大学)."""
        out = [(v, False) for v in self._query_variants(q.tokens)]
        if q.via == "kana":
            for joined in self._split_pairs(q.tokens):
                out += [(v, False) for v in self._query_variants(joined)]
        if SCITECH in q.tokens or LIGONG in q.tokens:
            loose = tuple(
                w for t in q.tokens for w in (SCITECH_LATIN if t in (SCITECH, LIGONG) else (t,))
            )
            out += [(v, True) for v in self._query_variants(loose)]
        return out

    def _split_pairs(self, tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
        """A katakana reading's words that are two listed words joined (listed word pairs
        with that skeleton, see ``word_pairs``) replaced by them: one variant per pair
        (``_PAIR_VARIANTS`` at most); [] when no word is."""
        variants: list[tuple[str, ...]] = [()]
        changed = False
        for t in tokens:
            pairs = (
                sorted(self._by_pair_skeleton.get(skeleton(t), ()))
                if len(t) >= _PAIR_LEN and t not in self._vocab_set and not is_known_word(t)
                else []
            )
            if pairs and len(pairs) <= _PAIR_VARIANTS:
                changed = True
                variants = [(*v, *p) for v in variants for p in pairs][:_PAIR_VARIANTS]
            else:
                variants = [(*v, t) for v in variants]
        return variants if changed else []

    def _query_variants(self, tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The tokens, and the tokens with compounds joined or split the list's way."""
        variants = [tokens]
        joined: list[str] = []
        i = 0
        changed = False
        while i < len(tokens):
            pair = concept(tokens[i] + tokens[i + 1]) if i + 1 < len(tokens) else ""
            if pair in self._vocab_set:
                joined.append(pair)
                i += 2
                changed = True
            else:
                joined.append(tokens[i])
                i += 1
        if changed:
            variants.append(tuple(joined))
        split: list[str] = []
        changed = False
        for t in tokens:
            if len(t) >= 8 and t not in self._vocab_set:
                for cut in range(3, len(t) - 2):
                    a, b = t[:cut], t[cut:]
                    if a in self._vocab_set and b in self._vocab_set:
                        split.extend((a, b))
                        changed = True
                        break
                else:
                    split.append(t)
            else:
                split.append(t)
        if changed:
            variants.append(tuple(split))
        return variants

    def _score_tokens(self, q: NameKey, floor: float) -> list[tuple[int, float, dict[str, Any]]]:
        best: dict[int, tuple[float, dict[str, Any]]] = {}
        w, unknown = self._token_weight, self._unknown
        for tokens, latin_only in self._loose_variants(q):
            sims = {t: dict(self._similar(t)) for t in set(tokens)}
            if q.via == "kana":
                for t in set(tokens):
                    for cand in self._skeleton_similar(t):
                        if sims[t].get(cand, 0.0) < SKELETON:
                            sims[t][cand] = SKELETON
            short_name = self._short_name(tokens, sims, q.via)
            total_q = sum(w.get(t, unknown) for t in tokens)
            # Candidates come from distinctive (not too common) query tokens; each gets an
            # upper bound of its score (every possible pair matched, nothing lost), and
            # only those whose bound reaches the floor are aligned.
            counts = Counter(tokens)
            rare = [t for t in counts if len(self._by_token.get(t, ())) <= self._common]
            common = [t for t in counts if t not in rare]
            blocking = rare or common
            # ``reach_e`` bounds the listed side's matched weight alone: the listed words
            # a candidate cannot match are lost, and lost listed words weigh ENTRY_LOSS
            # times (see _dice), which makes the bound tighter for long listed names.
            reach: dict[int, float] = defaultdict(float)
            reach_e: dict[int, float] = defaultdict(float)
            optimistic = optimistic_e = 0.0
            for t in counts:
                wt = w.get(t, unknown)
                if t not in blocking:
                    optimistic += counts[t] * max(
                        (sc * (wt + w[v]) for v, sc in sims[t].items()), default=0.0
                    )
                    optimistic_e += counts[t] * max(
                        (sc * w[v] for v, sc in sims[t].items()), default=0.0
                    )
                    continue
                per: dict[int, float] = {}
                per_e: dict[int, float] = {}
                for v, sc in sims[t].items():
                    c = sc * (wt + w[v])
                    ce = sc * w[v]
                    for rid in self._by_token[v]:
                        if per.get(rid, 0.0) < c:
                            per[rid] = c
                        if per_e.get(rid, 0.0) < ce:
                            per_e[rid] = ce
                n = counts[t]
                for rid, c in per.items():
                    reach[rid] += n * c
                    reach_e[rid] += n * per_e[rid]
            rec_total = self._rec_total
            for rid, r in reach.items():
                rec = self._records[rid]
                if latin_only and (
                    rec.key.via not in ("latin", "translit")
                    or (rec.list_index, rec.entry_index) in self._has_han
                ):
                    # 科技 read as "science and technology" only meets entries the list
                    # gives in Latin alone: where it gives characters, they decide.
                    continue
                keep_short = short_name is not None and (
                    short_name[0] in rec.key.tokens and short_name[1] <= set(rec.key.tokens)
                )
                t_e = rec_total[rid]
                lost_e = max(0.0, t_e - reach_e[rid] - optimistic_e)
                bound = (ENTRY_LOSS - 1.0) * lost_e + total_q + t_e
                if not keep_short and (r + optimistic) < floor * bound:
                    continue
                al = self._align(tokens, rec.key.tokens, sims)
                if al.score <= 0:
                    continue
                if keep_short and al.score < SHORT_NAME:
                    al = _Alignment(SHORT_NAME, al.pairs)
                place = _place_before(tokens, al.pairs)
                if place and al.score > PLACE_PREFIX:
                    # "Xi'an" + a listed university's name: another university.
                    al = _Alignment(PLACE_PREFIX, al.pairs)
                if rid not in best or al.score > best[rid][0]:
                    best[rid] = (
                        al.score,
                        {
                            "key": q.via if q.via == rec.key.via else f"{q.via}/{rec.key.via}",
                            "query_key": " ".join(tokens),
                            "name_key": " ".join(rec.key.tokens),
                            "tokens": [[a, b, round(s, 3)] for a, b, s in al.pairs],
                        },
                    )
        return [(rid, s, ev) for rid, (s, ev) in best.items()]

    def _align(
        self,
        q: tuple[str, ...],
        e: tuple[str, ...],
        sims: dict[str, dict[str, float]],
    ) -> _Alignment:
        w = self._token_weight
        unknown = self._unknown
        wq = [w.get(t, unknown) for t in q]
        we = [w.get(t, unknown) for t in e]
        cands = []
        for i, t in enumerate(q):
            st = sims.get(t, {})
            for j, u in enumerate(e):
                s = st.get(u, 0.0)
                if s > 0:
                    cands.append((s * (wq[i] + we[j]), s, i, j))
        if not cands:
            return _Alignment(0.0, [])
        cands.sort(reverse=True)
        used_q: set[int] = set()
        used_e: set[int] = set()
        matched_q = matched_e = 0.0
        pairs = []
        for _, s, i, j in cands:
            if i in used_q or j in used_e:
                continue
            used_q.add(i)
            used_e.add(j)
            matched_q += s * wq[i]
            matched_e += s * we[j]
            pairs.append((q[i], e[j], s))
        total_q, total_e = sum(wq), sum(we)
        lost_q = sum(wq[i] for i in range(len(q)) if i not in used_q)
        lost_e = sum(we[j] for j in range(len(e)) if j not in used_e)
        # A field word only the query has (Tehran *Medical* University against University
        # of Tehran) names a more specific institution: it weighs like a missing word.
        # A field word missing on either side weighs at least FIELD_WEIGHT, however common
        # it is, and as much as FIELD_LOSS times that when the listed name has it.
        field_penalty = sum(
            (FIELD_LOSS if _qualifies_field(q, i, used_q) else ENTRY_LOSS)
            * max(wq[i], FIELD_WEIGHT)
            - wq[i]
            for i in range(len(q))
            if i not in used_q and q[i] in FIELD_WORDS
        ) + sum(
            FIELD_LOSS * max(we[j], FIELD_WEIGHT) - ENTRY_LOSS * we[j]
            for j in range(len(e))
            if j not in used_e and e[j] in FIELD_WORDS
        )
        score = _dice(matched_q, matched_e, total_q, total_e, lost_q, lost_e, field_penalty)
        if (
            "university" in e
            and not any(u in FIELD_WORDS for u in e)
            and any(q[i] in FIELD_WORDS for i in range(len(q)) if i not in used_q)
        ):
            # A field given to a university whose listed name has none ("X University
            # of *Medical* Sciences" against "X University"): a specialised university,
            # another one.
            score = min(score, SPECIALISED)
        return _Alignment(score, pairs)

    def _chinese_school(self, rid: int, e: str, at: int, q: str) -> bool:
        """The listed name ``e`` is a Chinese (CN) university's or college's whole name and
        ends the query: Chinese universities are named city + field + 大学, so a name in
        front (桂林 + 电子科技大学) is another university. Not for other countries' entries,
        whose listed names often leave out the city (a KP 化学工业大学 is in 咸兴)."""
        rec = self._records[rid]
        entry = self.lists[rec.list_index].entries[rec.entry_index]
        return entry.country == "CN" and e.endswith(_HAN_SCHOOLS) and at + len(e) == len(q)

    def _score_han(self, q: NameKey, floor: float) -> list[tuple[int, float, dict[str, Any]]]:
        postings = [p for b in _bigrams(q.han) if (p := self._by_bigram.get(b))]
        rare = [p for p in postings if len(p) <= self._common]
        candidates: set[int] = set()
        for p in rare or postings:
            candidates.update(p)
        out = []
        w = self._char_weight
        unknown = self._unknown
        q_chars = Counter(q.han)
        total_q = sum(w.get(c, unknown) * n for c, n in q_chars.items())
        # Multiset overlap of characters, each weighing its rarity (summed along the
        # characters' postings, for the candidates only); then the order.
        overlap: dict[int, float] = defaultdict(float)
        for c, n in q_chars.items():
            wc = w.get(c, unknown)
            for rid, k in self._by_char.get(c, ()):
                if rid in candidates:
                    overlap[rid] += wc * min(n, k)
        for rid, matched in overlap.items():
            e = self._records[rid].key.han
            if not e:
                continue
            total_e = self._rec_han_total[rid]
            if 2 * matched < floor * (total_q + total_e):
                continue
            score = _dice(matched, matched, total_q, total_e, total_q - matched, total_e - matched)
            order = fuzz.ratio(q.han, e) / 100.0
            score = min(score, 0.5 * score + 0.5 * max(order, score - 0.1))
            evidence: dict[str, Any] = {"key": "han", "query_key": q.han, "name_key": e}
            at = q.han.find(e)
            prefix = q.han[:at] if at > 0 else ""
            if (
                prefix
                and (is_han_place(prefix) or self._chinese_school(rid, e, at, q.han))
                and not is_han_country(prefix)
                and score > PLACE_PREFIX
            ):
                # 西安 + 电子科技大学: Xidian University, not UESTC; any name in front of a
                # Chinese listed university's whole name (桂林 …) names another one.
                score = PLACE_PREFIX
                evidence["place_prefix"] = prefix
            if score > 0:
                out.append((rid, score, evidence))
        return out


def _query_keys(name: str) -> list[tuple[NameKey, str | None]]:
    """The query's keys, each with the part of the name it stands for (None: the whole
    name): its own keys, OCR readings, run-together pinyin split, the parts of an
    affiliation string, and every key cut after its institution word
    (:mod:`desk.screening.variants`)."""
    out: list[tuple[NameKey, str | None]] = [(k, None) for k in name_keys(name)]
    out += [(k, None) for k in ocr_keys(name)]
    out += [(pk, None) for k, _ in list(out) if (pk := pinyin_key(k)) is not None]
    out += [(tk, None) for k, _ in list(out) if (tk := typo_key(k)) is not None]
    for part in affiliation_parts(name):
        out += [(k, part) for k in name_keys(part)]
    bare = without_country(name.strip())
    if bare:
        out += [(k, bare) for k in name_keys(bare)]
    for k, where in list(out):
        for cut in unit_cuts(k):
            out.append((cut, where or " ".join(cut.tokens) or cut.han))
    return out


_HAN_SCHOOLS = ("大学", "学院")


def _names_nothing(keys: Sequence[NameKey]) -> bool:
    """Every key of a listed name is one organisation or country word (朝鮮 → korea)."""
    worded = [k for k in keys if k.tokens or k.acronym]
    return bool(worded) and all(
        not k.acronym and len(k.tokens) == 1 and is_known_word(k.tokens[0]) for k in worded
    )


def _qualifies_field(q: tuple[str, ...], i: int, used: set[int]) -> bool:
    """The query's unmatched field word ``q[i]`` stands next to a matched field word: it
    changes the field the listed name names ("*Information* Science" is not "Science"),
    and weighs like a listed field word missing (``FIELD_LOSS``)."""
    return any(
        0 <= j < len(q) and j in used and q[j] in FIELD_WORDS and q[j] != q[i]
        for j in (i - 1, i + 1)
    )


def _left_over(evidence: dict[str, Any]) -> bool:
    """A token hit that leaves a word unmatched on either side: with another country on
    the query, not the same name (a city added — "… de Sousse" —, a word of the listed
    name missing — "Korea Red Cross *Hospital*")."""
    pairs = evidence.get("tokens")
    if not pairs or evidence.get("key") in ("han", "acronym", "initials", "kana/acronym"):
        return False
    q = Counter(str(evidence.get("query_key", "")).split())
    e = Counter(str(evidence.get("name_key", "")).split())
    q.subtract(a for a, _, _ in pairs)
    e.subtract(b for _, b, _ in pairs)
    return any(n > 0 for n in q.values()) or any(n > 0 for n in e.values())


def _place_before(tokens: tuple[str, ...], pairs: list[tuple[str, str, float]]) -> str:
    """A place name the query has, unmatched, in front of the words that matched."""
    matched = {a for a, _, _ in pairs}
    for t in tokens:
        if t in matched:
            return ""
        if is_place(t):
            return t
    return ""


def _dice(
    matched_q: float,
    matched_e: float,
    total_q: float,
    total_e: float,
    lost_q: float,
    lost_e: float,
    field_penalty: float = 0.0,
) -> float:
    """Weighted Dice, lowered when both sides keep words the other lacks (a substitution).

    Listed words the query lacks weigh ``ENTRY_LOSS`` times: "Nanjing University" is a
    less specific name than "Nanjing University of Science and Technology", and more
    likely another institution than a query that adds words to a listed name.
    ``field_penalty`` adds the extra weight of missing field words (see ``_align``).
    """
    if total_q <= 0 or total_e <= 0:
        return 0.0
    penalty = (ENTRY_LOSS - 1.0) * lost_e + field_penalty
    dice = (matched_q + matched_e) / (total_q + total_e + penalty)
    substituted = min(lost_q / total_q, lost_e / total_e)
    return dice * max(0.0, 1.0 - SUBSTITUTION * substituted)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _lengths(n: int, cutoff: float) -> range:
    """The lengths a word of ``n`` letters can have to reach rapidfuzz ``ratio`` ≥ ``cutoff``
    with it: ratio = 2·common / (n + m) ≤ 2·min(n, m) / (n + m)."""
    r = cutoff / 100.0
    low = math.ceil(n * r / (2 - r) - 1e-9)
    high = math.floor(n * (2 - r) / r + 1e-9)
    return range(max(1, low), high + 1)


def _bigrams(text: str) -> set[str]:
    if len(text) < 2:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}
