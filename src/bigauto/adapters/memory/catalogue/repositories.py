"""In-memory photos, favorites, calendar and search: fakes, embedded defaults and the oracle.

``MemoryVehicleSearch`` is a brute-force filter over every listing, written straight from the
rules in ``bigauto.domain.catalogue.search``; the SQL adapters are tested against it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, ClassVar

import attrs

from bigauto.adapters.memory._repository import MemoryRepository
from bigauto.adapters.memory.tables import TableDeclarations
from bigauto.domain.catalogue.availability import Calendar, CalendarEntry
from bigauto.domain.catalogue.media import ordered
from bigauto.domain.catalogue.search import (
    Page,
    SearchQuery,
    SortOrder,
    distance_km,
    normalise_text,
)
from bigauto.domain.catalogue.vehicles import Category, Photo, Vehicle
from bigauto.domain.shared.errors import Conflict, NotFound
from bigauto.domain.shared.periods import DatePeriod
from bigauto.ports.catalogue.repositories import CalendarRecord, PhotoRef, SearchHit, SellerSummary


@attrs.frozen
class CalendarRow:
    """One row of the vehicle calendar, as the SQL table keeps it."""

    vehicle_id: str
    entry: CalendarEntry
    created_at: datetime
    note: str = ""
    active: bool = True
    removed_at: datetime | None = None


class MemoryPhotoRepository(MemoryRepository):
    """Photos in a dict."""

    tables: ClassVar[TableDeclarations] = {"photos": dict[str, Photo]}

    async def add(self, photo: Photo) -> None:
        if photo.id in self._t.photos or photo.vehicle_id not in self._t.vehicles:
            raise Conflict(f"photo {photo.id} cannot be added", details={"id": photo.id})
        self._t.photos[photo.id] = photo

    async def get(self, photo_id: str) -> Photo | None:
        return self._t.photos.get(photo_id)

    async def of_vehicle(self, vehicle_id: str) -> Sequence[Photo]:
        return ordered([p for p in self._t.photos.values() if p.vehicle_id == vehicle_id])

    async def save_order(self, photos: Sequence[Photo]) -> None:
        for photo in photos:
            old = self._t.photos.get(photo.id)
            if old is not None:
                self._t.photos[photo.id] = attrs.evolve(
                    old, position=photo.position, is_cover=photo.is_cover
                )

    async def remove(self, photo_id: str) -> None:
        if self._t.photos.pop(photo_id, None) is None:
            raise NotFound(f"no photo {photo_id}", details={"photo_id": photo_id})


class MemoryFavoriteRepository(MemoryRepository):
    """Favorites as a dict keyed by (user, vehicle)."""

    tables: ClassVar[TableDeclarations] = {
        # (user_id, vehicle_id) -> when it was favorited.
        "favorites": dict[tuple[str, str], datetime],
    }

    async def contains(self, user_id: str, vehicle_id: str) -> bool:
        return (user_id, vehicle_id) in self._t.favorites

    async def add(self, user_id: str, vehicle_id: str, at: datetime) -> bool:
        if (user_id, vehicle_id) in self._t.favorites:
            return False
        if user_id not in self._t.users or vehicle_id not in self._t.vehicles:
            raise NotFound(
                "no such user or vehicle", details={"user_id": user_id, "vehicle_id": vehicle_id}
            )
        self._t.favorites[(user_id, vehicle_id)] = at
        return True

    async def remove(self, user_id: str, vehicle_id: str) -> bool:
        return self._t.favorites.pop((user_id, vehicle_id), None) is not None


class MemoryCalendarRepository(MemoryRepository):
    """Calendar rows in a dict; removal deactivates a row and keeps it."""

    tables: ClassVar[TableDeclarations] = {
        # Row number -> calendar row (rows are never deleted, only deactivated).
        "calendar": dict[int, CalendarRow],
    }

    def _active(self, ref: str) -> tuple[int, CalendarRow] | None:
        return next(
            ((n, r) for n, r in self._t.calendar.items() if r.active and r.entry.ref == ref), None
        )

    async def entries(
        self, vehicle_id: str, within: DatePeriod | None = None, *, turnaround_days: int = 0
    ) -> Calendar:
        rows = [r for r in self._t.calendar.values() if r.active and r.vehicle_id == vehicle_id]
        if within is not None:
            rows = [r for r in rows if _reaches(r.entry, within, turnaround_days)]
        return Calendar.of((r.entry for r in rows), turnaround_days=turnaround_days)

    async def add(
        self,
        vehicle_id: str,
        entry: CalendarEntry,
        *,
        created_at: datetime,
        note: str = "",
        turnaround_days: int = 0,
    ) -> None:
        # Like SQLite, no overlap check here: units of work take turns and the service checks.
        if self._active(entry.ref) is not None:
            raise Conflict(f"calendar entry {entry.ref} already exists", details={"ref": entry.ref})
        if vehicle_id not in self._t.vehicles:
            raise Conflict(
                f"calendar entry {entry.ref} cannot be added", details={"ref": entry.ref}
            )
        number = len(self._t.calendar) + 1
        self._t.calendar[number] = CalendarRow(vehicle_id, entry, created_at, note)

    async def find(self, ref: str) -> CalendarRecord | None:
        found = self._active(ref)
        if found is None:
            return None
        row = found[1]
        return CalendarRecord(row.vehicle_id, row.entry, row.note)

    async def remove(self, ref: str, *, at: datetime) -> None:
        found = self._active(ref)
        if found is None:
            raise NotFound(f"no calendar entry {ref}", details={"ref": ref})
        number, row = found
        self._t.calendar[number] = attrs.evolve(row, active=False, removed_at=at)


def _reaches(entry: CalendarEntry, within: DatePeriod, pad: int) -> bool:
    start, end = entry.period.start.toordinal(), entry.period.end.toordinal()
    return start - pad < within.end.toordinal() and end + pad > within.start.toordinal()


class MemoryVehicleSearch(MemoryRepository):
    """Search by brute force over every listing: the meaning the SQL adapters must match."""

    def _search_text(self, vehicle: Vehicle) -> str:
        brand = self._t.brands[vehicle.brand_id].name
        model = self._t.models[vehicle.model_id].name
        return normalise_text(f"{brand} {model} {vehicle.title}")

    def _coordinates(self, vehicle: Vehicle) -> tuple[float, float]:
        city = self._t.cities[vehicle.city_id]
        lat = vehicle.latitude if vehicle.latitude is not None else city.latitude
        lng = vehicle.longitude if vehicle.longitude is not None else city.longitude
        return float(lat), float(lng)

    def _taken(self, vehicle: Vehicle, query: SearchQuery, now: datetime) -> bool:
        assert query.available_from is not None and query.available_to is not None
        wanted = DatePeriod(query.available_from, query.available_to)
        return any(
            row.active
            and row.vehicle_id == vehicle.id
            and row.entry.period.overlaps(wanted)
            and row.entry.is_live(now)
            for row in self._t.calendar.values()
        )

    def _matches(self, vehicle: Vehicle, query: SearchQuery, now: datetime) -> bool:
        if not vehicle.is_public:
            return False
        text = self._search_text(vehicle)
        if any(term not in text for term in query.terms):
            return False
        equal: list[tuple[Any, Any]] = [
            (vehicle.category, query.category),
            (vehicle.brand_id, query.brand_id),
            (vehicle.model_id, query.model_id),
            (vehicle.city_id, query.city_id),
            (vehicle.transmission, query.transmission),
            (vehicle.fuel_type, query.fuel_type),
        ]
        if any(wanted is not None and have != wanted for have, wanted in equal):
            return False
        price = vehicle.list_price.amount if vehicle.list_price is not None else 0
        for have, low, high in (
            (vehicle.year, query.min_year, query.max_year),
            (price, query.min_price, query.max_price),
        ):
            if (low is not None and have < low) or (high is not None and have > high):
                return False
        if query.seats is not None and vehicle.seats < query.seats:
            return False
        if query.radius_km is not None and self._distance(vehicle, query) > float(query.radius_km):
            return False
        if query.wants_availability:
            return vehicle.category is Category.RENTAL and not self._taken(vehicle, query, now)
        return True

    def _distance(self, vehicle: Vehicle, query: SearchQuery) -> float:
        lat, lng = self._coordinates(vehicle)
        return distance_km(float(query.latitude or 0), float(query.longitude or 0), lat, lng)

    def _hit(self, vehicle: Vehicle, distance: float | None = None) -> SearchHit:
        seller = self._t.users[vehicle.seller_id]
        photos = sorted(
            (p for p in self._t.photos.values() if p.vehicle_id == vehicle.id),
            key=lambda p: (not p.is_cover, p.position, p.created_at, p.id),
        )
        sale = vehicle.category is Category.SALE
        return SearchHit(
            id=vehicle.id,
            title=vehicle.title,
            category=vehicle.category,
            status=vehicle.status,
            brand=self._t.brands[vehicle.brand_id].name,
            model=self._t.models[vehicle.model_id].name,
            year=vehicle.year,
            city=self._t.cities[vehicle.city_id].name,
            transmission=vehicle.transmission,
            fuel_type=vehicle.fuel_type,
            seats=vehicle.seats,
            price=vehicle.price.amount if sale and vehicle.price is not None else None,
            daily_rate=(
                vehicle.daily_rate.amount if not sale and vehicle.daily_rate is not None else None
            ),
            photos=tuple(PhotoRef(p.url, p.thumbnail) for p in photos),
            rating=vehicle.rating if vehicle.review_count else None,
            review_count=vehicle.review_count,
            seller=SellerSummary(
                seller.id, seller.name, seller.seller.business_name if seller.seller else None
            ),
            created_at=vehicle.created_at,
            distance_km=distance,
        )

    def _sorted(self, found: list[Vehicle], query: SearchQuery) -> list[Vehicle]:
        def price(v: Vehicle) -> int:
            return v.list_price.amount if v.list_price is not None else 0

        keys: dict[SortOrder, tuple[Callable[[Vehicle], Any], bool]] = {
            SortOrder.NEWEST: (lambda v: (v.created_at, v.id), True),
            SortOrder.PRICE_ASC: (lambda v: (price(v), v.id), False),
            SortOrder.PRICE_DESC: (lambda v: (price(v), v.id), True),
            SortOrder.YEAR_DESC: (lambda v: (v.year, v.id), True),
            SortOrder.RATING_DESC: (lambda v: (v.rating, v.id), True),
            SortOrder.DISTANCE: (lambda v: (self._distance(v, query), v.id), False),
        }
        key, reverse = keys[query.sort]
        return sorted(found, key=key, reverse=reverse)

    async def search(self, query: SearchQuery, *, now: datetime) -> Page[SearchHit]:
        found = [v for v in self._t.vehicles.values() if self._matches(v, query, now)]
        page = self._sorted(found, query)[query.offset : query.offset + query.limit]
        hits = [self._hit(v, self._distance(v, query) if query.has_geo else None) for v in page]
        return Page(hits, len(found), query.page, query.limit)

    async def favorites(self, user_id: str, *, page: int, limit: int) -> Page[SearchHit]:
        mine = sorted(
            (
                (at, vehicle_id)
                for (who, vehicle_id), at in self._t.favorites.items()
                if who == user_id and not self._t.vehicles[vehicle_id].is_deleted
            ),
            reverse=True,
        )
        offset = (page - 1) * limit
        hits = [self._hit(self._t.vehicles[vid]) for _, vid in mine[offset : offset + limit]]
        return Page(hits, len(mine), page, limit)


__all__ = [
    "MemoryCalendarRepository",
    "MemoryFavoriteRepository",
    "MemoryPhotoRepository",
    "MemoryVehicleSearch",
]
