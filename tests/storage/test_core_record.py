"""The fast record path (SQLAlchemy Core, no ORM: ``desk.services.records.core_path``) stores
what the ORM path stores: for demo cases with and without review steps, classification
snapshots, licences, evidence and 取引審査 facts, every kind in both languages, signed, under
a restore floor — the same PDF bytes, the same ``issued_records`` row, the same
``record.issue`` audit event chained after the same head. Records of both paths, mixed,
verify, and so does the audit chain."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desk.demo import load_demo
from desk.reports.data import KINDS, RED_FLAGS
from desk.services import records
from desk.services.audit import verify_audit
from desk.services.context import ServiceContext, open_context
from desk.services.records import core_path, issue, issuing
from desk.services.records.signing import generate_keys, load_signer
from desk.services.reviews import add_evidence
from desk.storage import audit_chain, chain_core
from desk.storage import models as m
from desk.storage.audit_chain import _QUEUE

NOW = dt.datetime(2026, 12, 7, 3, 4, 5, tzinfo=dt.UTC)  # when every record here is issued
AT = dt.datetime(2026, 12, 7, 3, 4, 5, 678000, tzinfo=dt.UTC)  # when its audit event is


# made up for this test (not METI's table): countries the demo's recipients come from
GROUP_B = {
    "format": "desk-country-group/1",
    "group": "B",
    "source": "tests/storage/test_core_record.py",
    "published": "2026-01-01",
    "countries": ["AE", "BR", "EE", "ID", "IN", "LT", "LV", "MX", "MY", "SG", "TH", "TW", "VN"],
}


class _DryRun(Exception):
    pass


def _office(ctx: ServiceContext) -> str:
    with ctx.reading() as s:
        return str(
            s.scalar(
                select(m.User.login)
                .join(m.UserRole, m.UserRole.user_id == m.User.id)
                .where(m.UserRole.role == "office")
                .order_by(m.User.login)
            )
        )


def _cases(ctx: ServiceContext, least: int = 4) -> list[str]:
    """A case of each shape the record reads: reviewed, classified (snapshot), organization
    recipient, neither reviewed nor classified — assessed, newest first by ref."""
    assessed = select(m.Assessment.case_id)
    snap = select(m.ClassificationSnapshot.technical_item_id)
    with ctx.reading() as s:
        base = select(m.Case.ref).where(m.Case.id.in_(assessed)).order_by(m.Case.ref)
        reviewed = base.where(m.Case.id.in_(select(m.ReviewStep.case_id)))
        shapes = [
            reviewed.where(m.Case.technical_item_id.in_(snap)),
            reviewed.where(m.Case.technical_item_id.not_in(snap)),
            base.where(
                m.Case.technical_item_id.in_(snap),
                m.Case.id.not_in(reviewed.with_only_columns(m.Case.id)),
            ),
            base.where(m.Case.organization_id.is_not(None)),
            base.where(
                m.Case.id.not_in(select(m.ReviewStep.case_id)),
                m.Case.technical_item_id.not_in(snap),
                m.Case.person_id.is_not(None),
            ),
        ]
        refs: list[str] = []
        for query in shapes:
            ref = s.scalar(query.where(m.Case.ref.not_in(refs) if refs else True))
            if ref is not None:
                refs.append(str(ref))
    assert len(refs) >= least, refs
    return refs


def _orm_dry_run(ctx: ServiceContext, ref: str, kind: str, lang: str) -> dict[str, Any]:
    """What the ORM path would store and print now (rolled back afterwards)."""
    out: dict[str, Any] = {}
    try:
        with ctx.transaction() as session:
            row = records_case_row(session, ref)
            assessment = latest(session, row.id)
            info, pdf = issue._issue_one(
                ctx, session, row, assessment, kind, lang, NOW, {}, load_signer()
            )
            session.flush()
            rec = session.scalars(
                select(m.IssuedRecord).where(m.IssuedRecord.document_number == info.document_number)
            ).one()
            sig = session.get(m.RecordSignature, info.document_number)
            (event,) = session.info[_QUEUE]
            seq, prev = session.execute(select(m.AuditChainHead.seq, m.AuditChainHead.sha256)).one()
            details = chain_core.canonical_details(event.details)
            out = {
                "pdf": pdf,
                "issued": _columns(rec),
                "signature": None if sig is None else _columns(sig, skip=("signed_at",)),
                "event": {
                    "actor": event.actor,
                    "action": event.action,
                    "entity": event.entity,
                    "entity_id": event.entity_id,
                    "details": details,
                    "seq": seq + 1,
                    "prev_sha256": prev,
                    "sha256": chain_core.event_sha256(
                        prev,
                        seq + 1,
                        AT,
                        event.actor,
                        event.action,
                        event.entity,
                        event.entity_id,
                        details,
                    ),
                },
            }
            raise _DryRun
    except _DryRun:
        pass
    return out


def records_case_row(session: Any, ref: str) -> m.Case:
    from desk.services.cases import case_row

    return case_row(session, ref)


def latest(session: Any, case_id: int) -> m.Assessment:
    from desk.services.cases import latest_assessments

    return latest_assessments(session, [case_id])[case_id]


def _columns(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    cols = obj.__table__.columns
    values = {c.key: getattr(obj, c.key) for c in cols if c.key not in ("id", *skip)}
    return {k: m.as_utc(v) if isinstance(v, dt.datetime) else v for k, v in values.items()}


def _stored(ctx: ServiceContext, number: str) -> dict[str, Any]:
    with ctx.reading() as s:
        rec = s.scalars(
            select(m.IssuedRecord).where(m.IssuedRecord.document_number == number)
        ).one()
        sig = s.get(m.RecordSignature, number)
        ev = s.scalars(select(m.AuditEvent).order_by(m.AuditEvent.seq.desc()).limit(1)).one()
        return {
            "issued": _columns(rec),
            "signature": None if sig is None else _columns(sig, skip=("signed_at",)),
            "event": {
                "actor": ev.actor,
                "action": ev.action,
                "entity": ev.entity,
                "entity_id": ev.entity_id,
                "details": ev.details,
                "seq": ev.seq,
                "prev_sha256": ev.prev_sha256,
                "sha256": ev.sha256,
            },
            "at": m.as_utc(ev.at),
        }


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Records issued at NOW and audit events stamped AT, by both paths."""
    monkeypatch.setattr(issue, "record_now", lambda: NOW)
    monkeypatch.setattr(core_path, "record_now", lambda: NOW)
    original = chain_core._utc

    def stamped(at: dt.datetime | None) -> dt.datetime:
        return AT if at is None else original(at)

    monkeypatch.setattr(chain_core, "_utc", stamped)
    monkeypatch.setattr(audit_chain, "_utc", stamped)


def test_core_path_stores_what_the_orm_path_stores(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frozen: None
) -> None:
    monkeypatch.delenv("DESK_SIGNING_KEY", raising=False)
    with open_context(database_url) as ctx:
        load_demo(ctx, seed=1, people=6, progress=lambda _m: None)
        login = _office(ctx)
    monkeypatch.setenv("DESK_USER", login)
    with open_context(database_url) as ctx:
        refs = _cases(ctx)
        # what the demo does not hold: a licence, evidence, 取引審査 facts, the settings
        with ctx.transaction() as s:  # as the licence register keeps a granted licence
            case = s.scalars(select(m.Case).where(m.Case.ref == refs[0])).one()
            office = s.scalars(select(m.User).where(m.User.login == login)).one()
            s.add(
                m.Licence(
                    case_id=case.id,
                    number="METI-1",
                    granted_on=dt.date(2026, 4, 1),
                    valid_until=dt.date(2027, 3, 31),
                    conditions="年次報告",
                    recorded_at=AT,
                    recorded_by_id=office.id,
                    reprovision_consent=False,
                )
            )
        add_evidence(ctx, refs[0], title="誓約書", version="2")
        records.record_transaction_check(
            ctx,
            refs[1],
            end_use="研究",
            end_user="大学",
            documents=["契約書"],
            confirmed=["terms_normal"],
            red_flags={RED_FLAGS[0]: False, RED_FLAGS[1]: True},
        )
        records.set_office_setting(ctx, "institution", "北関東工科大学")
        records.set_office_setting(ctx, "copies_kept", "事務局")
        with ctx.transaction() as s:  # a restore kept a higher serial than any issued here
            s.add(m.DocumentNumberFloor(prefix="DESK-2026-SCR-", last_serial=41))
    folder = tmp_path / "out"
    folder.mkdir()
    issued: list[Path] = []
    with open_context(database_url) as ctx:
        for i, ref in enumerate(refs):
            if i == 2:  # the rest signed with the institution's key, and with Group B loaded
                keys = generate_keys(tmp_path)
                monkeypatch.setenv("DESK_SIGNING_KEY", str(keys.private_path))
                table = tmp_path / "group-b.json"
                table.write_text(json.dumps(GROUP_B), encoding="utf-8")
                records.load_group_table(ctx, table)
            for kind in KINDS:
                for lang in ("ja", "en"):
                    orm = _orm_dry_run(ctx, ref, kind, lang)
                    out = folder / f"{ref}-{kind}-{lang}.pdf"
                    info = records.issue_record_fast(database_url, ref, kind, lang, out)
                    assert info is not None, (ref, kind, lang)
                    where = (ref, kind, lang, info.document_number)
                    assert out.read_bytes() == orm["pdf"], where
                    stored = _stored(ctx, info.document_number)
                    assert stored["issued"] == orm["issued"], where
                    assert stored["signature"] == orm["signature"], where
                    assert stored["event"] == orm["event"], where
                    assert stored["at"] == AT
                    issued.append(out)
                    # mix the paths: the ORM path issues the next record of the case too
                    if lang == "en":
                        again = folder / f"{ref}-{kind}-orm.pdf"
                        records.issue_record(ctx, ref, kind, "ja", again)
                        issued.append(again)
        with ctx.reading() as s:
            assert s.scalar(select(func.count()).select_from(m.RecordSignature)) > 0
            numbers = set(s.scalars(select(m.IssuedRecord.document_number)))
        assert "DESK-2026-SCR-000042" in numbers  # numbered above the restore floor
        for path in issued:
            check = records.verify_record(ctx, path)
            assert check.ok, (path.name, check.message)
        assert verify_audit(ctx).ok


def test_the_orm_path_issues_what_the_fast_path_cannot(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """None (and nothing stored) for an unknown case, an actor without a users row and a
    database with sign-in accounts; the CLI then issues through the ORM path."""
    from desk.services.users import set_password

    with open_context(database_url) as ctx:
        load_demo(ctx, seed=2, people=3, progress=lambda _m: None)
        login = _office(ctx)
        ref = _cases(ctx, least=1)[0]
    monkeypatch.setenv("DESK_USER", login)
    out = tmp_path / "r.pdf"
    assert records.issue_record_fast(database_url, "NO-SUCH-CASE", "precheck", "ja", out) is None
    assert records.issue_record_fast(database_url, ref, "precheck", "ja", out) is not None
    monkeypatch.setenv("DESK_USER", "nobody-yet")
    assert records.issue_record_fast(database_url, ref, "precheck", "ja", out) is None
    monkeypatch.setenv("DESK_USER", login)
    if not database_url.startswith("postgresql"):  # local accounts are single-PC mode's
        with open_context(database_url) as ctx:
            set_password(ctx, login, "correct horse battery")
        assert records.issue_record_fast(database_url, ref, "precheck", "ja", out) is None
    with open_context(database_url, actor=login, password="correct horse battery") as ctx:
        with ctx.reading() as s:
            assert s.scalar(select(func.count()).select_from(m.IssuedRecord)) == 1
    assert not list(tmp_path.glob("*.part"))
    assert issuing.record_now().tzinfo is dt.UTC
