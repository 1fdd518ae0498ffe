"""The catalogue at the HTTP edge: master data, search, listings, photos, favorites, calendars,
plus ``/media`` (local photo files) when photos are stored on disk."""

from __future__ import annotations

from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler

from bigauto.config import Settings
from bigauto.entrypoints.http.catalogue.availability import AvailabilityController, BlockController
from bigauto.entrypoints.http.catalogue.favorites import FavoriteController
from bigauto.entrypoints.http.catalogue.listings import ListingController
from bigauto.entrypoints.http.catalogue.master_data import MasterDataController
from bigauto.entrypoints.http.catalogue.photos import PhotoController


def route_handlers(settings: Settings) -> list[ControllerRouterHandler]:
    """Every catalogue route for these settings."""
    handlers: list[ControllerRouterHandler] = [
        MasterDataController,
        ListingController,
        PhotoController,
        FavoriteController,
        AvailabilityController,
        BlockController,
    ]
    if not settings.catalogue.uses_cloudinary:
        handlers.append(
            create_static_files_router(
                path="/media",
                directories=[settings.runtime.media_dir],
                include_in_schema=False,
                name="media",
            )
        )
    return handlers


__all__ = ["route_handlers"]
