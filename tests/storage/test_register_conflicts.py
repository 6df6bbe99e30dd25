"""Two people editing the same register record (issue 15, "Decisions stay decided"): the
second save is refused with what changed, never a lost update — for people,
organizations, projects and technical data, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from desk.domain.errors import ConflictError
from desk.domain.i18n import set_language
from desk.services import registers as reg
from desk.services.context import open_context
from desk.services.registers import records as register_records

FIRST = {
    "person": {"name": "王 子涵"},
    "organization": {"name": "Example Institute", "country": "DE"},
    "project": {"title": "Batteries"},
    "technical_item": {"title": "Cathode recipe", "classification": "not_on_list"},
}
EDIT_A = {
    "person": {"name_latin": "Wang Zihan"},
    "organization": {"name_latin": "Example Inst."},
    "project": {"title": "Solid-state batteries"},
    "technical_item": {"title": "Cathode recipe v2"},
}
EDIT_B = {
    "person": {"email": "wang@example.org"},
    "organization": {"country": "FR"},
    "project": {"title": "Batteries (B)"},
    "technical_item": {"title": "Cathode recipe (B)"},
}


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    set_language("en")
    yield


@pytest.mark.parametrize("kind", list(FIRST))
def test_the_second_save_of_a_stale_form_is_refused_naming_the_change(
    database_url: str, kind: str
) -> None:
    with open_context(database_url, actor="office1", migrate=True) as ctx:
        record = reg.add(ctx, kind, FIRST[kind])
        assert record.version == 1
        a = reg.show(ctx, kind, record.id)  # two people open the same record
        b = reg.show(ctx, kind, record.id)
        saved = reg.edit(ctx, kind, record.id, EDIT_A[kind], seen=a.seen)
        assert saved.version == 2
        with pytest.raises(ConflictError, match="changed by someone else") as refused:
            reg.edit(ctx, kind, record.id, EDIT_B[kind], seen=b.seen)
        field = next(iter(EDIT_A[kind]))
        assert field in str(refused.value)
        after = reg.show(ctx, kind, record.id)
        assert after.version == 2
        for key, value in EDIT_A[kind].items():  # the first edit stands, whole
            assert after.fields[key] == value


def test_two_saves_at_the_same_moment_store_one(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both pass the version check before either writes; the version column refuses one."""
    with open_context(database_url, actor="office1") as ctx:
        record = reg.add(ctx, "person", {"name": "李 明"})
        seen = reg.show(ctx, "person", record.id).seen
    barrier = threading.Barrier(2, timeout=30)
    original = register_records.refuse_stale

    def check_then_wait(*args: Any) -> None:
        original(*args)
        barrier.wait()

    # every register edits through records.edit_row, which checks the version there
    monkeypatch.setattr(register_records, "refuse_stale", check_then_wait)
    results: list[Any] = []

    def save(values: dict[str, str]) -> None:
        with open_context(database_url, actor="office1") as ctx:
            try:
                results.append(reg.edit(ctx, "person", record.id, values, seen=seen))
            except Exception as exc:
                results.append(exc)

    threads = [
        threading.Thread(target=save, args=(v,))
        for v in ({"email": "a@example.org"}, {"email": "b@example.org"})
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ConflictError), results
    assert "nothing was saved" in str(errors[0])
    with open_context(database_url, actor="office1") as ctx:
        assert reg.show(ctx, "person", record.id).version == 2
