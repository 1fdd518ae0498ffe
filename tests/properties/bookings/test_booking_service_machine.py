"""Stateful: random interleavings of book, pay, cancel, expire and time passing, through the
booking use cases on the memory adapters and on SQLite, never double-book.

A reference model (the pure domain calendar of the bookings the machine has seen succeed)
predicts whether each request should succeed; the service must agree, and after every step
the stored bookings that hold dates never overlap (turnaround included), and the vehicle's
calendar table holds exactly one entry per such booking (a hold while unpaid).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from tests.unit.booking_world import ANI, CAR, CITRA, SELLER, World, make_world

from bigauto.adapters.sql import SqlUnitOfWorkFactory, create_engine, upgrade_engine
from bigauto.domain.bookings.lifecycles import RentalState
from bigauto.domain.bookings.rentals import RentalBooking
from bigauto.domain.catalogue.availability import Calendar, CalendarEntry, EntryKind
from bigauto.domain.catalogue.errors import VehicleUnavailable
from bigauto.domain.shared.errors import InvalidTransition
from bigauto.domain.shared.periods import DatePeriod
from bigauto.services.bookings import rentals
from bigauto.services.bookings import timers as booking_timers
from bigauto.services.bookings.context import BookingPolicy
from bigauto.services.bookings.payment_outcomes import mark_rental_paid

HOLDING = frozenset(
    {RentalState.PENDING_PAYMENT, RentalState.PAID, RentalState.AKAN_DATANG, RentalState.BERJALAN}
)


class BookingServiceMachine(RuleBasedStateMachine):
    """One vehicle booked through the services; see the module docstring."""

    backend = "memory"
    sqlite_template: Path | None = None

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.engine: Any = None
        self.ids: list[str] = []

    def run(self, coro: Any) -> Any:
        return self.loop.run_until_complete(coro)

    @initialize(turnaround=st.integers(0, 1))
    def setup(self, turnaround: int) -> None:
        factory = None
        if self.backend == "sqlite":
            assert self.sqlite_template is not None
            path = self.sqlite_template.with_name(f"machine-{id(self)}.db")
            shutil.copyfile(self.sqlite_template, path)
            self.engine = create_engine(f"sqlite:///{path}")
            factory = SqlUnitOfWorkFactory(self.engine)
        self.turnaround = turnaround
        policy = BookingPolicy(turnaround_days=turnaround, hold_minutes=30)
        self.world: World = self.run(make_world(factory, policy))

    def teardown(self) -> None:
        if self.engine is not None:
            self.run(self.engine.dispose())
        self.loop.close()

    # --- the model ---------------------------------------------------------------------------

    async def stored(self) -> list[RentalBooking]:
        async with self.world.uow_factory() as uow:
            return list(await uow.rentals.of_vehicle(CAR.id))

    def model_calendar(self, bookings: list[RentalBooking]) -> Calendar:
        entries = [e for b in bookings if (e := b.calendar_entry()) is not None]
        return Calendar.of(entries, turnaround_days=self.turnaround)

    # --- rules -------------------------------------------------------------------------------

    @rule(offset=st.integers(1, 20), days=st.integers(1, 4), who=st.sampled_from([ANI, CITRA]))
    def book(self, offset: int, days: int, who: Any) -> None:
        today = self.world.clock.now().date()
        period = DatePeriod(today + timedelta(days=offset), today + timedelta(days=offset + days))
        expected = self.model_calendar(self.run(self.stored())).is_available(
            period, at=self.world.clock.now()
        )
        try:
            booking = self.run(
                rentals.request_rental(
                    self.world.ctx,
                    customer_id=who.id,
                    vehicle_id=CAR.id,
                    start_date=period.start,
                    end_date=period.end,
                )
            )
        except VehicleUnavailable:
            assert not expected, f"{period} was free but refused"
        else:
            assert expected, f"{period} was taken but booked"
            self.ids.append(booking.id)

    @precondition(lambda self: self.ids)
    @rule(pick=st.integers(0, 1000))
    def pay(self, pick: int) -> None:
        booking_id = self.ids[pick % len(self.ids)]

        async def go() -> None:
            async with self.world.uow_factory() as uow:
                await mark_rental_paid(
                    uow,
                    self.world.ctx.ids,
                    booking_id=booking_id,
                    at=self.world.clock.now(),
                    policy=self.world.ctx.policy,
                )
                await uow.commit()

        # Too late is fine: cancelled meanwhile, or its dates went to someone else.
        with contextlib.suppress(VehicleUnavailable, InvalidTransition):
            self.run(go())

    @precondition(lambda self: self.ids)
    @rule(pick=st.integers(0, 1000), by_seller=st.booleans())
    def cancel(self, pick: int, by_seller: bool) -> None:
        booking_id = self.ids[pick % len(self.ids)]
        booking = next(b for b in self.run(self.stored()) if b.id == booking_id)
        user = SELLER.id if by_seller else booking.customer_id
        # Not every side may cancel in every state; that is the lifecycle's business.
        with contextlib.suppress(InvalidTransition):
            self.run(rentals.cancel_rental(self.world.ctx, booking_id=booking_id, user_id=user))

    @rule(minutes=st.sampled_from([5, 20, 31, 60 * 24]))
    def time_passes(self, minutes: int) -> None:
        self.world.clock.advance(timedelta(minutes=minutes))

    @rule()
    def expire(self) -> None:
        self.run(booking_timers.expire_rental_holds(self.world.ctx, self.world.clock.now()))

    # --- invariants --------------------------------------------------------------------------

    @invariant()
    def holding_bookings_never_overlap(self) -> None:
        if not hasattr(self, "world"):
            return
        holding = sorted(
            (b for b in self.run(self.stored()) if b.status in HOLDING),
            key=lambda b: b.period,
        )
        padded = [b.period.extended(days_after=self.turnaround) for b in holding]
        for a, b in itertools.pairwise(padded):
            assert not a.overlaps(b), f"{a} overlaps {b}"

    @invariant()
    def the_calendar_table_mirrors_the_bookings(self) -> None:
        if not hasattr(self, "world"):
            return

        async def entries() -> dict[str, EntryKind]:
            async with self.world.uow_factory() as uow:
                calendar = await uow.calendar.entries(CAR.id)
            return {e.ref: e.kind for e in calendar.entries}

        expected = {}
        for b in self.run(self.stored()):
            entry: CalendarEntry | None = b.calendar_entry()
            if entry is not None:
                expected[b.id] = entry.kind
        assert self.run(entries()) == expected


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("machine") / "template.db"

    async def migrate() -> None:
        engine = create_engine(f"sqlite:///{path}")
        await upgrade_engine(engine)
        await engine.dispose()

    asyncio.run(migrate())
    return path


def test_bookings_never_overlap_in_memory() -> None:
    """Random book/pay/cancel/expire interleavings in memory never double-book."""
    BookingServiceMachine.TestCase.settings = settings(
        max_examples=settings().max_examples // 2, stateful_step_count=25, deadline=None
    )
    BookingServiceMachine.TestCase().runTest()


def test_bookings_never_overlap_on_sqlite(sqlite_template: Path) -> None:
    """The same on SQLite (serialised writes plus the domain check)."""

    class OnSqlite(BookingServiceMachine):
        backend = "sqlite"

    OnSqlite.sqlite_template = sqlite_template
    OnSqlite.TestCase.settings = settings(
        max_examples=max(settings().max_examples // 6, 5), stateful_step_count=20, deadline=None
    )
    OnSqlite.TestCase().runTest()
