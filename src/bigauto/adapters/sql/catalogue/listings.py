"""SQL master data (brands, models, cities) and vehicle listings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, func, select

from bigauto.adapters.sql._rows import SqlRepository, conflict, reader, to_row
from bigauto.adapters.sql.catalogue import mapping
from bigauto.adapters.sql.catalogue.tables import brands, car_models, cities, vehicles
from bigauto.domain.catalogue.search import normalise_text
from bigauto.domain.catalogue.vehicles import Brand, CarModel, City, Vehicle
from bigauto.domain.shared.errors import NotFound

_brand, _model, _city = reader(Brand), reader(CarModel), reader(City)


class SqlCatalogueRepository(SqlRepository):
    """Brands, models and cities: master data, listed by name."""

    async def _add(self, table: Table, record: Brand | CarModel | City, what: str) -> None:
        refused = conflict(f"{what} {record.id} cannot be added", id=record.id)
        await self._insert(table, to_row(record), refused, savepoint=False)

    async def add_brand(self, brand: Brand) -> None:
        await self._add(brands, brand, "brand")

    async def add_model(self, model: CarModel) -> None:
        await self._add(car_models, model, "model")

    async def add_city(self, city: City) -> None:
        await self._add(cities, city, "city")

    async def brands(self) -> Sequence[Brand]:
        return await self._all(select(brands).order_by(brands.c.name, brands.c.id), _brand)

    async def models(self, brand_id: str) -> Sequence[CarModel]:
        c = car_models.c
        query = select(car_models).where(c.brand_id == brand_id).order_by(c.name, c.id)
        return await self._all(query, _model)

    async def cities(self) -> Sequence[City]:
        return await self._all(select(cities).order_by(cities.c.name, cities.c.id), _city)

    async def get_brand(self, brand_id: str) -> Brand | None:
        return await self._first(select(brands).where(brands.c.id == brand_id), _brand)

    async def get_model(self, model_id: str) -> CarModel | None:
        return await self._first(select(car_models).where(car_models.c.id == model_id), _model)

    async def get_city(self, city_id: str) -> City | None:
        return await self._first(select(cities).where(cities.c.id == city_id), _city)


_live_vehicles = vehicles.c.deleted_at.is_(None)


def _vehicle(row: Any) -> Vehicle:
    return mapping.vehicle_from_row(row._mapping)


class SqlVehicleRepository(SqlRepository):
    """Vehicle listings; soft-deleted ones (``deleted_at`` set) are invisible here."""

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
        refused = conflict(
            f"vehicle {vehicle.id} cannot be added: its id is taken or it refers to "
            "an unknown seller, brand, model or city",
            id=vehicle.id,
        )
        await self._insert(vehicles, await self._row(vehicle), refused, savepoint=False)

    async def get(self, vehicle_id: str) -> Vehicle | None:
        query = select(vehicles).where(vehicles.c.id == vehicle_id, _live_vehicles)
        return await self._first(query, _vehicle)

    async def update(self, vehicle: Vehicle) -> None:
        values = await self._row(vehicle)
        del values["id"], values["created_at"]
        where = (vehicles.c.id == vehicle.id) & _live_vehicles
        if not await self._update(vehicles, where, {**values, "updated_at": func.now()}):
            raise NotFound(f"no vehicle {vehicle.id}", details={"id": vehicle.id})

    async def count(self) -> int:
        return await self._count(vehicles, _live_vehicles)
