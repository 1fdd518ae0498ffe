"""The catalogue's settings: photo storage (Cloudinary or local disk), geocoding, search."""

from __future__ import annotations

import attrs

from bigauto.services.shared.settings import ConfigError, setting


@attrs.frozen
class CatalogueSettings:
    """Cloudinary credentials (a ``CLOUDINARY_URL`` or the three parts; none: local disk), the
    geocoder (city centres, or Nominatim) and the search reader's connection pool."""

    cloudinary_url: str | None = setting(env="CLOUDINARY_URL", default=None)
    cloudinary_cloud_name: str | None = setting(env="CLOUDINARY_CLOUD_NAME", default=None)
    cloudinary_api_key: str | None = setting(env="CLOUDINARY_API_KEY", default=None)
    cloudinary_api_secret: str | None = setting(env="CLOUDINARY_API_SECRET", default=None)
    cloudinary_base_url: str = setting(
        env="CLOUDINARY_BASE_URL", default="https://api.cloudinary.com"
    )
    geocoder: str = setting(
        env="BIGAUTO_GEOCODER", default="city", choices=frozenset({"city", "nominatim"})
    )
    nominatim_url: str = setting(env="NOMINATIM_URL", default="https://nominatim.openstreetmap.org")
    nominatim_user_agent: str = setting(
        env="NOMINATIM_USER_AGENT", default="bigauto/0.1 (vehicle marketplace)"
    )
    #: Connections of the search reader's own pool (PostgreSQL), beside the engine's.
    search_pool_size: int = setting(env="SEARCH_POOL_SIZE", default=10, low=1, high=1000)

    @property
    def uses_cloudinary(self) -> bool:
        return bool(self.cloudinary_url) or bool(
            self.cloudinary_cloud_name and self.cloudinary_api_key and self.cloudinary_api_secret
        )

    def check(self) -> None:
        if self.cloudinary_url and not self.cloudinary_url.startswith("cloudinary://"):
            raise ConfigError("CLOUDINARY_URL looks like cloudinary://<key>:<secret>@<cloud_name>")


__all__ = ["CatalogueSettings"]
