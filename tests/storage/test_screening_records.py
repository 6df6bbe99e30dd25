"""Importing the published list formats, and stored screening records with their
dispositions, in the database (SQLite and PostgreSQL) and through the CLI."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import func, select

from desk.cli.main import main
from desk.domain.errors import InvalidInput, NotFound, PermissionDenied
from desk.domain.i18n import set_language
from desk.services.context import ServiceContext, open_context
from desk.services.screening import (
    clear_hit,
    confirm_hit,
    current_lists,
    import_list,
    record_screening,
    screening_hits,
    screening_record,
)
from desk.storage import models as m

FIX = Path(__file__).parents[1] / "fixtures" / "lists"
KOMID = "Korea Mining Development Trading Corp."


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield


@pytest.fixture
def ctx(database_url: str) -> Iterator[ServiceContext]:
    context = open_context(database_url, actor="office1", today=dt.date(2026, 3, 1))
    try:
        yield context
    finally:
        context.close()


def count(ctx: ServiceContext, model: Any) -> int:
    with ctx.reading() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def events(ctx: ServiceContext, prefix: str) -> list[SimpleNamespace]:
    with ctx.reading() as s:
        rows = s.scalars(select(m.AuditEvent).order_by(m.AuditEvent.id)).all()
        return [
            SimpleNamespace(action=e.action, details=dict(e.details or {}))
            for e in rows
            if e.action.startswith(prefix)
        ]


def test_each_format_is_stored_as_a_version_of_its_own_list(ctx: ServiceContext) -> None:
    un = import_list(ctx, FIX / "un-consolidated.xml")
    csl = import_list(ctx, FIX / "us-csl.json")
    mof = import_list(ctx, FIX / "mof-sanctions.xlsx", published="2025-09-26")
    eul = import_list(ctx, FIX / "eul.xlsx", published="2025-09-29", allow_mass_removal=True)
    assert [
        (r.version.source, r.version.version, r.version.row_count) for r in (un, csl, mof, eul)
    ] == [
        ("un-sc", "2025-10-01", 13),
        ("us-csl", "2025-09-30", 13),
        ("jp-mof", "2025-09-26", 12),
        ("jp-eul", "2025-09-29", 6),
    ]
    lists = {lst.id: lst for lst in current_lists(ctx)}
    assert set(lists) == {"un-sc", "us-csl", "jp-mof", "jp-eul"}
    komid = next(e for e in lists["un-sc"].entries if e.no == "KPe.001")
    assert komid.program == "DPRK" and "KOMID" in komid.aliases
    assert not lists["un-sc"].has_categories and lists["jp-eul"].has_categories


def test_a_broken_file_stores_nothing(ctx: ServiceContext) -> None:
    for name in ("un-missing-reference.xml", "us-csl-bad-field.json", "eul-bad-category.xlsx"):
        with pytest.raises(InvalidInput, match=name):
            import_list(ctx, FIX / name, published="2025-10-01")
    with pytest.raises(InvalidInput, match="no sheet has the header row"):
        import_list(ctx, FIX / "mof-wrong-sheet.xlsx", fmt="mof-xlsx", published="2025-10-01")
    assert count(ctx, m.ListVersion) == 0 and count(ctx, m.ListEntry) == 0
    assert events(ctx, "list.") == []


def test_recorded_screening_runs_against_every_active_list(ctx: ServiceContext) -> None:
    import_list(ctx, FIX / "un-consolidated.xml")
    rec = record_screening(ctx, KOMID, "kp")
    # the End User List is screened too: stored from the built-in copy
    assert {x["id"] for x in rec.lists} == {"un-sc", "jp-eul"}
    assert rec.country == "KP" and rec.status == "open" and rec.screened_by == "office1"
    lists = {h.list_id for h in rec.hits}
    assert "un-sc" in lists
    un_hit = next(h for h in rec.hits if h.list_id == "un-sc")
    assert (un_hit.entry, un_hit.program, un_hit.band) == ("KPe.001", "DPRK", "match")
    (event,) = events(ctx, "screening.record")
    assert (
        event.details["query"] == KOMID
        and f"un-sc:KPe.001:{un_hit.score:.2f}" in event.details["hits"]
    )

    clean = record_screening(ctx, "Kyoto Prefectural Botanical Garden", "JP")
    assert clean.hits == () and clean.status == "cleared"
    assert screening_record(ctx, clean.id).query == "Kyoto Prefectural Botanical Garden"


def test_clear_and_confirm_with_roles_and_audit(ctx: ServiceContext, database_url: str) -> None:
    from desk.services.reviews import add_user

    import_list(ctx, FIX / "un-consolidated.xml")
    rec = record_screening(ctx, KOMID)
    first, *rest = rec.hits
    assert [h.id for h in screening_hits(ctx, open_only=True)] == sorted(
        (h.id for h in rec.hits), reverse=True
    )
    with pytest.raises(InvalidInput, match="give the reason"):
        clear_hit(ctx, first.id, "  ")
    with pytest.raises(NotFound):
        confirm_hit(ctx, 9999)

    add_user(ctx, "office1", ["office"])
    add_user(ctx, "researcher1", ["researcher"])
    researcher = open_context(database_url, actor="researcher1")
    try:
        with pytest.raises(PermissionDenied):
            clear_hit(researcher, first.id, "another company")
        with pytest.raises(PermissionDenied):
            confirm_hit(researcher, first.id)
    finally:
        researcher.close()

    after = confirm_hit(ctx, first.id, "same address and aliases")
    assert after.status == "confirmed"
    decided = next(h for h in after.hits if h.id == first.id)
    assert (decided.status, decided.decided_by, decided.reason) == (
        "confirmed",
        "office1",
        "same address and aliases",
    )
    with pytest.raises(InvalidInput, match="already decided"):
        clear_hit(ctx, first.id, "changed my mind")
    for h in rest:
        clear_hit(ctx, h.id, "a different entry of the same party")
    assert screening_record(ctx, rec.id).status == "confirmed"  # a confirmed hit escalates
    assert screening_hits(ctx, open_only=True) == ()
    confirm = events(ctx, "screening.hit.confirm")
    assert len(confirm) == 1 and confirm[0].details["escalated"] is True
    assert confirm[0].details["entry"] == first.entry
    assert len(events(ctx, "screening.hit.clear")) == len(rest)


def test_clearing_every_hit_clears_the_record(ctx: ServiceContext) -> None:
    import_list(ctx, FIX / "un-consolidated.xml")
    rec = record_screening(ctx, "Tanchon Commercial Bank")
    for h in rec.hits:
        assert screening_record(ctx, rec.id).status == "open"
        clear_hit(ctx, h.id, "a different bank")
    assert screening_record(ctx, rec.id).status == "cleared"


def test_an_import_reopens_the_records_it_affects(ctx: ServiceContext) -> None:
    import_list(ctx, FIX / "un-consolidated.xml")
    hit_rec = record_screening(ctx, "Harbin Institute of Technology", "CN")
    other = record_screening(ctx, "Kyoto Prefectural Botanical Garden", "JP")
    for h in hit_rec.hits:
        clear_hit(ctx, h.id, "checked")
    assert screening_record(ctx, hit_rec.id).status == "cleared"

    result = import_list(ctx, FIX / "us-csl.csv", published="2025-09-30")
    assert result.reopened == (hit_rec.id,)
    again = screening_record(ctx, hit_rec.id)
    assert again.status == "open"
    new = [h for h in again.hits if h.status == "open"]
    assert [(h.list_id, h.entry_name) for h in new] == [
        ("us-csl", "Harbin Institute of Technology")
    ]
    assert screening_record(ctx, other.id).status == "cleared"
    (imp,) = [e for e in events(ctx, "list.import") if e.details["source"] == "us-csl"]
    assert imp.details["reopened_records"] == [hit_rec.id]
    # the same file again changes nothing
    assert import_list(ctx, FIX / "us-csl.csv", published="2025-09-30").already_stored


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli(capsys: pytest.CaptureFixture[str], database_url: str) -> None:
    db = ("--database", database_url)
    code, out, err = run(capsys, *db, "lists", "import", str(FIX / "un-consolidated.xml"), "--yes")
    assert code == 0 and "Stored un-sc 2025-10-01: 13 entries" in out, err
    code, out, err = run(
        capsys, *db, "lists", "import", str(FIX / "mof-wrong-sheet.xlsx"), "--format", "mof-xlsx",
        "--published", "2025-10-01",
    )  # fmt: skip
    assert code == 2 and "mof-wrong-sheet.xlsx: no sheet has the header row" in err
    code, out, err = run(capsys, *db, "lists", "import", str(FIX / "us-csl.csv"), "--format", "pdf")
    assert code == 2 and "unknown list format 'pdf'" in err

    code, out, err = run(capsys, *db, "screen", KOMID, "--record", "--json")
    assert code == 0, err
    record = json.loads(out)
    un = next(h for h in record["hits"] if h["list"] == "un-sc")
    assert un["entry"] == "KPe.001" and un["program"] == "DPRK"

    code, out, _ = run(capsys, *db, "hits", "list", "--open", "--json")
    assert {h["id"] for h in json.loads(out)} == {h["id"] for h in record["hits"]}
    code, out, _ = run(capsys, *db, "hits", "list", "--open")
    assert f"#{un['id']} [open]" in out and "un-sc (DPRK)" in out

    code, out, err = run(capsys, *db, "hits", "clear", str(un["id"]), "--reason", "not them")
    assert code == 0 and f"Hit #{un['id']} cleared." in out
    code, out, err = run(capsys, *db, "hits", "clear", str(un["id"]), "--reason", "again")
    assert code == 2 and "already decided" in err
    code, out, err = run(capsys, *db, "hits", "confirm", "99999")
    assert code == 2 and "no screening hit 99999" in err
    code, out, _ = run(capsys, *db, "hits", "show", str(record["id"]), "--json")
    shown = json.loads(out)
    assert next(h for h in shown["hits"] if h["id"] == un["id"])["status"] == "cleared"
    code, out, err = run(capsys, *db, "screen", KOMID, "--record", "--list", "default")
    assert code == 2 and "--record screens one NAME" in err


def test_printed_record_is_deterministic_embedded_and_verifiable(
    ctx: ServiceContext, tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    from pypdf import PdfReader

    from desk.services.screening import screening_record_pdf, verify_screening_record

    import_list(ctx, FIX / "un-consolidated.xml")
    rec = record_screening(ctx, KOMID, "KP")
    clear_hit(ctx, rec.hits[-1].id, "another company with a similar name")
    pdf = screening_record_pdf(ctx, rec.id)
    assert pdf == screening_record_pdf(ctx, rec.id)  # same state, same bytes
    path = tmp_path / "record.pdf"
    path.write_bytes(pdf)
    assert verify_screening_record(ctx, path).ok

    reader = PdfReader(path)
    text = reader.pages[0].extract_text()
    assert "リスト照合記録" in text and f"DESK-SCR-{rec.id:06d}" in text
    assert "国連安保理統合制裁リスト（2025年10月1日公表）" in text
    flat = " ".join(text.split())
    assert "another company with a similar" in flat and "jp-eul" not in flat
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()  # type: ignore[union-attr]
    }
    assert fonts and all("+" in f for f in fonts)  # subsets of embedded fonts only
    assert [e.details["document_number"] for e in events(ctx, "screening.print")] == [
        f"DESK-SCR-{rec.id:06d}"
    ] * 2

    # altered, or decided again after printing: no longer verifies
    tampered = tmp_path / "tampered.pdf"
    changed = bytearray(pdf)
    changed[len(pdf) // 2] ^= 1
    tampered.write_bytes(bytes(changed))
    assert not verify_screening_record(ctx, tampered).ok
    open_hits = [h for h in rec.hits if h.id != rec.hits[-1].id]
    assert open_hits  # the End User List's entry and the UN's
    confirm_hit(ctx, open_hits[0].id)
    result = verify_screening_record(ctx, path)
    assert not result.ok and "decided again" in result.message
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.4 nothing")
    assert verify_screening_record(ctx, other).message == "not a screening record printed by desk"

    # the CLI writes it and verifies it
    out = tmp_path / "cli.pdf"
    code, stdout, err = run(
        capsys, "--database", database_url, "hits", "record", str(rec.id), "-o", str(out)
    )
    assert code == 0 and out.read_bytes().startswith(b"%PDF"), err
    code, stdout, _ = run(capsys, "--database", database_url, "hits", "verify", str(out))
    assert code == 0 and stdout.startswith("verified")
    code, stdout, _ = run(capsys, "--database", database_url, "hits", "verify", str(tampered))
    assert code == 1 and stdout.startswith("NOT verified")
