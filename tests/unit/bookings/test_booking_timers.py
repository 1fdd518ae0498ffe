"""Booking timers: expired holds, auto-confirm, pickup reminders, overdue rentals, stale offers."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from tests.unit.booking_world import ANI, CAR, CITRA, FOR_SALE, SELLER, World, day, make_world

from bigauto.domain.bookings.lifecycles import RentalState, SaleOrderState
from bigauto.services.bookings import rentals, sale_orders
from bigauto.services.bookings import timers as booking_timers
from bigauto.services.bookings.context import BookingPolicy
from bigauto.services.bookings.payment_outcomes import mark_rental_paid


async def booked(world: World, start: int, end: int, *, paid: bool = True) -> str:
    booking = await rentals.request_rental(
        world.ctx, customer_id=ANI.id, vehicle_id=CAR.id, start_date=day(start), end_date=day(end)
    )
    if paid:
        async with world.uow_factory() as uow:
            await mark_rental_paid(
                uow,
                world.ctx.ids,
                booking_id=booking.id,
                at=world.clock.now(),
                policy=world.ctx.policy,
            )
            await uow.commit()
    return booking.id


async def status(world: World, booking_id: str) -> RentalState:
    async with world.uow_factory() as uow:
        booking = await uow.rentals.get(booking_id)
    assert booking is not None
    return booking.status


def jakarta(d: int, hour: int) -> datetime:
    return datetime.combine(day(d), time(hour), tzinfo=UTC) - timedelta(hours=7)


async def test_expired_holds_are_cancelled_and_their_dates_freed() -> None:
    """Only holds past their expiry go, each once."""
    world = await make_world()
    old = await booked(world, 10, 12, paid=False)
    world.advance(minutes=20)
    fresh = await booked(world, 20, 22, paid=False)
    world.advance(minutes=15)

    assert await booking_timers.expire_rental_holds(world.ctx, world.clock.now()) == 1
    assert await booking_timers.expire_rental_holds(world.ctx, world.clock.now()) == 0
    assert await status(world, old) is RentalState.CANCELLED
    assert await status(world, fresh) is RentalState.PENDING_PAYMENT
    async with world.uow_factory() as uow:
        assert await uow.calendar.find(old) is None


async def test_auto_confirm_only_when_the_setting_says_so() -> None:
    """Paid bookings become upcoming under auto-confirm, and stay paid without it."""
    manual = await make_world()
    kept = await booked(manual, 10, 12)
    assert await booking_timers.auto_confirm_rentals(manual.ctx, manual.clock.now()) == 0
    assert await status(manual, kept) is RentalState.PAID

    auto = await make_world(policy=BookingPolicy(auto_confirm=True))
    booking = await rentals.request_rental(
        auto.ctx, customer_id=ANI.id, vehicle_id=CAR.id, start_date=day(10), end_date=day(12)
    )
    async with auto.uow_factory() as uow:  # paid while the setting was still off
        await mark_rental_paid(uow, auto.ctx.ids, booking_id=booking.id, at=auto.clock.now())
        await uow.commit()
    assert await booking_timers.auto_confirm_rentals(auto.ctx, auto.clock.now()) == 1
    assert await status(auto, booking.id) is RentalState.AKAN_DATANG


async def test_a_pickup_reminder_goes_out_once_the_day_before() -> None:
    """Two days before: nothing; the day before: one reminder; again: nothing."""
    world = await make_world()
    await booked(world, 10, 12)
    world.clock.set(jakarta(8, 9))
    assert await booking_timers.remind_pickups(world.ctx, world.clock.now()) == 0
    world.clock.set(jakarta(9, 9))
    assert await booking_timers.remind_pickups(world.ctx, world.clock.now()) == 1
    assert await booking_timers.remind_pickups(world.ctx, world.clock.now()) == 0
    assert (await world.event_names()).count("rental.pickup_reminder") == 1


async def test_a_rental_not_returned_after_its_end_date_is_flagged_once() -> None:
    """Ongoing on the end date: fine; the day after: overdue, once, no state change."""
    world = await make_world()
    booking_id = await booked(world, 10, 12)
    await rentals.confirm_rental(world.ctx, booking_id=booking_id, user_id=SELLER.id)
    world.clock.set(jakarta(10, 9))
    await rentals.start_rental(world.ctx, booking_id=booking_id, user_id=SELLER.id)
    world.clock.set(jakarta(12, 20))
    assert await booking_timers.flag_overdue_rentals(world.ctx, world.clock.now()) == 0
    world.clock.set(jakarta(13, 9))
    assert await booking_timers.flag_overdue_rentals(world.ctx, world.clock.now()) == 1
    assert await booking_timers.flag_overdue_rentals(world.ctx, world.clock.now()) == 0
    assert await status(world, booking_id) is RentalState.BERJALAN


async def test_stale_offers_are_declined_and_unpaid_orders_cancelled() -> None:
    """A week-old unanswered offer is declined; an accepted order unpaid for a day, cancelled."""
    world = await make_world()
    stale = await sale_orders.offer(
        world.ctx, buyer_id=ANI.id, vehicle_id=FOR_SALE.id, offer_price=150_000_000
    )
    unpaid = await sale_orders.offer(
        world.ctx, buyer_id=CITRA.id, vehicle_id=FOR_SALE.id, offer_price=190_000_000
    )
    await sale_orders.accept(world.ctx, order_id=unpaid.id, user_id=SELLER.id)
    world.advance(hours=23)
    assert await booking_timers.expire_unpaid_sale_orders(world.ctx, world.clock.now()) == 0
    world.advance(hours=2)
    assert await booking_timers.expire_unpaid_sale_orders(world.ctx, world.clock.now()) == 1
    assert await booking_timers.expire_sale_offers(world.ctx, world.clock.now()) == 0
    world.advance(days=7)
    assert await booking_timers.expire_sale_offers(world.ctx, world.clock.now()) == 1

    async with world.uow_factory() as uow:
        declined = await uow.sale_orders.get(stale.id)
        cancelled = await uow.sale_orders.get(unpaid.id)
    assert declined is not None and declined.status is SaleOrderState.REJECTED
    assert cancelled is not None and cancelled.status is SaleOrderState.CANCELLED
