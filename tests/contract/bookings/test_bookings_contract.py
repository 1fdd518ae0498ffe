"""Contract: rentals, test drives, sale orders, rates, promo codes, reviews, seller settings and
idempotency keys behave alike in memory, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from tests.contract.samples import SELLER, T0, a_user, a_vehicle, an_id, seed

from bigauto.domain.bookings.errors import OrderAlreadyAccepted, ReviewNotAllowed
from bigauto.domain.bookings.lifecycles import RentalState, SaleOrderState, TestDriveState
from bigauto.domain.bookings.rentals import RentalBooking
from bigauto.domain.bookings.reviews import RatingSummary, Review
from bigauto.domain.bookings.sales import SaleOrder
from bigauto.domain.bookings.test_drives import DayHours, OpeningHours, TestDrive
from bigauto.domain.catalogue.availability import Calendar
from bigauto.domain.catalogue.pricing import RatePlan
from bigauto.domain.catalogue.promo import PromoCode
from bigauto.domain.catalogue.vehicles import Category
from bigauto.domain.money.commission import CommissionPolicy, CommissionRate
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.money import Money
from bigauto.ports.bookings.repositories import DealQuery
from bigauto.ports.runtime.idempotency import IdempotencyRecord
from bigauto.ports.unit_of_work import UnitOfWorkFactory

pytestmark = pytest.mark.asyncio(loop_scope="module")

CUSTOMER = a_user(1)
BUYER = a_user(2)
CAR = a_vehicle(10)
FOR_SALE = a_vehicle(
    11, category=Category.SALE, daily_rate=None, weekly_rate=None, price=Money(200_000_000)
)
PROMO = PromoCode.percent("HEMAT10", "0.10", expires_at=T0 + timedelta(days=30), min_days=2)


async def _seeded(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        await seed(uow)
        for user in (CUSTOMER, BUYER):
            await uow.users.add(user)
        await uow.vehicles.add(CAR)
        await uow.vehicles.add(FOR_SALE)
        await uow.commit()


def a_rental(n: int, start: int = 10, days: int = 3, customer: str = CUSTOMER.id) -> RentalBooking:
    first = date(2025, 3, start)
    booking, _ = RentalBooking.request(
        booking_id=an_id(100 + n),
        vehicle_id=CAR.id,
        customer_id=customer,
        seller_id=SELLER.id,
        start_date=first,
        end_date=first + timedelta(days=days),
        plan=RatePlan(Money(350_000), deposit=Money(1_000_000)),
        calendar=Calendar.empty(),
        commission=CommissionPolicy(),
        now=T0 + timedelta(minutes=n),
        timezone="Asia/Jakarta",
        event_id="e",
        promo=PROMO,
    )
    return booking


def an_order(n: int, buyer: str = BUYER.id) -> SaleOrder:
    order, _ = SaleOrder.offer(
        order_id=an_id(200 + n),
        vehicle_id=FOR_SALE.id,
        buyer_id=buyer,
        seller_id=SELLER.id,
        price=Money(180_000_000),
        asking_price=Money(200_000_000),
        commission=CommissionPolicy(),
        now=T0 + timedelta(minutes=n),
        event_id="e",
    )
    return order


async def test_a_rental_comes_back_whole_and_moves_by_compare_and_set(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """A stored booking equals what was stored; an update wins only from the expected status."""
    await _seeded(uow_factory)
    booking = a_rental(1)
    paid, _ = booking.pay(at=T0 + timedelta(minutes=5), event_id="e2")
    async with uow_factory() as uow:
        await uow.rentals.add(booking)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.rentals.get(booking.id) == booking
        assert await uow.rentals.update(paid, expected=RentalState.PENDING_PAYMENT)
        assert not await uow.rentals.update(paid, expected=RentalState.PENDING_PAYMENT)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.rentals.get(booking.id)
    assert stored == paid
    assert stored is not None and stored.quote.promo_code == "HEMAT10"


async def test_rentals_are_listed_by_side_and_status_newest_first(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """The customer and the seller both see a booking; a status filter and pages apply."""
    await _seeded(uow_factory)
    bookings = [a_rental(n, start=10 + 4 * n) for n in range(3)]
    async with uow_factory() as uow:
        for b in bookings:
            await uow.rentals.add(b)
        await uow.commit()
    async with uow_factory() as uow:
        mine = await uow.rentals.list_for(DealQuery(CUSTOMER.id, side="customer", page=1, limit=2))
        sold = await uow.rentals.list_for(DealQuery(SELLER.id, side="seller", page=2, limit=2))
        none = await uow.rentals.list_for(DealQuery(CUSTOMER.id, side="seller"))
        paid = await uow.rentals.list_for(DealQuery(SELLER.id, status=RentalState.PAID))
    assert [b.id for b in mine.items] == [bookings[2].id, bookings[1].id]
    assert (mine.total_items, mine.total_pages) == (3, 2)
    assert [b.id for b in sold.items] == [bookings[0].id]
    assert none.total_items == 0 and paid.total_items == 0


async def test_expired_holds_and_notices_are_found_once(uow_factory: UnitOfWorkFactory) -> None:
    """Holds past their expiry are found; a notice is marked at most once."""
    await _seeded(uow_factory)
    early, late = a_rental(1, start=10), a_rental(40, start=20)
    async with uow_factory() as uow:
        await uow.rentals.add(early)
        await uow.rentals.add(late)
        await uow.commit()
    async with uow_factory() as uow:
        expired = await uow.rentals.expired_holds(early.hold_expires_at, vehicle_id=CAR.id)
        due = await uow.rentals.notice_due(
            "pickup_reminder",
            frozenset({RentalState.PENDING_PAYMENT}),
            start_until=date(2025, 3, 15),
        )
        first = await uow.rentals.mark_notice(early.id, "pickup_reminder", T0)
        second = await uow.rentals.mark_notice(early.id, "pickup_reminder", T0)
        await uow.commit()
    async with uow_factory() as uow:
        after = await uow.rentals.notice_due(
            "pickup_reminder",
            frozenset({RentalState.PENDING_PAYMENT}),
            start_until=date(2025, 3, 31),
        )
        of_car = await uow.rentals.of_vehicle(CAR.id, frozenset({RentalState.PENDING_PAYMENT}))
    assert [b.id for b in expired] == [early.id]
    assert [b.id for b in due] == [early.id]
    assert (first, second) == (True, False)
    assert [b.id for b in after] == [late.id]
    assert [b.id for b in of_car] == [early.id, late.id]


async def test_a_test_drive_round_trips_and_active_ones_are_found_by_time(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """A stored test drive comes back equal; only active overlapping ones are found."""
    await _seeded(uow_factory)
    drive, _ = TestDrive.request(
        test_drive_id=an_id(300),
        vehicle_id=CAR.id,
        customer_id=CUSTOMER.id,
        seller_id=SELLER.id,
        scheduled_at=T0 + timedelta(days=2),
        now=T0,
        opening_hours=OpeningHours.weekly(time(0), time(23, 59), range(7)),
        timezone="Asia/Jakarta",
        existing=(),
        event_id="e",
    )
    cancelled, _ = drive.cancel(actor=Actor.CUSTOMER, actor_id=CUSTOMER.id, at=T0, event_id="e")
    async with uow_factory() as uow:
        await uow.test_drives.add(drive)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.test_drives.get(drive.id) == drive
        found = await uow.test_drives.active_of_vehicle(
            CAR.id, start=drive.slot.start + timedelta(minutes=30), end=drive.slot.end
        )
        assert await uow.test_drives.update(cancelled, expected=TestDriveState.REQUESTED)
        await uow.commit()
    async with uow_factory() as uow:
        gone = await uow.test_drives.active_of_vehicle(
            CAR.id, start=drive.slot.start, end=drive.slot.end
        )
        listed = await uow.test_drives.list_for(
            DealQuery(SELLER.id, status=TestDriveState.CANCELLED)
        )
    assert found == [drive] and gone == []
    assert [d.id for d in listed.items] == [drive.id]


async def test_only_one_sale_order_per_vehicle_is_accepted(uow_factory: UnitOfWorkFactory) -> None:
    """A second order cannot be accepted while the first holds the vehicle."""
    await _seeded(uow_factory)
    first, second = an_order(1), an_order(2, buyer=CUSTOMER.id)
    at = T0 + timedelta(hours=1)
    async with uow_factory() as uow:
        await uow.sale_orders.add(first)
        await uow.sale_orders.add(second)
        await uow.commit()
    accepted, _ = first.accept(actor_id=SELLER.id, at=at, event_id="e")
    also, _ = second.accept(actor_id=SELLER.id, at=at, event_id="e")
    async with uow_factory() as uow:
        assert await uow.sale_orders.update(accepted, expected=SaleOrderState.PENDING_CONFIRMATION)
        with pytest.raises(OrderAlreadyAccepted):
            await uow.sale_orders.update(also, expected=SaleOrderState.PENDING_CONFIRMATION)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.sale_orders.get(first.id) == accepted
        idle = await uow.sale_orders.idle_since(
            frozenset({SaleOrderState.PENDING_CONFIRMATION}), at
        )
        open_ = await uow.sale_orders.of_vehicle(
            FOR_SALE.id, frozenset({SaleOrderState.PENDING_PAYMENT})
        )
    assert [o.id for o in idle] == [second.id]
    assert [o.id for o in open_] == [first.id]


async def test_commission_rates_and_promo_codes_are_kept(uow_factory: UnitOfWorkFactory) -> None:
    """Rates come back in order; a promo code is redeemed at most its limit."""
    rates = [
        CommissionRate(Decimal("0.07"), T0, None),
        CommissionRate(Decimal("0.1"), T0 + timedelta(days=1), Category.SALE),
    ]
    code = PromoCode.fixed(
        "POTONG50", Money(50_000), expires_at=T0 + timedelta(days=1), usage_limit=2
    )
    async with uow_factory() as uow:
        for rate in rates:
            await uow.commission_rates.add(rate, set_by=None, set_at=T0)
        await uow.promo_codes.add(code, created_at=T0)
        await uow.promo_codes.add(PROMO, created_at=T0)
        await uow.commit()
    async with uow_factory() as uow:
        assert list(await uow.commission_rates.all()) == rates
        redeemed = [await uow.promo_codes.redeem("potong50") for _ in range(3)]
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.promo_codes.get("POTONG50")
        percent = await uow.promo_codes.get("hemat10")
    assert redeemed == [True, True, False]
    assert stored is not None and stored.times_used == 2 and stored.value == Money(50_000)
    assert percent == PROMO


async def test_one_review_per_deal_and_summaries(uow_factory: UnitOfWorkFactory) -> None:
    """A second review of the same booking is refused; summaries count and add ratings."""
    await _seeded(uow_factory)
    booking = a_rental(1)
    async with uow_factory() as uow:
        await uow.rentals.add(booking)
        review = Review(an_id(400), CUSTOMER.id, CAR.id, SELLER.id, 4, "ok", T0, booking.id)
        await uow.reviews.add(review)
        with pytest.raises(ReviewNotAllowed):
            await uow.reviews.add(
                Review(an_id(401), CUSTOMER.id, CAR.id, SELLER.id, 5, "", T0, booking.id)
            )
        await uow.commit()
    async with uow_factory() as uow:
        page = await uow.reviews.of_vehicle(CAR.id, page=1, limit=10)
        assert await uow.reviews.summary_of_vehicle(CAR.id) == RatingSummary(1, 4)
        assert await uow.reviews.summary_of_seller(SELLER.id) == RatingSummary(1, 4)
        assert await uow.reviews.summary_of_seller(CUSTOMER.id) == RatingSummary(0, 0)
    assert list(page.items) == [review]


async def test_seller_settings_are_stored_and_replaced(uow_factory: UnitOfWorkFactory) -> None:
    """Opening hours and a sale floor are stored, replaced and (the floor) removed."""
    await _seeded(uow_factory)
    hours = OpeningHours((DayHours(0, time(9), time(17)), DayHours(5, time(10), time(14))))
    async with uow_factory() as uow:
        assert await uow.seller_settings.opening_hours(SELLER.id) is None
        await uow.seller_settings.set_opening_hours(SELLER.id, OpeningHours.default())
        await uow.seller_settings.set_opening_hours(SELLER.id, hours)
        await uow.seller_settings.set_sale_floor(FOR_SALE.id, Money(150_000_000))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.seller_settings.opening_hours(SELLER.id) == hours
        assert await uow.seller_settings.sale_floor(FOR_SALE.id) == Money(150_000_000)
        await uow.seller_settings.set_sale_floor(FOR_SALE.id, None)
        assert await uow.seller_settings.sale_floor(FOR_SALE.id) is None


async def test_an_idempotency_key_is_claimed_once_answered_and_released(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """The first claim wins; later ones see it, with its answer once completed."""
    record = IdempotencyRecord("u1", "POST /api/rentals", "k1", "h" * 64, T0)
    async with uow_factory() as uow:
        assert await uow.idempotency.claim(record) is None
        again = await uow.idempotency.claim(record)
        assert again is not None and not again.is_complete
        await uow.idempotency.complete("u1", "POST /api/rentals", "k1", 201, {"id": "r1", "n": [1]})
        await uow.idempotency.release("u1", "POST /api/rentals", "k1")  # answered: kept
        await uow.commit()
    async with uow_factory() as uow:
        done = await uow.idempotency.claim(record)
        other = IdempotencyRecord("u1", "POST /api/rentals", "k2", "x" * 64, T0)
        assert await uow.idempotency.claim(other) is None
        await uow.idempotency.release("u1", "POST /api/rentals", "k2")
        assert await uow.idempotency.claim(other) is None
        purged = await uow.idempotency.purge_before(T0 + timedelta(seconds=1))
        await uow.commit()
    assert done is not None and done.status_code == 201
    assert done.response == {"id": "r1", "n": [1]}
    assert purged == 2
