"""A command imports only what it uses: each check runs ``desk`` in a fresh interpreter and
looks at the modules loaded when it exits (start-up time is what a person waits for at
every command; bench/cli.py measures it)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from desk.cli import main as cli_main

PROBE = """
import atexit, gc, json, sys
def report():
    sys.__stderr__.write("\\nGC " + json.dumps(gc.get_threshold()))
    sys.__stderr__.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
atexit.register(report)
from desk.launcher import main
sys.argv = ["desk"] + sys.argv[1:]
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
sys.exit(code)
"""

HEAVY = ("reportlab", "sqlalchemy", "alembic", "psycopg", "PySide6", "rapidfuzz", "pypinyin")


def loaded(*argv: str, tmp_path: Path) -> set[str]:
    return probe(*argv, tmp_path=tmp_path)[0]


def probe(
    *argv: str, tmp_path: Path, env: dict[str, str] | None = None
) -> tuple[set[str], list[int]]:
    """(the modules loaded, the cycle collector's thresholds) when ``desk *argv`` exits."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        capture_output=True,
        text=True,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "DESK_CACHE_DIR": str(tmp_path / "cache"),
            "DESK_LOG_DIR": str(tmp_path),
            "LANG": "C.UTF-8",
            **(env or {}),
        },
        cwd=tmp_path,
    )
    marker = proc.stderr.rsplit("MODULES ", 1)
    assert len(marker) == 2, proc.stderr
    thresholds = json.loads(marker[0].rsplit("GC ", 1)[1])
    return set(json.loads(marker[1])), thresholds


def _packages(modules: set[str], roots: tuple[str, ...]) -> list[str]:
    return sorted({m.split(".")[0] for m in modules if m.split(".")[0] in roots})


def _desk(modules: set[str], prefix: str) -> list[str]:
    return sorted(m for m in modules if m == prefix or m.startswith(prefix + "."))


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["--lang", "ja", "--help"]])
def test_version_and_help_import_nothing_heavy(argv: list[str], tmp_path: Path) -> None:
    modules = loaded(*argv, tmp_path=tmp_path)
    assert _packages(modules, HEAVY) == []
    assert _desk(modules, "desk.screening") == []
    assert _desk(modules, "desk.services") == []
    assert _desk(modules, "desk.storage") == []
    assert _desk(modules, "desk.reports") == []
    assert _desk(modules, "desk.rules") == []
    # only the dispatcher of desk.cli: no command module
    assert _desk(modules, "desk.cli") == ["desk.cli", "desk.cli.main"]


def test_a_command_help_imports_that_command_only(tmp_path: Path) -> None:
    modules = loaded("screen", "--help", tmp_path=tmp_path)
    assert "desk.cli.screen" in modules
    assert _desk(modules, "desk.cli") == ["desk.cli", "desk.cli.main", "desk.cli.screen"]
    assert _packages(modules, ("reportlab", "sqlalchemy", "PySide6")) == []


def test_screen_imports_no_storage_reports_or_qt(tmp_path: Path) -> None:
    modules = loaded("screen", "Harbin Institute of Technology", tmp_path=tmp_path)
    assert "desk.screening.matcher" in modules
    assert _packages(modules, ("reportlab", "sqlalchemy", "alembic", "PySide6")) == []
    assert _desk(modules, "desk.storage") == []
    assert _desk(modules, "desk.reports") == []


def test_assess_imports_no_reportlab_storage_or_qt(tmp_path: Path) -> None:
    case = Path(__file__).resolve().parents[1] / "fixtures" / "cases" / "S02.json"
    modules = loaded("assess", str(case), tmp_path=tmp_path)
    assert "desk.rules" in modules
    assert _packages(modules, ("reportlab", "sqlalchemy", "alembic", "PySide6")) == []
    assert _desk(modules, "desk.storage") == []


def test_report_record_imports_no_charts_or_qt(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'none.sqlite3'}"
    modules = loaded(
        "--database",
        url,
        "report",
        "record",
        "X",
        "--kind",
        "precheck",
        "--out",
        str(tmp_path / "x.pdf"),
        tmp_path=tmp_path,
    )
    assert not any(m.startswith("reportlab.graphics.charts") for m in modules)
    assert _packages(modules, ("PySide6",)) == []
    assert _desk(modules, "desk.screening") == []


def test_issuing_a_record_imports_only_the_record_path(tmp_path: Path) -> None:
    """A record issued end to end (a stored, assessed case: the queries, the fonts, the PDF)
    loads no Qt, no screening matcher, no charts, no Alembic (the database is at the head)
    and not xml.sax.saxutils, whose import pulls in urllib.request, http.client and email;
    nor SQLAlchemy's ORM or desk's models: the fast path reads and writes with Core."""
    from desk.services.cases import assess_cases, import_cases
    from desk.services.context import open_context

    url = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    case = Path(__file__).resolve().parents[1] / "fixtures" / "cases" / "S02.json"
    with open_context(url, actor="office") as ctx:
        import_cases(ctx, [case])
        assess_cases(ctx)
    out = tmp_path / "S02.pdf"
    modules, thresholds = probe(
        *("--database", url, "report", "record", "S02", "--kind", "precheck"),
        *("--out", str(out)),
        tmp_path=tmp_path,
        env={"DESK_USER": "office"},
    )
    assert out.read_bytes().startswith(b"%PDF")  # the whole path ran
    assert "sqlalchemy.orm" not in modules
    assert _desk(modules, "desk.storage.models") == []
    assert "desk.services.context" not in modules
    assert "desk.reports.records.render" in modules
    assert _packages(modules, ("PySide6", "alembic", "rapidfuzz", "pypinyin")) == []
    assert not any(m.startswith("reportlab.graphics.charts") for m in modules)
    # the font cache's folder helper only: no matcher, no index, no folds
    assert _desk(modules, "desk.screening") == ["desk.screening", "desk.screening.disk_cache"]
    assert _desk(modules, "desk.ui") == []
    assert _desk(modules, "desk.demo") == []
    assert {"xml.sax.saxutils", "urllib.request", "http.client"} & modules == set()
    # the command's objects are collected in a few long passes, not a hundred short ones
    assert thresholds[0] == cli_main.COMMAND_GC_THRESHOLD


def _registered_help(parser: argparse.ArgumentParser) -> dict[str, str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {a.dest: a.help or "" for a in action._choices_actions}
    return {}


def test_the_summaries_are_the_commands_own_help() -> None:
    from desk.domain.i18n import _

    every = _registered_help(cli_main.build_parser(every=True))
    listed = _registered_help(cli_main.build_parser())
    assert set(cli_main.SUMMARIES) == set(cli_main.COMMANDS)
    assert listed == every
    assert {k: _(v) for k, v in cli_main.SUMMARIES.items()} == every


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["screen", "X"], "screen"),
        (["--database", "sqlite:///x", "report", "record"], "report"),
        (["--lang", "ja", "--database=sqlite:///x", "cases", "list"], "cases"),
        (["--version"], None),
        ([], None),
    ],
)
def test_the_command_is_found_past_the_options(argv: list[str], command: str | None) -> None:
    assert cli_main.command_in(argv) == command


def test_the_list_model_does_not_load_the_matcher() -> None:
    """desk.screening re-exports lazily: a record (which names the list versions it used)
    or a case load reaches ScreeningList without paying for the matcher and its folds."""
    probe = (
        "import sys\n"
        "from desk.screening import ScreeningList, ListEntry, load_list_csv\n"
        "heavy = sorted(m for m in sys.modules if m.startswith(('desk.screening.matcher',"
        " 'desk.screening.folds', 'rapidfuzz', 'pypinyin')))\n"
        "print(heavy)\n"
        "from desk.screening import Matcher\n"
        "print('desk.screening.matcher' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["[]", "True"]
