"""SQL rentals, test drives and sale orders.

Updates are compare-and-set on the status (``UPDATE ... WHERE id = :id AND status =
:expected``): the row count says whether this transaction's move won. On PostgreSQL the row
lock taken by that UPDATE also makes a concurrent move wait and then see the new status.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import ColumnElement, Table, or_, select
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError

from bigauto.adapters.sql._audit_trail import DEAL_TRAIL
from bigauto.adapters.sql._rows import SqlRepository, amount_of, money_of
from bigauto.adapters.sql.bookings.codec import (
    documents_from_json,
    documents_to_json,
    quote_from_json,
    quote_to_json,
)
from bigauto.adapters.sql.bookings.tables import rental_bookings, sale_orders, test_drives
from bigauto.adapters.sql.errors import EXCLUSION_VIOLATION, sqlstate
from bigauto.domain.bookings.errors import OrderAlreadyAccepted, TestDriveSlotTaken
from bigauto.domain.bookings.lifecycles import RentalState, SaleOrderState, TestDriveState
from bigauto.domain.bookings.rentals import RentalBooking
from bigauto.domain.bookings.sales import SaleOrder
from bigauto.domain.bookings.test_drives import TestDrive
from bigauto.domain.catalogue.search import Page
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.errors import Conflict
from bigauto.domain.shared.money import Money
from bigauto.domain.shared.periods import DatePeriod, TimeSlot
from bigauto.ports.bookings.repositories import DealQuery, RentalNotice

D = TypeVar("D", RentalBooking, TestDrive, SaleOrder)
S = TypeVar("S", RentalState, TestDriveState, SaleOrderState)

_NOTICE_COLUMN = {"pickup_reminder": "pickup_reminded_at", "overdue": "overdue_notified_at"}


def _deal_row(deal: D, buyer: str, moved: str = "updated_at") -> dict[str, Any]:
    """The columns every deal table has: the parties, status, audit trail, when it was created
    and (in column ``moved``) when it last moved."""
    return {
        "id": deal.id,
        "vehicle_id": deal.vehicle_id,
        buyer: getattr(deal, buyer),
        "seller_id": deal.seller_id,
        "status": deal.status.value,
        "history": DEAL_TRAIL.dump(deal.history),
        "created_at": deal.created_at,
        moved: deal.history[-1].at,
    }


def _deal_fields(m: Any, buyer: str) -> dict[str, Any]:
    """The attributes every deal reads back from the columns of :func:`_deal_row` but status."""
    return {
        "id": m["id"],
        "vehicle_id": m["vehicle_id"],
        buyer: m[buyer],
        "seller_id": m["seller_id"],
        "history": DEAL_TRAIL.load(m["history"]),
        "created_at": m["created_at"],
    }


def _settled(m: Any, currency: str) -> dict[str, Any]:
    """When a rental or sale order was paid, what was refunded and who cancelled it."""
    return {
        "paid_at": m["paid_at"],
        "refund_amount": money_of(m["refund_amount"], currency),
        "cancelled_by": Actor(m["cancelled_by"]) if m["cancelled_by"] else None,
    }


class _DealRepository(SqlRepository, Generic[D, S]):
    """What the three deal tables do alike: insert, get, a compare-and-set update on the status,
    a party's deals newest first, and a vehicle's deals."""

    _table: ClassVar[Table]
    #: The column of the customer's side: ``customer_id`` or ``buyer_id``.
    _buyer: ClassVar[str]
    #: Columns an update leaves as they are.
    _kept: ClassVar[tuple[str, ...]] = ("id", "created_at")

    def _row(self, deal: D) -> dict[str, Any]:
        raise NotImplementedError

    def _read(self, row: Row[Any]) -> D:
        raise NotImplementedError

    def _refused(self, error: IntegrityError, deal: D) -> Exception:
        """What storing ``deal`` raises when the database refuses it."""
        raise NotImplementedError

    async def _add(self, deal: D, *, savepoint: bool = True) -> None:
        refused = partial(self._refused, deal=deal)
        await self._insert(self._table, self._row(deal), refused, savepoint=savepoint)

    async def get(self, deal_id: str) -> D | None:
        return await self._first(select(self._table).where(self._table.c.id == deal_id), self._read)

    async def update(self, deal: D, *, expected: S) -> bool:
        c = self._table.c
        values = {k: v for k, v in self._row(deal).items() if k not in self._kept}
        where = (c.id == deal.id) & (c.status == expected.value)
        return bool(await self._update(self._table, where, values))

    async def list_for(self, query: DealQuery[S]) -> Page[D]:
        c, user_id = self._table.c, query.user_id
        where: ColumnElement[bool]
        if query.side == "customer":
            where = c[self._buyer] == user_id
        elif query.side == "seller":
            where = c.seller_id == user_id
        else:
            where = or_(c[self._buyer] == user_id, c.seller_id == user_id)
        if query.status is not None:
            where = where & (c.status == query.status.value)
        page, limit = query.page, query.limit
        return await self._newest_page(self._table, where, self._read, page=page, limit=limit)

    async def _of_vehicle(
        self, vehicle_id: str, statuses: frozenset[S] | None, by: str
    ) -> Sequence[D]:
        c = self._table.c
        query = select(self._table).where(c.vehicle_id == vehicle_id)
        if statuses is not None:
            query = query.where(c.status.in_([s.value for s in statuses]))
        return await self._all(query.order_by(c[by], c.id), self._read)

    async def _oldest(self, *where: ColumnElement[bool], by: str, limit: int) -> Sequence[D]:
        """Deals matching ``where``, by column ``by`` (then id), at most ``limit``."""
        c = self._table.c
        query = select(self._table).where(*where).order_by(c[by], c.id).limit(limit)
        return await self._all(query, self._read)


# --- rentals ------------------------------------------------------------------------------------


class SqlRentalRepository(_DealRepository[RentalBooking, RentalState]):
    """The ``rental_bookings`` table."""

    _table = rental_bookings
    _buyer = "customer_id"
    _kept = ("id", "created_at", "pickup_reminded_at", "overdue_notified_at")

    def _row(self, b: RentalBooking) -> dict[str, Any]:
        # Written out rather than with _deal_row: booking is the hot path.
        q = b.quote
        return {
            "id": b.id,
            "vehicle_id": b.vehicle_id,
            "customer_id": b.customer_id,
            "seller_id": b.seller_id,
            "status": b.status.value,
            "history": DEAL_TRAIL.dump(b.history),
            "created_at": b.created_at,
            "updated_at": b.history[-1].at,
            "start_date": b.period.start,
            "end_date": b.period.end,
            "timezone": b.timezone,
            "currency": q.total.currency,
            "subtotal": q.subtotal.amount,
            "discount": q.discount.amount,
            "deposit": q.deposit.amount,
            "total": q.total.amount,
            "commission_rate": b.commission_rate,
            "promo_code": q.promo_code,
            "quote": quote_to_json(q),
            "hold_expires_at": b.hold_expires_at,
            "paid_at": b.paid_at,
            "refund_amount": amount_of(b.refund_amount),
            "cancelled_by": b.cancelled_by.value if b.cancelled_by else None,
        }

    def _read(self, row: Row[Any]) -> RentalBooking:
        m = row._mapping
        return RentalBooking(
            **_deal_fields(m, "customer_id"),
            **_settled(m, m["currency"]),
            period=DatePeriod(m["start_date"], m["end_date"]),
            quote=quote_from_json(m["quote"]),
            commission_rate=Decimal(m["commission_rate"]).normalize(),
            timezone=m["timezone"],
            status=RentalState(m["status"]),
            hold_expires_at=m["hold_expires_at"],
        )

    def _refused(self, error: IntegrityError, deal: RentalBooking) -> Exception:
        return Conflict(f"rental {deal.id} cannot be added", details={"id": deal.id})

    async def add(self, booking: RentalBooking) -> None:
        # No savepoint: a booking that cannot be stored (a duplicate id, a missing vehicle) is
        # a bug, and its transaction is not worth saving; booking is the hot path.
        await self._add(booking, savepoint=False)

    async def of_vehicle(
        self, vehicle_id: str, statuses: frozenset[RentalState] | None = None
    ) -> Sequence[RentalBooking]:
        return await self._of_vehicle(vehicle_id, statuses, "start_date")

    async def expired_holds(
        self, at: datetime, *, vehicle_id: str | None = None, limit: int = 100
    ) -> Sequence[RentalBooking]:
        c = rental_bookings.c
        where: list[ColumnElement[bool]] = [
            c.status == RentalState.PENDING_PAYMENT.value,
            c.hold_expires_at <= at,
        ]
        if vehicle_id is not None:
            where.append(c.vehicle_id == vehicle_id)
        return await self._oldest(*where, by="hold_expires_at", limit=limit)

    async def in_status(self, status: RentalState, *, limit: int = 100) -> Sequence[RentalBooking]:
        c = rental_bookings.c
        return await self._oldest(c.status == status.value, by="created_at", limit=limit)

    async def notice_due(
        self,
        notice: RentalNotice,
        statuses: frozenset[RentalState],
        *,
        start_until: date | None = None,
        end_until: date | None = None,
        limit: int = 100,
    ) -> Sequence[RentalBooking]:
        c = rental_bookings.c
        where: list[ColumnElement[bool]] = [
            c.status.in_([s.value for s in statuses]),
            c[_NOTICE_COLUMN[notice]].is_(None),
        ]
        if start_until is not None:
            where.append(c.start_date <= start_until)
        if end_until is not None:
            where.append(c.end_date <= end_until)
        return await self._oldest(*where, by="start_date", limit=limit)

    async def mark_notice(self, booking_id: str, notice: RentalNotice, at: datetime) -> bool:
        column = rental_bookings.c[_NOTICE_COLUMN[notice]]
        where = (rental_bookings.c.id == booking_id) & column.is_(None)
        return bool(await self._update(rental_bookings, where, {column.name: at}))


# --- test drives --------------------------------------------------------------------------------


class SqlTestDriveRepository(_DealRepository[TestDrive, TestDriveState]):
    """The ``test_drives`` table."""

    __test__ = False

    _table = test_drives
    _buyer = "customer_id"

    def _row(self, d: TestDrive) -> dict[str, Any]:
        return _deal_row(d, "customer_id") | {"scheduled_at": d.slot.start, "ends_at": d.slot.end}

    def _read(self, row: Row[Any]) -> TestDrive:
        m = row._mapping
        return TestDrive(
            **_deal_fields(m, "customer_id"),
            slot=TimeSlot(m["scheduled_at"], m["ends_at"]),
            status=TestDriveState(m["status"]),
        )

    def _refused(self, error: IntegrityError, deal: TestDrive) -> Exception:
        if sqlstate(error) == EXCLUSION_VIOLATION:
            return TestDriveSlotTaken(
                "another test drive of this vehicle is booked at that time",
                details={"scheduled_at": deal.slot.start.isoformat()},
            )
        return Conflict(f"test drive {deal.id} cannot be stored", details={"id": deal.id})

    async def add(self, drive: TestDrive) -> None:
        await self._add(drive)

    async def active_of_vehicle(
        self, vehicle_id: str, *, start: datetime, end: datetime
    ) -> Sequence[TestDrive]:
        c = test_drives.c
        query = select(test_drives).where(
            c.vehicle_id == vehicle_id,
            c.status.in_([TestDriveState.REQUESTED.value, TestDriveState.CONFIRMED.value]),
            c.scheduled_at < end,
            c.ends_at > start,
        )
        return await self._all(query.order_by(c.scheduled_at, c.id), self._read)


# --- sale orders --------------------------------------------------------------------------------


class SqlSaleOrderRepository(_DealRepository[SaleOrder, SaleOrderState]):
    """The ``sale_orders`` table; its partial unique index keeps one accepted order a vehicle."""

    _table = sale_orders
    _buyer = "buyer_id"

    def _row(self, o: SaleOrder) -> dict[str, Any]:
        return _deal_row(o, "buyer_id", moved="last_moved_at") | {
            "currency": o.offer_price.currency,
            "asking_price": o.asking_price.amount,
            "offer_price": o.offer_price.amount,
            "counter_price": amount_of(o.counter_price),
            "agreed_price": amount_of(o.agreed_price),
            "commission_rate": o.commission_rate,
            "max_rounds": o.max_rounds,
            "rounds": o.rounds,
            "documents": documents_to_json(o.documents),
            "paid_at": o.paid_at,
            "refund_amount": amount_of(o.refund_amount),
            "cancelled_by": o.cancelled_by.value if o.cancelled_by else None,
        }

    def _read(self, row: Row[Any]) -> SaleOrder:
        m = row._mapping
        currency = m["currency"]
        return SaleOrder(
            **_deal_fields(m, "buyer_id"),
            **_settled(m, currency),
            asking_price=Money(m["asking_price"], currency),
            offer_price=Money(m["offer_price"], currency),
            commission_rate=Decimal(m["commission_rate"]).normalize(),
            max_rounds=m["max_rounds"],
            status=SaleOrderState(m["status"]),
            counter_price=money_of(m["counter_price"], currency),
            agreed_price=money_of(m["agreed_price"], currency),
            rounds=m["rounds"],
            documents=documents_from_json(m["documents"]),
        )

    def _refused(self, error: IntegrityError, deal: SaleOrder) -> Exception:
        return OrderAlreadyAccepted(
            "another order for this vehicle has already been accepted",
            details={"vehicle_id": deal.vehicle_id},
        )

    async def add(self, order: SaleOrder) -> None:
        await self._add(order)

    async def update(self, order: SaleOrder, *, expected: SaleOrderState) -> bool:
        try:
            async with self._conn.begin_nested():
                return await super().update(order, expected=expected)
        except IntegrityError as error:
            raise self._refused(error, order) from None

    async def of_vehicle(
        self, vehicle_id: str, statuses: frozenset[SaleOrderState] | None = None
    ) -> Sequence[SaleOrder]:
        return await self._of_vehicle(vehicle_id, statuses, "created_at")

    async def idle_since(
        self, statuses: frozenset[SaleOrderState], before: datetime, *, limit: int = 100
    ) -> Sequence[SaleOrder]:
        c = sale_orders.c
        where = (c.status.in_([s.value for s in statuses]), c.last_moved_at < before)
        return await self._oldest(*where, by="last_moved_at", limit=limit)


__all__ = ["SqlRentalRepository", "SqlSaleOrderRepository", "SqlTestDriveRepository"]
