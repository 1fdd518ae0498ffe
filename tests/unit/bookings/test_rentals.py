"""Rental bookings: the request's rules, each move through the lifecycle, refunds and calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from bigauto.domain.bookings.cancellation import CancellationPolicy
from bigauto.domain.bookings.errors import CannotBookOwnVehicle
from bigauto.domain.bookings.lifecycles import RentalState
from bigauto.domain.bookings.rentals import RentalBooking, booking_calendar
from bigauto.domain.catalogue.availability import Calendar, CalendarEntry, EntryKind
from bigauto.domain.catalogue.errors import VehicleUnavailable
from bigauto.domain.catalogue.pricing import RatePlan
from bigauto.domain.catalogue.promo import PromoCode
from bigauto.domain.catalogue.vehicles import Category
from bigauto.domain.money.commission import CommissionPolicy
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.errors import (
    InvalidPeriod,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from bigauto.domain.shared.money import Money
from bigauto.domain.shared.periods import DatePeriod

NOW = datetime(2026, 3, 1, 9, tzinfo=UTC)  # 16:00 in Jakarta
PLAN = RatePlan(Money(400_000), deposit=Money(1_000_000))
POLICY = CancellationPolicy()


def request(**overrides: Any) -> RentalBooking:
    args: dict[str, Any] = {
        "booking_id": "r1",
        "vehicle_id": "v1",
        "customer_id": "ani",
        "seller_id": "budi",
        "start_date": date(2026, 3, 10),
        "end_date": date(2026, 3, 13),
        "plan": PLAN,
        "calendar": Calendar.empty(),
        "commission": CommissionPolicy(),
        "now": NOW,
        "timezone": "Asia/Jakarta",
        "event_id": "e0",
    }
    args.update(overrides)
    booking, _ = RentalBooking.request(**args)
    return booking


def upcoming(**overrides: Any) -> RentalBooking:
    booking, _ = request(**overrides).pay(at=NOW, event_id="e1")
    booking, _ = booking.confirm(actor_id="budi", at=NOW, event_id="e2")
    return booking


def test_a_request_is_pending_payment_with_a_thirty_minute_hold() -> None:
    """A new booking waits for payment and holds its dates for 30 minutes by default."""
    booking, event = RentalBooking.request(
        booking_id="r1",
        vehicle_id="v1",
        customer_id="ani",
        seller_id="budi",
        start_date=date(2026, 3, 10),
        end_date=date(2026, 3, 13),
        plan=PLAN,
        calendar=Calendar.empty(),
        commission=CommissionPolicy(),
        now=NOW,
        timezone="Asia/Jakarta",
        event_id="e0",
    )
    assert booking.status is RentalState.PENDING_PAYMENT
    assert booking.hold_expires_at == NOW + timedelta(minutes=30)
    assert event.name == "rental.requested"
    assert event.payload["to_state"] == "pending_payment"
    assert event.payload["total"] == 2_200_000
    assert booking.history[0].from_state is None
    assert booking.history[0].actor_id == "ani"


def test_the_quote_and_the_commission_rate_in_force_are_snapshotted() -> None:
    """The booking keeps the price and the rental commission rate of the moment it was made."""
    commission = CommissionPolicy().with_rate(
        Decimal("0.08"), NOW - timedelta(days=1), Category.RENTAL
    )
    booking = request(commission=commission, options=(), hold_minutes=10)
    assert booking.commission_rate == Decimal("0.08")
    assert booking.quote.subtotal == Money(1_200_000)
    assert booking.quote.deposit == Money(1_000_000)
    assert booking.hold_expires_at == NOW + timedelta(minutes=10)


def test_a_promo_code_discounts_the_snapshotted_quote() -> None:
    """Promo codes are checked at the request instant and show in the quote."""
    promo = PromoCode.percent("HEMAT10", Decimal("0.10"), expires_at=NOW + timedelta(days=1))
    assert request(promo=promo).quote.discount == Money(120_000)


def test_a_seller_cannot_book_their_own_vehicle() -> None:
    """Customer and seller must be different users."""
    with pytest.raises(CannotBookOwnVehicle) as refused:
        request(customer_id="budi")
    assert refused.value.code == "CANNOT_BOOK_OWN_VEHICLE"


def test_the_start_date_may_be_today_in_the_city_but_not_yesterday() -> None:
    """'Today' is read in the city's time zone: at 16:00 UTC it is already tomorrow in Jakarta."""
    late = datetime(2026, 3, 1, 18, tzinfo=UTC)  # 2 March, 01:00 in Jakarta
    assert request(now=late, start_date=date(2026, 3, 2)).period.start == date(2026, 3, 2)
    with pytest.raises(InvalidPeriod):
        request(now=late, start_date=date(2026, 3, 1))
    assert request(now=late, start_date=date(2026, 3, 1), timezone="UTC").period.start == date(
        2026, 3, 1
    )


def test_a_rental_lasts_one_to_365_days() -> None:
    """Empty, reversed and over-long periods are refused."""
    assert request(end_date=date(2026, 3, 11)).period.days == 1
    assert request(end_date=date(2026, 3, 10) + timedelta(days=365)).period.days == 365
    for end in (date(2026, 3, 10), date(2026, 3, 9), date(2026, 3, 10) + timedelta(days=366)):
        with pytest.raises(InvalidPeriod):
            request(end_date=end)


def test_a_taken_period_is_refused_with_vehicle_unavailable() -> None:
    """The calendar decides: an overlap with a booking, hold or block is a 409."""
    taken = Calendar.of(
        [CalendarEntry.block("service", DatePeriod(date(2026, 3, 12), date(2026, 3, 14)))]
    )
    with pytest.raises(VehicleUnavailable):
        request(calendar=taken)


def test_an_unknown_time_zone_or_a_naive_instant_is_refused() -> None:
    """The domain needs real time zones and aware instants."""
    with pytest.raises(ValidationFailed):
        request(timezone="Mars/Olympus")
    with pytest.raises(ValidationFailed):
        request(now=NOW.replace(tzinfo=None))
    with pytest.raises(InvalidPeriod):
        request(hold_minutes=0)


def test_the_happy_path_runs_paid_confirmed_started_completed() -> None:
    """Each move emits its event and appends who did it to the history."""
    booking = request()
    booking, paid = booking.pay(at=NOW, event_id="e1")
    booking, confirmed = booking.confirm(actor_id="budi", at=NOW, event_id="e2")
    day_one = datetime(2026, 3, 10, 1, tzinfo=UTC)
    booking, started = booking.start(actor_id="budi", at=day_one, event_id="e3")
    booking, completed = booking.complete(actor_id="budi", at=day_one, event_id="e4")
    assert booking.status is RentalState.SELESAI
    assert [e.name for e in (paid, confirmed, started, completed)] == [
        "rental.paid",
        "rental.confirmed",
        "rental.started",
        "rental.completed",
    ]
    assert [row.to_state for row in booking.history] == [
        "pending_payment",
        "paid",
        "akan_datang",
        "berjalan",
        "selesai",
    ]
    assert booking.history[2].actor is Actor.SELLER and booking.history[2].actor_id == "budi"
    assert completed.payload["actor_id"] == "budi" and completed.aggregate_id == "r1"
    assert booking.paid_at == NOW


def test_the_system_can_auto_confirm_a_paid_booking() -> None:
    """With the auto-confirm setting the system moves paid to akan_datang."""
    booking, _ = request().pay(at=NOW, event_id="e1")
    booking, event = booking.auto_confirm(at=NOW, event_id="e2")
    assert booking.status is RentalState.AKAN_DATANG
    assert event.payload["actor"] == "system"


def test_an_illegal_move_names_the_current_state_and_changes_nothing() -> None:
    """Confirming an unpaid booking is a 409 INVALID_TRANSITION naming pending_payment."""
    booking = request()
    with pytest.raises(InvalidTransition) as refused:
        booking.confirm(actor_id="budi", at=NOW, event_id="e1")
    assert refused.value.details["current_state"] == "pending_payment"
    assert booking.status is RentalState.PENDING_PAYMENT and len(booking.history) == 1


def test_only_the_booking_s_own_seller_may_act_as_its_seller() -> None:
    """Claiming the seller role with another user's id is refused."""
    booking, _ = request().pay(at=NOW, event_id="e1")
    with pytest.raises(PermissionDenied):
        booking.confirm(actor_id="mallory", at=NOW, event_id="e2")


def test_the_seller_cannot_hand_over_before_the_start_date() -> None:
    """Starting is refused until the start date has begun in the city's time zone."""
    booking = upcoming()
    eve = datetime(2026, 3, 9, 16, 59, tzinfo=UTC)  # 23:59 on the 9th in Jakarta
    with pytest.raises(InvalidTransition) as refused:
        booking.start(actor_id="budi", at=eve, event_id="e3")
    assert "2026-03-10" in refused.value.message
    started, _ = booking.start(actor_id="budi", at=eve + timedelta(minutes=1), event_id="e3")
    assert started.status is RentalState.BERJALAN


def test_a_customer_cancelling_three_days_ahead_gets_the_rental_and_deposit_back() -> None:
    """Full refund of the rental part, and the deposit separately, in full."""
    booking, event = upcoming().cancel(
        actor=Actor.CUSTOMER,
        actor_id="ani",
        at=datetime(2026, 3, 7, tzinfo=UTC),
        event_id="e3",
        policy=POLICY,
    )
    assert booking.status is RentalState.CANCELLED
    assert booking.refund_amount == Money(1_200_000)
    assert booking.deposit_refund == Money(1_000_000)
    assert booking.total_refund == booking.amount_paid
    assert booking.cancelled_by is Actor.CUSTOMER
    assert event.payload["refund_amount"] == 1_200_000
    assert event.payload["deposit_refund"] == 1_000_000


def test_a_late_customer_cancellation_refunds_half_the_rental_and_all_the_deposit() -> None:
    """Under 48 hours before 00:00 local on the start date, the rental part is halved."""
    at = datetime(2026, 3, 8, 12, tzinfo=UTC)  # 19:00 on the 8th in Jakarta: 29 hours ahead
    booking, _ = upcoming().cancel(
        actor=Actor.CUSTOMER, actor_id="ani", at=at, event_id="e3", policy=POLICY
    )
    assert booking.refund_amount == Money(600_000)
    assert booking.total_refund == Money(1_600_000)


def test_a_seller_cancellation_refunds_everything_however_late() -> None:
    """The seller calling off a paid booking at the last minute still refunds in full."""
    at = datetime(2026, 3, 9, 16, tzinfo=UTC)
    booking, _ = upcoming().cancel(
        actor=Actor.SELLER, actor_id="budi", at=at, event_id="e3", policy=POLICY, reason="broke"
    )
    assert booking.total_refund == booking.quote.total
    assert booking.history[-1].reason == "broke"


def test_a_customer_cancelling_before_payment_gets_nothing_back_because_nothing_was_paid() -> None:
    """An unpaid booking cancelled by its customer refunds zero and frees the dates."""
    booking, _ = request().cancel(
        actor=Actor.CUSTOMER, actor_id="ani", at=NOW, event_id="e1", policy=POLICY
    )
    assert booking.total_refund == Money(0)
    assert booking.calendar_entry() is None


def test_an_ongoing_rental_cannot_be_cancelled() -> None:
    """Once handed over the rental can only be completed."""
    started, _ = upcoming().start(
        actor_id="budi", at=datetime(2026, 3, 10, 3, tzinfo=UTC), event_id="e3"
    )
    with pytest.raises(InvalidTransition):
        started.cancel(actor=Actor.SELLER, actor_id="budi", at=NOW, event_id="e4", policy=POLICY)


def test_the_hold_expires_only_once_its_time_has_come() -> None:
    """Expiry before hold_expires_at is refused; at that instant it cancels and frees the dates."""
    booking = request()
    with pytest.raises(InvalidTransition):
        booking.expire_hold(at=booking.hold_expires_at - timedelta(seconds=1), event_id="e1")
    expired, event = booking.expire_hold(at=booking.hold_expires_at, event_id="e1")
    assert expired.status is RentalState.CANCELLED and expired.cancelled_by is Actor.SYSTEM
    assert event.name == "rental.cancelled" and event.payload["event"] == "payment_expired"
    assert expired.calendar_entry() is None


def test_a_failed_payment_cancels_the_booking() -> None:
    """A denied payment cancels the pending booking with its reason."""
    failed, event = request().payment_failed(at=NOW, event_id="e1", reason="deny")
    assert failed.status is RentalState.CANCELLED and event.payload["reason"] == "deny"


def test_a_late_payment_is_taken_only_while_the_dates_are_still_free() -> None:
    """After expiry a payment needs the calendar; if the dates went to someone else it fails."""
    booking = request()
    late = booking.hold_expires_at + timedelta(minutes=1)
    with pytest.raises(InvalidTransition):
        booking.pay(at=late, event_id="e1")
    free = booking_calendar([booking])
    assert booking.pay(at=late, event_id="e1", calendar=free)[0].status is RentalState.PAID
    rival = upcoming(booking_id="r2", now=late)
    with pytest.raises(VehicleUnavailable):
        booking.pay(at=late, event_id="e1", calendar=booking_calendar([booking, rival]))


def test_the_calendar_entry_follows_the_status() -> None:
    """A hold while pending payment, a booking while active, nothing when over."""
    booking = request()
    hold = booking.calendar_entry()
    assert hold is not None and hold.kind is EntryKind.HOLD
    assert hold.expires_at == booking.hold_expires_at
    entry = upcoming().calendar_entry()
    assert entry is not None and entry.kind is EntryKind.BOOKING and entry.ref == "r1"


def test_booking_calendar_keeps_turnaround_between_rentals() -> None:
    """A calendar built from bookings applies the turnaround buffer to the next request."""
    calendar = booking_calendar([upcoming()], turnaround_days=1)
    with pytest.raises(VehicleUnavailable):
        request(
            booking_id="r2",
            start_date=date(2026, 3, 13),
            end_date=date(2026, 3, 15),
            calendar=calendar,
        )
    assert (
        request(
            booking_id="r2",
            start_date=date(2026, 3, 14),
            end_date=date(2026, 3, 15),
            calendar=calendar,
        ).status
        is RentalState.PENDING_PAYMENT
    )


def test_role_of_tells_parties_from_admins_and_strangers() -> None:
    """The seller and customer get their roles, an admin the admin role, others are refused."""
    booking = request()
    assert booking.role_of("budi") is Actor.SELLER
    assert booking.role_of("ani") is Actor.CUSTOMER
    assert booking.role_of("root", is_admin=True) is Actor.ADMIN
    with pytest.raises(PermissionDenied):
        booking.role_of("mallory")
