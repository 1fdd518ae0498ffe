"""Where master data (brands, models, cities) and vehicle listings are kept."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bigauto.domain.catalogue.vehicles import Brand, CarModel, City, Vehicle


class CatalogueRepository(Protocol):
    async def add_brand(self, brand: Brand) -> None: ...

    async def add_model(self, model: CarModel) -> None: ...

    async def add_city(self, city: City) -> None: ...

    async def brands(self) -> Sequence[Brand]:
        """All brands, by name."""

    async def models(self, brand_id: str) -> Sequence[CarModel]:
        """The models of one brand, by name."""

    async def cities(self) -> Sequence[City]:
        """All cities, by name."""

    async def get_brand(self, brand_id: str) -> Brand | None: ...

    async def get_model(self, model_id: str) -> CarModel | None: ...

    async def get_city(self, city_id: str) -> City | None: ...


class VehicleRepository(Protocol):
    async def add(self, vehicle: Vehicle) -> None: ...

    async def get(self, vehicle_id: str) -> Vehicle | None:
        """A listing that is not deleted (soft-deleted ones are history, not listings)."""

    async def update(self, vehicle: Vehicle) -> None: ...

    async def count(self) -> int: ...
