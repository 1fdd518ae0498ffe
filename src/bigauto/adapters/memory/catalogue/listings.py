"""In-memory master data and vehicle listings (same rules as the SQL ones)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import attrs

from bigauto.adapters.memory._repository import MemoryRepository, insert_new
from bigauto.adapters.memory.tables import TableDeclarations
from bigauto.domain.catalogue.vehicles import Brand, CarModel, City, Vehicle
from bigauto.domain.shared.errors import CurrencyMismatch, NotFound

#: What a conflict says, as the SQL repositories word it.
_REFUSED = "cannot be added"


class MemoryCatalogueRepository(MemoryRepository):
    """Brands, models and cities in dicts, listed by name."""

    tables: ClassVar[TableDeclarations] = {
        "brands": dict[str, Brand],
        "models": dict[str, CarModel],
        "cities": dict[str, City],
    }

    async def add_brand(self, brand: Brand) -> None:
        insert_new(self._t.brands, brand.id, brand, "brand", taken=_REFUSED, id=brand.id)

    async def add_model(self, model: CarModel) -> None:
        insert_new(self._t.models, model.id, model, "model", taken=_REFUSED, id=model.id)

    async def add_city(self, city: City) -> None:
        insert_new(self._t.cities, city.id, city, "city", taken=_REFUSED, id=city.id)

    async def brands(self) -> Sequence[Brand]:
        return sorted(self._t.brands.values(), key=lambda b: (b.name, b.id))

    async def models(self, brand_id: str) -> Sequence[CarModel]:
        mine = (m for m in self._t.models.values() if m.brand_id == brand_id)
        return sorted(mine, key=lambda m: (m.name, m.id))

    async def cities(self) -> Sequence[City]:
        return sorted(self._t.cities.values(), key=lambda c: (c.name, c.id))

    async def get_brand(self, brand_id: str) -> Brand | None:
        return self._t.brands.get(brand_id)

    async def get_model(self, model_id: str) -> CarModel | None:
        return self._t.models.get(model_id)

    async def get_city(self, city_id: str) -> City | None:
        return self._t.cities.get(city_id)


def _check_one_currency(vehicle: Vehicle) -> None:
    """A listing is priced in one currency (the SQL table has a single currency column)."""
    amounts = (
        vehicle.price,
        vehicle.daily_rate,
        vehicle.weekly_rate,
        vehicle.monthly_rate,
        vehicle.deposit,
    )
    currencies = sorted({money.currency for money in amounts if money is not None})
    if len(currencies) > 1:
        raise CurrencyMismatch(
            f"a listing's amounts must share one currency, not {currencies}",
            details={"vehicle_id": vehicle.id, "currencies": currencies},
        )


class MemoryVehicleRepository(MemoryRepository):
    """Vehicle listings in a dict."""

    tables: ClassVar[TableDeclarations] = {"vehicles": dict[str, Vehicle]}

    async def add(self, vehicle: Vehicle) -> None:
        _check_one_currency(vehicle)
        insert_new(self._t.vehicles, vehicle.id, vehicle, "vehicle", taken=_REFUSED, id=vehicle.id)

    async def get(self, vehicle_id: str) -> Vehicle | None:
        vehicle = self._t.vehicles.get(vehicle_id)
        return vehicle if vehicle is not None and not vehicle.is_deleted else None

    async def update(self, vehicle: Vehicle) -> None:
        _check_one_currency(vehicle)
        old = self._t.vehicles.get(vehicle.id)
        if old is None or old.is_deleted:
            raise NotFound(f"no vehicle {vehicle.id}", details={"id": vehicle.id})
        self._t.vehicles[vehicle.id] = attrs.evolve(vehicle, created_at=old.created_at)

    async def count(self) -> int:
        return sum(1 for v in self._t.vehicles.values() if not v.is_deleted)
