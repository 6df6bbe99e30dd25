"""Packages with lazy re-exports (desk._lazy): the names imported for type checkers are the
names served at run time, and each resolves to the object its submodule defines."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

DESK = Path(__file__).resolve().parents[2] / "desk"
LAZY = sorted(
    ".".join(p.relative_to(DESK.parent).parent.parts)
    for p in DESK.rglob("__init__.py")
    if "lazy_exports(" in p.read_text(encoding="utf-8")
)


def _type_checking_imports(package: str) -> dict[str, tuple[str, ...]]:
    path = DESK.parent.joinpath(*package.split("."), "__init__.py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom) and imp.module, ast.unparse(imp)
                assert imp.module.startswith(package + "."), imp.module
                sub = imp.module[len(package) + 1 :]
                out.setdefault(sub, []).extend(a.name for a in imp.names)
    return {k: tuple(v) for k, v in out.items()}


def test_there_are_lazy_packages() -> None:
    assert LAZY


@pytest.mark.parametrize("package", LAZY)
def test_type_checking_imports_are_the_lazy_exports(package: str) -> None:
    module = importlib.import_module(package)
    lazy = {k: tuple(v) for k, v in module._LAZY_EXPORTS.items()}
    assert _type_checking_imports(package) == lazy
    assert sorted(module.__all__) == sorted(n for names in lazy.values() for n in names)


@pytest.mark.parametrize("package", LAZY)
def test_every_export_resolves(package: str) -> None:
    module = importlib.import_module(package)
    for sub, names in module._LAZY_EXPORTS.items():
        defining = importlib.import_module(f"{package}.{sub}")
        for name in names:
            assert getattr(module, name) is getattr(defining, name), f"{package}.{name}"
    with pytest.raises(AttributeError):
        module.no_such_name  # noqa: B018
