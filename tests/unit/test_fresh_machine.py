"""What a new user or CI meets first: the README's two commands, the scripts behind them,
and a test suite that needs nothing beside the repository."""

from __future__ import annotations

import ast
import os
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _first_screen() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[0]


def _commands(text: str) -> list[list[str]]:
    """The indented (code) lines of a Markdown text, split like a shell would."""
    return [
        shlex.split(line) for line in text.splitlines() if line.startswith("    ") and line.strip()
    ]


def _script_lines(path: Path) -> list[list[str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            out.append(shlex.split(line))
    return out


def test_the_readme_first_screen_gives_the_two_commands() -> None:
    assert [c[0] for c in _commands(_first_screen())] == ["scripts/run-demo", "scripts/test"]
    for name in ("run-demo", "test"):
        assert os.access(ROOT / "scripts" / name, os.X_OK), name


def test_ci_runs_the_readme_test_command() -> None:
    readme_test = next(c for c in _commands(_first_screen()) if c[0] == "scripts/test")
    ci = _script_lines(ROOT / ".ci" / "run")
    ran = [c[1:] if c[0] == "exec" else c for c in ci]
    assert readme_test in ran, f".ci/run does not run {readme_test}: {ci}"
    # and the frozen build's smoke test (installer/README.md)
    assert ["scripts/build-app", "--smoke"] in ran


def test_the_readme_commands_install_what_they_use() -> None:
    # scripts/test uses ruff, mypy, lint-imports and both venvs: bootstrap "all" makes them
    assert ["scripts/bootstrap", "all"] in _script_lines(ROOT / "scripts" / "test")
    assert ["scripts/bootstrap", "app"] in _script_lines(ROOT / "scripts" / "run-demo")
    bootstrap = (ROOT / "scripts" / "bootstrap").read_text(encoding="utf-8")
    # the stamp records what was installed, not only when
    assert "extras=" in bootstrap and "pyproject-sha256=" in bootstrap


def test_the_readme_names_the_qt_system_libraries() -> None:
    assert "libxcb-cursor0" in _first_screen()


def _paths_outside(tree: ast.AST) -> list[int]:
    """Lines that build a path to ../shared: a string holding ``../shared`` or ``/shared``
    used as a value (not a docstring), or ``… / "shared"``."""
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            right = node.right
            if isinstance(right, ast.Constant) and right.value == "shared":
                lines.append(node.lineno)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and ("../shared" in node.value or node.value.rstrip("/").endswith("/shared"))
        ):
            lines.append(node.lineno)
    return lines


def test_no_test_reads_outside_the_repository() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in (ROOT / "tests").rglob("*.py")
        if path != Path(__file__).resolve()  # this file names the patterns it looks for
        for n in _paths_outside(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not offenders, offenders
