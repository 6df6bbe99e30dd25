"""Records verify without trusting the database (Ed25519 signatures, the hash anchored in
the audit chain) and retention with legal holds (issue 15), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from desk.cli.main import main
from desk.domain.errors import InvalidInput, PermissionDenied
from desk.domain.i18n import set_language
from desk.services import records as reports
from desk.services.audit import audit_log, verify_audit
from desk.services.cases import assess_cases, import_cases, list_cases
from desk.services.context import open_context
from desk.services.goods import import_shipments, list_shipments
from desk.services.retention import (
    disposal_candidates,
    dispose,
    hold,
    release,
    retention_policies,
    set_retention,
)
from desk.services.reviews import add_user, move_case
from tests.storage.case_files import write_case

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(autouse=True)
def english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    set_language("en")
    monkeypatch.setenv("DESK_CONFIG_FILE", str(tmp_path / "desk.ini"))
    monkeypatch.delenv("DESK_SIGNING_KEY", raising=False)
    yield
    set_language("en")


def _case(url: str, folder: Path, ref: str = "K1") -> None:
    with open_context(url, actor="office1") as ctx:
        import_cases(ctx, [write_case(folder, id=ref)])
        assess_cases(ctx, lists=[])


def _tamper(url: str, pdf: Path, out: Path) -> None:
    """Edit the PDF and rewrite the hash the database keeps for it."""
    import hashlib

    data = pdf.read_bytes() + b"% edited\n"
    out.write_bytes(data)
    with open_context(url, actor="office1") as ctx, ctx.transaction() as s:
        s.execute(
            text("UPDATE issued_records SET pdf_sha256 = :h"),
            {"h": hashlib.sha256(data).hexdigest()},
        )


def test_a_signed_record_verifies_and_an_edit_with_its_hash_rewritten_fails(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = reports.generate_keys(tmp_path)
    assert keys.private_path is not None and keys.private_path.stat().st_mode & 0o077 == 0
    monkeypatch.setenv("DESK_SIGNING_KEY", str(keys.private_path))
    _case(database_url, tmp_path)
    with open_context(database_url, actor="office1") as ctx:
        reports.issue_record(ctx, "K1", "precheck", "en", tmp_path / "r.pdf")
        good = reports.verify_record(ctx, tmp_path / "r.pdf")
    assert good.ok and good.signed is True
    _tamper(database_url, tmp_path / "r.pdf", tmp_path / "edited.pdf")
    with open_context(database_url, actor="office1") as ctx:
        bad = reports.verify_record(ctx, tmp_path / "edited.pdf")
        # a verifier elsewhere holds only the public key
        monkeypatch.delenv("DESK_SIGNING_KEY")
        elsewhere = reports.verify_record(ctx, tmp_path / "edited.pdf", public_key=keys.public_path)
        still = reports.verify_record(ctx, tmp_path / "r.pdf", public_key=keys.public_path)
    assert not bad.ok and bad.signed is False and "ALTERED" in bad.message
    assert not elsewhere.ok
    assert still.ok and still.signed
    # a key of another institution does not vouch for the record
    (tmp_path / "other").mkdir()
    other = reports.generate_keys(tmp_path / "other")
    with open_context(database_url, actor="office1") as ctx:
        assert not reports.verify_record(ctx, tmp_path / "r.pdf", public_key=other.public_path).ok
    assert (
        main(
            [
                "--database",
                database_url,
                "report",
                "verify",
                str(tmp_path / "edited.pdf"),
                "--public-key",
                str(keys.public_path),
            ]
        )
        == 1
    )


def test_an_unsigned_record_edited_with_its_hash_rewritten_fails_by_the_audit_chain(
    database_url: str, tmp_path: Path
) -> None:
    _case(database_url, tmp_path)
    with open_context(database_url, actor="office1") as ctx:
        reports.issue_record(ctx, "K1", "precheck", "en", tmp_path / "r.pdf")
    _tamper(database_url, tmp_path / "r.pdf", tmp_path / "edited.pdf")
    with open_context(database_url, actor="office1") as ctx:
        result = reports.verify_record(ctx, tmp_path / "edited.pdf")
        original = reports.verify_record(ctx, tmp_path / "r.pdf")
    assert not result.ok and "ALTERED" in result.message
    assert not original.ok and "changed in the database" in original.message


def test_keys_are_never_overwritten_and_show_their_fingerprint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["keys", "generate", "--out", str(tmp_path)]) == 0
    shown = capsys.readouterr().out
    assert main(["keys", "generate", "--out", str(tmp_path)]) == 2
    monkeypatch.setenv("DESK_SIGNING_KEY", str(tmp_path / "desk-signing-key.pem"))
    assert main(["keys", "show"]) == 0
    fingerprint = capsys.readouterr().out.strip().splitlines()[-1]
    assert fingerprint.split(": ")[1] in shown


# --------------------------------------------------------------------------- retention


def _decided(url: str, folder: Path, refs: list[str]) -> None:
    with open_context(url, actor="office1") as ctx:
        import_cases(ctx, [write_case(folder, id=r) for r in refs])
        assess_cases(ctx, lists=[])
        for ref in refs:
            for status in ("submitted", "first_review", "second_review", "decided"):
                move_case(ctx, ref, status)


def test_retention_lists_due_records_holds_and_disposes_with_audit(
    database_url: str, tmp_path: Path
) -> None:
    _decided(database_url, tmp_path, ["K1", "K2"])
    with open_context(database_url, actor="office1") as ctx:
        import_shipments(ctx, [FIXTURES / "goods" / "G01.json"])
        today = ctx.today()
        assert {p.record_type: p.years for p in retention_policies(ctx)} == {
            "review_record": 7,
            "shipment_record": 5,
        }
        assert disposal_candidates(ctx, on=today) == ()
        in_6 = today.replace(year=today.year + 6)
        assert [c.ref for c in disposal_candidates(ctx, on=in_6)] == ["G01"]
        later = today.replace(year=today.year + 8)
        assert sorted(c.ref for c in disposal_candidates(ctx, on=later)) == ["G01", "K1", "K2"]
        hold(ctx, "case", "K1", "litigation 2026-17")
        with pytest.raises(InvalidInput, match="Nothing was disposed"):
            dispose(ctx, on=later)
        with pytest.raises(InvalidInput, match="legal hold"):
            dispose(ctx, ["K1", "K2"], approve=True, on=later)
        assert sorted(c.ref for c in list_cases(ctx)) == ["K1", "K2"]
        done = dispose(ctx, approve=True, on=later)
        assert sorted(c.ref for c in done.disposed) == ["G01", "K2"]
        assert [c.ref for c in list_cases(ctx)] == ["K1"]
        assert list_shipments(ctx) == ()
        events = [e for e in audit_log(ctx) if e.action == "retention.dispose"]
        assert sorted(e.details["ref"] for e in events) == ["G01", "K2"]
        assert verify_audit(ctx).ok
        release(ctx, "case", "K1", "settled")
        set_retention(ctx, "review_record", 10)
        assert disposal_candidates(ctx, on=later) == ()


def test_only_the_office_holds_and_disposes(database_url: str, tmp_path: Path) -> None:
    _decided(database_url, tmp_path, ["K1"])
    with open_context(database_url, actor="office1") as ctx:
        add_user(ctx, "office1", ["office"])
        add_user(ctx, "aud", ["auditor"])
    later = dt.date.today().replace(year=dt.date.today().year + 8)
    with open_context(database_url, actor="aud") as ctx:
        assert [c.ref for c in disposal_candidates(ctx, on=later)] == ["K1"]
        with pytest.raises(PermissionDenied):
            hold(ctx, "case", "K1", "x")
        with pytest.raises(PermissionDenied):
            dispose(ctx, approve=True, on=later)


def test_retention_cli(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _decided(database_url, tmp_path, ["K1"])
    db = ["--database", database_url]
    later = dt.date.today().replace(year=dt.date.today().year + 8).isoformat()
    assert main([*db, "retention", "list", "--on", later, "--json"]) == 0
    assert '"K1"' in capsys.readouterr().out
    assert main([*db, "retention", "hold", "case", "K1", "--reason", "audit"]) == 0
    assert main([*db, "retention", "dispose", "--approve", "K1", "--on", later]) == 2
    assert main([*db, "retention", "release", "case", "K1"]) == 0
    assert main([*db, "retention", "dispose", "--on", later]) == 2
    assert main([*db, "retention", "dispose", "--approve", "--on", later]) == 0
    assert "1 records disposed of" in capsys.readouterr().out
    assert main([*db, "retention", "list", "--on", "2026-W36-2"]) == 2
