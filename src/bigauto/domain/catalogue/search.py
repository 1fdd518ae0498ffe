"""What a buyer asks the catalogue for: a validated search query, and the page it answers.

The query is checked once, here, so every adapter (memory, SQLite, PostgreSQL) answers the
same question. The semantics every adapter implements:

- only public listings (``active``, not deleted) are searched;
- ``text``: every word must occur, ignoring case, in "brand model title" (PostgreSQL also
  forgives typos when no listing contains the words; see the SQL adapter);
- ``price``: the asking price of a sale listing, the daily rate of a rental;
- ``seats``: at least that many; ``min_*``/``max_*`` bounds are inclusive;
- geo: a listing's own coordinates, or its city's when it has none; ``radius_km`` inclusive;
- availability ``[available_from, available_to)``: rental listings only, with no live calendar
  entry (a booking, a block, or a hold whose ``expires_at`` is still ahead) overlapping it;
- ties in any sort go by id, in the sort's direction (newest: by creation time, then id), so
  pages never overlap or skip.

>>> SearchQuery(sort=SortOrder.DISTANCE)
Traceback (most recent call last):
...
bigauto.domain.shared.errors.ValidationFailed: sort=distance needs lat and lng
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Generic, TypeVar

import attrs

from bigauto.domain.catalogue.vehicles import Category, FuelType, Transmission
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.domain.shared.periods import MAX_RENTAL_DAYS

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_TERMS = 8
MAX_TEXT = 100
MAX_RADIUS_KM = 1000
#: Mean Earth radius used by every adapter, so distances agree to the last digit we show.
EARTH_RADIUS_KM = 6371.0

T = TypeVar("T")


class SortOrder(enum.StrEnum):
    """The orders search results can come in."""

    NEWEST = "newest"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    YEAR_DESC = "year_desc"
    RATING_DESC = "rating_desc"
    DISTANCE = "distance"


def normalise_text(text: str) -> str:
    """Lower case with single spaces: the form search text is stored and compared in."""
    return " ".join(text.lower().split())


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance by the haversine formula (the same one the SQL adapters use)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = math.radians(lat2 - lat1), math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _invalid(message: str, field: str) -> ValidationFailed:
    return ValidationFailed(message, details={"field": field})


@attrs.frozen
class SearchQuery:
    """A validated catalogue search; every filter is optional."""

    text: str | None = None
    category: Category | None = None
    brand_id: str | None = None
    model_id: str | None = None
    city_id: str | None = None
    min_year: int | None = None
    max_year: int | None = None
    min_price: int | None = None
    max_price: int | None = None
    transmission: Transmission | None = None
    fuel_type: FuelType | None = None
    seats: int | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    radius_km: Decimal | None = None
    available_from: date | None = None
    available_to: date | None = None
    sort: SortOrder = SortOrder.NEWEST
    page: int = 1
    limit: int = DEFAULT_LIMIT

    def __attrs_post_init__(self) -> None:
        if self.page < 1:
            raise _invalid("page starts at 1", "page")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise _invalid(f"limit must be between 1 and {MAX_LIMIT}, not {self.limit}", "limit")
        if self.text is not None and len(self.text) > MAX_TEXT:
            raise _invalid(f"search text is at most {MAX_TEXT} characters", "search")
        if len(self.terms) > MAX_TERMS:
            raise _invalid(f"search with at most {MAX_TERMS} words", "search")
        for low, high, name in (
            (self.min_year, self.max_year, "year"),
            (self.min_price, self.max_price, "price"),
        ):
            if low is not None and high is not None and low > high:
                raise _invalid(f"min_{name} is more than max_{name}", f"min_{name}")
        for value, name in ((self.min_price, "min_price"), (self.max_price, "max_price")):
            if value is not None and value < 0:
                raise _invalid(f"{name} cannot be negative", name)
        if self.seats is not None and self.seats < 1:
            raise _invalid("seats must be 1 or more", "seats")
        self._check_geo()
        self._check_dates()

    def _check_geo(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise _invalid("give both lat and lng, or neither", "lat")
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            raise _invalid("lat must be between -90 and 90", "lat")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            raise _invalid("lng must be between -180 and 180", "lng")
        if self.radius_km is not None:
            if self.latitude is None:
                raise _invalid("radius_km needs lat and lng", "radius_km")
            if not 0 < self.radius_km <= MAX_RADIUS_KM:
                raise _invalid(
                    f"radius_km must be above 0 and at most {MAX_RADIUS_KM}", "radius_km"
                )
        if self.sort is SortOrder.DISTANCE and self.latitude is None:
            raise _invalid("sort=distance needs lat and lng", "sort")

    def _check_dates(self) -> None:
        start, end = self.available_from, self.available_to
        if (start is None) != (end is None):
            raise _invalid("give both available_from and available_to, or neither", "available_to")
        if start is not None and end is not None:
            if end <= start:
                raise _invalid("available_to must be after available_from", "available_to")
            if (end - start).days > MAX_RENTAL_DAYS:
                raise _invalid(f"at most {MAX_RENTAL_DAYS} days of availability", "available_to")

    @property
    def terms(self) -> tuple[str, ...]:
        """The words every hit must contain, normalised."""
        return tuple(normalise_text(self.text).split()) if self.text else ()

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit

    @property
    def has_geo(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def wants_availability(self) -> bool:
        return self.available_from is not None


@attrs.frozen
class Page(Generic[T]):
    """One page of results and the numbers a client paginates with."""

    items: Sequence[T]
    total_items: int
    current_page: int
    items_per_page: int

    @property
    def total_pages(self) -> int:
        return -(-self.total_items // self.items_per_page)


__all__ = [
    "DEFAULT_LIMIT",
    "EARTH_RADIUS_KM",
    "MAX_LIMIT",
    "Page",
    "SearchQuery",
    "SortOrder",
    "distance_km",
    "normalise_text",
]
