"""Bounds the OpenAPI document would otherwise lose.

Litestar documents a body field's ``msgspec.Meta`` bounds on the field itself, but not on a
list's items, and for an optional field only beside its ``oneOf`` (not on the value). A
:func:`shown` twin of the alias carries the same bounds in Litestar's own terms, so the
document states them where a client (and Schemathesis) looks:
``Annotated[Id, shown(Id)] | None``. msgspec still enforces the ``Meta``; this only documents.
An optional header (``Idempotency-Key``) is in the same case.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.params import KwargDefinition

_BOUNDS = ("ge", "le", "gt", "lt", "min_length", "max_length", "pattern")


def shown(alias: Any, **more: Any) -> KwargDefinition:
    """The bounds of ``alias``'s ``msgspec.Meta`` or Litestar parameter (and ``more``), as
    Litestar documents them on a value."""
    bounds = {
        name: value
        for meta in getattr(alias, "__metadata__", ())
        if isinstance(meta, (msgspec.Meta, KwargDefinition))
        for name in _BOUNDS
        if (value := getattr(meta, name)) is not None
    }
    return KwargDefinition(**bounds, **more)


__all__ = ["shown"]
