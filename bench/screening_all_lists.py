"""10,000 names against every imported list (issue 11: "10,000 names against all imported
lists (≈ 30,000 entries) ≤ 60 s").

    .venv/bin/python bench/screening_all_lists.py [--queries 10000] [--scale 1.0]
        [--against main]

Imports, through desk's own import adapters (``import_list``, each format told from its
content), one file per published format into a fresh SQLite database:

| source | format | entries |
|---|---|---|
| ``jp-eul`` | METI End User List workbook (``eul-xlsx``) | the shipped list's real entries |
| ``un-sc`` | UN Security Council consolidated list XML | 1,100 (synthetic) |
| ``us-csl`` | US Consolidated Screening List CSV | 24,000 (synthetic) |
| ``jp-mof`` | MOF economic-sanctions workbook (``mof-xlsx``) | 4,000 (synthetic) |

— about 30,000 entries (``--scale`` multiplies the synthetic ones). Only the End User
List ships with desk; the full UN, CSL and MOF files cannot be fetched here (the network
reaches package registries only), so those are generated deterministically in each
publisher's layout: Latin, Chinese and Korean names, aliases, addresses with countries.
desk has no adapter of its own for METI's Russia/Belarus measures (not in
``desk.screening.adapters.FORMATS``): not part of this run.

Then screens ``--queries`` names against all of them the way screening does
(``current_lists`` → ``screen_queries``: one matcher over every current list): a third
are listed names with spelling changes (typos, word order, dropped legal forms), two
thirds unlisted names of the same shapes. Prints the time to build the matcher (cold: no
index cache) and to screen, and the goal.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
GOAL = 60.0

SYL = [c + v for c in "bdgjklmnprstvz" for v in "aeiou"] + ["shan", "khan", "tsin", "ng"]
ORG = ["University", "Institute of Technology", "Research Institute", "Trading Co., Ltd."]
ORG += ["Electronics Company", "Industries Corporation", "Engineering Group", "Design Bureau"]
ORG += ["Aviation Plant", "Shipbuilding Company", "Academy of Sciences", "Machinery Works"]
CITIES = ["Beijing", "Harbin", "Moscow", "Tehran", "Pyongyang", "Karachi", "Minsk", "Dubai"]
COUNTRIES = ["China", "Russia", "Iran", "North Korea", "Pakistan", "Belarus", "Syria"]
HAN = "北京上海哈尔滨航空电子研究所工业大学科技贸易公司机械设计局国防核能源"
HANGUL = "조선무역회사개발총국원자력평양은행"


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYL) for _ in range(rng.randint(2, 3))).capitalize()


def org_name(rng: random.Random) -> str:
    lead = " ".join(word(rng) for _ in range(rng.randint(1, 2)))
    return (
        f"{rng.choice(CITIES)} {lead} {rng.choice(ORG)}"
        if rng.random() < 0.3
        else (f"{lead} {rng.choice(ORG)}")
    )


def person_name(rng: random.Random) -> str:
    return f"{word(rng)} {word(rng)}"


def write_csl(path: Path, n: int, rng: random.Random) -> list[str]:
    import csv

    names = []
    cols = ["_id", "source", "entity_number", "type", "programs", "name", "title", "addresses"]
    cols += ["federal_register_notice", "start_date", "alt_names", "nationalities"]
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(cols)
        for i in range(n):
            person = rng.random() < 0.35
            name = person_name(rng) if person else org_name(rng)
            alts = "; ".join(org_name(rng) for _ in range(rng.choice((0, 0, 1, 2, 3))))
            country = rng.choice(COUNTRIES)
            source = rng.choice(
                [
                    "Entity List (EL) - Bureau of Industry and Security",
                    "Specially Designated Nationals (SDN) - Treasury Department",
                    "Military End User (MEU) List - Bureau of Industry and Security",
                ]
            )
            kind = "Individual" if person else "Entity"
            out.writerow(
                [
                    *(f"{i:040x}", source, str(10000 + i), kind, "", name, ""),
                    f"{rng.randint(1, 99)} {word(rng)} Road, {rng.choice(CITIES)}, {country}",
                    *("85 FR 34503", "2020-06-05", alts, country if person else ""),
                ]
            )
            names.append(name)
    return names


def write_un(path: Path, n: int, rng: random.Random) -> list[str]:
    names = []
    people, entities = [], []
    for i in range(n):
        if i % 3 == 0:
            first, second = word(rng).upper(), f"{word(rng)} {word(rng)}".upper()
            names.append(f"{first} {second}")
            people.append(
                f"<INDIVIDUAL><DATAID>{3000000 + i}</DATAID><VERSIONNUM>1</VERSIONNUM>"
                f"<FIRST_NAME>{first}</FIRST_NAME><SECOND_NAME>{second}</SECOND_NAME>"
                f"<UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPi.{i:04d}</REFERENCE_NUMBER>"
                "<LISTED_ON>2016-03-02</LISTED_ON>"
                f"<NAME_ORIGINAL_SCRIPT>{''.join(rng.sample(HANGUL, 3))}</NAME_ORIGINAL_SCRIPT>"
                "<NATIONALITY><VALUE>Democratic People's Republic of Korea</VALUE></NATIONALITY>"
                "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY>"
                f"<ALIAS_NAME>{escape(person_name(rng))}</ALIAS_NAME></INDIVIDUAL_ALIAS>"
                "</INDIVIDUAL>"
            )
        else:
            name = org_name(rng).upper()
            names.append(name)
            aliases = "".join(
                f"<ENTITY_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>{escape(org_name(rng))}"
                "</ALIAS_NAME></ENTITY_ALIAS>"
                for _ in range(rng.randint(0, 3))
            )
            entities.append(
                f"<ENTITY><DATAID>{110000 + i}</DATAID><VERSIONNUM>1</VERSIONNUM>"
                f"<FIRST_NAME>{escape(name)}</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>"
                f"<REFERENCE_NUMBER>KPe.{i:04d}</REFERENCE_NUMBER><LISTED_ON>2017-08-05</LISTED_ON>"
                f"{aliases}<ENTITY_ADDRESS><CITY>Pyongyang</CITY>"
                "<COUNTRY>Democratic People's Republic of Korea</COUNTRY></ENTITY_ADDRESS></ENTITY>"
            )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<CONSOLIDATED_LIST dateGenerated="2026-01-05T09:00:00.000-05:00">'
        f"<INDIVIDUALS>{''.join(people)}</INDIVIDUALS><ENTITIES>{''.join(entities)}</ENTITIES>"
        "</CONSOLIDATED_LIST>\n",
        encoding="utf-8",
    )
    return names


MOF_HEADER = ["番号", "告示日付", "日本語表記", "英語表記", "別称", "生年月日", "国籍", "住所"]
MOF_HEADER += ["その他の情報"]


def write_mof(path: Path, n: int, rng: random.Random) -> list[str]:
    from desk.screening.adapters.xlsx import write_workbook

    names = []
    sheets = []
    per = n // 2
    for sheet, country in (("北朝鮮", "北朝鮮 平壌市"), ("ロシア", "ロシア連邦 モスクワ")):
        rows = [MOF_HEADER]
        for i in range(per):
            name = org_name(rng)
            names.append(name)
            ja = "".join(rng.sample(HAN, rng.randint(4, 8)))
            alias = f"{word(rng).upper()}\n{org_name(rng)}" if i % 2 else ""
            rows.append([str(i + 1), "2022/3/1", ja, name, alias, "", "", country, ""])
        sheets.append((sheet, rows))
    path.write_bytes(write_workbook(sheets))
    return names


def write_eul(path: Path) -> list[str]:
    import csv

    from desk.screening.adapters.xlsx import write_workbook

    src = ROOT / "resources" / "lists" / "jp-eul-2025-09-29.csv"
    header = [
        "No.",
        "国名・地域名\nCountry or Region",
        "企業名・組織名\nCompany or Organization",
        "別名\nAlso Known As",
        "懸念区分\nType of WMD",
    ]
    rows, names = [], []
    with src.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            local = [n for n in r["local_names"].split("|") if n]
            wmd = [*[w for w in r["wmd"].split(",") if w], *(["CW"] if r["cw"] else [])]
            rows.append(
                [
                    r["no"],
                    r["country_name"],
                    "\n".join([r["name"], *local]),
                    "\n".join(a for a in r["aliases"].split("|") if a),
                    ", ".join(wmd),
                ]
            )
            names.append(r["name"])
    title = [["外国ユーザーリスト End User List"], ["2025年9月29日 公表"]]
    path.write_bytes(write_workbook([("End User List", [*title, header, *rows])]))
    return names


def vary(name: str, rng: random.Random) -> str:
    """A listed name as someone else writes it."""
    words = name.replace(",", "").split()
    kind = rng.randrange(4)
    if kind == 0 and len(words) > 1:
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 3:
            j = rng.randrange(1, len(w) - 1)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif kind == 1 and len(words) > 2:
        words = [w for w in words if w.lower() not in ("co.", "ltd.", "company", "corporation")]
    elif kind == 2:
        words = [w.lower() for w in words]
    return " ".join(words) or name


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=10000)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--against", help="run this benchmark of a git revision first")
    args = parser.parse_args(argv)
    if args.against:
        sys.path.insert(0, str(ROOT / "bench"))
        from before import run_before

        run_before(args.against, "screening_all_lists.py", argv[:0] + _without_against(argv))
    sys.path.insert(0, str(ROOT))
    from desk.screening.namesfile import NameQuery
    from desk.services.context import open_context
    from desk.services.screening import current_lists, import_list
    from desk.services.screening.names import matcher_for, screen_queries

    rng = random.Random(20260105)
    with tempfile.TemporaryDirectory(prefix="desk-all-lists-") as tmp:
        folder = Path(tmp)
        os.environ["DESK_CACHE_DIR"] = str(folder / "cache")  # a cold index cache
        files = {
            "eul.xlsx": write_eul,
            "un-consolidated.xml": lambda p: write_un(p, int(1100 * args.scale), rng),
            "us-csl.csv": lambda p: write_csl(p, int(24000 * args.scale), rng),
            "mof-sanctions.xlsx": lambda p: write_mof(p, int(4000 * args.scale), rng),
        }
        listed: list[str] = []
        with open_context(f"sqlite:///{folder / 'all.sqlite3'}", actor="office1") as ctx:
            started = time.perf_counter()
            for name, writer in files.items():
                path = folder / name
                listed += writer(path)
                r = import_list(ctx, path, published="2026-01-05")
                v = r.version
                print(f"imported {v.source:7} {v.row_count:6} entries from {name}")
            imported = time.perf_counter() - started
            lists = current_lists(ctx)
        total = sum(len(lst.entries) for lst in lists)
        print(f"{len(lists)} lists, {total} entries (imported in {imported:.1f} s)")
        queries = []
        for i in range(args.queries):
            if i % 3 == 0:
                text = vary(rng.choice(listed), rng)
            else:
                text = person_name(rng) if i % 3 == 1 else org_name(rng)
            queries.append(NameQuery(str(i), text, None))
        started, cpu = time.perf_counter(), time.process_time()
        matcher_for(lists, warm=False)
        built, built_cpu = time.perf_counter() - started, time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        results = screen_queries(lists, queries)
        screened, screened_cpu = time.perf_counter() - started, time.process_time() - cpu
    found = sum(1 for r in results if r.hits)
    verdict = "ok" if built + screened <= GOAL else "MISSED"
    print(f"matcher over {total} entries built in {built:.1f} s, CPU {built_cpu:.1f} s (cold)")
    print(
        f"{args.queries} names screened in {screened:.1f} s, CPU {screened_cpu:.1f} s "
        f"({screened / args.queries * 1000:.2f} ms a name); {found} with a hit"
    )
    print(f"build + screen {built + screened:.1f} s; goal ≤ {GOAL:.0f} s: {verdict}")
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return 0


def _without_against(argv: list[str]) -> list[str]:
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
            continue
        if a == "--against":
            skip = True
            continue
        if a.startswith("--against="):
            continue
        out.append(a)
    return out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
