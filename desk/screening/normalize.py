"""Turning a name in any script into comparable keys.

Every name becomes one or more :class:`NameKey`:

- ``tokens``: words in one Latin space. Chinese characters become pinyin (place names,
  personal names) or a concept word (大学 → ``university``), kana become Hepburn, hangul
  Revised Romanization, Cyrillic and other scripts ``unidecode``. Legal forms (Co., Ltd.,
  株式会社, 有限公司, JSC, OAO, GmbH …) are dropped, organisation words and their
  abbreviations fold to one concept (Univ. / University / 大学 / 大學 → ``university``).
- ``han``: the Chinese characters folded to simplified Chinese (traditional via OpenCC,
  Japanese shinjitai via a small table), legal forms dropped — compared character by
  character, which is more exact than the romanisation when both sides have characters.

The tables are deliberately generic (words that occur in many organisation names); no
listed name is special-cased here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

# Japanese shinjitai → simplified Chinese (where OpenCC's t2s does not already do it):
# 浜 (哈爾浜) → 滨, 団 (集団) → 团, 壌 (平壌) → 壤 …
_SHINJITAI = (
    "浜団壌沢広発変対応総転軽経単鉄関険験検様権観読売続緑圧囲図戦気楽薬両亜悪円塩価拡覚帰挙駆"
    "継芸剣圏鉱歳雑賛実釈収従処焼乗浄譲専繊荘捜蔵帯択弾遅鋳庁聴鎮伝闘徳脳廃髪抜仏辺歩豊満訳頼"
    "覧竜霊齢労湾厰営栄県医会体旧号声数斉粋称写児党当灯点来乱麦黒黙恵渓峡郷掲径茎蛍鶏巻陥寛歓"
    "勧缶偽戯犠狭暁区撃倹献顕厳恒黄済砕斎剤桜参蚕惨残糸歯辞湿寿渋獣縦粛奨将条状剰畳縄嬢醸触寝"
    "尽酔随髄枢瀬静摂窃浅践銭潜禅双壮争挿巣装騒増臓属堕滞滝担胆断痴昼虫徴逓盗稲独弐悩覇拝蛮払"
    "並舗宝没毎万弥与誉揺謡猟涙塁励礼暦歴恋炉楼録縁殴欧穏仮画絵壊懐殻学岳亀拠虚挟駅隣賎侭弁芦"
    "桟勲薫即冨渕曽祢桧禍嘱廻姫舎穂"
)
_SIMPLIFIED = (
    "滨团壤泽广发变对应总转轻经单铁关险验检样权观读卖续绿压围图战气乐药两亚恶圆盐价扩觉归举驱"
    "继艺剑圈矿岁杂赞实释收从处烧乘净让专纤庄搜藏带择弹迟铸厅听镇传斗德脑废发拔佛边步丰满译赖"
    "览龙灵龄劳湾厂营荣县医会体旧号声数齐粹称写儿党当灯点来乱麦黑默惠溪峡乡揭径茎萤鸡卷陷宽欢"
    "劝罐伪戏牺狭晓区击俭献显严恒黄济碎斋剂樱参蚕惨残丝齿辞湿寿涩兽纵肃奖将条状剩叠绳娘酿触寝"
    "尽醉随髓枢濑静摄窃浅践钱潜禅双壮争插巢装骚增脏属堕滞泷担胆断痴昼虫征递盗稻独贰恼霸拜蛮拂"
    "并铺宝没每万弥与誉摇谣猎泪垒励礼历历恋炉楼录缘殴欧稳假画绘坏怀壳学岳龟据虚挟驿邻贱尽办芦"
    "栈勋薰即富渊曾祢桧祸嘱回姬舍穗"
)
_SHINJITAI_MAP = str.maketrans(_SHINJITAI, _SIMPLIFIED)

LEGAL = "@legal"  # marker for a dropped legal form (never a token in a key)

# Chinese / Japanese words (in simplified characters) → concept tokens, longest first.
_HAN_WORDS: dict[str, str] = {
    "股份有限公司": LEGAL,
    "有限责任公司": LEGAL,
    "有限公司": LEGAL,
    "集团公司": LEGAL,
    "总公司": LEGAL,
    "分公司": LEGAL,
    "公司": LEGAL,
    "株式会社": LEGAL,
    "有限会社": LEGAL,
    "合同会社": LEGAL,
    "会社": LEGAL,
    "集团": LEGAL,
    "科学技术": "science technology",
    "科学院": "academy science",
    "研究中心": "research center",
    "研究院": "academy",
    "研究所": "institute",
    "大学": "university",
    "学院": "college",
    "中心": "center",
    "工程": "engineering",
    "技术": "technology",
    "科技": "science technology",
    "科学": "science",
    "理工": "science technology",
    "重工": "heavy industry",
    "工业": "industry",
    "电子": "electronic",
    "航空": "aviation",
    "航天": "aerospace",
    "空间": "space",
    "中国": "china",
    "中华": "china",
    "国家": "national",
    "国际": "international",
    "物理": "physics",
    "光学": "optics",
    "精密": "precision",
    "机械": "mechanics",
    "化学": "chemical",
    "化工": "chemical",
    "材料": "materials",
    "研究": "research",
    "设计": "design",
    "制造": "manufacturing",
    "飞机": "aircraft",
    "火箭": "rocket",
    "导弹": "missile",
    "贸易": "trading",
    "进出口": "import export",
    "医科": "medical",
    "医学": "medical",
    "医药": "pharmaceutical",
    "仪器": "instrument",
    "仪表": "instrument",
    "设备": "equipment",
    "系统": "system",
    "通信": "communication",
    "信息": "information",
    "能源": "energy",
    "动力": "power",
    "船舶": "shipbuilding",
    "兵器": "ordnance",
    "军事": "military",
    "国防": "defense",
    "林业": "forestry",
    "农业": "agricultural",
    "师范": "normal",
    "发展": "development",
    "应用": "applied",
    "工科": "technology",
    "总局": "general bureau",
}
# Chinese place names that start many organisation names: segmenting them keeps the
# pinyin of the place as one word (上海 → shanghai), comparable with the Latin name.
_PLACES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 "
    "广东 海南 四川 贵州 云南 甘肃 青海 台湾 广西 宁夏 新疆 哈尔滨 长春 沈阳 大连 石家庄 "
    "太原 济南 青岛 南京 杭州 合肥 福州 厦门 南昌 郑州 武汉 长沙 广州 深圳 成都 贵阳 昆明 西安 "
    "兰州 西宁 银川 南宁 苏州 无锡 宁波 绵阳 洛阳 珠海 东莞 佛山 天水 宝鸡 株洲 湘潭 常州 徐州 "
    "烟台 威海 保定 唐山 邯郸 包头 鞍山 抚顺 丹东 锦州 大庆 牡丹江"
)
_EXONYMS = {
    "香港": "hong kong",
    "澳门": "macau",
    "陕西": "shaanxi",
    "内蒙古": "inner mongolia",
    "西藏": "tibet",
    "平壤": "pyongyang",
    "东北": "northeast",
    "西北": "northwest",
    "东南": "southeast",
    "西南": "southwest",
}
_HAN_FUNCTION_CHARS = str.maketrans({c: " " for c in "与和及之的"})


@cache
def _han_words() -> dict[str, str]:
    from pypinyin import lazy_pinyin

    words = dict(_HAN_WORDS)
    for place in _PLACES.split():
        words.setdefault(place, "".join(lazy_pinyin(place)))
    words.update(_EXONYMS)
    return words


_HAN_CONCEPT_WORDS = frozenset(w for v in _HAN_WORDS.values() for w in v.split())
_HAN_MAX = max(len(w) for w in (*_HAN_WORDS, *_EXONYMS, *_PLACES.split()))

_HANGUL_WORDS: dict[str, str] = {
    "주식회사": LEGAL,
    "총회사": "general",
    "회사": LEGAL,
    "대학교": "university",
    "대학": "university",
    "연구소": "institute",
    "연구원": "academy",
    "기술": "technology",
    "과학": "science",
    "공업": "industry",
    "무역": "trading",
    "조선": "korea",
    "총국": "general bureau",
}
_HANGUL_MAX = max(len(w) for w in _HANGUL_WORDS)

# Latin words → one concept (abbreviations and variants of organisation words).
_CONCEPTS: dict[str, str] = {}


def _concept(target: str, *words: str) -> None:
    for w in (target, *words):
        _CONCEPTS[w] = target


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
_CONCEPTS["jv"] = "joint venture"


@cache
def _pinyin_concepts() -> dict[str, str]:
    """Pinyin of the Chinese organisation words (``daxue`` → ``university``, ``gongsi`` →
    legal form): names typed in pinyin read like the characters they stand for."""
    from pypinyin import lazy_pinyin

    out: dict[str, str] = {}
    for han, target in (*_HAN_WORDS.items(), *_EXONYMS.items()):
        py = "".join(lazy_pinyin(han))
        if py != target.replace(" ", "") and py not in _CONCEPTS and py.isascii():
            out[py] = "company" if target == LEGAL else target
    return out


# Multi-word legal forms, removed before the single words are looked at.
_LEGAL_PHRASES = re.compile(
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

_ACRONYM_IN_PARENS = re.compile(r"\(([^()]*)\)")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-.]{1,9}$")


_DIRECTIONS = frozenset(
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
    "nuclear petroleum commerce finance economics agriculture mining metallurgy".split()
)


def is_concept(word: str) -> bool:
    """True for organisation words (``university``, ``technology``…), not names."""
    return word in _CONCEPTS or word in _HAN_CONCEPT_WORDS


def is_known_word(word: str) -> bool:
    """A dictionary word (organisation word, direction): another dictionary word close
    in spelling is another word (northeast ≠ northwest), not a typo of it."""
    return is_concept(word) or word in _DIRECTIONS or word in _KNOWN_PLACE_WORDS


def concept(word: str) -> str:
    """The concept a (folded, Latin) word stands for, or the word itself."""
    return _CONCEPTS.get(word, word)


@dataclass(frozen=True)
class NameKey:
    """One comparable form of a name."""

    tokens: tuple[str, ...]
    han: str = ""
    acronym: str = ""  # set when the name is an acronym (compared exactly, not fuzzily)
    via: str = "latin"  # how the tokens were obtained: latin, pinyin, kana, hangul, translit

    @property
    def text(self) -> str:
        return self.acronym or " ".join(self.tokens)

    def describe(self) -> dict[str, Any]:
        d: dict[str, Any] = {"via": self.via, "tokens": list(self.tokens)}
        if self.han:
            d["han"] = self.han
        if self.acronym:
            d["acronym"] = self.acronym
        return d


@cache
def _opencc() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _kakasi() -> Any:
    import pykakasi

    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


@cache
def _hangul() -> Any:
    from hangul_romanize import Transliter
    from hangul_romanize.rule import academic

    return Transliter(academic)


def warm_up() -> None:
    """Load the conversion tables (pinyin, kana, OpenCC) before the first query needs them."""
    _opencc()
    _kakasi()
    _han_words()
    _pinyin("中")
    _pinyin_concepts()
    _hanja_table()
    _opencc_s2t()


def _is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or o == 0x3007


def _is_kana(ch: str) -> bool:
    o = ord(ch)
    return 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF


def _is_hangul(ch: str) -> bool:
    o = ord(ch)
    return 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F


def to_simplified(text: str) -> str:
    """Fold traditional Chinese and Japanese shinjitai to simplified Chinese."""
    return str(_opencc().convert(text.translate(_SHINJITAI_MAP)))


def _segment(run: str, words: dict[str, str], longest: int) -> list[tuple[str, bool]]:
    """Split a run into (piece, is_dictionary_word), longest dictionary match first."""
    out: list[tuple[str, bool]] = []
    rest = ""
    i = 0
    while i < len(run):
        for n in range(min(longest, len(run) - i), 1, -1):
            if run[i : i + n] in words:
                if rest:
                    out.append((rest, False))
                    rest = ""
                out.append((run[i : i + n], True))
                i += n
                break
        else:
            rest += run[i]
            i += 1
    if rest:
        out.append((rest, False))
    return out


def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text))


def _romanise_han(run: str) -> str:
    words = _han_words()
    parts = []
    for chunk in run.translate(_HAN_FUNCTION_CHARS).split():
        for piece, known in _segment(chunk, words, _HAN_MAX):
            parts.append(words[piece] if known else _pinyin(piece))
    return " ".join(parts)


_EPENTHETIC_U = re.compile(r"(?<=[bcdfghjkmprstvwz])u(?=[bcdfghjkmnprstvwz]|\b)")
_EPENTHETIC_O = re.compile(r"(?<=[td])o(?=[bcdfghjkmnprstvwz]|\b)")
_LONG_VOWEL = re.compile(r"([aeiou])\1|(?<=o)u")


# Place names whose katakana is far from their Latin form (ペキン = Beijing).
_KANA_PLACES = {
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
    "サンクトペテルブルク": "saint petersburg",
    "テヘラン": "tehran",
    "イスファハン": "isfahan",
    "ダマスカス": "damascus",
    "ドバイ": "dubai",
}
_KANA_PLACES_MAX = max(len(w) for w in _KANA_PLACES)
_KNOWN_PLACE_WORDS = frozenset(
    w for v in (*_EXONYMS.values(), *_KANA_PLACES.values()) for w in v.split()
)


def _romanise_kana(run: str, variant: int = 0) -> str:
    """Hepburn. Variants undo the vowels Japanese adds to foreign words (アルマズ
    ``arumazu`` → ``armaz``) and, in the second, read r as l (→ ``almaz``)."""
    parts = []
    for piece, known in _segment(run, _KANA_PLACES, _KANA_PLACES_MAX):
        if known:
            parts.append(" " + _KANA_PLACES[piece] + " ")
        else:
            parts.append(_kana_to_latin(piece, variant))
    return "".join(parts)


def _kana_to_latin(run: str, variant: int) -> str:
    text = "".join(item["hepburn"] for item in _kakasi().convert(run))
    if variant:
        text = text.replace("'", "").replace("・", " ")
        text = _LONG_VOWEL.sub(lambda m: m.group(1) or "", text)
        text = _EPENTHETIC_O.sub("", _EPENTHETIC_U.sub("", text))
        if variant == 2:
            text = text.replace("r", "l")
    return text


def _mccune(word: str) -> str:
    """Revised Romanization → the McCune–Reischauer-like spelling North Korean names
    use in Latin (평양 pyeongyang → pyongyang, 련봉 lyeonbong → ryonbong)."""
    word = word.replace("eo", "o").replace("eu", "u")
    if word[:1] in ("l", "g", "d", "b"):
        word = {"l": "r", "g": "k", "d": "t", "b": "p"}[word[0]] + word[1:]
    if word.endswith("g") and not word.endswith("ng"):
        word = word[:-1] + "k"
    return word


def _romanise_hangul(run: str, variant: int = 0) -> str:
    parts = []
    for piece, known in _segment(run, _HANGUL_WORDS, _HANGUL_MAX):
        if known:
            parts.append(_HANGUL_WORDS[piece])
        else:
            word = str(_hangul().translit(piece)).replace("-", "")
            parts.append(_mccune(word) if variant else word)
    return " ".join(parts)


def _strip_legal_han(text: str) -> str:
    kept = [
        p
        for p, known in _segment(text, _HAN_WORDS, _HAN_MAX)
        if not (known and _HAN_WORDS[p] == LEGAL)
    ]
    return "".join(kept)


def fold(text: str) -> str:
    """NFKC (full-width → ASCII, compatibility forms), case folding, accents removed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    # Accents go; the kana voicing marks (U+3099, U+309A) are part of the sound and stay.
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) or c in _KANA_MARKS)
    return unicodedata.normalize("NFC", kept)


_KANA_MARKS = "\u3099\u309a"


def _romanise(text: str, variant: int = 0) -> tuple[str, str]:
    """Latin transcription of mixed-script text, and which route was taken."""
    from unidecode import unidecode

    out: list[str] = []
    via = "latin"
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if _is_han(ch) or _is_kana(ch) or ch == "ー":
            j = i
            while j < n and (_is_han(text[j]) or _is_kana(text[j]) or text[j] == "ー"):
                j += 1
            run = text[i:j]
            # Han and kana alternate inside one Japanese name: romanise each sub-run.
            k = 0
            while k < len(run):
                m = k
                han = _is_han(run[k])
                while m < len(run) and _is_han(run[m]) == han:
                    m += 1
                piece = run[k:m]
                if han:
                    out.append(" " + _romanise_han(to_simplified(piece)) + " ")
                    via = "pinyin" if via in ("latin", "pinyin") else via
                else:
                    out.append(" " + _romanise_kana(piece, variant) + " ")
                    via = "kana"
                k = m
            i = j
        elif _is_hangul(ch):
            j = i
            while j < n and _is_hangul(text[j]):
                j += 1
            out.append(" " + _romanise_hangul(text[i:j], variant) + " ")
            via = "hangul"
            i = j
        elif ord(ch) < 0x250 or not ch.isalpha():
            out.append(ch)
            i += 1
        else:
            out.append(unidecode(ch))
            if via == "latin":
                via = "translit"
            i += 1
    return "".join(out), via


_SPLIT = re.compile(r"[^0-9a-z@]+")


_R_AND_D = re.compile(r"\br\s*&\s*d\b")


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


def _tokens(latin: str) -> tuple[str, ...]:
    text = _R_AND_D.sub(" research development ", latin)
    text = text.replace("&", " and ").replace("'", "").replace("’", "").replace("`", "")
    text = _LEGAL_PHRASES.sub(" ", text)
    raw = _merge_initials([t for t in _SPLIT.split(text) if t])
    pinyin = _pinyin_concepts()
    out: list[str] = []
    for t in raw:
        if t in STOPWORDS:
            continue
        c = _CONCEPTS.get(t) or pinyin.get(t, t)
        if c == "company":  # legal form: dropped
            continue
        out.extend(c.split())
    if not out:  # a name made only of generic words: keep them rather than lose it
        out = [_CONCEPTS.get(t, t) for t in raw if t not in STOPWORDS] or raw
        out = [t for t in out if t != LEGAL] or raw
    return tuple(t for t in out if t != LEGAL)


def _key(text: str, variant: int = 0) -> NameKey | None:
    folded = fold(text)
    han_chars = "".join(c for c in folded if _is_han(c))
    # Kana mixed in (a Japanese rendering): the characters alone are only a fragment.
    has_kana = any(_is_kana(c) for c in folded if c not in "のノヶケ")
    han = _strip_legal_han(to_simplified(han_chars)) if han_chars and not has_kana else ""
    latin, via = _romanise(folded, variant)
    toks = _tokens(latin)
    if not toks and not han:
        return None
    return NameKey(tokens=toks, han=han, via=via)


_PHONETIC_STEPS = (
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


def phonetic(word: str) -> str:
    """A coarse sound key of a Latin word, for transliteration variants only: voicing,
    the Kh/H, ch/j, y/i, eo/o spellings fold together and doubled letters count once
    (Sukhoi = Sukhoy, Joseon = Choson, Geumgang = Kumgang, Himmed = Khimmed)."""
    for a, b in _PHONETIC_STEPS:
        word = word.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", word)


def initials(name: str) -> str | None:
    """The initials of a Latin-script name of three or more words, without stop words
    and legal forms ("Iran University of Science and Technology" → ``iust``): the
    acronym such names are usually known by, when the list does not give it."""
    text = _ACRONYM_IN_PARENS.sub(" ", fold(name))
    if any(not c.isascii() for c in text if c.isalpha()):
        return None
    text = _LEGAL_PHRASES.sub(" ", text.replace("&", " and ").replace("'", ""))
    words = [w for w in _SPLIT.split(text) if w and w not in STOPWORDS]
    words = [w for w in words if _CONCEPTS.get(w) != "company" and not w.isdigit()]
    if len(words) < 3:
        return None
    return "".join(w[0] for w in words)


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
    if _CYRILLIC_ACRONYM.match(nfkc):  # ФСБ, ЦКБА: the acronym in Latin letters
        from unidecode import unidecode

        nfkc = unidecode(nfkc)
    if _ACRONYM.match(nfkc.replace(" ", "")) and len(nfkc.split()) == 1:
        add(NameKey(tokens=(), acronym=re.sub(r"[^0-9a-z]", "", nfkc.casefold()), via="acronym"))
        add(_key(nfkc))
        return tuple(keys)
    outside = _ACRONYM_IN_PARENS.sub(" ", nfkc).strip()
    inside = [m.strip() for m in _ACRONYM_IN_PARENS.findall(nfkc)]
    if outside and inside:
        add(_key(outside))
        for part in inside:
            compact = part.replace(" ", "")
            if _CYRILLIC_ACRONYM.match(compact):  # "Служба … (СВР)"
                from unidecode import unidecode

                compact = unidecode(compact)
            if _ACRONYM.match(compact):
                add(
                    NameKey(
                        tokens=(),
                        acronym=re.sub(r"[^0-9a-z]", "", compact.casefold()),
                        via="acronym",
                    )
                )
            elif len(part.split()) >= 2 or any(_is_han(c) for c in part):
                # "ESNICO (Equipment Supplier for Nuclear Industries Corporation)",
                # "K Logistics (China) Limited （快急送物流有限公司）": another name.
                add(_key(part))
        add(_key(nfkc))
    else:
        add(_key(nfkc))
    if any(_is_kana(c) for c in nfkc):
        add(_key(nfkc, 1))
        add(_key(nfkc, 2))
    elif any(_is_hangul(c) for c in nfkc):
        add(_key(nfkc, 1))
        add(_hangul_key(nfkc))
    # "SkyTech", "KeDo", "BeijingLigongDaxue": words run together in camel case.
    camel = _CAMEL.sub(" ", _ACRONYM_IN_PARENS.sub(" ", nfkc))
    if camel != _ACRONYM_IN_PARENS.sub(" ", nfkc):
        add(_key(camel))
    for k in list(keys):
        add(_split_compounds(k))
    return tuple(keys)


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
_CYRILLIC_ACRONYM = re.compile(r"^[\u0410-\u042f\u0401]{2,6}$")


def _split_compounds(k: NameKey) -> NameKey | None:
    """ "Paktech" / "Skytech": a name word glued to an organisation word (``tech``,
    ``chem``, ``eng`` …) is also read as the two words."""
    out: list[str] = []
    for t in k.tokens:
        if len(t) >= 7 and t not in _CONCEPTS:
            for cut in range(3, len(t) - 2):
                head, tail = t[:cut], t[cut:]
                if tail in _CONCEPTS and _CONCEPTS[tail] != "company" and head not in STOPWORDS:
                    out.extend((head, _CONCEPTS[tail]))
                    break
            else:
                out.append(t)
        else:
            out.append(t)
    if len(out) == len(k.tokens):
        return None
    return NameKey(tokens=tuple(out), han=k.han, via=k.via)


# -- Korean readings of Chinese characters ----------------------------------------------
# A hangul query (김일성종합대학) is compared with the Korean (Sino-Korean) reading of the
# listed characters (金日成総合大学), syllable by syllable, like Chinese characters are.

# Characters read two ways in names; both readings are tried (金: 김 as a surname, 금 in
# words such as 金剛 금강; 樂 락 / 악; 北 북 / 배; 車 차 / 거; 不 불 / 부).
_HANJA_SECOND = {"金": "김", "樂": "악", "楽": "락", "北": "배", "車": "거", "不": "부"}
_SINO_DIGITS = "영일이삼사오육칠팔구"


@cache
def _hanja_table() -> dict[str, str]:
    """Character → Korean reading, from the ``hanja`` package's table (27,000 characters).
    Read directly: importing the package would parse it with PyYAML, ten times slower."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("hanja")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "table.yml"
    pair = re.compile(r'^"\\u([0-9A-Fa-f]{4,5})": "\\u([0-9A-Fa-f]{4})"', re.M)
    return {chr(int(a, 16)): chr(int(b, 16)) for a, b in pair.findall(path.read_text("ascii"))}


def _fold_syllable(ch: str) -> str:
    """Initial-sound rule (두음법칙): 락/낙/악, 리/니/이 are one syllable for matching, as
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


def _hangul_key(text: str) -> NameKey | None:
    text = re.sub(r"\d+", lambda m: _sino_number(m.group()), text)
    syllables = "".join(_fold_syllable(c) for c in text if 0xAC00 <= ord(c) <= 0xD7A3)
    return NameKey(tokens=(), han=syllables, via="hangul") if len(syllables) >= 2 else None


def reading_keys(name: str) -> tuple[NameKey, ...]:
    """Keys of a *listed* name for hangul queries: the Korean reading of its Chinese
    characters (both readings of the few characters read two ways)."""
    chars = [c for c in unicodedata.normalize("NFKC", name) if _is_han(c)]
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
    t = str(_opencc_s2t().convert(c.translate(_SHINJITAI_MAP)))
    r = table.get(t) or table.get(c)
    if r is None:
        return None
    return _fold_syllable(r), _fold_syllable(_HANJA_SECOND.get(c) or _HANJA_SECOND.get(t) or r)


@cache
def _opencc_s2t() -> Any:
    import opencc

    return opencc.OpenCC("s2t")
