"""The matcher's index kept on disk (desk.screening.index_cache): the same answers as a
freshly built index, a new key for new lists or a new desk, and bad files rebuilt."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

import desk
from desk.screening import Matcher, builtin_list, load_list_csv
from desk.screening import disk_cache as dc
from desk.screening import index_cache as ic
from desk.screening import matcher as matcher_mod
from tests.unit.screening_heldout import NEAR_NEGATIVES, NEGATIVES, POSITIVES

FIXTURE_LIST = (
    Path(__file__).resolve().parents[1] / "fixtures" / "cases" / "lists" / "eul-fixture.csv"
)


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


def test_a_loaded_index_answers_like_a_built_one(tmp_path: Path) -> None:
    lists = [builtin_list()]
    first = ic.cached_matcher(lists, folder=tmp_path)  # builds and stores
    assert len(_files(tmp_path)) == 1
    loaded = ic.cached_matcher(lists, folder=tmp_path)
    assert loaded is not first
    built = Matcher(lists)
    names = [(q, c) for q, c, _e, _t in POSITIVES] + NEGATIVES + NEAR_NEGATIVES
    for name, country in names:
        want = built.screen(name, country, limit=None)
        got = loaded.screen(name, country, limit=None)
        assert [(h.entry, h.score, h.band, h.evidence) for h in got] == [
            (h.entry, h.score, h.band, h.evidence) for h in want
        ], name


def test_the_second_process_does_not_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lists = [load_list_csv(FIXTURE_LIST)]
    ic.cached_matcher(lists, folder=tmp_path)

    def no_build(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the index was built again")

    monkeypatch.setattr(matcher_mod.Matcher, "__init__", no_build)
    assert ic.cached_matcher(lists, folder=tmp_path).lists == tuple(lists)


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05\x95garbage", None])
def test_a_corrupt_cache_file_is_ignored_and_rebuilt(tmp_path: Path, garbage: bytes | None) -> None:
    lists = [load_list_csv(FIXTURE_LIST)]
    ic.cached_matcher(lists, folder=tmp_path)
    (path,) = _files(tmp_path)
    if garbage is None:  # a truncated file
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        path.write_bytes(garbage)
    again = ic.cached_matcher(lists, folder=tmp_path)
    assert [h.entry for h in again.screen(lists[0].entries[0].name)] == [lists[0].entries[0].no]
    assert ic._load(path, tuple(lists)) is not None  # rewritten whole


def test_an_index_of_other_lists_is_refused(tmp_path: Path) -> None:
    fixture = load_list_csv(FIXTURE_LIST)
    ic.cached_matcher([fixture], folder=tmp_path)
    (path,) = _files(tmp_path)
    assert ic._load(path, (builtin_list(),)) is None


def test_the_key_follows_the_lists_and_desk(monkeypatch: pytest.MonkeyPatch) -> None:
    fixture = load_list_csv(FIXTURE_LIST)
    key = ic.index_key([fixture])
    assert ic.index_key([fixture]) == key
    assert ic.index_key([builtin_list()]) != key
    changed = type(fixture)(
        fixture.id, fixture.version, fixture.sha256, fixture.entries[:-1], fixture.has_categories
    )
    assert ic.index_key([changed]) != key
    aliased = dataclasses.replace(
        fixture,
        entries=(
            dataclasses.replace(fixture.entries[0], aliases=("Another Name",)),
            *fixture.entries[1:],
        ),
    )
    assert ic.index_key([aliased]) != key
    monkeypatch.setattr(matcher_mod, "INDEX_FORMAT", matcher_mod.INDEX_FORMAT + 1)
    monkeypatch.setattr(ic, "INDEX_FORMAT", matcher_mod.INDEX_FORMAT)
    assert ic.index_key([fixture]) != key
    monkeypatch.undo()
    monkeypatch.setattr(desk, "_version", lambda: "99.0.0")
    assert ic.index_key([fixture]) != key


def test_an_unwritable_folder_costs_only_the_build(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    lists = [load_list_csv(FIXTURE_LIST)]
    m = ic.cached_matcher(lists, folder=blocked / "matcher")
    assert m.screen(lists[0].entries[0].name)


def test_the_folder_is_per_user_or_desk_cache_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DESK_CACHE_DIR", str(tmp_path))
    assert ic.cache_dir() == tmp_path / "matcher"
    monkeypatch.delenv("DESK_CACHE_DIR")
    assert "desk" in ic.cache_dir().parts
    assert os.path.isabs(ic.cache_dir())


def test_a_table_is_computed_once_then_read(tmp_path: Path) -> None:
    calls: list[int] = []

    def compute() -> dict[str, str]:
        calls.append(1)
        return {"daxue": "university"}

    assert dc.cached_table("t", compute, folder=tmp_path) == {"daxue": "university"}
    assert dc.cached_table("t", compute, folder=tmp_path) == {"daxue": "university"}
    assert calls == [1]
    (path,) = tmp_path.glob("t-*.pickle")
    path.write_bytes(b"garbage")
    assert dc.cached_table("t", compute, folder=tmp_path) == {"daxue": "university"}
    assert calls == [1, 1]


def test_a_table_follows_the_package_it_comes_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dc.cached_table("t", lambda: 1, depends_on=("json",), folder=tmp_path)
    monkeypatch.setattr(dc, "installed_stamp", lambda module: f"{module}:upgraded")
    assert dc.cached_table("t", lambda: 2, depends_on=("json",), folder=tmp_path) == 2
    assert len(list(tmp_path.glob("t-*.pickle"))) == 1  # the old key's file is gone


def test_the_pinyin_table_is_the_one_pypinyin_gives(tmp_path: Path) -> None:
    from desk.screening.folds import latin

    assert latin.pinyin_concepts() == latin.pinyin_concepts_built()
    assert latin.pinyin_concepts_built()["daxue"] == "university"


def test_a_package_without_files_on_disk_still_has_a_stamp(monkeypatch: pytest.MonkeyPatch) -> None:
    # a frozen build (PyInstaller): the module's origin names a file inside an archive
    import importlib.util

    real = importlib.util.find_spec

    def frozen(name: str, package: str | None = None):  # type: ignore[no-untyped-def]
        spec = real(name, package)
        assert spec is not None
        spec.origin = "/nonexistent/_internal/json/__init__.py"
        return spec

    monkeypatch.setattr(importlib.util, "find_spec", frozen)
    assert dc.installed_stamp("json").endswith(":frozen")
