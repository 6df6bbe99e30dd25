"""The ``desk`` entry point: a subcommand goes to the CLI, no subcommand opens the app.

Kept outside the layered packages so that neither front end imports the other.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

APP_OPTIONS_WITH_VALUE = {"--database", "--lang", "--screenshot", "--view"}


def _wants_app(argv: Sequence[str]) -> bool:
    from desk.cli.main import COMMANDS

    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in APP_OPTIONS_WITH_VALUE:
            skip = True
            continue
        if arg.startswith("--") and "=" in arg and arg.split("=", 1)[0] in APP_OPTIONS_WITH_VALUE:
            continue
        if arg in ("-h", "--help", "--version") or arg in COMMANDS:
            return False
        if not arg.startswith("-"):
            return False  # an unknown command: let the CLI say so
    return True


def _screenshot_only(argv: Sequence[str]) -> bool:
    """``--screenshot`` renders offscreen: it needs no window system."""
    return any(a == "--screenshot" or a.startswith("--screenshot=") for a in argv)


def _missing_window_libraries() -> str | None:
    """What to install when Qt's xcb plugin would fail to load (Linux), else None."""
    from desk import qt_libs

    if not qt_libs.will_use_xcb():
        return None
    missing = qt_libs.missing_libraries()
    return qt_libs.advice(missing) if missing else None


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if _wants_app(args):
        if not _screenshot_only(args):
            problem = _missing_window_libraries()
            if problem:
                print(problem, file=sys.stderr)
                return 1
        from desk.ui.app import run_app  # imported only here: the CLI never needs Qt

        return run_app(args)
    from desk.cli.main import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
