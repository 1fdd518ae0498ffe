"""No double booking on PostgreSQL: the exclusion constraints, and 200 concurrent requests
through the HTTP app.

Each test gets a fresh database, migrated; the app runs on it (not SQLite) with rate limits
scaled out of the way, driven in this event loop by ``httpx`` over ASGI. Requests are fired
together with ``asyncio.gather``; the app's connection pool and the database decide the
interleaving.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from dependency_injector import providers
from litestar import Litestar
from sqlalchemy import text
from sqlalchemy.engine import make_url
from tests.conftest import POSTGRES_URL, require_service
from tests.http.catalogue_support import rental_body, seed_master
from tests.http.conftest import auth_headers

from bigauto.adapters.memory import FixedClock
from bigauto.adapters.sql import create_engine
from bigauto.adapters.sql.migrate import upgrade
from bigauto.config import Settings
from bigauto.container import aclose, build_container
from bigauto.domain.catalogue.availability import CalendarEntry
from bigauto.domain.catalogue.errors import VehicleUnavailable
from bigauto.domain.identity.accounts import SellerProfile, User
from bigauto.domain.shared.periods import DatePeriod
from bigauto.entrypoints.http import create_app

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 3, 1, 2, tzinfo=UTC)
FIRST = date(2026, 3, 10)


@pytest.fixture
async def database_url() -> AsyncIterator[str]:
    require_service("postgres")
    name = f"bigauto_bookings_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
        await asyncio.to_thread(upgrade, url)
        yield url
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


@pytest.fixture
async def app(database_url: str, tmp_path: Path) -> AsyncIterator[Litestar]:
    settings = Settings.from_env(
        {
            "DATABASE_URL": database_url,
            "BIGAUTO_VAR_DIR": str(tmp_path),
            "RATE_LIMIT_SCALE": "1000",
            "BIGAUTO_OUTBOX_INTERVAL": "0",
            "BIGAUTO_TURNAROUND_DAYS": "1",
        }
    )
    container = build_container(settings)
    container.clock.override(providers.Object(FixedClock(NOW)))
    yield create_app(settings, container=container)
    await aclose(container)


def http(app: Litestar) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def people(app: Litestar, customers: int) -> tuple[dict[str, str], list[dict[str, str]]]:
    container = app.state.container
    await seed_master(app)
    async with container.uow_factory()() as uow:
        city = (await uow.catalogue.cities())[0]
        users = [
            User(
                id=container.ids().new_id(),
                email=f"p{n}@example.com",
                name=f"Person {n}",
                password_hash="x",
                created_at=NOW,
                email_verified=True,
                seller=SellerProfile("Rental", city.id) if n == 0 else None,
            )
            for n in range(customers + 1)
        ]
        for user in users:
            await uow.users.add(user)
        await uow.commit()
    headers = [auth_headers(container, user) for user in users]
    return headers[0], headers[1:]


async def active_periods(app: Litestar, vehicle_id: str) -> list[DatePeriod]:
    """The stored active rentals' periods, from the bookings table (not the calendar)."""
    async with app.state.container.uow_factory()() as uow:
        found = await uow.rentals.of_vehicle(vehicle_id)
    live = ("pending_payment", "paid", "akan_datang", "berjalan")
    return sorted(b.period for b in found if b.status.value in live)


def never_overlap(periods: list[DatePeriod], turnaround: int) -> bool:
    padded = [p.extended(days_after=turnaround) for p in sorted(periods)]
    return all(not a.overlaps(b) for a, b in itertools.pairwise(padded))


async def fire(
    client: httpx.AsyncClient, bodies: list[tuple[dict[str, str], dict[str, Any]]]
) -> list[int]:
    responses = await asyncio.gather(
        *(client.post("/api/rentals", json=body, headers=headers) for headers, body in bodies)
    )
    for response in responses:
        assert response.status_code in (201, 409), response.text
        if response.status_code == 409:
            assert response.json()["error"]["code"] == "VEHICLE_UNAVAILABLE"
    return [r.status_code for r in responses]


async def test_two_hundred_requests_for_one_period_book_it_once(app: Litestar) -> None:
    """200 concurrent requests for overlapping periods: exactly one 201, 199 × 409."""
    async with http(app) as client:
        seller, customers = await people(app, 20)
        vehicle = (await client.post("/api/vehicles", json=rental_body(), headers=seller)).json()
        rng = random.Random(5)
        bodies = []
        for n in range(200):
            # Every period contains 12 March, so each overlaps every other one.
            start = FIRST + timedelta(days=rng.randint(0, 2))
            end = FIRST + timedelta(days=rng.randint(3, 6))
            body = {
                "vehicle_id": vehicle["id"],
                "start_date": start.isoformat(),
                "end_date": end.isoformat(),
            }
            bodies.append((customers[n % len(customers)], body))

        statuses = await fire(client, bodies)

        assert statuses.count(201) == 1
        assert statuses.count(409) == 199
        assert len(await active_periods(app, vehicle["id"])) == 1


async def test_concurrent_disjoint_periods_all_book_and_the_rest_are_refused(
    app: Litestar,
) -> None:
    """50 disjoint periods asked 4 times each, all at once: each is booked exactly once."""
    async with http(app) as client:
        seller, customers = await people(app, 20)
        vehicle = (await client.post("/api/vehicles", json=rental_body(), headers=seller)).json()
        # 2-day periods 3 days apart: with a 1-day turnaround, neighbours never clash.
        periods = [
            DatePeriod(FIRST + timedelta(days=3 * k), FIRST + timedelta(days=3 * k + 2))
            for k in range(50)
        ]
        bodies = [
            (
                customers[(k * 4 + copy) % len(customers)],
                {
                    "vehicle_id": vehicle["id"],
                    "start_date": period.start.isoformat(),
                    "end_date": period.end.isoformat(),
                },
            )
            for k, period in enumerate(periods)
            for copy in range(4)
        ]
        random.Random(7).shuffle(bodies)

        statuses = await fire(client, bodies)

        booked = await active_periods(app, vehicle["id"])
        assert statuses.count(201) == 50 and statuses.count(409) == 150
        assert booked == periods
        assert never_overlap(booked, turnaround=1)


async def test_the_database_itself_refuses_overlapping_holds(app: Litestar) -> None:
    """Writing a second overlapping hold straight to the calendar table fails; a block does not."""
    async with http(app) as client:
        seller, _ = await people(app, 1)
        vehicle = (await client.post("/api/vehicles", json=rental_body(), headers=seller)).json()
    factory = app.state.container.uow_factory()
    expires = NOW + timedelta(minutes=30)
    async with factory() as uow:
        await uow.calendar.add(
            vehicle["id"],
            CalendarEntry.hold(
                "h1", DatePeriod(FIRST, FIRST + timedelta(days=3)), expires_at=expires
            ),
            created_at=NOW,
            turnaround_days=1,
        )
        # The turnaround day after h1 is taken too.
        with pytest.raises(VehicleUnavailable):
            await uow.calendar.add(
                vehicle["id"],
                CalendarEntry.booking(
                    "b1", DatePeriod(FIRST + timedelta(days=3), FIRST + timedelta(days=5))
                ),
                created_at=NOW,
                turnaround_days=1,
            )
        await uow.calendar.add(
            vehicle["id"],
            CalendarEntry.block("k1", DatePeriod(FIRST, FIRST + timedelta(days=1))),
            created_at=NOW,
        )
        await uow.calendar.remove("h1", at=NOW)
        await uow.calendar.add(
            vehicle["id"],
            CalendarEntry.booking(
                "b2", DatePeriod(FIRST + timedelta(days=1), FIRST + timedelta(days=2))
            ),
            created_at=NOW,
        )
        await uow.commit()
