"""Guard: PySide6 6.12 on Python 3.11 loses a reference to None on every void call and
aborts the process after a few thousand calls; desk pins PySide6 below 6.12 there."""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version

import pytest


def _installed(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _major_minor(text: str) -> tuple[int, int]:
    major, minor = text.split(".")[:2]
    return int(major), int("".join(c for c in minor if c.isdigit()) or 0)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="the crash needs Python < 3.12")
def test_pyside6_is_below_6_12_on_python_3_11() -> None:
    found = {n: v for n in ("PySide6", "PySide6-Essentials", "shiboken6") if (v := _installed(n))}
    for name, ver in found.items():
        assert _major_minor(ver) < (6, 12), f"{name} {ver} crashes on Python {sys.version_info[:2]}"


def test_the_gui_extra_pins_pyside6_for_python_3_11() -> None:
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    gui = pyproject["project"]["optional-dependencies"]["gui"]
    pinned = [req for req in gui if "python_version < '3.12'" in req]
    assert pinned and all("<6.12" in req for req in pinned), gui
