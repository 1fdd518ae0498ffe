"""The catalogue in SQL: the repositories it adds to a unit of work (its tables: ``tables.py``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy.ext.asyncio import AsyncConnection

from bigauto.adapters.sql.catalogue.listings import SqlCatalogueRepository, SqlVehicleRepository
from bigauto.adapters.sql.catalogue.repositories import (
    SqlCalendarRepository,
    SqlFavoriteRepository,
    SqlPhotoRepository,
)
from bigauto.adapters.sql.catalogue.search import SqlVehicleSearch

#: Unit-of-work attribute name -> repository class taking the unit of work's connection.
REPOSITORIES: Mapping[str, Callable[[AsyncConnection], object]] = {
    "catalogue": SqlCatalogueRepository,
    "vehicles": SqlVehicleRepository,
    "photos": SqlPhotoRepository,
    "favorites": SqlFavoriteRepository,
    "calendar": SqlCalendarRepository,
    "search": SqlVehicleSearch,
}

__all__ = ["REPOSITORIES"]
