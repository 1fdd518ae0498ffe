"""Ports of the catalogue: photos, favorites, vehicle calendars, and the search read model.

All of them live on the unit of work (``uow.photos``, ``uow.favorites``, ``uow.calendar``,
``uow.search``), so a command reads and writes them in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Protocol

import attrs

from bigauto.domain.catalogue.availability import Calendar, CalendarEntry
from bigauto.domain.catalogue.search import Page, SearchQuery
from bigauto.domain.catalogue.vehicles import Category, FuelType, ListingStatus, Photo, Transmission
from bigauto.domain.shared.periods import DatePeriod


class PhotoRepository(Protocol):
    async def add(self, photo: Photo) -> None: ...

    async def get(self, photo_id: str) -> Photo | None: ...

    async def of_vehicle(self, vehicle_id: str) -> Sequence[Photo]:
        """A vehicle's photos by position (then age)."""

    async def save_order(self, photos: Sequence[Photo]) -> None:
        """Store the positions and cover flags of ``photos`` (all of one vehicle)."""

    async def remove(self, photo_id: str) -> None:
        """Forget a photo; NotFound if there is none."""


class FavoriteRepository(Protocol):
    async def add(self, user_id: str, vehicle_id: str, at: datetime) -> bool:
        """Mark a favorite; False (and no change) when it already was one."""

    async def remove(self, user_id: str, vehicle_id: str) -> bool:
        """Unmark a favorite; False when it was not one."""

    async def contains(self, user_id: str, vehicle_id: str) -> bool: ...


@attrs.frozen
class CalendarRecord:
    """A calendar entry with the vehicle it belongs to and the owner's note (for blocks)."""

    vehicle_id: str
    entry: CalendarEntry
    note: str = ""


class CalendarRepository(Protocol):
    """The ``vehicle_calendar`` table: the one source of truth for taken days.

    Bookings, payment holds and owner blocks are all rows here; removing an entry keeps its row
    (inactive) for history. A ``ref`` names at most one active entry.
    """

    async def entries(
        self, vehicle_id: str, within: DatePeriod | None = None, *, turnaround_days: int = 0
    ) -> Calendar:
        """The vehicle's active entries (those overlapping ``within`` when given)."""

    async def add(
        self,
        vehicle_id: str,
        entry: CalendarEntry,
        *,
        created_at: datetime,
        note: str = "",
        turnaround_days: int = 0,
    ) -> None:
        """Store an entry; Conflict when an active entry already has its ref.

        A booking or hold is stored with its footprint (``end + turnaround_days``); on
        PostgreSQL an exclusion constraint refuses one whose footprint overlaps another active
        booking's or hold's, as VehicleUnavailable. The caller deactivates expired holds first.
        """

    async def find(self, ref: str) -> CalendarRecord | None:
        """The active entry named ``ref``."""

    async def remove(self, ref: str, *, at: datetime) -> None:
        """Deactivate the entry named ``ref``; NotFound when there is no active one."""


@attrs.frozen
class SellerSummary:
    """The seller as a search hit shows them."""

    id: str
    name: str
    business_name: str | None


@attrs.frozen
class PhotoRef:
    url: str
    thumbnail: str


@attrs.frozen
class SearchHit:
    """One listing as search and favorites show it: joined with its names, photos and seller."""

    id: str
    title: str
    category: Category
    status: ListingStatus
    brand: str
    model: str
    year: int
    city: str
    transmission: Transmission
    fuel_type: FuelType
    seats: int
    #: Asking price (sale) or daily rate (rental), whole currency units.
    price: int | None
    daily_rate: int | None
    photos: tuple[PhotoRef, ...]
    rating: Decimal | None
    review_count: int
    seller: SellerSummary
    created_at: datetime
    distance_km: float | None = None


class VehicleSearch(Protocol):
    """The catalogue's read model: one round trip for a page, one for the count."""

    async def search(self, query: SearchQuery, *, now: datetime) -> Page[SearchHit]:
        """Public listings matching ``query``; ``now`` decides which holds have expired."""

    async def favorites(self, user_id: str, *, page: int, limit: int) -> Page[SearchHit]:
        """A user's favorite listings that still exist, most recently favorited first."""


__all__ = [
    "CalendarRecord",
    "CalendarRepository",
    "FavoriteRepository",
    "PhotoRef",
    "PhotoRepository",
    "SearchHit",
    "SellerSummary",
    "VehicleSearch",
]
