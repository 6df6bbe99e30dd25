"""Roster import with 名寄せ: a 10,000-row roster against 100,000 registered people.

    .venv/bin/python bench/registers.py [--people N] [--rows R] [--known K]

Makes, in a temporary folder, a SQLite database of N registered people (default 100,000;
Chinese, Japanese and Latin names, each with a Latin form, a date of birth and a
nationality; inserted in bulk) and a CSV roster of R rows (default 10,000) of which K
(default 3,000) are registered people written in another script or word order (the same
date of birth), the rest new people. Then, each on its own copy of the database:

- the baseline: the same R rows inserted as plain people rows (one transaction, no
  matching) — what any import pays;
- ``import_roster`` dry run (read, match, roll back) and the import itself (read, match,
  insert, update, audit).

Goal (issue 8): the import ≤ 60 s. The figures are printed against the same-run baseline.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

GOAL = 60.0

CN_SURNAMES = [
    ("张", "Zhang"), ("王", "Wang"), ("李", "Li"), ("刘", "Liu"), ("陈", "Chen"),
    ("杨", "Yang"), ("赵", "Zhao"), ("黄", "Huang"), ("周", "Zhou"), ("吴", "Wu"),
    ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"),
]  # fmt: skip
CN_GIVEN = [
    ("伟", "Wei"), ("芳", "Fang"), ("敏", "Min"), ("静", "Jing"), ("磊", "Lei"),
    ("涛", "Tao"), ("杰", "Jie"), ("明", "Ming"), ("军", "Jun"), ("华", "Hua"),
    ("强", "Qiang"), ("洋", "Yang"), ("勇", "Yong"), ("艳", "Yan"), ("丽", "Li"),
]  # fmt: skip
JP_SURNAMES = [
    ("山田", "Yamada"), ("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi"),
    ("田中", "Tanaka"), ("伊藤", "Ito"), ("渡辺", "Watanabe"), ("中村", "Nakamura"),
    ("小林", "Kobayashi"), ("加藤", "Kato"),
]  # fmt: skip
JP_GIVEN = [
    ("太郎", "Taro"), ("花子", "Hanako"), ("健一", "Kenichi"), ("美咲", "Misaki"),
    ("翔", "Sho"), ("陽菜", "Hina"), ("大輔", "Daisuke"), ("彩", "Aya"), ("誠", "Makoto"),
    ("優子", "Yuko"),
]  # fmt: skip
LATIN_FIRST = ["Anna", "Lukas", "Maria", "David", "Sofia", "Ivan", "Elena", "Omar", "Nina"]
LATIN_LAST = ["Schmidt", "Novak", "Rossi", "Garcia", "Petrov", "Nguyen", "Kowalski", "Silva"]


def person(i: int) -> dict[str, object]:
    """The i-th fictitious person: a name in its script, its Latin form, a birthday."""
    born = dt.date(1960, 1, 1) + dt.timedelta(days=(i * 7919) % 16000)
    kind = i % 3
    if kind == 0:
        s, g = CN_SURNAMES[i % 15], CN_GIVEN[(i // 15) % 15]
        return {"name": s[0] + g[0], "name_latin": f"{s[1].upper()} {g[1]}", "born_on": born,
                "nationalities": ["CN"], "alt": f"{g[1]} {s[1]}"}  # fmt: skip
    if kind == 1:
        s, g = JP_SURNAMES[i % 10], JP_GIVEN[(i // 10) % 10]
        return {"name": f"{s[0]} {g[0]}", "name_latin": f"{s[1].upper()} {g[1]}", "born_on": born,
                "nationalities": ["JP"], "alt": f"{g[1]} {s[1]}"}  # fmt: skip
    f, last = LATIN_FIRST[i % 9], LATIN_LAST[(i // 9) % 8]
    return {"name": f"{f} {last}", "name_latin": None, "born_on": born,
            "nationalities": ["DE"], "alt": f"{last.upper()} {f}"}  # fmt: skip


def make_database(folder: Path, people: int) -> tuple[Path, float]:
    from sqlalchemy import insert

    from desk.services.context import open_context
    from desk.storage import models as m

    path = folder / "people.sqlite3"
    started = time.perf_counter()
    with open_context(f"sqlite:///{path}") as ctx, ctx.transaction() as s:
        batch = []
        for i in range(people):
            p = person(i)
            batch.append(
                {
                    "name": p["name"],
                    "name_latin": p["name_latin"],
                    "search_name": m.search_key(p["name"], p["name_latin"]),  # type: ignore[arg-type]
                    "born_on": p["born_on"],
                    "nationalities": p["nationalities"],
                    "retired": False,
                }
            )
            if len(batch) == 5000:
                s.execute(insert(m.Person), batch)
                batch = []
        if batch:
            s.execute(insert(m.Person), batch)
    return path, time.perf_counter() - started


def make_roster(folder: Path, people: int, rows: int, known: int) -> Path:
    path = folder / "roster.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["氏名", "生年月日", "国籍", "身分", "部局"])
        step = max(1, people // max(known, 1))
        for k in range(known):  # registered people, in another script or word order
            p = person((k * step) % people)
            w.writerow(
                [p["alt"], p["born_on"], ",".join(p["nationalities"]), "研究員", "工学研究科"]
            )  # type: ignore[arg-type]
        for n in range(rows - known):  # new people (born on days nobody registered has)
            p = person(people + n)
            born = dt.date(2005, 1, 1) + dt.timedelta(days=n)
            w.writerow([p["name"], born, ",".join(p["nationalities"]), "留学生", "理学研究科"])  # type: ignore[arg-type]
    return path


def baseline(url: str, roster: Path) -> float:
    """The same rows as plain people rows: read the CSV, insert, commit (no matching)."""
    from desk.services.context import open_context
    from desk.storage import models as m

    started = time.perf_counter()
    with open_context(url) as ctx, ctx.transaction() as s:
        with roster.open(encoding="utf-8") as fh:
            for row in list(csv.DictReader(fh)):
                s.add(
                    m.Person(
                        name=row["氏名"],
                        born_on=dt.date.fromisoformat(row["生年月日"]),
                        nationalities=row["国籍"].split(","),
                        role="researcher",
                    )
                )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--known", type=int, default=3_000)
    args = parser.parse_args()
    from desk.services.context import open_context
    from desk.services.registers import import_roster

    with tempfile.TemporaryDirectory(prefix="desk-bench-registers-") as tmp:
        folder = Path(tmp)
        db, made = make_database(folder, args.people)
        roster = make_roster(folder, args.people, args.rows, args.known)
        print(f"{args.people:,} registered people inserted in {made:.1f} s (setup)")
        print(f"roster: {args.rows:,} rows, {args.known:,} of them registered people\n")

        copy = folder / "baseline.sqlite3"
        shutil.copy(db, copy)
        plain = baseline(f"sqlite:///{copy}", roster)
        print(f"baseline: plain insert of the {args.rows:,} rows     {plain:7.2f} s")

        copy = folder / "import.sqlite3"
        shutil.copy(db, copy)
        with open_context(f"sqlite:///{copy}", actor="bench") as ctx:
            started = time.perf_counter()
            preview = import_roster(ctx, roster, dry_run=True)
            dry = time.perf_counter() - started
            print(f"import_roster --dry-run (read, match, roll back)   {dry:7.2f} s")
            started = time.perf_counter()
            done = import_roster(ctx, roster)
            took = time.perf_counter() - started
        verdict = "ok" if took <= GOAL else "OVER GOAL"
        print(
            f"import_roster (read, match, store, audit)         {took:7.2f} s"
            f"   {took / plain:5.1f}× the baseline   goal ≤ {GOAL:.0f} s: {verdict}"
        )
        print(
            f"\n  {done.created:,} new, {done.updated:,} updated, {done.unchanged:,} unchanged, "
            f"{done.review:,} to review (the dry run said {preview.created:,} new)"
        )
        matched = sum(1 for r in done.rows if r.action == "matched")
        print(f"  {matched:,} rows recognised as registered people (expected {args.known:,})")
    return 0 if took <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
