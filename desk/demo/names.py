"""Name pools for the demo data: fictitious people written in their own scripts.

Every entry pairs the name as its bearer writes it with a Latin form (the romanisation
a passport or a university roster would carry). Combinations are drawn at random, so
no generated person is a real individual. Organization names further down are real
universities and institutes (organizations, not people) and fictitious companies; a
few deliberately *resemble* End User List entries so that screening has work to do.
"""

from __future__ import annotations

# Scripts the generator covers; the demo's tests check every one appears.
SCRIPTS = ("ja", "zh-Hans", "zh-Hant", "ko", "fa", "ru", "latin", "vi", "th")

# (kanji, kana reading, Latin)
JA_SURNAMES = (
    ("佐藤", "さとう", "Sato"),
    ("鈴木", "すずき", "Suzuki"),
    ("高橋", "たかはし", "Takahashi"),
    ("田中", "たなか", "Tanaka"),
    ("伊藤", "いとう", "Ito"),
    ("渡辺", "わたなべ", "Watanabe"),
    ("山本", "やまもと", "Yamamoto"),
    ("中村", "なかむら", "Nakamura"),
    ("小林", "こばやし", "Kobayashi"),
    ("加藤", "かとう", "Kato"),
    ("吉田", "よしだ", "Yoshida"),
    ("山田", "やまだ", "Yamada"),
    ("佐々木", "ささき", "Sasaki"),
    ("山口", "やまぐち", "Yamaguchi"),
    ("松本", "まつもと", "Matsumoto"),
    ("井上", "いのうえ", "Inoue"),
    ("木村", "きむら", "Kimura"),
    ("林", "はやし", "Hayashi"),
    ("斎藤", "さいとう", "Saito"),
    ("清水", "しみず", "Shimizu"),
    ("森", "もり", "Mori"),
    ("池田", "いけだ", "Ikeda"),
    ("橋本", "はしもと", "Hashimoto"),
    ("石川", "いしかわ", "Ishikawa"),
    ("前田", "まえだ", "Maeda"),
    ("藤田", "ふじた", "Fujita"),
    ("岡田", "おかだ", "Okada"),
    ("長谷川", "はせがわ", "Hasegawa"),
    ("村上", "むらかみ", "Murakami"),
    ("近藤", "こんどう", "Kondo"),
)
JA_GIVEN = (
    ("翔太", "しょうた", "Shota"),
    ("大輔", "だいすけ", "Daisuke"),
    ("健一", "けんいち", "Kenichi"),
    ("拓也", "たくや", "Takuya"),
    ("直樹", "なおき", "Naoki"),
    ("悠斗", "ゆうと", "Yuto"),
    ("蓮", "れん", "Ren"),
    ("陽向", "ひなた", "Hinata"),
    ("誠", "まこと", "Makoto"),
    ("浩二", "こうじ", "Koji"),
    ("和也", "かずや", "Kazuya"),
    ("隆", "たかし", "Takashi"),
    ("美咲", "みさき", "Misaki"),
    ("陽菜", "ひな", "Hina"),
    ("結衣", "ゆい", "Yui"),
    ("さくら", "さくら", "Sakura"),
    ("愛", "あい", "Ai"),
    ("真由美", "まゆみ", "Mayumi"),
    ("恵子", "けいこ", "Keiko"),
    ("彩花", "あやか", "Ayaka"),
    ("優子", "ゆうこ", "Yuko"),
    ("奈々", "なな", "Nana"),
    ("由紀", "ゆき", "Yuki"),
    ("智子", "ともこ", "Tomoko"),
)

# (hanzi, pinyin)
ZH_HANS_SURNAMES = (
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("赵", "Zhao"),
    ("黄", "Huang"),
    ("周", "Zhou"),
    ("吴", "Wu"),
    ("徐", "Xu"),
    ("孙", "Sun"),
    ("马", "Ma"),
    ("朱", "Zhu"),
    ("胡", "Hu"),
    ("郭", "Guo"),
    ("何", "He"),
    ("林", "Lin"),
    ("罗", "Luo"),
    ("高", "Gao"),
)
ZH_HANS_GIVEN = (
    ("子涵", "Zihan"),
    ("浩然", "Haoran"),
    ("欣怡", "Xinyi"),
    ("梓萱", "Zixuan"),
    ("宇轩", "Yuxuan"),
    ("思远", "Siyuan"),
    ("俊杰", "Junjie"),
    ("雨桐", "Yutong"),
    ("晓明", "Xiaoming"),
    ("佳琪", "Jiaqi"),
    ("博文", "Bowen"),
    ("一诺", "Yinuo"),
    ("志强", "Zhiqiang"),
    ("丽娟", "Lijuan"),
    ("文静", "Wenjing"),
    ("天宇", "Tianyu"),
    ("嘉怡", "Jiayi"),
    ("明轩", "Mingxuan"),
    ("诗涵", "Shihan"),
    ("伟", "Wei"),
)

# (hanzi, Latin as Taiwanese / Hong Kong passports spell it)
ZH_HANT_TW_SURNAMES = (
    ("陳", "Chen"),
    ("林", "Lin"),
    ("黃", "Huang"),
    ("張", "Chang"),
    ("李", "Lee"),
    ("王", "Wang"),
    ("吳", "Wu"),
    ("劉", "Liu"),
    ("蔡", "Tsai"),
    ("楊", "Yang"),
    ("許", "Hsu"),
    ("鄭", "Cheng"),
    ("謝", "Hsieh"),
    ("郭", "Kuo"),
)
ZH_HANT_TW_GIVEN = (
    ("志明", "Chih-Ming"),
    ("淑芬", "Shu-Fen"),
    ("家豪", "Chia-Hao"),
    ("怡君", "Yi-Chun"),
    ("冠宇", "Kuan-Yu"),
    ("雅婷", "Ya-Ting"),
    ("宗翰", "Tsung-Han"),
    ("詩涵", "Shih-Han"),
    ("俊傑", "Chun-Chieh"),
    ("美玲", "Mei-Ling"),
    ("承恩", "Cheng-En"),
    ("佩珊", "Pei-Shan"),
)
ZH_HANT_HK_SURNAMES = (
    ("陳", "Chan"),
    ("黃", "Wong"),
    ("李", "Lee"),
    ("張", "Cheung"),
    ("梁", "Leung"),
    ("何", "Ho"),
    ("吳", "Ng"),
    ("林", "Lam"),
)
ZH_HANT_HK_GIVEN = (
    ("嘉欣", "Ka-Yan"),
    ("偉明", "Wai-Ming"),
    ("家樂", "Ka-Lok"),
    ("詠詩", "Wing-Sze"),
    ("志豪", "Chi-Ho"),
    ("曉彤", "Hiu-Tung"),
    ("子謙", "Tsz-Him"),
    ("凱琳", "Hoi-Lam"),
)

# (hangul, Revised Romanization as commonly used on passports)
KO_SURNAMES = (
    ("김", "Kim"),
    ("이", "Lee"),
    ("박", "Park"),
    ("최", "Choi"),
    ("정", "Jung"),
    ("강", "Kang"),
    ("조", "Cho"),
    ("윤", "Yoon"),
    ("장", "Jang"),
    ("임", "Lim"),
    ("한", "Han"),
    ("오", "Oh"),
    ("서", "Seo"),
    ("신", "Shin"),
)
KO_GIVEN = (
    ("민준", "Min-jun"),
    ("서연", "Seo-yeon"),
    ("지훈", "Ji-hoon"),
    ("하은", "Ha-eun"),
    ("도윤", "Do-yoon"),
    ("지우", "Ji-woo"),
    ("수빈", "Su-bin"),
    ("현우", "Hyun-woo"),
    ("예린", "Ye-rin"),
    ("성민", "Sung-min"),
    ("은지", "Eun-ji"),
    ("태양", "Tae-yang"),
)

# (Persian script, Latin)
FA_GIVEN = (
    ("علی", "Ali"),
    ("محمد", "Mohammad"),
    ("زهرا", "Zahra"),
    ("فاطمه", "Fatemeh"),
    ("حسین", "Hossein"),
    ("مریم", "Maryam"),
    ("رضا", "Reza"),
    ("سارا", "Sara"),
    ("امیر", "Amir"),
    ("نرگس", "Narges"),
    ("مهدی", "Mehdi"),
    ("پریسا", "Parisa"),
)
FA_SURNAMES = (
    ("رضایی", "Rezaei"),
    ("احمدی", "Ahmadi"),
    ("محمدی", "Mohammadi"),
    ("حسینی", "Hosseini"),
    ("کریمی", "Karimi"),
    ("موسوی", "Mousavi"),
    ("جعفری", "Jafari"),
    ("صادقی", "Sadeghi"),
    ("نوری", "Nouri"),
    ("کاظمی", "Kazemi"),
    ("رحیمی", "Rahimi"),
    ("هاشمی", "Hashemi"),
)

# (Cyrillic, Latin, is_female); surnames (masculine Cyrillic, Latin); feminine adds а / a
RU_GIVEN = (
    ("Алексей", "Aleksei", False),
    ("Дмитрий", "Dmitrii", False),
    ("Сергей", "Sergei", False),
    ("Иван", "Ivan", False),
    ("Михаил", "Mikhail", False),
    ("Андрей", "Andrei", False),
    ("Николай", "Nikolai", False),
    ("Анна", "Anna", True),
    ("Екатерина", "Ekaterina", True),
    ("Мария", "Mariia", True),
    ("Ольга", "Olga", True),
    ("Наталья", "Natalia", True),
    ("Татьяна", "Tatiana", True),
    ("Айгерим", "Aigerim", True),
    ("Нурлан", "Nurlan", False),
)
RU_SURNAMES = (
    ("Иванов", "Ivanov"),
    ("Смирнов", "Smirnov"),
    ("Кузнецов", "Kuznetsov"),
    ("Попов", "Popov"),
    ("Соколов", "Sokolov"),
    ("Лебедев", "Lebedev"),
    ("Козлов", "Kozlov"),
    ("Новиков", "Novikov"),
    ("Морозов", "Morozov"),
    ("Волков", "Volkov"),
    ("Орлов", "Orlov"),
    ("Павлов", "Pavlov"),
)

# Western names, by nationality: (given names, surnames); Latin form strips diacritics
LATIN_BY_COUNTRY: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "US": (
        ("Emily", "Michael", "Sarah", "David", "Jessica", "Daniel"),
        ("Johnson", "Miller", "Davis", "Wilson", "Anderson", "Taylor"),
    ),
    "GB": (
        ("Oliver", "Charlotte", "Harry", "Amelia", "James"),
        ("Smith", "Brown", "Evans", "Thompson", "Hughes"),
    ),
    "DE": (
        ("Lukas", "Jürgen", "Sophie", "Maximilian", "Lea"),
        ("Müller", "Schröder", "Weiß", "Becker", "Hoffmann"),
    ),
    "FR": (
        ("François", "Chloé", "Hélène", "Julien", "Léa"),
        ("Dubois", "Lefèvre", "Moreau", "Girard", "Lambert"),
    ),
    "ES": (
        ("José", "Lucía", "Álvaro", "María", "Sofía"),
        ("García", "Martínez", "Rodríguez", "Núñez", "Pérez"),
    ),
    "IT": (("Giulia", "Marco", "Francesca", "Luca"), ("Rossi", "Bianchi", "Ferrari", "Esposito")),
    "SE": (("Åsa", "Björn", "Linnéa", "Erik"), ("Andersson", "Öberg", "Lindqvist", "Sjöberg")),
    "CA": (("Liam", "Olivia", "Noah", "Emma"), ("Tremblay", "Roy", "MacDonald", "Campbell")),
    "AU": (("Jack", "Chloe", "Ethan", "Mia"), ("Walker", "Harris", "Clarke", "Kelly")),
    "BR": (("João", "Ana", "Gabriel", "Beatriz"), ("Silva", "Santos", "Oliveira", "Conceição")),
    "IN": (
        ("Arjun", "Priya", "Rahul", "Ananya", "Vikram"),
        ("Sharma", "Patel", "Iyer", "Reddy", "Gupta"),
    ),
    "ID": (("Budi", "Siti", "Agus", "Dewi"), ("Santoso", "Wijaya", "Hidayat", "Pratama")),
}

# (Vietnamese with diacritics, Latin)
VI_SURNAMES = (
    ("Nguyễn", "Nguyen"),
    ("Trần", "Tran"),
    ("Lê", "Le"),
    ("Phạm", "Pham"),
    ("Hoàng", "Hoang"),
    ("Vũ", "Vu"),
    ("Đặng", "Dang"),
    ("Bùi", "Bui"),
)
VI_MIDDLE = (("Văn", "Van"), ("Thị", "Thi"), ("Minh", "Minh"), ("Đức", "Duc"), ("Ngọc", "Ngoc"))
VI_GIVEN = (
    ("An", "An"),
    ("Hùng", "Hung"),
    ("Linh", "Linh"),
    ("Thảo", "Thao"),
    ("Tuấn", "Tuan"),
    ("Hương", "Huong"),
    ("Dũng", "Dung"),
    ("Trang", "Trang"),
)

# (Thai script, RTGS Latin)
TH_GIVEN = (
    ("สมชาย", "Somchai"),
    ("สุดารัตน์", "Sudarat"),
    ("ณัฐพล", "Natthaphon"),
    ("กมลชนก", "Kamonchanok"),
    ("ธนากร", "Thanakorn"),
    ("พิมพ์ชนก", "Phimchanok"),
)
TH_SURNAMES = (
    ("ใจดี", "Jaidee"),
    ("ศรีสุข", "Srisuk"),
    ("วงศ์สวัสดิ์", "Wongsawat"),
    ("บุญมา", "Boonma"),
    ("แสงทอง", "Saengthong"),
)


# --------------------------------------------------------------------------- organizations
# (name, local name or None, country, kind)

HOME_UNIVERSITY = (
    "Kita-Kanto Institute of Science and Technology",
    "北関東科学技術大学",
    "JP",
    "university",
)

JAPANESE_ORGS = (
    ("The University of Tokyo", "東京大学", "JP", "university"),
    ("Kyoto University", "京都大学", "JP", "university"),
    ("Tohoku University", "東北大学", "JP", "university"),
    ("RIKEN", "理化学研究所", "JP", "research_institute"),
    (
        "National Institute of Advanced Industrial Science and Technology (AIST)",
        "産業技術総合研究所",
        "JP",
        "research_institute",
    ),
    ("Sakura Photonics K.K.", "さくらフォトニクス株式会社", "JP", "company"),
    ("Tsukuba Precision Machinery Co., Ltd.", "つくば精密機械株式会社", "JP", "company"),
    ("Minato Biopharma Inc.", "みなとバイオファーマ株式会社", "JP", "company"),
)

# country → organizations a person from there is plausibly affiliated with
FOREIGN_ORGS: dict[str, tuple[tuple[str, str | None, str, str], ...]] = {
    "CN": (
        ("Tsinghua University", "清华大学", "CN", "university"),
        ("Zhejiang University", "浙江大学", "CN", "university"),
        ("Fudan University", "复旦大学", "CN", "university"),
        ("Wuhan University", "武汉大学", "CN", "university"),
        ("Dragon Peak Robotics Co., Ltd.", "龙峰机器人有限公司", "CN", "company"),
    ),
    "TW": (
        ("National Taiwan University", "國立臺灣大學", "TW", "university"),
        ("National Tsing Hua University", "國立清華大學", "TW", "university"),
        ("Formosa Wafer Technology Corp.", "福爾摩沙晶圓科技股份有限公司", "TW", "company"),
    ),
    "HK": (
        ("The University of Hong Kong", "香港大學", "HK", "university"),
        ("Hong Kong University of Science and Technology", "香港科技大學", "HK", "university"),
    ),
    "KR": (
        ("Seoul National University", "서울대학교", "KR", "university"),
        ("KAIST", "한국과학기술원", "KR", "university"),
        ("Hanbit Power Semiconductor Co., Ltd.", "한빛파워반도체", "KR", "company"),
    ),
    "IR": (
        ("Shiraz University", "دانشگاه شیراز", "IR", "university"),
        ("Isfahan University of Technology", "دانشگاه صنعتی اصفهان", "IR", "university"),
    ),
    "AF": (("Kabul University", "پوهنتون کابل", "AF", "university"),),
    "RU": (
        (
            "Novosibirsk State University",
            "Новосибирский государственный университет",
            "RU",
            "university",
        ),
        ("Kazan Federal University", "Казанский федеральный университет", "RU", "university"),
    ),
    "KZ": (
        (
            "Al-Farabi Kazakh National University",
            "Казахский национальный университет",
            "KZ",
            "university",
        ),
    ),
    "BY": (
        (
            "Belarusian State University",
            "Белорусский государственный университет",
            "BY",
            "university",
        ),
    ),
    "US": (
        ("University of California, San Diego", None, "US", "university"),
        ("Purdue University", None, "US", "university"),
        ("Cascade Quantum Devices Inc.", None, "US", "company"),
    ),
    "GB": (("University of Manchester", None, "GB", "university"),),
    "DE": (
        ("Technische Universität München", None, "DE", "university"),
        ("Fraunhofer Institute for Laser Technology ILT", None, "DE", "research_institute"),
        ("Nordlicht Optik GmbH", None, "DE", "company"),
    ),
    "FR": (
        ("CNRS", "Centre national de la recherche scientifique", "FR", "research_institute"),
        ("Université Grenoble Alpes", None, "FR", "university"),
    ),
    "ES": (("Universidad Politécnica de Madrid", None, "ES", "university"),),
    "IT": (("Politecnico di Milano", None, "IT", "university"),),
    "SE": (("KTH Royal Institute of Technology", None, "SE", "university"),),
    "CA": (("University of Toronto", None, "CA", "university"),),
    "AU": (("University of Queensland", None, "AU", "university"),),
    "BR": (("Universidade de São Paulo", None, "BR", "university"),),
    "IN": (("Indian Institute of Technology Bombay", None, "IN", "university"),),
    "ID": (("Institut Teknologi Bandung", None, "ID", "university"),),
    "VN": (
        (
            "Hanoi University of Science and Technology",
            "Đại học Bách khoa Hà Nội",
            "VN",
            "university",
        ),
    ),
    "TH": (("Chulalongkorn University", "จุฬาลงกรณ์มหาวิทยาลัย", "TH", "university"),),
    "SG": (("National University of Singapore", None, "SG", "university"),),
}

# Names screening must flag. The first group spells End User List entries of the
# 2025-09-29 revision differently (abbreviation, simplified Chinese, "&"); the second
# names *other* institutions whose names come close to an entry — the false positives a
# reviewer clears (entry numbers of that revision, for the cleared-hit records).
EUL_LOOKALIKE_ORGS = (
    ("Harbin Inst. of Technology", "哈尔滨工业大学", "CN", "university"),
    ("Beihang University (BUAA)", "北京航空航天大学", "CN", "university"),
    ("Nanjing University of Aeronautics & Astronautics", "南京航空航天大学", "CN", "university"),
    ("Harbin Engineering Univ.", "哈尔滨工程大学", "CN", "university"),
    ("Sharif Univ. of Technology", "دانشگاه صنعتی شریف", "IR", "university"),
    ("Amirkabir Univ. of Technology", "دانشگاه صنعتی امیرکبیر", "IR", "university"),
    ("Pakistan Institute of Engineering and Applied Sciences", None, "PK", "university"),
)
# (name, local, country, kind, entry no. it resembles, reason it is a different body)
EUL_FALSE_FRIENDS = (
    (
        "Shahid Beheshti University of Medical Sciences",
        "دانشگاه علوم پزشکی شهید بهشتی",
        "IR",
        "university",
        "237",
        "a separate medical university, not Shahid Beheshti University",
    ),
    (
        "Tehran University of Medical Sciences",
        "دانشگاه علوم پزشکی تهران",
        "IR",
        "university",
        "282",
        "a separate medical university, not the University of Tehran",
    ),
    (
        "Iran University of Medical Sciences",
        "دانشگاه علوم پزشکی ایران",
        "IR",
        "university",
        "132",
        "a medical university, not the Iran University of Science and Technology",
    ),
    (
        "Harbin Medical University",
        "哈尔滨医科大学",
        "CN",
        "university",
        "541",
        "a medical university, unrelated to the Harbin Institute of Technology",
    ),
)

# Funding and appointment counterparties for ties (name, country, counterparty kind)
FOREIGN_GOVERNMENT_FUNDERS = (
    ("China Scholarship Council", "CN"),
    ("Ministry of Education and Training of Vietnam", "VN"),
    ("Ministry of Science, Research and Technology of Iran", "IR"),
    ("Indonesia Endowment Fund for Education (LPDP)", "ID"),
    ("Royal Thai Government Scholarship Office", "TH"),
    ("Korea Institute for Advancement of Technology", "KR"),
)
