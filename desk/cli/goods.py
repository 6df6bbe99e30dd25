"""``desk goods``: the goods register (:mod:`desk.cli.registers` builds it): a good with its
name, model, maker, HS code, value and classification (該非) — item, article, basis
documents (``--basis KIND[,ISSUER[,DATE[,REF]]]``, repeated), who classified it and the
該非確認責任者 (``--checked-by``) — reused by every shipment that carries it."""

from __future__ import annotations

from typing import Any

from desk.cli.registers import register_command


def register(subparsers: Any) -> None:
    register_command(subparsers, "goods")
