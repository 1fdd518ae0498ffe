"""The catalogue in memory: its tables, and the repositories it adds to a unit of work."""

from __future__ import annotations

from datetime import datetime

from bigauto.adapters.memory.catalogue.listings import (
    MemoryCatalogueRepository,
    MemoryVehicleRepository,
)
from bigauto.adapters.memory.catalogue.repositories import (
    CalendarRow,
    MemoryCalendarRepository,
    MemoryFavoriteRepository,
    MemoryPhotoRepository,
    MemoryVehicleSearch,
)
from bigauto.adapters.memory.tables import RepositoryDeclarations, TableDeclarations
from bigauto.domain.catalogue.vehicles import Brand, CarModel, City, Photo, Vehicle

TABLES: TableDeclarations = {
    "brands": dict[str, Brand],
    "models": dict[str, CarModel],
    "cities": dict[str, City],
    "vehicles": dict[str, Vehicle],
    "photos": dict[str, Photo],
    # (user_id, vehicle_id) -> when it was favorited.
    "favorites": dict[tuple[str, str], datetime],
    # Row number -> calendar row (rows are never deleted, only deactivated).
    "calendar": dict[int, CalendarRow],
}

REPOSITORIES: RepositoryDeclarations = {
    "catalogue": MemoryCatalogueRepository,
    "vehicles": MemoryVehicleRepository,
    "photos": MemoryPhotoRepository,
    "favorites": MemoryFavoriteRepository,
    "calendar": MemoryCalendarRepository,
    "search": MemoryVehicleSearch,
}

__all__ = ["REPOSITORIES", "TABLES"]
