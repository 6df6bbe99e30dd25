"""A database for Home (desk.services.registers.home_summary): users with each role, cases
in every status, overdue and due-for-re-review cases, an expiring licence and pledge, imports,
the institution's name."""

from __future__ import annotations

import datetime as dt

from desk.services.context import open_context
from desk.storage import models as m

TODAY = dt.date(2026, 12, 7)
UTC = dt.UTC


def _user(login: str, *roles: str) -> m.User:
    return m.User(login=login, display_name=login, roles=[m.UserRole(role=r) for r in roles])


def populate(url: str) -> None:
    with open_context(url, actor="setup") as ctx, ctx.transaction() as s:
        office, rev, res1, res2 = (
            _user("off", "office"),
            _user("rev", "reviewer"),
            _user("res1", "researcher"),
            _user("res2", "researcher"),
        )
        s.add_all([office, rev, res1, res2])
        item = m.TechnicalItem(title="Gyro data", classification="listed", item="2")
        person = m.Person(name="王伟", name_latin="Wang Wei", nationalities=["CN"])
        s.add_all([item, person])
        s.flush()

        def case(ref: str, status: str, **kw: object) -> m.Case:
            row = m.Case(
                ref=ref,
                title=f"Case {ref}",
                technical_item=item,
                person=person,
                status=status,
                **kw,
            )
            s.add(row)
            return row

        case("D1", "draft", filed_by=res1)
        case("D2", "draft", filed_by=res2)
        case("D3", "draft")
        s1 = case("S1", "submitted", filed_at=dt.datetime(2026, 11, 1, 3, tzinfo=UTC))
        # 23:30 on 22 November in Japan: 15 days ago there, overdue
        case("S2", "submitted", filed_at=dt.datetime(2026, 11, 22, 14, 30, tzinfo=UTC))
        # 01:00 on 23 November in Japan (still the 22nd in UTC): 14 days, not yet overdue
        case("S3", "submitted", filed_at=dt.datetime(2026, 11, 22, 16, 0, tzinfo=UTC))
        f1 = case("F1", "first_review", filed_at=dt.datetime(2026, 10, 1, tzinfo=UTC))
        case("SR", "second_review", filed_at=dt.datetime(2026, 12, 1, tzinfo=UTC))
        dec1 = case("DEC1", "decided")
        dec2 = case("DEC2", "decided")
        closed = case("CL", "closed")
        s.flush()

        def assess(row: m.Case, review_on: dt.date | None) -> m.Assessment:
            a = m.Assessment(
                case_id=row.id,
                outcome="LICENSE_REQUIRED",
                risk="R1",
                review_on=review_on,
                ruleset_id="t",
                ruleset_version="t",
                case_sha256="0" * 64,
                judged_on=TODAY,
            )
            s.add(a)
            s.flush()
            return a

        assess(s1, dt.date(2026, 12, 20))
        assess(dec2, dt.date(2026, 11, 30))
        assess(dec1, dt.date(2026, 12, 10))  # superseded by the newer one below
        newer = assess(dec1, None)
        assess(closed, dt.date(2026, 11, 1))  # closed: not listed
        # F1 had its last step yesterday: waiting since then, not since it was filed
        s.add(
            m.ReviewStep(
                case_id=f1.id,
                level="first",
                decision="approve",
                reviewer=rev,
                decided_at=dt.datetime(2026, 12, 6, tzinfo=UTC),
                assessment_id=newer.id,
            )
        )
        s.add(
            m.IssuedRecord(
                document_number="DESK-1",
                case_id=dec1.id,
                kind="precheck",
                lang="ja",
                content_sha256="0" * 64,
            )
        )
        s.add(
            m.Licence(
                case_id=dec2.id,
                number="L-1",
                granted_on=dt.date(2026, 1, 15),
                valid_until=dt.date(2027, 1, 15),
            )
        )
        s.add(
            m.Licence(
                case_id=dec2.id,
                number="L-2",
                granted_on=dt.date(2026, 1, 15),
                valid_until=dt.date(2028, 1, 15),
            )
        )
        # a pledge ending in 20 days (listed), a declaration in 2028 and one withdrawn (not)
        other = m.Person(name="Zoe Expired", nationalities=["FR"])
        s.add(other)
        s.flush()
        for who, kind, status, until in (
            (person, "pledge", "received", dt.date(2026, 12, 27)),
            (person, "declaration", "received", dt.date(2028, 4, 1)),
            (other, "declaration", "withdrawn", dt.date(2026, 12, 20)),
        ):
            s.add(
                m.IntakeDocument(
                    person_id=who.id,
                    kind=kind,
                    status=status,
                    received_on=dt.date(2025, 12, 27),
                    valid_until=until,
                )
            )
        s.add(m.OfficeSetting(key="institution", value="北関東科学技術大学"))
        ctx.audit(s, "case.import", "case", s1.id, {"ref": "S1", "source": "s1.json"})
        ctx.audit(s, "case.import", "case", dec2.id, {"ref": "DEC2", "source": "dec2.json"})
