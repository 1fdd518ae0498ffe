"""Readiness probes: does each configured backend answer right now?"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import attrs
import redis.asyncio as redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

Probe = Callable[[], Awaitable[None]]


@attrs.frozen
class Readiness:
    """Named probes; ``check`` answers which backends failed and why."""

    probes: tuple[tuple[str, Probe], ...]
    timeout: float = 2.0

    async def check(self) -> dict[str, str]:
        async def run(name: str, probe: Probe) -> tuple[str, str]:
            try:
                await asyncio.wait_for(probe(), self.timeout)
            except Exception as exc:  # a probe reports any failure, whatever it is
                return name, f"{type(exc).__name__}: {exc}"[:200] or type(exc).__name__
            return name, "ok"

        results = await asyncio.gather(*(run(n, p) for n, p in self.probes))
        return dict(results)


def database_probe(engine: AsyncEngine) -> Probe:
    async def probe() -> None:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    return probe


def redis_probe(url: str) -> Probe:
    async def probe() -> None:
        client = redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        try:
            await client.ping()
        finally:
            await client.aclose()

    return probe


def redis_client_probe(client: redis.Redis) -> Probe:
    """Ping on the process's shared client (its pool), not a fresh connection."""

    async def probe() -> None:
        await client.ping()

    return probe


def nats_probe(url: str) -> Probe:
    async def probe() -> None:
        import nats

        # max_reconnect_attempts=0 would mean "forever" to the client's first connect.
        client = await nats.connect(
            url, connect_timeout=1, max_reconnect_attempts=1, allow_reconnect=False
        )
        await client.close()

    return probe


__all__ = [
    "Probe",
    "Readiness",
    "database_probe",
    "nats_probe",
    "redis_client_probe",
    "redis_probe",
]
