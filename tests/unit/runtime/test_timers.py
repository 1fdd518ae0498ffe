"""Periodic jobs driven by a settable clock: once per interval, across processes too."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from tests.unit.worker_support import T0

from bigauto.adapters.memory import FixedClock, MemoryUnitOfWorkFactory
from bigauto.services.runtime.timers import Timer, Timers


class Job:
    """Records the times it ran at; fails while told to."""

    def __init__(self, failures: int = 0) -> None:
        self.ran: list[datetime] = []
        self.failures = failures

    async def __call__(self, now: datetime) -> int:
        self.ran.append(now)
        if self.failures:
            self.failures -= 1
            raise RuntimeError("the job broke")
        return 1


async def test_a_timer_runs_at_once_then_once_per_interval():
    """Due at start, not again until its interval has passed on the clock."""
    clock = FixedClock(T0)
    job = Job()
    timers = Timers(
        MemoryUnitOfWorkFactory(), clock, [Timer("reminders", timedelta(minutes=5), job)]
    )
    assert await timers.run_due() == ["reminders"]
    clock.advance(minutes=4, seconds=59)
    assert await timers.run_due() == []
    clock.advance(seconds=1)
    assert await timers.run_due() == ["reminders"]
    assert job.ran == [T0, T0 + timedelta(minutes=5)]


async def test_timers_keep_their_own_intervals():
    """A one-minute and a ten-minute job over ten minutes: ten runs and one."""
    clock = FixedClock(T0)
    fast, slow = Job(), Job()
    timers = Timers(MemoryUnitOfWorkFactory(), clock)
    timers.add(Timer("fast", timedelta(minutes=1), fast))
    timers.add(Timer("slow", timedelta(minutes=10), slow))
    for _ in range(10):
        await timers.run_due()
        clock.advance(minutes=1)
    assert (len(fast.ran), len(slow.ran)) == (10, 1)


async def test_of_several_workers_only_one_runs_a_job_per_interval():
    """Two processes' schedules on one database: each interval's run is claimed once."""
    clock = FixedClock(T0)
    database = MemoryUnitOfWorkFactory()
    job = Job()
    timer = Timer("expire-holds", timedelta(minutes=1), job)
    first, second = Timers(database, clock, [timer]), Timers(database, clock, [timer])
    for _ in range(5):
        await asyncio.gather(first.run_due(), second.run_due())
        clock.advance(seconds=30)
    # Five rounds thirty seconds apart span two minutes: runs at 0, 1 and 2 minutes.
    assert job.ran == [T0, T0 + timedelta(minutes=1), T0 + timedelta(minutes=2)]


async def test_a_failing_job_is_logged_and_runs_again_next_interval():
    """A failure neither stops the other timers nor retries before the next interval."""
    clock = FixedClock(T0)
    broken, fine = Job(failures=1), Job()
    timers = Timers(
        MemoryUnitOfWorkFactory(),
        clock,
        [Timer("broken", timedelta(minutes=1), broken), Timer("fine", timedelta(minutes=1), fine)],
    )
    assert await timers.run_due() == ["broken", "fine"]
    assert await timers.run_due() == []
    clock.advance(minutes=1)
    await timers.run_due()
    assert len(broken.ran) == 2 and len(fine.ran) == 2


async def test_the_loop_runs_due_timers_until_stopped():
    """run() ticks on its own and returns promptly once stop is set."""
    job = Job()
    stop = asyncio.Event()
    timers = Timers(
        MemoryUnitOfWorkFactory(), FixedClock(T0), [Timer("t", timedelta(hours=1), job)]
    )
    task = asyncio.create_task(timers.run(stop, tick=0.01))
    await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(task, timeout=1)
    assert job.ran == [T0]


def test_names_are_unique_and_intervals_positive():
    """A second timer with a taken name, or a zero interval, is refused."""
    timers = Timers(
        MemoryUnitOfWorkFactory(), FixedClock(T0), [Timer("a", timedelta(seconds=1), Job())]
    )
    with pytest.raises(ValueError, match="already"):
        timers.add(Timer("a", timedelta(seconds=1), Job()))
    with pytest.raises(ValueError, match="positive"):
        Timer("b", timedelta(0), Job())
