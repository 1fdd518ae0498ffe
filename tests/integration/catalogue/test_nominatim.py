"""Nominatim geocoder against a local fake: User-Agent, one request a second, a cache."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from decimal import Decimal

import pytest
from tests.integration.fake_servers import FakeNominatim, serving

from bigauto.adapters.nominatim import NominatimGeocoder
from bigauto.ports.shared.external import Coordinates


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeNominatim, str]]:
    nominatim = FakeNominatim(
        {"monas": ("-6.1753924", "106.8271528"), "kuta": ("-8.7224", "115.1707")}
    )
    async with serving(nominatim.app()) as url:
        yield nominatim, url


async def test_an_address_is_found_with_the_city_and_our_user_agent(
    fake: tuple[FakeNominatim, str],
) -> None:
    """The request names the city, asks jsonv2 in Indonesia, and identifies us."""
    nominatim, url = fake
    geocoder = NominatimGeocoder(base_url=url, user_agent="bigauto-test/1.0", min_interval=0)

    found = await geocoder.geocode("Monas, Gambir", city="Jakarta")
    await geocoder.aclose()

    assert found == Coordinates(Decimal("-6.175392"), Decimal("106.827153"))
    _, params, agent = nominatim.calls[0]
    assert params["q"] == "Monas, Gambir, Jakarta"
    assert (params["format"], params["countrycodes"], params["limit"]) == ("jsonv2", "id", "1")
    assert agent == "bigauto-test/1.0"


async def test_answers_are_cached_found_or_not(fake: tuple[FakeNominatim, str]) -> None:
    """Asking again (in any case or spacing) does not reach Nominatim; nor does a known miss."""
    nominatim, url = fake
    geocoder = NominatimGeocoder(base_url=url, min_interval=0)

    await geocoder.geocode("Pantai Kuta")
    await geocoder.geocode("  pantai   KUTA ")
    assert await geocoder.geocode("Nowhere street") is None
    assert await geocoder.geocode("nowhere street") is None
    await geocoder.aclose()

    assert len(nominatim.calls) == 2 and geocoder.requests == 2


async def test_requests_are_spaced_by_the_minimum_interval(fake: tuple[FakeNominatim, str]) -> None:
    """Concurrent lookups of different addresses reach the server at least an interval apart."""
    nominatim, url = fake
    geocoder = NominatimGeocoder(base_url=url, min_interval=0.2)

    await asyncio.gather(*(geocoder.geocode(f"Jalan {n}") for n in range(3)))
    await geocoder.aclose()

    times = [at for at, _, _ in nominatim.calls]
    assert len(times) == 3
    assert all(b - a >= 0.19 for a, b in itertools.pairwise(times))


async def test_a_failure_answers_none_and_is_not_cached(fake: tuple[FakeNominatim, str]) -> None:
    """A 503 (or no server at all) gives None, and the next call tries again."""
    nominatim, url = fake
    geocoder = NominatimGeocoder(base_url=url, min_interval=0)
    nowhere = NominatimGeocoder(base_url="http://127.0.0.1:9", min_interval=0)

    assert await geocoder.geocode("boom") is None
    assert await geocoder.geocode("boom") is None
    assert await nowhere.geocode("Monas") is None
    await geocoder.aclose()
    await nowhere.aclose()

    assert len(nominatim.calls) == 2
