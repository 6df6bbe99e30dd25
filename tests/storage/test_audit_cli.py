"""`desk audit verify` and `desk audit log` (issue 15: no screen or command showed the log,
and a rewritten history went unnoticed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from desk.cli.main import main
from desk.domain.i18n import set_language
from desk.services.context import open_context
from tests.storage.case_files import write_case


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    set_language("en")
    yield
    set_language("en")


def run(capsys: pytest.CaptureFixture[str], login: str, monkeypatch, *argv: str):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LOGNAME", login)
    monkeypatch.setenv("DESK_USER", login)  # shared mode: PostgreSQL login
    monkeypatch.setenv("USER", login)
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_verify_prints_the_head_and_names_the_altered_event(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db = ["--database", database_url]
    assert (
        run(capsys, "ren", monkeypatch, "cases", "import", str(write_case(tmp_path)), *db)[0] == 0
    )
    write_case(tmp_path, id="K2")
    assert (
        run(capsys, "ren", monkeypatch, "cases", "import", str(tmp_path / "K2.json"), *db)[0] == 0
    )

    code, out, _ = run(capsys, "ren", monkeypatch, "audit", "verify", *db)
    assert code == 0 and "intact: 2 events; head " in out
    code, out, _ = run(capsys, "ren", monkeypatch, "audit", "verify", "--json", *db)
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["events"] == 2 and len(report["head_sha256"]) == 64
    noted = report["head_sha256"]

    code, out, _ = run(capsys, "ren", monkeypatch, "audit", "log", "--case", "K2", "--json", *db)
    (event,) = json.loads(out)
    assert event["action"] == "case.import" and event["actor"] == "ren"
    assert event["details"]["ref"] == "K2" and event["seq"] == 2
    code, out, _ = run(capsys, "ren", monkeypatch, "audit", "log", "--user", "nobody", *db)
    assert code == 0 and "No audit events." in out
    code, out, _ = run(capsys, "ren", monkeypatch, "audit", "log", "--since", "2099-01-01", *db)
    assert "No audit events." in out
    code, out, _ = run(capsys, "ren", monkeypatch, "audit", "log", *db)
    assert out.count("case.import") == 2
    code, _, err = run(capsys, "ren", monkeypatch, "audit", "log", "--since", "2026-W36-2", *db)
    assert code == 2 and "--since" in err

    # the attacker of the issue: trigger off, history edited
    with open_context(database_url) as ctx, ctx.db.engine.begin() as conn:
        if ctx.db.dialect == "sqlite":
            conn.execute(text("DROP TRIGGER audit_events_no_update"))
        else:
            conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
        conn.execute(text("UPDATE audit_events SET actor = 'mallory' WHERE seq = 1"))
        first = conn.execute(text("SELECT id FROM audit_events WHERE seq = 1")).scalar()
    code, out, _ = run(capsys, "ren", monkeypatch, "audit", "verify", *db)
    assert code == 1 and f"event {first} (no. 1) was altered" in out
    code, out, _ = run(capsys, "ren", monkeypatch, "audit", "verify", "--json", *db)
    problem = json.loads(out)["problem"]
    assert code == 1 and problem["kind"] == "altered" and problem["event_id"] == first
    code, _, err = run(capsys, "ren", monkeypatch, "audit", "verify", "--head", "xyz", *db)
    assert code == 2 and "--head" in err
    del noted


def test_reading_the_trail_needs_an_overseeing_role(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db = ["--database", database_url]
    assert (
        run(capsys, "boss", monkeypatch, "review", "users", "add", "boss", "--role", "office", *db)[
            0
        ]
        == 0
    )
    assert (
        run(
            capsys,
            "boss",
            monkeypatch,
            "review",
            "users",
            "add",
            "ren",
            "--role",
            "researcher",
            *db,
        )[0]
        == 0
    )
    assert (
        run(capsys, "boss", monkeypatch, "review", "users", "add", "aud", "--role", "auditor", *db)[
            0
        ]
        == 0
    )
    code, _, err = run(capsys, "ren", monkeypatch, "audit", "log", *db)
    assert code == 2 and "ren may not read the audit trail" in err
    code, out, _ = run(capsys, "aud", monkeypatch, "audit", "verify", *db)
    assert code == 0 and "intact: 3 events" in out
    set_language("ja")
    code, _, err = run(capsys, "ren", monkeypatch, "--lang", "ja", "audit", "verify", *db)
    assert code == 2 and "ren には監査ログを検証する権限がありません" in err


def test_log_filters_by_kind_date_range_and_text_and_writes_csv(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db = ["--database", database_url]
    run(capsys, "ren", monkeypatch, "cases", "import", str(write_case(tmp_path)), *db)
    run(capsys, "ren", monkeypatch, "cases", "assess", "K1", *db)
    code, out, _err = run(
        capsys, "ren", monkeypatch, "audit", "log", "--kind", "case", "--json", *db
    )
    kinds = {e["action"] for e in json.loads(out)}
    assert code == 0 and kinds == {"case.import", "case.assess"}
    code, out, _err = run(
        capsys, "ren", monkeypatch, "audit", "log", "--kind", "case.assess", "--json", *db
    )
    assert [e["action"] for e in json.loads(out)] == ["case.assess"]
    code, out, _err = run(
        capsys, "ren", monkeypatch, "audit", "log", "--until", "2000-01-01", "--json", *db
    )
    assert json.loads(out) == []
    code, out, _err = run(
        capsys, "ren", monkeypatch, "audit", "log", "--search", "K1", "--json", *db
    )
    assert len(json.loads(out)) >= 2
    out_file = tmp_path / "log.csv"
    code, out, _err = run(capsys, "ren", monkeypatch, "audit", "log", "--csv", str(out_file), *db)
    assert code == 0 and out_file.read_text(encoding="utf-8-sig").count("\n") >= 3
    code, _out, err = run(capsys, "ren", monkeypatch, "audit", "log", "--until", "2026-W36-2", *db)
    assert code == 2 and "--until" in err
