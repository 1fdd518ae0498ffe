"""SQL master data (brands, models, cities) and vehicle listings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bigauto.adapters.sql.catalogue import mapping
from bigauto.adapters.sql.catalogue.tables import brands, car_models, cities, vehicles
from bigauto.domain.catalogue.search import normalise_text
from bigauto.domain.catalogue.vehicles import Brand, CarModel, City, Vehicle
from bigauto.domain.shared.errors import Conflict, NotFound


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

    async def count(self) -> int:
        query = select(func.count()).select_from(vehicles).where(_live_vehicles)
        return await self._conn.scalar(query) or 0
