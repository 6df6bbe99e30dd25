"""One hierarchy of expected problems.

Front ends turn a :class:`DeskError` into a clear message (exit status 2 on the CLI,
a message box in the app); anything else is a bug and gets a crash report.
"""

from __future__ import annotations


class DeskError(Exception):
    """An expected problem the user can act on."""


class InvalidInput(DeskError):
    """Input that does not follow its format: a case file, a list CSV, a command argument.

    ``source`` names the file (or other origin), ``where`` the key path, row or column.
    """

    def __init__(self, message: str, *, source: str | None = None, where: str | None = None):
        self.source = source
        self.where = where
        self.detail = message
        parts = [p for p in (source, where) if p]
        super().__init__(": ".join([*parts, message]))

    def with_source(self, source: str) -> InvalidInput:
        return type(self)(self.detail, source=source, where=self.where)


class NotFound(DeskError):
    """A record the user named does not exist."""


class DatabaseTooNew(DeskError):
    """The database was written by a newer desk; opening it could damage it."""


class StorageError(DeskError):
    """The database cannot be used (locked, unreachable, disk full)."""


class MissingGlyph(DeskError):
    """A report would need a character that none of the embedded fonts can draw."""


class WorkflowError(DeskError):
    """A workflow step that is not allowed from the current state or role."""


class ConflictError(DeskError):
    """Someone else changed the same record after it was read; nothing was saved."""


class PermissionDenied(DeskError):
    """The acting user's role does not allow this action."""
