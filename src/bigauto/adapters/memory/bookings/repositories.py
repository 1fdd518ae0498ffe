"""In-memory bookings: rentals, test drives, sale orders, commission rates, promo codes,
reviews, seller settings and idempotency keys, over a unit of work's copy of the tables.

They keep the SQL adapters' promises a caller can notice: compare-and-set updates, one accepted
sale order per vehicle, one review per deal, lists newest first. Like SQLite they do not refuse
overlapping calendar entries themselves: units of work take turns, and the service checks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, ClassVar, Generic, TypeVar

import attrs

from bigauto.adapters.memory._paging import newest_first, page_of
from bigauto.adapters.memory._repository import MemoryRepository, insert_new, insert_once
from bigauto.adapters.memory.tables import TableDeclarations
from bigauto.domain.bookings.errors import OrderAlreadyAccepted, ReviewNotAllowed
from bigauto.domain.bookings.lifecycles import RentalState, SaleOrderState, TestDriveState
from bigauto.domain.bookings.rentals import RentalBooking
from bigauto.domain.bookings.reviews import RatingSummary, Review
from bigauto.domain.bookings.sales import ACCEPTED_STATES, SaleOrder
from bigauto.domain.bookings.test_drives import OpeningHours, TestDrive
from bigauto.domain.catalogue.promo import PromoCode
from bigauto.domain.catalogue.search import Page
from bigauto.domain.money.commission import CommissionRate
from bigauto.domain.shared.errors import Conflict
from bigauto.domain.shared.money import Money
from bigauto.ports.bookings.repositories import DealQuery, RentalNotice, Side

D = TypeVar("D", RentalBooking, TestDrive, SaleOrder)
S = TypeVar("S", RentalState, TestDriveState, SaleOrderState)


class _MemoryDeals(MemoryRepository, Generic[D, S]):
    """What the three deal stores do alike: add, get, a compare-and-set update on the status,
    and a party's deals newest first."""

    #: What a deal is called in a conflict's message, its table, and the attribute holding the
    #: customer side's id (``customer_id`` or ``buyer_id``).
    _noun: ClassVar[str]
    _table: ClassVar[str]
    _buyer: ClassVar[str]

    def _rows(self) -> dict[str, D]:
        rows: dict[str, D] = getattr(self._t, self._table)
        return rows

    def _check(self, deal: D) -> None:
        """Refuses to store ``deal`` where a unique index of the SQL table would."""

    async def add(self, deal: D) -> None:
        if deal.id in self._rows():
            raise Conflict(f"{self._noun} {deal.id} exists", details={"id": deal.id})
        self._check(deal)
        self._rows()[deal.id] = deal

    async def get(self, deal_id: str) -> D | None:
        return self._rows().get(deal_id)

    async def update(self, deal: D, *, expected: S) -> bool:
        stored = self._rows().get(deal.id)
        if stored is None or stored.status is not expected:
            return False
        self._check(deal)
        self._rows()[deal.id] = deal
        return True

    async def list_for(self, query: DealQuery[S]) -> Page[D]:
        mine = [
            d
            for d in self._rows().values()
            if _on_side(query.side, query.user_id, getattr(d, self._buyer), d.seller_id)
            and (query.status is None or d.status is query.status)
        ]
        return page_of(newest_first(mine, lambda d: (d.created_at, d.id)), query.page, query.limit)

    def _found(self, keep: Callable[[D], bool], key: Callable[[D], Any]) -> list[D]:
        """The deals ``keep`` holds for, ordered by ``key``."""
        return sorted((d for d in self._rows().values() if keep(d)), key=key)


def _on_side(side: Side, user_id: str, customer: str, seller: str) -> bool:
    if side == "customer":
        return customer == user_id
    if side == "seller":
        return seller == user_id
    return user_id in (customer, seller)


class MemoryRentalRepository(_MemoryDeals[RentalBooking, RentalState]):
    """Rental bookings in a dict; notices sent are kept beside them."""

    tables: ClassVar[TableDeclarations] = {
        "rentals": dict[str, RentalBooking],
        # (booking_id, notice) -> when it was sent.
        "rental_notices": dict[tuple[str, str], datetime],
    }

    _noun, _table, _buyer = "rental", "rentals", "customer_id"

    async def of_vehicle(
        self, vehicle_id: str, statuses: frozenset[RentalState] | None = None
    ) -> Sequence[RentalBooking]:
        return self._found(
            lambda b: b.vehicle_id == vehicle_id and (statuses is None or b.status in statuses),
            key=lambda b: (b.period.start, b.id),
        )

    async def expired_holds(
        self, at: datetime, *, vehicle_id: str | None = None, limit: int = 100
    ) -> Sequence[RentalBooking]:
        return self._found(
            lambda b: (
                b.status is RentalState.PENDING_PAYMENT
                and b.hold_expires_at <= at
                and (vehicle_id is None or b.vehicle_id == vehicle_id)
            ),
            key=lambda b: (b.hold_expires_at, b.id),
        )[:limit]

    async def in_status(self, status: RentalState, *, limit: int = 100) -> Sequence[RentalBooking]:
        return self._found(lambda b: b.status is status, key=lambda b: (b.created_at, b.id))[:limit]

    async def notice_due(
        self,
        notice: RentalNotice,
        statuses: frozenset[RentalState],
        *,
        start_until: date | None = None,
        end_until: date | None = None,
        limit: int = 100,
    ) -> Sequence[RentalBooking]:
        sent = self._t.rental_notices
        return self._found(
            lambda b: (
                b.status in statuses
                and (b.id, notice) not in sent
                and (start_until is None or b.period.start <= start_until)
                and (end_until is None or b.period.end <= end_until)
            ),
            key=lambda b: (b.period.start, b.id),
        )[:limit]

    async def mark_notice(self, booking_id: str, notice: RentalNotice, at: datetime) -> bool:
        return insert_once(self._t.rental_notices, (booking_id, notice), at)


class MemoryTestDriveRepository(_MemoryDeals[TestDrive, TestDriveState]):
    """Test drives in a dict."""

    tables: ClassVar[TableDeclarations] = {"test_drives": dict[str, TestDrive]}

    __test__ = False

    _noun, _table, _buyer = "test drive", "test_drives", "customer_id"

    async def active_of_vehicle(
        self, vehicle_id: str, *, start: datetime, end: datetime
    ) -> Sequence[TestDrive]:
        return self._found(
            lambda d: (
                d.vehicle_id == vehicle_id
                and d.is_active
                and d.slot.start < end
                and start < d.slot.end
            ),
            key=lambda d: (d.slot.start, d.id),
        )


class MemorySaleOrderRepository(_MemoryDeals[SaleOrder, SaleOrderState]):
    """Sale orders in a dict; at most one accepted per vehicle, as the SQL unique index says."""

    tables: ClassVar[TableDeclarations] = {"sale_orders": dict[str, SaleOrder]}

    _noun, _table, _buyer = "sale order", "sale_orders", "buyer_id"

    def _check(self, order: SaleOrder) -> None:
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

    async def of_vehicle(
        self, vehicle_id: str, statuses: frozenset[SaleOrderState] | None = None
    ) -> Sequence[SaleOrder]:
        return self._found(
            lambda o: o.vehicle_id == vehicle_id and (statuses is None or o.status in statuses),
            key=lambda o: (o.created_at, o.id),
        )

    async def idle_since(
        self, statuses: frozenset[SaleOrderState], before: datetime, *, limit: int = 100
    ) -> Sequence[SaleOrder]:
        return self._found(
            lambda o: o.status in statuses and o.history[-1].at < before,
            key=lambda o: (o.history[-1].at, o.id),
        )[:limit]


class MemoryCommissionRateRepository(MemoryRepository):
    """Commission rates in the order they were set."""

    tables: ClassVar[TableDeclarations] = {
        # Set order -> rate.
        "commission_rates": dict[int, CommissionRate],
    }

    async def add(self, rate: CommissionRate, *, set_by: str | None, set_at: datetime) -> None:
        self._t.commission_rates[len(self._t.commission_rates) + 1] = rate

    async def all(self) -> Sequence[CommissionRate]:
        return [self._t.commission_rates[n] for n in sorted(self._t.commission_rates)]


class MemoryPromoCodeRepository(MemoryRepository):
    """Promo codes by their canonical spelling."""

    tables: ClassVar[TableDeclarations] = {"promo_codes": dict[str, PromoCode]}

    async def add(self, code: PromoCode, *, created_at: datetime) -> None:
        insert_new(
            self._t.promo_codes, code.code, code, "promo code", taken="exists", code=code.code
        )

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


class MemoryReviewRepository(MemoryRepository):
    """Reviews in a dict; one per deal."""

    tables: ClassVar[TableDeclarations] = {"reviews": dict[str, Review]}

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
        return page_of(newest_first(mine, lambda r: (r.created_at, r.id)), page, limit)

    def _summary(self, keep: Callable[[Review], bool]) -> RatingSummary:
        ratings = [r.rating for r in self._t.reviews.values() if keep(r)]
        return RatingSummary(len(ratings), sum(ratings))

    async def summary_of_vehicle(self, vehicle_id: str) -> RatingSummary:
        return self._summary(lambda r: r.vehicle_id == vehicle_id)

    async def summary_of_seller(self, seller_id: str) -> RatingSummary:
        return self._summary(lambda r: r.seller_id == seller_id)


class MemorySellerSettingsRepository(MemoryRepository):
    """Opening hours per seller and sale floors per vehicle."""

    tables: ClassVar[TableDeclarations] = {
        "opening_hours": dict[str, OpeningHours],
        "sale_floors": dict[str, Money],
    }

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
