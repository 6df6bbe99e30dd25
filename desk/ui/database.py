"""Which database the window is over: open it (off the UI thread) and name it in the title.

Its own module because both the start-up (:mod:`desk.ui.app`) and the main window need
it, and the main window must not import the start-up (that import made the cycle
``main_window ↔ app``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from desk.domain.i18n import _


def database_label(url: str | None) -> str:
    """What the title bar shows: the SQLite file path, or the URL without its password."""
    if not url:
        return _("default database")
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1] if ":///" in url else ""
        return path or _("in-memory database")
    parts = urlsplit(url)
    if parts.password is not None:
        user = unquote(parts.username or "")
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        netloc = f"{user}@{host}" if user else host
        if parts.port:
            netloc += f":{parts.port}"
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


def open_context(url: str | None) -> Any:
    """The services context for ``url`` (migrations run here, before the window opens).

    Not signed in: when the database has local accounts the window asks who is there
    (:class:`desk.ui.dialogs.sign_in.SignInDialog`) before it shows anything."""
    from desk.services.context import open_context as services_open

    return services_open(url, identify=False)
