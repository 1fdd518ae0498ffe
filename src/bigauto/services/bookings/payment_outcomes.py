"""What the payments service calls when a rental's or a sale order's payment settles or fails.

Each function works inside the caller's unit of work (the payment's own transaction), puts its
events in the outbox there, and answers them; the caller commits. They are idempotent: a
booking or order already paid (or already failed) is left alone and no events come back, so a
replayed payment notification changes nothing.

- ``mark_rental_paid``: ``pending_payment → paid`` (and on to ``akan_datang`` when the policy
  auto-confirms); the calendar hold becomes a booking. A payment arriving after the hold
  expired is accepted only while the dates are still free, else ``VehicleUnavailable``; for a
  booking already cancelled, ``InvalidTransition`` (either way the caller refunds).
- ``rental_payment_failed``: the payment was denied or expired: cancelled, dates freed.
- ``mark_sale_order_paid``: ``pending_payment → paid``; the vehicle is reserved and the other
  open orders for it are declined (each with ``sale_order.declined``).
- ``sale_order_payment_expired``: ``pending_payment → cancelled``.
"""

from __future__ import annotations

from datetime import datetime

from bigauto.domain.bookings.lifecycles import RentalState, SaleOrderState
from bigauto.domain.bookings.sales import OPEN_STATES, SaleOrder, orders_to_decline_when_paid
from bigauto.domain.catalogue.availability import CalendarEntry
from bigauto.domain.shared.errors import Conflict, NotFound
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.shared.system import IdGenerator
from bigauto.ports.unit_of_work import UnitOfWork
from bigauto.services.bookings.context import BookingPolicy, record
from bigauto.services.bookings.rentals import free_dates, rental_or_none
from bigauto.services.bookings.sale_vehicle import apply_vehicle_status


def _lost(what: str, ident: str) -> Conflict:
    return Conflict(f"the {what} changed meanwhile", details={"id": ident})


async def mark_rental_paid(
    uow: UnitOfWork,
    ids: IdGenerator,
    *,
    booking_id: str,
    at: datetime,
    policy: BookingPolicy | None = None,
) -> list[DomainEvent]:
    """The rental's payment settled at ``at``; see the module docstring."""
    policy = policy or BookingPolicy()
    booking = await rental_or_none(uow, booking_id)
    if booking.paid_at is not None:
        return []  # a replay: it was paid already
    calendar = None
    if booking.hold_expired(at):
        calendar = await uow.calendar.entries(
            booking.vehicle_id, booking.period, turnaround_days=policy.turnaround_days
        )
    paid, event = booking.pay(at=at, event_id=ids.new_id(), calendar=calendar)
    events = [event]
    final = paid
    if policy.auto_confirm:
        final, confirmed = paid.auto_confirm(at=at, event_id=ids.new_id())
        events.append(confirmed)
    if not await uow.rentals.update(final, expected=RentalState.PENDING_PAYMENT):
        raise _lost("rental", booking_id)
    # The hold becomes a booking: same dates, no expiry.
    await free_dates(uow, booking_id, at)
    await uow.calendar.add(
        booking.vehicle_id,
        CalendarEntry.booking(booking_id, booking.period),
        created_at=at,
        turnaround_days=policy.turnaround_days,
    )
    return await record(uow, events)


async def rental_payment_failed(
    uow: UnitOfWork, ids: IdGenerator, *, booking_id: str, at: datetime, reason: str | None = None
) -> list[DomainEvent]:
    """The rental's payment was denied or expired: cancel it and free the dates."""
    booking = await rental_or_none(uow, booking_id)
    if booking.status is not RentalState.PENDING_PAYMENT:
        return []
    cancelled, event = booking.payment_failed(at=at, event_id=ids.new_id(), reason=reason)
    if not await uow.rentals.update(cancelled, expected=RentalState.PENDING_PAYMENT):
        raise _lost("rental", booking_id)
    await free_dates(uow, booking_id, at)
    return await record(uow, [event])


async def _order(uow: UnitOfWork, order_id: str) -> SaleOrder:
    order = await uow.sale_orders.get(order_id)
    if order is None:
        raise NotFound(f"no sale order {order_id}", details={"id": order_id})
    return order


async def mark_sale_order_paid(
    uow: UnitOfWork, ids: IdGenerator, *, order_id: str, at: datetime
) -> list[DomainEvent]:
    """The agreed price was paid: reserve the vehicle, decline the other open orders."""
    order = await _order(uow, order_id)
    if order.paid_at is not None:
        return []  # a replay: it was paid already
    paid, event = order.pay(at=at, event_id=ids.new_id())
    if not await uow.sale_orders.update(paid, expected=SaleOrderState.PENDING_PAYMENT):
        raise _lost("sale order", order_id)
    events = [event]
    others = await uow.sale_orders.of_vehicle(order.vehicle_id, OPEN_STATES)
    for declined, declined_event in orders_to_decline_when_paid(
        paid, others, at=at, next_event_id=ids.new_id
    ):
        previous = next(o.status for o in others if o.id == declined.id)
        if await uow.sale_orders.update(declined, expected=previous):
            events.append(declined_event)
    await apply_vehicle_status(uow, order.vehicle_id, order.status, paid.status)
    return await record(uow, events)


async def sale_order_payment_expired(
    uow: UnitOfWork, ids: IdGenerator, *, order_id: str, at: datetime
) -> list[DomainEvent]:
    """The buyer did not pay in time: the order is cancelled (by the system)."""
    order = await _order(uow, order_id)
    if order.status is not SaleOrderState.PENDING_PAYMENT:
        return []
    expired, event = order.payment_expired(at=at, event_id=ids.new_id())
    if not await uow.sale_orders.update(expired, expected=SaleOrderState.PENDING_PAYMENT):
        raise _lost("sale order", order_id)
    return await record(uow, [event])


__all__ = [
    "mark_rental_paid",
    "mark_sale_order_paid",
    "rental_payment_failed",
    "sale_order_payment_expired",
]
