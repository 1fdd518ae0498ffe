"""The typed contract of the HTTP edge: the shapes and bounds every route shares.

A request body is a :class:`Body` (a msgspec Struct that refuses unknown fields), a response a
:class:`View`; Litestar decodes and validates the one and encodes the other, and both appear
in ``/docs/openapi.json`` with their fields, bounds and enums. The aliases here carry the
bounds the API documents, so that no value reaches a driver it could crash: integers within
``int64`` and within reason, strings of a bounded length, ids of an id's shape.

>>> import msgspec
>>> class Offer(Body):
...     price: Rupiah
>>> msgspec.convert({"price": 150_000_000}, Offer)
Offer(price=150000000)
>>> msgspec.convert({"price": -1}, Offer)
Traceback (most recent call last):
msgspec.ValidationError: Expected `int` >= 0 - at `$.price`
>>> msgspec.convert({"price": 1, "discount": 5}, Offer)
Traceback (most recent call last):
msgspec.ValidationError: Object contains unknown field `discount`
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, TypeVar

import msgspec
from litestar.params import KwargDefinition, PathParameter, QueryParameter

#: The largest amount of rupiah anything in the API takes or shows: a trillion.
MAX_RUPIAH = 1_000_000_000_000
#: The highest page number a list serves (a deeper page is a search to narrow).
MAX_PAGE = 10_000
#: The most items a page holds.
MAX_LIMIT = 100
#: The longest id the API takes (ours are UUIDs; master data may have shorter slugs).
MAX_ID_LENGTH = 64
ID_PATTERN = r"^[A-Za-z0-9_.:-]+$"


class Body(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    """A request body: its fields are what the route takes; an unknown field is a 422."""


class View(msgspec.Struct, kw_only=True, frozen=True):
    """A response body, every field always present (null when it has no value)."""


V = TypeVar("V", bound=View)
_FIELDS: dict[type[View], tuple[tuple[str, bool], ...]] = {}


def copied(view: type[V], source: object, /, **converted: Any) -> V:
    """A ``view`` of ``source``: the fields given in ``converted`` as given, every other field
    read from ``source`` by the same name (ids, text, flags, instants: what needs no
    converting); a field with a default keeps it when ``source`` has no such attribute.

    >>> class Pair(View):
    ...     id: str
    ...     total: int
    >>> class Deal:
    ...     id, amount = "d1", 5
    >>> copied(Pair, Deal(), total=Deal.amount)
    Pair(id='d1', total=5)
    """
    fields = _FIELDS.get(view)
    if fields is None:
        fields = _FIELDS[view] = tuple((f.name, f.required) for f in msgspec.structs.fields(view))
    values = {
        name: getattr(source, name)
        for name, required in fields
        if name not in converted and (required or hasattr(source, name))
    }
    return view(**values, **converted)


_NUMERIC_BOUNDS = {
    "ge": "minimum",
    "le": "maximum",
    "gt": "exclusiveMinimum",
    "lt": "exclusiveMaximum",
}
_BOUNDS = (*_NUMERIC_BOUNDS, "min_length", "max_length", "pattern")


class _SchemaExtra(dict[str, Any]):
    """Schema keys kept in ``Annotated`` metadata (which must be hashable)."""

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items())))


def _documented(bounds: Mapping[str, Any]) -> KwargDefinition:
    # Litestar skips a bound of 0 as if unset (``ge=0`` would lose its ``minimum``).
    zeros = {_NUMERIC_BOUNDS[k]: 0 for k, v in bounds.items() if k in _NUMERIC_BOUNDS and v == 0}
    return KwargDefinition(**bounds, schema_extra=_SchemaExtra(zeros) if zeros else None)


def bounded(kind: Any, *, examples: list[Any] | None = None, **bounds: Any) -> Any:
    """``kind`` with ``bounds`` (msgspec's names: ``ge``, ``le``, ``max_length``, ``pattern``...)
    that msgspec enforces and the document shows on the value itself, also where the value
    sits in a list or in ``X | None`` (where Litestar alone would drop or misplace them)."""
    return Annotated[kind, msgspec.Meta(**bounds, examples=examples), _documented(bounds)]


def bounds_of(alias: Any) -> dict[str, Any]:
    """The bounds a :func:`bounded` alias carries."""
    return {
        name: value
        for meta in getattr(alias, "__metadata__", ())
        if isinstance(meta, (msgspec.Meta, KwargDefinition))
        for name in _BOUNDS
        if (value := getattr(meta, name)) is not None
    }


def shown(alias: Any) -> KwargDefinition:
    """The bounds of an alias made with ``msgspec.Meta`` alone, as the document shows them:
    ``Annotated[Year, shown(Year)] | None`` (a :func:`bounded` alias needs nothing more)."""
    return _documented(bounds_of(alias))


def queried(alias: Any, description: str | None = None, *, name: str | None = None) -> Any:
    """A query parameter bounded as ``alias`` is (Litestar checks a parameter's bounds):
    ``min_year: Annotated[int | None, queried(Year, name="min_year")] = None``."""
    bounds = bounds_of(alias)
    documented = _documented(bounds)
    return QueryParameter(
        name=name, description=description, schema_extra=documented.schema_extra, **bounds
    )


#: An id of a user, listing, booking...: letters, digits, ``-``, ``_``, ``.`` or ``:``.
Id = bounded(
    str,
    min_length=1,
    max_length=MAX_ID_LENGTH,
    pattern=ID_PATTERN,
    examples=["0192f1e6-7a4c-7d3e-9b1a-3f2e4d5c6b7a"],
)
#: An amount in whole rupiah.
Rupiah = bounded(int, ge=0, le=MAX_RUPIAH, examples=[350_000])
#: A positive amount in whole rupiah.
PositiveRupiah = bounded(int, ge=1, le=MAX_RUPIAH, examples=[350_000])
#: A short name or label (a person's name, a title, a business name).
Name = bounded(str, min_length=1, max_length=200)
#: A reason or a note, kept in the audit trail.
Reason = bounded(str, max_length=1000)
#: Free text a person writes (a description, a review, a message).
Text = bounded(str, max_length=10_000)
#: An id in a path (``/api/rentals/{booking_id}``), checked before any lookup.
PathId = Annotated[str, PathParameter(min_length=1, max_length=MAX_ID_LENGTH, pattern=ID_PATTERN)]
#: An e-mail address.
Email = bounded(
    str, min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$", examples=["ani@example.com"]
)
#: A password (its strength is the identity rules' business).
Password = bounded(str, min_length=1, max_length=200)
#: An instant as the API writes it: ISO 8601 with its UTC offset (``+00:00``, as
#: ``datetime.isoformat`` writes it), documented as a ``date-time`` string.
Instant = Annotated[
    str,
    msgspec.Meta(
        description="An instant, ISO 8601 with its UTC offset",
        examples=["2026-03-01T09:00:00+00:00"],
        extra_json_schema={"format": "date-time"},
    ),
]
#: A calendar date, ISO 8601.
Day = Annotated[date, msgspec.Meta(examples=[date(2027, 1, 15)])]
#: A rate or share from 0 to 1 as a decimal string, e.g. ``"0.10"`` for 10% (convert with
#: ``Decimal(...)``; a string keeps every digit a client sent).
Rate = bounded(str, max_length=8, pattern=r"^(0(\.[0-9]{1,6})?|1(\.0{1,6})?)$", examples=["0.10"])

#: ``?page=``: which page, from 1.
PageNumber = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE, description="Page number, from 1")]
#: ``?limit=``: how many items a page holds.
PageSize = Annotated[
    int, QueryParameter(ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}")
]


class FieldError(View):
    """One field's problem: ``field`` is its name (or path), null when it is the whole body."""

    field: str | None
    message: str


class ErrorDetails(View):
    """What more there is to say about a failure; its keys depend on the code. A 422 always
    has ``errors``; a 409 ``INVALID_TRANSITION`` has ``current_state``, and so on."""

    errors: list[FieldError] | msgspec.UnsetType = msgspec.UNSET


class ErrorDetail(View):
    """A failure: a stable ``code`` (``VALIDATION_ERROR``, ``NOT_FOUND``, ...), a human
    ``message``, and ``details``."""

    code: str
    message: str
    details: ErrorDetails


class Error(View):
    """Every 4xx and 5xx answer: ``{"error": {"code", "message", "details"}}``."""

    error: ErrorDetail


class Done(View):
    """A move that answers nothing but that it happened."""

    status: str


__all__ = [
    "ID_PATTERN",
    "MAX_ID_LENGTH",
    "MAX_LIMIT",
    "MAX_PAGE",
    "MAX_RUPIAH",
    "Body",
    "Day",
    "Done",
    "Email",
    "Error",
    "ErrorDetail",
    "ErrorDetails",
    "FieldError",
    "Id",
    "Instant",
    "Name",
    "PageNumber",
    "PageSize",
    "Password",
    "PathId",
    "PositiveRupiah",
    "Rate",
    "Reason",
    "Rupiah",
    "Text",
    "View",
    "bounded",
    "bounds_of",
    "copied",
    "queried",
    "shown",
]
