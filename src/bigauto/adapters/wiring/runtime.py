"""The runtime's providers: outbox relay, worker, timers, idempotency keys, readiness.

The worker's own timers forget what no redelivery can need any more: handled-event records
after :data:`PROCESSED_RETENTION`, ``Idempotency-Key`` records after theirs (see
``services/runtime/idempotency.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import redis.asyncio as redis
from dependency_injector import providers
from sqlalchemy.ext.asyncio import AsyncEngine

from bigauto.adapters.nats import NatsConnection
from bigauto.adapters.probes import Readiness, database_probe, redis_client_probe
from bigauto.adapters.wiring.shared import Shared
from bigauto.ports.unit_of_work import UnitOfWorkFactory
from bigauto.services.runtime.idempotency import Idempotency
from bigauto.services.runtime.outbox import OutboxRelay
from bigauto.services.runtime.settings import RuntimeSettings
from bigauto.services.runtime.timers import Timer, Timers
from bigauto.services.runtime.worker import Worker, WorkerConfig
from bigauto.services.runtime.worker_parts import WorkerParts

#: How long an event's "already handled" record is kept: far beyond any redelivery.
PROCESSED_RETENTION = timedelta(days=30)


def _readiness(
    engine: AsyncEngine, nats: NatsConnection | None, redis_client: redis.Redis | None
) -> Readiness:
    probes = [("database", database_probe(engine))]
    if redis_client is not None:
        probes.append(("redis", redis_client_probe(redis_client)))
    if nats is not None:
        probes.append(("nats", nats.probe))
    return Readiness(tuple(probes))


def _worker_config(runtime: RuntimeSettings) -> WorkerConfig:
    return WorkerConfig(
        durable=runtime.worker_durable,
        batch=runtime.worker_batch,
        ack_wait=runtime.worker_ack_wait,
        max_attempts=runtime.worker_max_attempts,
        backoff_base=runtime.worker_backoff_base,
        backoff_max=runtime.worker_backoff_max,
        backoff_jitter=runtime.worker_backoff_jitter,
    )


def _purge_processed(uow_factory: UnitOfWorkFactory) -> Timer:
    async def purge(now: datetime) -> int:
        async with uow_factory() as uow:
            purged = await uow.processed_events.purge_before(now - PROCESSED_RETENTION)
            await uow.commit()
        return purged

    return Timer("worker.purge_processed", timedelta(hours=6), purge)


def _purge_idempotency_keys(keys: Callable[[], Idempotency]) -> Timer:
    async def purge(now: datetime) -> int:
        return await keys().purge(now)

    return Timer("idempotency.purge", timedelta(hours=6), purge)


class RuntimeProviders(Shared):
    """The background machinery and the checks on the backends."""

    outbox_relay = providers.Singleton(
        OutboxRelay, Shared.uow_factory, Shared.event_publisher, Shared.clock
    )
    idempotency = providers.Factory(Idempotency, Shared.uow_factory, Shared.clock)
    readiness = providers.Singleton(
        _readiness, Shared.engine, Shared.nats_connection, Shared.redis_client
    )

    worker_config = providers.Singleton(_worker_config, Shared.settings.provided.runtime)
    #: The worker over the event stream; the caller passes the ``registry`` it built.
    worker = providers.Factory(
        Worker,
        stream=Shared.event_stream,
        uow_factory=Shared.uow_factory,
        clock=Shared.clock,
        ids=Shared.ids,
        config=worker_config,
    )
    #: The schedule; the caller passes the ``timers``.
    timers = providers.Factory(Timers, Shared.uow_factory, Shared.clock)
    runtime_worker = providers.Factory(
        WorkerParts,
        timers=providers.List(
            providers.Callable(_purge_processed, Shared.uow_factory),
            # Asks for its Idempotency when it runs, so it uses the clock in force then.
            providers.Callable(_purge_idempotency_keys, idempotency.provider),
        ),
    )


__all__ = ["PROCESSED_RETENTION", "RuntimeProviders"]
