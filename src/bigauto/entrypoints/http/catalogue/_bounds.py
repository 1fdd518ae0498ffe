"""Bounds where the OpenAPI document looks for them.

Litestar documents a ``msgspec.Meta`` bound on the field it annotates, but for an optional
field (``Rupiah | None``) only beside the ``oneOf``, not on the value, and for a list not on its
items; a query parameter's bounds likewise land beside the ``oneOf`` of an optional one. The
twin :func:`shown` states an alias's bounds again in Litestar's terms, inside the union, so a
client (and Schemathesis) sees them on the value: ``Annotated[Rupiah, shown(Rupiah)] | None``.
:func:`queried` gives the same bounds to a query parameter, where Litestar enforces them.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.params import KwargDefinition, QueryParameter

_BOUNDS = ("ge", "le", "gt", "lt", "min_length", "max_length", "pattern")
_NUMERIC = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def _bounds_of(alias: Any) -> dict[str, Any]:
    return {
        name: value
        for meta in getattr(alias, "__metadata__", ())
        if isinstance(meta, msgspec.Meta)
        for name in _BOUNDS
        if (value := getattr(meta, name)) is not None
    }


class _Extra(dict[str, Any]):
    """Extra schema keys that can sit in an ``Annotated`` union (typing hashes its metadata)."""

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items())))


def _zeros(bounds: dict[str, Any]) -> _Extra | None:
    # Litestar drops a bound of 0 as if it were unset (``ge=0`` loses its ``minimum``).
    zeros = {_NUMERIC[name]: 0 for name, value in bounds.items() if name in _NUMERIC and not value}
    return _Extra(zeros) if zeros else None


def shown(alias: Any) -> KwargDefinition:
    """The bounds of ``alias``'s ``msgspec.Meta`` as Litestar documents them (msgspec still
    enforces the ``Meta``)."""
    bounds = _bounds_of(alias)
    return KwargDefinition(**bounds, schema_extra=_zeros(bounds))


def queried(alias: Any, description: str | None = None, name: str | None = None) -> Any:
    """A query parameter bounded as ``alias`` is (Litestar checks these bounds)."""
    bounds = _bounds_of(alias)
    return QueryParameter(name=name, description=description, schema_extra=_zeros(bounds), **bounds)


__all__ = ["queried", "shown"]
