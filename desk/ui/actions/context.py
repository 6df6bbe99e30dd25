"""What the actions need from the window that shows them: :class:`ActionContext`.

The actions are declared and handled without importing the main window (that import
closed the cycle ``main_window → app_actions → main_window``). The main window hands
itself over as an :class:`ActionContext`; anything else with these members would do
(a test double, a second window later).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar

    from desk.ui.operations import OperationRunner
    from desk.ui.views.registry import RegistryView


class ActionContext(Protocol):
    """The window the actions act in.

    It is also the ``QWidget`` their dialogs and message boxes are parented to (the
    main window is a ``QMainWindow``); a protocol cannot say "a QWidget and", so that
    part is only written here.
    """

    #: the services context (database + actor + clock); None while the database opens
    context: Any
    #: runs services off the UI thread, one at a time
    runner: OperationRunner
    #: the registry views built so far, by registry key
    views: Mapping[str, RegistryView]

    @property
    def read_only(self) -> bool:
        """The acting user may read and report, not change (an auditor)."""
        ...

    def refusal(self, roles: tuple[str, ...], what: str) -> str | None:
        """Why the acting user may not do ``what`` (which needs one of ``roles``), or None."""
        ...

    @property
    def acting_known(self) -> bool:
        """Who is acting has been read (their roles may refuse actions)."""
        ...

    def current_view(self) -> RegistryView: ...

    def view(self, key: str) -> RegistryView:
        """The view of registry ``key``, built on first use."""
        ...

    def show_registry(self, key: str) -> None: ...

    def statusBar(self) -> QStatusBar: ...

    def update_actions(self) -> None:
        """Enable and disable the actions again (after a state change)."""
        ...

    def close_database(self) -> None:
        """Close the services context (before a restore replaces the database)."""
        ...

    def open_database(self, url: str | None) -> None:
        """Open the database at ``url`` off the UI thread and show it."""
        ...
