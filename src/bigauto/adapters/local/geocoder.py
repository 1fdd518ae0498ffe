"""The embedded geocoder: no street-level lookup, so a listing sits at its city's centre."""

from __future__ import annotations

from bigauto.ports.shared.external import Coordinates


class CityCentreGeocoder:
    """``Geocoder`` that never finds an address; the listing use case then uses the city."""

    async def geocode(self, address: str, *, city: str | None = None) -> Coordinates | None:
        return None

    async def aclose(self) -> None:
        return None


__all__ = ["CityCentreGeocoder"]
