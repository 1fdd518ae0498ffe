"""Rental use cases: quote, book, confirm, hand over, return, cancel, list and show.

Booking writes the booking and its payment hold on the vehicle's calendar in one transaction.
Before that, when expired holds reach the requested days, the vehicle's expired holds are
released (their bookings cancelled by the system, with events): the calendar check ignores
them anyway, but PostgreSQL's exclusion constraint cannot see time, so they must be gone
before the insert it checks. On PostgreSQL the constraint
is the final word on overlaps (a concurrent booking loses with ``VEHICLE_UNAVAILABLE``); on
SQLite and in memory, units of work are serialised and the domain calendar check decides.

Cancelling or completing frees the calendar entry. Payments call ``bigauto.services
.rental_payments`` inside their own unit of work.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from bigauto.domain.bookings.lifecycles import RentalState
from bigauto.domain.bookings.rentals import RentalBooking, rental_period
from bigauto.domain.catalogue.availability import EntryKind
from bigauto.domain.catalogue.errors import InvalidPromoCode
from bigauto.domain.catalogue.pricing import quote_rental
from bigauto.domain.catalogue.promo import PromoCode
from bigauto.domain.catalogue.quote import Quote
from bigauto.domain.catalogue.search import Page
from bigauto.domain.catalogue.vehicles import Category, City
from bigauto.domain.shared.audit import zone
from bigauto.domain.shared.errors import NotFound
from bigauto.domain.shared.events import DomainEvent
from bigauto.domain.shared.periods import DatePeriod
from bigauto.ports.bookings.repositories import DealQuery
from bigauto.ports.unit_of_work import UnitOfWork
from bigauto.services.bookings.context import (
    Bookings,
    city_of,
    commission_policy,
    listing,
    record,
    require_active,
)
from bigauto.services.bookings.transitions import (
    Deals,
    Step,
    find_deal,
    list_deals,
    move_deal,
    party_move,
)


async def _promo(uow: UnitOfWork, code: str | None) -> PromoCode | None:
    if code is None or not code.strip():
        return None
    promo = await uow.promo_codes.get(code)
    if promo is None:
        raise InvalidPromoCode(
            f"there is no promo code {code.strip().upper()}",
            details={"promo_code": code, "reason": "unknown"},
        )
    return promo


async def quote_vehicle(
    ctx: Bookings,
    *,
    vehicle_id: str,
    start_date: date,
    end_date: date,
    options: Sequence[str] = (),
    promo_code: str | None = None,
    viewer_id: str | None = None,
) -> tuple[Quote, Decimal]:
    """What renting ``vehicle_id`` for the period would cost, and the commission rate in force
    (a period that could not be booked today is refused as booking would refuse it)."""
    now = ctx.clock.now()
    async with ctx.uow_factory() as uow:
        vehicle = await listing(uow, vehicle_id, Category.RENTAL, viewer_id=viewer_id)
        period = _bookable(ctx, start_date, end_date, await city_of(uow, vehicle), now)
        promo = await _promo(uow, promo_code)
        policy = await commission_policy(uow, ctx.policy.default_commission_rate)
    quote = quote_rental(vehicle.rate_plan(), period.start, period.end, options, promo, at=now)
    return quote, policy.rate_at(now, Category.RENTAL)


def _bookable(
    ctx: Bookings, start_date: date, end_date: date, city: City, at: datetime
) -> DatePeriod:
    today = at.astimezone(zone(city.timezone)).date()
    horizon = ctx.policy.rental_horizon_days
    return rental_period(start_date, end_date, today=today, horizon_days=horizon)


async def release_expired_holds(
    ctx: Bookings, uow: UnitOfWork, at: datetime, *, vehicle_id: str | None = None
) -> list[DomainEvent]:
    """Cancel (as the system) the bookings whose payment hold ran out by ``at`` and free their
    dates, inside ``uow``; a booking another transaction moved first is skipped."""
    events = []
    for booking in await uow.rentals.expired_holds(at, vehicle_id=vehicle_id):
        expired, event = booking.expire_hold(at=at, event_id=ctx.event_id())
        if not await uow.rentals.update(expired, expected=RentalState.PENDING_PAYMENT):
            continue
        await free_dates(uow, booking.id, at)
        events.append(event)
    return await record(uow, events)


async def free_dates(uow: UnitOfWork, booking_id: str, at: datetime) -> None:
    """Remove the booking's calendar entry, if it still has one."""
    if await uow.calendar.find(booking_id) is not None:
        await uow.calendar.remove(booking_id, at=at)


async def request_rental(
    ctx: Bookings,
    *,
    customer_id: str,
    vehicle_id: str,
    start_date: date,
    end_date: date,
    options: Sequence[str] = (),
    promo_code: str | None = None,
) -> RentalBooking:
    """Book ``vehicle_id`` for ``[start_date, end_date)``: ``pending_payment`` with a hold."""
    now = ctx.clock.now()
    turnaround = ctx.policy.turnaround_days
    async with ctx.uow_factory() as uow:
        vehicle = await listing(uow, vehicle_id, Category.RENTAL)
        require_active(vehicle)
        city = await city_of(uow, vehicle)
        # Checked before the calendar is read: a period years away is no query to run.
        window = _bookable(ctx, start_date, end_date, city, now)
        calendar = await uow.calendar.entries(vehicle_id, window, turnaround_days=turnaround)
        # Only holds that reach the requested days can stand in the constraint's way; looking
        # at the calendar first spares a query in the common case of none.
        if any(e.kind is EntryKind.HOLD and not e.is_live(now) for e in calendar.entries):
            await release_expired_holds(ctx, uow, now, vehicle_id=vehicle_id)
        promo = await _promo(uow, promo_code)
        booking, event = RentalBooking.request(
            booking_id=ctx.ids.new_id(),
            vehicle_id=vehicle_id,
            customer_id=customer_id,
            seller_id=vehicle.seller_id,
            start_date=start_date,
            end_date=end_date,
            plan=vehicle.rate_plan(),
            calendar=calendar,
            commission=await commission_policy(uow, ctx.policy.default_commission_rate),
            now=now,
            timezone=city.timezone,
            event_id=ctx.event_id(),
            options=options,
            promo=promo,
            hold_minutes=ctx.policy.hold_minutes,
            horizon_days=ctx.policy.rental_horizon_days,
        )
        entry = booking.calendar_entry()
        assert entry is not None, "a new booking holds its dates"
        # The contended write first: a losing booking fails before touching anything else.
        await uow.calendar.add(vehicle_id, entry, created_at=now, turnaround_days=turnaround)
        if promo is not None and not await uow.promo_codes.redeem(promo.code):
            raise InvalidPromoCode(
                f"promo code {promo.code} has been used up",
                details={"promo_code": promo.code, "reason": "used_up"},
            )
        await uow.rentals.add(booking)
        await record(uow, [event])
        await uow.commit()
    return booking


async def _free_when_over(
    uow: UnitOfWork, before: RentalBooking, after: RentalBooking, at: datetime
) -> None:
    # A completed or cancelled booking gives back what is left of its dates.
    if not after.is_active:
        await free_dates(uow, after.id, at)


RENTALS: Deals[RentalBooking] = Deals(
    "rental",
    lambda uow: uow.rentals,
    "the booking changed meanwhile; load it again",
    then=_free_when_over,
)


async def get_rental(
    ctx: Bookings, *, booking_id: str, user_id: str, is_admin: bool = False
) -> RentalBooking:
    """One booking, for its customer, its seller or an admin; NotFound for anyone else."""
    return await find_deal(ctx, RENTALS, booking_id, user_id=user_id, is_admin=is_admin)


async def list_rentals(ctx: Bookings, query: DealQuery[RentalState]) -> Page[RentalBooking]:
    """The user's bookings ``query`` asks for (as customer and/or seller), newest first."""
    return await list_deals(ctx, RENTALS, query)


async def confirm_rental(ctx: Bookings, *, booking_id: str, user_id: str) -> RentalBooking:
    """The seller confirms a paid booking (``paid → akan_datang``)."""
    return await party_move(ctx, RENTALS, booking_id, user_id, RentalBooking.confirm)


async def start_rental(ctx: Bookings, *, booking_id: str, user_id: str) -> RentalBooking:
    """The seller hands the car over (``akan_datang → berjalan``), not before the start date."""
    return await party_move(ctx, RENTALS, booking_id, user_id, RentalBooking.start)


async def complete_rental(ctx: Bookings, *, booking_id: str, user_id: str) -> RentalBooking:
    """The seller takes the car back (``berjalan → selesai``); the remaining days are freed."""
    return await party_move(ctx, RENTALS, booking_id, user_id, RentalBooking.complete)


async def cancel_rental(
    ctx: Bookings,
    *,
    booking_id: str,
    user_id: str,
    is_admin: bool = False,
    reason: str | None = None,
) -> RentalBooking:
    """The customer, the seller or an admin cancels; the refund follows the policy."""

    def cancel(b: RentalBooking, step: Step[RentalBooking]) -> tuple[RentalBooking, DomainEvent]:
        return b.cancel(
            actor=b.role_of(user_id, is_admin=is_admin),
            actor_id=user_id,
            at=step.at,
            event_id=step.event_id,
            policy=ctx.policy.cancellation,
            reason=reason,
        )

    return await move_deal(ctx, RENTALS, booking_id, cancel, user_id=user_id, is_admin=is_admin)


async def rental_or_none(uow: UnitOfWork, booking_id: str) -> RentalBooking:
    booking = await uow.rentals.get(booking_id)
    if booking is None:
        raise NotFound(f"no rental {booking_id}", details={"id": booking_id})
    return booking


__all__ = [
    "RENTALS",
    "cancel_rental",
    "complete_rental",
    "confirm_rental",
    "free_dates",
    "get_rental",
    "list_rentals",
    "quote_vehicle",
    "release_expired_holds",
    "rental_or_none",
    "request_rental",
    "start_rental",
]
