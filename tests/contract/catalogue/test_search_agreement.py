"""Property: SQLite and PostgreSQL search answer exactly what a brute-force filter answers.

Each example draws a small marketplace (listings, photos, calendar entries) and a few queries
over every filter, sort and page; the SQL adapter under test must give the same page, in the
same order, with the same totals, as ``MemoryVehicleSearch`` over the same data. The
service's own reader (``SqlSearchReader``: statements cached per shape, run on the driver) must
answer exactly as the unit of work's search does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
import pytest_asyncio
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.conftest import require_service
from tests.contract.conftest import PostgresSchema

from bigauto.adapters.memory import MemoryUnitOfWorkFactory
from bigauto.adapters.sql import SqlUnitOfWorkFactory, create_engine, upgrade_engine
from bigauto.adapters.sql.catalogue.search_reader import SqlSearchReader
from bigauto.adapters.sql.schema import metadata
from bigauto.domain.catalogue.availability import CalendarEntry
from bigauto.domain.catalogue.search import SearchQuery, SortOrder, distance_km
from bigauto.domain.catalogue.vehicles import (
    Brand,
    CarModel,
    Category,
    City,
    FuelType,
    ListingStatus,
    Photo,
    Transmission,
    Vehicle,
)
from bigauto.domain.identity.accounts import SellerProfile, User
from bigauto.domain.shared.money import Money
from bigauto.domain.shared.periods import DatePeriod
from bigauto.ports.catalogue.repositories import SearchHit
from bigauto.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

pytestmark = pytest.mark.asyncio(loop_scope="module")

NOW = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
BRANDS = [Brand("b1", "Toyota"), Brand("b2", "Honda"), Brand("b3", "Daihatsu")]
MODELS = [
    CarModel("m1", "b1", "Avanza", "MPV"),
    CarModel("m2", "b1", "Kijang Innova", "MPV"),
    CarModel("m3", "b2", "Brio", "hatchback"),
    CarModel("m4", "b2", "HR-V", "SUV"),
    CarModel("m5", "b3", "Xenia", "MPV"),
]
CITIES = [
    City(
        "c1", "Jakarta", "DKI Jakarta", "Asia/Jakarta", Decimal("-6.200000"), Decimal("106.816666")
    ),
    City(
        "c2", "Bandung", "Jawa Barat", "Asia/Jakarta", Decimal("-6.917464"), Decimal("107.619125")
    ),
    City("c3", "Denpasar", "Bali", "Asia/Makassar", Decimal("-8.650000"), Decimal("115.216667")),
]
SELLERS = [
    User("s1", "s1@example.com", "Budi", "x", NOW, seller=SellerProfile("Budi Rental", "c1")),
    User("s2", "s2@example.com", "Sari", "x", NOW, seller=SellerProfile("Sari Motor", "c2")),
]
WORDS = ["murah", "keluarga", "bersih", "Sewa", "dijual", "avanza", "matic", "ÉLITE"]
DAY0 = date(2026, 4, 10)


@st.composite
def listings(draw: st.DrawFn, n: int) -> Vehicle:
    model = draw(st.sampled_from(MODELS))
    category = draw(st.sampled_from(Category))
    amount = draw(st.sampled_from([250_000, 400_000, 400_000, 90_000_000, 150_000_000]))
    city = draw(st.sampled_from(CITIES))
    located = draw(st.booleans())
    jitter = Decimal(draw(st.integers(-5000, 5000))) / Decimal(100_000)
    return Vehicle(
        id=f"00000000-0000-7000-8000-{n:012d}",
        seller_id=draw(st.sampled_from(SELLERS)).id,
        category=category,
        brand_id=model.brand_id,
        model_id=model.id,
        year=draw(st.integers(2016, 2026)),
        city_id=city.id,
        transmission=draw(st.sampled_from(Transmission)),
        fuel_type=draw(st.sampled_from(FuelType)),
        seats=draw(st.integers(2, 8)),
        title=" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))),
        created_at=NOW - timedelta(days=draw(st.integers(0, 3))),
        status=draw(st.sampled_from([ListingStatus.ACTIVE] * 4 + list(ListingStatus))),
        price=Money(amount) if category is Category.SALE else None,
        daily_rate=Money(amount) if category is Category.RENTAL else None,
        latitude=city.latitude + jitter if located else None,
        longitude=city.longitude - jitter if located else None,
        rating=draw(st.sampled_from([Decimal(0), Decimal("4.50"), Decimal("3.25")])),
        review_count=draw(st.integers(0, 3)),
        deleted_at=NOW if draw(st.integers(0, 9)) == 0 else None,
    )


@st.composite
def marketplaces(
    draw: st.DrawFn,
) -> tuple[list[Vehicle], list[Photo], list[tuple[str, CalendarEntry]]]:
    count = draw(st.integers(0, 12))
    vehicles = [draw(listings(n)) for n in range(1, count + 1)]
    photos: list[Photo] = []
    entries: list[tuple[str, CalendarEntry]] = []
    for vehicle in vehicles:
        for i in range(draw(st.integers(0, 2))):
            photos.append(
                Photo(
                    f"photo-{vehicle.id[-3:]}-{i}",
                    vehicle.id,
                    f"k{i}",
                    f"/media/{vehicle.id}/{i}.jpg",
                    f"/media/{vehicle.id}/{i}_t.jpg",
                    "image/jpeg",
                    10,
                    i,
                    i == draw(st.integers(0, 1)),
                    NOW,
                )
            )
        rented: list[DatePeriod] = []
        for i in range(draw(st.integers(0, 2))):
            start = DAY0 + timedelta(days=draw(st.integers(0, 10)))
            period = DatePeriod(start, start + timedelta(days=draw(st.integers(1, 4))))
            kind = draw(st.sampled_from(["booking", "block", "hold"]))
            # PostgreSQL refuses overlapping bookings and holds (as the booking service does):
            # an overlapping one becomes a block, which may overlap anything.
            if kind != "block" and any(period.overlaps(other) for other in rented):
                kind = "block"
            elif kind != "block":
                rented.append(period)
            ref = f"{vehicle.id}-{i}"
            if kind == "hold":
                expires = NOW + timedelta(minutes=draw(st.sampled_from([-5, 30])))
                entries.append((vehicle.id, CalendarEntry.hold(ref, period, expires_at=expires)))
            elif kind == "block":
                entries.append((vehicle.id, CalendarEntry.block(ref, period)))
            else:
                entries.append((vehicle.id, CalendarEntry.booking(ref, period)))
    return vehicles, photos, entries


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def queries(draw: st.DrawFn) -> SearchQuery:
    geo = draw(st.booleans())
    dates = draw(st.booleans())
    start = DAY0 + timedelta(days=draw(st.integers(0, 12)))
    low_year, low_price = (
        draw(maybe(st.integers(2016, 2026))),
        draw(maybe(st.sampled_from([0, 300_000, 100_000_000]))),
    )
    sorts = list(SortOrder) if geo else [s for s in SortOrder if s is not SortOrder.DISTANCE]
    return SearchQuery(
        text=draw(
            maybe(
                st.sampled_from(
                    ["avanza", "TOYOTA murah", "innova", "élite", "a", "xyz", "hr-v", "%"]
                )
            )
        ),
        category=draw(maybe(st.sampled_from(Category))),
        brand_id=draw(maybe(st.sampled_from([b.id for b in BRANDS]))),
        model_id=draw(maybe(st.sampled_from([m.id for m in MODELS]))),
        city_id=draw(maybe(st.sampled_from([c.id for c in CITIES]))),
        min_year=low_year,
        max_year=draw(maybe(st.integers(low_year or 2016, 2026))),
        min_price=low_price,
        max_price=draw(
            maybe(st.sampled_from([400_000, 150_000_000]).filter(lambda p: p >= (low_price or 0)))
        ),
        transmission=draw(maybe(st.sampled_from(Transmission))),
        fuel_type=draw(maybe(st.sampled_from(FuelType))),
        seats=draw(maybe(st.integers(2, 8))),
        latitude=Decimal("-6.5") if geo else None,
        longitude=Decimal("107.0") if geo else None,
        radius_km=draw(maybe(st.sampled_from([Decimal(50), Decimal(120), Decimal(900)])))
        if geo
        else None,
        available_from=start if dates else None,
        available_to=start + timedelta(days=draw(st.integers(1, 5))) if dates else None,
        sort=draw(st.sampled_from(sorts)),
        page=draw(st.integers(1, 3)),
        limit=draw(st.sampled_from([1, 3, 100])),
    )


async def load(uow: UnitOfWork, market: Any) -> None:
    vehicles, photos, entries = market
    for brand in BRANDS:
        await uow.catalogue.add_brand(brand)
    for model in MODELS:
        await uow.catalogue.add_model(model)
    for city in CITIES:
        await uow.catalogue.add_city(city)
    for seller in SELLERS:
        await uow.users.add(seller)
    for vehicle in vehicles:
        await uow.vehicles.add(vehicle)
    for photo in photos:
        await uow.photos.add(photo)
    for vehicle_id, entry in entries:
        await uow.calendar.add(vehicle_id, entry, created_at=NOW)
    await uow.commit()


def without_distance(hits: list[SearchHit]) -> list[SearchHit]:
    return [attrs.evolve(h, distance_km=None) for h in hits]


def near_radius(market: Any, query: SearchQuery) -> bool:
    """Whether a listing sits within a millimetre of the radius (floating point decides)."""
    if query.radius_km is None:
        return False
    cities = {c.id: c for c in CITIES}
    for v in market[0]:
        lat = v.latitude if v.latitude is not None else cities[v.city_id].latitude
        lng = v.longitude if v.longitude is not None else cities[v.city_id].longitude
        d = distance_km(
            float(query.latitude or 0), float(query.longitude or 0), float(lat), float(lng)
        )
        if abs(d - float(query.radius_km)) < 1e-6:
            return True
    return False


class SqlBackend:
    """A migrated database the property empties before each example."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.factory = SqlUnitOfWorkFactory(engine)
        self.reader = SqlSearchReader(engine)

    async def reset(self) -> None:
        async with self.engine.begin() as connection:
            for table in reversed(metadata.sorted_tables):
                await connection.execute(table.delete())


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sqlite_backend(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[SqlBackend]:
    path: Path = tmp_path_factory.mktemp("agreement") / "search.db"
    engine = create_engine(f"sqlite:///{path}")
    await upgrade_engine(engine)
    backend = SqlBackend(engine)
    yield backend
    await backend.reader.aclose()
    await engine.dispose()


async def check_agreement(
    backend: SqlBackend, market: Any, checks: list[SearchQuery], fuzzy: bool
) -> None:
    await backend.reset()
    oracle: UnitOfWorkFactory = MemoryUnitOfWorkFactory()
    for factory in (oracle, backend.factory):
        async with factory() as uow:
            await load(uow, market)
    for query in checks:
        assume(not near_radius(market, query))
        async with oracle() as uow:
            expected = await uow.search.search(query, now=NOW)
        async with backend.factory() as uow:
            actual = await uow.search.search(query, now=NOW)
        assert await backend.reader.search(query, now=NOW) == actual, query
        if fuzzy and query.terms and expected.total_items == 0:
            # PostgreSQL then retries by trigram similarity: whatever it finds must still pass
            # every other filter.
            async with oracle() as uow:
                loose = await uow.search.search(
                    attrs.evolve(query, text=None, page=1, limit=100), now=NOW
                )
            assert {h.id for h in actual.items} <= {h.id for h in loose.items}
            continue
        assert actual.total_items == expected.total_items, query
        if query.sort is SortOrder.DISTANCE:
            # Equal distances computed by two libms may differ in the last bit, so listings at
            # the same distance may swap: compare the page's distances, not its ids.
            async with oracle() as uow:
                every = await uow.search.search(attrs.evolve(query, page=1, limit=100), now=NOW)
            distance = {h.id: h.distance_km or 0.0 for h in every.items}
            wanted = [h.distance_km or 0.0 for h in expected.items]
            assert all(h.id in distance for h in actual.items), query
            assert [distance[h.id] for h in actual.items] == pytest.approx(wanted, abs=1e-9)
            continue
        assert without_distance(list(actual.items)) == without_distance(list(expected.items)), query
        for a, e in zip(actual.items, expected.items, strict=True):
            if e.distance_km is not None:
                assert a.distance_km == pytest.approx(e.distance_km, abs=1e-6)


# Each example loads two databases; a third of the ci profile's examples searches deep enough.
AGREEMENT = settings(
    max_examples=min(settings.default.max_examples, 100),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@AGREEMENT
@given(market=marketplaces(), checks=st.lists(queries(), min_size=1, max_size=4))
async def test_sqlite_search_agrees_with_brute_force(
    sqlite_backend: SqlBackend, market: Any, checks: list[SearchQuery]
) -> None:
    """SQLite answers every query exactly as the brute-force oracle does."""
    await check_agreement(sqlite_backend, market, checks, fuzzy=False)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def postgres_backend(postgres_schema: PostgresSchema) -> AsyncIterator[SqlBackend]:
    require_service("postgres")
    backend = SqlBackend(await postgres_schema.open())
    yield backend
    await backend.reader.aclose()


@AGREEMENT
@given(market=marketplaces(), checks=st.lists(queries(), min_size=1, max_size=4))
async def test_postgres_search_agrees_with_brute_force(
    postgres_backend: SqlBackend, market: Any, checks: list[SearchQuery]
) -> None:
    """PostgreSQL answers as the oracle does; its typo-tolerant retry stays within the filters."""
    await check_agreement(postgres_backend, market, checks, fuzzy=True)
