"""Country names from CLDR: every code has a Japanese name; desk's short forms win."""

from __future__ import annotations

import json
import re

from desk.domain.countries import (
    COUNTRY_JA,
    COUNTRY_NAMES,
    country_label,
    country_name,
    find_countries,
)
from desk.resources import resource


def test_yemen_and_every_other_country_has_a_japanese_name() -> None:
    assert country_label("YE", "ja") == "YE イエメン"  # on the End User List
    assert country_label("BG", "ja") == "BG ブルガリア"  # Group A members
    assert country_label("LU", "ja") == "LU ルクセンブルク"
    latin = {c: n for c, n in COUNTRY_JA.items() if re.fullmatch(r"[A-Za-z .,'&()-]+", n)}
    assert latin == {}
    assert set(COUNTRY_JA) == set(COUNTRY_NAMES)
    assert len(COUNTRY_NAMES) == 250


def test_curated_short_forms_override_cldr() -> None:
    assert [country_name(c, "ja") for c in ("US", "GB", "HK", "MO", "KR", "KP", "TW")] == [
        "米国",
        "英国",
        "香港",
        "マカオ",
        "韓国",
        "北朝鮮",
        "台湾",
    ]
    assert country_name("TW") == "Taiwan"


def test_the_table_names_its_source() -> None:
    data = json.loads(resource("countries", "countries.json").read_text(encoding="utf-8"))
    assert data["source"].startswith("CLDR ")
    assert data["generated_by"] == "tools/make_countries.py"


def test_lookup_finds_a_country_by_its_japanese_or_english_name() -> None:
    assert find_countries("イエメン") == ["YE"]
    assert find_countries("いえめん") == ["YE"]  # typed in hiragana
    assert find_countries("韓国") == ["KR"]
    assert find_countries("yem") == ["YE"]
    assert find_countries("kr")[0] == "KR"  # the code itself first
    assert "KP" in find_countries("朝鮮")
    assert find_countries("") == []
