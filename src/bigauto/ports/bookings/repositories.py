"""Ports of bookings: rentals, test drives, sale orders, commission rates, promo codes, reviews,
seller settings and idempotency keys.

All of them live on the unit of work (``uow.rentals``, ``uow.test_drives``, ...), so a command
changes a booking, the vehicle's calendar and the outbox in one transaction.

Updates of a lifecycle aggregate are compare-and-set on its status: ``update(x, expected=s)``
writes only if the stored status is still ``s`` and answers whether it did, so two commands
racing on one booking cannot both win (the loser sees ``False`` and gives up)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Generic, Literal, Protocol, TypeVar

import attrs

from bigauto.domain.bookings.lifecycles import RentalState, SaleOrderState, TestDriveState
from bigauto.domain.bookings.rentals import RentalBooking
from bigauto.domain.bookings.reviews import RatingSummary, Review
from bigauto.domain.bookings.sales import SaleOrder
from bigauto.domain.bookings.test_drives import OpeningHours, TestDrive
from bigauto.domain.catalogue.promo import PromoCode
from bigauto.domain.catalogue.search import Page
from bigauto.domain.money.commission import CommissionRate
from bigauto.domain.shared.money import Money

#: Which side of a deal a listing is for: the customer's (renter, buyer) or the seller's;
#: None for both.
Side = Literal["customer", "seller"] | None

S = TypeVar("S")


@attrs.frozen
class DealQuery(Generic[S]):
    """Which of a user's deals to list: as customer and/or seller, in one status or any, and
    which page of them (newest first)."""

    user_id: str
    side: Side = None
    status: S | None = None
    page: int = 1
    limit: int = 20


#: One-off notices a rental gets at most once.
RentalNotice = Literal["pickup_reminder", "overdue"]


class RentalRepository(Protocol):
    async def add(self, booking: RentalBooking) -> None: ...

    async def get(self, booking_id: str) -> RentalBooking | None: ...

    async def update(self, booking: RentalBooking, *, expected: RentalState) -> bool:
        """Store ``booking`` if its stored status is still ``expected``; whether it did."""

    async def list_for(self, query: DealQuery[RentalState]) -> Page[RentalBooking]:
        """The bookings ``query`` asks for, newest first."""

    async def of_vehicle(
        self, vehicle_id: str, statuses: frozenset[RentalState] | None = None
    ) -> Sequence[RentalBooking]:
        """A vehicle's bookings (in ``statuses`` when given), by start date."""

    async def expired_holds(
        self, at: datetime, *, vehicle_id: str | None = None, limit: int = 100
    ) -> Sequence[RentalBooking]:
        """Bookings still ``pending_payment`` whose hold ran out by ``at``, oldest hold first
        (then by id, so concurrent sweeps lock rows in the same order)."""

    async def in_status(self, status: RentalState, *, limit: int = 100) -> Sequence[RentalBooking]:
        """Bookings in ``status``, oldest first."""

    async def notice_due(
        self,
        notice: RentalNotice,
        statuses: frozenset[RentalState],
        *,
        start_until: date | None = None,
        end_until: date | None = None,
        limit: int = 100,
    ) -> Sequence[RentalBooking]:
        """Bookings in ``statuses`` not yet given ``notice``, starting on or before
        ``start_until`` / ending on or before ``end_until``."""

    async def mark_notice(self, booking_id: str, notice: RentalNotice, at: datetime) -> bool:
        """Record that ``notice`` went out; False when it already had (send it once)."""


class TestDriveRepository(Protocol):
    async def add(self, drive: TestDrive) -> None:
        """Store a new test drive; TestDriveSlotTaken when the database sees an active one of
        the same vehicle overlapping it (PostgreSQL's exclusion constraint)."""

    async def get(self, drive_id: str) -> TestDrive | None: ...

    async def update(self, drive: TestDrive, *, expected: TestDriveState) -> bool: ...

    async def active_of_vehicle(
        self, vehicle_id: str, *, start: datetime, end: datetime
    ) -> Sequence[TestDrive]:
        """The vehicle's requested or confirmed test drives overlapping ``[start, end)``."""

    async def list_for(self, query: DealQuery[TestDriveState]) -> Page[TestDrive]: ...


class SaleOrderRepository(Protocol):
    async def add(self, order: SaleOrder) -> None: ...

    async def get(self, order_id: str) -> SaleOrder | None: ...

    async def update(self, order: SaleOrder, *, expected: SaleOrderState) -> bool:
        """Compare-and-set on the status; OrderAlreadyAccepted when a second order of the same
        vehicle would be accepted (a unique index backs the domain's check)."""

    async def of_vehicle(
        self, vehicle_id: str, statuses: frozenset[SaleOrderState] | None = None
    ) -> Sequence[SaleOrder]:
        """A vehicle's orders (in ``statuses`` when given), oldest first."""

    async def list_for(self, query: DealQuery[SaleOrderState]) -> Page[SaleOrder]: ...

    async def idle_since(
        self, statuses: frozenset[SaleOrderState], before: datetime, *, limit: int = 100
    ) -> Sequence[SaleOrder]:
        """Orders in ``statuses`` whose last move was before ``before``, oldest first."""


class CommissionRateRepository(Protocol):
    async def add(self, rate: CommissionRate, *, set_by: str | None, set_at: datetime) -> None:
        """Record one more rate (rates are never changed or removed: history)."""

    async def all(self) -> Sequence[CommissionRate]:
        """Every rate, in the order they were set."""


class PromoCodeRepository(Protocol):
    async def add(self, code: PromoCode, *, created_at: datetime) -> None:
        """Store a new code; Conflict when the code exists."""

    async def get(self, code: str) -> PromoCode | None:
        """The code (in its canonical upper-case spelling)."""

    async def redeem(self, code: str) -> bool:
        """Count one use if any are left, atomically (a conditional UPDATE); whether it did."""


class ReviewRepository(Protocol):
    async def add(self, review: Review) -> None:
        """Store a review; ReviewNotAllowed when its deal already has one."""

    async def of_vehicle(self, vehicle_id: str, *, page: int, limit: int) -> Page[Review]:
        """A vehicle's reviews, newest first."""

    async def summary_of_vehicle(self, vehicle_id: str) -> RatingSummary: ...

    async def summary_of_seller(self, seller_id: str) -> RatingSummary: ...


class SellerSettingsRepository(Protocol):
    async def opening_hours(self, seller_id: str) -> OpeningHours | None:
        """The seller's own hours, or None when they kept the default."""

    async def set_opening_hours(self, seller_id: str, hours: OpeningHours) -> None: ...

    async def sale_floor(self, vehicle_id: str) -> Money | None:
        """The lowest offer the seller considers for a sale listing (never shown to buyers)."""

    async def set_sale_floor(self, vehicle_id: str, floor: Money | None) -> None: ...
