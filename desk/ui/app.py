"""Start the desktop app: ``desk [--database URL] [--lang ja|en] [--screenshot FILE.png]``."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk.domain.errors import DeskError
from desk.domain.i18n import set_language
from desk.ui.database import database_label, open_context

# what ``--screenshot`` can picture: a registry (desk.services.registers.REGISTRIES) or the
# researcher's questionnaire

if TYPE_CHECKING:
    from desk.ui.main_window import MainWindow
    from desk.ui.settings import Settings

log = logging.getLogger(__name__)

EXIT_OK, EXIT_INVALID = 0, 2
# --view: the registry shown (None: Home) and the row selected; "wizard" is drawn on its own,
# "review" is the review dialog of that row's case
SCREENSHOT_VIEWS: dict[str, tuple[str | None, int | None]] = {
    "home": (None, None),
    "cases": ("cases", 1),
    "projects": ("projects", None),
    "people": ("people", None),
    "organizations": ("organizations", None),
    "technical_items": ("technical_items", None),
    "lists": ("lists", None),
    "wizard": (None, None),
    "review": ("cases", 1),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="desk", description="desk: the desktop app.")
    # desk [--database URL] [--lang ja|en] [--screenshot FILE.png [--view home|cases|…]]
    parser.add_argument(
        "--database",
        metavar="URL",
        default=None,
        help="database URL; default: DESK_DATABASE_URL or the per-user SQLite file",
    )
    parser.add_argument(
        "--lang",
        choices=("ja", "en"),
        default=None,
        help="interface language (default: the saved setting, else the system's)",
    )
    parser.add_argument(
        "--screenshot",
        metavar="FILE.png",
        default=None,
        help="render the main window offscreen to a PNG and exit",
    )
    parser.add_argument(
        "--view",
        choices=tuple(SCREENSHOT_VIEWS),
        default=None,
        help=(
            "with --screenshot: what to picture (home, a registry, the self-assessment "
            "wizard, or the review dialog of a case)"
        ),
    )
    return parser


# Qt's own texts that qtbase_ja.qm leaves in English: (context, source) → Japanese
QT_JA_MISSING: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "場所(&L):",
    ("QFileDialog", "Files of &type:"): "ファイルの種類(&T):",
}


def _qt_gaps_translator(parent: Any) -> Any:
    """A translator for :data:`QT_JA_MISSING` (installed last, so asked first)."""
    from PySide6.QtCore import QTranslator

    class Gaps(QTranslator):
        def translate(  # type: ignore[override]
            self, context: str, source: str, disambiguation: str | None = None, n: int = -1
        ) -> str | None:
            return QT_JA_MISSING.get((context, source))  # None: ask the next catalogue

        def isEmpty(self) -> bool:
            return False

    return Gaps(parent)


class _QtLanguage:
    """Installs Qt's own Japanese catalogue (standard buttons) next to desk's."""

    def __init__(self) -> None:
        self._translator = None
        self._gaps: Any = None

    def apply(self, choice: str | None) -> str:
        from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
        from PySide6.QtWidgets import QApplication

        lang = set_language(None if choice in (None, "system") else choice)
        app = QApplication.instance()
        if self._translator is not None:
            QApplication.removeTranslator(self._translator)
            self._translator = None
        if self._gaps is not None:
            QApplication.removeTranslator(self._gaps)
            self._gaps = None
        if lang == "ja" and app is not None:
            translator = QTranslator(app)
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if translator.load(QLocale(QLocale.Language.Japanese), "qtbase", "_", folder):
                QApplication.installTranslator(translator)
                self._translator = translator
            else:
                log.info("Qt's Japanese catalogue (qtbase_ja) not found in %s", folder)
            self._gaps = _qt_gaps_translator(app)
            QApplication.installTranslator(self._gaps)
        return lang


_language = _QtLanguage()


def apply_language(choice: str | None) -> str:
    """Switch desk's catalogue and Qt's own to ``choice`` ("ja", "en", "system")."""
    return _language.apply(choice)


def create_main_window(
    url: str | None, *, lang: str | None = None, settings: Settings | None = None
) -> MainWindow:
    """Open the database and build the main window (not shown yet).

    Needs a QApplication. ``lang`` (from ``--lang``) wins over the saved setting.
    Raises :class:`DeskError` when the database cannot be used.
    """
    from desk.ui.main_window import MainWindow
    from desk.ui.settings import Settings

    settings = settings or Settings()
    apply_language(lang or settings.language)
    context = open_context(url)
    return MainWindow(context, database_label(url), settings, apply_language)


def run_app(
    argv: Sequence[str],
    *,
    on_ready: Callable[[Any], None] | None = None,
    on_shown: Callable[[Any], None] | None = None,
    screenshot_scene: tuple[str, int | None] | None = None,
) -> int:
    """Open the main window; returns the exit status.

    ``on_shown(window)`` runs once the window is on screen, ``on_ready(window)`` once the
    first registry's rows are (benchmarks).
    ``screenshot_scene`` = (registry, row to select) is what ``--screenshot`` pictures
    (default: the first registry as it opens).
    """
    args = build_parser().parse_args(list(argv))
    if args.screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desk.ui.errors import (
        install_excepthook,
        install_log_capture,
        install_qt_message_log,
        install_stderr_log,
        show_error,
    )

    install_log_capture()
    install_stderr_log()
    install_qt_message_log()
    from desk.applog import enable_faulthandler, install_log_file

    install_log_file()  # desk.log in the per-user log folder, rotated
    enable_faulthandler()  # a crash in Qt or a C extension leaves its traceback in faults.log
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "desk"])
    app.setApplicationName("desk")
    app.setOrganizationName("desk")
    app.setWindowIcon(application_icon())
    install_excepthook()

    from desk.ui.main_window import MainWindow
    from desk.ui.settings import Settings

    url = args.database or os.environ.get("DESK_DATABASE_URL") or None
    settings = Settings()
    apply_language(args.lang or settings.language)
    # The window appears first; the database opens in the background once it is painted
    # (see open_database_when_painted).
    window = MainWindow(None, database_label(url), settings, apply_language)

    status = {"code": EXIT_OK}
    if args.screenshot:
        from desk.ui.screenshot import SCREENSHOT_SIZE

        window.keep_geometry = False
        window.resize(*SCREENSHOT_SIZE)

    def ready() -> None:
        window.ready.disconnect(ready)
        if on_ready is not None:
            on_ready(window)
        if not args.screenshot:
            return
        from desk.ui.screenshot import capture, capture_review, capture_wizard

        if args.view == "wizard":
            capture_wizard(window, Path(args.screenshot), saved)
        elif args.view == "review":
            _registry, row = SCREENSHOT_VIEWS["review"]
            capture_review(window, Path(args.screenshot), saved, select_row=row or 0)
        else:
            registry, row = screenshot_scene or SCREENSHOT_VIEWS.get(
                args.view or "home", (None, None)
            )
            capture(window, Path(args.screenshot), saved, registry=registry, select_row=row)

    def saved(ok: bool) -> None:
        if not ok:
            print(f"desk: cannot write {args.screenshot}", file=sys.stderr)
            status["code"] = EXIT_INVALID
        window.close()
        app.quit()

    def open_failed(exc: BaseException) -> None:
        status["code"] = EXIT_INVALID if isinstance(exc, DeskError) else 1
        if args.screenshot or not isinstance(exc, DeskError):
            print(f"desk: {exc}", file=sys.stderr)
        if args.screenshot:
            app.quit()
            return
        box = show_error(exc, window)
        box.finished.connect(lambda _result: app.quit())

    window.ready.connect(ready)
    window.open_failed.connect(open_failed)
    window.show()
    if on_shown is not None:
        QTimer.singleShot(0, lambda: on_shown(window))
    if not _unlock_database(url, window, ask=not args.screenshot):
        window.close()
        return EXIT_INVALID  # the passphrase was not given
    window.open_database_when_painted(url)
    try:
        code = app.exec()
    finally:
        window.close_database()
    return status["code"] or code


def _unlock_database(url: str | None, parent: Any, *, ask: bool = True) -> bool:
    """An encrypted database (``sqlite+pysqlcipher:///FILE``) is opened with the passphrase
    asked in a dialog; False when it was cancelled. ``ask=False`` (``--screenshot``, no one
    to ask): from ``DESK_DB_PASSPHRASE``, else the opening fails and says why."""
    if not url or not url.startswith("sqlite+pysqlcipher:"):
        return True  # the start-up imports no database code on the UI thread
    from desk.services.database import locked_database, unlock_database
    from desk.ui.dialogs.passphrase import PassphraseDialog

    path = locked_database(url)
    if path is None:
        return True
    if not ask:
        given = os.environ.get("DESK_DB_PASSPHRASE")
        if given:
            try:
                unlock_database(path, given)
            except DeskError as exc:
                print(f"desk: {exc}", file=sys.stderr)
                return False
        return True
    dialog = PassphraseDialog(str(path), lambda text: unlock_database(path, text), parent=parent)
    return bool(dialog.exec())


def application_icon() -> Any:
    """desk's icon (resources/icons/desk.svg) for windows and the task bar."""
    from PySide6.QtGui import QIcon

    from desk.resources import resource

    return QIcon(str(resource("icons", "desk.svg")))
