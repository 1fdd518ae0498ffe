"""SQL repositories of the catalogue: photos, favorites and the vehicle calendar."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, exists, insert, select
from sqlalchemy.exc import IntegrityError

from bigauto.adapters.sql._rows import SqlRepository, conflict, from_row, to_row
from bigauto.adapters.sql.catalogue.tables import favorites, vehicle_calendar, vehicle_photos
from bigauto.adapters.sql.errors import EXCLUSION_VIOLATION, sqlstate
from bigauto.domain.catalogue.availability import Calendar, CalendarEntry, EntryKind
from bigauto.domain.catalogue.errors import VehicleUnavailable
from bigauto.domain.catalogue.vehicles import Photo
from bigauto.domain.shared.errors import Conflict, NotFound
from bigauto.domain.shared.periods import DatePeriod
from bigauto.ports.catalogue.repositories import CalendarRecord

#: Photo attributes stored under other names (attribute → column).
_PHOTO_COLUMNS = {"key": "storage_key", "size": "size_bytes"}


def _photo(row: Any) -> Photo:
    return from_row(Photo, row._mapping, _PHOTO_COLUMNS)


class SqlPhotoRepository(SqlRepository):
    """Photos of listings, in their display order."""

    async def add(self, photo: Photo) -> None:
        refused = conflict(f"photo {photo.id} cannot be added", id=photo.id)
        await self._insert(vehicle_photos, to_row(photo, _PHOTO_COLUMNS), refused, savepoint=False)

    async def get(self, photo_id: str) -> Photo | None:
        return await self._first(
            select(vehicle_photos).where(vehicle_photos.c.id == photo_id), _photo
        )

    async def of_vehicle(self, vehicle_id: str) -> Sequence[Photo]:
        c = vehicle_photos.c
        query = (
            select(vehicle_photos)
            .where(c.vehicle_id == vehicle_id)
            .order_by(c.position, c.created_at, c.id)
        )
        return await self._all(query, _photo)

    async def save_order(self, photos: Sequence[Photo]) -> None:
        for photo in photos:
            where = vehicle_photos.c.id == photo.id
            await self._update(
                vehicle_photos, where, {"position": photo.position, "is_cover": photo.is_cover}
            )

    async def remove(self, photo_id: str) -> None:
        result = await self._conn.execute(
            delete(vehicle_photos).where(vehicle_photos.c.id == photo_id)
        )
        if result.rowcount == 0:
            raise NotFound(f"no photo {photo_id}", details={"photo_id": photo_id})


def _favorite(user_id: str, vehicle_id: str) -> Any:
    return and_(favorites.c.user_id == user_id, favorites.c.vehicle_id == vehicle_id)


class SqlFavoriteRepository(SqlRepository):
    """Favorites: one row per (user, vehicle); adding twice changes nothing."""

    async def contains(self, user_id: str, vehicle_id: str) -> bool:
        query = select(exists().where(_favorite(user_id, vehicle_id)))
        return bool(await self._conn.scalar(query))

    async def add(self, user_id: str, vehicle_id: str, at: datetime) -> bool:
        if await self.contains(user_id, vehicle_id):
            return False
        try:
            # A savepoint: losing a race to the same favorite leaves the transaction usable.
            async with self._conn.begin_nested():
                await self._conn.execute(
                    insert(favorites).values(user_id=user_id, vehicle_id=vehicle_id, created_at=at)
                )
        except IntegrityError:
            if await self.contains(user_id, vehicle_id):
                return False
            raise NotFound(
                "no such user or vehicle", details={"user_id": user_id, "vehicle_id": vehicle_id}
            ) from None
        return True

    async def remove(self, user_id: str, vehicle_id: str) -> bool:
        result = await self._conn.execute(delete(favorites).where(_favorite(user_id, vehicle_id)))
        return bool(result.rowcount)


def _entry_from_row(row: Mapping[str, Any]) -> CalendarEntry:
    return CalendarEntry(
        ref=row["ref_id"],
        kind=EntryKind(row["kind"]),
        period=DatePeriod(row["start_date"], row["end_date"]),
        expires_at=row["expires_at"],
    )


class SqlCalendarRepository(SqlRepository):
    """The ``vehicle_calendar`` table: bookings, holds and blocks of every vehicle."""

    async def entries(
        self, vehicle_id: str, within: DatePeriod | None = None, *, turnaround_days: int = 0
    ) -> Calendar:
        c = vehicle_calendar.c
        query = select(vehicle_calendar).where(c.vehicle_id == vehicle_id, c.active)
        if within is not None:
            # Widened by the buffer, so entries whose footprint reaches in are included.
            pad = timedelta(days=turnaround_days)
            query = query.where(c.start_date < within.end + pad, c.end_date > within.start - pad)
        rows = await self._conn.execute(query)
        return Calendar.of(
            (_entry_from_row(row._mapping) for row in rows), turnaround_days=turnaround_days
        )

    async def add(
        self,
        vehicle_id: str,
        entry: CalendarEntry,
        *,
        created_at: datetime,
        note: str = "",
        turnaround_days: int = 0,
    ) -> None:
        # A second active entry with this ref loses to the unique index (one round trip less
        # than asking first: booking is the hot path).
        pad = turnaround_days if entry.needs_turnaround else 0
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(
                    insert(vehicle_calendar).values(
                        vehicle_id=vehicle_id,
                        kind=entry.kind.value,
                        ref_id=entry.ref,
                        start_date=entry.period.start,
                        end_date=entry.period.end,
                        footprint_end=entry.period.end + timedelta(days=pad),
                        expires_at=entry.expires_at,
                        note=note,
                        active=True,
                        created_at=created_at,
                    )
                )
        except IntegrityError as error:
            if sqlstate(error) == EXCLUSION_VIOLATION:
                # PostgreSQL's exclusion constraint: another active booking or hold overlaps.
                raise VehicleUnavailable(
                    f"the vehicle is not available from {entry.period.start.isoformat()} to "
                    f"{entry.period.end.isoformat()} (end exclusive)",
                    details={
                        "start_date": entry.period.start.isoformat(),
                        "end_date": entry.period.end.isoformat(),
                        "conflicts": [],
                    },
                ) from None
            raise Conflict(
                f"calendar entry {entry.ref} cannot be added", details={"ref": entry.ref}
            ) from None

    async def find(self, ref: str) -> CalendarRecord | None:
        c = vehicle_calendar.c
        query = select(vehicle_calendar).where(c.ref_id == ref, c.active)
        return await self._first(
            query,
            lambda row: CalendarRecord(row.vehicle_id, _entry_from_row(row._mapping), row.note),
        )

    async def remove(self, ref: str, *, at: datetime) -> None:
        c = vehicle_calendar.c
        where = (c.ref_id == ref) & c.active
        if not await self._update(vehicle_calendar, where, {"active": False, "removed_at": at}):
            raise NotFound(f"no calendar entry {ref}", details={"ref": ref})


__all__ = ["SqlCalendarRepository", "SqlFavoriteRepository", "SqlPhotoRepository"]
