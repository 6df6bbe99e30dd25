"""Every runtime dependency desk bundles has a licence compatible with desk's: the table in
``installer/dependencies.md`` names each one with the licence its metadata declares, and
only licences on the allowed list may be there (LGPL only where dynamically linked)."""

from __future__ import annotations

import importlib.metadata as md
import re
from pathlib import Path

from packaging.requirements import Requirement

TABLE = Path(__file__).resolve().parents[2] / "installer" / "dependencies.md"

# permissive licences: usable in a proprietary program with the notice kept
PERMISSIVE = frozenset(
    {
        "MIT",
        "MIT-0",  # MIT without even the notice requirement (cffi)
        "MIT-CMU",
        "BSD-2-Clause",
        "BSD-3-Clause",
        "ISC",
        "Apache-2.0",
        "PSF-2.0",
        "Zlib",  # pysqlite's licence, kept by sqlcipher3
    }
)
# weak copyleft: only as a separately loaded, replaceable library
DYNAMIC_ONLY = frozenset({"LGPL-3.0-only", "LGPL-3.0-or-later"})


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(dist: md.Distribution) -> str:
    """What a distribution's metadata says its licence is: the SPDX ``License-Expression``,
    else its licence classifiers, else the first line of its ``License`` field."""
    meta = dist.metadata
    if meta.get("License-Expression"):
        return str(meta["License-Expression"]).strip()
    classifiers = [
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    if classifiers:
        return " / ".join(classifiers)
    return (meta.get("License") or "").strip().splitlines()[0] if meta.get("License") else ""


def runtime_dependencies() -> dict[str, md.Distribution]:
    """desk's installed runtime dependencies, with the ``gui`` and ``cipher`` extras (both
    bundled by the frozen build when installed), transitively."""
    found: dict[str, md.Distribution] = {}

    def walk(name: str, extras: tuple[str, ...]) -> None:
        dist = md.distribution(name)
        key = _name(dist.metadata["Name"])
        if key in found:
            return
        found[key] = dist
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or any(req.marker.evaluate({"extra": e}) for e in ("", *extras)):
                try:
                    walk(req.name, tuple(req.extras))
                except md.PackageNotFoundError:
                    continue  # an extra's package that is not installed here (e.g. gui)

    walk("desk", ("gui", "cipher"))
    del found["desk"]
    return found


def table() -> dict[str, tuple[str, str, str]]:
    """package → (licence, what the metadata declares, how desk uses it)."""
    rows: dict[str, tuple[str, str, str]] = {}
    section = TABLE.read_text(encoding="utf-8").split("## Runtime dependencies", 1)[1]
    section = section.split("\n## ", 1)[0]
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] not in ("package", "") and not cells[0].startswith("-"):
            rows[_name(cells[0])] = (cells[2], cells[3], cells[4])
    return rows


def test_the_table_allows_only_compatible_licences() -> None:
    rows = table()
    assert len(rows) > 15
    for package, (licence, _declared, use) in rows.items():
        if licence in DYNAMIC_ONLY:
            assert "*dynamically linked*" in use, package
        else:
            assert licence in PERMISSIVE, f"{package}: {licence} is not on the allowed list"


def test_every_installed_runtime_dependency_is_in_the_table_with_its_licence() -> None:
    rows = table()
    installed = runtime_dependencies()
    problems = []
    for package, dist in sorted(installed.items()):
        if package not in rows:
            problems.append(f"{package} {dist.version}: not in installer/dependencies.md")
        elif declared(dist) != rows[package][1]:
            problems.append(
                f"{package} {dist.version}: its metadata declares {declared(dist)!r}, "
                f"the table says {rows[package][1]!r}"
            )
    assert not problems, "\n".join(problems)


def test_gpl_code_would_be_refused() -> None:
    assert "GPL-3.0-or-later" not in PERMISSIVE | DYNAMIC_ONLY
    assert "GPL-2.0-or-later" not in PERMISSIVE | DYNAMIC_ONLY
