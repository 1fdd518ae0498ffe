"""The container picks messaging and presence adapters from the settings, lazily."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import pytest

from bigauto.adapters.memory import MemoryEventStream, MemoryLiveChannel, MemoryPresenceStore
from bigauto.adapters.nats import (
    JetStreamEventStream,
    JetStreamPublisher,
    NatsConnection,
    NatsLiveChannel,
)
from bigauto.adapters.redis import RedisPresenceStore
from bigauto.config import Settings
from bigauto.container import aclose, build_container
from bigauto.domain.shared.events import DomainEvent


@pytest.fixture
def event() -> DomainEvent:
    return DomainEvent("rental.paid", "e-1", datetime(2026, 1, 1, tzinfo=UTC), "rental", "r-1")


@pytest.fixture
def embedded() -> Settings:
    return Settings.from_env({"DATABASE_URL": "sqlite+aiosqlite:///:memory:"})


async def test_the_embedded_default_is_in_memory(embedded: Settings):
    """No NATS, no Redis: the publisher is the in-process stream, which feeds the bus."""
    container = build_container(embedded)
    publisher = container.event_publisher()
    assert isinstance(publisher, MemoryEventStream)
    assert publisher is container.event_stream()
    assert isinstance(container.live_channel(), MemoryLiveChannel)
    assert isinstance(container.presence_store(), MemoryPresenceStore)
    assert container.nats_connection() is None
    assert container.redis_client() is None
    await aclose(container)


async def test_the_embedded_publisher_reaches_bus_subscribers_and_the_worker(
    embedded: Settings, event: DomainEvent
):
    """An event the relay publishes is pushed to bus subscribers and kept for consumers."""
    container = build_container(embedded)
    pushed: list[DomainEvent] = []

    async def handler(event: DomainEvent) -> None:
        pushed.append(event)

    await container.event_bus().subscribe(">", handler)
    await container.event_publisher().publish(event)
    consumer = await container.event_stream().consumer("worker")
    assert [d.event for d in await consumer.fetch(wait=0)] == pushed == [event]
    await aclose(container)


async def test_configured_urls_select_nats_and_redis_without_connecting(embedded: Settings):
    """Building the adapters opens no connection; one NATS connection is shared."""
    runtime = attrs.evolve(
        embedded.runtime, nats_url="nats://127.0.0.1:1", redis_url="redis://127.0.0.1:1/0"
    )
    container = build_container(attrs.evolve(embedded, runtime=runtime))
    assert isinstance(container.event_publisher(), JetStreamPublisher)
    assert isinstance(container.event_stream(), JetStreamEventStream)
    assert isinstance(container.live_channel(), NatsLiveChannel)
    assert isinstance(container.presence_store(), RedisPresenceStore)
    connection = container.nats_connection()
    assert isinstance(connection, NatsConnection)
    assert connection is container.nats_connection()
    assert not connection.is_connected
    await aclose(container)
    await aclose(container)  # closing twice is harmless
    assert container.nats_connection() is not connection  # a fresh one after close
