"""In-process messaging details the shared contracts do not reach: retention, forwarding,
stale settlements and shutdown, on a clock the test moves."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from bigauto.adapters.memory import InProcessEventBus, MemoryEventStream, MemoryLiveChannel
from bigauto.domain.shared.events import DomainEvent


class Ticker:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def an_event(n: int, name: str = "rental.paid") -> DomainEvent:
    return DomainEvent(
        name, str(uuid.uuid4()), datetime(2026, 1, 1, tzinfo=UTC), "rental", f"r-{n}", {"n": n}
    )


async def test_the_oldest_events_are_dropped_beyond_the_retention_limit():
    """With max_events=3, a new consumer starts from the three newest events."""
    stream = MemoryEventStream(max_events=3, monotonic=Ticker())
    events = [an_event(n) for n in range(5)]
    for event in events:
        await stream.publish(event)
    consumer = await stream.consumer("late")
    assert [d.event for d in await consumer.fetch(10, wait=0)] == events[2:]
    assert len(stream) == 3


async def test_a_dropped_event_may_be_published_again():
    """De-duplication covers the retained events only, like JetStream's window."""
    stream = MemoryEventStream(max_events=1, monotonic=Ticker())
    first, second = an_event(1), an_event(2)
    for event in (first, second, first):
        await stream.publish(event)
    consumer = await stream.consumer("c")
    assert [d.event for d in await consumer.fetch(10, wait=0)] == [first]


async def test_new_events_are_forwarded_to_the_in_process_bus_once():
    """Push-style subscribers see each stored event once; duplicates are not forwarded."""
    bus = InProcessEventBus()
    seen: list[str] = []

    async def handler(event: DomainEvent) -> None:
        seen.append(event.event_id)

    await bus.subscribe("rental.*", handler)
    stream = MemoryEventStream(forward_to=bus)
    event = an_event(1)
    await stream.publish(event)
    await stream.publish(event)
    assert seen == [event.event_id]


async def test_an_unsettled_delivery_returns_when_ack_wait_ends():
    """Not before ack_wait, and then as attempt 2."""
    ticker = Ticker()
    stream = MemoryEventStream(monotonic=ticker)
    await stream.publish(an_event(1))
    consumer = await stream.consumer("c", ack_wait=30)
    [first] = await consumer.fetch(wait=0)
    ticker.now += 29.9
    assert await consumer.fetch(wait=0) == []
    ticker.now += 0.1
    [again] = await consumer.fetch(wait=0)
    assert (again.event, again.attempt) == (first.event, 2)


async def test_a_stale_deliverys_nak_does_not_reschedule_the_newer_one():
    """After a redelivery, the first delivery's late nak changes nothing; its ack still counts."""
    ticker = Ticker()
    stream = MemoryEventStream(monotonic=ticker)
    await stream.publish(an_event(1))
    consumer = await stream.consumer("c", ack_wait=10)
    [stale] = await consumer.fetch(wait=0)
    ticker.now += 10
    [current] = await consumer.fetch(wait=0)
    await stale.nak(delay=0)
    assert await consumer.fetch(wait=0) == []
    await stale.ack()
    ticker.now += 10
    assert await consumer.fetch(wait=0) == []
    assert current.attempt == 2


async def test_reopening_a_durable_updates_its_settings_and_keeps_its_position():
    """A second consumer() call with other settings carries on where the durable was."""
    ticker = Ticker()
    stream = MemoryEventStream(monotonic=ticker)
    for n in range(2):
        await stream.publish(an_event(n))
    first = await stream.consumer("c", ack_wait=30)
    [done] = await first.fetch(1, wait=0)
    await done.ack()
    await first.close()
    assert await first.fetch(wait=0) == []
    reopened = await stream.consumer("c", ack_wait=5)
    [next_one] = await reopened.fetch(wait=0)
    assert next_one.event.aggregate_id == "r-1"
    ticker.now += 5
    assert [d.attempt for d in await reopened.fetch(wait=0)] == [2]


async def test_closing_the_live_channel_ends_every_subscription():
    """After close, publishing reaches nobody."""
    channel = MemoryLiveChannel()
    got: list[bytes] = []

    async def callback(subject: str, payload: bytes) -> None:
        got.append(payload)

    await channel.subscribe("chat.*", callback)
    await channel.close()
    await channel.publish("chat.1", b"late")
    assert got == []
