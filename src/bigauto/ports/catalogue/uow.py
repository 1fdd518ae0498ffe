"""The repositories the catalogue adds to a unit of work."""

from __future__ import annotations

from typing import Protocol

from bigauto.ports.catalogue.listings import CatalogueRepository, VehicleRepository
from bigauto.ports.catalogue.repositories import (
    CalendarRepository,
    FavoriteRepository,
    PhotoRepository,
    VehicleSearch,
)


class CatalogueRepositories(Protocol):
    """Listings and what hangs off them: reference data, vehicles, photos, favorites, the
    availability calendar and search."""

    catalogue: CatalogueRepository
    vehicles: VehicleRepository
    photos: PhotoRepository
    favorites: FavoriteRepository
    calendar: CalendarRepository
    search: VehicleSearch
