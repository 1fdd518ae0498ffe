"""The long-lived clients every context uses: one of each per process.

Clock, ids and randomness; the database engine and the unit-of-work factory over it; the NATS
connection, the Redis client and the HTTP client (``None`` for a backend that is not
configured); the event bus, stream and publisher and the live channel, on NATS when
``NATS_URL`` is set and in process otherwise. Every context's providers extend :class:`Shared`.
Nothing connects until first used.
"""

from __future__ import annotations

import httpx
import redis.asyncio as redis
from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine

from bigauto.adapters.memory import (
    InProcessEventBus,
    MemoryEventStream,
    MemoryLiveChannel,
    SecretsRandom,
    SystemClock,
    UuidV7Generator,
)
from bigauto.adapters.nats import (
    JetStreamEventStream,
    JetStreamPublisher,
    NatsConnection,
    NatsLiveChannel,
)
from bigauto.adapters.redis import create_redis
from bigauto.adapters.sql.engine import create_engine
from bigauto.adapters.sql.uow import SqlUnitOfWorkFactory
from bigauto.adapters.wiring.resources import Client
from bigauto.config import Settings
from bigauto.ports.shared.messaging import EventPublisher, EventStream, LiveChannel


def _nats_connection(url: str | None) -> NatsConnection | None:
    return NatsConnection(url, name="bigauto") if url else None


def _redis_client(url: str | None) -> redis.Redis | None:
    return create_redis(url) if url else None


async def _dispose(engine: AsyncEngine) -> None:
    await engine.dispose()


def _event_stream(nats: NatsConnection | None, bus: InProcessEventBus) -> EventStream:
    if nats is not None:
        return JetStreamEventStream(nats)
    # Embedded: the stream keeps what the outbox relay publishes for the worker, and hands each
    # event on to the in-process bus for push-style subscribers.
    return MemoryEventStream(forward_to=bus)


def _event_publisher(nats: NatsConnection | None, stream: EventStream) -> EventPublisher:
    if nats is not None:
        return JetStreamPublisher(nats)
    assert isinstance(stream, MemoryEventStream)
    return stream


def _live_channel(nats: NatsConnection | None) -> LiveChannel:
    return NatsLiveChannel(nats) if nats is not None else MemoryLiveChannel()


class Shared(containers.DeclarativeContainer):
    """The settings and the shared clients (see the module doc)."""

    settings = providers.Dependency(instance_of=Settings)

    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(UuidV7Generator)
    random = providers.Singleton(SecretsRandom)

    engine = Client(create_engine, settings.provided.runtime.database_url, close=_dispose)
    uow_factory = providers.Singleton(SqlUnitOfWorkFactory, engine)
    redis_client = Client(_redis_client, settings.provided.runtime.redis_url)
    http_client = Client(httpx.AsyncClient, timeout=10.0)
    # Draining NATS lets pending callbacks finish, and they may still use Redis, the database
    # or HTTP: those close after it.
    nats_connection = Client(
        _nats_connection,
        settings.provided.runtime.nats_url,
        closes_before=(redis_client, engine, http_client),
    )

    # Failed handlers make the outbox relay retry the event (see InProcessEventBus).
    event_bus = providers.Singleton(InProcessEventBus, redeliver_failures=True)
    # The stream's consumers, then the live channel's subscriptions, close before NATS drains.
    event_stream = Client(_event_stream, nats_connection, event_bus)
    event_publisher = providers.Singleton(_event_publisher, nats_connection, event_stream)
    live_channel = Client(_live_channel, nats_connection)


__all__ = ["Shared"]
