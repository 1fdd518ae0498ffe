"""Backends for the messaging and presence contracts: memory and the real servers.

Each NATS test gets a stream and subjects of its own (a uuid in the name), in memory storage,
deleted afterwards; each Redis test a key prefix of its own in database 15, emptied afterwards.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta

import attrs
from tests.conftest import NATS_URL, REDIS_URL, require_service

from bigauto.adapters.memory import (
    MemoryEventStream,
    MemoryLiveChannel,
    MemoryPresenceStore,
)
from bigauto.adapters.nats import (
    JetStreamEventStream,
    JetStreamPublisher,
    NatsConnection,
    NatsLiveChannel,
    StreamSpec,
)
from bigauto.adapters.redis import RedisPresenceStore, create_redis
from bigauto.domain.bookings.events import RentalEvents
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.chat.presence import PresenceStore
from bigauto.ports.shared.messaging import (
    Delivery,
    EventConsumer,
    EventPublisher,
    EventStream,
    LiveChannel,
)

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def an_event(n: int, name: str = RentalEvents.PAID, **payload: object) -> DomainEvent:
    return DomainEvent(
        name=name,
        event_id=f"{uuid.uuid4()}",
        occurred_at=T0 + timedelta(seconds=n),
        aggregate_type=name.split(".")[0],
        aggregate_id=f"agg-{n}",
        payload={"n": n, **payload},
    )


async def collect(consumer: EventConsumer, count: int, wait: float = 3.0) -> list[Delivery]:
    """Fetch until ``count`` deliveries came, or a fetch of ``wait`` seconds brings nothing."""
    got: list[Delivery] = []
    while len(got) < count:
        batch = await consumer.fetch(count - len(got), wait=wait)
        if not batch:
            break
        got.extend(batch)
    return got


@attrs.define
class StreamWorld:
    """A publisher and stream, and a way to open the same stream as another process would."""

    publisher: EventPublisher
    stream: EventStream
    another_process: Callable[[], Awaitable[EventStream]]


@contextlib.asynccontextmanager
async def memory_stream_world() -> AsyncIterator[StreamWorld]:
    stream = MemoryEventStream()

    async def same() -> EventStream:
        return stream  # one process: a restarted consumer is a new handle on the same log

    yield StreamWorld(stream, stream, same)


@contextlib.asynccontextmanager
async def nats_stream_world() -> AsyncIterator[StreamWorld]:
    require_service("nats")
    tag = uuid.uuid4().hex[:12]
    spec = StreamSpec(name=f"TEST_{tag}", prefix=f"test{tag}", memory=True)
    connections = [NatsConnection(NATS_URL, name=f"contract-{tag}")]
    streams = [JetStreamEventStream(connections[0], spec)]

    async def another_process() -> EventStream:
        connections.append(NatsConnection(NATS_URL, name=f"contract-{tag}-{len(connections)}"))
        streams.append(JetStreamEventStream(connections[-1], spec))
        return streams[-1]

    try:
        yield StreamWorld(JetStreamPublisher(connections[0], spec), streams[0], another_process)
    finally:
        for stream in streams:
            await stream.close()
        js = await connections[0].jetstream()
        with contextlib.suppress(Exception):
            await js.delete_stream(spec.name)
        for connection in connections:
            await connection.close()


@contextlib.asynccontextmanager
async def live_instances(backend: str) -> AsyncIterator[tuple[LiveChannel, LiveChannel]]:
    """Two service instances' live channels (one shared channel for memory: one process)."""
    if backend == "memory":
        channel = MemoryLiveChannel()
        try:
            yield channel, channel
        finally:
            await channel.close()
        return
    require_service("nats")
    first, second = NatsConnection(NATS_URL, "instance-1"), NatsConnection(NATS_URL, "instance-2")
    try:
        yield NatsLiveChannel(first), NatsLiveChannel(second)
    finally:
        await first.close()
        await second.close()


@contextlib.asynccontextmanager
async def presence_store(backend: str) -> AsyncIterator[PresenceStore]:
    if backend == "memory":
        yield MemoryPresenceStore()
        return
    require_service("redis")
    client = create_redis(REDIS_URL)
    prefix = f"test:presence:{uuid.uuid4().hex[:12]}:"
    try:
        yield RedisPresenceStore(client, prefix=prefix)
    finally:
        keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()
