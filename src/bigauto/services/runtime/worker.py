"""The worker: consumes the event stream and runs each event's handlers, at least once.

One durable consumer (``bigauto-worker`` by default) on the stream; several worker processes
holding it share the work. For each delivery every matching handler runs (see
:mod:`bigauto.services.runtime.registry`), skipping those that already finished this event id,
so a redelivery repeats only what did not get done. Then the delivery is settled:

- every handler done → ``ack``;
- some failed, attempts left → ``nak(delay)`` with exponential backoff and jitter, so the event
  comes back later as the next attempt (the handlers that succeeded are not run again);
- some failed on the last attempt (``max_attempts``) → a dead letter per failing handler, then
  ``term``: the stream gives up, an admin may replay it (``bigauto dead-letters``).

Nothing is settled for work not finished: if the process dies (or the task is cancelled) with a
delivery in hand, the stream hands it out again after ``ack_wait``. While a handler runs, the
delivery's ``ack_wait`` is renewed, so a slow handler is not redelivered under its feet.
:meth:`Worker.run` stops fetching once asked to stop, finishes the delivery in hand and leaves
the rest of its batch unsettled.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Callable

import attrs
import structlog

from bigauto.domain.shared.errors import ServiceUnavailable
from bigauto.domain.shared.events import DomainEvent, RuntimeEvents
from bigauto.ports.runtime.worker import DeadLetter
from bigauto.ports.shared.messaging import Delivery, EventConsumer, EventStream
from bigauto.ports.shared.system import Clock, IdGenerator
from bigauto.ports.unit_of_work import UnitOfWorkFactory
from bigauto.services.runtime.dead_letters import Replay
from bigauto.services.runtime.registry import HandlerRegistry, RegisteredHandler

log = structlog.get_logger(__name__)


@attrs.frozen
class WorkerConfig:
    """How the worker consumes: durable name, batch, retries and backoff (seconds)."""

    durable: str = "bigauto-worker"
    names: str = ">"
    batch: int = 10
    poll: float = 1.0
    ack_wait: float = 30.0
    max_attempts: int = 5
    backoff_base: float = 1.0
    backoff_max: float = 300.0
    backoff_jitter: float = 0.2

    def backoff(self, attempt: int, draw: float = 0.0) -> float:
        """The delay before retrying after failed attempt ``attempt`` (1 for the first):
        ``base · 2^(attempt-1)``, at most ``max``, stretched by up to ``jitter`` (``draw`` in
        [0, 1)) so that many failures do not all come back at the same instant.

        >>> [WorkerConfig(backoff_base=1, backoff_max=5).backoff(n) for n in (1, 2, 3, 4)]
        [1.0, 2.0, 4.0, 5.0]
        """
        delay = min(self.backoff_max, self.backoff_base * 2.0 ** max(attempt - 1, 0))
        return float(delay * (1.0 + self.backoff_jitter * draw))


@attrs.frozen
class _Failure:
    handler: RegisteredHandler
    event: DomainEvent
    error: BaseException


def _config_or_default(config: WorkerConfig | None) -> WorkerConfig:
    return config or WorkerConfig()


@attrs.define(eq=False)
class Worker:
    """Runs the registered handlers over one durable consumer of ``stream``."""

    _stream: EventStream
    _registry: HandlerRegistry
    _uow_factory: UnitOfWorkFactory
    _clock: Clock
    _ids: IdGenerator
    config: WorkerConfig = attrs.field(default=None, converter=_config_or_default)
    _jitter: Callable[[], float] = attrs.field(default=random.random, kw_only=True)
    _consumer: EventConsumer | None = attrs.field(default=None, init=False)

    @property
    def registry(self) -> HandlerRegistry:
        return self._registry

    async def _open(self) -> EventConsumer:
        if self._consumer is None:
            self._consumer = await self._stream.consumer(
                self.config.durable, names=self.config.names, ack_wait=self.config.ack_wait
            )
        return self._consumer

    async def close(self) -> None:
        """Close the consumer (settling nothing); a later call opens a new one."""
        consumer, self._consumer = self._consumer, None
        if consumer is not None:
            await consumer.close()

    async def run_once(self, wait: float = 0.0) -> int:
        """Fetch one batch (waiting up to ``wait`` seconds) and settle it; answer its size."""
        deliveries = await (await self._open()).fetch(self.config.batch, wait=wait)
        for delivery in deliveries:
            await self.process(delivery)
        return len(deliveries)

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until ``stop`` is set; then finish the delivery in hand and close."""
        try:
            while not stop.is_set():
                try:
                    consumer = await self._open()
                    deliveries = await consumer.fetch(self.config.batch, wait=self.config.poll)
                except ServiceUnavailable as down:
                    log.warning("event stream unavailable", error=down.message)
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), timeout=self.config.poll)
                    continue
                for delivery in deliveries:
                    if stop.is_set():
                        break  # the rest stays unsettled and comes back after ack_wait
                    try:
                        await self.process(delivery)
                    except Exception:
                        # Settling or dead-lettering failed (the broker or the database is
                        # away): unsettled, the event comes back after ack_wait.
                        log.exception("could not settle event", event_id=delivery.event.event_id)
        finally:
            await self.close()

    async def process(self, delivery: Delivery) -> None:
        """Run the handlers of one delivery and settle it (see the module doc)."""
        event = delivery.event
        if event.name == RuntimeEvents.DEAD_LETTER_REPLAYED:
            replay = Replay.of(event)
            handler = self._registry.get(replay.handler)
            if handler is None:
                log.error("replay names an unknown handler", handler=replay.handler)
                await delivery.ack()
                return
            targets = [(handler, replay.event)]
        else:
            targets = [(handler, event) for handler in self._registry.handlers_for(event.name)]
        keep_alive = asyncio.create_task(self._keep_alive(delivery))
        try:
            failures = [
                failure
                for handler, target in targets
                if (failure := await self._run(handler, target, delivery.attempt)) is not None
            ]
        finally:
            keep_alive.cancel()
        await self._settle(delivery, failures)

    async def _settle(self, delivery: Delivery, failures: list[_Failure]) -> None:
        if not failures:
            await delivery.ack()
            return
        if delivery.attempt < self.config.max_attempts:
            delay = self.config.backoff(delivery.attempt, self._jitter())
            log.info(
                "event will be retried",
                event_id=delivery.event.event_id,
                attempt=delivery.attempt,
                delay=round(delay, 3),
            )
            await delivery.nak(delay)
            return
        await self._dead_letter(delivery, failures)
        await delivery.term()

    async def _dead_letter(self, delivery: Delivery, failures: list[_Failure]) -> None:
        now = self._clock.now()
        async with self._uow_factory() as uow:
            for failure in failures:
                error = f"{type(failure.error).__name__}: {failure.error}"[:2000]
                letter = DeadLetter(
                    id=self._ids.new_id(),
                    event=failure.event,
                    handler=failure.handler.name,
                    error=error,
                    attempts=delivery.attempt,
                    first_failed_at=now,
                    last_failed_at=now,
                )
                await uow.dead_letters.record(letter)
                log.error(
                    "event dead-lettered",
                    event_id=failure.event.event_id,
                    event_name=failure.event.name,
                    handler=failure.handler.name,
                    attempts=delivery.attempt,
                    error=error,
                )
            await uow.commit()

    async def _run(
        self, handler: RegisteredHandler, event: DomainEvent, attempt: int
    ) -> _Failure | None:
        started = time.monotonic()
        bound = log.bind(
            event_id=event.event_id, event_name=event.name, attempt=attempt, handler=handler.name
        )
        try:
            ran = await self._run_handler(handler, event)
        except Exception as error:
            bound.warning(
                "handler failed",
                error=f"{type(error).__name__}: {error}",
                duration_ms=round((time.monotonic() - started) * 1000, 1),
                exc_info=True,
            )
            return _Failure(handler, event, error)
        bound.info(
            "event handled" if ran else "event already handled",
            duration_ms=round((time.monotonic() - started) * 1000, 1),
        )
        return None

    async def _run_handler(self, handler: RegisteredHandler, event: DomainEvent) -> bool:
        """Run ``handler`` unless it finished ``event`` before; answer whether it ran."""
        if handler.transactional is not None:
            async with self._uow_factory() as uow:
                if await uow.processed_events.seen(handler.name, event.event_id):
                    return False
                after_commit = await handler.transactional(event, uow)
                if not await uow.processed_events.record(
                    handler.name, event.event_id, self._clock.now()
                ):
                    await uow.rollback()  # another worker finished it meanwhile
                    return False
                await uow.commit()
            if after_commit is not None:
                try:
                    await after_commit()
                except Exception:
                    # Committed is done; what follows the commit is best effort by design.
                    log.warning("after-commit step failed", handler=handler.name, exc_info=True)
            return True
        assert handler.side_effect is not None
        async with self._uow_factory() as uow:
            if await uow.processed_events.seen(handler.name, event.event_id):
                return False
        await handler.side_effect(event)
        async with self._uow_factory() as uow:
            await uow.processed_events.record(handler.name, event.event_id, self._clock.now())
            await uow.commit()
        return True

    async def _keep_alive(self, delivery: Delivery) -> None:
        while True:
            await asyncio.sleep(max(self.config.ack_wait / 3, 0.05))
            try:
                await delivery.in_progress()
            except Exception:
                log.debug("could not extend the ack deadline", exc_info=True)


__all__ = ["Worker", "WorkerConfig"]
