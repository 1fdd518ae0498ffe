"""Hypothesis strategies and a state machine for rental bookings on one vehicle's calendar.

``BookingCalendarMachine`` books, pays, confirms, starts, completes, cancels and expires random
bookings of a single vehicle (and lets the owner block days) while a clock moves forward, using
only the pure domain (``RentalBooking`` and ``Calendar``). After every step it checks that the
rentals holding dates never overlap, turnaround buffer included, that owner blocks do not overlap
them either, and that no cancellation refunds more than was paid. Run it in a test module with::

    from bigauto.testing.bookings import BookingCalendarMachine

    TestBookings = BookingCalendarMachine.TestCase

``rental_bookings()`` draws a booking already driven to some state, ``cancellation_policies()``
a valid policy.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from bigauto.domain.bookings.cancellation import CancellationPolicy
from bigauto.domain.bookings.events import RentalEvents
from bigauto.domain.bookings.lifecycles import RentalState
from bigauto.domain.bookings.rentals import RentalBooking, booking_calendar
from bigauto.domain.catalogue.availability import Calendar, CalendarEntry
from bigauto.domain.catalogue.errors import VehicleUnavailable
from bigauto.domain.catalogue.pricing import RatePlan
from bigauto.domain.money.commission import CommissionPolicy
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.errors import InvalidTransition
from bigauto.domain.shared.money import Money
from bigauto.domain.shared.periods import DatePeriod
from bigauto.testing.strategies import rate_plans

#: The time zone the machine's vehicle lives in, and the instant its clock starts at.
TIMEZONE = "Asia/Jakarta"
START = datetime(2026, 1, 1, 1, tzinfo=UTC)
SELLER = "seller"
CUSTOMERS = ("ani", "citra", "dewi")
_ZONE = ZoneInfo(TIMEZONE)
#: Statuses in which a booking keeps its dates whatever the time.
_HOLDING = frozenset({RentalState.PAID, RentalState.AKAN_DATANG, RentalState.BERJALAN})
_PLAN = RatePlan(Money(300_000), deposit=Money(500_000))


def cancellation_policies() -> st.SearchStrategy[CancellationPolicy]:
    """Valid policies: 0 to 14 days of notice for a full refund, a late rate in 0..1."""
    return st.builds(
        CancellationPolicy,
        full_refund_hours=st.integers(0, 24 * 14),
        late_refund_rate=st.decimals(0, 1, places=2),
        pickup_time=st.sampled_from([time(0), time(9), time(12)]),
    )


def _walk(booking: RentalBooking, goal: RentalState, ids: Callable[[], str]) -> RentalBooking:
    at = booking.created_at
    if goal is RentalState.CANCELLED:
        return booking.cancel(
            actor=Actor.CUSTOMER,
            actor_id=booking.customer_id,
            at=at,
            event_id=ids(),
            policy=CancellationPolicy(),
        )[0]
    if goal is RentalState.PENDING_PAYMENT:
        return booking
    booking = booking.pay(at=at, event_id=ids())[0]
    if goal is RentalState.PAID:
        return booking
    booking = booking.confirm(actor_id=booking.seller_id, at=at, event_id=ids())[0]
    if goal is RentalState.AKAN_DATANG:
        return booking
    handover = datetime.combine(booking.period.start, time(12), tzinfo=UTC)
    booking = booking.start(actor_id=booking.seller_id, at=handover, event_id=ids())[0]
    if goal is RentalState.BERJALAN:
        return booking
    return booking.complete(actor_id=booking.seller_id, at=handover, event_id=ids())[0]


@st.composite
def rental_bookings(
    draw: st.DrawFn,
    states: st.SearchStrategy[RentalState] = st.sampled_from(RentalState),
) -> RentalBooking:
    """A booking of a random plan and period, requested at ``START`` and driven to a state."""
    plan = draw(rate_plans())
    offset, days = draw(st.integers(0, 60)), draw(st.integers(1, 30))
    start = START.date() + timedelta(days=offset)
    ids = count()
    booking, _ = RentalBooking.request(
        booking_id=draw(st.uuids()).hex,
        vehicle_id="vehicle",
        customer_id=draw(st.sampled_from(CUSTOMERS)),
        seller_id=SELLER,
        start_date=start,
        end_date=start + timedelta(days=days),
        plan=plan,
        calendar=booking_calendar(()),
        commission=CommissionPolicy(),
        now=START,
        timezone=TIMEZONE,
        event_id="requested",
        hold_minutes=draw(st.integers(1, 120)),
    )
    return _walk(booking, draw(states), lambda: f"event-{next(ids)}")


class BookingCalendarMachine(RuleBasedStateMachine):
    """One vehicle's bookings under random operations; see the module docstring."""

    def __init__(self) -> None:
        super().__init__()
        self.now = START
        self.bookings: dict[str, RentalBooking] = {}
        self.blocks: list[CalendarEntry] = []
        self.turnaround = 0
        self.policy = CancellationPolicy()
        self._ids = count()

    def _id(self, prefix: str) -> str:
        return f"{prefix}-{next(self._ids)}"

    @initialize(turnaround=st.integers(0, 2), policy=cancellation_policies())
    def setup(self, turnaround: int, policy: CancellationPolicy) -> None:
        self.turnaround, self.policy = turnaround, policy

    def calendar(self) -> Calendar:
        """The vehicle's calendar as the bookings and blocks make it now."""
        return booking_calendar(
            self.bookings.values(), self.blocks, turnaround_days=self.turnaround
        )

    def _in(self, *states: RentalState) -> list[RentalBooking]:
        return sorted((b for b in self.bookings.values() if b.status in states), key=lambda b: b.id)

    def _pick(self, pick: int, *states: RentalState) -> RentalBooking:
        chosen = self._in(*states)
        return chosen[pick % len(chosen)]

    def _period(self, offset: int, days: int) -> DatePeriod:
        start = self.now.astimezone(_ZONE).date() + timedelta(days=offset)
        return DatePeriod(start, start + timedelta(days=days))

    # --- rules -----------------------------------------------------------------------------

    @rule(minutes=st.one_of(st.integers(1, 90), st.integers(1, 4 * 24 * 60)))
    def advance(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)

    @rule(offset=st.integers(0, 12), days=st.integers(1, 6), who=st.sampled_from(CUSTOMERS))
    def request(self, offset: int, days: int, who: str) -> None:
        self._request(self._period(offset, days), who)

    @precondition(lambda self: self.bookings)
    @rule(pick=st.integers(0, 100), shift=st.integers(-3, 3), who=st.sampled_from(CUSTOMERS))
    def request_near(self, pick: int, shift: int, who: str) -> None:
        """Ask for the dates of an existing booking, shifted a little: collisions on purpose."""
        taken = self._pick(pick, *RentalState).period
        today = self.now.astimezone(_ZONE).date()
        start = max(today, taken.start + timedelta(days=shift))
        self._request(DatePeriod(start, start + timedelta(days=taken.days)), who)

    def _request(self, period: DatePeriod, who: str) -> None:
        calendar = self.calendar()
        free = calendar.is_available(period, at=self.now)
        try:
            booking, event = RentalBooking.request(
                booking_id=self._id("rental"),
                vehicle_id="vehicle",
                customer_id=who,
                seller_id=SELLER,
                start_date=period.start,
                end_date=period.end,
                plan=_PLAN,
                calendar=calendar,
                commission=CommissionPolicy(),
                now=self.now,
                timezone=TIMEZONE,
                event_id=self._id("event"),
            )
        except VehicleUnavailable:
            assert not free
            return
        assert free and event.name == RentalEvents.REQUESTED
        self.bookings[booking.id] = booking

    @rule(days=st.integers(1, 3), offset=st.integers(0, 20))
    def block(self, offset: int, days: int) -> None:
        calendar = self.calendar()
        period = self._period(offset, days)
        if calendar.is_available(period, at=self.now):
            self.blocks.append(CalendarEntry.block(self._id("block"), period))

    @precondition(lambda self: self._in(RentalState.PENDING_PAYMENT))
    @rule(pick=st.integers(0, 100))
    def pay(self, pick: int) -> None:
        booking = self._pick(pick, RentalState.PENDING_PAYMENT)
        calendar = self.calendar()
        try:
            paid, _ = booking.pay(at=self.now, event_id=self._id("event"), calendar=calendar)
        except VehicleUnavailable:
            assert booking.hold_expired(self.now)
            return
        self.bookings[paid.id] = paid

    @precondition(lambda self: self._in(RentalState.PENDING_PAYMENT))
    @rule(pick=st.integers(0, 100))
    def expire(self, pick: int) -> None:
        booking = self._pick(pick, RentalState.PENDING_PAYMENT)
        try:
            expired, _ = booking.expire_hold(at=self.now, event_id=self._id("event"))
        except InvalidTransition:
            assert not booking.hold_expired(self.now)
            return
        assert expired.status is RentalState.CANCELLED
        self.bookings[expired.id] = expired

    @precondition(lambda self: self._in(RentalState.PAID))
    @rule(pick=st.integers(0, 100), auto=st.booleans())
    def confirm(self, pick: int, auto: bool) -> None:
        booking = self._pick(pick, RentalState.PAID)
        if auto:
            confirmed, _ = booking.auto_confirm(at=self.now, event_id=self._id("event"))
        else:
            confirmed, _ = booking.confirm(actor_id=SELLER, at=self.now, event_id=self._id("e"))
        self.bookings[confirmed.id] = confirmed

    @precondition(lambda self: self._in(RentalState.AKAN_DATANG))
    @rule(pick=st.integers(0, 100), wait=st.booleans())
    def start(self, pick: int, wait: bool) -> None:
        booking = self._pick(pick, RentalState.AKAN_DATANG)
        if wait:  # the clock runs on to the handover day (other holds may expire meanwhile)
            handover = datetime.combine(booking.period.start, time(9), tzinfo=_ZONE)
            self.now = max(self.now, handover)
        try:
            started, _ = booking.start(actor_id=SELLER, at=self.now, event_id=self._id("event"))
        except InvalidTransition:
            assert booking.today(self.now) < booking.period.start
            return
        self.bookings[started.id] = started

    @precondition(lambda self: self._in(RentalState.BERJALAN))
    @rule(pick=st.integers(0, 100))
    def complete(self, pick: int) -> None:
        booking = self._pick(pick, RentalState.BERJALAN)
        done, _ = booking.complete(actor_id=SELLER, at=self.now, event_id=self._id("event"))
        self.bookings[done.id] = done

    @precondition(
        lambda self: self._in(
            RentalState.PENDING_PAYMENT, RentalState.PAID, RentalState.AKAN_DATANG
        )
    )
    @rule(pick=st.integers(0, 100), by_seller=st.booleans())
    def cancel(self, pick: int, by_seller: bool) -> None:
        booking = self._pick(
            pick, RentalState.PENDING_PAYMENT, RentalState.PAID, RentalState.AKAN_DATANG
        )
        actor = Actor.SELLER if by_seller else Actor.CUSTOMER
        who = SELLER if by_seller else booking.customer_id
        try:
            cancelled, event = booking.cancel(
                actor=actor, actor_id=who, at=self.now, event_id=self._id("e"), policy=self.policy
            )
        except InvalidTransition:
            # Only a pending booking refuses: its cancellation is the customer's alone.
            assert by_seller and booking.status is RentalState.PENDING_PAYMENT
            return
        if by_seller:
            assert cancelled.total_refund == cancelled.amount_paid
        assert cancelled.refund_amount is not None
        assert event.payload["refund_amount"] == cancelled.refund_amount.amount
        self.bookings[cancelled.id] = cancelled

    # --- invariants ------------------------------------------------------------------------

    @invariant()
    def rentals_never_overlap_turnaround_included(self) -> None:
        # Read from the statuses, not from calendar_entry(), so a wrong entry cannot hide itself.
        live = [
            booking.period
            for booking in self.bookings.values()
            if booking.status in _HOLDING
            or (
                booking.status is RentalState.PENDING_PAYMENT and self.now < booking.hold_expires_at
            )
        ]
        gap = timedelta(days=self.turnaround)
        for i, a in enumerate(live):
            for b in live[i + 1 :]:
                assert a.end + gap <= b.start or b.end + gap <= a.start, (a, b)
            for block in self.blocks:
                assert not a.overlaps(block.period), (a, block)

    @invariant()
    def refunds_never_exceed_what_was_paid(self) -> None:
        for booking in self.bookings.values():
            assert booking.total_refund <= booking.amount_paid
            if booking.refund_amount is not None:
                assert Money(0) <= booking.refund_amount <= booking.quote.revenue
            if booking.paid_at is None:
                assert booking.total_refund == Money(0)

    @invariant()
    def history_ends_in_the_current_status(self) -> None:
        for booking in self.bookings.values():
            assert booking.history[-1].to_state == booking.status
            assert [row.at for row in booking.history] == sorted(row.at for row in booking.history)


__all__ = [
    "CUSTOMERS",
    "SELLER",
    "START",
    "TIMEZONE",
    "BookingCalendarMachine",
    "cancellation_policies",
    "rental_bookings",
]
