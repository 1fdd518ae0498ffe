"""Periodic jobs of bookings (registered in ``bigauto.entrypoints.worker.build_timers``).

Each job takes the clock's ``now``, works in small batches (one unit of work each) and answers
how many bookings it touched. Every change is a compare-and-set on the status, and every notice
is marked sent with a conditional update first, so overlapping runs never act twice.

- ``expire_rental_holds``: unpaid bookings past their hold are cancelled, their dates freed;
- ``auto_confirm_rentals``: with ``BIGAUTO_AUTO_CONFIRM``, paid bookings become upcoming;
- ``remind_pickups``: ``rental.pickup_reminder`` on the day before the start (local), once;
- ``flag_overdue_rentals``: ``rental.overdue`` once a rental is still ongoing after its end date;
- ``expire_sale_offers``: offers and counter-offers unanswered for ``offer_ttl`` are declined;
- ``expire_unpaid_sale_orders``: accepted orders unpaid for ``sale_payment_window`` cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bigauto.domain.bookings.events import RentalEvents
from bigauto.domain.bookings.lifecycles import RentalState, SaleOrderState
from bigauto.domain.bookings.rentals import RentalBooking
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.bookings.repositories import RentalNotice
from bigauto.services.bookings.context import Bookings, record
from bigauto.services.bookings.payment_outcomes import sale_order_payment_expired
from bigauto.services.bookings.rentals import release_expired_holds

BATCH = 100
#: A pass stops after this many batches; the next run picks up the rest.
MAX_BATCHES = 50

_NOTICE_EVENTS: dict[RentalNotice, str] = {
    "pickup_reminder": RentalEvents.PICKUP_REMINDER,
    "overdue": RentalEvents.OVERDUE,
}


async def expire_rental_holds(ctx: Bookings, now: datetime) -> int:
    done = 0
    for _ in range(MAX_BATCHES):
        async with ctx.uow_factory() as uow:
            events = await release_expired_holds(ctx, uow, now)
            await uow.commit()
        done += len(events)
        if not events:
            break
    return done


async def auto_confirm_rentals(ctx: Bookings, now: datetime) -> int:
    if not ctx.policy.auto_confirm:
        return 0
    done = 0
    async with ctx.uow_factory() as uow:
        for booking in await uow.rentals.in_status(RentalState.PAID, limit=BATCH):
            confirmed, event = booking.auto_confirm(at=now, event_id=ctx.event_id())
            if await uow.rentals.update(confirmed, expected=RentalState.PAID):
                await record(uow, [event])
                done += 1
        await uow.commit()
    return done


def notice_event(booking: RentalBooking, name: str, at: datetime, event_id: str) -> DomainEvent:
    """A one-off notice about a rental (no state change): the rental's facts as payload."""
    return DomainEvent(
        name=name,
        event_id=event_id,
        occurred_at=at,
        aggregate_type="rental",
        aggregate_id=booking.id,
        payload={
            "from_state": booking.status.value,
            "to_state": booking.status.value,
            "actor": "system",
            "event": name.removeprefix("rental."),
            "actor_id": None,
            "reason": None,
            "vehicle_id": booking.vehicle_id,
            "customer_id": booking.customer_id,
            "seller_id": booking.seller_id,
            "start_date": booking.period.start.isoformat(),
            "end_date": booking.period.end.isoformat(),
        },
    )


async def _notify(
    ctx: Bookings, now: datetime, notice: RentalNotice, due: Sequence[RentalBooking]
) -> int:
    done = 0
    async with ctx.uow_factory() as uow:
        for booking in due:
            if await uow.rentals.mark_notice(booking.id, notice, now):
                event = notice_event(booking, _NOTICE_EVENTS[notice], now, ctx.event_id())
                await record(uow, [event])
                done += 1
        await uow.commit()
    return done


async def remind_pickups(ctx: Bookings, now: datetime) -> int:
    # Time zones run up to a day ahead of UTC: ask widely, then decide per booking.
    async with ctx.uow_factory() as uow:
        candidates = await uow.rentals.notice_due(
            "pickup_reminder",
            frozenset({RentalState.PAID, RentalState.AKAN_DATANG}),
            start_until=now.date() + timedelta(days=2),
            limit=BATCH * MAX_BATCHES,
        )
    due = [
        b for b in candidates if b.today(now) <= b.period.start <= b.today(now) + timedelta(days=1)
    ]
    return await _notify(ctx, now, "pickup_reminder", due)


async def flag_overdue_rentals(ctx: Bookings, now: datetime) -> int:
    async with ctx.uow_factory() as uow:
        candidates = await uow.rentals.notice_due(
            "overdue",
            frozenset({RentalState.BERJALAN}),
            end_until=now.date() + timedelta(days=1),
            limit=BATCH * MAX_BATCHES,
        )
    # The car comes back on the end date (end exclusive); after that day it is overdue.
    due = [b for b in candidates if b.today(now) > b.period.end]
    return await _notify(ctx, now, "overdue", due)


async def expire_sale_offers(ctx: Bookings, now: datetime) -> int:
    done = 0
    async with ctx.uow_factory() as uow:
        stale = await uow.sale_orders.idle_since(
            frozenset({SaleOrderState.PENDING_CONFIRMATION, SaleOrderState.COUNTERED}),
            now - ctx.policy.offer_ttl,
            limit=BATCH,
        )
        for order in stale:
            declined, event = order.decline(
                at=now, event_id=ctx.event_id(), reason="the offer expired unanswered"
            )
            if await uow.sale_orders.update(declined, expected=order.status):
                await record(uow, [event])
                done += 1
        await uow.commit()
    return done


async def expire_unpaid_sale_orders(ctx: Bookings, now: datetime) -> int:
    done = 0
    async with ctx.uow_factory() as uow:
        unpaid = await uow.sale_orders.idle_since(
            frozenset({SaleOrderState.PENDING_PAYMENT}),
            now - ctx.policy.sale_payment_window,
            limit=BATCH,
        )
        for order in unpaid:
            done += bool(await sale_order_payment_expired(uow, ctx.ids, order_id=order.id, at=now))
        await uow.commit()
    return done


__all__ = [
    "auto_confirm_rentals",
    "expire_rental_holds",
    "expire_sale_offers",
    "expire_unpaid_sale_orders",
    "flag_overdue_rentals",
    "notice_event",
    "remind_pickups",
]
