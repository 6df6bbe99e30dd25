"""Which system libraries Qt's X11 (xcb) platform plugin needs and this machine lacks.

On a Debian/Ubuntu desktop without, say, ``libxcb-cursor0`` the app cannot open a window and Qt
only says "no Qt platform plugin could be initialized". This module finds the missing
libraries before Qt is started and names the Debian/Ubuntu packages that provide them:
``ldd`` on the xcb plugin lists the libraries it links against, and the ones Qt opens at run
time (``libxcb-cursor.so.0`` since Qt 6.5) are tried with the dynamic loader.

``python -m desk.qt_libs`` prints the missing packages, one a line (nothing when all are there);
``--apt`` prints the ``apt-get install`` command instead. Kept outside the layered packages
(like :mod:`desk.launcher`): it imports neither PySide6 nor any of desk.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

# soname → Debian/Ubuntu package (Debian 12, Ubuntu 22.04 and 24.04 use the same names)
DEBIAN_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}

# opened with dlopen() by the plugin, so ldd does not list them
LOADED_AT_RUN_TIME = ("libxcb-cursor.so.0",)


def xcb_plugin() -> Path | None:
    """The xcb platform plugin of the PySide6 that would be imported (or the frozen build's)."""
    roots: list[Path] = []
    spec = importlib.util.find_spec("PySide6")
    if spec and spec.submodule_search_locations:
        roots.extend(Path(p) for p in spec.submodule_search_locations)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        roots.append(Path(frozen) / "PySide6")
    for root in roots:
        for rel in ("Qt/plugins/platforms/libqxcb.so", "plugins/platforms/libqxcb.so"):
            if (root / rel).is_file():
                return root / rel
    return None


def missing_libraries(plugin: Path | None = None) -> list[str]:
    """The sonames the xcb plugin needs that the dynamic loader cannot find (Linux only)."""
    if not sys.platform.startswith("linux"):
        return []
    plugin = plugin or xcb_plugin()
    missing: list[str] = []
    ldd = shutil.which("ldd")
    if plugin is not None and ldd:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if "not found" in line:
                name = line.split("=>", 1)[0].strip()
                if name and name not in missing:
                    missing.append(name)
    for name in LOADED_AT_RUN_TIME:
        if name in missing:
            continue
        try:
            ctypes.CDLL(name)
        except OSError:
            missing.append(name)
    return missing


def packages_for(sonames: list[str]) -> list[str]:
    """Debian/Ubuntu package names for ``sonames`` (a soname with no known package as is)."""
    return list(dict.fromkeys(DEBIAN_PACKAGES.get(name, name) for name in sonames))


def will_use_xcb(environ: dict[str, str] | None = None) -> bool:
    """Whether Qt would pick the xcb platform plugin for a window on this machine."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return False
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(";")[0].split(":")[0] == "xcb"
    return env.get("XDG_SESSION_TYPE") != "wayland" or not env.get("WAYLAND_DISPLAY")


def advice(sonames: list[str]) -> str:
    packages = " ".join(packages_for(sonames))
    return (
        "desk: Qt cannot open a window: the system libraries "
        + ", ".join(sonames)
        + " are missing.\n"
        + f"  Debian/Ubuntu: sudo apt-get install {packages}\n"
        + "  (other distributions: the packages that provide these libraries; "
        + "--screenshot FILE.png works without them)"
    )


def main(argv: list[str]) -> int:
    missing = missing_libraries()
    if "--apt" in argv:
        if missing:
            print("apt-get install -y --no-install-recommends " + " ".join(packages_for(missing)))
        return 0
    for package in packages_for(missing):
        print(package)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
