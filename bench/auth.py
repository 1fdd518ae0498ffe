"""What authentication and rate limiting cost per request, in microseconds.

Run: ``python bench/auth.py [seconds]``. Prints the figures and writes bench/results/auth.json.

* ``verify``: checking an access token's signature and claims (PyJWT, HS256);
* ``verify_and_blacklist``: that plus the revocation check, as every authenticated request
  does it: on the memory unit of work, on SQLite (the embedded default) and, when a Redis
  answers on 127.0.0.1:6379, through the Redis cache (one ``MGET``);
* ``rate_limit``: one check of a tier rule and a category rule together, in memory and on
  Redis (one ``EVALSHA``).

Reports figures only; it never passes or fails on time.
"""

from __future__ import annotations

import asyncio
import json
import platform
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bigauto.adapters.memory import MemoryUnitOfWorkFactory, SystemClock, UuidV7Generator  # noqa: E402
from bigauto.adapters.memory.ratelimit import MemoryRateLimiter  # noqa: E402
from bigauto.adapters.security.blacklist import DatabaseTokenBlacklist  # noqa: E402
from bigauto.adapters.security.tokens import JwtTokenService  # noqa: E402
from bigauto.adapters.sql import SqlUnitOfWorkFactory, create_engine, upgrade_engine  # noqa: E402
from bigauto.domain.shared.ratelimit import RateRule  # noqa: E402
from bigauto.ports.identity.security import RateCheck  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/15"
TIER = RateRule(10**9, 3600, 10**9)
CATEGORY = RateRule(10**9, 3600, 10**9)


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


async def per_call(call: Callable[[], Awaitable[Any]], seconds: float) -> dict[str, float]:
    """Median and best microseconds per call over rounds of 200 calls."""
    for _ in range(50):
        await call()
    rounds: list[float] = []
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        t0 = time.perf_counter()
        for _ in range(200):
            await call()
        rounds.append((time.perf_counter() - t0) / 200 * 1e6)
    return {
        "median_us": statistics.median(rounds),
        "best_us": min(rounds),
        "calls": 200 * len(rounds),
    }


async def main(seconds: float) -> dict[str, Any]:
    clock = SystemClock()
    tokens = JwtTokenService(
        secret="a-benchmark-secret-of-sufficient-length",
        ids=UuidV7Generator(),
        issuer="bigauto",
        audience="bigauto-api",
        access_ttl=900,
        refresh_ttl=3600,
    )
    now = int(clock.now().timestamp())
    token = tokens.issue(user_id="u-1", token_type="access", now=now, family_id="f-1").token

    def verify() -> Any:
        return tokens.verify(token, token_type="access", now=int(clock.now().timestamp()))

    async def verify_only() -> None:
        verify()

    def with_blacklist(blacklist: Any) -> Callable[[], Awaitable[Any]]:
        async def call() -> None:
            claims = verify()
            await blacklist.is_revoked(claims.token_id, claims.family_id)

        return call

    figures: dict[str, Any] = {"verify": await per_call(verify_only, seconds)}
    blacklists: dict[str, Any] = {}
    memory = DatabaseTokenBlacklist(MemoryUnitOfWorkFactory(), clock)
    blacklists["memory"] = await per_call(with_blacklist(memory), seconds)
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{tmp}/bench.db")
        await upgrade_engine(engine)
        sqlite = DatabaseTokenBlacklist(SqlUnitOfWorkFactory(engine), clock)
        blacklists["sqlite"] = await per_call(with_blacklist(sqlite), seconds)
        limits: dict[str, Any] = {}
        limiter = MemoryRateLimiter(clock)
        checks = [RateCheck("tier:user:u-1", TIER), RateCheck("booking:user:u-1", CATEGORY)]
        limits["memory"] = await per_call(lambda: limiter.check(checks), seconds)
        if redis_answers():
            import redis.asyncio as redis

            from bigauto.adapters.redis import RedisRateLimiter, RedisTokenBlacklist

            server = redis.from_url(REDIS_URL)
            cached = RedisTokenBlacklist(
                server, SqlUnitOfWorkFactory(engine), clock, prefix="bench:bl:"
            )
            await cached.warm()
            blacklists["redis"] = await per_call(with_blacklist(cached), seconds)
            on_redis = RedisRateLimiter(server, clock, prefix="bench:rl:")
            limits["redis"] = await per_call(lambda: on_redis.check(checks), seconds)
            async for key in server.scan_iter(match="bench:*"):
                await server.delete(key)
            await server.aclose()
        await engine.dispose()
    figures["verify_and_blacklist"] = blacklists
    figures["rate_limit"] = limits
    return figures


def run() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    figures = asyncio.run(main(seconds))
    print(f"{'token verify (HS256)':40} {figures['verify']['median_us']:8.1f} µs")
    for backend, f in figures["verify_and_blacklist"].items():
        print(f"{'verify + blacklist, ' + backend:40} {f['median_us']:8.1f} µs")
    for backend, f in figures["rate_limit"].items():
        print(f"{'rate limit (tier + category), ' + backend:40} {f['median_us']:8.1f} µs")
    result = {
        **figures,
        "seconds_per_case": seconds,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    out = ROOT / "bench" / "results" / "auth.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    run()
