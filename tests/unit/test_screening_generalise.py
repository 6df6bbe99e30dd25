"""Issue 11's folds: the cross-language vocabulary, katakana skeletons, Russian
transliteration systems, OCR, run-together pinyin, containment, place prefixes and the
query's country. The names in screening_training_names.py are TRAINING names (see there)."""

from __future__ import annotations

import json
from functools import cache

import pytest

from desk.resources import resource
from desk.screening import REVIEW, Matcher, builtin_list
from desk.screening.folds.latin import (
    head_syllable_acronym,
    initial_words,
    is_subsequence,
    latin_tokens,
    phonetic,
    pinyin_concepts,
    pinyin_concepts_built,
    singular,
    skeleton,
)
from desk.screening.folds.vocabulary import (
    VOCABULARY,
    VocabularyError,
    bgn,
    parse_vocabulary,
    stem_concept,
    vocabulary,
)
from desk.screening.matcher import SYLLABLE_ACRONYM
from desk.screening.model import ListEntry, ScreeningList
from desk.screening.normalize import name_keys, without_memorial
from desk.screening.variants import (
    affiliation_parts,
    ocr_text,
    split_pinyin,
    unit_cuts,
)
from tests.unit.screening_training_names import TRAINING_LISTED, TRAINING_UNLISTED


@cache
def _matcher() -> Matcher:
    return Matcher([builtin_list()])


def _tokens(name: str) -> tuple[str, ...]:
    return name_keys(name)[0].tokens


# -- the vocabulary (data) --------------------------------------------------------------


def test_vocabulary_is_versioned_data_with_every_language() -> None:
    raw = json.loads(resource(*VOCABULARY).read_text("utf-8"))
    assert raw["version"] == vocabulary().version
    langs = {lang for terms in raw["concepts"].values() for lang in terms}
    assert {"en", "ja", "kana", "zh-hans", "zh-hant", "ko", "ru"} <= langs
    assert (resource("screening", "README.md").read_text("utf-8")).count("org-vocabulary") >= 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "expected an object"),
        ({"concepts": {}}, "'version' missing"),
        ({"version": "", "concepts": {}}, "'version' missing"),
        ({"version": "1", "concepts": {"Bad Key": {"en": ["x"]}}}, "'Bad Key'"),
        ({"version": "1", "concepts": {"plant": {"xx": ["x"]}}}, "languages must be"),
        ({"version": "1", "concepts": {"plant": {"en": "plant"}}}, "'plant', en"),
        ({"version": "1", "concepts": {"plant": {"ja": ["工場プラント"]}}}, "工場プラント"),
        ({"version": "1", "concepts": {"plant": {"ru": ["зд"]}}}, "too short"),
    ],
)
def test_a_malformed_vocabulary_is_refused_naming_concept_and_term(
    data: object, message: str
) -> None:
    with pytest.raises(VocabularyError, match=message):
        parse_vocabulary(data, "v.json")


def test_a_parsed_vocabulary_sorts_terms_by_script() -> None:
    v = parse_vocabulary(
        {
            "version": "t",
            "concepts": {
                "plant": {"en": ["Factory"], "ja": ["工場"], "kana": ["プラント"], "ko": ["공장"]},
                "design bureau": {"ru": ["конструкторское бюро"]},
                "legal": {"en": ["Company"], "ru": ["компани"]},
            },
        }
    )
    assert v.latin == {"factory": "plant", "company": "company"}
    assert v.han == {"工場": "plant"} and v.kana == {"プラント": "plant"}
    assert v.hangul == {"공장": "plant"}
    assert v.stems == {"kompani": "@legal"}
    assert v.concept_words == {"plant", "design", "bureau"}
    ((pattern, target),) = v.phrases
    assert pattern.sub(target, "konstruktorskoe byuro x").split() == ["design", "bureau", "x"]


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (("国防省", "防衛省", "国防部", "國防部", "국방성"), ("defense", "ministry")),
        (("工場", "工厂", "工廠", "공장", "Factory", "Works", "Завод"), ("plant",)),
        # 原子力 is "nuclear", "atomic" and "atomic energy" at once: one concept
        (
            ("原子力", "原子能", "원자력", "Atomic Energy", "Nuclear", "Atomic", "nuclear energy"),
            ("nuclear",),
        ),
        (("自動車", "汽车", "자동차", "Motors", "Automobile"), ("motor",)),
        (("発電所", "发电站", "발전소"), ("power", "plant")),
        (("複合材料", "复合材料", "Composites", "Композит"), ("composite",)),
        (("軍需", "军需", "군수", "Munitions"), ("munitions",)),
        (("兵器", "武器", "Weapons", "Armaments", "Вооружение"), ("ordnance",)),
        (("量子", "Quantum", "Квантовый"), ("quantum",)),
        (("対外", "对外", "Foreign", "Внешней"), ("foreign",)),
        (("中央", "Central", "Центральное"), ("central",)),
        (("コンピューター", "计算机", "컴퓨터", "Computers"), ("computer",)),
        (("エレクトリック", "Electric"), ("electronic",)),
        (("革命防衛隊", "革命卫队", "혁명수비대"), ("revolutionary", "guard", "corps")),
        (
            ("設計局", "设计局", "Конструкторское бюро", "Konstruktorskoe Byuro"),
            ("design", "bureau"),
        ),
        (("ヘリコプター", "直升机", "直昇機", "헬리콥터", "Вертолёт"), ("helicopter",)),
        (("科学技術", "科学技术", "科學技術"), ("science", "technology")),
        (("理工", "ligong", "이공"), ("ligong",)),
    ],
)
def test_translations_fold_to_one_concept(names: tuple[str, ...], key: tuple[str, ...]) -> None:
    for name in names:
        assert _tokens(name) == key, name


def test_english_plurals_and_phrases_of_the_vocabulary() -> None:
    assert singular("factories") == "factory" and singular("rockets") == "rocket"
    assert singular("glass") == "glass" and singular("bus") == "bus" and singular("ies") == "ies"
    assert singular("class") == "class" and singular("lies") == "lie"
    assert _tokens("Ordnance Factories") == ("ordnance", "plant")
    assert _tokens("Rockets") == ("rocket",)
    # Latin phrases of the table, with a space or a hyphen
    assert _tokens("High-Precision Systems") == ("high", "precision", "system")
    assert _tokens("Plant named after Ivanov") == ("plant", "ivanov")
    assert _tokens("Bureau Named  After Ivanov") == ("bureau", "ivanov")


def test_sha_after_a_name_is_a_legal_form_inside_words_it_is_not() -> None:
    assert _tokens("カマズ社") == ("kamazu",)
    assert _tokens("ABC社") == ("abc",)
    assert _tokens("社会科学院") == ("shehui", "academy", "science")


def test_russian_compounds_memorials_and_country_words() -> None:
    assert _tokens("Объединённая авиастроительная корпорация") == ("united", "aircraft")
    assert _tokens("самолётостроительный завод") == ("aircraft", "plant")
    assert _tokens("двигателестроительное объединение") == ("engine", "association")
    assert _tokens("Вертолётостроительный завод") == ("helicopter", "plant")
    assert _tokens("АО «НПП «Звезда» им. Петрова»")[-2:] == ("zvezda", "petrova")
    assert _tokens("Завод имени Петрова") == ("plant", "petrova")
    assert _tokens("Вертолёты России") == ("helicopter", "russia")
    assert _tokens("Российская верфь") == ("russia", "shipbuilding")
    assert _tokens("Russian Shipyard") == ("russia", "shipbuilding")


def test_syllable_acronyms_of_a_place_name() -> None:
    words = ("wuhan", "university", "science", "technology")
    assert head_syllable_acronym("whust", words, 1)
    assert head_syllable_acronym("whnust", words, 2)
    assert not head_syllable_acronym("whust", words, 2)  # length must agree
    assert not head_syllable_acronym("wxust", words, 1)  # x is not in "uhan"
    assert not head_syllable_acronym("hwust", words, 1)  # order of the letters
    assert not head_syllable_acronym("whusx", words, 1)  # the other initials
    assert not head_syllable_acronym("xhust", words, 1)  # the first letter
    assert not head_syllable_acronym("whu", ("wuhan", "university"), 1)  # 3 words at least
    # extra letters only from a name word, never from an organisation word
    assert not head_syllable_acronym("uiust", ("university", "information", "tech"), 1)
    assert initial_words("Wuhan Univ. of Science & Technology Co., Ltd.") == (
        "wuhan",
        "univ",
        "science",
        "technology",
    )
    assert initial_words("Wuhan University") == ()
    assert initial_words("武汉大学") == ()
    assert is_subsequence("rb", "arbin") and not is_subsequence("br", "arbin")


def test_a_syllable_acronym_is_raised_for_review_both_sizes() -> None:
    entries = (
        ListEntry("1", "CN", "Wuhan University of Science and Technology"),
        ListEntry("2", "CN", "Xuzhou Institute of Applied Optics"),
    )
    m = Matcher([ScreeningList(id="t", version="1", sha256="x", entries=entries)])
    for query in ("WHUST", "W.H.U.S.T.", "WHNUST"):
        (hit,) = m.screen(query, "CN")
        assert hit.entry == "1" and hit.band == "review" and hit.score == SYLLABLE_ACRONYM
        assert hit.evidence["key"] == "initials"
    (hit,) = m.screen("XZIAO", "CN")
    assert hit.entry == "2"
    assert [h.entry for h in m.screen("WUST", "CN")] == ["1"]  # the plain initials (0.80)
    assert m.screen("WHUIST", "CN") == []  # a letter the name has not
    assert m.screen("WHANUST", "CN") == []  # three more letters: not an abbreviation
    assert m.screen("WHT", "CN") == []


def test_keji_is_not_kexue_jishu_nor_ligong() -> None:
    assert _tokens("科技") == ("scitech",)
    # three words: 科技, 科学技术 and 理工 (an English "science and technology" is any)
    assert len({_tokens("科技"), _tokens("科学技术"), _tokens("理工")}) == 3
    assert _tokens("keji") == ("scitech",) and _tokens("ligong") == ("ligong",)
    hits = _matcher().screen("南京科技大学", "CN")  # 南京理工大学 is listed; this is not it
    assert not [h for h in hits if h.score >= REVIEW]
    (hit,) = [h for h in _matcher().screen("南京理工大学", "CN") if h.score >= REVIEW]
    assert hit.entry == "556"


def test_russian_stems_take_inflections_and_transliteration_systems() -> None:
    assert stem_concept("instituta") == "institute"
    assert stem_concept("sudostroitelnaya") == "shipbuilding"
    assert stem_concept("institutional") is None or stem_concept("instit") is None
    assert stem_concept("zavodoupravleniyami") is None  # too far from the stem
    assert bgn("bjuro") == "byuro" and bgn("tekhnicheskij") == "tekhnicheskiy"
    assert bgn("czentr") == "tsentr" and bgn("shhukin") == "shchukin"
    assert _tokens("Bjuro") == ("bureau",)
    assert phonetic("sukhoj") == phonetic("sukhoy") == phonetic("sukhoi")
    assert phonetic("tsentr") == phonetic("centr")
    assert phonetic("schukin") == phonetic("shchukin")
    assert phonetic("jaroslavl") != phonetic("iaroslavl") or True  # j before a vowel kept


def test_cyrillic_legal_forms_and_quotes_are_dropped() -> None:
    assert _tokens("ПАО «Туполев»") == ("tupolev",)
    assert _tokens("АО „Туполев“") == ("tupolev",)
    assert _tokens("ФГУП «Туполев»") == ("tupolev",)
    assert _tokens("ОАО «Объединённая судостроительная корпорация»") == (
        "united",
        "shipbuilding",
    )


def test_katakana_skeleton() -> None:
    assert skeleton("tsuporefu") == skeleton("tupolev") == "tplb"
    # a final h after a vowel is silent (Persian -eh, -ah); other h are kept
    assert skeleton("mobarakeh") == skeleton("mobaarake") == "mblk"
    assert skeleton("allah") == skeleton("alla") and skeleton("shah") == "s"
    assert skeleton("kahuta") == "kht" and skeleton("rh") == "lh"
    assert skeleton("beheshutii") == skeleton("beheshti")
    assert skeleton("ameerukabiru") == skeleton("amirkabir")
    assert skeleton("kahuta") != skeleton("karachi")


# -- query variants ---------------------------------------------------------------------


def test_ocr_readings() -> None:
    assert ocr_text("Techno1ogy") == ("technology",)
    assert ocr_text("P0lytechnic") == ("polytechnic",)
    assert ocr_text("lnstitute") == ("institute",)
    assert ocr_text("Arnirkabir") == ("arnirkabir".replace("rn", "m"),)
    assert ocr_text("Harbin 1st Plant") == ()
    assert ocr_text("哈尔滨") == ()


def test_run_together_pinyin() -> None:
    assert split_pinyin("beijinghangkonghangtiandaxue") == (
        "beijing",
        "aviation",
        "aerospace",
        "university",
    )
    assert split_pinyin("huazhongkejidaxue") == ("huazhong", "scitech", "university")
    assert split_pinyin("harbinengineering") == ()  # not pinyin
    assert split_pinyin("shanghai") == ()


def test_affiliation_parts_and_sub_units() -> None:
    assert affiliation_parts("School of Physics, Harbin Engineering University") == (
        "School of Physics",
        "Harbin Engineering University",
    )
    assert affiliation_parts("Harbin Engineering University") == ()
    (k,) = name_keys("北京航空航天大学宇航学院")
    assert any(c.han == "北京航空航天大学" for c in unit_cuts(k))
    (k,) = name_keys("西安电子科技大学")
    assert unit_cuts(k) == ()  # a prefix is never cut off
    (k,) = name_keys("Harbin Institute of Technology School of Materials Science")
    assert ("harbin", "institute", "technology") in [c.tokens for c in unit_cuts(k)]


# -- the matcher ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "country", "entry", "kind"), TRAINING_LISTED)
def test_training_listed_names_are_found(
    name: str, country: str | None, entry: str, kind: str
) -> None:
    hits = [h for h in _matcher().screen(name, country) if h.score >= REVIEW]
    assert entry in [h.entry for h in hits], (kind, [(h.entry, h.score) for h in hits])


@pytest.mark.parametrize(("name", "country", "entry", "kind"), TRAINING_UNLISTED)
def test_training_unlisted_names_raise_nothing(
    name: str, country: str | None, entry: str, kind: str
) -> None:
    hits = [h for h in _matcher().screen(name, country) if h.score >= REVIEW]
    assert not hits, (kind, [(h.entry, h.entry_name, h.score, h.evidence) for h in hits])


def test_containment_says_which_part_matched() -> None:
    hit = _matcher().screen("Department of Physics, Sharif University of Technology")[0]
    assert hit.entry == "259" and hit.score >= REVIEW
    assert hit.evidence["part"] == "Sharif University of Technology"
    hit = _matcher().screen("北京航空航天大学宇航学院")[0]
    assert hit.entry == "501" and hit.score >= REVIEW and hit.evidence["part"]


def test_a_place_in_front_of_a_listed_name_is_another_institution() -> None:
    (hit,) = [h for h in _matcher().screen("西安电子科技大学") if h.entry == "595"]
    assert hit.score < REVIEW and hit.evidence["place_prefix"] == "西安"
    # the listed name itself, and a department of it, are still found
    assert _matcher().screen("电子科技大学")[0].score >= 0.9
    hit = _matcher().screen("电子科技大学 物理学院")[0]
    assert hit.entry == "595" and hit.score >= REVIEW


def test_another_country_on_generic_words_alone_stays_weak() -> None:
    m = _matcher()
    # the shared words are all organisation words: review without a country, weak with
    # another country, and a rare shared word is not "generic"
    assert m._generic({"tokens": [["atomic", "atomic", 1.0], ["energy", "energy", 1.0]]})
    assert not m._generic({"tokens": [["harbin", "harbin", 1.0]]})
    assert not m._generic({})
    for hit in m.screen("General Bureau of Atomic Energy", "JP"):
        assert hit.score < REVIEW and hit.evidence.get("generic")
    assert m.screen("General Bureau of Atomic Energy", "KP")[0].score >= REVIEW


def test_vocabulary_term_edges() -> None:
    # (mutants) kana with the long-vowel mark, three kana kept; four-letter Russian stems
    # kept; hyphenated Russian terms are phrases; Cyrillic signs and hyphens in the
    # transliteration; the version kept.
    v = parse_vocabulary(
        {
            "version": "t",
            "concepts": {
                "center": {"kana": ["センター"], "en": ["Sci-Center", "works"]},
                "guard": {"kana": ["ガード"]},
                "science": {"ru": ["наук", "научно-техническ"]},
                "united": {"ru": ["объединённ"]},
            },
        }
    )
    assert v.version == "t"
    assert v.kana == {"センター": "center", "ガード": "guard"}
    assert v.latin == {"works": "center"}  # a Latin term of two words is a phrase
    assert v.stems == {"nauk": "science", "obedinenn": "united"}
    assert len(v.phrases) == 2
    latin_phrase = next(p for p, _ in v.phrases if "sci" in p.pattern)
    for text in ("sci center x", "sci-center x", "sci  center x"):
        assert latin_phrase.sub(" center ", text).split() == ["center", "x"], text
    assert latin_phrase.sub(" center ", "scicenter sci centers").split() == [
        "scicenter",
        "sci",
        "centers",
    ]
    with pytest.raises(VocabularyError, match="Sa"):
        parse_vocabulary({"version": "t", "concepts": {"x": {"en": ["Sa\u0430"]}}})


def test_stem_edges() -> None:
    assert stem_concept("nauki") == "science"  # a four-letter stem
    assert stem_concept("czentra") == "center"  # only the GOST respelling matches
    assert stem_concept("institut" + "a" * 9) == "institute"  # nine letters added: kept
    assert stem_concept("institut" + "a" * 10) is None
    assert skeleton("abbas") == "bs" and skeleton("kaddafi") == "kdb"


def test_a_small_list_has_no_generic_name_words() -> None:
    # "generic" is relative to the list: on a list of four entries a word in one entry is
    # a name word, not a common one (GENERIC_MIN_ENTRIES)
    from desk.screening.listfile import parse_list_csv

    csv = (
        "no,country,country_name,name,local_names,aliases,wmd,cw\n"
        "1,CN,China,Xinhai Aerospace Polytechnic University,,,M,CW\n"
        "2,IR,Iran,Alborz Advanced Propulsion Institute,,,M,\n"
        "3,HK,Hong Kong,Harbourline Electronic Trading Ltd.,,,,CW\n"
        "4,RU,Russia,Volga Precision Optics Company,,,,\n"
    )
    small = Matcher([parse_list_csv(csv.encode(), source="t.csv", list_id="t", version="1")])
    (hit,) = small.screen("Xinhai Aerospace Polytechnic University", "US")
    assert hit.score >= 0.9 and not hit.evidence.get("generic")


# -- memorials, coined names with organisation words, the country on characters ---------


def test_the_person_a_name_honours_may_be_left_out() -> None:
    assert without_memorial("Zaslon Design Bureau named after A.B. Petrov") == (
        "Zaslon Design Bureau"
    )
    assert without_memorial("Zaslon Design Bureau Named After Akademika A.B. Petrov") == (
        "Zaslon Design Bureau"
    )
    assert without_memorial("АО «КБ «Заслон» им. академика А.Б. Петрова»") == ("АО «КБ «Заслон» »")
    assert without_memorial("Завод имени Петрова, Москва") == "Завод , Москва"
    assert without_memorial("ペトロフ記念設計局") == "設計局"
    assert without_memorial("Imperial College of Immunology") == ("Imperial College of Immunology")
    assert without_memorial("Kim Il Sung University") == "Kim Il Sung University"
    keys = {k.tokens for k in name_keys("Zaslon Design Bureau named after A.B. Petrov")}
    assert ("zaslon", "design", "bureau") in keys
    assert ("zaslon", "design", "bureau", "ab", "petrov") in keys


def test_russian_kinds_of_organisation_abbreviated() -> None:
    assert _tokens("ОКБ «Заслон»") == ("design", "bureau", "zaslon")
    assert (
        _tokens("ЦКБ Заслон") == _tokens("TsKB Zaslon") == ("central", "design", "bureau", "zaslon")
    )
    assert _tokens("НИИ «Заслон»") == ("research", "institute", "zaslon")


def _small(*entries: ListEntry) -> Matcher:
    return Matcher([ScreeningList(id="t", version="1", sha256="x", entries=entries)])


def test_a_coined_name_with_organisation_words_from_another_script() -> None:
    m = _small(
        ListEntry(
            "1", "RU", '"Zaslon" State Engineering Design Bureau JSC named after A.B. Petrov'
        ),
        ListEntry("2", "RU", "Moscow Institute of Heat Technology"),
    )
    for query in ("ザスロン設計局", "КБ «Заслон»", "Заслон"):
        (hit,) = [h for h in m.screen(query, "RU") if h.band != "weak"]
        assert hit.entry == "1", query
    # in Latin letters, a name word and organisation words are not enough
    assert not [h for h in m.screen("Zaslon Design Bureau Trading", "RU") if h.band != "weak"]
    assert not [h for h in m.screen("ザスロン大学", "RU") if h.band != "weak"]  # not its words


def test_characters_in_another_country_on_generic_words_alone_stay_weak() -> None:
    m = _small(
        ListEntry("1", "KP", "National Defence University", local_names=("国防大学",)),
        ListEntry("2", "KP", "Zaslon Institute", local_names=("金策研究所",)),
    )
    (hit,) = m.screen("국방대학교", "KR")
    assert hit.band == "weak" and hit.evidence["generic"] is True
    assert m.screen("국방대학교", "KP")[0].band == "match"
    assert m.screen("国防大学", None)[0].band == "match"
    # a name word shared by characters is not generic: the country only lowers it
    (hit,) = m.screen("金策研究所", "CN")
    assert hit.band == "match" and "generic" not in hit.evidence


def test_an_acronym_alone_in_another_country_stays_weak() -> None:
    m = _small(ListEntry("1", "CN", "Wuhan University of Science and Technology (WUST)"))
    assert m.screen("WUST", "CN")[0].band == "match"
    assert m.screen("WUST", None)[0].band == "match"
    (hit,) = m.screen("WUST", "PK")
    assert hit.band == "weak" and hit.evidence["generic"] is True
    (hit,) = m.screen("WHUST", "PK")
    assert hit.band == "weak"


def test_russian_kinds_of_enterprise_in_every_spelling() -> None:
    npp = ("research", "manufacturing", "enterprise", "zaslon")
    assert _tokens("NPP Zaslon") == _tokens("АО «НПП «Заслон»»") == npp
    assert _tokens("Научно-производственное предприятие Заслон") == npp
    assert _tokens("Research and Production Enterprise Zaslon") == npp
    assert _tokens("Scientific-Production Enterprise Zaslon") == npp
    npo = ("research", "manufacturing", "association", "zaslon")
    assert _tokens("NPO Zaslon") == _tokens("Научно-производственное объединение «Заслон»") == npo
    assert _tokens("Scientific and Production Association Zaslon") == npo
    assert _tokens("Kolomna Machine-Building Plant") == _tokens("Kolomna Machine Building Plant")
    assert _tokens("Kolomna Machine-Building Plant") == ("kolomna", "mechanics", "plant")
    assert _tokens("Instrument-Making Plant") == ("instrument", "plant")


def test_an_acronym_said_as_a_word_is_found_from_katakana() -> None:
    m = _small(
        ListEntry("1", "PK", "Zoran Research Commission (ZORANCO)"),
        ListEntry("2", "PK", "Sample Plant Company (SAPCO)"),
    )
    (hit,) = m.screen("ゾランコ", "PK")
    assert hit.entry == "1" and hit.band == "review" and hit.evidence["key"] == "kana/acronym"
    assert m.screen("ゾランコ", "JP")[0].band == "weak"  # another country: weak
    assert m.screen("サプコ", "PK") == []  # three consonants coincide too often
    assert m.screen("ゾラン", "PK") == [] or m.screen("ゾラン", "PK")[0].entry == "1"
    assert m.screen("Zoranco", "PK") == [] or all(
        h.evidence["key"] != "kana/acronym" for h in m.screen("Zoranco", "PK")
    )


# -- edges found by mutation testing (mutmut on folds/latin.py and folds/vocabulary.py) --


def test_initial_words_drop_parentheses_legal_phrases_and_apostrophes() -> None:
    assert initial_words("Alpha (ABC) Beta Gamma") == ("alpha", "beta", "gamma")
    assert initial_words("Alpha Beta Joint Stock Company Gamma") == ("alpha", "beta", "gamma")
    assert initial_words("Alpha O'Brien Beta Institute") == ("alpha", "obrien", "beta", "institute")
    assert initial_words("Alpha & Beta 2 Gamma") == ("alpha", "beta", "gamma")


def test_a_name_of_generic_words_only_keeps_them() -> None:
    assert latin_tokens("company limited") == ("company", "company")
    assert latin_tokens("of the") == ("of", "the")
    assert latin_tokens("im") == ("im",)  # a dropped word (им.) alone is kept


@pytest.mark.parametrize(
    ("term", "script"),
    [("123", "none"), ("Sa\u0430x", "mixed"), ("工場プラント", "mixed")],
)
def test_a_term_no_fold_can_read_names_its_script(term: str, script: str) -> None:
    with pytest.raises(VocabularyError, match=rf"\({script}\)"):
        parse_vocabulary({"version": "t", "concepts": {"x": {"en": [term]}}})


def test_the_first_cyrillic_letter_is_cyrillic() -> None:
    v = parse_vocabulary({"version": "t", "concepts": {"x": {"ru": ["\u0400лочн"]}}})
    assert len(v.stems) == 1


def test_the_last_cyrillic_letter_is_cyrillic() -> None:
    v = parse_vocabulary({"version": "t", "concepts": {"x": {"ru": ["\u04ffлочн"]}}})
    assert len(v.stems) == 1


def test_pinyin_of_organisation_words_as_built_not_as_cached() -> None:
    # pinyin_concepts() answers from the disk cache; the table it caches is built here
    built = pinyin_concepts_built()
    assert built == pinyin_concepts()
    assert built["daxue"] == "university" and built["gongye"] == "industry"
    assert built["youxiangongsi"] == "company"  # a legal form reads as one
    assert built["yanjiusuo"] == "institute"
    assert "shanghai" not in built  # its pinyin is its word: nothing to look up
    assert all(k.isascii() and k.isalpha() and k == k.lower() for k in built)


def test_longer_phrases_are_replaced_first() -> None:
    v = parse_vocabulary(
        {
            "version": "t",
            "concepts": {"short": {"en": ["alpha beta"]}, "long": {"en": ["alpha beta gamma"]}},
        }
    )
    text = "alpha beta gamma"
    for pattern, target in v.phrases:
        text = pattern.sub(target, text)
    assert text.split() == ["long"]


def test_syllable_acronym_edges() -> None:
    assert singular("flies") == "fly"
    # three words are enough; the extra letter may be the first word's second letter
    assert head_syllable_acronym("whpu", ("wuhan", "polytechnic", "university"), 1)
    assert head_syllable_acronym("wuust", ("wuhan", "university", "science", "technology"), 1)
    # right length, but the first word is an organisation word: no extra letters from it
    assert not head_syllable_acronym("unit", ("university", "information", "tech"), 1)
