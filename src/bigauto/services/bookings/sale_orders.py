"""Sale order use cases: offer, negotiate, hand over the papers, complete or cancel.

A buyer's offer is checked against the seller's floor for the listing (refused at once, the
floor never disclosed). Accepting checks the vehicle's other orders, and a unique index backs
that check in the database, so two concurrent accepts cannot both win. A cancelled paid order
puts the listing back on the market; a completed one marks it sold. Payments settle orders
through ``bigauto.services.payments.settlement``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bigauto.domain.bookings.lifecycles import SaleDocument, SaleOrderState
from bigauto.domain.bookings.sales import ACCEPTED_STATES, SaleOrder
from bigauto.domain.catalogue.search import Page
from bigauto.domain.catalogue.vehicles import Category
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.errors import Conflict, MoneyError, PermissionDenied
from bigauto.domain.shared.events import DomainEvent
from bigauto.domain.shared.money import Money
from bigauto.ports.bookings.repositories import Side
from bigauto.services.bookings.context import (
    Bookings,
    commission_policy,
    hidden,
    listing,
    record,
    require_active,
)
from bigauto.services.bookings.sale_vehicle import apply_vehicle_status


async def offer(ctx: Bookings, *, buyer_id: str, vehicle_id: str, offer_price: int) -> SaleOrder:
    """A buyer offers ``offer_price`` for a sale listing (``pending_confirmation``)."""
    now = ctx.clock.now()
    async with ctx.uow_factory() as uow:
        vehicle = await listing(uow, vehicle_id, Category.SALE)
        require_active(vehicle)
        assert vehicle.price is not None, "a sale listing has a price"
        order, event = SaleOrder.offer(
            order_id=ctx.ids.new_id(),
            vehicle_id=vehicle_id,
            buyer_id=buyer_id,
            seller_id=vehicle.seller_id,
            price=Money(offer_price, vehicle.price.currency),
            asking_price=vehicle.price,
            commission=await commission_policy(uow, ctx.policy.default_commission_rate),
            now=now,
            event_id=ctx.event_id(),
            floor=await uow.seller_settings.sale_floor(vehicle_id),
            max_rounds=ctx.policy.sale_max_rounds,
        )
        await uow.sale_orders.add(order)
        await record(uow, [event])
        await uow.commit()
    return order


async def get_order(
    ctx: Bookings, *, order_id: str, user_id: str, is_admin: bool = False
) -> SaleOrder:
    """One order, for its buyer, its seller or an admin; NotFound for anyone else."""
    async with ctx.uow_factory() as uow:
        order = await uow.sale_orders.get(order_id)
    if order is None or not (is_admin or user_id in (order.buyer_id, order.seller_id)):
        raise hidden("sale order", order_id)
    return order


async def list_orders(
    ctx: Bookings,
    *,
    user_id: str,
    side: Side = None,
    status: SaleOrderState | None = None,
    page: int = 1,
    limit: int = 20,
) -> Page[SaleOrder]:
    """The user's orders as buyer and/or seller, newest first."""
    async with ctx.uow_factory() as uow:
        return await uow.sale_orders.list_for(
            user_id, side=side, status=status, page=page, limit=limit
        )


Move = Callable[[SaleOrder, list[SaleOrder], str], tuple[SaleOrder, DomainEvent | None]]


async def _move(
    ctx: Bookings, order_id: str, user_id: str, is_admin: bool, move: Move
) -> SaleOrder:
    async with ctx.uow_factory() as uow:
        order = await uow.sale_orders.get(order_id)
        if order is None or not (is_admin or user_id in (order.buyer_id, order.seller_id)):
            raise hidden("sale order", order_id)
        competing = list(await uow.sale_orders.of_vehicle(order.vehicle_id, ACCEPTED_STATES))
        moved, event = move(order, competing, ctx.event_id())
        if event is None:
            return moved
        if not await uow.sale_orders.update(moved, expected=order.status):
            raise Conflict("the order changed meanwhile; load it again", details={"id": order_id})
        await apply_vehicle_status(uow, order.vehicle_id, order.status, moved.status)
        await record(uow, [event])
        await uow.commit()
    return moved


async def accept(ctx: Bookings, *, order_id: str, user_id: str) -> SaleOrder:
    """The seller takes the buyer's offer (``pending_payment``, price snapshotted)."""
    now = ctx.clock.now()
    return await _move(
        ctx,
        order_id,
        user_id,
        False,
        lambda o, c, eid: o.accept(actor_id=user_id, at=now, event_id=eid, competing=c),
    )


async def reject(
    ctx: Bookings, *, order_id: str, user_id: str, reason: str | None = None
) -> SaleOrder:
    """The seller turns the offer down."""
    now = ctx.clock.now()
    return await _move(
        ctx,
        order_id,
        user_id,
        False,
        lambda o, c, eid: o.reject(actor_id=user_id, at=now, event_id=eid, reason=reason),
    )


async def counter(ctx: Bookings, *, order_id: str, user_id: str, price: int) -> SaleOrder:
    """The seller answers with ``price``; each counter uses up a round."""
    now = ctx.clock.now()
    return await _move(
        ctx,
        order_id,
        user_id,
        False,
        lambda o, c, eid: o.counter(
            price=Money(price, o.offer_price.currency), actor_id=user_id, at=now, event_id=eid
        ),
    )


async def accept_counter(ctx: Bookings, *, order_id: str, user_id: str) -> SaleOrder:
    """The buyer takes the seller's counter-offer."""
    now = ctx.clock.now()
    return await _move(
        ctx,
        order_id,
        user_id,
        False,
        lambda o, c, eid: o.accept_counter(actor_id=user_id, at=now, event_id=eid, competing=c),
    )


async def cancel(
    ctx: Bookings,
    *,
    order_id: str,
    user_id: str,
    is_admin: bool = False,
    reason: str | None = None,
) -> SaleOrder:
    """Either side before payment; after it the seller or an admin, refunding in full."""
    now = ctx.clock.now()

    def move(o: SaleOrder, _: list[SaleOrder], eid: str) -> tuple[SaleOrder, DomainEvent]:
        actor = o.role_of(user_id, is_admin=is_admin)
        return o.cancel(actor=actor, actor_id=user_id, at=now, event_id=eid, reason=reason)

    return await _move(ctx, order_id, user_id, is_admin, move)


async def start_documents(ctx: Bookings, *, order_id: str, user_id: str) -> SaleOrder:
    """The seller starts handing over the papers (``paid → document_processing``)."""
    now = ctx.clock.now()
    return await _move(
        ctx,
        order_id,
        user_id,
        False,
        lambda o, c, eid: o.start_documents(actor_id=user_id, at=now, event_id=eid),
    )


def _acting(order: SaleOrder, user_id: str, is_admin: bool) -> Actor:
    actor = order.role_of(user_id, is_admin=is_admin)
    if actor is Actor.CUSTOMER:
        raise PermissionDenied("only the seller or an admin records documents", details={})
    return actor


async def mark_documents(
    ctx: Bookings,
    *,
    order_id: str,
    user_id: str,
    documents: Mapping[SaleDocument, bool],
    is_admin: bool = False,
) -> SaleOrder:
    """Record the documents flagged true as transferred (who and when); false flags are
    ignored: a handed-over paper cannot be taken back."""
    now = ctx.clock.now()
    wanted = [doc for doc, flag in documents.items() if flag]

    def move(o: SaleOrder, _: list[SaleOrder], eid: str) -> tuple[SaleOrder, DomainEvent | None]:
        actor = _acting(o, user_id, is_admin)
        return o.mark_documents(wanted, actor=actor, actor_id=user_id, at=now, event_id=eid)

    return await _move(ctx, order_id, user_id, is_admin, move)


async def complete(
    ctx: Bookings, *, order_id: str, user_id: str, is_admin: bool = False
) -> SaleOrder:
    """Close the sale (all four documents transferred); the listing is marked sold."""
    now = ctx.clock.now()

    def move(o: SaleOrder, _: list[SaleOrder], eid: str) -> tuple[SaleOrder, DomainEvent]:
        actor = _acting(o, user_id, is_admin)
        return o.complete(actor=actor, actor_id=user_id, at=now, event_id=eid)

    return await _move(ctx, order_id, user_id, is_admin, move)


async def set_sale_floor(
    ctx: Bookings, *, user_id: str, vehicle_id: str, floor_price: int | None
) -> None:
    """The seller's lowest acceptable offer for their sale listing (None removes it)."""
    async with ctx.uow_factory() as uow:
        vehicle = await listing(uow, vehicle_id, Category.SALE, viewer_id=user_id)
        if not vehicle.owned_by(user_id):
            raise PermissionDenied("only the seller sets a floor price", details={})
        assert vehicle.price is not None
        floor = None if floor_price is None else Money(floor_price, vehicle.price.currency)
        if floor is not None and floor.amount <= 0:
            raise MoneyError("a floor price is a positive amount", details={"floor_price": None})
        await uow.seller_settings.set_sale_floor(vehicle_id, floor)
        await uow.commit()


__all__ = [
    "accept",
    "accept_counter",
    "cancel",
    "complete",
    "counter",
    "get_order",
    "list_orders",
    "mark_documents",
    "offer",
    "reject",
    "set_sale_floor",
    "start_documents",
]
