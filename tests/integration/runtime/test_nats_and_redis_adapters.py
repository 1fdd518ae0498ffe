"""NATS and Redis adapters against the real servers: outages, expiry, relaying, provisioning."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
from tests.conftest import NATS_URL, REDIS_URL, require_service
from tests.contract.messaging import an_event, collect

from bigauto.adapters.memory import FixedClock, MemoryUnitOfWorkFactory
from bigauto.adapters.nats import (
    JetStreamEventStream,
    JetStreamPublisher,
    NatsConnection,
    NatsLiveChannel,
    StreamSpec,
    ensure_stream,
)
from bigauto.adapters.redis import RedisPresenceStore, create_redis
from bigauto.domain.shared.errors import ServiceUnavailable
from bigauto.services.runtime.outbox import OutboxRelay

NOBODY = "nats://127.0.0.1:1"


async def test_publishing_while_nats_is_away_is_service_unavailable():
    """No server: publish, live frames and the probe all raise ServiceUnavailable, promptly."""
    connection = NatsConnection(NOBODY, connect_timeout=1)
    with pytest.raises(ServiceUnavailable):
        await JetStreamPublisher(connection).publish(an_event(1))
    with pytest.raises(ServiceUnavailable):
        await NatsLiveChannel(connection).publish("chat.x", b"frame")
    with pytest.raises(ServiceUnavailable):
        await connection.probe()
    assert not connection.is_connected
    await connection.close()


async def test_the_outbox_relay_publishes_to_jetstream_once_nats_answers():
    """Events wait in the outbox while NATS is away, then reach a JetStream consumer in order."""
    require_service("nats")
    tag = uuid.uuid4().hex[:12]
    spec = StreamSpec(name=f"TEST_{tag}", prefix=f"test{tag}", memory=True)
    uow_factory = MemoryUnitOfWorkFactory()
    events = [an_event(n) for n in range(3)]
    async with uow_factory() as uow:
        for event in events:
            await uow.outbox.add(event)
        await uow.commit()

    away = NatsConnection(NOBODY, connect_timeout=1)
    assert (
        await OutboxRelay(uow_factory, JetStreamPublisher(away, spec), FixedClock()).relay_once()
        == 0
    )

    connection = NatsConnection(NATS_URL, name=f"relay-{tag}")
    try:
        relay = OutboxRelay(uow_factory, JetStreamPublisher(connection, spec), FixedClock())
        assert await relay.relay_once() == 3
        consumer = await JetStreamEventStream(connection, spec).consumer("worker")
        assert [d.event for d in await collect(consumer, 3)] == events
        await consumer.close()
    finally:
        await (await connection.jetstream()).delete_stream(spec.name)
        await connection.close()


async def test_stream_provisioning_is_idempotent_and_applies_changes():
    """Ensuring the stream twice is harmless, and a changed limit is applied to it."""
    require_service("nats")
    tag = uuid.uuid4().hex[:12]
    connection = NatsConnection(NATS_URL)
    js = await connection.jetstream()
    try:
        await ensure_stream(js, StreamSpec(name=f"TEST_{tag}", prefix=f"t{tag}", memory=True))
        await ensure_stream(js, StreamSpec(name=f"TEST_{tag}", prefix=f"t{tag}", memory=True))
        changed = StreamSpec(name=f"TEST_{tag}", prefix=f"t{tag}", memory=True, max_age=3600.0)
        await ensure_stream(js, changed)
        assert (await js.stream_info(changed.name)).config.max_age == 3600.0
    finally:
        await js.delete_stream(f"TEST_{tag}")
        await connection.close()


async def test_the_probe_uses_the_shared_connection():
    """A probe connects the shared connection once and reuses it afterwards."""
    require_service("nats")
    connection = NatsConnection(NATS_URL)
    await connection.probe()
    client = await connection.client()
    await connection.probe()
    assert await connection.client() is client
    await connection.close()
    assert not connection.is_connected


async def test_an_abandoned_users_presence_keys_expire_in_redis():
    """Without goodbyes the connection set expires on its own, leaving only last seen."""
    require_service("redis")
    client = create_redis(REDIS_URL)
    prefix = f"test:presence:{uuid.uuid4().hex[:12]}:"
    presence = RedisPresenceStore(client, prefix=prefix, seen_ttl_seconds=60)
    try:
        now = datetime.now(UTC)
        await presence.heartbeat("ana", "socket", now=now, ttl_seconds=0.2)
        assert await client.exists(f"{prefix}{{ana}}:conns")
        await asyncio.sleep(0.35)
        assert not await client.exists(f"{prefix}{{ana}}:conns")
        assert await presence.last_seen("ana") == now
    finally:
        await client.delete(f"{prefix}{{ana}}:seen", f"{prefix}{{ana}}:conns")
        await client.aclose()
