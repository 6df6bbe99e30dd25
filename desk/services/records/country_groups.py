"""The country-group table the office loads (Group B), as stored in ``office_settings`` — read
the same way by the ORM path and the fast record path (a Session or a Connection). Loading
and clearing it: :mod:`.settings`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from desk.services.issued import stored_setting

GROUP_TABLE_KEY = "group_b"
GROUP_TABLE_FORMAT = "desk-country-group/1"


@dataclass(frozen=True)
class GroupTable:
    """A loaded country-group table: its members, where the office took it from, the date
    the source published it, the SHA-256 of the file as loaded, and when it was loaded."""

    group: str
    countries: tuple[str, ...]
    source: str
    published: str
    sha256: str
    loaded_at: str
    file: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "group": self.group,
            "countries": list(self.countries),
            "source": self.source,
            "published": self.published,
            "sha256": self.sha256,
            "loaded_at": self.loaded_at,
            "file": self.file,
        }


def stored_group_table(session: Any) -> GroupTable | None:
    """The loaded table (None: none); ``session``: an ORM Session or a Core Connection."""
    text = stored_setting(session, GROUP_TABLE_KEY)
    if not text:
        return None
    doc = json.loads(text)
    return GroupTable(
        doc["group"],
        tuple(doc["countries"]),
        doc["source"],
        doc["published"],
        doc["sha256"],
        doc["loaded_at"],
        doc.get("file"),
    )
