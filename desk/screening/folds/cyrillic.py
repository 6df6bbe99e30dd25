"""Cyrillic: acronyms written in Cyrillic capitals (ФСБ, СВР)."""

from __future__ import annotations

import re

CYRILLIC_ACRONYM = re.compile(r"^[\u0410-\u042f\u0401]{2,6}$")
