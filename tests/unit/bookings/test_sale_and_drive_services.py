"""Sale order, test drive and review use cases on the memory adapters."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from tests.unit.booking_world import ANI, CAR, CITRA, FOR_SALE, SELLER, World, day, make_world

from bigauto.domain.bookings.errors import (
    NegotiationLimitReached,
    OfferBelowFloor,
    OrderAlreadyAccepted,
    OutsideOpeningHours,
    ReviewNotAllowed,
    TestDriveSlotTaken,
)
from bigauto.domain.bookings.lifecycles import SaleDocument, SaleOrderState, TestDriveState
from bigauto.domain.bookings.test_drives import OpeningHours
from bigauto.domain.catalogue.vehicles import ListingStatus
from bigauto.domain.shared.errors import InvalidTransition, PermissionDenied
from bigauto.services.bookings import reviews, sale_orders, test_drives
from bigauto.services.bookings.context import BookingPolicy
from bigauto.services.bookings.payment_outcomes import mark_sale_order_paid


async def listing_status(world: World) -> ListingStatus:
    async with world.uow_factory() as uow:
        vehicle = await uow.vehicles.get(FOR_SALE.id)
    assert vehicle is not None
    return vehicle.status


async def paid_order(world: World, buyer: str = ANI.id) -> str:
    order = await sale_orders.offer(
        world.ctx, buyer_id=buyer, vehicle_id=FOR_SALE.id, offer_price=190_000_000
    )
    await sale_orders.accept(world.ctx, order_id=order.id, user_id=SELLER.id)
    async with world.uow_factory() as uow:
        await mark_sale_order_paid(uow, world.ctx.ids, order_id=order.id, at=world.clock.now())
        await uow.commit()
    return order.id


async def test_paying_an_order_reserves_the_car_and_declines_the_other_offers() -> None:
    """The paid order reserves the listing; the other open offer is declined with an event."""
    world = await make_world()
    other = await sale_orders.offer(
        world.ctx, buyer_id=CITRA.id, vehicle_id=FOR_SALE.id, offer_price=150_000_000
    )
    order_id = await paid_order(world)

    declined = await sale_orders.get_order(world.ctx, order_id=other.id, user_id=CITRA.id)
    assert declined.status is SaleOrderState.REJECTED
    assert await listing_status(world) is ListingStatus.RESERVED
    assert "sale_order.declined" in await world.event_names()
    paid = await sale_orders.get_order(world.ctx, order_id=order_id, user_id=ANI.id)
    assert paid.agreed_price is not None and paid.agreed_price.amount == 190_000_000


async def test_documents_one_by_one_then_completion_sells_the_car() -> None:
    """Completion needs all four papers; each is recorded with who and when; then sold."""
    world = await make_world()
    order_id = await paid_order(world)
    await sale_orders.start_documents(world.ctx, order_id=order_id, user_id=SELLER.id)
    await sale_orders.mark_documents(
        world.ctx,
        order_id=order_id,
        user_id=SELLER.id,
        documents={SaleDocument.BPKB: True, SaleDocument.STNK: True},
    )
    with pytest.raises(InvalidTransition):
        await sale_orders.complete(world.ctx, order_id=order_id, user_id=SELLER.id)
    with pytest.raises(PermissionDenied):
        await sale_orders.mark_documents(
            world.ctx, order_id=order_id, user_id=ANI.id, documents={SaleDocument.PAJAK: True}
        )
    order = await sale_orders.mark_documents(
        world.ctx,
        order_id=order_id,
        user_id=SELLER.id,
        documents={SaleDocument.FAKTUR: True, SaleDocument.PAJAK: True},
    )
    assert {row.transferred_by for row in order.documents} == {SELLER.id}
    done = await sale_orders.complete(world.ctx, order_id=order_id, user_id=SELLER.id)
    assert done.status is SaleOrderState.COMPLETED
    assert await listing_status(world) is ListingStatus.SOLD


async def test_negotiation_is_bounded_and_the_floor_refuses_low_offers() -> None:
    """Below the floor nothing is created; counters stop at the round limit."""
    world = await make_world(policy=BookingPolicy(sale_max_rounds=1))
    await sale_orders.set_sale_floor(
        world.ctx, user_id=SELLER.id, vehicle_id=FOR_SALE.id, floor_price=150_000_000
    )
    with pytest.raises(OfferBelowFloor):
        await sale_orders.offer(
            world.ctx, buyer_id=ANI.id, vehicle_id=FOR_SALE.id, offer_price=140_000_000
        )
    order = await sale_orders.offer(
        world.ctx, buyer_id=ANI.id, vehicle_id=FOR_SALE.id, offer_price=160_000_000
    )
    await sale_orders.counter(world.ctx, order_id=order.id, user_id=SELLER.id, price=190_000_000)
    with pytest.raises(NegotiationLimitReached):
        await sale_orders.counter(
            world.ctx, order_id=order.id, user_id=SELLER.id, price=185_000_000
        )
    accepted = await sale_orders.accept_counter(world.ctx, order_id=order.id, user_id=ANI.id)
    assert accepted.agreed_price is not None and accepted.agreed_price.amount == 190_000_000


async def test_one_accepted_order_at_a_time_and_cancelling_after_payment_refunds() -> None:
    """A second accept is refused; a seller's cancel after payment refunds and relists."""
    world = await make_world()
    first = await sale_orders.offer(
        world.ctx, buyer_id=ANI.id, vehicle_id=FOR_SALE.id, offer_price=180_000_000
    )
    second = await sale_orders.offer(
        world.ctx, buyer_id=CITRA.id, vehicle_id=FOR_SALE.id, offer_price=185_000_000
    )
    await sale_orders.accept(world.ctx, order_id=first.id, user_id=SELLER.id)
    with pytest.raises(OrderAlreadyAccepted):
        await sale_orders.accept(world.ctx, order_id=second.id, user_id=SELLER.id)
    async with world.uow_factory() as uow:
        await mark_sale_order_paid(uow, world.ctx.ids, order_id=first.id, at=world.clock.now())
        await uow.commit()
    with pytest.raises(InvalidTransition):
        await sale_orders.cancel(world.ctx, order_id=first.id, user_id=ANI.id)
    cancelled = await sale_orders.cancel(world.ctx, order_id=first.id, user_id=SELLER.id)
    assert cancelled.refund_amount is not None and cancelled.refund_amount.amount == 180_000_000
    assert await listing_status(world) is ListingStatus.ACTIVE


def at_jakarta(d: int, hour: int) -> datetime:
    return datetime.combine(day(d), time(hour), tzinfo=UTC) - timedelta(hours=7)


async def test_a_test_drive_takes_its_slot_inside_opening_hours() -> None:
    """Inside opening hours a slot is taken once; outside, or overlapping, refused."""
    world = await make_world()
    drive = await test_drives.request_test_drive(
        world.ctx, customer_id=ANI.id, vehicle_id=CAR.id, scheduled_at=at_jakarta(2, 10)
    )
    with pytest.raises(TestDriveSlotTaken):
        await test_drives.request_test_drive(
            world.ctx, customer_id=CITRA.id, vehicle_id=CAR.id, scheduled_at=at_jakarta(2, 10)
        )
    with pytest.raises(OutsideOpeningHours):
        await test_drives.request_test_drive(
            world.ctx, customer_id=CITRA.id, vehicle_id=CAR.id, scheduled_at=at_jakarta(2, 18)
        )
    await test_drives.set_opening_hours(
        world.ctx, seller_id=SELLER.id, hours=OpeningHours.weekly(time(8), time(20))
    )
    late = await test_drives.request_test_drive(
        world.ctx, customer_id=CITRA.id, vehicle_id=FOR_SALE.id, scheduled_at=at_jakarta(2, 18)
    )
    assert late.slot.duration == timedelta(minutes=60)
    await test_drives.confirm_test_drive(world.ctx, drive_id=drive.id, user_id=SELLER.id)
    world.clock.set(at_jakarta(2, 11))
    done = await test_drives.no_show(world.ctx, drive_id=drive.id, user_id=SELLER.id)
    assert done.status is TestDriveState.NO_SHOW
    rescheduled = await test_drives.cancel_test_drive(world.ctx, drive_id=late.id, user_id=CITRA.id)
    assert rescheduled.status is TestDriveState.CANCELLED


async def test_reviews_come_after_completion_once_and_keep_ratings_current() -> None:
    """A completed sale is reviewed once by its buyer; the car and seller ratings follow."""
    world = await make_world()
    order_id = await paid_order(world)
    with pytest.raises(ReviewNotAllowed):
        await reviews.write_review(world.ctx, author_id=ANI.id, sale_order_id=order_id, rating=5)
    await sale_orders.start_documents(world.ctx, order_id=order_id, user_id=SELLER.id)
    await sale_orders.mark_documents(
        world.ctx, order_id=order_id, user_id=SELLER.id, documents=dict.fromkeys(SaleDocument, True)
    )
    await sale_orders.complete(world.ctx, order_id=order_id, user_id=SELLER.id)

    await reviews.write_review(
        world.ctx, author_id=ANI.id, sale_order_id=order_id, rating=4, comment="Mantap"
    )
    with pytest.raises(ReviewNotAllowed):
        await reviews.write_review(world.ctx, author_id=ANI.id, sale_order_id=order_id, rating=1)
    with pytest.raises(PermissionDenied):
        await reviews.write_review(world.ctx, author_id=SELLER.id, sale_order_id=order_id, rating=1)

    page, summary = await reviews.vehicle_reviews(world.ctx, vehicle_id=FOR_SALE.id)
    async with world.uow_factory() as uow:
        vehicle = await uow.vehicles.get(FOR_SALE.id)
    assert [r.comment for r in page.items] == ["Mantap"]
    assert summary.average == Decimal("4.00")
    assert vehicle is not None and (vehicle.rating, vehicle.review_count) == (Decimal("4.00"), 1)
    seller = await reviews.seller_rating(world.uow_factory, SELLER.id)
    assert (seller.count, seller.average) == (1, Decimal("4.00"))
