"""A database written by each released version of desk opens with the current code.

``tests/fixtures/upgrade/<version>/desk.sqlite3`` was written by that version (see
``tests/fixtures/upgrade/README.md``); its ``cases.json`` is what that version's
``desk cases list --json`` said. The current code opens a copy (migrating it to the newest
schema, as it does for a user), and reads the same cases back.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from desk.cli.main import main
from desk.services import users
from desk.services.cases import list_cases
from desk.services.context import open_context
from desk.services.database import database_status

UPGRADE = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade"
RELEASES = sorted(p for p in UPGRADE.iterdir() if (p / "desk.sqlite3").is_file())
# What a case is, across versions; "stale" and "review_on" depend on the day of the run.
KEPT = ("id", "title", "status", "recipient", "classification", "outcome", "risk")


def test_there_are_released_databases() -> None:
    assert RELEASES, f"no released databases under {UPGRADE}"


@pytest.mark.parametrize("release", RELEASES, ids=lambda p: p.name)
def test_a_released_database_is_migrated_and_its_cases_read(release: Path, tmp_path: Path) -> None:
    source = release / "desk.sqlite3"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    copy = tmp_path / "desk.sqlite3"
    shutil.copyfile(source, copy)
    url = f"sqlite:///{copy}"
    expected = [
        {k: c[k] for k in KEPT}
        for c in json.loads((release / "cases.json").read_text(encoding="utf-8"))
    ]

    # the release granted roles (tanaka: office and reviewer, suzuki: reviewer, neither with a
    # department): a login without a role sees no case, so read as the office
    with open_context(url, actor="tanaka") as ctx:
        got = [s.to_json() for s in list_cases(ctx)]
        roles = {u.login: u.roles for u in users.list_users(ctx)}
    assert [{k: c[k] for k in KEPT} for c in got] == expected
    # revision 0005: a reviewer without a department is the chief; the office administers
    assert roles["tanaka"] == ("admin", "chief", "office") and roles["suzuki"] == ("chief",)
    assert database_status(url).at_head
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest  # the fixture is untouched


@pytest.mark.parametrize("release", RELEASES, ids=lambda p: p.name)
def test_a_released_database_answers_the_cli(
    release: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DESK_USER", "tanaka")  # the release's office login
    copy = tmp_path / "desk.sqlite3"
    shutil.copyfile(release / "desk.sqlite3", copy)
    url = f"sqlite:///{copy}"
    assert main(["--database", url, "db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["--database", url, "review", "show", "S02", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["decision"] == "approve_with_conditions"
    assert [(s["level"], s["decision"], s["reviewer"]) for s in shown["steps"]] == [
        ("self", "submit", "tanaka"),
        ("first", "approve", "tanaka"),
        ("second", "approve_with_conditions", "suzuki"),
    ]
    assert shown["steps"][-1]["conditions"] == ["技術資料は研究室内に限る"]
