"""The per-script folds of screening keys (desk.screening.folds), one behaviour each.

Several of these failed before the folds were rewritten: the Russian legal form spelled
"predpriyatie" never matched Unidecode's "predpriiatie", Han characters outside the
Basic Multilingual Plane were dropped, and 20 shinjitai were missing from the table.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import opencc
import pytest

from desk.screening import Matcher, ScreeningList
from desk.screening.folds import fold, is_han, is_hangul, is_kana, segment
from desk.screening.folds.cyrillic import latin_acronym, transliterate
from desk.screening.folds.han import pinyin, romanise_han, strip_legal_han
from desk.screening.folds.hangul import romanise_hangul
from desk.screening.folds.hanja import (
    _fold_syllable,
    _hanja_table,
    _sino_number,
    hangul_key,
    reading_keys,
)
from desk.screening.folds.kana import hepburn, romanise_kana
from desk.screening.folds.latin import concept, initials, is_concept, latin_tokens, phonetic
from desk.screening.model import ListEntry, NameKey
from desk.screening.normalize import name_keys, to_simplified


def _tokens(name: str) -> tuple[str, ...]:
    return name_keys(name)[0].tokens


# -- kana -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kana", "latin"),
    [
        ("ハルビン", "harubin"),
        ("さっぽろ", "sapporo"),  # hiragana; small tsu doubles the consonant
        ("マッチャ", "matcha"),  # … and is t before ch
        ("コーヒー", "koohii"),  # the long-vowel mark repeats the vowel
        ("トウキョウ", "toukyou"),  # palatal syllable, vowels spelled out
        ("シンブン", "shimbun"),  # ン before b, m, p is m
        ("ナンバ", "namba"),
        ("ホンマ", "homma"),
        ("キンイ", "kin'i"),  # ン before a vowel
        ("ンヤ", "n'ya"),
        ("テンシン", "tenshin"),
        ("シャ", "sha"),
        ("チュ", "chu"),
        ("ジョ", "jo"),
        ("ヂャ", "ja"),
        ("ヴュ", "vyu"),
        ("テュ", "tyu"),
        ("スュ", "suyu"),  # no palatal form: the glide is written out
        ("キャ", "kya"),
        ("リョ", "ryo"),
        ("ティ", "ti"),  # foreign sounds written with small vowels
        ("ディ", "di"),
        ("トゥ", "tu"),
        ("ドゥ", "du"),
        ("デュ", "dyu"),
        ("フュ", "fyu"),
        ("ファ", "fa"),
        ("フィ", "fi"),
        ("ヴァ", "va"),
        ("ヴ", "vu"),
        ("ツァ", "tsa"),
        ("シェ", "she"),
        ("ジェ", "je"),
        ("チェ", "che"),
        ("ウィ", "wi"),
        ("ウォ", "wo"),
        ("イェ", "ye"),
        ("クァ", "kwa"),
        ("クヮ", "kwa"),  # small wa
        ("クゥ", "ku"),
        ("グヮ", "gwa"),
        ("グォ", "gwo"),
        ("キェ", "kye"),
        ("ヲ", "o"),
        ("ヶ", "ga"),
        ("ァ", "a"),  # a small vowel with nothing to attach to
        ("ーア", "a"),  # nothing to lengthen
        ("アッ", "a"),  # a final small tsu is silent
        ("アッ・イ", "a i"),  # … and before a word break
        ("アッン", "an"),  # … and before ン (it doubles consonants only)
        ("シー", "shii"),  # the long-vowel mark repeats the vowel, not the syllable
        ("カンー", "kan"),  # … and lengthens no consonant
        ("ア\u3099イ", "ai"),  # a voicing mark no kana takes is dropped
        ("カ2", "ka2"),  # what is not kana is kept
        ("さゝき", "sasaki"),  # iteration mark
        ("ヽ", ""),  # … with nothing to repeat
        ("ぁ", "a"),  # first and last hiragana of the block
        ("ゖ", "ga"),
        ("ゔ", "vu"),
        ("ゟ", "yori"),  # the hiragana digraph
        ("いすゞ", "isuzu"),  # voiced iteration mark
        ("ベヘシュティー", "beheshutii"),
        ("アルマズ・アンテイ", "arumazu antei"),
    ],
)
def test_kana_romanise_to_hepburn(kana: str, latin: str) -> None:
    assert hepburn(kana) == latin


def test_kana_variants_undo_the_vowels_japanese_adds_and_read_r_as_l() -> None:
    assert romanise_kana("アルマズ") == romanise_kana("アルマズ", 0) == "arumazu"
    assert romanise_kana("コウベ", 1) == "kobe"  # long vowels spelled out are made short
    assert romanise_kana("アフマド", 1) == "afmad"  # the u after f and the final o go
    assert romanise_kana("ペキンホテル").split() == ["beijing", "hoteru"]
    assert romanise_kana("アルマズ", 1) == "armaz"
    assert romanise_kana("アルマズ", 2) == "almaz"
    assert romanise_kana("コーヒー", 1) == "kohi"
    assert romanise_kana("キンイ", 1) == "kini"
    assert romanise_kana("ハルビン", 1) == "harbin"
    assert romanise_kana("ペキン", 0).split() == ["beijing"]  # places far from their sound


# -- Cyrillic and other scripts -----------------------------------------------------------


def test_cyrillic_is_spelled_as_the_lists_spell_it() -> None:
    assert transliterate("предприятие") == "predpriyatie"
    assert transliterate("юрий") == "yuriy"
    assert transliterate("сухой") == "sukhoy"
    assert transliterate("Сухой") == "Sukhoy"
    assert transliterate("한") == "han"  # anyascii capitalises syllables; lower kept lower
    assert latin_acronym("ФСБ") == "FSB"
    assert latin_acronym("Роснано") == "Роснано"


def test_russian_legal_forms_and_organisation_words_fold() -> None:
    # "predpriyatie" in the legal-form phrase never matched Unidecode's "predpriiatie".
    assert _tokens("Федеральное государственное унитарное предприятие «Микроген»") == ("mikrogen",)
    assert _tokens("Научно-исследовательский институт") == ("science", "research", "institute")
    assert _tokens("Технический университет") == ("technology", "university")
    # завод is the vocabulary's "plant" (factory, works, 工場, 工厂, 공장): org-vocabulary.json
    assert _tokens("Авиационный завод") == ("aviation", "plant")


# -- hangul -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hangul", "rr", "north"),
    [
        ("금강", "geumgang", "kumgang"),  # eu → u, g → k at the start
        ("대동강", "daedonggang", "taedonggang"),  # d → t
        ("부강", "bugang", "pugang"),  # b → p
        ("청진", "cheongjin", "chongjin"),  # eo → o
        ("락원", "lagwon", "ragwon"),  # l → r
        ("백", "baeg", "paek"),  # a final g is k (ng stays)
    ],
)
def test_hangul_gets_the_north_korean_latin_spelling_too(hangul: str, rr: str, north: str) -> None:
    assert romanise_hangul(hangul) == rr
    assert romanise_hangul(hangul, 1) == north


def test_hangul_romanises_in_revised_romanization_with_organisation_words() -> None:
    assert romanise_hangul("김일성종합대학") == "gimilseongjonghab university"
    assert romanise_hangul("평양") == "pyeongyang"
    assert romanise_hangul("평양", 1) == "pyongyang"  # the North Korean Latin spelling
    assert romanise_hangul("련봉", 1) == "ryonbong"
    assert romanise_hangul("조선무역") == "korea trading"


@pytest.mark.parametrize(
    ("digits", "hangul"),
    [
        ("0", "영"),
        ("1", "일"),
        ("2", "이"),
        ("10", "십"),
        ("11", "십일"),
        ("20", "이십"),
        ("100", "백"),
        ("105", "백오"),
        ("1000", "천"),
        ("2026", "이천이십육"),
        ("9999", "구천구백구십구"),
        ("10000", "일영영영영"),  # past the thousands: digit by digit
    ],
)
def test_digits_in_a_hangul_query_are_read_in_sino_korean(digits: str, hangul: str) -> None:
    assert _sino_number(digits) == hangul
    assert hangul_key(f"제{digits}연구소") == hangul_key(f"제{hangul}연구소")


def test_each_syllable_fold_rule() -> None:
    folded = "".join(_fold_syllable(c) for c in "냐냬녀녜뇨뉴니나랴라차카타파하")
    assert folded == "야얘여예요유이나야나자가다바하"
    assert _fold_syllable("\ud7a4") == "\ud7a4"  # past the syllable block: kept
    assert _fold_syllable("A") == "A"


def test_hangul_syllables_fold_initial_sound_and_aspiration() -> None:
    assert hangul_key("락원") == hangul_key("낙원")
    assert hangul_key("련봉") == hangul_key("연봉")
    assert hangul_key("리화") == hangul_key("니화") == hangul_key("이화")
    assert hangul_key("총련") == hangul_key("종연")
    assert hangul_key("제2연구소") == hangul_key("제이연구소")
    assert hangul_key("김") is None  # one syllable is not a key
    assert hangul_key("평양") == NameKey(tokens=(), han="병양", via="hangul")  # ㅍ as ㅂ
    assert hangul_key("가힣 Co.") == NameKey(tokens=(), han="가힣", via="hangul")  # block ends


# -- Korean readings of Chinese characters ------------------------------------------------


def test_listed_characters_get_their_korean_reading() -> None:
    keys = {k.han for k in reading_keys("金日成総合大学")}
    assert keys == {"금일성종합대학", "김일성종합대학"}  # 金: 금 in words, 김 in names
    assert {k.via for k in reading_keys("金日成総合大学")} == {"hanja"}
    assert reading_keys("麹町大学")[0].han.startswith("국")  # not 曲 곡
    assert reading_keys("平壤") == (NameKey(tokens=(), han="병양", via="hanja"),)
    assert reading_keys("金") == ()


def test_script_classes() -> None:
    assert is_hangul("한") and is_hangul("ㄱ") and is_hangul("ᄀ") and not is_hangul("ア")
    assert is_kana("ア") and is_kana("あ") and is_kana("ㇰ") and not is_kana("漢")


def test_the_vendored_reading_table_is_read_with_the_standard_library() -> None:
    table = _hanja_table()
    assert len(table) == 27497
    assert table["韓"] == "한" and table["學"] == "학"


def test_a_broken_reading_table_names_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "screening").mkdir()
    (tmp_path / "screening" / "hanja-readings.tsv").write_text("韓\t한\n學 학\n", "utf-8")
    monkeypatch.setenv("DESK_RESOURCES", str(tmp_path))
    _hanja_table.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"hanja-readings\.tsv, line 2"):
            _hanja_table()
    finally:
        monkeypatch.delenv("DESK_RESOURCES")
        _hanja_table.cache_clear()


# -- Han --------------------------------------------------------------------------------


def test_han_outside_the_basic_plane_is_kept_in_keys() -> None:
    assert is_han("𠮷") and is_han("𪚲") and is_han("中") and not is_han("ア")
    (key,) = name_keys("𠮷野精機株式会社")
    assert key.han == "𠮷野精机"
    assert key.tokens and key.tokens != name_keys("野精機")[0].tokens


def test_han_runs_read_as_concepts_and_pinyin_legal_forms_dropped() -> None:
    assert romanise_han("哈尔滨工业大学") == "haerbin industry university"
    assert strip_legal_han("华为技术有限公司") == "华为技术"


def test_characters_pypinyin_cannot_read_are_spelled_not_dropped() -> None:
    assert pinyin("北京") == "beijing"
    assert pinyin("𠮷𡈽") == "kichido"  # anyascii's readings, in order
    assert pinyin("\U00030000野") == "u30000ye"  # no reading at all: the code point


def test_a_listed_name_with_a_plane_2_character_is_told_from_one_without() -> None:
    lst = ScreeningList(
        id="t",
        version="1",
        sha256="-",
        entries=(
            ListEntry(no="1", country="JP", name="Tsuchiyoshi Seiki", local_names=("𠮷野精機",)),
            ListEntry(no="2", country="JP", name="No Seiki", local_names=("野精機",)),
        ),
    )
    hits = Matcher([lst], warm=False).screen("𠮷野精機")
    assert hits[0].entry == "1" and hits[0].score == 1.0
    assert all(h.score < 0.9 for h in hits[1:]), hits


def _jp_variants() -> dict[str, list[str]]:
    """Shinjitai → the traditional characters it stands for, from OpenCC's JPVariants."""
    path = Path(opencc.__file__).parent / "dictionary" / "JPVariants.txt"
    out: dict[str, list[str]] = {}
    for line in path.read_text("utf-8").splitlines():
        trad, jp = line.split("\t")
        for j in jp.split():
            out.setdefault(j, []).append(trad)
    return out


# Shinjitai the table leaves alone or folds otherwise than OpenCC, and why.
SHINJITAI_EXCEPTIONS = {
    "予": "an ordinary Chinese character (give); 豫 is another word and Henan's abbreviation",
    "欠": "an ordinary Chinese character (owe); 缺 (lack) is another word",
    "醋": "an ordinary Chinese character (vinegar)",
    "疏": "the standard simplified form itself",
    "沪": "Shanghai's abbreviation in Chinese; never 滤",
    "連": "OpenCC's JPVariants pairs it with 聯; desk folds it to 连 (t2s of 連)",
    "緒": "folds to 绪, the simplified form (JPVariants gives the variant 緖)",
    "桝": "a Japanese character (kokuji) with no Chinese form",
    "鉱": "folds to 矿; OpenCC's t2s does not know 鑛",
    "弁": "stands for 辦 辯 瓣 辨: folded to 办 (辦), its sense in organisation names",
}


def test_shinjitai_fold_as_opencc_says_except_where_documented() -> None:
    t2s = opencc.OpenCC("t2s")
    wrong = []
    for jp, trads in sorted(_jp_variants().items()):
        if jp in SHINJITAI_EXCEPTIONS:
            continue
        expect = {t2s.convert(t) for t in trads}
        if to_simplified(jp) not in expect:
            wrong.append(f"{jp}→{to_simplified(jp)} (OpenCC: {'/'.join(sorted(expect))})")
    assert not wrong, " ".join(wrong)


def test_shinjitai_once_missing_fold_to_simplified() -> None:
    shinjitai = "効晩渉隠艶醤錬鴎麺噛唖撹蝋繍痩渇戻尭鹸麹"
    assert to_simplified(shinjitai) == "效晚涉隐艳酱炼鸥面啮哑搅蜡绣瘦渴戾尧碱曲"


def test_desk_table_wins_over_opencc_where_opencc_is_wrong() -> None:
    assert to_simplified("研究所") == "研究所"  # OpenCC alone: 硏 stays apart from 研
    assert to_simplified("弁事処") == "办事处"  # 弁 as 辦 (see SHINJITAI_EXCEPTIONS)
    assert to_simplified("哈爾浜") == "哈尔滨"
    assert to_simplified("鉱業") == "矿业"


# -- Latin ------------------------------------------------------------------------------


def test_organisation_words_and_sound_keys() -> None:
    assert is_concept("university") and is_concept("univ") and not is_concept("harbin")
    assert is_concept("china")  # a concept only the Chinese word table gives
    assert concept("univ") == "university" and concept("harbin") == "harbin"
    assert phonetic("sukhoy") == phonetic("sukhoi") == "suhoi"
    assert phonetic("himmed") == phonetic("khimmed") == "himet"  # doubled letters once
    assert phonetic("joseon") == phonetic("choson") == "coson"


@pytest.mark.parametrize(
    ("latin", "tokens"),
    [
        ("k n logistics", ("kn", "logistics")),  # single letters are one abbreviation
        ("a b c d trading", ("abcd", "trading")),
        ("k. n. logistics", ("kn", "logistics")),
        ("r&d center", ("research", "development", "center")),
        ("xi’an jiaotong university", ("xian", "jiaotong", "university")),  # apostrophes
        ("xi`an jiaotong", ("xian", "jiaotong")),
        ("beijing ligong daxue", ("beijing", "ligong", "university")),  # pinyin; 理工 own word
        ("acme co ltd trading", ("acme", "trading")),  # legal forms dropped, not the rest
        ("co ltd", ("company", "company")),  # nothing but legal forms: kept
        ("the of", ("the", "of")),  # nothing but stop words: kept
    ],
)
def test_latin_tokens(latin: str, tokens: tuple[str, ...]) -> None:
    assert latin_tokens(latin) == tokens


def test_script_class_boundaries() -> None:
    for lo, hi in ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF)):
        assert is_han(chr(lo)) and is_han(chr(hi)) and not is_han(chr(lo - 1))
    assert is_han("〇") and not is_han(chr(0x9FFF + 1)) and not is_han(chr(0x40000))
    for lo, hi in ((0x3040, 0x30FF), (0x31F0, 0x31FF)):
        assert is_kana(chr(lo)) and is_kana(chr(hi)) and not is_kana(chr(lo - 1))
    assert not is_kana(chr(0x31FF + 1))
    for lo, hi in ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F)):
        assert is_hangul(chr(lo)) and is_hangul(chr(hi))
        assert not is_hangul(chr(lo - 1)) and not is_hangul(chr(hi + 1))


@pytest.mark.parametrize(
    ("name", "expect"),
    [
        ("Iran University of Science and Technology", "iust"),  # stop words left out
        ("Harbin Engineering University", "heu"),  # three words are enough
        ("Harbin University", None),  # two are not
        ("Beijing Aerospace & Electronics Institute", "baei"),  # & is "and"
        ("Harbin Power Equipment Company Limited", "hpe"),  # legal forms left out
        ("Tula Arms Plant No 8 Ltd", "tapn"),  # … and numbers
        ("Joint Stock Company Omsk Transport Machine Factory", "otmf"),  # legal phrase
        ("China Academy of Launch Vehicle Technology (CALT)", "calvt"),  # given acronym
        ("Научно-исследовательский институт", None),  # not a Latin-script name
    ],
)
def test_initials_of_a_latin_name(name: str, expect: str | None) -> None:
    assert initials(name) == expect


# -- shared -----------------------------------------------------------------------------


def test_fold_keeps_kana_voicing_and_drops_accents() -> None:
    assert fold("ＢＡＳＦ Société") == "basf societe"
    assert fold("ガ") == "ガ"
    assert fold("ｶﾞ") == "ガ"  # half-width kana with its voicing mark
    assert fold("Йошкар-Ола Ёлка") == "йошкар-ола ёлка"  # Cyrillic letters, not accents
    assert fold("\u0301x") == "x"  # a stray mark at the start is an accent


def test_segment_takes_the_longest_dictionary_word() -> None:
    words = {"大学": "u", "大": "x", "工业大学": "w"}
    assert segment("哈尔滨工业大学", words, 4) == [("哈尔滨", False), ("工业大学", True)]
    three = {"哈尔滨": "harbin", "大学": "university"}
    assert segment("哈尔滨大学", three, 3) == [("哈尔滨", True), ("大学", True)]


def test_screening_imports_no_gpl_transliteration_package() -> None:
    code = (
        "import sys; from desk.screening.normalize import name_keys, warm_up, reading_keys;"
        "warm_up(); name_keys('Микрон ハルビン 평양 哈尔滨'); reading_keys('金日成');"
        "bad = {'unidecode', 'pykakasi', 'hangul_romanize', 'hanja', 'yaml'} & set(sys.modules);"
        "print(sorted(bad)); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
