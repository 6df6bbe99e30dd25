"""Where desk's shipped assets live (rule sets, lists, fonts, catalogues, icons).

In a source checkout or an editable install they are the top-level ``resources/``
folder; a frozen build (PyInstaller) puts them next to the executable. ``DESK_RESOURCES``
overrides both.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    override = os.environ.get("DESK_RESOURCES")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
