"""The catalogue in memory: the repositories it adds to a unit of work, with their tables."""

from __future__ import annotations

from bigauto.adapters.memory.catalogue.listings import (
    MemoryCatalogueRepository,
    MemoryVehicleRepository,
)
from bigauto.adapters.memory.catalogue.repositories import (
    MemoryCalendarRepository,
    MemoryFavoriteRepository,
    MemoryPhotoRepository,
    MemoryVehicleSearch,
)
from bigauto.adapters.memory.tables import RepositoryDeclarations

REPOSITORIES: RepositoryDeclarations = {
    "catalogue": MemoryCatalogueRepository,
    "vehicles": MemoryVehicleRepository,
    "photos": MemoryPhotoRepository,
    "favorites": MemoryFavoriteRepository,
    "calendar": MemoryCalendarRepository,
    "search": MemoryVehicleSearch,
}

__all__ = ["REPOSITORIES"]
