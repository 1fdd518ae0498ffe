"""The worker process (``bigauto worker``), and where its handlers and timers are wired.

Every process that does background work owns a :class:`BackgroundWork`: the outbox relay, the
worker over the event stream and the timers. ``bigauto worker`` runs all three until SIGTERM or
SIGINT; ``bigauto serve`` runs the relay always, and the worker and timers too when there is no
``NATS_URL`` (the embedded default, where the stream lives in that process).

Adding a handler or a timer (later waves do this here)::

    def build_registry(container):
        ...
        registry.on_transaction("rental.paid", name="ledger.rental_paid", handler=...)

    def build_timers(container):
        ...
        timers.add(Timer("rentals.expire_holds", timedelta(minutes=1), job))

Tests drive it by hand: ``await work.drain()`` relays the outbox and handles every event that
is due, ``await work.timers.run_due()`` runs the due timers at the container's clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta

import attrs
import structlog

from bigauto.config import Settings
from bigauto.container import Container, aclose, build_container
from bigauto.services.bookings import timers as jobs
from bigauto.services.bookings.context import Bookings
from bigauto.services.runtime.idempotency import Idempotency
from bigauto.services.runtime.outbox import OutboxRelay
from bigauto.services.runtime.registry import HandlerRegistry
from bigauto.services.runtime.timers import Timer, TimerJob, Timers
from bigauto.services.runtime.worker import Worker, WorkerConfig

log = structlog.get_logger(__name__)

#: How long an event's "already handled" record is kept: far beyond any redelivery.
PROCESSED_RETENTION = timedelta(days=30)


def worker_config(settings: Settings) -> WorkerConfig:
    return WorkerConfig(
        durable=settings.runtime.worker_durable,
        batch=settings.runtime.worker_batch,
        ack_wait=settings.runtime.worker_ack_wait,
        max_attempts=settings.runtime.worker_max_attempts,
        backoff_base=settings.runtime.worker_backoff_base,
        backoff_max=settings.runtime.worker_backoff_max,
        backoff_jitter=settings.runtime.worker_backoff_jitter,
    )


def build_registry(container: Container) -> HandlerRegistry:
    """Every event handler of the service."""
    registry = HandlerRegistry()
    identity_emails = container.email_notifications()
    registry.on(identity_emails.subjects, name="identity.email", handler=identity_emails.handle)
    container.notifier().register(registry)
    container.chat_emails().register(registry)
    container.chat_fanout().register(registry)
    container.payment_handlers().register(registry)
    return registry


def build_timers(container: Container) -> Timers:
    """Every periodic job of the service."""
    uow_factory = container.uow_factory()

    async def purge_processed(now: datetime) -> int:
        async with uow_factory() as uow:
            purged = await uow.processed_events.purge_before(now - PROCESSED_RETENTION)
            await uow.commit()
        return purged

    timers = Timers(uow_factory, container.clock())
    timers.add(container.chat_emails().timer())
    timers.add(Timer("worker.purge_processed", timedelta(hours=6), purge_processed))
    for timer in booking_timers(container):
        timers.add(timer)
    return timers


def booking_timers(container: Container) -> list[Timer]:
    """Holds, confirmations, reminders, overdue rentals, stale offers, idempotency keys.

    Each job asks the container for its ``Bookings`` when it runs, so it uses the clock and
    settings in force then (tests override the clock after the app is built)."""

    def job(run: Callable[[Bookings, datetime], Awaitable[int]]) -> TimerJob:
        async def go(now: datetime) -> int:
            return await run(container.bookings(), now)

        return go

    async def purge_keys(now: datetime) -> int:
        keys: Idempotency = container.idempotency()
        return await keys.purge(now)

    minute, hour = timedelta(minutes=1), timedelta(hours=1)
    return [
        Timer("rentals.expire_holds", minute, job(jobs.expire_rental_holds)),
        Timer("rentals.auto_confirm", minute, job(jobs.auto_confirm_rentals)),
        Timer("rentals.pickup_reminders", timedelta(minutes=15), job(jobs.remind_pickups)),
        Timer("rentals.overdue", timedelta(minutes=15), job(jobs.flag_overdue_rentals)),
        Timer("sale_orders.expire_offers", hour, job(jobs.expire_sale_offers)),
        Timer(
            "sale_orders.expire_unpaid", timedelta(minutes=5), job(jobs.expire_unpaid_sale_orders)
        ),
        Timer("idempotency.purge", timedelta(hours=6), purge_keys),
    ]


@attrs.define
class BackgroundWork:
    """One process's relay, worker and timers, with a hook for tests (:meth:`drain`)."""

    relay: OutboxRelay
    worker: Worker
    timers: Timers

    @classmethod
    def of(cls, container: Container) -> BackgroundWork:
        settings: Settings = container.settings()
        worker = Worker(
            container.event_stream(),
            build_registry(container),
            container.uow_factory(),
            container.clock(),
            container.ids(),
            worker_config(settings),
        )
        return cls(container.outbox_relay(), worker, build_timers(container))

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


__all__ = [
    "BackgroundWork",
    "booking_timers",
    "build_registry",
    "build_timers",
    "run_worker",
    "worker_config",
]
