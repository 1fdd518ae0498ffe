"""Catalogue search over HTTP on 100,000 vehicles in PostgreSQL, and the asyncpg floor.

1. Makes the database ``bigauto_bench`` on the local server if missing, migrates it, and (when it
   does not already hold them) loads ``--vehicles`` listings with COPY: the demo brands, models
   and cities, sellers, photos for most listings, and bookings or blocks on many rentals.
2. Starts the service (uvicorn, ``--workers`` processes) on a free port, warms it up, then fires
   ``--requests`` mixed, realistic searches at ``--concurrency`` and times each one end to end.
3. Runs exactly the SQL the service ran for those searches (page, then count when the page
   cannot tell the total) straight through an asyncpg pool at the same concurrency, with the
   connection settings of the service's search pool (custom plans, no reset query): the floor.

Prints p50/p95/p99 and requests per second for both and writes bench/results/search.json. It
reports; it never passes or fails on time. The client, the service and PostgreSQL share the
machine, so on a small one they compete for the same cores.

    PYTHONPATH=src python bench/search.py [--vehicles 100000] [--requests 4000] [--reload]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from uuid_utils import compat

from bigauto.adapters.sql.catalogue.search import CountCache, count_key, total_from_page
from bigauto.adapters.sql.catalogue.search_sql import search_sql, search_values, shape_of
from bigauto.adapters.sql.engine import create_engine
from bigauto.adapters.sql.migrate import upgrade
from bigauto.domain.catalogue.search import SearchQuery, SortOrder, normalise_text
from bigauto.domain.catalogue.vehicles import Category, FuelType, Transmission
from bigauto.services.catalogue import demo_data

HERE = Path(__file__).resolve().parent
SERVER = os.environ.get("BIGAUTO_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
DATABASE = "bigauto_bench"
SEED = 20260401
NOW = datetime.now(UTC)


def _id() -> str:
    return str(compat.uuid7())


async def ensure_database() -> str:
    admin = await asyncpg.connect(f"{SERVER}/postgres")
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", DATABASE):
            await admin.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        await admin.close()
    url = f"{SERVER}/{DATABASE}"
    await asyncio.to_thread(upgrade, url)
    return url


async def load(url: str, vehicles: int, reload: bool) -> dict[str, Any]:
    """Fill the database unless it already holds ``vehicles`` listings; answer master data."""
    conn = await asyncpg.connect(url)
    try:
        have = await conn.fetchval("SELECT count(*) FROM vehicles")
        if have != vehicles or reload:
            started = time.perf_counter()
            await conn.execute(
                "TRUNCATE vehicle_calendar, favorites, vehicle_photos, vehicles, users, "
                "car_models, brands, cities CASCADE"
            )
            await _fill(conn, vehicles, random.Random(SEED))
            # What autovacuum would soon do on a live database: statistics and a visibility map.
            await conn.execute("VACUUM ANALYZE")
            print(f"loaded {vehicles} vehicles in {time.perf_counter() - started:.1f} s")
        brands = await conn.fetch("SELECT id, name FROM brands")
        models = await conn.fetch("SELECT id, brand_id, name FROM car_models")
        cities = await conn.fetch("SELECT id, latitude, longitude FROM cities")
    finally:
        await conn.close()
    return {"brands": brands, "models": models, "cities": cities}


async def _fill(conn: asyncpg.Connection, count: int, rng: random.Random) -> None:
    brands, models, cities = [], [], []
    for name, brand_models in demo_data.BRANDS:
        brand_id = _id()
        brands.append((brand_id, name))
        models += [(_id(), brand_id, m, body) for m, body in brand_models]
    for name, province, tz, lat, lng in demo_data.CITIES:
        cities.append((_id(), name, province, tz, Decimal(lat), Decimal(lng)))
    sellers = [
        (
            _id(),
            f"seller{n}@bench.example",
            f"Seller {n}",
            "x",
            False,
            False,
            f"Toko {n}",
            rng.choice(cities)[0],
            "id",
            NOW,
            NOW,
        )
        for n in range(300)
    ]
    await conn.copy_records_to_table("brands", records=brands, columns=["id", "name"])
    await conn.copy_records_to_table(
        "car_models", records=models, columns=["id", "brand_id", "name", "body_type"]
    )
    await conn.copy_records_to_table(
        "cities",
        records=cities,
        columns=["id", "name", "province", "timezone", "latitude", "longitude"],
    )
    await conn.copy_records_to_table(
        "users",
        records=sellers,
        columns=[
            "id",
            "email",
            "name",
            "password_hash",
            "email_verified",
            "is_admin",
            "business_name",
            "seller_city_id",
            "locale",
            "created_at",
            "updated_at",
        ],
    )
    brand_name = dict(brands)
    statuses = ["active"] * 92 + ["paused"] * 3 + ["draft"] * 2 + ["sold"] * 2 + ["archived"]
    rows, photos, calendar = [], [], []
    for _ in range(count):
        model_id, brand_id, model_name, body = rng.choice(models)
        city = rng.choice(cities)
        rental = rng.random() < 0.55
        year = rng.randint(2010, 2026)
        amount = (
            rng.randrange(200_000, 2_000_001, 25_000)
            if rental
            else rng.randrange(60_000_000, 1_500_000_001, 500_000)
        )
        title = f"{'Sewa' if rental else 'Dijual'} {brand_name[brand_id]} {model_name} {year}"
        status = rng.choice(statuses)
        jitter = Decimal(rng.randint(-4000, 4000)) / Decimal(100_000)
        rating = Decimal(rng.randint(300, 500)) / 100 if rng.random() < 0.4 else Decimal(0)
        vehicle_id = _id()
        created = NOW - timedelta(minutes=rng.randrange(525_600))
        rows.append(
            (
                vehicle_id,
                rng.choice(sellers)[0],
                "rental" if rental else "sale",
                brand_id,
                model_id,
                year,
                city[0],
                rng.choice(["automatic", "manual"]),
                rng.choices(["bensin", "diesel", "hybrid", "electric"], [70, 20, 7, 3])[0],
                {"pickup": 2, "van": 12, "coupe": 4, "sedan": 5, "hatchback": 5}.get(body, 7),
                title,
                "",
                status,
                "IDR",
                None if rental else amount,
                amount if rental else None,
                amount * 6 if rental else None,
                None,
                1_000_000 if rental else None,
                None if rental else rng.randrange(5_000, 200_000, 1_000),
                None,
                None,
                city[4] + jitter,
                city[5] - jitter,
                created,
                created,
                created if status == "archived" else None,
                "[]",
                "[]",
                rating,
                rng.randint(1, 40) if rating else 0,
                amount,
                normalise_text(f"{brand_name[brand_id]} {model_name} {title}"),
                float(city[4] + jitter),
                float(city[5] - jitter),
            )
        )
        for position in range(rng.choice([0, 1, 2, 3])):
            key = f"vehicles/{vehicle_id}/{position}.jpg"
            photos.append(
                (
                    _id(),
                    vehicle_id,
                    key,
                    f"/media/{key}",
                    f"/media/{key}",
                    "image/jpeg",
                    150_000,
                    position,
                    position == 0,
                    created,
                )
            )
        if rental and rng.random() < 0.4:
            for n in range(rng.randint(1, 3)):
                start = NOW.date() + timedelta(days=rng.randrange(90))
                kind = "booking" if rng.random() < 0.85 else "block"
                calendar.append(
                    (
                        vehicle_id,
                        kind,
                        f"{vehicle_id}-{n}",
                        start,
                        start + timedelta(days=rng.randint(1, 7)),
                        None,
                        "",
                        True,
                        NOW,
                    )
                )
    columns = [
        "id",
        "seller_id",
        "category",
        "brand_id",
        "model_id",
        "year",
        "city_id",
        "transmission",
        "fuel_type",
        "seats",
        "title",
        "description",
        "status",
        "currency",
        "price",
        "daily_rate",
        "weekly_rate",
        "monthly_rate",
        "deposit",
        "mileage",
        "plate_region",
        "condition",
        "latitude",
        "longitude",
        "created_at",
        "updated_at",
        "deleted_at",
        "options",
        "rules",
        "rating",
        "review_count",
        "list_price",
        "search_text",
        "geo_lat",
        "geo_lng",
    ]
    await conn.copy_records_to_table("vehicles", records=rows, columns=columns)
    await conn.copy_records_to_table(
        "vehicle_photos",
        records=photos,
        columns=[
            "id",
            "vehicle_id",
            "storage_key",
            "url",
            "thumbnail",
            "content_type",
            "size_bytes",
            "position",
            "is_cover",
            "created_at",
        ],
    )
    await conn.copy_records_to_table(
        "vehicle_calendar",
        records=calendar,
        columns=[
            "vehicle_id",
            "kind",
            "ref_id",
            "start_date",
            "end_date",
            "expires_at",
            "note",
            "active",
            "created_at",
        ],
    )


def make_queries(
    master: dict[str, Any], n: int, rng: random.Random
) -> list[tuple[str, dict[str, Any]]]:
    """``n`` (kind, params) pairs in the mix buyers send: browsing first, then the rest."""
    models = [m for m in master["models"]]
    words = sorted({w for m in models for w in normalise_text(m["name"]).split() if len(w) > 3})
    out: list[tuple[str, dict[str, Any]]] = []
    for _ in range(n):
        roll = rng.random()
        category = rng.choice(["rental", "sale"])
        city = rng.choice(master["cities"])
        if roll < 0.25:
            params = {
                "category": category,
                "sort": rng.choice(["newest", "price_asc", "price_desc"]),
                "page": rng.randint(1, 5),
            }
            kind = "browse"
        elif roll < 0.45:
            params = {"brand": rng.choice(master["brands"])["id"], "category": category}
            kind = "brand"
        elif roll < 0.60:
            low = 300_000 if category == "rental" else 100_000_000
            params = {
                "city": city["id"],
                "category": category,
                "min_price": low,
                "max_price": low * 4,
                "sort": "price_asc",
            }
            kind = "city_price"
        elif roll < 0.75:
            params = {"search": rng.choice(words)}
            kind = "text"
        elif roll < 0.85:
            params = {
                "lat": str(city["latitude"]),
                "lng": str(city["longitude"]),
                "radius_km": "25",
                "sort": "distance",
                "category": category,
            }
            kind = "geo"
        elif roll < 0.95:
            start = NOW.date() + timedelta(days=rng.randrange(60))
            params = {
                "city": city["id"],
                "available_from": start.isoformat(),
                "available_to": (start + timedelta(days=rng.randint(1, 7))).isoformat(),
            }
            kind = "available"
        else:
            low = rng.randint(2012, 2022)
            params = {
                "min_year": low,
                "max_year": low + 3,
                "transmission": rng.choice(["automatic", "manual"]),
                "fuel_type": rng.choice(["bensin", "diesel"]),
                "seats": 5,
            }
            kind = "year_fuel"
        out.append((kind, params))
    return out


def to_query(params: dict[str, Any]) -> SearchQuery:
    """The SearchQuery the service builds for these parameters (for the floor's SQL)."""

    def opt(name: str, cast: Callable[[Any], Any]) -> Any:
        return cast(params[name]) if name in params else None

    return SearchQuery(
        text=params.get("search"),
        category=opt("category", Category),
        brand_id=params.get("brand"),
        city_id=params.get("city"),
        min_year=params.get("min_year"),
        max_year=params.get("max_year"),
        min_price=params.get("min_price"),
        max_price=params.get("max_price"),
        transmission=opt("transmission", Transmission),
        fuel_type=opt("fuel_type", FuelType),
        seats=params.get("seats"),
        latitude=opt("lat", Decimal),
        longitude=opt("lng", Decimal),
        radius_km=opt("radius_km", Decimal),
        available_from=opt("available_from", date.fromisoformat),
        available_to=opt("available_to", date.fromisoformat),
        sort=SortOrder(params.get("sort", "newest")),
        page=params.get("page", 1),
    )


def summary(latencies: list[float], seconds: float) -> dict[str, float]:
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2)

    return {
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 2),
        "requests_per_second": round(len(ordered) / seconds, 1),
    }


async def run_concurrently(
    work: list[Any], concurrency: int, one: Callable[[Any], Awaitable[None]]
) -> tuple[list[float], float]:
    latencies: list[float] = []
    queue = iter(work)

    async def worker() -> None:
        for item in queue:
            started = time.perf_counter()
            await one(item)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def bench_service(
    url: str, queries: list[tuple[str, dict[str, Any]]], args: argparse.Namespace
) -> dict[str, Any]:
    # One single-worker uvicorn per port, the client spreading requests over them as a load
    # balancer would: every process gets the same share of the 16 keep-alive connections.
    # (`bigauto serve --workers N` now sets TCP_NODELAY and is as fast per request, but the
    # kernel hands its shared socket's connections to whichever process accepts first, so a
    # handful of keep-alive connections may land unevenly.) The rate limits are scaled out of
    # the way, not switched off: the limiter still runs on every request.
    ports = [free_port() for _ in range(args.workers)]
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "BIGAUTO_LOG_LEVEL": "WARNING",
        "RATE_LIMIT_SCALE": "1000",
        "PYTHONPATH": str(HERE.parent / "src"),
    }
    servers = [
        subprocess.Popen(  # noqa: ASYNC220 (started once, before anything is timed)
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "bigauto.entrypoints.http.app:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            env=env,
        )
        for port in ports
    ]
    per_client = max(1, args.concurrency // len(ports))
    limits = httpx.Limits(max_connections=per_client, max_keepalive_connections=per_client)
    clients = [
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=30)
        for port in ports
    ]
    statuses: dict[int, int] = {}
    by_kind: dict[str, list[float]] = {}
    turn = iter(range(10**9))

    async def one(item: tuple[str, dict[str, Any]]) -> None:
        kind, params = item
        client = clients[next(turn) % len(clients)]
        started = time.perf_counter()
        response = await client.get("/api/vehicles", params=params)
        by_kind.setdefault(kind, []).append(time.perf_counter() - started)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    try:
        for client in clients:
            for _ in range(200):
                try:
                    if (await client.get("/health")).status_code == 200:
                        break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
        await run_concurrently(queries[: args.warmup], args.concurrency, one)
        alone, alone_seconds = await run_concurrently(queries[: args.sequential], 1, one)
        statuses.clear()
        by_kind.clear()
        latencies, seconds = await run_concurrently(queries, args.concurrency, one)
    finally:
        for client in clients:
            await client.aclose()
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(10)
    result = summary(latencies, seconds)
    result["one_at_a_time"] = summary(alone, alone_seconds)
    result["statuses"] = {str(k): v for k, v in sorted(statuses.items())}
    result["p95_ms_by_kind"] = {k: summary(v, 1)["p95_ms"] for k, v in sorted(by_kind.items())}
    return result


async def _keep(connection: asyncpg.Connection) -> None:
    """Release a connection as it is (no RESET ALL round trip), as the service's pool does."""


async def bench_floor(
    url: str, queries: list[tuple[str, dict[str, Any]]], args: argparse.Namespace
) -> dict[str, Any]:
    engine = create_engine(url)
    compiled = []
    for _, params in queries:
        query = to_query(params)
        values = search_values(query, NOW)
        sql = search_sql(shape_of(values, query.sort, "postgresql", None))
        page, count = sql.compiled(engine.dialect, values)
        pair = ((page.sql, page.arguments(values)), (count.sql, count.arguments(values)))
        compiled.append((query, pair))
    await engine.dispose()
    # The connection settings the service's search pool uses: custom plans, no reset query.
    pool = await asyncpg.create_pool(
        url,
        min_size=args.concurrency,
        max_size=args.concurrency,
        reset=_keep,
        server_settings={"plan_cache_mode": "force_custom_plan"},
    )
    counts = CountCache()  # as the service keeps large totals, so does the floor

    async def one(item: Any) -> None:
        query, ((page_sql, page_args), (count_sql, count_args)) = item
        async with pool.acquire() as conn:
            rows = await conn.fetch(page_sql, *page_args)
            if total_from_page(len(rows), query.offset, query.limit) is None:
                key = count_key(query, False)
                if counts.get(key) is None:
                    counts.put(key, await conn.fetchval(count_sql, *count_args))

    await run_concurrently(compiled[: args.warmup], args.concurrency, one)
    alone, alone_seconds = await run_concurrently(compiled[: args.sequential], 1, one)
    latencies, seconds = await run_concurrently(compiled, args.concurrency, one)
    await pool.close()
    return {**summary(latencies, seconds), "one_at_a_time": summary(alone, alone_seconds)}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--vehicles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--warmup", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--sequential", type=int, default=300, help="requests timed one by one")
    parser.add_argument("--workers", type=int, default=2, help="service processes")
    parser.add_argument("--reload", action="store_true", help="load the data again")
    args = parser.parse_args()

    url = await ensure_database()
    master = await load(url, args.vehicles, args.reload)
    queries = make_queries(master, args.requests, random.Random(SEED))
    # Whatever else runs on the machine competes for its cores: say how busy it was.
    load_before = os.getloadavg()[0]
    service = await bench_service(url, queries, args)
    floor = await bench_floor(url, queries, args)
    result = {
        "vehicles": args.vehicles,
        "requests": args.requests,
        "concurrency": args.concurrency,
        "service_workers": args.workers,
        "service": service,
        "asyncpg_floor": floor,
        "p95_service_over_floor": round(service["p95_ms"] / floor["p95_ms"], 2),
        "p95_service_over_floor_one_at_a_time": round(
            service["one_at_a_time"]["p95_ms"] / floor["one_at_a_time"]["p95_ms"], 2
        ),
        "mix": {k: sum(1 for kind, _ in queries if kind == k) for k, _ in queries},
        "cpus": os.cpu_count(),
        "load_average_1min": {"before": load_before, "after": os.getloadavg()[0]},
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(json.dumps(result, indent=2))
    out = HERE / "results" / "search.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    asyncio.run(main())
