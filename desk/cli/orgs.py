"""``desk orgs``: the organizations register (:mod:`desk.cli.registers` builds it)."""

from __future__ import annotations

from typing import Any

from desk.cli.registers import register_command


def register(subparsers: Any) -> None:
    register_command(subparsers, "orgs")
