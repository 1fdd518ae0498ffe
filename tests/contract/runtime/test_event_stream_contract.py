"""The event stream contract, on the in-process log and on NATS JetStream alike."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest
from tests.contract.messaging import (
    StreamWorld,
    an_event,
    collect,
    memory_stream_world,
    nats_stream_world,
)


@pytest.fixture(params=["memory", "nats"])
async def world(request: pytest.FixtureRequest) -> AsyncIterator[StreamWorld]:
    opener = memory_stream_world if request.param == "memory" else nats_stream_world
    async with opener() as world:
        yield world


async def test_events_are_consumed_in_the_order_they_were_published(world: StreamWorld):
    """A consumer gets every event once, oldest first, each on its first attempt."""
    events = [an_event(n, note="ü ✓", nested={"list": [1, None, True]}) for n in range(7)]
    for event in events:
        await world.publisher.publish(event)
    consumer = await world.stream.consumer("worker")
    got = await collect(consumer, len(events))
    assert [d.event for d in got] == events
    assert {d.attempt for d in got} == {1}


async def test_an_acknowledged_event_is_not_delivered_again(world: StreamWorld):
    """After ack, not even an expired ack_wait brings the event back."""
    await world.publisher.publish(an_event(1))
    consumer = await world.stream.consumer("worker", ack_wait=0.3)
    [delivery] = await collect(consumer, 1)
    await delivery.ack()
    assert await consumer.fetch(wait=0.5) == []


async def test_a_nak_with_delay_redelivers_after_the_delay_as_the_next_attempt(
    world: StreamWorld,
):
    """nak(delay) holds the event back for the delay, then delivers it with attempt + 1."""
    event = an_event(1)
    await world.publisher.publish(event)
    consumer = await world.stream.consumer("worker")
    [first] = await collect(consumer, 1)
    started = time.monotonic()
    await first.nak(delay=0.3)
    assert await consumer.fetch(wait=0.1) == []
    [again] = await collect(consumer, 1)
    assert time.monotonic() - started >= 0.25
    assert (again.event, again.attempt) == (event, 2)
    await again.ack()


async def test_an_unsettled_event_goes_to_the_restarted_consumer(world: StreamWorld):
    """A consumer that stops without settling leaves its event to the next one on the durable."""
    events = [an_event(1), an_event(2)]
    for event in events:
        await world.publisher.publish(event)
    first = await world.stream.consumer("worker", ack_wait=0.3)
    [done, unfinished] = await collect(first, 2)
    await done.ack()
    await first.close()  # the process stops with `unfinished` in hand

    restarted = await (await world.another_process()).consumer("worker", ack_wait=0.3)
    [delivery] = await collect(restarted, 1)
    assert (delivery.event, delivery.attempt) == (unfinished.event, 2)
    await delivery.ack()
    assert await restarted.fetch(wait=0.5) == []


async def test_max_deliver_caps_how_often_an_event_is_delivered(world: StreamWorld):
    """With max_deliver=2, an event nak'd twice is not delivered a third time."""
    await world.publisher.publish(an_event(1))
    consumer = await world.stream.consumer("worker", max_deliver=2)
    attempts = []
    for _ in range(3):
        got = await consumer.fetch(wait=0.4)
        for delivery in got:
            attempts.append(delivery.attempt)
            await delivery.nak()
    assert attempts == [1, 2]


async def test_term_ends_redelivery(world: StreamWorld):
    """A terminated event is not delivered again; the ones after it still are."""
    dead, alive = an_event(1), an_event(2)
    await world.publisher.publish(dead)
    await world.publisher.publish(alive)
    consumer = await world.stream.consumer("worker", ack_wait=0.3)
    [first] = await collect(consumer, 1)
    await first.term()
    [second] = await collect(consumer, 1)
    await second.ack()
    assert second.event == alive
    assert await consumer.fetch(wait=0.5) == []


async def test_publishing_the_same_event_twice_stores_it_once(world: StreamWorld):
    """The relay may publish an event again after a crash; consumers still see it once."""
    event, other = an_event(1), an_event(2)
    await world.publisher.publish(event)
    await world.publisher.publish(event)
    await world.publisher.publish(other)
    consumer = await world.stream.consumer("worker")
    got = await collect(consumer, 3, wait=0.4)
    assert [d.event for d in got] == [event, other]


async def test_in_progress_keeps_a_slow_event_from_being_redelivered(world: StreamWorld):
    """Reporting progress restarts the ack_wait clock."""
    await world.publisher.publish(an_event(1))
    first = await world.stream.consumer("worker", ack_wait=0.6)
    [delivery] = await collect(first, 1)
    other = await (await world.another_process()).consumer("worker", ack_wait=0.6)
    time.sleep(0.35)  # noqa: ASYNC251 - the clock must move while nothing else runs
    await delivery.in_progress()
    assert await other.fetch(wait=0.45) == []  # 0.8 s after delivery, 0.45 s after progress
    await delivery.ack()


async def test_durable_consumers_are_independent_and_filter_by_event_name(world: StreamWorld):
    """Each durable sees every event matching its names, whatever the others acknowledged."""
    paid, sold = an_event(1, "rental.paid"), an_event(2, "sale.completed")
    await world.publisher.publish(paid)
    await world.publisher.publish(sold)
    everything = await world.stream.consumer("audit")
    rentals = await world.stream.consumer("rentals", names="rental.*")
    for delivery in await collect(everything, 2):
        await delivery.ack()
    [rental] = await collect(rentals, 1)
    assert rental.event == paid
    assert await rentals.fetch(wait=0.2) == []


async def test_settling_twice_is_harmless(world: StreamWorld):
    """A second ack of one delivery neither fails nor disturbs the stream."""
    event = an_event(1)
    await world.publisher.publish(event)
    consumer = await world.stream.consumer("worker", ack_wait=0.3)
    [delivery] = await collect(consumer, 1)
    await delivery.ack()
    await delivery.ack()
    assert await consumer.fetch(wait=0.5) == []


async def test_a_fetch_with_nothing_to_deliver_answers_empty_after_its_wait(world: StreamWorld):
    """An idle fetch waits about ``wait`` seconds and answers no deliveries."""
    consumer = await world.stream.consumer("idle")
    started = time.monotonic()
    assert await consumer.fetch(batch=5, wait=0.2) == []
    assert 0.15 <= time.monotonic() - started < 2.0
