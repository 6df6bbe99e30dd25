"""Filtering people in SQL on the normalised ``people.search_name`` column.

    .venv/bin/python bench/storage_search.py [--people N] [--database URL] [--runs R]

Makes N people (default 100,000; random Latin and Han names, generated at run time,
inserted with one executemany) in a temporary SQLite file, or in a temporary schema of
the PostgreSQL database ``--database`` names. Then, for several search texts, it times
what a filtered table asks: the first page (200 rows, ordered by name) and the number
of matching rows. The baseline in the same run: reading every person's name in one
query, which any filter outside SQL pays first. Goal (issue 2): ≤ 100 ms per filter.
The app's own figures (model + view) are in ``bench/people_table.py``.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import median_of, ms

FILTERS = ["wang", "li", "山", "smith john", "zzzq"]
LATIN = ["wang", "li", "zhang", "liu", "chen", "kim", "park", "smith", "john", "tanaka", "müller"]
HAN = "王李张刘陈杨金朴山田中铃木"
GOAL = 0.100


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--database", default=None, help="PostgreSQL base URL (default: SQLite)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from sqlalchemy import create_engine, func, insert, select, text
    from sqlalchemy.engine import make_url

    from desk.storage import models as m
    from desk.storage.db import open_database

    rng = random.Random(1)
    rows = []
    for i in range(args.people):
        latin = f"{rng.choice(LATIN).title()} {rng.choice(LATIN).title()}{i}"
        name = "".join(rng.choice(HAN) for _ in range(3))
        rows.append({"name": name, "name_latin": latin, "search_name": m.search_key(name, latin)})

    with tempfile.TemporaryDirectory() as tmp:
        admin = None
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        if args.database:
            admin = create_engine(args.database, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            url = make_url(args.database).update_query_dict({"options": f"-csearch_path={schema}"})
            db = open_database(url.render_as_string(hide_password=False))
        else:
            db = open_database(f"sqlite:///{Path(tmp) / 'search.sqlite3'}")
        try:
            with db.engine.begin() as conn:
                conn.execute(insert(m.Person.__table__), rows)
                if db.dialect == "postgresql":
                    conn.execute(text("ANALYZE people"))
            with db.engine.connect() as conn:
                base = median_of(
                    args.runs, lambda: conn.execute(select(m.Person.search_name)).all()
                )
                print(f"{args.people:,} people on {db.dialect}, median of {args.runs}")
                print(f"  baseline: read every name           {ms(base)}")
                for words in FILTERS:
                    cond = [
                        m.Person.search_name.contains(m.search_key(w), autoescape=True)
                        for w in words.split()
                    ]
                    page = select(m.Person.id, m.Person.name, m.Person.name_latin).where(*cond)
                    page = page.order_by(m.Person.search_name).limit(200)
                    count = select(func.count()).select_from(m.Person).where(*cond)

                    def answer(page=page, count=count):  # type: ignore[no-untyped-def]
                        conn.execute(page).all()
                        return conn.execute(count).scalar()

                    t = median_of(args.runs, answer)
                    verdict = "ok" if t <= GOAL else "OVER GOAL"
                    print(
                        f"  filter {words!r:<12} page+count     {ms(t)}"
                        f"  ({answer():,} match; {t / base:4.2f}× baseline; {verdict})"
                    )
        finally:
            db.close()
            if admin is not None:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
