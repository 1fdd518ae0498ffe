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

from datetime import date
from decimal import Decimal
from typing import Annotated

import msgspec
from litestar.params import PathParameter, QueryParameter

#: The largest amount of rupiah anything in the API takes or shows: a trillion.
MAX_RUPIAH = 1_000_000_000_000
#: The highest page number a list serves (a deeper page is a search to narrow).
MAX_PAGE = 10_000
#: The most items a page holds.
MAX_LIMIT = 100
#: The longest id the API takes (ours are UUIDs; master data may have shorter slugs).
MAX_ID_LENGTH = 64


class Body(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    """A request body: its fields are what the route takes; an unknown field is a 422."""


class View(msgspec.Struct, kw_only=True, frozen=True):
    """A response body, every field always present (null when it has no value)."""


#: An id of a user, listing, booking...: letters, digits, ``-``, ``_``, ``.`` or ``:``.
Id = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=MAX_ID_LENGTH,
        pattern=r"^[A-Za-z0-9_.:-]+$",
        examples=["0192f1e6-7a4c-7d3e-9b1a-3f2e4d5c6b7a"],
    ),
]
#: An amount in whole rupiah.
Rupiah = Annotated[int, msgspec.Meta(ge=0, le=MAX_RUPIAH, examples=[350_000])]
#: A positive amount in whole rupiah.
PositiveRupiah = Annotated[int, msgspec.Meta(ge=1, le=MAX_RUPIAH, examples=[350_000])]
#: A short name or label (a person's name, a title, a business name).
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
#: A reason or a note, kept in the audit trail.
Reason = Annotated[str, msgspec.Meta(max_length=1000)]
#: Free text a person writes (a description, a review, a message).
Text = Annotated[str, msgspec.Meta(max_length=10_000)]
#: An id in a path (``/api/rentals/{booking_id}``), checked before any lookup.
PathId = Annotated[
    str,
    PathParameter(min_length=1, max_length=MAX_ID_LENGTH, pattern=r"^[A-Za-z0-9_.:-]+$"),
]
#: An e-mail address.
Email = Annotated[
    str,
    msgspec.Meta(
        min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$", examples=["ani@example.com"]
    ),
]
#: A password (its strength is the identity rules' business).
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
#: A calendar date, ISO 8601.
Day = Annotated[date, msgspec.Meta(examples=[date(2027, 1, 15)])]
#: A rate or share as a decimal string, e.g. ``"0.10"`` for 10%.
Rate = Annotated[Decimal, msgspec.Meta(examples=[Decimal("0.10")])]

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


class ErrorBody(View):
    """Every 4xx and 5xx answer: ``{"error": {"code", "message", "details"}}``."""

    error: ErrorDetail


class Done(View):
    """A move that answers nothing but that it happened."""

    status: str


__all__ = [
    "MAX_ID_LENGTH",
    "MAX_LIMIT",
    "MAX_PAGE",
    "MAX_RUPIAH",
    "Body",
    "Day",
    "Done",
    "Email",
    "ErrorBody",
    "ErrorDetail",
    "ErrorDetails",
    "FieldError",
    "Id",
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
]
