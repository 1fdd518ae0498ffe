"""Bookings' providers: the booking policy, the use cases, and the timers that move deals on.

Rentals, sale orders and test drives need no adapter of their own: their use cases take the
unit of work, the clock and ids. The timers expire unpaid holds and stale offers, confirm,
remind and flag overdue rentals (each job asks for its ``Bookings`` when it runs, so it uses
the clock and settings in force then: tests override the clock after the app is built).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from decimal import Decimal

from dependency_injector import providers

from bigauto.adapters.wiring.shared import Shared
from bigauto.domain.bookings.cancellation import CancellationPolicy
from bigauto.services.bookings import timers as jobs
from bigauto.services.bookings.context import BookingPolicy, Bookings
from bigauto.services.bookings.settings import BookingsSettings
from bigauto.services.runtime.timers import Timer, TimerJob
from bigauto.services.runtime.worker_parts import WorkerParts

Job = Callable[[Bookings, datetime], Awaitable[int]]


def _booking_policy(bookings: BookingsSettings, commission_rate: Decimal) -> BookingPolicy:
    return BookingPolicy(
        hold_minutes=bookings.hold_minutes,
        auto_confirm=bookings.auto_confirm,
        cancellation=CancellationPolicy(
            full_refund_hours=bookings.cancellation_full_refund_hours,
            late_refund_rate=bookings.cancellation_late_refund_rate,
        ),
        turnaround_days=bookings.turnaround_days,
        rental_horizon_days=bookings.rental_horizon_days,
        test_drive_horizon_days=bookings.test_drive_horizon_days,
        sale_max_rounds=bookings.sale_max_rounds,
        test_drive_minutes=bookings.test_drive_minutes,
        default_commission_rate=commission_rate,
        offer_ttl=timedelta(days=bookings.sale_offer_days),
        sale_payment_window=timedelta(hours=bookings.sale_payment_hours),
    )


def _timers(bookings: Callable[[], Bookings]) -> list[Timer]:
    def job(run: Job) -> TimerJob:
        async def go(now: datetime) -> int:
            return await run(bookings(), now)

        return go

    minute, quarter = timedelta(minutes=1), timedelta(minutes=15)
    return [
        Timer("rentals.expire_holds", minute, job(jobs.expire_rental_holds)),
        Timer("rentals.auto_confirm", minute, job(jobs.auto_confirm_rentals)),
        Timer("rentals.pickup_reminders", quarter, job(jobs.remind_pickups)),
        Timer("rentals.overdue", quarter, job(jobs.flag_overdue_rentals)),
        Timer("sale_orders.expire_offers", timedelta(hours=1), job(jobs.expire_sale_offers)),
        Timer(
            "sale_orders.expire_unpaid", timedelta(minutes=5), job(jobs.expire_unpaid_sale_orders)
        ),
    ]


class BookingsProviders(Shared):
    """Rentals, sale orders, test drives and reviews."""

    booking_policy = providers.Singleton(
        _booking_policy,
        Shared.settings.provided.bookings,
        Shared.settings.provided.money.commission_rate,
    )
    # A small value per call, so a test's clock override is always seen.
    bookings = providers.Factory(
        Bookings, Shared.uow_factory, Shared.clock, Shared.ids, booking_policy
    )
    bookings_worker = providers.Factory(
        WorkerParts, timers=providers.Callable(_timers, bookings.provider)
    )


__all__ = ["BookingsProviders"]
