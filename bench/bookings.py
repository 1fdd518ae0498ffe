"""Booking creation throughput and availability-check latency on PostgreSQL.

1. Makes a fresh database ``bigauto_bench_bookings`` on the local server and migrates it.
2. **Creation**: ``--requests`` ``POST /api/rentals`` through the HTTP app (in this process,
   over ASGI: auth, rate limits, JSON and the database, no network) at ``--concurrency``.
   Half of them are contended — the same vehicle and period, so exactly one wins and the rest
   are 409 — and half go to distinct vehicles and periods. Prints requests/s, successful
   bookings/s and p50/p95/p99 latency, split by kind; then 200 more one at a time, for the
   service time without queueing.
3. **Availability**: one vehicle with 1,000 bookings; times the check a booking makes (load the
   calendar entries near the period, then the domain check) and ``GET
   /api/vehicles/{id}/availability`` over a year, p50/p95/p99.

Writes bench/results/bookings.json. It reports; it never passes or fails on time. Client, app
and PostgreSQL share the machine.

    PYTHONPATH=src python bench/bookings.py [--requests 2000] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from dependency_injector import providers
from sqlalchemy.ext.asyncio import AsyncEngine

from bigauto.adapters.memory import FixedClock
from bigauto.adapters.sql.engine import create_engine
from bigauto.adapters.sql.migrate import upgrade
from bigauto.adapters.wiring.resources import Client
from bigauto.config import Settings
from bigauto.container import aclose, build_container
from bigauto.domain.catalogue.availability import CalendarEntry
from bigauto.domain.catalogue.vehicles import (
    Brand,
    CarModel,
    Category,
    City,
    FuelType,
    Transmission,
    Vehicle,
)
from bigauto.domain.identity.accounts import SellerProfile, User
from bigauto.domain.shared.money import Money
from bigauto.domain.shared.periods import DatePeriod
from bigauto.entrypoints.http import create_app

HERE = Path(__file__).resolve().parent
SERVER = os.environ.get("BIGAUTO_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
DATABASE = "bigauto_bench_bookings"
NOW = datetime(2026, 3, 1, 2, tzinfo=UTC)
FIRST = date(2026, 3, 10)
CITY = City("city-1", "Jakarta", "DKI Jakarta", "Asia/Jakarta", 0, 0)  # type: ignore[arg-type]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)

    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99)}


async def fresh_database() -> str:
    admin = await asyncpg.connect(f"{SERVER}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        await admin.close()
    url = f"{SERVER}/{DATABASE}"
    await asyncio.to_thread(upgrade, url)
    return url


def vehicle(n: int, seller_id: str) -> Vehicle:
    return Vehicle(
        id=f"00000000-0000-7000-8000-{n:012d}",
        seller_id=seller_id,
        category=Category.RENTAL,
        brand_id="brand-1",
        model_id="model-1",
        year=2022,
        city_id=CITY.id,
        transmission=Transmission.AUTOMATIC,
        fuel_type=FuelType.BENSIN,
        seats=7,
        title=f"Avanza {n}",
        created_at=NOW,
        daily_rate=Money(300_000),
        weekly_rate=Money(1_800_000),
        deposit=Money(500_000),
    )


def person(n: int, seller: bool = False) -> User:
    return User(
        id=f"00000000-0000-7000-9000-{n:012d}",
        email=f"bench{n}@example.com",
        name=f"Bench {n}",
        password_hash="x",
        created_at=NOW,
        email_verified=True,
        seller=SellerProfile("Bench Rental", CITY.id) if seller else None,
    )


async def seed(container: Any, vehicles: int, customers: int) -> tuple[list[Vehicle], list[User]]:
    seller = person(0, seller=True)
    users = [person(n) for n in range(1, customers + 1)]
    cars = [vehicle(n, seller.id) for n in range(1, vehicles + 1)]
    async with container.uow_factory()() as uow:
        await uow.catalogue.add_city(CITY)
        await uow.catalogue.add_brand(Brand("brand-1", "Toyota"))
        await uow.catalogue.add_model(CarModel("model-1", "brand-1", "Avanza", "MPV"))
        for user in (seller, *users):
            await uow.users.add(user)
        for car in cars:
            await uow.vehicles.add(car)
        await uow.commit()
    return cars, users


def headers_for(container: Any, user: User) -> dict[str, str]:
    issued = container.token_service().issue(
        user_id=user.id, token_type="access", now=int(NOW.timestamp())
    )
    return {"Authorization": f"Bearer {issued.token}"}


async def creation(
    client: httpx.AsyncClient,
    cars: list[Vehicle],
    headers: list[dict[str, str]],
    requests: int,
    concurrency: int,
    first_day: int = 0,
) -> dict[str, Any]:
    first = FIRST + timedelta(days=first_day)
    hot = cars[0]
    cold = cars[1:]
    jobs: list[tuple[str, dict[str, Any], dict[str, str]]] = []
    for n in range(requests):
        if n % 2 == 0:
            body = {
                "vehicle_id": hot.id,
                "start_date": first.isoformat(),
                "end_date": (first + timedelta(days=3)).isoformat(),
            }
            kind = "contended"
        else:
            k = n // 2
            car = cold[k % len(cold)]
            start = first + timedelta(days=4 * (k // len(cold)))
            body = {
                "vehicle_id": car.id,
                "start_date": start.isoformat(),
                "end_date": (start + timedelta(days=2)).isoformat(),
            }
            kind = "free"
        jobs.append((kind, body, headers[n % len(headers)]))
    gate = asyncio.Semaphore(concurrency)
    timings: dict[str, list[float]] = {"contended": [], "free": []}
    statuses: dict[int, int] = {}

    async def one(kind: str, body: dict[str, Any], auth: dict[str, str]) -> None:
        async with gate:
            began = time.perf_counter()
            response = await client.post("/api/rentals", json=body, headers=auth)
            timings[kind].append(time.perf_counter() - began)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    began = time.perf_counter()
    await asyncio.gather(*(one(*job) for job in jobs))
    elapsed = time.perf_counter() - began
    created = statuses.get(201, 0)
    return {
        "requests": requests,
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "requests_per_second": round(requests / elapsed, 1),
        "bookings_per_second": round(created / elapsed, 1),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "all": percentiles(timings["contended"] + timings["free"]),
        "contended": percentiles(timings["contended"]),
        "free": percentiles(timings["free"]),
    }


async def availability(container: Any, client: httpx.AsyncClient, car: Vehicle) -> dict[str, Any]:
    factory = container.uow_factory()
    async with factory() as uow:
        for n in range(1000):
            start = FIRST + timedelta(days=2 * n)
            entry = CalendarEntry.booking(
                f"bench-{n}", DatePeriod(start, start + timedelta(days=1))
            )
            await uow.calendar.add(car.id, entry, created_at=NOW)
        await uow.commit()
    checks: list[float] = []
    for n in range(500):
        wanted = DatePeriod(FIRST + timedelta(days=4 * n + 1), FIRST + timedelta(days=4 * n + 2))
        began = time.perf_counter()
        async with factory() as uow:
            calendar = await uow.calendar.entries(car.id, wanted)
        calendar.is_available(wanted, at=NOW)
        checks.append(time.perf_counter() - began)
    whole: list[float] = []
    for _ in range(100):
        began = time.perf_counter()
        async with factory() as uow:
            calendar = await uow.calendar.entries(car.id)
        calendar.is_available(DatePeriod(FIRST, FIRST + timedelta(days=1)), at=NOW)
        whole.append(time.perf_counter() - began)
    gets: list[float] = []
    for n in range(300):
        start = FIRST + timedelta(days=n)
        began = time.perf_counter()
        response = await client.get(
            f"/api/vehicles/{car.id}/availability",
            params={"from": start.isoformat(), "to": (start + timedelta(days=365)).isoformat()},
        )
        gets.append(time.perf_counter() - began)
        assert response.status_code == 200, response.text
    return {
        "bookings_on_vehicle": 1000,
        "booking_check": percentiles(checks),
        "whole_calendar_check": percentiles(whole),
        "http_availability_365_days": percentiles(gets),
    }


async def main(requests: int, concurrency: int) -> dict[str, Any]:
    url = await fresh_database()
    var = Path(tempfile.mkdtemp(prefix="bench-bookings-"))
    settings = Settings.from_env(
        {
            "DATABASE_URL": url,
            "BIGAUTO_VAR_DIR": str(var),
            "RATE_LIMIT_SCALE": "1000",
            "BIGAUTO_LOG_LEVEL": "WARNING",
            "BIGAUTO_OUTBOX_INTERVAL": "0",
        }
    )
    container = build_container(settings)
    container.clock.override(providers.Object(FixedClock(NOW)))
    container.engine.override(
        Client(create_engine, url, pool_size=concurrency, max_overflow=8, close=AsyncEngine.dispose)
    )
    app = create_app(settings, container=container)
    try:
        cars, users = await seed(
            container, vehicles=max(requests // 8, 2) + 1, customers=concurrency
        )
        logging.getLogger("httpx").setLevel(logging.WARNING)
        headers = [headers_for(container, user) for user in users]
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            await client.get("/health")
            made = await creation(client, cars[:-1], headers, requests, concurrency)
            # One at a time, on fresh dates: the service time itself, without queueing.
            alone = await creation(client, cars[:-1], headers, 200, 1, first_day=400)
            checked = await availability(container, client, cars[-1])
    finally:
        await aclose(container)
    return {
        "creation": made,
        "creation_one_at_a_time": alone,
        "availability": checked,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    figures = asyncio.run(main(args.requests, args.concurrency))
    print(json.dumps(figures, indent=2))
    out = HERE / "results" / "bookings.json"
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"written to {out}")
