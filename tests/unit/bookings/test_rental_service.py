"""Rental use cases on the memory adapters: booking, holds, moves, refunds, payment hooks."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from tests.unit.booking_world import ANI, CAR, CITRA, FOR_SALE, SELLER, World, day, make_world

from bigauto.domain.bookings.errors import CannotBookOwnVehicle
from bigauto.domain.bookings.lifecycles import RentalState
from bigauto.domain.bookings.rentals import RentalBooking
from bigauto.domain.catalogue.availability import CalendarEntry, EntryKind
from bigauto.domain.catalogue.errors import InvalidPromoCode, VehicleUnavailable
from bigauto.domain.catalogue.promo import PromoKind
from bigauto.domain.catalogue.vehicles import Category
from bigauto.domain.shared.errors import (
    InvalidPeriod,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from bigauto.domain.shared.money import Money
from bigauto.domain.shared.periods import DatePeriod
from bigauto.services.bookings import rentals
from bigauto.services.bookings.context import BookingPolicy
from bigauto.services.bookings.payment_outcomes import mark_rental_paid, rental_payment_failed
from bigauto.services.bookings.pricing_admin import create_promo_code, set_commission_rate
from bigauto.services.catalogue.calendar import busy_periods


async def book(
    world: World, start: int, end: int, who: str = ANI.id, promo_code: str | None = None
) -> RentalBooking:
    return await rentals.request_rental(
        world.ctx,
        customer_id=who,
        vehicle_id=CAR.id,
        start_date=day(start),
        end_date=day(end),
        promo_code=promo_code,
    )


async def pay(world: World, booking_id: str) -> None:
    async with world.uow_factory() as uow:
        await mark_rental_paid(
            uow, world.ctx.ids, booking_id=booking_id, at=world.clock.now(), policy=world.ctx.policy
        )
        await uow.commit()


async def calendar_refs(world: World) -> dict[str, EntryKind]:
    async with world.uow_factory() as uow:
        calendar = await uow.calendar.entries(CAR.id)
    return {entry.ref: entry.kind for entry in calendar.entries}


async def test_a_booking_waits_for_payment_with_its_quote_and_a_hold() -> None:
    """A new booking is pending payment, priced and snapshotted, and holds its dates."""
    world = await make_world()
    booking = await book(world, 10, 13)

    assert booking.status is RentalState.PENDING_PAYMENT
    assert booking.quote.total == Money(3 * 300_000 + 500_000)
    assert booking.commission_rate == Decimal("0.05")
    assert booking.hold_expires_at == world.clock.now() + timedelta(minutes=30)
    assert await calendar_refs(world) == {booking.id: EntryKind.HOLD}
    assert await world.event_names() == ["rental.requested"]


async def test_an_overlapping_booking_is_refused_until_the_hold_expires() -> None:
    """The held dates are taken; once the hold ran out the next booking takes them."""
    world = await make_world()
    first = await book(world, 10, 13)
    with pytest.raises(VehicleUnavailable):
        await book(world, 12, 14, who=CITRA.id)

    world.advance(minutes=30)
    second = await book(world, 12, 14, who=CITRA.id)

    async with world.uow_factory() as uow:
        expired = await uow.rentals.get(first.id)
    assert expired is not None and expired.status is RentalState.CANCELLED
    assert await calendar_refs(world) == {second.id: EntryKind.HOLD}
    assert await world.event_names() == ["rental.requested", "rental.cancelled", "rental.requested"]


async def test_the_rules_of_a_new_booking_are_kept() -> None:
    """Not one's own vehicle, not in the past, not a sale listing, not more than 365 days."""
    world = await make_world()
    with pytest.raises(CannotBookOwnVehicle):
        await book(world, 10, 13, who=SELLER.id)
    with pytest.raises(InvalidPeriod):
        await rentals.request_rental(
            world.ctx,
            customer_id=ANI.id,
            vehicle_id=CAR.id,
            start_date=day(1) - timedelta(days=1),
            end_date=day(3),
        )
    with pytest.raises(InvalidPeriod):
        await rentals.request_rental(
            world.ctx,
            customer_id=ANI.id,
            vehicle_id=CAR.id,
            start_date=day(10),
            end_date=day(10) + timedelta(days=366),
        )
    with pytest.raises(ValidationFailed):
        await rentals.request_rental(
            world.ctx,
            customer_id=ANI.id,
            vehicle_id=FOR_SALE.id,
            start_date=day(10),
            end_date=day(12),
        )


async def test_a_rental_runs_its_course_and_frees_its_dates_at_return() -> None:
    """Paid, confirmed, handed over on its start date, returned: the dates are free again."""
    world = await make_world()
    booking = await book(world, 10, 13)
    await pay(world, booking.id)
    assert await calendar_refs(world) == {booking.id: EntryKind.BOOKING}
    await rentals.confirm_rental(world.ctx, booking_id=booking.id, user_id=SELLER.id)
    with pytest.raises(InvalidTransition):
        await rentals.start_rental(world.ctx, booking_id=booking.id, user_id=SELLER.id)

    world.clock.set(world.clock.now().replace(day=10))
    await rentals.start_rental(world.ctx, booking_id=booking.id, user_id=SELLER.id)
    done = await rentals.complete_rental(world.ctx, booking_id=booking.id, user_id=SELLER.id)

    assert done.status is RentalState.SELESAI
    assert [row.event for row in done.history] == ["request", "pay", "confirm", "start", "complete"]
    assert await calendar_refs(world) == {}


async def test_an_illegal_move_names_the_current_state() -> None:
    """Confirming an unpaid booking is a conflict naming pending_payment; a customer may not."""
    world = await make_world()
    booking = await book(world, 10, 13)
    with pytest.raises(InvalidTransition) as refused:
        await rentals.confirm_rental(world.ctx, booking_id=booking.id, user_id=SELLER.id)
    assert refused.value.details["current_state"] == "pending_payment"
    await pay(world, booking.id)
    with pytest.raises(PermissionDenied):
        await rentals.confirm_rental(world.ctx, booking_id=booking.id, user_id=ANI.id)


@pytest.mark.parametrize(
    ("hours_before", "who", "share"),
    [(72, "customer", 1), (24, "customer", Decimal("0.5")), (24, "seller", 1)],
)
async def test_cancellation_refunds_follow_the_policy(
    hours_before: int, who: str, share: Decimal
) -> None:
    """Early customer cancellations get everything, late ones half, the seller's everything."""
    world = await make_world()
    booking = await book(world, 10, 13)
    await pay(world, booking.id)
    start = world.ctx.policy.cancellation.start_instant(day(10), "Asia/Jakarta")
    world.clock.set(start - timedelta(hours=hours_before))
    user = ANI.id if who == "customer" else SELLER.id

    cancelled = await rentals.cancel_rental(world.ctx, booking_id=booking.id, user_id=user)

    assert cancelled.refund_amount == Money(int(booking.quote.revenue.amount * share))
    assert cancelled.deposit_refund == booking.quote.deposit
    assert await calendar_refs(world) == {}


async def test_strangers_do_not_see_a_booking_but_admins_do() -> None:
    """Someone else's booking does not exist for a stranger."""
    world = await make_world()
    booking = await book(world, 10, 13)
    with pytest.raises(NotFound):
        await rentals.get_rental(world.ctx, booking_id=booking.id, user_id=CITRA.id)
    with pytest.raises(NotFound):
        await rentals.cancel_rental(world.ctx, booking_id=booking.id, user_id=CITRA.id)
    seen = await rentals.get_rental(world.ctx, booking_id=booking.id, user_id="x", is_admin=True)
    assert seen == booking


async def test_a_promo_code_is_used_at_most_its_limit() -> None:
    """A one-use code discounts the first booking and is refused to the next."""
    world = await make_world()
    await create_promo_code(
        world.ctx,
        code="sekali",
        kind=PromoKind.FIXED,
        value=Decimal(100_000),
        usage_limit=1,
        expires_at=world.clock.now() + timedelta(days=1),
    )
    first = await book(world, 10, 13, promo_code="SEKALI")
    with pytest.raises(InvalidPromoCode):
        await book(world, 20, 23, who=CITRA.id, promo_code="sekali")
    with pytest.raises(InvalidPromoCode):
        await book(world, 20, 23, who=CITRA.id, promo_code="nothing")
    assert first.quote.discount == Money(100_000)


async def test_the_turnaround_buffer_and_owner_blocks_take_days() -> None:
    """With a day of turnaround the next rental starts a day later; blocks are respected."""
    world = await make_world(policy=BookingPolicy(turnaround_days=1))
    await book(world, 10, 13)
    with pytest.raises(VehicleUnavailable):
        await book(world, 13, 15, who=CITRA.id)
    await book(world, 14, 16, who=CITRA.id)
    async with world.uow_factory() as uow:
        block = CalendarEntry.block("block-1", DatePeriod(day(20), day(22)))
        await uow.calendar.add(CAR.id, block, created_at=world.clock.now())
        await uow.commit()
    with pytest.raises(VehicleUnavailable):
        await book(world, 21, 23)


async def test_the_commission_rate_in_force_is_snapshotted() -> None:
    """A rate set by an admin applies to later bookings, not earlier ones."""
    world = await make_world()
    before = await book(world, 10, 11)
    await set_commission_rate(world.ctx, admin_id="admin", rate="0.08", category=Category.RENTAL)
    after = await book(world, 12, 13)
    quote, rate = await rentals.quote_vehicle(
        world.ctx, vehicle_id=CAR.id, start_date=day(20), end_date=day(22)
    )
    assert (before.commission_rate, after.commission_rate) == (Decimal("0.05"), Decimal("0.08"))
    assert rate == Decimal("0.08") and quote.days == 2


async def test_payment_hooks_auto_confirm_fail_and_replay_safely() -> None:
    """Auto-confirm moves a paid booking on; a failed payment frees the dates; replays no-op."""
    world = await make_world(policy=BookingPolicy(auto_confirm=True))
    paid, failed = await book(world, 10, 13), await book(world, 20, 23)
    await pay(world, paid.id)
    await pay(world, paid.id)
    async with world.uow_factory() as uow:
        events = await rental_payment_failed(
            uow, world.ctx.ids, booking_id=failed.id, at=world.clock.now()
        )
        again = await rental_payment_failed(
            uow, world.ctx.ids, booking_id=failed.id, at=world.clock.now()
        )
        await uow.commit()
        stored = await uow.rentals.get(paid.id)
    assert stored is not None and stored.status is RentalState.AKAN_DATANG
    assert [e.name for e in events] == ["rental.cancelled"] and again == []
    assert await calendar_refs(world) == {paid.id: EntryKind.BOOKING}


async def test_a_late_payment_is_taken_only_while_the_dates_are_free() -> None:
    """After the hold expired, a payment still books free dates; taken dates refuse it."""
    world = await make_world()
    late, lost = await book(world, 10, 13), await book(world, 20, 23)
    world.advance(minutes=45)
    await pay(world, late.id)
    await book(world, 20, 22, who=CITRA.id)  # releases `lost` and takes its dates
    with pytest.raises((VehicleUnavailable, InvalidTransition)):
        await pay(world, lost.id)
    assert (await calendar_refs(world))[late.id] is EntryKind.BOOKING


async def test_availability_shows_holds_and_the_turnaround_around_them() -> None:
    """A held booking is busy on the calendar, widened by the turnaround buffer."""
    world = await make_world(policy=BookingPolicy(turnaround_days=1))
    await book(world, 10, 13)
    _, busy = await busy_periods(
        world.catalogue(),
        vehicle_id=CAR.id,
        start=day(1),
        end=day(31),
        turnaround_days=1,
    )
    assert busy == [DatePeriod(day(9), day(14))]
