"""Generate ``resources/countries/countries.json`` from CLDR, through Babel (a development tool).

    .venv/bin/python tools/make_countries.py

Codes: every two-letter CLDR territory that ISO 3166-1 assigns (plus XK, Kosovo); the
macro-regions and exceptional reservations CLDR also lists are left out. Names: CLDR's
Japanese and English display names, except :data:`OVERRIDES`, desk's curated short forms
(the ones Japanese export-control documents use: 米国, 英国, 香港 …). desk reads the JSON at
run time and needs no Babel.
"""

from __future__ import annotations

import json
from pathlib import Path

import babel
from babel import Locale
from babel.core import get_cldr_version

OUT = Path(__file__).resolve().parent.parent / "resources" / "countries" / "countries.json"

# CLDR territories that are not ISO 3166-1 countries (regions, unions, reservations, pseudo)
NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}
)

# desk's short forms, where CLDR's display name is the long or formal one
OVERRIDES: dict[str, dict[str, str]] = {
    "ja": {
        "US": "米国",
        "GB": "英国",
        "HK": "香港",
        "MO": "マカオ",
        "CF": "中央アフリカ",
        "CD": "コンゴ民主共和国",
        "MM": "ミャンマー",
    },
    "en": {"HK": "Hong Kong", "MO": "Macao", "MM": "Myanmar"},
}


def build() -> dict[str, object]:
    names = {lang: Locale(lang).territories for lang in ("ja", "en")}
    codes = sorted(c for c in names["en"] if len(c) == 2 and c.isalpha() and c not in NOT_COUNTRIES)
    countries = {
        code: {lang: OVERRIDES[lang].get(code) or names[lang][code] for lang in ("ja", "en")}
        for code in codes
    }
    return {
        "source": f"CLDR {get_cldr_version()} territory display names (ja, en), "
        f"through Babel {babel.__version__}",
        "generated_by": "tools/make_countries.py",
        "overrides": OVERRIDES,
        "countries": countries,
    }


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    data = build()
    countries = data.pop("countries")
    assert isinstance(countries, dict)
    head = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    rows = ",\n".join(
        f"  {json.dumps(code)}: {json.dumps(names, ensure_ascii=False, sort_keys=True)}"
        for code, names in countries.items()
    )  # one country a line, so that a CLDR update reads as a short diff
    OUT.write_text(head[:-2] + ',\n "countries": {\n' + rows + "\n }\n}\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
