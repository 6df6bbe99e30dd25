"""Render the main window to a PNG once what it shows has arrived (``--screenshot``).

The window is taken as a :class:`Picturable` (what this module calls on it), so that
the start-up can import this module and the main window without either importing the
other's importer: the start-up is the only module that imports the main window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QPixmap

    from desk.ui.views.registry import RegistryView

# The size the picture is taken at, whatever geometry the user last saved.
SCREENSHOT_SIZE = (1280, 800)


class Picturable(Protocol):
    """The main window, as far as a screenshot needs it."""

    def view(self, key: str) -> RegistryView: ...

    def current_view(self) -> RegistryView: ...

    def show_registry(self, key: str) -> None: ...

    def grab(self) -> QPixmap: ...

    def open_review(self) -> None: ...


def capture(
    window: Picturable,
    target: Path,
    done: Callable[[bool], None],
    *,
    registry: str | None = None,
    select_row: int | None = None,
    then: Callable[[], None] | None = None,
) -> None:
    """Optionally switch to ``registry`` and select a row, then save ``target`` (or call
    ``then()``, which pictures something opened from there).

    Each step waits for the operation it started (rows, details) before the next, so
    the picture never shows a half-loaded table. ``done(saved)`` is called at the end.
    """

    def save() -> None:
        if then is not None:
            then()
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        done(window.grab().save(str(target), "PNG"))

    def after_detail() -> None:
        view.detail_shown.disconnect(after_detail)
        QTimer.singleShot(50, save)

    def select() -> None:
        if select_row is None or view.model.rowCount() <= select_row:
            QTimer.singleShot(50, save)
            return
        view.detail_shown.connect(after_detail)
        view.select_row(select_row)

    def after_rows(_loaded: int = 0, _total: int = 0) -> None:
        view.model.loaded.disconnect(after_rows)
        select()

    view = window.view(registry) if registry else window.current_view()
    if view is not window.current_view():
        view.model.loaded.connect(after_rows)
        window.show_registry(view.registry)
        if view.model.has_loaded:  # was loaded before: no new answer will come
            view.model.loaded.disconnect(after_rows)
            select()
    else:
        select()


def capture_wizard(window: Picturable, target: Path, done: Callable[[bool], None]) -> None:
    """Picture the researcher's questionnaire (its first page, answered in part) over the
    window; nothing is stored."""
    from desk.domain import localtime
    from desk.ui.dialogs.questionnaire import QuestionnaireWizard

    parent = window if isinstance(window, QWidget) else None
    wizard = QuestionnaireWizard(today=localtime.today(), parent=parent)
    wizard.fill_example()
    wizard.show()

    def save() -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        ok = wizard.grab().save(str(target), "PNG")
        wizard.dirty = False  # the example answers: closing must not ask
        wizard.close()
        done(ok)

    QTimer.singleShot(100, save)


def capture_review(
    window: Picturable, target: Path, done: Callable[[bool], None], select_row: int = 1
) -> None:
    """Picture the review dialog (Case ▸ Review case…) of the case in row ``select_row``
    of the Cases registry, as opened over the window; nothing is stored."""
    from desk.ui.dialogs.review import ReviewDialog

    def opened(dialog: ReviewDialog) -> None:
        window.review_dialog_opened.disconnect(opened)  # type: ignore[attr-defined]

        def save() -> None:
            target.parent.mkdir(parents=True, exist_ok=True)
            ok = dialog.grab().save(str(target), "PNG")
            dialog.done(0)
            done(ok)

        QTimer.singleShot(100, save)

    def review() -> None:
        window.review_dialog_opened.connect(opened)  # type: ignore[attr-defined]
        window.open_review()

    capture(window, target, done, registry="cases", select_row=select_row, then=review)
