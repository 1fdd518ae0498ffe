"""The container on the real NATS and Redis: one shared connection, readiness through it."""

from __future__ import annotations

import attrs
import pytest
from tests.conftest import NATS_URL, REDIS_URL, require_service

from bigauto.adapters.nats import NatsConnection
from bigauto.config import Settings
from bigauto.container import aclose, build_container


@pytest.fixture
def settings() -> Settings:
    require_service("nats")
    require_service("redis")
    return Settings.from_env(
        {
            "DATABASE_URL": "sqlite+aiosqlite:///:memory:",
            "NATS_URL": NATS_URL,
            "REDIS_URL": REDIS_URL,
        }
    )


async def test_readiness_reports_nats_and_redis_through_the_shared_clients(settings: Settings):
    """/ready's checks name NATS and Redis, and the NATS check uses the process connection."""
    container = build_container(settings)
    try:
        assert await container.readiness().check() == {
            "database": "ok",
            "redis": "ok",
            "nats": "ok",
        }
        connection = container.nats_connection()
        assert isinstance(connection, NatsConnection)
        assert connection.is_connected
        await container.live_channel().publish("chat.readiness-test", b"frame")
        assert (await connection.client()) is (await connection.client())
    finally:
        await aclose(container)
    assert not connection.is_connected


async def test_readiness_names_nats_when_it_does_not_answer(settings: Settings):
    """A NATS URL nobody answers makes the nats check fail, promptly, the others still ok."""
    runtime = attrs.evolve(settings.runtime, nats_url="nats://127.0.0.1:1")
    container = build_container(attrs.evolve(settings, runtime=runtime))
    try:
        checks = await container.readiness().check()
    finally:
        await aclose(container)
    assert checks["database"] == checks["redis"] == "ok"
    assert checks["nats"].startswith("ServiceUnavailable")
