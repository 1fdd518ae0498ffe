"""The use cases every deal shares: show one, list one's own, move one through its lifecycle.

Rentals, sale orders and test drives are moved the same way. In one unit of work: load the
deal; if the caller may not see it (``visible_to``: a party, or an admin where the use case
allows admins), it does not exist; fire one lifecycle event, the domain checking who may fire
it; store the moved deal only if nobody moved it meanwhile (compare-and-set on the status);
apply what else the move changes; put the event in the outbox; commit.

A :class:`Deals` says where one sort of deal is kept and what its moves need besides the
deal; each use case module then says only which event it fires, as a :data:`Fire`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

import attrs

from bigauto.domain.bookings.deals import Deal, visible_to
from bigauto.domain.catalogue.search import Page
from bigauto.domain.shared.errors import Conflict
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.bookings.repositories import DealQuery
from bigauto.ports.unit_of_work import UnitOfWork
from bigauto.services.bookings.context import Bookings, hidden, record


class StoredDeal(Deal, Protocol):
    """A deal as its repository keeps it: updates compare and set on its ``status``."""

    @property
    def status(self) -> Any: ...


D = TypeVar("D", bound=StoredDeal)


class DealStore(Protocol[D]):
    """What the shared use cases need of a deal's repository (rentals, orders, drives)."""

    async def get(self, deal_id: str, /) -> D | None: ...

    async def update(self, deal: D, /, *, expected: Any) -> bool: ...

    async def list_for(self, query: DealQuery[Any], /) -> Page[D]: ...


@attrs.frozen
class Step(Generic[D]):
    """What a move is given besides the deal: when it happens, its event's id, and the other
    deals it must not contradict (a sale order's rivals for the same vehicle)."""

    at: datetime
    event_id: str
    rivals: tuple[D, ...] = ()


#: One lifecycle move: the moved deal and its event, or no event when nothing changed.
Fire = Callable[[D, Step[D]], tuple[D, DomainEvent | None]]


@attrs.frozen
class Deals(Generic[D]):
    """Where one sort of deal is kept, and what its moves need or change besides the deal."""

    #: How a refusal names it: ``no sale order 0192...``.
    name: str
    store: Callable[[UnitOfWork], DealStore[D]]
    #: The Conflict's message when another move got there first.
    changed_meanwhile: str
    rivals: Callable[[UnitOfWork, D], Awaitable[Sequence[D]]] | None = None
    #: Run after a stored move with the deal before and after it (free dates, list a car).
    then: Callable[[UnitOfWork, D, D, datetime], Awaitable[None]] | None = None


def _seen(deals: Deals[D], deal_id: str, deal: D | None, user_id: str, is_admin: bool) -> D:
    if deal is None or not visible_to(deal, user_id, is_admin=is_admin):
        raise hidden(deals.name, deal_id)
    return deal


async def find_deal(
    ctx: Bookings, deals: Deals[D], deal_id: str, *, user_id: str, is_admin: bool = False
) -> D:
    """One deal, for its parties or an admin; NotFound for anyone else."""
    async with ctx.uow_factory() as uow:
        deal = await deals.store(uow).get(deal_id)
    return _seen(deals, deal_id, deal, user_id, is_admin)


async def list_deals(ctx: Bookings, deals: Deals[D], query: DealQuery[Any]) -> Page[D]:
    """The deals of this sort ``query`` asks for, newest first."""
    async with ctx.uow_factory() as uow:
        return await deals.store(uow).list_for(query)


async def move_deal(
    ctx: Bookings,
    deals: Deals[D],
    deal_id: str,
    fire: Fire[D],
    *,
    user_id: str,
    is_admin: bool = False,
) -> D:
    """Fire one lifecycle event on the deal for ``user_id`` (see the module doc)."""
    at = ctx.clock.now()
    async with ctx.uow_factory() as uow:
        store = deals.store(uow)
        deal = _seen(deals, deal_id, await store.get(deal_id), user_id, is_admin)
        rivals = tuple(await deals.rivals(uow, deal)) if deals.rivals is not None else ()
        moved, event = fire(deal, Step(at, ctx.event_id(), rivals))
        if event is None:
            return moved
        if not await store.update(moved, expected=deal.status):
            raise Conflict(deals.changed_meanwhile, details={"id": deal_id})
        if deals.then is not None:
            await deals.then(uow, deal, moved, at)
        await record(uow, [event])
        await uow.commit()
    return moved


async def party_move(
    ctx: Bookings,
    deals: Deals[D],
    deal_id: str,
    user_id: str,
    method: Callable[..., tuple[D, DomainEvent | None]],
) -> D:
    """A move a party makes with nothing to add, as the lifecycle method ``method`` (such as
    ``RentalBooking.confirm``) takes it: who, when and the event's id."""
    return await move_deal(
        ctx,
        deals,
        deal_id,
        lambda deal, step: method(deal, actor_id=user_id, at=step.at, event_id=step.event_id),
        user_id=user_id,
    )


__all__ = [
    "DealStore",
    "Deals",
    "Fire",
    "Step",
    "StoredDeal",
    "find_deal",
    "list_deals",
    "move_deal",
    "party_move",
]
