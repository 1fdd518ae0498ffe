"""The worker process (``bigauto worker``), built from every context's worker parts.

Every process that does background work owns a :class:`BackgroundWork`: the outbox relay, the
worker over the event stream and the timers. ``bigauto worker`` runs all three until SIGTERM or
SIGINT; ``bigauto serve`` runs the relay always, and the worker and timers too when there is no
``NATS_URL`` (the embedded default, where the stream lives in that process).

Each context declares its handlers and timers next to its providers, as a ``WorkerParts``
(``bigauto.adapters.wiring.<context>``); the container lists them (``worker_parts``) and this
module registers every handler and schedules every timer. A handler or a timer is added to its
context's parts, e.g. in ``adapters/wiring/payments.py``::

    payments_worker = providers.Factory(
        WorkerParts,
        handlers=providers.List(payment_handlers.provided.register),  # register(registry)
        timers=providers.List(...),  # Timer(name, interval, job)
    )

Tests drive it by hand: ``await work.drain()`` relays the outbox and handles every event that
is due, ``await work.timers.run_due()`` runs the due timers at the container's clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator, Sequence

import attrs
import structlog

from bigauto.config import Settings
from bigauto.container import Container, aclose, build_container
from bigauto.services.runtime.outbox import OutboxRelay
from bigauto.services.runtime.registry import HandlerRegistry
from bigauto.services.runtime.timers import Timers
from bigauto.services.runtime.worker import Worker
from bigauto.services.runtime.worker_parts import WorkerParts

log = structlog.get_logger(__name__)


def build_registry(parts: Sequence[WorkerParts]) -> HandlerRegistry:
    """Every context's event handlers, in the order of ``parts``."""
    registry = HandlerRegistry()
    for context in parts:
        context.register(registry)
    return registry


def build_timers(container: Container, parts: Sequence[WorkerParts]) -> Timers:
    """Every context's periodic jobs."""
    return container.timers(timers=[timer for context in parts for timer in context.timers])


@attrs.define
class BackgroundWork:
    """One process's relay, worker and timers, with a hook for tests (:meth:`drain`)."""

    relay: OutboxRelay
    worker: Worker
    timers: Timers

    @classmethod
    def of(cls, container: Container) -> BackgroundWork:
        parts: list[WorkerParts] = container.worker_parts()
        worker: Worker = container.worker(registry=build_registry(parts))
        return cls(container.outbox_relay(), worker, build_timers(container, parts))

    async def drain(self, rounds: int = 100) -> int:
        """Relay the outbox and handle what the stream has due, until both are empty (at most
        ``rounds`` rounds); answer how many deliveries were handled. Retries waiting out a
        backoff are not due yet and stay for later."""
        handled = 0
        for _ in range(rounds):
            relayed = 0
            while batch := await self.relay.relay_once():
                relayed += batch
            fetched = await self.worker.run_once(wait=0)
            handled += fetched
            if not relayed and not fetched:
                break
        return handled

    @contextlib.asynccontextmanager
    async def running(
        self, *, relay_interval: float, consume: bool, tick: float = 1.0
    ) -> AsyncIterator[asyncio.Event]:
        """Run the relay (and, if ``consume``, the worker and timers) until the block ends;
        then stop fetching, finish the event in hand and wait for each loop to end."""
        stop = asyncio.Event()
        tasks = [asyncio.create_task(self.relay.run(stop, interval=relay_interval))]
        if consume:
            tasks.append(asyncio.create_task(self.worker.run(stop)))
            tasks.append(asyncio.create_task(self.timers.run(stop, tick=tick)))
        try:
            yield stop
        finally:
            stop.set()
            done, pending = await asyncio.wait(tasks, timeout=self.worker.config.ack_wait)
            for task in pending:
                task.cancel()  # stuck past ack_wait: its event is redelivered anyway
            for task in done:
                if not task.cancelled() and task.exception() is not None:
                    log.error("background loop failed", exc_info=task.exception())


async def run_worker(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """The ``bigauto worker`` process: relay, consume and run timers until SIGTERM/SIGINT."""
    container = build_container(settings)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    if not settings.runtime.nats_url:
        log.warning(
            "no NATS_URL: this worker consumes its own in-process stream; "
            "`bigauto serve` already does that, a separate worker is for NATS deployments"
        )
    try:
        work = BackgroundWork.of(container)
        log.info(
            "worker started",
            durable=work.worker.config.durable,
            handlers=list(work.worker.registry.names),
            timers=list(work.timers.names),
        )
        interval = max(settings.runtime.outbox_interval, 0.1)
        async with work.running(relay_interval=interval, consume=True):
            await stop.wait()
        log.info("worker stopped")
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signum)
        await aclose(container)


__all__ = ["BackgroundWork", "build_registry", "build_timers", "run_worker"]
