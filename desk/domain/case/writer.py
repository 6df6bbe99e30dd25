"""The ``desk-case/1`` writer: a case back to JSON, writing the optional keys its source
spelled out (``given``) and no others, so a loaded case round-trips exactly.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import MISSING, fields
from typing import Any

from desk.domain.case.model import FORMAT, Case, Provision


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return _dump_obj(value)
    return value


def _dump_obj(obj: Any) -> dict[str, Any]:
    """Write required keys, keys the source spelled out, and values that differ from defaults."""
    given: frozenset[str] = obj.given
    out: dict[str, Any] = {}
    for f in fields(obj):
        if f.name == "given":
            continue
        value = getattr(obj, f.name)
        required = f.default is MISSING and f.default_factory is MISSING
        if required or f.name in given or value != f.default:
            out[f.name] = _jsonable(value)
    return out


def case_to_dict(case: Case, *, include_expected: bool = True) -> dict[str, Any]:
    """The ``desk-case/1`` document for ``case``."""
    body = _dump_obj(case)
    if "provision" not in case.given and case.provision == Provision():
        body.pop("provision", None)
    if not include_expected or case.expected is None:
        body.pop("expected", None)
    return {"format": FORMAT, **body}


def dumps_case(case: Case, *, include_expected: bool = True) -> str:
    return (
        json.dumps(
            case_to_dict(case, include_expected=include_expected), ensure_ascii=False, indent=2
        )
        + "\n"
    )
