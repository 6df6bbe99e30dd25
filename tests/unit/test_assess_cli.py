"""`desk assess`: output forms, list options, "
"languages, and bad input (exit 2, never a traceback)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rules_support import FIXTURE_LIST, FIXTURES, document, listed, visitor

from desk.cli import main as cli_main
from desk.domain.i18n import set_language

S02 = FIXTURES / "cases" / "S02.json"
S18 = FIXTURES / "cases" / "S18.json"


@pytest.fixture(autouse=True)
def only_assess(monkeypatch):
    monkeypatch.setattr(cli_main, "COMMANDS", {"assess": "desk.cli.assess"})


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli_main.main(list(argv))
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def write(tmp: Path, name: str, doc: object) -> str:
    path = tmp / name
    path.write_text(
        doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False), encoding="utf-8"
    )
    return str(path)


def test_one_case_prints_one_object():
    code, out, _ = run("assess", str(S02), "--json")
    assert code == 0
    doc = json.loads(out)
    assert isinstance(doc, dict) and doc["outcome"] == "LICENSE_REQUIRED"


def test_without_list_the_builtin_end_user_list_is_used():
    _, out, _ = run("assess", str(S02), "--json")
    assert json.loads(out)["lists"] == [{"id": "jp-eul", "version": "2025-09-29"}]


def test_list_replaces_and_default_adds_the_builtin_back():
    _, out, _ = run("assess", str(S18), "--list", str(FIXTURE_LIST), "--json")
    assert [entry["version"] for entry in json.loads(out)["lists"]] != ["2025-09-29"]
    assert len(json.loads(out)["lists"]) == 1
    _, out, _ = run("assess", str(S18), "--list", str(FIXTURE_LIST), "--list", "default", "--json")
    versions = [entry["version"] for entry in json.loads(out)["lists"]]
    assert len(versions) == 2 and "2025-09-29" in versions


def test_the_fictitious_listed_university_is_found_only_with_the_fixture_list():
    _, out, _ = run("assess", str(S18), "--list", str(FIXTURE_LIST), "--json")
    assert json.loads(out)["outcome"] == "LICENSE_REQUIRED_CATCHALL"


def test_as_of_overrides_the_case_date(tmp_path):
    code, out, _ = run("assess", str(S02), "--as-of", "2026-10-02", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["recipient_status"]["resident"] is True
    assert doc["outcome"] == "NOT_APPLICABLE"


def test_stale_end_user_list_warns_on_stderr():
    code, out, err = run("assess", str(S02), "--as-of", "2026-09-29", "--json")
    assert code == 0 and "12 months" not in err
    code, out, err = run("assess", str(S02), "--as-of", "2026-09-30", "--json")
    assert code == 0
    assert "End User List" in err and "2025-09-29" in err
    assert json.loads(out)["id"] == "S02"  # the warning stays off stdout


def test_readable_explanation_in_japanese_and_english():
    code, out, _ = run("--lang", "ja", "assess", str(S02))
    assert code == 0
    assert "許可申請要（リスト規制）" in out
    assert "非居住者" in out
    assert "2026-10-02" in out
    code, out, _ = run("assess", str(S02), "--lang", "en")
    assert "licence required (list control)" in out
    assert "non-resident" in out


@pytest.mark.parametrize(
    ("patch", "where"),
    [
        (
            {"recipient": {**visitor(), "nationalites": ["CN"]}},
            "recipient.nationalites: unknown key",
        ),
        (
            {"recipient": {**visitor(), "entered_japan_on": 20260101}},
            "recipient.entered_japan_on: expected a date",
        ),
        ({"as_of": "2026-02-30"}, "as_of: not a valid date"),
        ({"recipient": visitor("XX")}, "recipient.nationalities[0]: unknown country code"),
        (
            {"technology": listed(classification="maybe")},
            "technology.classification: unknown value",
        ),
    ],
)
def test_invalid_case_exits_2_naming_file_and_key(tmp_path, patch, where):
    path = write(tmp_path, "bad.json", document(**patch))
    good = str(S02)
    code, out, err = run("assess", good, path, "--json")
    assert code == 2
    assert out == ""  # nothing printed for the good file either
    assert f"{path}: {where}" in err
    assert "Traceback" not in err


def test_missing_file_and_bad_list_and_bad_date(tmp_path):
    code, _, err = run("assess", str(tmp_path / "nope.json"))
    assert code == 2 and "nope.json" in err
    bad_list = write(tmp_path, "list.csv", "no,country\n1,CN\n")
    code, _, err = run("assess", str(S02), "--list", bad_list)
    assert code == 2 and "list.csv" in err and "missing column" in err
    code, _, err = run("assess", str(S02), "--as-of", "tomorrow")
    assert code == 2 and "--as-of" in err


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _mutations(doc: dict) -> st.SearchStrategy[object]:
    paths: list[tuple[str, ...]] = []

    def walk(node: object, path: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                paths.append((*path, k))
                walk(v, (*path, k))

    walk(doc, ())

    def mutate(args: tuple[tuple[str, ...], object, bool]) -> object:
        path, value, delete = args
        d = json.loads(json.dumps(doc))
        target = d
        for k in path[:-1]:
            target = target[k]
        if delete:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return d

    return st.tuples(st.sampled_from(paths), JSON, st.booleans()).map(mutate)


BASE = document(
    listed(exemptions=[{"basis": "public_domain", "evidence": "x", "covers_all_content": True}]),
    visitor(),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(JSON, _mutations(BASE), st.text(max_size=40), st.binary(max_size=40)))
def test_fuzzed_input_never_crashes(value):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.json"
        if isinstance(value, bytes):
            path.write_bytes(value)
        elif isinstance(value, str):
            path.write_text(value, encoding="utf-8")
        else:
            path.write_text(json.dumps(value), encoding="utf-8")
        code, out, err = run("assess", str(path), "--list", str(FIXTURE_LIST), "--json")
    assert code in (0, 2)
    if code == 2:
        assert err.startswith(f"desk: {path}")
        assert out == ""
    else:
        assert json.loads(out)["outcome"]


def test_the_installed_entry_point_runs_assess():
    proc = subprocess.run(
        [sys.executable, "-m", "desk", "assess", str(S02), "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["review_on"] == "2026-10-02"


def test_institutional_policy_citation_reads_in_japanese() -> None:
    from desk.domain.i18n import citation_text

    assert citation_text("institutional policy", "ja") == "機関の方針"
    assert citation_text("外為法 25条1項; institutional policy", "en").endswith(
        "institutional policy"
    )
    assert citation_text(None, "ja") == ""


def test_japanese_calendar_setting_writes_dates_in_wareki(monkeypatch):
    monkeypatch.setenv("DESK_CALENDAR", "japanese")
    try:
        code, out, _ = run("assess", str(S02), "--as-of", "2026-10-02", "--lang", "ja")
        assert code == 0
        as_of = next(line for line in out.splitlines() if line.startswith("  判定基準日"))
        assert as_of.endswith("令和8年10月2日")
        code, out, _ = run("assess", str(S02), "--as-of", "2026-10-02", "--lang", "en")
        assert "2026-10-02" in out  # English text keeps ISO dates
    finally:
        set_language("en")
