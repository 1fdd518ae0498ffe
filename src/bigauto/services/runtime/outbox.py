"""Relaying the transactional outbox to the event bus (NATS JetStream or in-process).

Events are written to the outbox in the same transaction as the change that raised them; the
relay publishes them afterwards, oldest first. Delivery is at least once: an event published
just before a crash is published again on restart, so consumers are idempotent by event id.

Order is kept: when publishing an event fails, its attempt is counted and the batch stops there,
so no later event overtakes it. The publishing happens outside any transaction (reading the
batch and marking it published are two short units of work), so a slow broker never holds a
database lock.
"""

from __future__ import annotations

import asyncio
import contextlib

import structlog

from bigauto.ports.shared.messaging import EventPublisher
from bigauto.ports.shared.system import Clock
from bigauto.ports.unit_of_work import UnitOfWorkFactory

log = structlog.get_logger(__name__)


class OutboxRelay:
    """Moves pending outbox events to ``publisher``, in order."""

    def __init__(self, uow_factory: UnitOfWorkFactory, publisher: EventPublisher, clock: Clock):
        self._uow_factory = uow_factory
        self._publisher = publisher
        self._clock = clock

    async def relay_once(self, batch: int = 100) -> int:
        """Publish up to ``batch`` pending events; answer how many were published."""
        async with self._uow_factory() as uow:
            records = list(await uow.outbox.pending(batch))
        published: list[str] = []
        failed: str | None = None
        for record in records:
            try:
                await self._publisher.publish(record.event)
            except Exception:
                failed = record.event.event_id
                log.warning(
                    "could not publish an event; will retry",
                    event_name=record.event.name,
                    event_id=failed,
                    attempt=record.attempts + 1,
                    exc_info=True,
                )
                break
            published.append(record.event.event_id)
        if published or failed is not None:
            async with self._uow_factory() as uow:
                if published:
                    await uow.outbox.mark_published(published, self._clock.now())
                if failed is not None:
                    await uow.outbox.mark_failed(failed)
                await uow.commit()
        return len(published)

    async def run(self, stop_event: asyncio.Event, interval: float = 1.0, batch: int = 100) -> None:
        """Relay until ``stop_event`` is set: full batches back to back, else every ``interval``."""
        while not stop_event.is_set():
            try:
                relayed = await self.relay_once(batch)
            except Exception:
                # The database may be briefly away; the events wait safely in the outbox.
                log.exception("outbox relay round failed")
                relayed = 0
            if relayed == batch:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop_event.wait(), timeout=interval)


__all__ = ["OutboxRelay"]
