"""The outbox relay publishes pending events in order, at least once, and never skips ahead."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bigauto.adapters.memory import FixedClock, MemoryUnitOfWorkFactory
from bigauto.domain.shared.errors import ServiceUnavailable
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.unit_of_work import UnitOfWork
from bigauto.services.runtime.outbox import OutboxRelay

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def an_event(n: int) -> DomainEvent:
    return DomainEvent(
        name="rental.paid",
        event_id=f"00000000-0000-7000-8000-{n:012d}",
        occurred_at=T0 + timedelta(seconds=n),
        aggregate_type="rental",
        aggregate_id=f"rental-{n}",
        payload={"n": n},
    )


class FlakyPublisher:
    """Publishes to a list, failing for the events named in ``down_for`` (an outage)."""

    def __init__(self) -> None:
        self.published: list[str] = []
        self.down_for: set[str] = set()
        self._changed = asyncio.Condition()

    async def publish(self, event: DomainEvent) -> None:
        if event.event_id in self.down_for:
            raise ServiceUnavailable("NATS is not answering")
        self.published.append(event.event_id)
        async with self._changed:
            self._changed.notify_all()

    async def until(self, count: int) -> None:
        """Wait until ``count`` events have been published."""
        async with self._changed:
            await self._changed.wait_for(lambda: len(self.published) >= count)


async def stored(uow_factory: MemoryUnitOfWorkFactory, *numbers: int) -> None:
    async with uow_factory() as uow:
        for n in numbers:
            await uow.outbox.add(an_event(n))
        await uow.commit()


async def pending(uow_factory: MemoryUnitOfWorkFactory) -> list[tuple[str, int]]:
    async with uow_factory() as uow:
        return [(r.event.event_id, r.attempts) for r in await uow.outbox.pending()]


def ids(*numbers: int) -> list[str]:
    return [an_event(n).event_id for n in numbers]


async def test_pending_events_are_published_oldest_first_and_then_marked() -> None:
    """Every pending event goes out once, in order, stamped with the clock's time."""
    uow_factory, publisher, clock = MemoryUnitOfWorkFactory(), FlakyPublisher(), FixedClock(T0)
    await stored(uow_factory, 3, 1, 2)
    relay = OutboxRelay(uow_factory, publisher, clock)

    assert await relay.relay_once() == 3
    assert await relay.relay_once() == 0

    assert publisher.published == ids(1, 2, 3)
    assert await pending(uow_factory) == []
    records = uow_factory.database.tables.outbox.values()
    assert {record.published_at for record in records} == {T0}


async def test_a_batch_takes_at_most_its_size() -> None:
    """relay_once publishes no more than ``batch`` events; the rest wait for the next round."""
    uow_factory, publisher = MemoryUnitOfWorkFactory(), FlakyPublisher()
    await stored(uow_factory, 1, 2, 3, 4, 5)
    relay = OutboxRelay(uow_factory, publisher, FixedClock(T0))

    assert await relay.relay_once(batch=2) == 2
    assert publisher.published == ids(1, 2)
    assert await relay.relay_once(batch=2) == 2
    assert await relay.relay_once(batch=2) == 1
    assert publisher.published == ids(1, 2, 3, 4, 5)


async def test_a_publishing_failure_counts_an_attempt_and_stops_the_batch() -> None:
    """When one event cannot go out, later ones wait behind it, so order is kept."""
    uow_factory, publisher = MemoryUnitOfWorkFactory(), FlakyPublisher()
    await stored(uow_factory, 1, 2, 3)
    publisher.down_for = {an_event(2).event_id}
    relay = OutboxRelay(uow_factory, publisher, FixedClock(T0))

    assert await relay.relay_once() == 1
    assert await relay.relay_once() == 0

    assert publisher.published == ids(1)
    assert await pending(uow_factory) == [(ids(2)[0], 2), (ids(3)[0], 0)]

    publisher.down_for = set()
    assert await relay.relay_once() == 2
    assert publisher.published == ids(1, 2, 3)


async def test_events_added_but_not_committed_are_not_relayed() -> None:
    """Only committed events reach the bus."""
    uow_factory, publisher = MemoryUnitOfWorkFactory(), FlakyPublisher()
    async with uow_factory() as uow:
        await uow.outbox.add(an_event(1))

    assert await OutboxRelay(uow_factory, publisher, FixedClock(T0)).relay_once() == 0
    assert publisher.published == []


class OnceBrokenFactory:
    """A unit-of-work factory whose first unit of work fails: the database blinked."""

    def __init__(self, inner: MemoryUnitOfWorkFactory) -> None:
        self.inner = inner
        self.calls = 0

    def __call__(self) -> UnitOfWork:
        self.calls += 1
        if self.calls == 1:
            raise ConnectionError("database restarting")
        return self.inner()


async def test_the_loop_relays_until_stopped_and_survives_a_failed_round() -> None:
    """run() keeps relaying after an error, picks up new events, and returns once stopped."""
    inner, publisher = MemoryUnitOfWorkFactory(), FlakyPublisher()
    await stored(inner, 1, 2)
    relay = OutboxRelay(OnceBrokenFactory(inner), publisher, FixedClock(T0))
    stop = asyncio.Event()

    task = asyncio.create_task(relay.run(stop, interval=0.01))
    async with asyncio.timeout(2):
        await publisher.until(2)
        await stored(inner, 3)
        await publisher.until(3)
        stop.set()
        await task

    assert publisher.published == ids(1, 2, 3)


async def test_the_loop_drains_full_batches_without_waiting() -> None:
    """A backlog larger than one batch is relayed at once, not one batch per interval."""
    uow_factory, publisher = MemoryUnitOfWorkFactory(), FlakyPublisher()
    await stored(uow_factory, *range(1, 8))
    relay = OutboxRelay(uow_factory, publisher, FixedClock(T0))
    stop = asyncio.Event()

    task = asyncio.create_task(relay.run(stop, interval=60, batch=2))
    async with asyncio.timeout(2):
        await publisher.until(7)
    stop.set()
    async with asyncio.timeout(2):
        await task

    assert publisher.published == ids(*range(1, 8))
