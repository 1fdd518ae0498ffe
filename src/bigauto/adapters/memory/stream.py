"""A durable event log in this process: the embedded default of the worker's event stream.

It behaves like the JetStream adapter where the worker can tell: events are kept in publish
order, an ``event_id`` seen before is not stored twice, durable consumers remember what they
were given, unsettled deliveries come back after ``ack_wait``, a ``nak(delay)`` comes back after
the delay with its attempt counted, and ``max_deliver`` caps the deliveries. It is lost with the
process, which the embedded default accepts: the outbox in the database is the durable record.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable

import attrs

from bigauto.adapters.memory.bus import subject_matches
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.shared.messaging import Delivery, EventPublisher


@attrs.define
class _Unsettled:
    attempts: int
    # Monotonic time at which it may be delivered again (ack_wait ends, or a nak's delay).
    due: float


@attrs.define
class _Durable:
    names: str
    ack_wait: float
    max_deliver: int | None
    cursor: int = 1
    unsettled: dict[int, _Unsettled] = attrs.Factory(dict)


@attrs.frozen
class MemoryDelivery:
    """One delivery from :class:`MemoryEventStream`; settle it once."""

    event: DomainEvent
    attempt: int
    _stream: MemoryEventStream
    _durable: str
    _seq: int

    async def ack(self) -> None:
        self._stream._settle(self._durable, self._seq, self.attempt, None)

    async def nak(self, delay: float = 0.0) -> None:
        self._stream._settle(self._durable, self._seq, self.attempt, max(delay, 0.0))

    async def term(self) -> None:
        self._stream._settle(self._durable, self._seq, self.attempt, None)

    async def in_progress(self) -> None:
        self._stream._extend(self._durable, self._seq, self.attempt)


class MemoryEventStream:
    """Implements ``EventPublisher`` and ``EventStream`` in memory.

    ``forward_to`` also hands each newly stored event to a push-style bus (the in-process
    :class:`InProcessEventBus`), so in-process subscribers see what the worker consumes. At most
    ``max_events`` are kept; older ones are dropped, as a JetStream stream with limits does.
    """

    def __init__(
        self,
        *,
        forward_to: EventPublisher | None = None,
        max_events: int = 10_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._forward_to = forward_to
        self._max_events = max_events
        self._monotonic = monotonic
        self._events: dict[int, DomainEvent] = {}
        self._seq_of: dict[str, int] = {}
        self._next_seq = 1
        self._durables: dict[str, _Durable] = {}
        self._waiters: set[asyncio.Future[None]] = set()

    async def publish(self, event: DomainEvent) -> None:
        if event.event_id in self._seq_of:
            return
        seq = self._next_seq
        self._next_seq += 1
        self._events[seq] = event
        self._seq_of[event.event_id] = seq
        self._trim()
        self._wake()
        if self._forward_to is not None:
            await self._forward_to.publish(event)

    async def consumer(
        self,
        durable: str,
        *,
        names: str = ">",
        ack_wait: float = 30.0,
        max_deliver: int | None = None,
    ) -> MemoryEventConsumer:
        state = self._durables.get(durable)
        if state is None:
            self._durables[durable] = _Durable(names, ack_wait, max_deliver)
        else:
            state.names, state.ack_wait, state.max_deliver = names, ack_wait, max_deliver
        return MemoryEventConsumer(self, durable)

    def __len__(self) -> int:
        return len(self._events)

    def _trim(self) -> None:
        while len(self._events) > self._max_events:
            oldest = min(self._events)
            del self._seq_of[self._events.pop(oldest).event_id]
            for state in self._durables.values():
                state.unsettled.pop(oldest, None)

    def _take(self, durable: str, batch: int) -> list[Delivery]:
        state = self._durables[durable]
        now = self._monotonic()
        taken: list[Delivery] = []
        for seq in sorted(state.unsettled):
            if len(taken) == batch:
                return taken
            unsettled = state.unsettled[seq]
            if unsettled.due > now:
                continue
            if state.max_deliver is not None and unsettled.attempts >= state.max_deliver:
                del state.unsettled[seq]  # delivered as often as allowed; JetStream drops it too
                continue
            unsettled.attempts += 1
            unsettled.due = now + state.ack_wait
            taken.append(self._delivery(durable, seq, unsettled.attempts))
        while len(taken) < batch and state.cursor < self._next_seq:
            seq = state.cursor
            state.cursor += 1
            event = self._events.get(seq)
            if event is None or not subject_matches(state.names, event.name):
                continue
            state.unsettled[seq] = _Unsettled(1, now + state.ack_wait)
            taken.append(self._delivery(durable, seq, 1))
        return taken

    def _delivery(self, durable: str, seq: int, attempt: int) -> MemoryDelivery:
        return MemoryDelivery(self._events[seq], attempt, self, durable, seq)

    def _next_due(self, durable: str) -> float | None:
        dues = [u.due for u in self._durables[durable].unsettled.values()]
        return min(dues) if dues else None

    def _settle(self, durable: str, seq: int, attempt: int, delay: float | None) -> None:
        state = self._durables.get(durable)
        unsettled = state.unsettled.get(seq) if state else None
        if state is None or unsettled is None:
            return
        if delay is None:
            del state.unsettled[seq]
        elif unsettled.attempts == attempt:  # a stale delivery's nak must not reset a newer one
            unsettled.due = self._monotonic() + delay
            self._wake()

    def _extend(self, durable: str, seq: int, attempt: int) -> None:
        state = self._durables.get(durable)
        unsettled = state.unsettled.get(seq) if state else None
        if state is not None and unsettled is not None and unsettled.attempts == attempt:
            unsettled.due = self._monotonic() + state.ack_wait

    async def _wait(self, seconds: float) -> None:
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter, seconds)
        finally:
            self._waiters.discard(waiter)

    def _wake(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)


class MemoryEventConsumer:
    """A handle on one durable consumer of a :class:`MemoryEventStream`."""

    def __init__(self, stream: MemoryEventStream, durable: str) -> None:
        self._stream = stream
        self._durable = durable
        self._closed = False

    async def fetch(self, batch: int = 10, wait: float = 1.0) -> list[Delivery]:
        if batch < 1:
            raise ValueError("batch must be at least 1")
        clock = self._stream._monotonic
        deadline = clock() + wait
        while not self._closed:
            taken = self._stream._take(self._durable, batch)
            if taken:
                return taken
            now = clock()
            if now >= deadline:
                break
            due = self._stream._next_due(self._durable)
            until = deadline if due is None else min(deadline, max(due, now + 0.001))
            await self._stream._wait(until - now)
        return []

    async def close(self) -> None:
        self._closed = True


__all__ = ["MemoryDelivery", "MemoryEventConsumer", "MemoryEventStream"]
