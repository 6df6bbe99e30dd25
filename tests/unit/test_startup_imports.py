"""What the main window imports before it is shown (issue 10, bench/startup.py): read from
the source, no window built.

Start-up imports :mod:`desk.ui.main_window` on the UI thread before anything is drawn, and
every module it pulls in at import time is time the user waits for. The dialogs and
forms are imported by the handler that opens them, the registry views when a registry is
first shown. This follows the imports that run when a module is imported — at its top
level and in its class bodies, not inside functions nor under ``if TYPE_CHECKING:`` — from
the main window through desk's own modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DESK = Path(__file__).resolve().parents[2] / "desk"

# imported when first used, never for the window to be shown
LAZY = (
    "desk.ui.dialogs",  # every dialog, form and wizard: when its action runs
    "desk.ui.views.registry",  # a registry's view: when it is first shown
    "desk.ui.views.detail",
    "desk.ui.views.list_versions",
    "desk.ui.models",  # the registry's table model, with its view
    "desk.ui.screenshot",
    "desk.services.permissions",  # once someone is signed in
    "desk.services.registers",  # the registries' shapes: with their first rows
    "desk.storage",
    "desk.reports",
)


def module_path(name: str) -> Path | None:
    parts = name.split(".")
    if parts[0] != "desk":
        return None
    base = DESK.parent.joinpath(*parts)
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    return None


def _runs_on_import(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of ``body`` that run when the module is imported, nested blocks
    included; function bodies and ``if TYPE_CHECKING:`` blocks left out."""
    out: list[ast.stmt] = []
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if isinstance(node, ast.If) and ast.unparse(node.test) in (
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        ):
            out.extend(_runs_on_import(node.orelse))
            continue
        out.append(node)
        for field in ("body", "orelse", "finalbody"):  # a class, if, try, with, for…
            inner = getattr(node, field, None)
            if isinstance(inner, list):
                out.extend(_runs_on_import(inner))
        for handler in getattr(node, "handlers", ()):
            out.extend(_runs_on_import(handler.body))
    return out


def imports_on_import(name: str) -> set[str]:
    """desk's modules that importing ``name`` imports directly (packages and submodules)."""
    path = module_path(name)
    return set() if path is None else imports_in(path.read_text(encoding="utf-8"))


def imports_in(source: str) -> set[str]:
    """desk's modules that running ``source`` as a module imports directly."""
    tree = ast.parse(source)
    found: set[str] = set()
    for node in _runs_on_import(tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.add(alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            for alias in node.names:  # `from desk.ui import database`: a submodule
                if module_path(f"{node.module}.{alias.name}") is not None:
                    found.add(f"{node.module}.{alias.name}")
    out: set[str] = set()
    for module in found:
        parts = module.split(".")
        # importing a.b.c imports a and a.b first
        out.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return {m for m in out if module_path(m) is not None}


def imported_by(start: str) -> dict[str, str]:
    """Every desk module importing ``start`` imports, each with the module that imports it."""
    seen = {start: ""}
    todo = [start]
    while todo:
        module = todo.pop()
        for found in sorted(imports_on_import(module)):
            if found not in seen:
                seen[found] = module
                todo.append(found)
    return seen


def chain(seen: dict[str, str], module: str) -> str:
    path = [module]
    while seen[path[-1]]:
        path.append(seen[path[-1]])
    return " ← ".join(path)


def test_the_reader_follows_imports_at_import_time_only() -> None:
    source = (
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "import desk.ui.errors\n"
        "from desk.ui import database\n"
        "if TYPE_CHECKING:\n"
        "    from desk.ui.dialogs.sign_in import SignInDialog\n"
        "class Window:\n"
        "    from desk.ui.idle import IdleWatcher\n"
        "    def open(self):\n"
        "        from desk.ui.dialogs.settings import SettingsDialog\n"
        "try:\n"
        "    from desk.ui.operations import OperationRunner\n"
        "except ImportError:\n"
        "    from desk.ui.views.home import HomeView\n"
    )
    assert imports_in(source) == {
        "desk",
        "desk.ui",
        "desk.ui.errors",
        "desk.ui.database",
        "desk.ui.idle",
        "desk.ui.operations",
        "desk.ui.views",
        "desk.ui.views.home",
    }


def test_the_main_window_is_reached_through_its_actions_and_home() -> None:
    seen = imported_by("desk.ui.main_window")
    # what it is made of is followed (the reader works)
    for module in (
        "desk.ui.actions.declared",
        "desk.ui.actions.app_actions",
        "desk.ui.actions.case_menu",
        "desk.ui.actions.file_menu",
        "desk.ui.actions.shipment_menu",
        "desk.ui.views.home",
        "desk.ui.operations",
    ):
        assert module in seen, module


@pytest.mark.parametrize("lazy", LAZY)
def test_the_main_window_imports_no_dialog_or_view_before_it_is_shown(lazy: str) -> None:
    seen = imported_by("desk.ui.main_window")
    eager = [chain(seen, m) for m in sorted(seen) if m == lazy or m.startswith(lazy + ".")]
    assert not eager, "imported with the main window:\n" + "\n".join(eager)
