"""TRAINING names for the folds of issue 11 (vocabulary, katakana skeletons, Cyrillic,
acronyms, run-together pinyin, containment, country, OCR).

These are TRAINING data: written by the engineer who wrote the folds, while writing
them, from the End User List (resources/lists/jp-eul-2025-09-29.csv) and real
institutions that are not on it. They show what each fold is for; they are NOT a
measure of how well the matcher generalises — the held-out sets
(screening_heldout.py, screening_audit_names.py) and the blind sets are.

Rows: (query, country or None, expected entry no or "" for unlisted, kind).
"""

from __future__ import annotations

TRAINING_LISTED: list[tuple[str, str | None, str, str]] = [
    # Japanese translations through the cross-language vocabulary
    ("ロシア連邦保安庁", "RU", "746", "vocabulary (ja)"),
    ("ロシア連邦国防省", "RU", "788", "vocabulary (ja)"),
    ("イスラム革命防衛隊", "IR", "138", "vocabulary (ja)"),
    ("パキスタン原子力委員会", "PK", "669", "vocabulary (ja)"),
    ("統一造船会社", "RU", "829", "vocabulary (ja)"),
    ("ロシアン・ヘリコプターズ", "RU", "810", "vocabulary (kana)"),
    # katakana renderings of Russian, Persian, Pakistani names
    ("ツポレフ", "RU", "824", "katakana skeleton"),
    ("シャリフ工科大学", "IR", "259", "katakana skeleton"),
    ("アミールカビール工科大学", "IR", "45", "katakana skeleton"),
    ("シャヒード・ベヘシュティー大学", "IR", "237", "katakana skeleton"),
    ("マレク・アシュタール工科大学", "IR", "160", "katakana skeleton"),
    # Cyrillic with legal forms and quotes; transliteration systems
    ("ПАО «Туполев»", "RU", "824", "Cyrillic legal form"),
    ("АО «Конструкторское бюро приборостроения»", "RU", "782", "Cyrillic legal form"),
    ("ОАО «Объединённая судостроительная корпорация»", "RU", "829", "Cyrillic legal form"),
    ("Sukhoj", "RU", "819", "transliteration (GOST)"),
    ("Tsentralnoe Konstruktorskoe Bjuro Avtomatiki", "RU", "743", "transliteration (GOST)"),
    # acronyms both ways, run-together pinyin
    ("Northwestern Polytechnical University", "CN", "559", "acronym"),
    ("beijinghangkonghangtiandaxue", "CN", "501", "run-together pinyin"),
    ("nanjinghangkonghangtiandaxue", None, "555", "run-together pinyin"),
    ("haerbingongchengdaxue", "CN", "540", "run-together pinyin"),
    # departments, schools, branches of a listed institution
    (
        "School of Materials Science and Engineering, Harbin Engineering University",
        "CN",
        "540",
        "containment",
    ),
    ("College of Automation, Northwestern Polytechnical University", "CN", "559", "containment"),
    ("北京航空航天大学宇航学院", "CN", "501", "containment"),
    ("南京航空航天大学 材料科学与技术学院", "CN", "555", "containment"),
    ("Department of Physics, Sharif University of Technology", "IR", "259", "containment"),
    # OCR
    ("Harbin Engineering Universlty", None, "540", "OCR"),
    ("Northwestern Po1ytechnical University", None, "559", "OCR"),
    ("Sharif Universily of Technoloqy", None, "259", "OCR"),
    ("Arnirkabir University of Technology", None, "45", "OCR"),
]

TRAINING_UNLISTED: list[tuple[str, str | None, str, str]] = [
    # a place in front of a listed university's name: another university
    ("西安电子科技大学", "CN", "", "place prefix"),
    ("Xidian University of Electronic Science and Technology", "CN", "", "place prefix"),
    # 科技 is not 理工
    ("南京科技大学", "CN", "", "scitech"),
    ("北京科技大学", "CN", "", "scitech"),
    # a Japanese institution sharing only generic words with a foreign entry
    ("日本原子力研究開発機構", "JP", "", "country"),
    ("Japan Atomic Energy Agency", "JP", "", "country"),
    ("防衛省防衛装備庁", "JP", "", "country"),
    ("宇宙航空研究開発機構", "JP", "", "country"),
    # unlisted look-alikes
    ("Harbin University of Science and Technology", "CN", "", "look-alike"),
    ("Tehran University of Medical Sciences", "IR", "", "look-alike"),
    ("Moscow Aviation Institute", "RU", "", "look-alike"),
    ("Kazan Helicopters", "RU", "", "look-alike"),
    ("ロシア科学アカデミー", "RU", "", "look-alike"),
    ("Pakistan Institute of Medical Sciences", "PK", "", "look-alike"),
]
