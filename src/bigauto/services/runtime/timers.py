"""Periodic jobs of the worker (expire payment holds, reminders, ...), driven by the clock port.

A :class:`Timer` is a name, an interval and a job: ``async def job(now) -> object``, given the
clock's time. :class:`Timers` runs each job once per interval. Across several worker processes
only one runs a given job per interval: each run is claimed first with a conditional update of
its ``timer_runs`` row (``last_run_at <= now - interval``), which exactly one process wins.

A job must still be idempotent and safe to overlap with itself (a run that takes longer than its
interval overlaps the next one): change rows with conditional updates, raise events through the
outbox, and let the worker's handlers do the rest. A job that fails is logged and simply runs
again at its next interval (the claim is not given back).

Registering a job (the composition root does this; see ``bigauto.entrypoints.worker``)::

    timers.add(Timer("rentals.expire-holds", timedelta(minutes=1), expire_holds_job))

Tests drive time with a settable clock and call :meth:`Timers.run_due` themselves.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta

import attrs
import structlog

from bigauto.ports.shared.system import Clock
from bigauto.ports.unit_of_work import UnitOfWorkFactory

log = structlog.get_logger(__name__)

TimerJob = Callable[[datetime], Awaitable[object]]


@attrs.frozen
class Timer:
    """Run ``job(now)`` every ``interval``; ``name`` keys its runs across processes."""

    name: str
    interval: timedelta
    job: TimerJob = attrs.field(eq=False)

    def __attrs_post_init__(self) -> None:
        if self.interval <= timedelta(0):
            raise ValueError(f"timer {self.name!r} needs a positive interval")


class Timers:
    """The schedule: which timers exist and when each may run next in this process."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, clock: Clock, timers: Iterable[Timer] = ()
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._timers: dict[str, Timer] = {}
        # When this process should next ask for a claim; only an optimisation, the database
        # decides who runs.
        self._next: dict[str, datetime] = {}
        for timer in timers:
            self.add(timer)

    def add(self, timer: Timer) -> None:
        """Schedule ``timer``; its first run is due at once."""
        if timer.name in self._timers:
            raise ValueError(f"a timer called {timer.name!r} is scheduled already")
        self._timers[timer.name] = timer

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._timers)

    async def run_due(self) -> list[str]:
        """Run every timer that is due at the clock's now and that this process wins; answer
        the names of those that ran (successfully or not)."""
        ran: list[str] = []
        for timer in list(self._timers.values()):
            now = self._clock.now()
            due = self._next.get(timer.name)
            if due is not None and now < due:
                continue
            if not await self._claim(timer, now):
                continue
            ran.append(timer.name)
            try:
                await timer.job(now)
            except Exception:
                log.exception("timer job failed", timer=timer.name)
            else:
                log.info("timer job ran", timer=timer.name)
        return ran

    async def _claim(self, timer: Timer, now: datetime) -> bool:
        async with self._uow_factory() as uow:
            claimed = await uow.timer_runs.claim(timer.name, now, timer.interval)
            last = now if claimed else await uow.timer_runs.last_run(timer.name)
            await uow.commit()
        self._next[timer.name] = (last or now) + timer.interval
        return claimed

    async def run(self, stop: asyncio.Event, tick: float = 1.0) -> None:
        """Run due timers every ``tick`` seconds until ``stop`` is set."""
        while not stop.is_set():
            try:
                await self.run_due()
            except Exception:
                # The database may be briefly away; the timers are tried again next tick.
                log.exception("timer round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=tick)


__all__ = ["Timer", "TimerJob", "Timers"]
