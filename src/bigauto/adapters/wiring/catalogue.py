"""The catalogue's providers: search, photo storage, geocoding, and the use cases' context.

Photos go to Cloudinary when its credentials are set, else to local disk under ``var/media``;
addresses are geocoded by Nominatim when ``BIGAUTO_GEOCODER=nominatim``, else to city centres.
The catalogue use cases take all of their ports as one ``Catalogue``.
"""

from __future__ import annotations

from pathlib import Path

from dependency_injector import providers

from bigauto.adapters.cloudinary import (
    CloudinaryCredentials,
    CloudinaryMediaStorage,
    parse_cloudinary_url,
)
from bigauto.adapters.local.geocoder import CityCentreGeocoder
from bigauto.adapters.local.media import LocalMediaStorage
from bigauto.adapters.nominatim import NominatimGeocoder
from bigauto.adapters.sql.catalogue.search_reader import SqlSearchReader
from bigauto.adapters.wiring.resources import Client
from bigauto.adapters.wiring.shared import Shared
from bigauto.ports.shared.external import Geocoder, MediaStorage
from bigauto.ports.shared.system import Clock
from bigauto.services.catalogue.context import Catalogue
from bigauto.services.catalogue.settings import CatalogueSettings


def _media_storage(catalogue: CatalogueSettings, media_dir: Path, clock: Clock) -> MediaStorage:
    if not catalogue.uses_cloudinary:
        return LocalMediaStorage(media_dir, base_url="/media")
    if catalogue.cloudinary_url:
        credentials = parse_cloudinary_url(catalogue.cloudinary_url)
    else:
        credentials = CloudinaryCredentials(
            catalogue.cloudinary_cloud_name or "",
            catalogue.cloudinary_api_key or "",
            catalogue.cloudinary_api_secret or "",
        )
    return CloudinaryMediaStorage(credentials, clock, api_base=catalogue.cloudinary_base_url)


def _geocoder(catalogue: CatalogueSettings) -> Geocoder:
    if catalogue.geocoder == "nominatim":
        return NominatimGeocoder(
            base_url=catalogue.nominatim_url, user_agent=catalogue.nominatim_user_agent
        )
    return CityCentreGeocoder()


class CatalogueProviders(Shared):
    """Vehicle search outside any unit of work, the catalogue's outside services, and the
    context its use cases take."""

    #: Its own connection pool on PostgreSQL; closed before the engine it came from.
    vehicle_search = Client(
        SqlSearchReader,
        Shared.engine,
        pool_size=Shared.settings.provided.catalogue.search_pool_size,
    )
    media_storage = Client(
        _media_storage,
        Shared.settings.provided.catalogue,
        Shared.settings.provided.runtime.media_dir,
        Shared.clock,
    )
    geocoder = Client(_geocoder, Shared.settings.provided.catalogue)
    # A small value per call, so a test's clock override is always seen.
    catalogue = providers.Factory(
        Catalogue, Shared.uow_factory, Shared.clock, Shared.ids, geocoder, media_storage
    )


__all__ = ["CatalogueProviders"]
