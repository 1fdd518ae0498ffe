"""Repositories over one open ``AsyncConnection``: the unit of work's transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bigauto.adapters.sql import mapping
from bigauto.adapters.sql.tables import brands, car_models, cities, outbox, users, vehicles
from bigauto.domain.accounts import User, normalise_email
from bigauto.domain.catalogue import Brand, CarModel, City, Vehicle
from bigauto.domain.errors import Conflict, EmailTaken, NotFound
from bigauto.domain.events import DomainEvent
from bigauto.domain.search import normalise_text
from bigauto.ports.repositories import OutboxRecord


def _email_taken(email: str) -> EmailTaken:
    return EmailTaken("this email address is already registered", details={"email": email})


class SqlUserRepository:
    """Users; the email is stored normalised and unique, so lookups ignore case."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def _email_owner(self, email: str) -> str | None:
        found = await self._conn.scalar(select(users.c.id).where(users.c.email == email))
        return found

    async def add(self, user: User) -> None:
        row = mapping.user_to_row(user)
        if await self._email_owner(row["email"]) is not None:
            raise _email_taken(row["email"])
        try:
            # A savepoint, so that losing a race on the unique email leaves the rest of the
            # transaction usable (PostgreSQL would otherwise abort all of it).
            async with self._conn.begin_nested():
                await self._conn.execute(insert(users).values(row))
        except IntegrityError as error:
            if "email" in str(error.orig):
                raise _email_taken(row["email"]) from None
            raise Conflict(f"user {user.id} already exists", details={"id": user.id}) from None

    async def get(self, user_id: str) -> User | None:
        row = (await self._conn.execute(select(users).where(users.c.id == user_id))).first()
        return mapping.user_from_row(row._mapping) if row else None

    async def get_by_email(self, email: str) -> User | None:
        query = select(users).where(users.c.email == normalise_email(email))
        row = (await self._conn.execute(query)).first()
        return mapping.user_from_row(row._mapping) if row else None

    async def update(self, user: User) -> None:
        values = mapping.user_to_row(user)
        owner = await self._email_owner(values["email"])
        if owner is not None and owner != user.id:
            raise _email_taken(values["email"])
        del values["id"], values["created_at"]
        try:
            async with self._conn.begin_nested():
                result = await self._conn.execute(
                    update(users)
                    .where(users.c.id == user.id)
                    .values(**values, updated_at=func.now())
                )
        except IntegrityError:
            raise _email_taken(values["email"]) from None
        if result.rowcount == 0:
            raise NotFound(f"no user {user.id}", details={"id": user.id})

    async def count(self) -> int:
        return await self._conn.scalar(select(func.count()).select_from(users)) or 0


class SqlCatalogueRepository:
    """Brands, models and cities: master data, listed by name."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def _add(self, table: Table, values: Mapping[str, object], what: str) -> None:
        try:
            await self._conn.execute(insert(table).values(values))
        except IntegrityError:
            raise Conflict(
                f"{what} {values['id']} cannot be added", details={"id": values["id"]}
            ) from None

    async def add_brand(self, brand: Brand) -> None:
        await self._add(brands, {"id": brand.id, "name": brand.name}, "brand")

    async def add_model(self, model: CarModel) -> None:
        values = {
            "id": model.id,
            "brand_id": model.brand_id,
            "name": model.name,
            "body_type": model.body_type,
        }
        await self._add(car_models, values, "model")

    async def add_city(self, city: City) -> None:
        values = {
            "id": city.id,
            "name": city.name,
            "province": city.province,
            "timezone": city.timezone,
            "latitude": city.latitude,
            "longitude": city.longitude,
        }
        await self._add(cities, values, "city")

    async def brands(self) -> Sequence[Brand]:
        rows = await self._conn.execute(select(brands).order_by(brands.c.name, brands.c.id))
        return [mapping.brand_from_row(row._mapping) for row in rows]

    async def models(self, brand_id: str) -> Sequence[CarModel]:
        query = (
            select(car_models)
            .where(car_models.c.brand_id == brand_id)
            .order_by(car_models.c.name, car_models.c.id)
        )
        return [mapping.model_from_row(row._mapping) for row in await self._conn.execute(query)]

    async def cities(self) -> Sequence[City]:
        rows = await self._conn.execute(select(cities).order_by(cities.c.name, cities.c.id))
        return [mapping.city_from_row(row._mapping) for row in rows]

    async def get_brand(self, brand_id: str) -> Brand | None:
        row = (await self._conn.execute(select(brands).where(brands.c.id == brand_id))).first()
        return mapping.brand_from_row(row._mapping) if row else None

    async def get_model(self, model_id: str) -> CarModel | None:
        query = select(car_models).where(car_models.c.id == model_id)
        row = (await self._conn.execute(query)).first()
        return mapping.model_from_row(row._mapping) if row else None

    async def get_city(self, city_id: str) -> City | None:
        row = (await self._conn.execute(select(cities).where(cities.c.id == city_id))).first()
        return mapping.city_from_row(row._mapping) if row else None


_live_vehicles = vehicles.c.deleted_at.is_(None)


class SqlVehicleRepository:
    """Vehicle listings; soft-deleted ones (``deleted_at`` set) are invisible here."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def _row(self, vehicle: Vehicle) -> dict[str, object]:
        """The listing's row with its search text, "brand model title" normalised."""
        brand = select(brands.c.name).where(brands.c.id == vehicle.brand_id)
        model = select(car_models.c.name).where(car_models.c.id == vehicle.model_id)
        city = select(cities.c.latitude, cities.c.longitude).where(cities.c.id == vehicle.city_id)
        brand_name, model_name = (
            await self._conn.execute(select(brand.scalar_subquery(), model.scalar_subquery()))
        ).one()
        row = mapping.vehicle_to_row(vehicle)
        words = [name for name in (brand_name, model_name) if name is not None]
        row["search_text"] = normalise_text(" ".join([*words, vehicle.title]))
        latitude, longitude = vehicle.latitude, vehicle.longitude
        if latitude is None or longitude is None:
            centre = (await self._conn.execute(city)).first()
            latitude, longitude = centre if centre is not None else (0, 0)
        row["geo_lat"], row["geo_lng"] = float(latitude), float(longitude)
        return row

    async def add(self, vehicle: Vehicle) -> None:
        try:
            await self._conn.execute(insert(vehicles).values(await self._row(vehicle)))
        except IntegrityError:
            raise Conflict(
                f"vehicle {vehicle.id} cannot be added: its id is taken or it refers to "
                "an unknown seller, brand, model or city",
                details={"id": vehicle.id},
            ) from None

    async def get(self, vehicle_id: str) -> Vehicle | None:
        query = select(vehicles).where(vehicles.c.id == vehicle_id, _live_vehicles)
        row = (await self._conn.execute(query)).first()
        return mapping.vehicle_from_row(row._mapping) if row else None

    async def update(self, vehicle: Vehicle) -> None:
        values = await self._row(vehicle)
        del values["id"], values["created_at"]
        result = await self._conn.execute(
            update(vehicles)
            .where(vehicles.c.id == vehicle.id, _live_vehicles)
            .values(**values, updated_at=func.now())
        )
        if result.rowcount == 0:
            raise NotFound(f"no vehicle {vehicle.id}", details={"id": vehicle.id})

    async def list_by_seller(self, seller_id: str) -> Sequence[Vehicle]:
        query = (
            select(vehicles)
            .where(vehicles.c.seller_id == seller_id, _live_vehicles)
            .order_by(vehicles.c.created_at.desc(), vehicles.c.id.desc())
        )
        return [mapping.vehicle_from_row(row._mapping) for row in await self._conn.execute(query)]

    async def count(self) -> int:
        query = select(func.count()).select_from(vehicles).where(_live_vehicles)
        return await self._conn.scalar(query) or 0


class SqlOutboxRepository:
    """Events stored in the same transaction as the change that raised them."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def add(self, event: DomainEvent) -> None:
        await self._conn.execute(insert(outbox).values(mapping.event_to_row(event)))

    async def pending(self, limit: int = 100) -> Sequence[OutboxRecord]:
        # Ids are UUIDv7 (time-ordered), so they break ties between events of the same instant
        # in the order they were raised.
        query = (
            select(outbox)
            .where(outbox.c.published_at.is_(None))
            .order_by(outbox.c.occurred_at, outbox.c.event_id)
            .limit(limit)
        )
        rows = await self._conn.execute(query)
        return [mapping.outbox_record_from_row(row._mapping) for row in rows]

    async def mark_published(self, event_ids: Sequence[str], at: datetime) -> None:
        if not event_ids:
            return
        await self._conn.execute(
            update(outbox).where(outbox.c.event_id.in_(list(event_ids))).values(published_at=at)
        )

    async def mark_failed(self, event_id: str) -> None:
        await self._conn.execute(
            update(outbox)
            .where(outbox.c.event_id == event_id)
            .values(attempts=outbox.c.attempts + 1)
        )


__all__ = [
    "SqlCatalogueRepository",
    "SqlOutboxRepository",
    "SqlUserRepository",
    "SqlVehicleRepository",
]
