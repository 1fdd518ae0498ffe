"""The rental cancellation policy: how much comes back, by whom and when."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from bigauto.domain.bookings.cancellation import CancellationPolicy
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.domain.shared.money import Money

START = datetime(2026, 6, 10, tzinfo=UTC)
PAID = Money(1_000_001)


def refund(hours_before: float, by: Actor = Actor.CUSTOMER, **kw: bool) -> int:
    policy = CancellationPolicy()
    cancelled_at = START - timedelta(hours=hours_before)
    return policy.refund_for(PAID, START, cancelled_at, by, **kw).amount


def test_a_customer_cancelling_48_hours_or_more_before_the_start_gets_everything_back() -> None:
    """Exactly 48 hours of notice is enough for a full refund."""
    assert refund(48) == PAID.amount
    assert refund(24 * 30) == PAID.amount


def test_a_customer_cancelling_later_gets_half_rounded_half_up() -> None:
    """Under 48 hours of notice the customer gets 50%, the odd rupiah rounded up."""
    assert refund(47.99) == 500_001
    assert refund(0.01) == 500_001


def test_a_customer_cancelling_once_the_rental_has_started_gets_nothing() -> None:
    """At or after the start instant, or once handed over, nothing comes back."""
    assert refund(0) == 0
    assert refund(-5) == 0
    assert refund(100, started=True) == 0


def test_a_seller_or_admin_cancellation_always_refunds_in_full() -> None:
    """Whatever the notice, even after the start, a seller or admin cancel refunds everything."""
    for by in (Actor.SELLER, Actor.ADMIN):
        assert refund(1, by) == PAID.amount
        assert refund(-24, by, started=True) == PAID.amount


def test_nothing_paid_means_nothing_refunded() -> None:
    """Before payment the paid amount is zero, and so is the refund."""
    policy = CancellationPolicy()
    assert policy.refund_for(Money(0), START, START - timedelta(days=9), Actor.SELLER).is_zero


def test_the_rental_starts_at_the_pickup_time_in_the_city_time_zone() -> None:
    """The start instant is the start date at pickup time (midnight by default), local time."""
    assert CancellationPolicy().start_instant(date(2026, 6, 10), "Asia/Makassar") == datetime(
        2026, 6, 9, 16, tzinfo=UTC
    )
    nine = CancellationPolicy(pickup_time=time(9))
    assert nine.start_instant(date(2026, 6, 10), "Asia/Jakarta") == datetime(
        2026, 6, 10, 2, tzinfo=UTC
    )


def test_the_policy_is_configurable() -> None:
    """Hours of notice and the late rate are settings."""
    policy = CancellationPolicy(full_refund_hours=24, late_refund_rate=Decimal("0.25"))
    at = START - timedelta(hours=30)
    assert policy.refund_for(Money(1000), START, at, Actor.CUSTOMER) == Money(1000)
    later = START - timedelta(hours=2)
    assert policy.refund_for(Money(1000), START, later, Actor.CUSTOMER) == Money(250)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"full_refund_hours": -1},
        {"full_refund_hours": True},
        {"late_refund_rate": Decimal("1.5")},
        {"late_refund_rate": Decimal("-0.1")},
        {"pickup_time": time(9, tzinfo=UTC)},
    ],
)
def test_a_nonsensical_policy_is_refused(kwargs: dict[str, object]) -> None:
    """Negative hours, a rate outside 0..1 or a zoned pickup time are not policies."""
    with pytest.raises(ValidationFailed):
        CancellationPolicy(**kwargs)  # type: ignore[arg-type]


def test_naive_instants_and_negative_amounts_are_refused() -> None:
    """The policy needs real instants and a real paid amount."""
    policy = CancellationPolicy()
    with pytest.raises(ValidationFailed):
        policy.refund_for(PAID, START.replace(tzinfo=None), START, Actor.CUSTOMER)
    with pytest.raises(ValidationFailed):
        policy.refund_for(Money(-1), START, START, Actor.CUSTOMER)
