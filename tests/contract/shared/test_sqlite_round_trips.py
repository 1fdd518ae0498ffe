"""Property: whatever vehicle or event the domain can build comes back equal from SQLite."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
import pytest_asyncio
from hypothesis import given
from hypothesis import strategies as st
from tests.contract.samples import BRAND, CITY, MODEL, SELLER, seed

from bigauto.adapters.sql import SqlUnitOfWorkFactory, create_engine, upgrade_engine
from bigauto.domain.catalogue.vehicles import (
    Category,
    FuelType,
    ListingStatus,
    Transmission,
    Vehicle,
)
from bigauto.domain.shared.events import DomainEvent
from bigauto.domain.shared.money import MAX_AMOUNT, Money

pytestmark = pytest.mark.asyncio(loop_scope="module")

# Text a database can hold: no NUL (PostgreSQL refuses it) and no lone surrogates.
text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40)
zones = st.sampled_from([UTC, timezone(timedelta(hours=7)), timezone(timedelta(hours=9))])
instants = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1), timezones=zones
)


def coordinates(limit: int) -> st.SearchStrategy[Decimal | None]:
    """Up to six decimal places: the precision of the coordinate columns."""
    return st.none() | st.decimals(
        min_value=-limit, max_value=limit, places=6, allow_nan=False, allow_infinity=False
    )


@st.composite
def vehicles(draw: st.DrawFn) -> Vehicle:
    currency = draw(st.sampled_from(["IDR", "USD", "SGD"]))
    money = st.none() | st.integers(0, MAX_AMOUNT).map(lambda n: Money(n, currency))
    return Vehicle(
        id=str(uuid.uuid4()),
        seller_id=SELLER.id,
        category=draw(st.sampled_from(Category)),
        brand_id=BRAND.id,
        model_id=MODEL.id,
        year=draw(st.integers(1900, 2100)),
        city_id=CITY.id,
        transmission=draw(st.sampled_from(Transmission)),
        fuel_type=draw(st.sampled_from(FuelType)),
        seats=draw(st.integers(1, 60)),
        title=draw(text),
        created_at=draw(instants),
        status=draw(st.sampled_from(ListingStatus)),
        description=draw(st.text(max_size=300).filter(lambda s: "\x00" not in s)),
        price=draw(money),
        daily_rate=draw(money),
        weekly_rate=draw(money),
        monthly_rate=draw(money),
        deposit=draw(money),
        mileage=draw(st.none() | st.integers(0, 10**9)),
        plate_region=draw(st.none() | text.map(lambda s: s[:16])),
        condition=draw(st.none() | text),
        latitude=draw(coordinates(90)),
        longitude=draw(coordinates(180)),
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(text, children, max_size=3),
    max_leaves=8,
)


@st.composite
def events(draw: st.DrawFn) -> DomainEvent:
    return DomainEvent(
        name=draw(st.from_regex(r"[a-z]{1,12}(\.[a-z_]{1,12}){0,2}", fullmatch=True)),
        event_id=str(uuid.uuid4()),
        occurred_at=draw(instants),
        aggregate_type=draw(st.sampled_from(["vehicle", "rental", "sale", "user"])),
        aggregate_id=str(uuid.uuid4()),
        payload=draw(st.dictionaries(text, json_values, max_size=5)),
    )


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sqlite(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[SqlUnitOfWorkFactory]:
    path: Path = tmp_path_factory.mktemp("round-trips") / "db.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    await upgrade_engine(engine)
    factory = SqlUnitOfWorkFactory(engine)
    async with factory() as uow:
        await seed(uow)
        await uow.commit()
    yield factory
    await engine.dispose()


@given(vehicle=vehicles(), changed=vehicles())
async def test_any_vehicle_round_trips_through_sqlite(
    sqlite: SqlUnitOfWorkFactory, vehicle: Vehicle, changed: Vehicle
) -> None:
    """A vehicle, added and then updated, reads back equal to what was last written."""
    async with sqlite() as uow:
        await uow.vehicles.add(vehicle)
        await uow.commit()
    async with sqlite() as uow:
        assert await uow.vehicles.get(vehicle.id) == vehicle
        update = attrs.evolve(changed, id=vehicle.id, created_at=vehicle.created_at)
        await uow.vehicles.update(update)
        await uow.commit()
    async with sqlite() as uow:
        assert await uow.vehicles.get(vehicle.id) == update


@given(event=events())
async def test_any_event_round_trips_through_the_sqlite_outbox(
    sqlite: SqlUnitOfWorkFactory, event: DomainEvent
) -> None:
    """An event with any JSON payload comes back equal from the outbox."""
    async with sqlite() as uow:
        await uow.outbox.add(event)
        await uow.commit()
    async with sqlite() as uow:
        [record] = [r for r in await uow.outbox.pending(limit=10_000) if r.event == event]
        await uow.outbox.mark_published([event.event_id], event.occurred_at)
        await uow.commit()
    assert record.attempts == 0
