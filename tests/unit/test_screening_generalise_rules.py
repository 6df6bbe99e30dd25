"""Issue 11, third round: each rule tested on made-up or generic names (the rule, not a
test set). See docs/screening.md, "Third round"."""

from __future__ import annotations

import pytest

from desk.screening import REVIEW, Matcher
from desk.screening.folds.kana import WHOLE_WORD, romanise_kana
from desk.screening.folds.latin import (
    _one_slip,
    initial_words,
    latin_tokens,
    skeleton,
    typo_concept,
)
from desk.screening.matcher import PLACE_PREFIX, SPECIALISED, _qualifies_field
from desk.screening.model import ListEntry, NameKey, ScreeningList
from desk.screening.normalize import (
    acronym_for_words,
    name_keys,
    without_initials,
    word_pairs,
)
from desk.screening.variants import (
    affiliation_parts,
    is_han_country,
    listed_parts,
    ocr_text,
    typo_key,
    without_country,
)


def _small(*entries: ListEntry) -> Matcher:
    return Matcher([ScreeningList(id="t", version="1", sha256="x", entries=entries)])


def _raised(m: Matcher, query: str, country: str | None = None) -> list[str]:
    return [h.entry for h in m.screen(query, country) if h.band != "weak"]


def _all_tokens(name: str) -> set[tuple[str, ...]]:
    return {k.tokens for k in name_keys(name)}


# -- katakana ------------------------------------------------------------------------


def test_an_organisation_word_inside_a_kana_word_is_part_of_the_name() -> None:
    # テック is "tech" on its own; inside コルテック it is part of a name
    assert "technology" in romanise_kana("コルテック")
    assert "technology" not in romanise_kana("コルテック", WHOLE_WORD)
    assert romanise_kana("コルテック", WHOLE_WORD) == "kortekk"
    assert romanise_kana("テック", WHOLE_WORD).strip() == "technology"  # whole: the word
    m = _small(ListEntry("1", "RU", "Kortec"), ListEntry("2", "RU", "Korvet Technology"))
    assert _raised(m, "コルテック", "RU") == ["1"]


def test_a_two_kana_word_only_as_a_whole_word() -> None:
    assert romanise_kana("エア").strip() == "air"
    assert "air" not in romanise_kana("エアロ")  # inside a word: syllables
    assert romanise_kana("エア・コリョ").split()[0] == "air"  # the middle dot splits words
    m = _small(ListEntry("1", "KP", "Air Zorvan"))
    assert _raised(m, "エア・ゾルヴァン", "KP") == ["1"]


def test_skeleton_nasals_and_zh() -> None:
    assert skeleton("ryombon") == skeleton("ryonbong") == "lnbn"  # ン = n, ng, m before b
    assert skeleton("sampo") == skeleton("sanpo")
    assert skeleton("nga") == "ng"  # ng before a vowel is a consonant pair, kept
    assert skeleton("dorejari") == skeleton("dollezhal") == "dlzl"  # ж: zh = j (ジ)


def test_word_pairs_and_katakana_joining_two_listed_words() -> None:
    assert word_pairs("Ri Sungho University") == (("lsnh", ("ri", "sungho")),)
    # the article counts in the skeleton, not as a token; organisation words never pair
    assert ("html", ("khatam",)) in word_pairs("Khatam al Zorvan Headquarters")
    assert word_pairs("Institute University") == ()
    assert word_pairs("Харбин Завод") == ()  # Latin names only
    m = _small(ListEntry("1", "KP", "Ri Sungho University"))
    (hit,) = m.screen("リスンホ大学", "KP")
    assert hit.score >= REVIEW
    assert ["ri", "sungho"] == sorted(b for _, b, _ in hit.evidence["tokens"])[:2]


# -- typing slips and OCR --------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "concept"),
    [
        ("scientfic", "science"),  # a letter left out
        ("sceintific", "science"),  # two swapped
        ("electrlc", "electronic"),  # replaced
        ("technologgy", "technology"),  # added
        ("conern", "company"),  # a legal form (dropped from the key)
        ("ecientific", None),  # the first letter is not mistyped
        ("sciantfic", None),  # two slips
        ("zorvan", None),  # a name
        ("science", None),  # already a word
        ("labs", None),  # too short to guess
    ],
)
def test_typo_concept(word: str, concept: str | None) -> None:
    assert typo_concept(word) == concept


def test_one_slip() -> None:
    assert _one_slip("abcd", "abd") and _one_slip("abd", "abcd")
    assert _one_slip("abcd", "abdc") and _one_slip("abcd", "abcx")
    assert not _one_slip("abcd", "abcd") and not _one_slip("abcd", "badc")
    assert not _one_slip("abcd", "ab") and not _one_slip("abcd", "acbx")
    assert not _one_slip("abcd", "abxy")


def test_typo_key_reads_the_word_and_drops_a_legal_form() -> None:
    (key,) = name_keys("Zorvan Scientfic Conern")[:1]
    fixed = typo_key(key)
    assert fixed is not None and fixed.tokens == ("zorvan", "science") and fixed.via == "typo"
    assert typo_key(name_keys("Zorvan Scientific")[0]) is None
    mixed = typo_key(NameKey(tokens=("zorvan", "scientfic"), han="左文", via="latin"))
    assert mixed is not None and mixed.han == "左文"  # the characters are kept
    m = _small(ListEntry("1", "PK", "Zorvan Scientific Corporation"))
    (hit,) = m.screen("Zorvan Scientfic Corporation", "PK")
    assert hit.evidence["key"] == "typo/latin" and hit.band == "match"


def test_ocr_one_and_l_read_as_i() -> None:
    assert "kim il sung" in ocr_text("Kim 1l Sung")
    assert "ill" in ocr_text("l1l") or "lil" in ocr_text("l1l")
    assert "kalaye electric" in ocr_text("Kalaye Electrlc")
    assert ocr_text("Techno1ogy") == ("technology",)  # no l beside the 1: read as l only
    assert ocr_text("Harbin") == ()  # nothing to read otherwise


# -- numbers, people, parts ------------------------------------------------------------


@pytest.mark.parametrize(
    ("latin", "tokens"),
    [
        ("54th research institute", ("54", "research", "institute")),
        ("no. 28 research institute", ("28", "research", "institute")),
        ("no.28 plant", ("28", "plant")),
        ("number 3 plant", ("3", "plant")),
        ("seventh of zorvan", ("7", "zorvan")),
        ("1st 2nd 3rd", ("1", "2", "3")),
        ("no zorvan", ("no", "zorvan")),  # "no" without a number is a word
    ],
)
def test_ordinals_are_numbers(latin: str, tokens: tuple[str, ...]) -> None:
    assert latin_tokens(latin) == tokens


def test_a_persons_initials_and_title_are_optional() -> None:
    assert without_initials("N.A. Zorvan Research Institute") == "Zorvan Research Institute"
    assert without_initials("Dr. A.Q. Zorvan Laboratories") == "Zorvan Laboratories"
    assert without_initials("Prof. Zorvan Institute") == "Zorvan Institute"
    assert without_initials("U.S. Zorvan Army") == "U.S. Zorvan Army"  # a country
    assert without_initials("ZRC Institute") == "ZRC Institute"
    assert ("zorvan", "research", "institute") in _all_tokens("N.A. Zorvan Research Institute")


def test_parts_of_a_listed_name_written_as_a_list() -> None:
    assert listed_parts("Zorvan Research Centre (ZRC), Department of Atomic Energy (DAE)") == (
        "Zorvan Research Centre (ZRC)",
    )
    assert listed_parts("Parent Complex Branch: Zorvan Engineering Plant") == (
        "Parent Complex Branch",
        "Zorvan Engineering Plant",
    )
    assert listed_parts("13th Research Institute, 9th Academy") == ()  # no name word
    assert listed_parts("Zorvan Plant, Department of Energy") == ("Zorvan Plant",)  # 2 words
    assert listed_parts("Zorvan, Department of Energy") == ()  # one word alone names little
    assert listed_parts("Zorvan Research Centre") == ()
    m = _small(
        ListEntry("1", "IN", "Zorvan Research Centre (ZRC), Department of Atomic Energy (DAE)")
    )
    (hit,) = m.screen("Zorvan Research Center", "IN")
    assert hit.band != "weak" and hit.evidence["name_kind"] == "part"
    assert hit.score == pytest.approx(0.97, abs=0.005)  # PART


def test_an_acronym_stands_in_for_its_words() -> None:
    name = "Zorvan Electronics Group Corporation (ZEGC) 54th Research Institute"
    assert acronym_for_words(name) == "ZEGC 54th Research Institute"
    assert acronym_for_words("Alpha Beta (AB) Gamma") == "AB Gamma"
    assert acronym_for_words("Zorvan Research Centre (ZRC)") is None  # nothing after it
    assert acronym_for_words("Alpha Beta (XY) Gamma") is None  # not its initials
    m = _small(ListEntry("1", "CN", name))
    assert _raised(m, "The 54th Research Institute of ZEGC", "CN") == ["1"]


def test_initials_with_the_legal_form() -> None:
    words = initial_words("United Zorvan Manufacturing Corporation", legal=True)
    assert words == ("united", "zorvan", "manufacturing", "corporation")
    assert initial_words("United Zorvan Manufacturing Corporation") == words[:3]
    m = _small(ListEntry("1", "RU", "United Zorvan Manufacturing Corporation"))
    (hit,) = m.screen("UZMC", "RU")  # with the legal form: four letters, review
    assert hit.evidence["key"] == "initials" and hit.band == "review"
    (hit,) = m.screen("UZM", "RU")  # without: three letters coincide too often
    assert hit.evidence["key"] == "initials" and hit.band == "weak"


# -- what comes in front of a name -----------------------------------------------------


def test_a_country_or_a_ruling_body_in_front_is_optional() -> None:
    assert without_country("ロシア連邦ゾルヴァン設計局") == "ゾルヴァン設計局"
    assert without_country("北朝鮮・ゾルヴァン") == "ゾルヴァン"
    assert without_country("朝鮮労働党39号室") == "39号室"
    assert without_country("ロシア") is None  # nothing left
    assert without_country("ロシアゾル") == "ゾル"  # two characters left are a name
    assert without_country("ロシアゾ") is None
    assert without_country("ゾルヴァン設計局") is None
    assert is_han_country("中国") and is_han_country("中华人民共和国")
    assert not is_han_country("桂林")
    m = _small(ListEntry("1", "RU", "Zorvan Design Bureau"))
    (hit,) = m.screen("ロシアゾルヴァン設計局", "RU")
    assert hit.band != "weak" and hit.evidence["part"] == "ゾルヴァン設計局"


def test_a_name_in_front_of_a_chinese_universitys_whole_name() -> None:
    m = _small(
        ListEntry("1", "CN", "Guangdian Scitech University", local_names=("光电科技大学",)),
        ListEntry("2", "KP", "University of Chemical Zorvan", local_names=("化学左文大学",)),
    )
    (hit,) = m.screen("桂林光电科技大学", "CN")  # another university
    assert hit.score == PLACE_PREFIX and hit.evidence["place_prefix"]
    assert _raised(m, "中国光电科技大学", "CN") == ["1"]  # the country: the same one
    assert _raised(m, "光电科技大学", "CN") == ["1"]
    # a KP entry's listed name often leaves its city out: not another university
    assert _raised(m, "咸兴化学左文大学", "KP") == ["2"]


def test_the_innermost_quoted_name() -> None:
    assert "Звезда" in affiliation_parts("АО «Корпорация «Звезда»»")
    assert affiliation_parts("Звезда") == ()
    m = _small(ListEntry("1", "RU", "Zvezda JSC"))
    assert _raised(m, "АО «Корпорация «Звезда»»", "RU") == ["1"]


# -- false alarms by kind -------------------------------------------------------------


def test_another_country_with_a_word_left_over_is_weak() -> None:
    m = _small(ListEntry("1", "KP", "Zorvan Red Cross Hospital"))
    assert _raised(m, "Zorvan Red Cross", "KP") == ["1"]
    assert _raised(m, "Zorvan Red Cross") == ["1"]
    (hit,) = m.screen("Zorvan Red Cross", "KR")
    assert hit.band == "weak" and hit.evidence["generic"] is True
    # the whole name in another country is only lowered
    assert _raised(m, "Zorvan Red Cross Hospital", "KR") == ["1"]


def test_a_field_word_next_to_a_field_word_changes_the_field() -> None:
    assert _qualifies_field(("university", "information", "science"), 1, {0, 2})
    assert _qualifies_field(("science", "information"), 1, {0})
    assert not _qualifies_field(("university", "information", "science"), 1, {0})
    assert not _qualifies_field(("information", "science"), 0, set())
    m = _small(ListEntry("1", "CN", "Zorvan University of Science and Technology"))
    assert _raised(m, "Zorvan University of Information Science and Technology", "CN") == []
    assert _raised(m, "Zorvan University of Science and Technology", "CN") == ["1"]


def test_a_field_given_to_a_fieldless_university() -> None:
    m = _small(ListEntry("1", "IR", "Zorvan University"))
    assert all(h.score <= SPECIALISED for h in m.screen("Zorvan University of Medical Sciences"))
    assert _raised(m, "Zorvan University", "IR") == ["1"]
    m = _small(ListEntry("1", "IR", "Zorvan Medical University"))
    assert _raised(m, "Zorvan University of Medical Sciences", "IR") == ["1"]


def test_ligong_is_not_an_english_science_and_technology() -> None:
    m = _small(
        ListEntry("1", "CN", "Zuowen Institute of Technology", local_names=("左文理工大学",))
    )
    assert _raised(m, "Zuowen University of Science and Technology", "CN") == []
    assert _raised(m, "左文理工大学", "CN") == ["1"]
    assert _raised(m, "左文科技大学", "CN") == []
    assert _raised(m, "Zuowen Ligong Daxue", "CN") == ["1"]


def test_a_listed_name_that_is_one_generic_word_names_nothing() -> None:
    m = _small(
        ListEntry("1", "KP", "Zorvan Shipping", local_names=("朝鮮",)),
        ListEntry("2", "KP", "Korea"),  # the entry's own name is kept
    )
    assert _raised(m, "Korea Trading", "KP") == []
    assert "2" in [h.entry for h in m.screen("Korea", "KP")]
    assert "1" not in [h.entry for h in m.screen("朝鮮", "KP")]


# -- vocabulary words -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (
            ("朝鮮", "朝鲜", "Choson", "Chosun", "Democratic People's Republic of Korea"),
            ("korea",),
        ),
        (("セメント", "水泥", "세멘트", "Cement"), ("cement",)),
        (("大気", "大气", "Atmospheric"), ("atmosphere",)),
        (("高層", "高层", "Upper"), ("upper",)),
        (("動力", "电力", "Power"), ("power",)),
        (("Medical Sciences", "Medical Science", "医科"), ("medical",)),
    ],
)
def test_vocabulary_words(names: tuple[str, ...], key: tuple[str, ...]) -> None:
    for name in names:
        assert name_keys(name)[0].tokens == key, name


def test_vocabulary_legal_and_general_forms() -> None:
    assert name_keys("Zorvan State Corporation")[0].tokens == ("zorvan",)
    assert name_keys("ゾルヴァン総会社")[0].tokens[-1] == "general"
    assert name_keys("39호실")[0].tokens == ("39", "office")


def test_russia_prefix_glued_to_an_organisation_word() -> None:
    assert ("russia", "technology") in _all_tokens("Rostekh")
    assert ("russia", "electronic") in _all_tokens("Ruselectronics")
    assert ("russia", "electronic") in _all_tokens("Росэлектроника")
    assert _all_tokens("Rosneft") == {("rosneft",)}  # not an organisation word after it
