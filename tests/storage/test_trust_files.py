"""Files and numbers (issue 15): two records issued at once, kill -9 of `report records`,
`cases export` through a symbolic link, list replacements that need confirming."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from desk.cli.main import main
from desk.domain.errors import InvalidInput, PermissionDenied
from desk.domain.i18n import set_language
from desk.services import records as reports
from desk.services.cases import assess_cases, import_cases
from desk.services.context import open_context
from desk.services.records import issue as issuing
from desk.services.reviews import add_user
from desk.services.screening import import_list
from tests.storage.case_files import write_case

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    set_language("en")
    yield
    set_language("en")


def _cases(url: str, folder: Path, n: int) -> None:
    with open_context(url, actor="office1") as ctx:
        import_cases(ctx, [write_case(folder, id=f"F{i:02d}") for i in range(n)])
        assess_cases(ctx, lists=[])


def test_two_records_issued_at_once_get_two_numbers(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _cases(database_url, tmp_path, 1)
    barrier = threading.Barrier(2, timeout=2)
    original = issuing._next_serial
    calls = {"n": 0}

    def draw_then_wait(*args: Any) -> int:
        serial = original(*args)
        calls["n"] += 1
        if calls["n"] <= 2:  # let the other draw its number before this one stores it
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                # the audit-chain head's lock (desk.storage.audit_chain.lock_head) keeps the
                # other issuer from drawing until this one commits: no race to wait for
                pass
        return serial

    monkeypatch.setattr(issuing, "_next_serial", draw_then_wait)
    results: list[Any] = []

    def issue(k: int) -> None:
        with open_context(database_url, actor="office1") as ctx:
            try:
                results.append(
                    reports.issue_record(ctx, "F00", "precheck", "en", tmp_path / f"r{k}.pdf")
                )
            except Exception as exc:
                results.append(exc)

    threads = [threading.Thread(target=issue, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not [r for r in results if isinstance(r, Exception)], results
    numbers = sorted(r.document_number for r in results)
    assert len(set(numbers)) == 2 and numbers[1].endswith("000002")
    assert not list(tmp_path.glob("*.part"))


def test_parts_left_by_a_killed_run_are_removed_on_the_next_start(
    database_url: str, tmp_path: Path
) -> None:
    _cases(database_url, tmp_path, 1)
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = out / f"DESK-2026-PRE-000001_F00.pdf.{dead.pid}.part"
    left.write_bytes(b"%PDF-1.4 half")
    with open_context(database_url, actor="office1") as ctx:
        reports.issue_all(ctx, out, kinds=("precheck",), lang="en")
    assert not left.exists()
    assert [p.suffix for p in out.iterdir()] == [".pdf"]


@pytest.mark.slow
def test_kill_9_of_report_records_leaves_no_part_files(database_url: str, tmp_path: Path) -> None:
    _cases(database_url, tmp_path, 12)
    out = tmp_path / "records"
    env = {
        **os.environ,
        "LOGNAME": "office1",
        "USER": "office1",
        "DESK_USER": "office1",
        "DESK_DATABASE_URL": database_url,
    }
    argv = [sys.executable, "-m", "desk", "report", "records", "--all", "--out", str(out)]
    proc = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if out.is_dir() and any(p.name.endswith(".part") for p in out.iterdir()):
            break
        time.sleep(0.02)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    again = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert not [p.name for p in out.iterdir() if p.name.endswith(".part")]
    assert len(list(out.glob("*.pdf"))) >= 36


def test_export_does_not_write_through_a_symbolic_link(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _cases(database_url, tmp_path, 1)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / "export"
    out.mkdir()
    (out / "F00.json").symlink_to(victim)
    code = main(["cases", "export", "--out", str(out), "--database", database_url])
    err = capsys.readouterr().err
    assert code == 2 and "symbolic link" in err and "F00.json" in err
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_an_auditor_cannot_issue_records(database_url: str, tmp_path: Path) -> None:
    _cases(database_url, tmp_path, 1)
    with open_context(database_url, actor="office1") as ctx:
        add_user(ctx, "office1", ["office"])
        add_user(ctx, "audit", ["auditor"])
    with open_context(database_url, actor="audit") as ctx:
        with pytest.raises(PermissionDenied, match="audit holds only the read-only role Auditor"):
            reports.issue_record(ctx, "F00", "precheck", "en", tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()


LIST_HEADER = "no,country,country_name,name,local_names,aliases,wmd,cw\n"


def _list(path: Path, n: int, start: int = 1) -> Path:
    rows = "".join(f"{i},CN,China,Listed Entity {i},,,N,\n" for i in range(start, start + n))
    path.write_text(LIST_HEADER + rows, encoding="utf-8")
    return path


def test_a_list_replacement_shows_its_diff_and_needs_confirming(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--database", database_url]
    first = _list(tmp_path / "eul-2026-01-01.csv", 20)
    assert main(["lists", "import", str(first), *db]) == 0
    capsys.readouterr()
    three = _list(tmp_path / "eul-2026-02-01.csv", 3)  # over a 20-entry list: removes 17
    assert main(["lists", "import", str(three), *db]) == 2
    out, err = capsys.readouterr()
    assert "0 added, 17 removed, 0 changed" in out and "- 4 CN Listed Entity 4" in out
    assert "removes most entries" in err and "--yes" in err and "nothing was imported" in err
    with open_context(database_url) as ctx:  # the service refuses it too, unless confirmed
        with pytest.raises(InvalidInput, match="would remove 17 of the 20 entries"):
            import_list(ctx, three)
    assert main(["lists", "import", str(three), "--yes", *db]) == 0


def test_only_the_office_imports_list_versions(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    with open_context(database_url, actor="boss") as ctx:
        add_user(ctx, "boss", ["office"])
        add_user(ctx, "ren", ["researcher"])
        add_user(ctx, "aud", ["auditor"])
    for login, message in (("ren", "ren may not import list versions"), ("aud", "read-only role")):
        monkeypatch.setenv("LOGNAME", login)
        monkeypatch.setenv("DESK_USER", login)  # shared mode: PostgreSQL login
        monkeypatch.setenv("USER", login)
        code = main(
            [
                "lists",
                "import",
                str(_list(tmp_path / "eul-2026-01-01.csv", 5)),
                "--database",
                database_url,
            ]
        )
        assert code == 2 and message in capsys.readouterr().err
    monkeypatch.setenv("LOGNAME", "aud")
    monkeypatch.setenv("DESK_USER", "aud")  # shared mode: PostgreSQL login
    monkeypatch.setenv("USER", "aud")
    code = main(["cases", "import", str(write_case(tmp_path)), "--database", database_url])
    assert code == 2 and "aud holds only the read-only role" in capsys.readouterr().err
