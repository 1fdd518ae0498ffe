"""``Geocoder`` on Nominatim's ``/search`` API, keeping to its usage policy.

The policy asks for an identifying User-Agent, at most one request per second and caching of
results; so requests go one at a time behind a lock, spaced by ``min_interval`` seconds, and
answers (found or not) are kept in an LRU cache with a time to live. A failure (timeout,
5xx, a malformed answer) answers None, so the caller falls back to the city's centre rather
than failing the seller's listing.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from decimal import Decimal, InvalidOperation

import httpx
import structlog

from bigauto.ports.shared.external import Coordinates

log = structlog.get_logger(__name__)

DEFAULT_URL = "https://nominatim.openstreetmap.org"
DEFAULT_USER_AGENT = "bigauto/0.1 (vehicle marketplace; https://github.com/bigauto)"
SIX_PLACES = Decimal("0.000001")


class NominatimGeocoder:
    """Addresses to coordinates through Nominatim: one request a second, answers cached."""

    def __init__(
        self,
        *,
        base_url: str = DEFAULT_URL,
        user_agent: str = DEFAULT_USER_AGENT,
        country_codes: str = "id",
        min_interval: float = 1.0,
        cache_size: int = 1024,
        cache_ttl: float = 24 * 3600,
        client: httpx.AsyncClient | None = None,
        timeout: float = 10.0,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._url = f"{base_url.rstrip('/')}/search"
        self._headers = {"User-Agent": user_agent, "Accept": "application/json"}
        self._country_codes = country_codes
        self._min_interval = min_interval
        self._cache: OrderedDict[str, tuple[float, Coordinates | None]] = OrderedDict()
        self._cache_size = cache_size
        self._cache_ttl = cache_ttl
        self._client = client
        self._owns_client = client is None
        self._timeout = timeout
        self._monotonic = monotonic
        self._sleep = sleep
        self._lock = asyncio.Lock()
        self._last_request: float | None = None
        #: How many requests reached Nominatim (the cache and tests read it).
        self.requests = 0

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout)
        return self._client

    def _cached(self, key: str) -> tuple[bool, Coordinates | None]:
        hit = self._cache.get(key)
        if hit is None:
            return False, None
        stored_at, value = hit
        if self._monotonic() - stored_at > self._cache_ttl:
            del self._cache[key]
            return False, None
        self._cache.move_to_end(key)
        return True, value

    def _remember(self, key: str, value: Coordinates | None) -> None:
        self._cache[key] = (self._monotonic(), value)
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    async def geocode(self, address: str, *, city: str | None = None) -> Coordinates | None:
        query = ", ".join(part.strip() for part in (address, city) if part and part.strip())
        key = " ".join(query.lower().split())
        if not key:
            return None
        found, value = self._cached(key)
        if found:
            return value
        async with self._lock:
            found, value = self._cached(key)  # someone may have asked while we waited
            if found:
                return value
            if self._last_request is not None:
                wait = self._last_request + self._min_interval - self._monotonic()
                if wait > 0:
                    await self._sleep(wait)
            try:
                value = await self._request(query)
            except (httpx.HTTPError, ValueError, KeyError, TypeError, InvalidOperation) as error:
                log.warning("nominatim lookup failed", error=type(error).__name__)
                return None  # not cached: the next attempt may succeed
            finally:
                self._last_request = self._monotonic()
            self._remember(key, value)
            return value

    async def _request(self, query: str) -> Coordinates | None:
        self.requests += 1
        params = {"q": query, "format": "jsonv2", "limit": "1", "addressdetails": "0"}
        if self._country_codes:
            params["countrycodes"] = self._country_codes
        response = await self._http().get(self._url, params=params, headers=self._headers)
        response.raise_for_status()
        places = response.json()
        if not places:
            return None
        place = places[0]
        return Coordinates(
            latitude=Decimal(str(place["lat"])).quantize(SIX_PLACES),
            longitude=Decimal(str(place["lon"])).quantize(SIX_PLACES),
        )

    async def aclose(self) -> None:
        if self._owns_client and self._client is not None:
            await self._client.aclose()
            self._client = None


__all__ = ["DEFAULT_URL", "DEFAULT_USER_AGENT", "NominatimGeocoder"]
