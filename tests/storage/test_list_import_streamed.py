"""A list import in bounded memory (issue 15: "a list import holds ~15 KB per row, so a
200 MB list does not finish"): the file is read row by row, the diff is made in SQL and
the re-screening reads the list as a stream — and still stores nothing of a bad file, nor
of a killed import. Fictitious entries and parties, generated here."""

from __future__ import annotations

import datetime as dt
import gc
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk.domain.errors import InvalidInput
from desk.domain.i18n import set_language
from desk.screening import diff_lists
from desk.screening.listfile import load_list_csv
from desk.services.context import ServiceContext, open_context
from desk.services.screening import import_list, list_import, list_stream, preview_list
from desk.storage import models as m

ROOT = Path(__file__).resolve().parents[2]
HEADER = "no,country,country_name,name,local_names,aliases,wmd,cw\n"


def rows(n: int, *, shift: int = 0, extra: str = "", names: int = 0) -> str:
    """``n`` fictitious entries; two names repeat (the same published name twice), or
    only ``names`` names in turn (the matcher's caches of names stay as they are)."""
    out = [HEADER]
    for i in range(n):
        k = i % names if names else i
        name = f"Orbis Fabrication Bureau {k // 2 if k < 4 else k}"
        out.append(f"{i + 1 + shift},CN,China,{name},,Orbis {k} Ltd,M,\n")
    return "".join(out) + extra


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture
def ctx(database_url: str) -> Iterator[ServiceContext]:
    context = open_context(database_url, actor="reviewer1", today=dt.date(2026, 3, 1))
    set_language("en")
    with context.transaction() as s:
        s.add(m.Organization(name="Kestrel Avionics Co., Ltd.", country="CN"))
        s.add(m.Person(name="Ivan Petrov", nationalities=["RU"]))
    try:
        yield context
    finally:
        context.close()


V1 = HEADER + (
    "1,CN,China,Kestrel Avionics Corporation,凱斯特航空電子公司,,M,CW\n"
    '2,IR,Iran,Alborz Propulsion Institute,,APPI,"M,N",\n'
    "3,RU,Russia,Volga Composites JSC,,Volga Kompozit,,CW\n"
    "4,RU,Russia,Volga Composites JSC,,,,\n"
    "5,KP,North Korea,Namsan Trading,,,,\n"
    "6,SY,Syria,Barada Research Centre,,BRC,C,\n"
)
V2 = HEADER + (  # renumbered; a changed alias; a renamed entry; one removed, one added
    '1,IR,Iran,Alborz Propulsion Institute,,APPI,"M,N",\n'
    "2,CN,China,Kestrel Avionics Corporation,凱斯特航空電子公司,Kestrel Avionic Systems,M,CW\n"
    "3,RU,Russia,Volga Composites JSC,,,,\n"
    "4,RU,Russia,Volga Composites JSC,,Volga Kompozit,,CW\n"
    "5,KP,North Korea,Namsan General Trading,,Namsan Trading,,\n"
    "7,IQ,Iraq,Tigris Optics Works,,,N,\n"
)


@pytest.mark.parametrize("full", [True, False], ids=["whole-list", "streamed"])
def test_the_diff_made_in_sql_is_the_diff_of_the_two_files(
    ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full: bool
) -> None:
    monkeypatch.setattr(list_stream, "BATCH", 2)  # batches end inside the list
    if not full:
        monkeypatch.setattr(list_import, "FULL_MATCHER_ENTRIES", 0)
    p1, p2 = write(tmp_path, "l-2026-01-01.csv", V1), write(tmp_path, "l-2026-02-01.csv", V2)
    import_list(ctx, p1)
    expected = diff_lists(load_list_csv(p1), load_list_csv(p2))
    previewed = preview_list(ctx, p2)
    result = import_list(ctx, p2)
    assert result.diff is not None and previewed.diff is not None

    def shape(d: object) -> object:
        return (
            [e.no for e in d.added],  # type: ignore[attr-defined]
            [e.no for e in d.removed],  # type: ignore[attr-defined]
            [(c.old.no, c.new.no, c.fields) for c in d.changed],  # type: ignore[attr-defined]
            d.unchanged,  # type: ignore[attr-defined]
        )

    assert shape(result.diff) == shape(expected) == shape(previewed.diff)
    # the two Volga entries pair in their order (the k-th with the k-th), and both changed
    assert shape(expected) == (
        ["7"],
        ["6"],
        [
            ("1", "2", ("aliases",)),
            ("3", "3", ("aliases", "cw")),
            ("4", "4", ("aliases", "cw")),
            ("5", "5", ("name", "aliases")),
        ],
        1,
    )
    assert result.diff.changed[0].new.aliases == ("Kestrel Avionic Systems",)
    # the changed Kestrel entry found the stored organisation again, either way
    assert [(h.party_name, h.hit.entry) for h in result.impact.hits] == [
        ("Kestrel Avionics Co., Ltd.", "2")
    ]
    with ctx.reading() as s:  # the preview stored nothing; the pairing table is gone
        assert s.scalar(select(func.count()).select_from(m.ListVersion)) == 2
        assert s.scalar(select(func.count()).select_from(m.ListEntry)) == 12


def test_a_streamed_first_import_finds_the_parties(
    ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(list_stream, "BATCH", 2)
    monkeypatch.setattr(list_import, "FULL_MATCHER_ENTRIES", 0)
    r = import_list(ctx, write(tmp_path, "l-2026-01-01.csv", V1))
    assert r.version.row_count == 6 and r.impact.screened_entries == 6
    assert [(h.party_name, h.hit.entry, h.hit.band) for h in r.impact.hits] == [
        ("Kestrel Avionics Co., Ltd.", "1", "match")
    ]


@pytest.mark.parametrize("at", [3, 9])
def test_a_duplicate_number_in_a_streamed_file_is_refused_with_both_rows(
    ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: int
) -> None:
    monkeypatch.setattr(list_stream, "BATCH", 4)  # row 9 repeats a number of an earlier batch
    text = rows(12).replace(f"\n{at},CN", "\n2,CN", 1)
    with pytest.raises(InvalidInput) as info:
        import_list(ctx, write(tmp_path, "l-2026-01-01.csv", text))
    assert "duplicate entry number '2' (also on row 3)" in str(info.value)
    assert f"row {at + 1}, column no" in str(info.value)
    with ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(m.ListVersion)) == 0
        assert s.scalar(select(func.count()).select_from(m.ListEntry)) == 0


def test_a_bad_row_after_many_stored_batches_stores_nothing(
    ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(list_stream, "BATCH", 5)
    import_list(ctx, write(tmp_path, "l-2026-01-01.csv", V1))
    bad = write(tmp_path, "l-2026-02-01.csv", rows(40, extra="41,XX,Nowhere,Works,,,,\n"))
    with pytest.raises(InvalidInput) as info:
        import_list(ctx, bad)
    assert "row 42, column country" in str(info.value)
    with ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(m.ListVersion)) == 1
        assert s.scalar(select(func.count()).select_from(m.ListEntry)) == 6


def _peak(ctx: ServiceContext, path: Path) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        import_list(ctx, path, allow_mass_removal=True)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_of_an_import_does_not_grow_with_the_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """tracemalloc peak of importing (and replacing) N and 4N rows: the 3N more rows may
    add at most 80 bytes each (the import held ~1.5 KB a row, the file and the diff
    more). The rows repeat 40 names: what the matcher caches per distinct name (bounded by
    its own caches' sizes) does not grow with the rows."""
    monkeypatch.setattr(list_stream, "BATCH", 100)
    monkeypatch.setattr(list_import, "FULL_MATCHER_ENTRIES", 0)
    set_language("en")
    n = 500
    peaks = {}
    for size in (n, 4 * n):
        url = f"sqlite:///{tmp_path / f'{size}.sqlite3'}"
        with open_context(url, actor="reviewer1", today=dt.date(2026, 3, 1)) as c:
            with c.transaction() as s:
                s.add(m.Organization(name="Kestrel Avionics Co., Ltd.", country="CN"))
            warm = rows(10, names=40)
            import_list(c, write(tmp_path, f"w-{size}-2025-12-01.csv", warm), source="warm")
            first = _peak(c, write(tmp_path, f"a-{size}-2026-01-01.csv", rows(size, names=40)))
            # the next version: two changed, the rest renumbered (a diff over every row)
            text = rows(size, shift=1000000, names=40)
            text = text.replace("Orbis 5 Ltd", "Orbis Five Ltd", 1)
            text = text.replace("Orbis 6 Ltd", "Orbis Six Ltd", 1)
            second = _peak(c, write(tmp_path, f"b-{size}-2026-02-01.csv", text))
            peaks[size] = (first, second)
            result = import_list(c, tmp_path / f"b-{size}-2026-02-01.csv")
            assert result.already_stored
    for i in (0, 1):
        grown = peaks[4 * n][i] - peaks[n][i]
        assert grown < 80 * 3 * n, (i, peaks)


@pytest.mark.slow
def test_kill_9_during_a_list_import_stores_all_or_nothing(
    database_url: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "LOGNAME": "office1",
        "USER": "office1",
        "DESK_USER": "office1",
        "DESK_DATABASE_URL": database_url,
    }
    big = write(tmp_path, "big-2026-01-01.csv", rows(30000))
    argv = [sys.executable, "-m", "desk", "lists", "import", str(big), "--yes"]
    small = write(tmp_path, "small-2025-12-01.csv", V1)
    first = subprocess.run(
        [sys.executable, "-m", "desk", "lists", "import", "--yes", str(small)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert first.returncode == 0, first.stderr
    url = database_url
    for delay in (1.0, 2.5):
        proc = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        with open_context(url, actor="office1") as c, c.reading() as s:
            counts = dict(
                s.execute(
                    select(m.ListVersion.version, func.count(m.ListEntry.id))
                    .join(m.ListEntry, m.ListEntry.list_version_id == m.ListVersion.id)
                    .group_by(m.ListVersion.version)
                ).all()
            )
        assert counts in ({"2025-12-01": 6}, {"2025-12-01": 6, "2026-01-01": 30000}), counts
    again = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
