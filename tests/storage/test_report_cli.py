"""``desk report``: exit statuses and messages a user sees (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from desk.cli import report
from desk.cli.main import EXIT_INVALID, _Parser, add_common_options
from desk.domain.errors import DeskError
from desk.services.cases import assess_cases, import_cases
from desk.services.context import open_context


def run(argv: Sequence[str]) -> int:
    """The dispatcher's contract for ``desk report …`` (DeskError → exit 2), this command only."""
    parser = _Parser(prog="desk")
    parser.add_argument("--lang", default=None)
    report.register(parser.add_subparsers(dest="command", parser_class=_Parser))
    add_common_options(parser)  # as the dispatcher does: --database on every command
    args = parser.parse_args(list(argv))
    try:
        return int(args.func(args) or 0)
    except DeskError as exc:
        print(f"desk: {exc}")
        return EXIT_INVALID


@pytest.fixture
def db(database_url: str, fixtures_dir: Path) -> str:
    with open_context(database_url) as ctx:
        import_cases(
            ctx, [fixtures_dir / "cases" / "S02.json", fixtures_dir / "cases" / "S04.json"]
        )
        assess_cases(ctx)
    return database_url


def test_record_then_verify_then_tamper(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.pdf"
    assert (
        run(
            [
                "report",
                "record",
                "S02",
                "--kind",
                "screening",
                "--lang",
                "en",
                "--out",
                str(out),
                "--database",
                db,
            ]
        )
        == 0
    )
    assert "Issued DESK-" in capsys.readouterr().out
    assert run(["report", "verify", str(out), "--database", db]) == 0
    assert "unaltered" in capsys.readouterr().out
    data = bytearray(out.read_bytes())
    data[-300] ^= 0x20
    out.write_bytes(bytes(data))
    assert run(["report", "verify", str(out), "--database", db]) == 1
    assert "ALTERED" in capsys.readouterr().err


def test_unknown_case_or_kind_exits_2(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "r.pdf")
    assert (
        run(["report", "record", "NOPE", "--kind", "screening", "--out", out, "--database", db])
        == 2
    )
    assert "NOPE" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        run(["report", "record", "S02", "--kind", "invoice", "--out", out, "--database", db])
    assert exc.value.code == 2
    assert "invoice" in capsys.readouterr().err


def test_records_all_shows_progress_and_audit_writes_a_report(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(["report", "records", "--all", "--out", str(tmp_path / "all"), "--database", db]) == 0
    )
    captured = capsys.readouterr()
    assert "6/6" in captured.err and "Issued 6 records" in captured.out
    assert len(list((tmp_path / "all").glob("*.pdf"))) == 6
    audit = tmp_path / "audit.pdf"
    assert (
        run(["report", "audit", "--fiscal-year", "2026", "--out", str(audit), "--database", db])
        == 0
    )
    assert audit.read_bytes().startswith(b"%PDF")
    out = capsys.readouterr().out
    assert "FY2026" in out and "No internal audit is recorded" in out
    assert "Audit trail head at issue: " in out
    # an audit report verifies like a record
    assert run(["report", "verify", str(audit), "--database", db]) == 0
    assert "unaltered" in capsys.readouterr().out
    # an internal audit of another year cannot be printed for this one: exit 2, no file
    from desk.services.context import open_context
    from desk.services.internal_audit import create_audit

    with open_context(db) as ctx:
        ref = create_audit(ctx, 2025).ref
    other = tmp_path / "other.pdf"
    argv = ["report", "audit", "--fiscal-year", "2026", "--audit", ref, "--out", str(other)]
    assert run([*argv, "--database", db]) == 2
    assert "--audit" in capsys.readouterr().out and not other.exists()
