"""Bookings' settings: payment holds, confirmation, cancellation refunds, sale negotiation and
test drives."""

from __future__ import annotations

from decimal import Decimal

import attrs

from bigauto.services.shared.settings import setting


@attrs.frozen
class BookingsSettings:
    """The booking policy's knobs; ``BookingPolicy`` is built from them (with the commission)."""

    #: Minutes an unpaid rental holds its dates before it is cancelled.
    hold_minutes: int = setting(env="BIGAUTO_BOOKING_HOLD_MINUTES", default=30, low=1)
    #: Paid rentals move to ``akan_datang`` without the seller confirming.
    auto_confirm: bool = setting(env="BIGAUTO_AUTO_CONFIRM", default=False)
    cancellation_full_refund_hours: int = setting(
        env="BIGAUTO_CANCELLATION_FULL_REFUND_HOURS", default=48, low=0, high=24 * 365
    )
    cancellation_late_refund_rate: Decimal = setting(
        env="BIGAUTO_CANCELLATION_LATE_REFUND_RATE", default=Decimal("0.5"), low=0, high=1
    )
    #: Days kept free after a rental before the next one may start.
    turnaround_days: int = setting(env="BIGAUTO_TURNAROUND_DAYS", default=0, low=0, high=30)
    #: How many days ahead of today a rental may start.
    rental_horizon_days: int = setting(
        env="BIGAUTO_RENTAL_HORIZON_DAYS", default=365, low=1, high=3650
    )
    sale_max_rounds: int = setting(env="BIGAUTO_SALE_MAX_ROUNDS", default=5, low=0, high=100)
    sale_offer_days: int = setting(env="BIGAUTO_SALE_OFFER_DAYS", default=7, low=1, high=365)
    sale_payment_hours: int = setting(
        env="BIGAUTO_SALE_PAYMENT_HOURS", default=24, low=1, high=24 * 30
    )
    test_drive_minutes: int = setting(
        env="BIGAUTO_TEST_DRIVE_MINUTES", default=60, low=15, high=480
    )
    #: How many days ahead of now a test drive may be.
    test_drive_horizon_days: int = setting(
        env="BIGAUTO_TEST_DRIVE_HORIZON_DAYS", default=90, low=1, high=365
    )


__all__ = ["BookingsSettings"]
