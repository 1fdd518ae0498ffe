"""Sale order use cases: offer, negotiate, hand over the papers, complete or cancel.

A buyer's offer is checked against the seller's floor for the listing (refused at once, the
floor never disclosed). Accepting checks the vehicle's other orders, and a unique index backs
that check in the database, so two concurrent accepts cannot both win. A cancelled paid order
puts the listing back on the market; a completed one marks it sold. Payments settle orders
through ``bigauto.services.bookings.payment_outcomes``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from bigauto.domain.bookings.lifecycles import SaleDocument, SaleOrderState
from bigauto.domain.bookings.sales import ACCEPTED_STATES, SaleOrder
from bigauto.domain.catalogue.search import Page
from bigauto.domain.catalogue.vehicles import Category
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.errors import MoneyError, PermissionDenied
from bigauto.domain.shared.events import DomainEvent
from bigauto.domain.shared.money import Money
from bigauto.ports.bookings.repositories import DealQuery
from bigauto.ports.unit_of_work import UnitOfWork
from bigauto.services.bookings.context import (
    Bookings,
    commission_policy,
    listing,
    record,
    require_active,
)
from bigauto.services.bookings.sale_vehicle import apply_vehicle_status
from bigauto.services.bookings.transitions import (
    Deals,
    Fire,
    Step,
    find_deal,
    list_deals,
    move_deal,
    party_move,
)


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


async def _rivals(uow: UnitOfWork, order: SaleOrder) -> Sequence[SaleOrder]:
    return await uow.sale_orders.of_vehicle(order.vehicle_id, ACCEPTED_STATES)


async def _listing_follows(
    uow: UnitOfWork, before: SaleOrder, after: SaleOrder, _: datetime
) -> None:
    await apply_vehicle_status(uow, after.vehicle_id, before.status, after.status)


SALE_ORDERS: Deals[SaleOrder] = Deals(
    "sale order",
    lambda uow: uow.sale_orders,
    "the order changed meanwhile; load it again",
    rivals=_rivals,
    then=_listing_follows,
)


async def get_order(
    ctx: Bookings, *, order_id: str, user_id: str, is_admin: bool = False
) -> SaleOrder:
    """One order, for its buyer, its seller or an admin; NotFound for anyone else."""
    return await find_deal(ctx, SALE_ORDERS, order_id, user_id=user_id, is_admin=is_admin)


async def list_orders(ctx: Bookings, query: DealQuery[SaleOrderState]) -> Page[SaleOrder]:
    """The user's orders ``query`` asks for (as customer and/or seller), newest first."""
    return await list_deals(ctx, SALE_ORDERS, query)


class _Agree(Protocol):
    """``SaleOrder.accept`` or ``SaleOrder.accept_counter``: a party agrees to the price on the
    table, unless another order for the vehicle got there first."""

    def __call__(
        self,
        order: SaleOrder,
        /,
        *,
        actor_id: str,
        at: datetime,
        event_id: str,
        competing: Iterable[SaleOrder] = ...,
    ) -> tuple[SaleOrder, DomainEvent]: ...


async def _move(
    ctx: Bookings, order_id: str, user_id: str, fire: Fire[SaleOrder], *, is_admin: bool = False
) -> SaleOrder:
    return await move_deal(ctx, SALE_ORDERS, order_id, fire, user_id=user_id, is_admin=is_admin)


def _agreeing(user_id: str, agree: _Agree) -> Fire[SaleOrder]:
    """Fire ``agree`` (taking the offer or the counter-offer) against the vehicle's other
    orders, so that only the first agreed price on a vehicle wins."""
    return lambda o, step: agree(
        o, actor_id=user_id, at=step.at, event_id=step.event_id, competing=step.rivals
    )


async def accept(ctx: Bookings, *, order_id: str, user_id: str) -> SaleOrder:
    """The seller takes the buyer's offer (``pending_payment``, price snapshotted)."""
    return await _move(ctx, order_id, user_id, _agreeing(user_id, SaleOrder.accept))


async def reject(
    ctx: Bookings, *, order_id: str, user_id: str, reason: str | None = None
) -> SaleOrder:
    """The seller turns the offer down."""
    return await _move(
        ctx,
        order_id,
        user_id,
        lambda o, step: o.reject(
            actor_id=user_id, at=step.at, event_id=step.event_id, reason=reason
        ),
    )


async def counter(ctx: Bookings, *, order_id: str, user_id: str, price: int) -> SaleOrder:
    """The seller answers with ``price``; each counter uses up a round."""
    return await _move(
        ctx,
        order_id,
        user_id,
        lambda o, step: o.counter(
            price=Money(price, o.offer_price.currency),
            actor_id=user_id,
            at=step.at,
            event_id=step.event_id,
        ),
    )


async def accept_counter(ctx: Bookings, *, order_id: str, user_id: str) -> SaleOrder:
    """The buyer takes the seller's counter-offer."""
    return await _move(ctx, order_id, user_id, _agreeing(user_id, SaleOrder.accept_counter))


async def cancel(
    ctx: Bookings,
    *,
    order_id: str,
    user_id: str,
    is_admin: bool = False,
    reason: str | None = None,
) -> SaleOrder:
    """Either side before payment; after it the seller or an admin, refunding in full."""

    def fire(o: SaleOrder, step: Step[SaleOrder]) -> tuple[SaleOrder, DomainEvent]:
        actor = o.role_of(user_id, is_admin=is_admin)
        return o.cancel(
            actor=actor, actor_id=user_id, at=step.at, event_id=step.event_id, reason=reason
        )

    return await _move(ctx, order_id, user_id, fire, is_admin=is_admin)


async def start_documents(ctx: Bookings, *, order_id: str, user_id: str) -> SaleOrder:
    """The seller starts handing over the papers (``paid → document_processing``)."""
    return await party_move(ctx, SALE_ORDERS, order_id, user_id, SaleOrder.start_documents)


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
    wanted = [doc for doc, flag in documents.items() if flag]

    def fire(o: SaleOrder, step: Step[SaleOrder]) -> tuple[SaleOrder, DomainEvent | None]:
        actor = _acting(o, user_id, is_admin)
        return o.mark_documents(
            wanted, actor=actor, actor_id=user_id, at=step.at, event_id=step.event_id
        )

    return await _move(ctx, order_id, user_id, fire, is_admin=is_admin)


async def complete(
    ctx: Bookings, *, order_id: str, user_id: str, is_admin: bool = False
) -> SaleOrder:
    """Close the sale (all four documents transferred); the listing is marked sold."""

    def fire(o: SaleOrder, step: Step[SaleOrder]) -> tuple[SaleOrder, DomainEvent]:
        actor = _acting(o, user_id, is_admin)
        return o.complete(actor=actor, actor_id=user_id, at=step.at, event_id=step.event_id)

    return await _move(ctx, order_id, user_id, fire, is_admin=is_admin)


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
    "SALE_ORDERS",
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
