"""Properties of bookings for all inputs: calendars, refunds, test-drive slots, negotiations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count, pairwise

from hypothesis import given
from hypothesis import strategies as st

from bigauto.domain.bookings.cancellation import CancellationPolicy
from bigauto.domain.bookings.errors import (
    NegotiationLimitReached,
    OutsideOpeningHours,
    TestDriveSlotTaken,
)
from bigauto.domain.bookings.lifecycles import RentalState, SaleOrderState
from bigauto.domain.bookings.rentals import RentalBooking
from bigauto.domain.bookings.sales import SaleOrder
from bigauto.domain.bookings.test_drives import OpeningHours, TestDrive, active_slots
from bigauto.domain.money.commission import CommissionPolicy
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.errors import InvalidTransition, ValidationFailed
from bigauto.domain.shared.money import Money
from bigauto.testing.bookings import BookingCalendarMachine, cancellation_policies, rental_bookings

TestBookingCalendar = BookingCalendarMachine.TestCase

START = datetime(2026, 6, 10, tzinfo=UTC)
amounts = st.integers(0, 10**12).map(Money)
notice_hours = st.integers(-24 * 10, 24 * 30)


@given(cancellation_policies(), amounts, notice_hours, notice_hours)
def test_more_notice_never_refunds_less(
    policy: CancellationPolicy, paid: Money, a: int, b: int
) -> None:
    """A customer cancelling earlier gets at least as much back as one cancelling later."""
    early, late = max(a, b), min(a, b)
    more = policy.refund_for(paid, START, START - timedelta(hours=early), Actor.CUSTOMER)
    less = policy.refund_for(paid, START, START - timedelta(hours=late), Actor.CUSTOMER)
    assert more >= less


@given(cancellation_policies(), amounts, notice_hours, st.booleans())
def test_a_refund_never_exceeds_what_was_paid_and_a_seller_cancel_refunds_it_all(
    policy: CancellationPolicy, paid: Money, hours: int, started: bool
) -> None:
    """0 ≤ refund ≤ paid for the customer; exactly paid for the seller and admin."""
    at = START - timedelta(hours=hours)
    refund = policy.refund_for(paid, START, at, Actor.CUSTOMER, started)
    assert Money(0) <= refund <= paid
    for by in (Actor.SELLER, Actor.ADMIN):
        assert policy.refund_for(paid, START, at, by, started) == paid


@given(rental_bookings(st.sampled_from([RentalState.PAID, RentalState.AKAN_DATANG])), notice_hours)
def test_a_cancelled_booking_returns_at_most_what_was_paid_and_always_the_deposit(
    booking: RentalBooking, hours: int
) -> None:
    """Whoever cancels, the total refund ≤ the amount paid, and the deposit comes back whole."""
    at = datetime.combine(booking.period.start, datetime.min.time(), tzinfo=UTC)
    at -= timedelta(hours=hours)
    for actor, who in ((Actor.CUSTOMER, booking.customer_id), (Actor.SELLER, booking.seller_id)):
        cancelled, _ = booking.cancel(
            actor=actor, actor_id=who, at=at, event_id="c", policy=CancellationPolicy()
        )
        assert cancelled.deposit_refund == booking.quote.deposit
        assert cancelled.total_refund <= cancelled.amount_paid == booking.quote.total


# --- test drives -----------------------------------------------------------------------------

NOW = datetime(2026, 3, 1, tzinfo=UTC)
quarter_hours = st.integers(0, 4 * 24 * 14).map(lambda q: NOW + timedelta(minutes=15 * q))
drive_steps = st.lists(
    st.tuples(quarter_hours, st.sampled_from([30, 60, 90]), st.booleans()), max_size=25
)


@given(drive_steps)
def test_active_test_drives_of_a_vehicle_never_overlap_and_fit_opening_hours(
    steps: list[tuple[datetime, int, bool]],
) -> None:
    """Whatever is requested (and cancelled), the active slots are disjoint and inside hours."""
    hours = OpeningHours.default()
    drives: list[TestDrive] = []
    for n, (at, minutes, cancel_one) in enumerate(steps):
        if cancel_one and any(d.is_active for d in drives):
            i = next(i for i, d in enumerate(drives) if d.is_active)
            drives[i] = drives[i].cancel(
                actor=Actor.SELLER, actor_id="budi", at=NOW, event_id=f"c{n}"
            )[0]
            continue
        try:
            drive, _ = TestDrive.request(
                test_drive_id=f"t{n}",
                vehicle_id="v1",
                customer_id="ani",
                seller_id="budi",
                scheduled_at=at,
                duration=timedelta(minutes=minutes),
                now=NOW,
                opening_hours=hours,
                timezone="Asia/Jakarta",
                existing=active_slots(drives),
                event_id=f"e{n}",
            )
        except (OutsideOpeningHours, TestDriveSlotTaken, ValidationFailed):
            continue
        drives.append(drive)
    slots = active_slots(drives)
    assert all(a.end <= b.start for a, b in pairwise(slots))
    assert all(hours.fits(slot, "Asia/Jakarta") for slot in slots)


# --- negotiation -----------------------------------------------------------------------------

moves = st.lists(
    st.one_of(
        st.tuples(st.just("counter"), st.integers(1, 20_000_000)),
        st.tuples(st.sampled_from(["accept", "accept_counter", "reject", "cancel"]), st.just(0)),
    ),
    max_size=15,
)


@given(st.integers(0, 6), st.integers(1, 100_000_000), moves)
def test_negotiation_stays_within_its_rounds_and_agrees_only_on_proposed_prices(
    max_rounds: int, offered: int, steps: list[tuple[str, int]]
) -> None:
    """Rounds never exceed max_rounds; an agreed price is the offer or one of the counters."""
    order, _ = SaleOrder.offer(
        order_id="s1",
        vehicle_id="v1",
        buyer_id="ani",
        seller_id="budi",
        price=Money(offered),
        asking_price=Money(200_000_000),
        commission=CommissionPolicy(),
        now=NOW,
        event_id="e0",
        max_rounds=max_rounds,
    )
    proposed = {order.offer_price}
    ids = count()
    for move, extra in steps:
        try:
            if move == "counter":
                order, _ = order.counter(
                    price=Money(offered + extra), actor_id="budi", at=NOW, event_id=str(next(ids))
                )
                proposed.add(Money(offered + extra))
            elif move == "accept":
                order, _ = order.accept(actor_id="budi", at=NOW, event_id=str(next(ids)))
            elif move == "accept_counter":
                order, _ = order.accept_counter(actor_id="ani", at=NOW, event_id=str(next(ids)))
            elif move == "reject":
                order, _ = order.reject(actor_id="budi", at=NOW, event_id=str(next(ids)))
            else:
                order, _ = order.cancel(
                    actor=Actor.CUSTOMER, actor_id="ani", at=NOW, event_id=str(next(ids))
                )
        except (InvalidTransition, NegotiationLimitReached):
            assert (
                move != "counter"
                or order.rounds == max_rounds
                or order.status
                not in (
                    SaleOrderState.PENDING_CONFIRMATION,
                    SaleOrderState.COUNTERED,
                )
            )
        assert 0 <= order.rounds <= max_rounds
        counters = [row for row in order.history if row.event == "counter"]
        assert len(counters) == order.rounds
        if order.agreed_price is not None:
            assert order.agreed_price in proposed
            assert order.status in (SaleOrderState.PENDING_PAYMENT, SaleOrderState.CANCELLED)
