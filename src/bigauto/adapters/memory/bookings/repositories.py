"""In-memory bookings: rentals, test drives, sale orders, commission rates, promo codes,
reviews, seller settings and idempotency keys, over a unit of work's copy of the tables.

They keep the SQL adapters' promises a caller can notice: compare-and-set updates, one accepted
sale order per vehicle, one review per deal, lists newest first. Like SQLite they do not refuse
overlapping calendar entries themselves: units of work take turns, and the service checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import attrs

from bigauto.adapters.memory.tables import Tables
from bigauto.domain.bookings.errors import OrderAlreadyAccepted, ReviewNotAllowed
from bigauto.domain.bookings.lifecycles import RentalState, SaleOrderState, TestDriveState
from bigauto.domain.bookings.promo import PromoCode
from bigauto.domain.bookings.rentals import RentalBooking
from bigauto.domain.bookings.reviews import RatingSummary, Review
from bigauto.domain.bookings.sales import ACCEPTED_STATES, SaleOrder
from bigauto.domain.bookings.test_drives import OpeningHours, TestDrive
from bigauto.domain.catalogue.search import Page
from bigauto.domain.money.commission import CommissionRate
from bigauto.domain.shared.errors import Conflict
from bigauto.domain.shared.money import Money
from bigauto.ports.bookings.repositories import RentalNotice, Side

T = TypeVar("T")


def _page(items: Sequence[T], page: int, limit: int) -> Page[T]:
    start = (page - 1) * limit
    return Page(list(items[start : start + limit]), len(items), page, limit)


def _sides(side: Side, user_id: str, customer: str, seller: str) -> bool:
    if side == "customer":
        return customer == user_id
    if side == "seller":
        return seller == user_id
    return user_id in (customer, seller)


def _newest(items: Iterable[T], key: Callable[[T], Any]) -> list[T]:
    return sorted(items, key=key, reverse=True)


class MemoryRentalRepository:
    """Rental bookings in a dict; notices sent are kept beside them."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, booking: RentalBooking) -> None:
        if booking.id in self._t.rentals:
            raise Conflict(f"rental {booking.id} exists", details={"id": booking.id})
        self._t.rentals[booking.id] = booking

    async def get(self, booking_id: str) -> RentalBooking | None:
        return self._t.rentals.get(booking_id)

    async def update(self, booking: RentalBooking, *, expected: RentalState) -> bool:
        stored = self._t.rentals.get(booking.id)
        if stored is None or stored.status is not expected:
            return False
        self._t.rentals[booking.id] = booking
        return True

    async def list_for(
        self,
        user_id: str,
        *,
        side: Side = None,
        status: RentalState | None = None,
        page: int = 1,
        limit: int = 20,
    ) -> Page[RentalBooking]:
        mine = [
            b
            for b in self._t.rentals.values()
            if _sides(side, user_id, b.customer_id, b.seller_id)
            and (status is None or b.status is status)
        ]
        return _page(_newest(mine, lambda b: (b.created_at, b.id)), page, limit)

    async def of_vehicle(
        self, vehicle_id: str, statuses: frozenset[RentalState] | None = None
    ) -> Sequence[RentalBooking]:
        found = [
            b
            for b in self._t.rentals.values()
            if b.vehicle_id == vehicle_id and (statuses is None or b.status in statuses)
        ]
        return sorted(found, key=lambda b: (b.period.start, b.id))

    async def expired_holds(
        self, at: datetime, *, vehicle_id: str | None = None, limit: int = 100
    ) -> Sequence[RentalBooking]:
        found = [
            b
            for b in self._t.rentals.values()
            if b.status is RentalState.PENDING_PAYMENT
            and b.hold_expires_at <= at
            and (vehicle_id is None or b.vehicle_id == vehicle_id)
        ]
        return sorted(found, key=lambda b: (b.hold_expires_at, b.id))[:limit]

    async def in_status(self, status: RentalState, *, limit: int = 100) -> Sequence[RentalBooking]:
        found = [b for b in self._t.rentals.values() if b.status is status]
        return sorted(found, key=lambda b: (b.created_at, b.id))[:limit]

    async def notice_due(
        self,
        notice: RentalNotice,
        statuses: frozenset[RentalState],
        *,
        start_until: date | None = None,
        end_until: date | None = None,
        limit: int = 100,
    ) -> Sequence[RentalBooking]:
        found = [
            b
            for b in self._t.rentals.values()
            if b.status in statuses
            and (b.id, notice) not in self._t.rental_notices
            and (start_until is None or b.period.start <= start_until)
            and (end_until is None or b.period.end <= end_until)
        ]
        return sorted(found, key=lambda b: (b.period.start, b.id))[:limit]

    async def mark_notice(self, booking_id: str, notice: RentalNotice, at: datetime) -> bool:
        if (booking_id, notice) in self._t.rental_notices:
            return False
        self._t.rental_notices[(booking_id, notice)] = at
        return True


class MemoryTestDriveRepository:
    """Test drives in a dict."""

    __test__ = False

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, drive: TestDrive) -> None:
        if drive.id in self._t.test_drives:
            raise Conflict(f"test drive {drive.id} exists", details={"id": drive.id})
        self._t.test_drives[drive.id] = drive

    async def get(self, drive_id: str) -> TestDrive | None:
        return self._t.test_drives.get(drive_id)

    async def update(self, drive: TestDrive, *, expected: TestDriveState) -> bool:
        stored = self._t.test_drives.get(drive.id)
        if stored is None or stored.status is not expected:
            return False
        self._t.test_drives[drive.id] = drive
        return True

    async def active_of_vehicle(
        self, vehicle_id: str, *, start: datetime, end: datetime
    ) -> Sequence[TestDrive]:
        found = [
            d
            for d in self._t.test_drives.values()
            if d.vehicle_id == vehicle_id
            and d.is_active
            and d.slot.start < end
            and start < d.slot.end
        ]
        return sorted(found, key=lambda d: (d.slot.start, d.id))

    async def list_for(
        self,
        user_id: str,
        *,
        side: Side = None,
        status: TestDriveState | None = None,
        page: int = 1,
        limit: int = 20,
    ) -> Page[TestDrive]:
        mine = [
            d
            for d in self._t.test_drives.values()
            if _sides(side, user_id, d.customer_id, d.seller_id)
            and (status is None or d.status is status)
        ]
        return _page(_newest(mine, lambda d: (d.created_at, d.id)), page, limit)


class MemorySaleOrderRepository:
    """Sale orders in a dict; at most one accepted per vehicle, as the SQL unique index says."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, order: SaleOrder) -> None:
        if order.id in self._t.sale_orders:
            raise Conflict(f"sale order {order.id} exists", details={"id": order.id})
        self._check_one_accepted(order)
        self._t.sale_orders[order.id] = order

    def _check_one_accepted(self, order: SaleOrder) -> None:
        if order.status not in ACCEPTED_STATES:
            return
        for other in self._t.sale_orders.values():
            if (
                other.id != order.id
                and other.vehicle_id == order.vehicle_id
                and other.status in ACCEPTED_STATES
            ):
                raise OrderAlreadyAccepted(
                    "another order for this vehicle has already been accepted",
                    details={"vehicle_id": order.vehicle_id},
                )

    async def get(self, order_id: str) -> SaleOrder | None:
        return self._t.sale_orders.get(order_id)

    async def update(self, order: SaleOrder, *, expected: SaleOrderState) -> bool:
        stored = self._t.sale_orders.get(order.id)
        if stored is None or stored.status is not expected:
            return False
        self._check_one_accepted(order)
        self._t.sale_orders[order.id] = order
        return True

    async def of_vehicle(
        self, vehicle_id: str, statuses: frozenset[SaleOrderState] | None = None
    ) -> Sequence[SaleOrder]:
        found = [
            o
            for o in self._t.sale_orders.values()
            if o.vehicle_id == vehicle_id and (statuses is None or o.status in statuses)
        ]
        return sorted(found, key=lambda o: (o.created_at, o.id))

    async def list_for(
        self,
        user_id: str,
        *,
        side: Side = None,
        status: SaleOrderState | None = None,
        page: int = 1,
        limit: int = 20,
    ) -> Page[SaleOrder]:
        mine = [
            o
            for o in self._t.sale_orders.values()
            if _sides(side, user_id, o.buyer_id, o.seller_id)
            and (status is None or o.status is status)
        ]
        return _page(_newest(mine, lambda o: (o.created_at, o.id)), page, limit)

    async def idle_since(
        self, statuses: frozenset[SaleOrderState], before: datetime, *, limit: int = 100
    ) -> Sequence[SaleOrder]:
        found = [
            o
            for o in self._t.sale_orders.values()
            if o.status in statuses and o.history[-1].at < before
        ]
        return sorted(found, key=lambda o: (o.history[-1].at, o.id))[:limit]


class MemoryCommissionRateRepository:
    """Commission rates in the order they were set."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, rate: CommissionRate, *, set_by: str | None, set_at: datetime) -> None:
        self._t.commission_rates[len(self._t.commission_rates) + 1] = rate

    async def all(self) -> Sequence[CommissionRate]:
        return [self._t.commission_rates[n] for n in sorted(self._t.commission_rates)]


class MemoryPromoCodeRepository:
    """Promo codes by their canonical spelling."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, code: PromoCode, *, created_at: datetime) -> None:
        if code.code in self._t.promo_codes:
            raise Conflict(f"promo code {code.code} exists", details={"code": code.code})
        self._t.promo_codes[code.code] = code

    async def get(self, code: str) -> PromoCode | None:
        return self._t.promo_codes.get(code.strip().upper())

    async def redeem(self, code: str) -> bool:
        found = self._t.promo_codes.get(code.strip().upper())
        if found is None or (
            found.usage_limit is not None and found.times_used >= found.usage_limit
        ):
            return False
        self._t.promo_codes[found.code] = attrs.evolve(found, times_used=found.times_used + 1)
        return True


class MemoryReviewRepository:
    """Reviews in a dict; one per deal."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, review: Review) -> None:
        for other in self._t.reviews.values():
            same_rental = (
                review.rental_booking_id is not None
                and other.rental_booking_id == review.rental_booking_id
            )
            same_sale = (
                review.sale_order_id is not None and other.sale_order_id == review.sale_order_id
            )
            if same_rental or same_sale or other.id == review.id:
                raise ReviewNotAllowed("this deal has been reviewed already", details={})
        self._t.reviews[review.id] = review

    async def of_vehicle(self, vehicle_id: str, *, page: int, limit: int) -> Page[Review]:
        mine = [r for r in self._t.reviews.values() if r.vehicle_id == vehicle_id]
        return _page(_newest(mine, lambda r: (r.created_at, r.id)), page, limit)

    def _summary(self, keep: Callable[[Review], bool]) -> RatingSummary:
        ratings = [r.rating for r in self._t.reviews.values() if keep(r)]
        return RatingSummary(len(ratings), sum(ratings))

    async def summary_of_vehicle(self, vehicle_id: str) -> RatingSummary:
        return self._summary(lambda r: r.vehicle_id == vehicle_id)

    async def summary_of_seller(self, seller_id: str) -> RatingSummary:
        return self._summary(lambda r: r.seller_id == seller_id)


class MemorySellerSettingsRepository:
    """Opening hours per seller and sale floors per vehicle."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def opening_hours(self, seller_id: str) -> OpeningHours | None:
        return self._t.opening_hours.get(seller_id)

    async def set_opening_hours(self, seller_id: str, hours: OpeningHours) -> None:
        self._t.opening_hours[seller_id] = hours

    async def sale_floor(self, vehicle_id: str) -> Money | None:
        return self._t.sale_floors.get(vehicle_id)

    async def set_sale_floor(self, vehicle_id: str, floor: Money | None) -> None:
        if floor is None:
            self._t.sale_floors.pop(vehicle_id, None)
        else:
            self._t.sale_floors[vehicle_id] = floor
