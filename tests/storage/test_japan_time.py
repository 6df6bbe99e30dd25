"""Japan time end to end (SQLite and PostgreSQL): a department's sign-off at 08:30 JST on
1 April is on 1 April — on the PDF record, in ``desk review show``, in the app's detail
pane — and the record names its zone; counts read "1 record"; a record issued by the desk
of before (format 1, UTC) still verifies as unaltered."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from desk.cli.main import main
from desk.domain.i18n import set_language
from desk.services import records, registers, reviews
from desk.services.cases import assess_cases, import_cases
from desk.services.context import ServiceContext, open_context
from desk.services.records import issue as record_issue
from desk.services.reviews import steps as review_steps
from desk.storage import models as m

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "records"
DECIDED = dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC)  # 08:30 JST on 1 April
ISSUED = dt.datetime(2026, 3, 31, 23, 45, tzinfo=dt.UTC)


def text_of(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(p.extract_text() or "" for p in reader.pages)


@pytest.fixture
def office(
    database_url: str, shared_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ServiceContext]:
    monkeypatch.delenv("DESK_TIMEZONE", raising=False)
    monkeypatch.delenv("DESK_CALENDAR", raising=False)
    # the CLI acts as the login; roles are granted below, so the role checks are on
    monkeypatch.setenv("LOGNAME", "office1")
    monkeypatch.setenv("DESK_USER", "office1")  # shared mode: PostgreSQL login
    monkeypatch.setenv("USER", "office1")
    monkeypatch.setattr(m, "utcnow", lambda: DECIDED)
    monkeypatch.setattr(review_steps, "_now", lambda: DECIDED)
    monkeypatch.setattr(record_issue, "record_now", lambda: ISSUED)
    ctx = open_context(database_url, actor="office1")
    import_cases(ctx, [shared_dir / "cases" / "S03.json"])
    assess_cases(ctx, lists=[])
    reviews.add_user(ctx, "office1", ["office"], display_name="輸出管理室 担当")
    reviews.add_user(ctx, "ren", ["researcher"], display_name="Ren Researcher", department="ENG")
    reviews.add_user(ctx, "dean", ["dept_head"], display_name="工学部長 山田", department="ENG")
    reviews.submit_case(dataclasses.replace(ctx, actor="ren"), "S03")
    reviews.decide_case(
        dataclasses.replace(ctx, actor="dean"), "S03", level="first", decision="approve"
    )
    set_language("en")
    try:
        yield ctx
    finally:
        set_language("en")
        ctx.close()


def test_the_record_prints_the_japanese_day_and_names_the_zone(
    office: ServiceContext, tmp_path: Path
) -> None:
    out = tmp_path / "pre.pdf"
    records.issue_record(office, "S03", kind="precheck", lang="ja", out=out)
    text = text_of(out)
    assert "工学部長 山田 2026年4月1日" in text  # the sign-off, on the Japanese day
    assert "2026-03-31" not in text and "2026年3月31日" not in text
    assert "作成日時 Generated 2026年4月1日 08:45（日本時間） 2026-04-01 08:45 JST" in text
    result = records.verify_record(office, out)
    assert result.ok and "unaltered" in result.message


def test_the_zone_a_record_was_issued_in_is_the_zone_it_verifies_in(
    office: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "pre.pdf"
    monkeypatch.setenv("DESK_TIMEZONE", "Europe/London")
    records.issue_record(office, "S03", kind="precheck", lang="en", out=out)
    assert "2026-04-01 00:45 BST (Europe/London)" in text_of(out)
    monkeypatch.setenv("DESK_TIMEZONE", "Asia/Tokyo")  # the setting changed since
    result = records.verify_record(office, out)
    assert result.ok and "unaltered" in result.message


def test_review_show_and_the_detail_pane_use_japan_time(
    office: ServiceContext, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review", "show", "S03", "--database", database_url, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "2026-04-01 08:30 JST" in out and "2026-03-31" not in out
    (row,) = registers.browse(office, "cases", search="S03").rows
    fields = dict(registers.detail(office, "cases", row.id).fields)
    assert fields["Filed at"] == "2026-04-01 08:30 JST"


def test_one_record_is_one_record(
    office: ServiceContext, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["report", "records", "--all", "--kind", "precheck", "--out", str(tmp_path / "recs")]
    assert main([*argv, "--database", database_url, "--lang", "en"]) == 0
    assert f"Issued 1 record into {tmp_path / 'recs'}" in capsys.readouterr().out


def test_a_record_issued_by_the_desk_of_before_still_verifies(tmp_path: Path) -> None:
    # made with desk at c1ea78e (desk-record/1, UTC); see tests/fixtures/records/README.md
    db = tmp_path / "v1.sqlite3"
    shutil.copy(FIXTURES / "v1.sqlite3", db)
    pdf = tmp_path / "v1-precheck-ja.pdf"
    shutil.copy(FIXTURES / "v1-precheck-ja.pdf", pdf)
    with open_context(f"sqlite:///{db}") as ctx:
        result = records.verify_record(ctx, pdf)
    assert result.ok, result.message
    assert "unaltered" in result.message
