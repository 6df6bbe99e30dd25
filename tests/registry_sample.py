"""A small database with a few rows in every registry, for the browse and GUI tests."""

from __future__ import annotations

import datetime as dt

from desk.services.context import ServiceContext
from desk.storage.models import (
    Affiliation,
    Assessment,
    Case,
    Department,
    ListEntry,
    ListVersion,
    Organization,
    Person,
    Project,
    ScreeningListSource,
    TechnicalItem,
)

# (name as written, Latin form, nationality, role)
PEOPLE = [
    ("王伟", "Wang Wei", "CN", "foreign_collaborator"),
    ("山田 太郎", "Yamada Taro", "JP", "staff"),
    ("김민준", "Kim Minjun", "KR", "student"),
    ("Анна Смирнова", "Anna Smirnova", "RU", "visitor"),
    ("John Smith", None, "US", "visitor"),
    ("李娜", "Li Na", "CN", "student"),
]
EXTRA_PEOPLE = 250  # "Student 000" … so that the People table has more than one page


def populate(ctx: ServiceContext, *, extra_people: int = EXTRA_PEOPLE) -> None:
    with ctx.transaction() as s:
        eng = Department(name="工学研究科", name_en="Graduate School of Engineering", code="ENG")
        sci = Department(name="理学研究科", name_en="Graduate School of Science", code="SCI")
        s.add_all([eng, sci])
        tsinghua = Organization(
            name="清华大学",
            name_latin="Tsinghua University",
            country="CN",
            kind="university",
            aliases=["THU"],
            local_names=["清華大學"],
        )
        acme = Organization(name="Acme Robotics GmbH", country="DE", kind="company")
        s.add_all([tsinghua, acme])
        people = []
        for name, latin, nat, role in PEOPLE:
            p = Person(
                name=name,
                name_latin=latin,
                nationalities=[nat],
                role=role,
                department=eng if nat in ("CN", "JP") else sci,
                location="japan",
                entered_japan_on=dt.date(2024, 4, 1),
            )
            people.append(p)
        people[0].affiliations.append(Affiliation(organization=tsinghua, since=dt.date(2020, 9, 1)))
        s.add_all(people)
        s.add_all(
            Person(
                name=f"Student {i:03d}",
                name_latin=f"Student {i:03d}",
                nationalities=["VN"],
                role="student",
                department=sci,
            )
            for i in range(extra_people)
        )
        robot = Project(
            title="自律移動ロボットの制御",
            pi_name="山田 太郎",
            department=eng,
            starts_on=dt.date(2024, 4, 1),
            ends_on=dt.date(2027, 3, 31),
            status="active",
            funding_sources=["JSPS KAKENHI"],
            technology_fields=["robotics"],
        )
        battery = Project(
            title="Solid-state battery materials",
            pi_name="Sato Hanako",
            department=sci,
            status="planned",
        )
        s.add_all([robot, battery])
        gyro = TechnicalItem(
            title="Gyroscope calibration data", classification="listed", item="2(12)", project=robot
        )
        cells = TechnicalItem(
            title="Electrolyte synthesis notes", classification="not_listed", project=battery
        )
        s.add_all([gyro, cells])
        s.flush()
        case = Case(
            ref="C-2025-001",
            title="Gyroscope data to visiting researcher",
            technical_item=gyro,
            person=people[0],
            status="first_review",
            channels=["email"],
            provision_date=dt.date(2025, 10, 1),
        )
        case2 = Case(
            ref="C-2025-002",
            title="Battery notes to Acme",
            technical_item=cells,
            organization=acme,
            status="draft",
        )
        s.add_all([case, case2])
        s.flush()
        s.add(
            Assessment(
                case_id=case.id,
                outcome="LICENSE_REQUIRED",
                risk="R3",
                ruleset_id="jp-deemed-export",
                ruleset_version="test",
                result={},
                case_sha256="0" * 64,
                judged_on=dt.date(2025, 9, 30),
            )
        )
        source = ScreeningListSource(source_id="jp-eul", name="End User List")
        s.add(source)
        old = ListVersion(source=source, version="2024-01-01", sha256="a" * 64, row_count=1)
        new = ListVersion(source=source, version="2025-09-29", sha256="b" * 64, row_count=2)
        s.add_all([old, new])
        s.add_all(
            [
                ListEntry(version=old, no="1", country="IR", name="Old Entry Company"),
                ListEntry(
                    version=new,
                    no="1",
                    country="IR",
                    name="Example Aerospace Industries",
                    aliases=["EAI"],
                ),
                ListEntry(
                    version=new,
                    no="2",
                    country="CN",
                    name="Example Institute of Technology",
                    local_names=["示例理工学院"],
                ),
            ]
        )
