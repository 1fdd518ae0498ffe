"""Fakes for the worker tests: a hand-settled delivery, a steerable monotonic clock, a counting
email sender that de-duplicates by idempotency key as Resend does, and event factories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs

from bigauto.adapters.memory import (
    FixedClock,
    MemoryEventStream,
    MemoryUnitOfWorkFactory,
    SequentialIds,
)
from bigauto.domain.bookings.events import RentalEvents
from bigauto.domain.shared.errors import ServiceUnavailable
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.shared.external import EmailMessage
from bigauto.services.runtime.registry import HandlerRegistry
from bigauto.services.runtime.worker import Worker, WorkerConfig

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def an_event(n: int, name: str = RentalEvents.PAID, **payload: object) -> DomainEvent:
    return DomainEvent(
        name=name,
        event_id=f"event-{n:04d}",
        occurred_at=T0 + timedelta(seconds=n),
        aggregate_type=name.split(".")[0],
        aggregate_id=f"agg-{n}",
        payload={"n": n, **payload},
    )


@attrs.define
class FakeDelivery:
    """A delivery that remembers how it was settled."""

    event: DomainEvent
    attempt: int = 1
    settled: list[tuple[str, float | None]] = attrs.Factory(list)
    extended: int = 0

    async def ack(self) -> None:
        self.settled.append(("ack", None))

    async def nak(self, delay: float = 0.0) -> None:
        self.settled.append(("nak", delay))

    async def term(self) -> None:
        self.settled.append(("term", None))

    async def in_progress(self) -> None:
        self.extended += 1


class Monotonic:
    """A monotonic clock for the memory stream that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class CountingSender:
    """An EmailSender: ``calls`` counts every send per key, ``mailbox`` keeps one per key."""

    def __init__(self) -> None:
        self.calls: dict[str, int] = {}
        self.mailbox: dict[str, EmailMessage] = {}
        self.failures_left = 0

    async def send(self, message: EmailMessage, *, idempotency_key: str) -> str:
        self.calls[idempotency_key] = self.calls.get(idempotency_key, 0) + 1
        if self.failures_left:
            self.failures_left -= 1
            raise ServiceUnavailable("the provider is down")
        self.mailbox.setdefault(idempotency_key, message)
        return idempotency_key


@attrs.define
class World:
    """A memory stream, database, clock and ids, and a way to make workers over them."""

    registry: HandlerRegistry = attrs.Factory(HandlerRegistry)
    monotonic: Monotonic = attrs.Factory(Monotonic)
    uow_factory: MemoryUnitOfWorkFactory = attrs.Factory(MemoryUnitOfWorkFactory)
    clock: FixedClock = attrs.Factory(lambda: FixedClock(T0))
    ids: SequentialIds = attrs.Factory(SequentialIds)
    stream: MemoryEventStream = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.stream = MemoryEventStream(monotonic=self.monotonic)

    def worker(self, **config: object) -> Worker:
        settings = WorkerConfig(**{"backoff_jitter": 0.0, "poll": 0.01, **config})  # type: ignore[arg-type]
        return Worker(
            self.stream,
            self.registry,
            self.uow_factory,
            self.clock,
            self.ids,
            settings,
            jitter=lambda: 0.5,
        )

    async def publish(self, *events: DomainEvent) -> None:
        for event in events:
            await self.stream.publish(event)
