"""Geocoding through Nominatim (OpenStreetMap), within its usage policy."""

from bigauto.adapters.nominatim.geocoder import NominatimGeocoder

__all__ = ["NominatimGeocoder"]
