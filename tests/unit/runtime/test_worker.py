"""The worker loop over the memory stream: dispatch, retries, dead letters, idempotency and
shutdown."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.unit.worker_support import CountingSender, FakeDelivery, World, an_event

from bigauto.domain.shared.errors import NotFound, ServiceUnavailable, ValidationFailed
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.shared.external import EmailMessage
from bigauto.ports.unit_of_work import UnitOfWork
from bigauto.services.runtime.dead_letters import list_dead_letters, replay_dead_letters
from bigauto.services.runtime.outbox import OutboxRelay
from bigauto.services.runtime.worker import Worker, WorkerConfig


class Recorder:
    """A side-effect handler that records the event ids it saw, failing while told to."""

    def __init__(self, failures: int = 0) -> None:
        self.seen: list[str] = []
        self.failures = failures

    async def __call__(self, event: DomainEvent) -> None:
        self.seen.append(event.event_id)
        if self.failures:
            self.failures -= 1
            raise RuntimeError("not today")


async def test_each_event_goes_to_the_handlers_whose_pattern_matches_and_is_acknowledged():
    """Wildcards pick handlers; once all of them ran the event is acked and not seen again."""
    world = World()
    rentals, everything = Recorder(), Recorder()
    world.registry.on("rental.*", name="rentals", handler=rentals)
    world.registry.on(">", name="everything", handler=everything)
    await world.publish(an_event(1), an_event(2, name="sale_order.paid"))
    worker = world.worker()
    assert await worker.run_once() == 2
    assert rentals.seen == ["event-0001"]
    assert everything.seen == ["event-0001", "event-0002"]
    world.monotonic.advance(3600)
    assert await worker.run_once() == 0


async def test_a_failure_is_retried_with_exponential_backoff_then_dead_lettered():
    """nak delays double from the base up to the cap; the last attempt writes a dead letter."""
    world = World()
    world.registry.on(">", name="flaky", handler=Recorder(failures=99))
    worker = world.worker(max_attempts=5, backoff_base=2.0, backoff_max=10.0, backoff_jitter=0.5)
    settled = []
    for attempt in range(1, 6):
        delivery = FakeDelivery(an_event(1), attempt=attempt)
        await worker.process(delivery)
        settled.extend(delivery.settled)
    # Jitter draws 0.5 of 50%: each delay is stretched by a quarter.
    assert settled == [
        ("nak", 2.5),
        ("nak", 5.0),
        ("nak", 10.0),
        ("nak", 12.5),
        ("term", None),
    ]
    [letter] = await list_dead_letters(world.uow_factory)
    assert (letter.handler, letter.attempts, letter.event) == ("flaky", 5, an_event(1))
    assert letter.error == "RuntimeError: not today"


async def test_on_the_stream_a_nak_brings_the_event_back_after_its_delay():
    """Through the memory stream: the retry waits out the backoff, then succeeds."""
    world = World()
    handler = Recorder(failures=1)
    world.registry.on(">", name="flaky", handler=handler)
    await world.publish(an_event(1))
    worker = world.worker(backoff_base=5.0)
    await worker.run_once()
    world.monotonic.advance(4.0)
    assert await worker.run_once() == 0  # still backing off
    world.monotonic.advance(2.0)
    assert await worker.run_once() == 1
    assert handler.seen == ["event-0001", "event-0001"]
    async with world.uow_factory() as uow:
        assert await uow.processed_events.seen("flaky", "event-0001")
    assert await list_dead_letters(world.uow_factory) == []


async def test_a_redelivered_event_does_not_run_handlers_that_finished_it():
    """Idempotency by (handler, event id): only the handler that failed runs again."""
    world = World()
    steady, flaky = Recorder(), Recorder(failures=1)
    world.registry.on(">", name="steady", handler=steady)
    world.registry.on(">", name="flaky", handler=flaky)
    worker = world.worker()
    first = FakeDelivery(an_event(1), attempt=1)
    await worker.process(first)
    again = FakeDelivery(an_event(1), attempt=2)
    await worker.process(again)
    assert (first.settled[0][0], again.settled) == ("nak", [("ack", None)])
    assert steady.seen == ["event-0001"]
    assert flaky.seen == ["event-0001", "event-0001"]


async def test_a_transactional_handler_changes_the_database_exactly_once():
    """Its writes and the processed record commit together; a failure leaves neither."""
    world = World()
    calls = []

    async def store(event: DomainEvent, uow: UnitOfWork) -> None:
        calls.append(event.event_id)
        await uow.outbox.add(an_event(100 + len(calls), name="derived.thing"))
        if len(calls) == 1:
            raise RuntimeError("crashed after writing")
        return None

    world.registry.on_transaction(">", name="store", handler=store)
    worker = world.worker()
    for attempt in (1, 2, 3):
        await worker.process(FakeDelivery(an_event(1), attempt=attempt))
    async with world.uow_factory() as uow:
        pending = await uow.outbox.pending()
    assert [r.event.event_id for r in pending] == ["event-0102"]
    assert calls == ["event-0001", "event-0001"]


async def test_the_after_commit_step_runs_once_the_transaction_committed():
    """What a transactional handler defers runs after its commit; its failure is not a retry."""
    world = World()
    pushed = []

    async def handler(event: DomainEvent, uow: UnitOfWork):
        async def push() -> None:
            async with world.uow_factory() as check:
                pushed.append(await check.processed_events.seen("push", event.event_id))
            raise RuntimeError("the live channel is away")

        return push

    world.registry.on_transaction(">", name="push", handler=handler)
    delivery = FakeDelivery(an_event(1))
    await world.worker().process(delivery)
    assert pushed == [True] and delivery.settled == [("ack", None)]


async def test_a_slow_handler_keeps_its_delivery_from_being_redelivered():
    """While a handler runs, the delivery's ack deadline is extended."""
    world = World()

    async def slow(event: DomainEvent) -> None:
        await asyncio.sleep(0.25)

    world.registry.on(">", name="slow", handler=slow)
    delivery = FakeDelivery(an_event(1))
    await world.worker(ack_wait=0.15).process(delivery)
    assert delivery.extended >= 2 and delivery.settled == [("ack", None)]


async def test_shutdown_finishes_the_event_in_hand_and_leaves_the_rest_unsettled():
    """Stop during the first of three: it is finished and acked; the others return later."""
    world = World()
    stop = asyncio.Event()
    handled = []

    async def handler(event: DomainEvent) -> None:
        stop.set()  # SIGTERM arrives while this event is being handled
        await asyncio.sleep(0.01)
        handled.append(event.event_id)

    world.registry.on(">", name="h", handler=handler)
    await world.publish(an_event(1), an_event(2), an_event(3))
    await asyncio.wait_for(world.worker(batch=3).run(stop), timeout=5)
    assert handled == ["event-0001"]

    world.monotonic.advance(31)  # past ack_wait: the unsettled ones come back
    later = world.worker(batch=10)
    stop.clear()
    assert await later.run_once() == 2
    assert handled == ["event-0001", "event-0002", "event-0003"]


async def test_a_worker_killed_mid_stream_and_restarted_sends_every_email_exactly_once():
    """Cancelled between sending and recording: the restart resends with the same key only."""
    world = World()
    sender = CountingSender()
    killed = asyncio.Event()

    async def email(event: DomainEvent) -> None:
        message = EmailMessage("ana@example.com", f"#{event.payload['n']}", "t", "<p>t</p>")
        await sender.send(message, idempotency_key=event.event_id)
        if event.payload["n"] == 7 and not killed.is_set():
            killed.set()
            raise asyncio.CancelledError  # the process dies before recording the send

    world.registry.on(">", name="email", handler=email)
    events = [an_event(n) for n in range(1, 21)]
    await world.publish(*events)
    first = asyncio.create_task(world.worker(batch=4).run(asyncio.Event()))
    with pytest.raises(asyncio.CancelledError):
        await first
    assert 7 <= len(sender.mailbox) < 20

    world.monotonic.advance(31)
    restarted = world.worker(batch=4)
    while await restarted.run_once():
        pass
    keys = [e.event_id for e in events]
    assert sorted(sender.mailbox) == keys  # none lost, one email each
    assert sender.calls["event-0007"] == 2  # the repeat carried the same key
    assert all(sender.calls[k] == 1 for k in keys if k not in ("event-0007", "event-0008"))
    async with world.uow_factory() as uow:
        assert all([await uow.processed_events.seen("email", k) for k in keys])


async def test_a_dead_letter_replayed_through_the_outbox_runs_only_its_handler():
    """Replay queues a wrapper event; the worker runs the failed handler on the original."""
    world = World()
    steady, flaky = Recorder(), Recorder(failures=2)
    world.registry.on(">", name="steady", handler=steady)
    world.registry.on(">", name="flaky", handler=flaky)
    await world.publish(an_event(1))
    worker = world.worker(max_attempts=2, backoff_base=1.0)
    await worker.run_once()
    world.monotonic.advance(2)
    await worker.run_once()
    [letter] = await list_dead_letters(world.uow_factory)

    [replayed] = await replay_dead_letters(
        world.uow_factory, world.clock, world.ids, letter_id=letter.id
    )
    assert replayed.replayed_at == world.clock.now()
    assert await list_dead_letters(world.uow_factory) == []
    assert await OutboxRelay(world.uow_factory, world.stream, world.clock).relay_once() == 1
    assert await worker.run_once() == 1
    assert steady.seen == ["event-0001"]
    assert flaky.seen == ["event-0001"] * 3
    async with world.uow_factory() as uow:
        assert await uow.processed_events.seen("flaky", "event-0001")


async def test_replaying_needs_an_id_or_all():
    """Neither or both is refused; an unknown id is not found."""
    world = World()
    with pytest.raises(ValidationFailed):
        await replay_dead_letters(world.uow_factory, world.clock, world.ids)
    with pytest.raises(NotFound):
        await replay_dead_letters(world.uow_factory, world.clock, world.ids, letter_id="nope")
    assert await replay_dead_letters(world.uow_factory, world.clock, world.ids, every=True) == []


@given(st.integers(1, 200), st.floats(0, 0.999999))
def test_backoff_never_exceeds_the_cap_stretched_by_the_jitter(attempt: int, draw: float):
    """For every attempt and draw the delay lies in [base·2^(n-1) capped, that × (1+jitter)]."""
    config = WorkerConfig(backoff_base=0.5, backoff_max=60.0, backoff_jitter=0.2)
    plain = min(60.0, 0.5 * 2.0 ** (attempt - 1))
    assert plain <= config.backoff(attempt, draw) <= plain * 1.2


class BrokenAck(FakeDelivery):
    async def ack(self) -> None:
        raise ServiceUnavailable("the broker went away")


class ScriptedStream:
    """An EventStream handing out one scripted batch, then nothing (and stopping the loop)."""

    def __init__(self, batch: list[FakeDelivery], stop: asyncio.Event) -> None:
        self.batch, self.stop = batch, stop

    async def consumer(self, durable: str, **options: object) -> ScriptedStream:
        return self

    async def fetch(self, batch: int = 10, wait: float = 1.0) -> list[FakeDelivery]:
        if not self.batch:
            self.stop.set()
        taken, self.batch = self.batch, []
        return taken

    async def close(self) -> None:
        pass


async def test_a_delivery_that_cannot_be_settled_does_not_stop_the_loop():
    """The broker fails the ack of one event; the loop logs it and goes on with the next."""
    world = World()
    handler = Recorder()
    world.registry.on(">", name="h", handler=handler)
    stop = asyncio.Event()
    broken, fine = BrokenAck(an_event(1)), FakeDelivery(an_event(2))
    worker = Worker(
        ScriptedStream([broken, fine], stop),  # type: ignore[arg-type]
        world.registry,
        world.uow_factory,
        world.clock,
        world.ids,
        WorkerConfig(poll=0.01),
    )
    await asyncio.wait_for(worker.run(stop), timeout=5)
    assert handler.seen == ["event-0001", "event-0002"] and fine.settled == [("ack", None)]
