"""Chinese characters: variants folded to simplified Chinese, organisation words to
concepts (大学 → ``university``), places and the rest to pinyin."""

from __future__ import annotations

from functools import cache
from typing import Any

from anyascii import anyascii

from desk.screening.folds import LEGAL, segment
from desk.screening.folds.vocabulary import vocabulary

# Japanese shinjitai → simplified Chinese (where OpenCC's t2s does not already do it):
# 浜 (哈爾浜) → 滨, 団 (集団) → 团, 壌 (平壌) → 壤 … Checked against OpenCC's JPVariants
# in tests/unit/test_screening_folds.py, which lists the shinjitai deliberately left out.
# 弁 stands for four characters (辦 辯 瓣 辨); it folds to 办 (辦), its sense in
# organisation names: 弁事処 = 办事处, 合弁 = 合办 (see docs/screening.md).
_SHINJITAI = (
    "浜団壌沢広発変対応総転軽経単鉄関険験検様権観読売続緑圧囲図戦気楽薬両亜悪円塩価拡覚帰挙駆"
    "継芸剣圏鉱歳雑賛実釈収従処焼乗浄譲専繊荘捜蔵帯択弾遅鋳庁聴鎮伝闘徳脳廃髪抜仏辺歩豊満訳頼"
    "覧竜霊齢労湾厰営栄県医会体旧号声数斉粋称写児党当灯点来乱麦黒黙恵渓峡郷掲径茎蛍鶏巻陥寛歓"
    "勧缶偽戯犠狭暁区撃倹献顕厳恒黄済砕斎剤桜参蚕惨残糸歯辞湿寿渋獣縦粛奨将条状剰畳縄嬢醸触寝"
    "尽酔随髄枢瀬静摂窃浅践銭潜禅双壮争挿巣装騒増臓属堕滞滝担胆断痴昼虫徴逓盗稲独弐悩覇拝蛮払"
    "並舗宝没毎万弥与誉揺謡猟涙塁励礼暦歴恋炉楼録縁殴欧穏仮画絵壊懐殻学岳亀拠虚挟駅隣賎侭弁芦"
    "桟勲薫即冨渕曽祢桧禍嘱廻姫舎穂"
    "効晩渉隠艶醤錬鴎麺噛唖撹蝋繍痩渇戻尭鹸麹勅呉呪壱巌戸掻曁楡汚溌焔痺皐穣竃粧聡茘輌醗頴鼈繋"
)
_SIMPLIFIED = (
    "滨团壤泽广发变对应总转轻经单铁关险验检样权观读卖续绿压围图战气乐药两亚恶圆盐价扩觉归举驱"
    "继艺剑圈矿岁杂赞实释收从处烧乘净让专纤庄搜藏带择弹迟铸厅听镇传斗德脑废发拔佛边步丰满译赖"
    "览龙灵龄劳湾厂营荣县医会体旧号声数齐粹称写儿党当灯点来乱麦黑默惠溪峡乡揭径茎萤鸡卷陷宽欢"
    "劝罐伪戏牺狭晓区击俭献显严恒黄济碎斋剂樱参蚕惨残丝齿辞湿寿涩兽纵肃奖将条状剩叠绳娘酿触寝"
    "尽醉随髓枢濑静摄窃浅践钱潜禅双壮争插巢装骚增脏属堕滞泷担胆断痴昼虫征递盗稻独贰恼霸拜蛮拂"
    "并铺宝没每万弥与誉摇谣猎泪垒励礼历历恋炉楼录缘殴欧稳假画绘坏怀壳学岳龟据虚挟驿邻贱尽办芦"
    "栈勋薰即富渊曾祢桧祸嘱回姬舍穗"
    "效晚涉隐艳酱炼鸥面啮哑搅蜡绣瘦渴戾尧碱曲敕吴咒壹岩户搔暨榆污泼焰痹皋穰灶妆聪荔辆酦颖鳖系"
)
SHINJITAI_MAP = str.maketrans(_SHINJITAI, _SIMPLIFIED)

# Chinese / Japanese words (in simplified characters) → concept tokens, longest first.
HAN_WORDS: dict[str, str] = {
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
    # 科技 is not 科学技术 / 理工, nor 理工 科学技术: two institutions whose names differ
    # by it are two (docs/screening.md, "science and technology").
    "科技": "scitech",
    "科学": "science",
    "理工": "ligong",
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
EXONYMS = {
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
def han_words() -> dict[str, str]:
    from pypinyin import lazy_pinyin

    words = dict(HAN_WORDS)
    # The cross-language vocabulary, its kanji and traditional terms folded like a name.
    for term, target in vocabulary().han.items():
        words[to_simplified(term)] = target
    for place in _PLACES.split():
        words.setdefault(place, "".join(lazy_pinyin(place)))
    words.update(EXONYMS)
    return words


HAN_CONCEPT_WORDS = frozenset(w for v in HAN_WORDS.values() for w in v.split())
_HAN_MAX = max(len(w) for w in (*HAN_WORDS, *vocabulary().han, *EXONYMS, *_PLACES.split()))


@cache
def _opencc() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Fold traditional Chinese and Japanese shinjitai to simplified Chinese."""
    return str(_opencc().convert(text.translate(SHINJITAI_MAP)))


def pinyin(text: str) -> str:
    """Pinyin without tones; a character pypinyin cannot read (𠮷, outside the Basic
    Multilingual Plane) is spelled by anyascii or its code point rather than dropped."""
    from pypinyin import lazy_pinyin

    return "".join(p if p.isascii() else _unread(p) for p in lazy_pinyin(text))


def _unread(text: str) -> str:
    return "".join(anyascii(c).lower() if anyascii(c).isalpha() else f"u{ord(c):x}" for c in text)


# 社 (company) on its own — after a name in katakana or Latin letters (カマズ社, ABC社) —
# is a legal form; inside a run of characters it is left to the words (社会 society).
COMPANY_SUFFIX = "社"


def romanise_han(run: str) -> str:
    words = han_words()
    parts = []
    if run == COMPANY_SUFFIX:
        return ""
    for chunk in run.translate(_HAN_FUNCTION_CHARS).split():
        for piece, known in segment(chunk, words, _HAN_MAX):
            parts.append(words[piece] if known else pinyin(piece))
    return " ".join(parts)


def strip_legal_han(text: str) -> str:
    kept = [
        p
        for p, known in segment(text, HAN_WORDS, _HAN_MAX)
        if not (known and HAN_WORDS[p] == LEGAL)
    ]
    return "".join(kept)


def warm_up() -> None:
    _opencc()
    han_words()
    pinyin("中")


PLACE_CHARACTERS = frozenset((*_PLACES.split(), "香港", "澳门", "陕西", "内蒙古", "西藏", "平壤"))


@cache
def place_pinyin() -> frozenset[str]:
    """The Latin words of the Chinese places the Han fold knows (``xian``, ``shanghai``)."""
    words = han_words()
    return frozenset(w for p in PLACE_CHARACTERS for w in words[p].split())
