"""SQL rentals, test drives and sale orders.

Updates are compare-and-set on the status (``UPDATE ... WHERE id = :id AND status =
:expected``): the row count says whether this transaction's move won. On PostgreSQL the row
lock taken by that UPDATE also makes a concurrent move wait and then see the new status.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from bigauto.adapters.sql.bookings.codec import (
    documents_from_json,
    documents_to_json,
    history_from_json,
    history_to_json,
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
from bigauto.ports.bookings.repositories import RentalNotice, Side

_NOTICE_COLUMN = {"pickup_reminder": "pickup_reminded_at", "overdue": "overdue_notified_at"}


def _amount(money: Money | None) -> int | None:
    return None if money is None else money.amount


def _money(amount: int | None, currency: str) -> Money | None:
    return None if amount is None else Money(amount, currency)


def _side(table: Table, customer: str, user_id: str, side: Side) -> ColumnElement[bool]:
    if side == "customer":
        return table.c[customer] == user_id
    if side == "seller":
        return table.c.seller_id == user_id
    return or_(table.c[customer] == user_id, table.c.seller_id == user_id)


async def _page(
    conn: AsyncConnection, table: Table, where: ColumnElement[bool], page: int, limit: int
) -> tuple[list[Any], int]:
    total = await conn.scalar(select(func.count()).select_from(table).where(where))
    rows = await conn.execute(
        select(table)
        .where(where)
        .order_by(table.c.created_at.desc(), table.c.id.desc())
        .limit(limit)
        .offset((page - 1) * limit)
    )
    return list(rows), int(total or 0)


# --- rentals ------------------------------------------------------------------------------------


def _rental_row(b: RentalBooking) -> dict[str, Any]:
    q = b.quote
    return {
        "id": b.id,
        "vehicle_id": b.vehicle_id,
        "customer_id": b.customer_id,
        "seller_id": b.seller_id,
        "start_date": b.period.start,
        "end_date": b.period.end,
        "status": b.status.value,
        "timezone": b.timezone,
        "currency": q.total.currency,
        "subtotal": q.subtotal.amount,
        "discount": q.discount.amount,
        "deposit": q.deposit.amount,
        "total": q.total.amount,
        "commission_rate": b.commission_rate,
        "promo_code": q.promo_code,
        "quote": quote_to_json(q),
        "history": history_to_json(b.history),
        "created_at": b.created_at,
        "hold_expires_at": b.hold_expires_at,
        "paid_at": b.paid_at,
        "refund_amount": _amount(b.refund_amount),
        "cancelled_by": b.cancelled_by.value if b.cancelled_by else None,
        "updated_at": b.history[-1].at,
    }


def _rental(row: Any) -> RentalBooking:
    m = row._mapping
    return RentalBooking(
        id=m["id"],
        vehicle_id=m["vehicle_id"],
        customer_id=m["customer_id"],
        seller_id=m["seller_id"],
        period=DatePeriod(m["start_date"], m["end_date"]),
        quote=quote_from_json(m["quote"]),
        commission_rate=Decimal(m["commission_rate"]).normalize(),
        timezone=m["timezone"],
        status=RentalState(m["status"]),
        created_at=m["created_at"],
        hold_expires_at=m["hold_expires_at"],
        history=history_from_json(m["history"]),
        paid_at=m["paid_at"],
        refund_amount=_money(m["refund_amount"], m["currency"]),
        cancelled_by=Actor(m["cancelled_by"]) if m["cancelled_by"] else None,
    )


class SqlRentalRepository:
    """The ``rental_bookings`` table."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def add(self, booking: RentalBooking) -> None:
        # No savepoint: a booking that cannot be stored (a duplicate id, a missing vehicle) is
        # a bug, and its transaction is not worth saving; booking is the hot path.
        try:
            await self._conn.execute(insert(rental_bookings).values(_rental_row(booking)))
        except IntegrityError:
            raise Conflict(
                f"rental {booking.id} cannot be added", details={"id": booking.id}
            ) from None

    async def get(self, booking_id: str) -> RentalBooking | None:
        row = (
            await self._conn.execute(
                select(rental_bookings).where(rental_bookings.c.id == booking_id)
            )
        ).first()
        return _rental(row) if row else None

    async def update(self, booking: RentalBooking, *, expected: RentalState) -> bool:
        c = rental_bookings.c
        values = _rental_row(booking)
        for fixed in ("id", "created_at", "pickup_reminded_at", "overdue_notified_at"):
            values.pop(fixed, None)
        result = await self._conn.execute(
            update(rental_bookings)
            .where(c.id == booking.id, c.status == expected.value)
            .values(values)
        )
        return bool(result.rowcount)

    async def list_for(
        self,
        user_id: str,
        *,
        side: Side = None,
        status: RentalState | None = None,
        page: int = 1,
        limit: int = 20,
    ) -> Page[RentalBooking]:
        where = _side(rental_bookings, "customer_id", user_id, side)
        if status is not None:
            where = where & (rental_bookings.c.status == status.value)
        rows, total = await _page(self._conn, rental_bookings, where, page, limit)
        return Page([_rental(r) for r in rows], total, page, limit)

    async def of_vehicle(
        self, vehicle_id: str, statuses: frozenset[RentalState] | None = None
    ) -> Sequence[RentalBooking]:
        c = rental_bookings.c
        query = select(rental_bookings).where(c.vehicle_id == vehicle_id)
        if statuses is not None:
            query = query.where(c.status.in_([s.value for s in statuses]))
        rows = await self._conn.execute(query.order_by(c.start_date, c.id))
        return [_rental(r) for r in rows]

    async def expired_holds(
        self, at: datetime, *, vehicle_id: str | None = None, limit: int = 100
    ) -> Sequence[RentalBooking]:
        c = rental_bookings.c
        query = select(rental_bookings).where(
            c.status == RentalState.PENDING_PAYMENT.value, c.hold_expires_at <= at
        )
        if vehicle_id is not None:
            query = query.where(c.vehicle_id == vehicle_id)
        rows = await self._conn.execute(query.order_by(c.hold_expires_at, c.id).limit(limit))
        return [_rental(r) for r in rows]

    async def in_status(self, status: RentalState, *, limit: int = 100) -> Sequence[RentalBooking]:
        c = rental_bookings.c
        query = select(rental_bookings).where(c.status == status.value)
        rows = await self._conn.execute(query.order_by(c.created_at, c.id).limit(limit))
        return [_rental(r) for r in rows]

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
        query = select(rental_bookings).where(
            c.status.in_([s.value for s in statuses]), c[_NOTICE_COLUMN[notice]].is_(None)
        )
        if start_until is not None:
            query = query.where(c.start_date <= start_until)
        if end_until is not None:
            query = query.where(c.end_date <= end_until)
        rows = await self._conn.execute(query.order_by(c.start_date, c.id).limit(limit))
        return [_rental(r) for r in rows]

    async def mark_notice(self, booking_id: str, notice: RentalNotice, at: datetime) -> bool:
        column = rental_bookings.c[_NOTICE_COLUMN[notice]]
        result = await self._conn.execute(
            update(rental_bookings)
            .where(rental_bookings.c.id == booking_id, column.is_(None))
            .values({column.name: at})
        )
        return bool(result.rowcount)


# --- test drives --------------------------------------------------------------------------------


def _drive_row(d: TestDrive) -> dict[str, Any]:
    return {
        "id": d.id,
        "vehicle_id": d.vehicle_id,
        "customer_id": d.customer_id,
        "seller_id": d.seller_id,
        "scheduled_at": d.slot.start,
        "ends_at": d.slot.end,
        "status": d.status.value,
        "history": history_to_json(d.history),
        "created_at": d.created_at,
        "updated_at": d.history[-1].at,
    }


def _drive(row: Any) -> TestDrive:
    m = row._mapping
    return TestDrive(
        id=m["id"],
        vehicle_id=m["vehicle_id"],
        customer_id=m["customer_id"],
        seller_id=m["seller_id"],
        slot=TimeSlot(m["scheduled_at"], m["ends_at"]),
        status=TestDriveState(m["status"]),
        created_at=m["created_at"],
        history=history_from_json(m["history"]),
    )


def _slot_taken(error: IntegrityError, drive: TestDrive) -> Exception:
    if sqlstate(error) == EXCLUSION_VIOLATION:
        return TestDriveSlotTaken(
            "another test drive of this vehicle is booked at that time",
            details={"scheduled_at": drive.slot.start.isoformat()},
        )
    return Conflict(f"test drive {drive.id} cannot be stored", details={"id": drive.id})


class SqlTestDriveRepository:
    """The ``test_drives`` table."""

    __test__ = False

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def add(self, drive: TestDrive) -> None:
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(insert(test_drives).values(_drive_row(drive)))
        except IntegrityError as error:
            raise _slot_taken(error, drive) from None

    async def get(self, drive_id: str) -> TestDrive | None:
        query = select(test_drives).where(test_drives.c.id == drive_id)
        row = (await self._conn.execute(query)).first()
        return _drive(row) if row else None

    async def update(self, drive: TestDrive, *, expected: TestDriveState) -> bool:
        c = test_drives.c
        values = _drive_row(drive)
        values.pop("id")
        values.pop("created_at")
        result = await self._conn.execute(
            update(test_drives).where(c.id == drive.id, c.status == expected.value).values(values)
        )
        return bool(result.rowcount)

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
        rows = await self._conn.execute(query.order_by(c.scheduled_at, c.id))
        return [_drive(r) for r in rows]

    async def list_for(
        self,
        user_id: str,
        *,
        side: Side = None,
        status: TestDriveState | None = None,
        page: int = 1,
        limit: int = 20,
    ) -> Page[TestDrive]:
        where = _side(test_drives, "customer_id", user_id, side)
        if status is not None:
            where = where & (test_drives.c.status == status.value)
        rows, total = await _page(self._conn, test_drives, where, page, limit)
        return Page([_drive(r) for r in rows], total, page, limit)


# --- sale orders --------------------------------------------------------------------------------


def _order_row(o: SaleOrder) -> dict[str, Any]:
    return {
        "id": o.id,
        "vehicle_id": o.vehicle_id,
        "buyer_id": o.buyer_id,
        "seller_id": o.seller_id,
        "status": o.status.value,
        "currency": o.offer_price.currency,
        "asking_price": o.asking_price.amount,
        "offer_price": o.offer_price.amount,
        "counter_price": _amount(o.counter_price),
        "agreed_price": _amount(o.agreed_price),
        "commission_rate": o.commission_rate,
        "max_rounds": o.max_rounds,
        "rounds": o.rounds,
        "documents": documents_to_json(o.documents),
        "history": history_to_json(o.history),
        "created_at": o.created_at,
        "last_moved_at": o.history[-1].at,
        "paid_at": o.paid_at,
        "refund_amount": _amount(o.refund_amount),
        "cancelled_by": o.cancelled_by.value if o.cancelled_by else None,
    }


def _order(row: Any) -> SaleOrder:
    m = row._mapping
    currency = m["currency"]
    return SaleOrder(
        id=m["id"],
        vehicle_id=m["vehicle_id"],
        buyer_id=m["buyer_id"],
        seller_id=m["seller_id"],
        asking_price=Money(m["asking_price"], currency),
        offer_price=Money(m["offer_price"], currency),
        commission_rate=Decimal(m["commission_rate"]).normalize(),
        max_rounds=m["max_rounds"],
        status=SaleOrderState(m["status"]),
        created_at=m["created_at"],
        history=history_from_json(m["history"]),
        counter_price=_money(m["counter_price"], currency),
        agreed_price=_money(m["agreed_price"], currency),
        rounds=m["rounds"],
        documents=documents_from_json(m["documents"]),
        paid_at=m["paid_at"],
        refund_amount=_money(m["refund_amount"], currency),
        cancelled_by=Actor(m["cancelled_by"]) if m["cancelled_by"] else None,
    )


def _already_accepted(order: SaleOrder) -> OrderAlreadyAccepted:
    return OrderAlreadyAccepted(
        "another order for this vehicle has already been accepted",
        details={"vehicle_id": order.vehicle_id},
    )


class SqlSaleOrderRepository:
    """The ``sale_orders`` table; its partial unique index keeps one accepted order a vehicle."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def add(self, order: SaleOrder) -> None:
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(insert(sale_orders).values(_order_row(order)))
        except IntegrityError:
            raise _already_accepted(order) from None

    async def get(self, order_id: str) -> SaleOrder | None:
        row = (
            await self._conn.execute(select(sale_orders).where(sale_orders.c.id == order_id))
        ).first()
        return _order(row) if row else None

    async def update(self, order: SaleOrder, *, expected: SaleOrderState) -> bool:
        c = sale_orders.c
        values = _order_row(order)
        values.pop("id")
        values.pop("created_at")
        try:
            async with self._conn.begin_nested():
                result = await self._conn.execute(
                    update(sale_orders)
                    .where(c.id == order.id, c.status == expected.value)
                    .values(values)
                )
        except IntegrityError:
            raise _already_accepted(order) from None
        return bool(result.rowcount)

    async def of_vehicle(
        self, vehicle_id: str, statuses: frozenset[SaleOrderState] | None = None
    ) -> Sequence[SaleOrder]:
        c = sale_orders.c
        query = select(sale_orders).where(c.vehicle_id == vehicle_id)
        if statuses is not None:
            query = query.where(c.status.in_([s.value for s in statuses]))
        rows = await self._conn.execute(query.order_by(c.created_at, c.id))
        return [_order(r) for r in rows]

    async def list_for(
        self,
        user_id: str,
        *,
        side: Side = None,
        status: SaleOrderState | None = None,
        page: int = 1,
        limit: int = 20,
    ) -> Page[SaleOrder]:
        where = _side(sale_orders, "buyer_id", user_id, side)
        if status is not None:
            where = where & (sale_orders.c.status == status.value)
        rows, total = await _page(self._conn, sale_orders, where, page, limit)
        return Page([_order(r) for r in rows], total, page, limit)

    async def idle_since(
        self, statuses: frozenset[SaleOrderState], before: datetime, *, limit: int = 100
    ) -> Sequence[SaleOrder]:
        c = sale_orders.c
        query = select(sale_orders).where(
            c.status.in_([s.value for s in statuses]), c.last_moved_at < before
        )
        rows = await self._conn.execute(query.order_by(c.last_moved_at, c.id).limit(limit))
        return [_order(r) for r in rows]


__all__ = ["SqlRentalRepository", "SqlSaleOrderRepository", "SqlTestDriveRepository"]
